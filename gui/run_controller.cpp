#include "run_controller.hpp"

#include <carecast/batch/ensemble.hpp>

#include <carecast/sim/simulation.hpp>

#include <chrono>

namespace carecast::gui {

RunController::~RunController() {
    cancel();
    if (job_) {
        cancelled_.push_back(job_);
    }
    reap(true);
}

void RunController::reap(bool wait) {
    for (auto it = cancelled_.begin(); it != cancelled_.end();) {
        if (wait || (*it)->done.load()) {
            if ((*it)->thread.joinable()) {
                (*it)->thread.join();
            }
            it = cancelled_.erase(it);
        } else {
            ++it;
        }
    }
}

void RunController::cancel() {
    if (job_) {
        job_->cancel.store(true);
    }
}

float RunController::progress() const {
    if (!job_) {
        return 0;
    }
    return static_cast<float>(job_->months_done.load()) / static_cast<float>(job_->months_total);
}

std::string RunController::error() const {
    std::lock_guard lock(mutex_);
    return error_;
}

std::shared_ptr<const Ensemble> RunController::latest() const {
    std::lock_guard lock(mutex_);
    return latest_;
}

void RunController::start(std::vector<model::ValidScenario> scenarios, int replicates, int threads,
                          std::uint64_t generation) {
    if (job_) {
        job_->cancel.store(true);
        cancelled_.push_back(job_); // joined later, once it has stopped
    }
    reap(false);
    {
        std::lock_guard lock(mutex_);
        error_.clear();
    }
    auto job = std::make_shared<Job>();
    const int runs = replicates * static_cast<int>(scenarios.size());
    job->months_total = std::max(1, scenarios.front()->horizon_months * runs);
    job_ = job;
    job->thread = std::thread([this, job, scenarios, replicates, threads, generation, runs] {
        const auto started = std::chrono::steady_clock::now();
        auto ensemble = std::make_shared<Ensemble>();
        ensemble->scenario = *scenarios.front();
        ensemble->generation = generation;
        ensemble->parameter_sets = static_cast<int>(scenarios.size());
        // The batch layer's ensemble: replicates side by side on the threads, each set
        // with replicates 0..R-1 (common random numbers across sets).
        batch::EnsembleOptions options;
        options.replicates = replicates;
        options.threads = threads;
        options.cancel = &job->cancel;
        options.months_done = &job->months_done;
        // An exception must not leave this thread (that would end the program): it
        // becomes the run's error, shown in the window.
        try {
            for (const auto& scenario : scenarios) {
                auto results = batch::run_replicates(scenario, options);
                if (results.empty() || job->cancel.load()) {
                    break;
                }
                for (auto& r : results) {
                    ensemble->replicates.push_back(std::move(r));
                }
            }
        } catch (const std::exception& e) {
            if (!job->cancel.load()) {
                std::lock_guard lock(mutex_);
                error_ = e.what();
            }
            job->done.store(true);
            return;
        }
        ensemble->wall_seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (!job->cancel.load() && static_cast<int>(ensemble->replicates.size()) == runs) {
            std::lock_guard lock(mutex_);
            latest_ = std::move(ensemble);
        }
        job->done.store(true);
    });
}

} // namespace carecast::gui
