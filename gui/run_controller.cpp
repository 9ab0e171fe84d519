#include "run_controller.hpp"

#include <carecast/sim/simulation.hpp>

#include <chrono>

namespace carecast::gui {

RunController::~RunController() {
    cancel();
    join();
}

void RunController::join() {
    if (worker_.joinable()) {
        worker_.join();
    }
}

void RunController::cancel() {
    cancel_.store(true);
}

float RunController::progress() const {
    return static_cast<float>(months_done_.load()) / static_cast<float>(months_total_.load());
}

std::string RunController::error() const {
    std::lock_guard lock(mutex_);
    return error_;
}

std::shared_ptr<const Ensemble> RunController::latest() const {
    std::lock_guard lock(mutex_);
    return latest_;
}

void RunController::start(const model::Scenario& scenario, int replicates, int threads) {
    cancel();
    join();
    cancel_.store(false);
    running_.store(true);
    {
        std::lock_guard lock(mutex_);
        error_.clear();
    }
    months_done_.store(0);
    months_total_.store(std::max(1, scenario.horizon_months * replicates));
    worker_ = std::thread([this, scenario, replicates, threads] {
        const auto started = std::chrono::steady_clock::now();
        auto ensemble = std::make_shared<Ensemble>();
        ensemble->scenario = scenario;
        sim::RunCallbacks callbacks;
        callbacks.cancel = &cancel_;
        callbacks.on_month = [this](int, int) { months_done_.fetch_add(1); };
        // An exception must not leave this thread (that would end the program): it
        // becomes the run's error, shown in the window.
        try {
            for (int r = 0; r < replicates && !cancel_.load(); ++r) {
                sim::Results results =
                    sim::run(scenario, {threads, static_cast<std::uint32_t>(r)}, callbacks);
                if (results.cancelled) {
                    break;
                }
                ensemble->replicates.push_back(std::move(results));
            }
        } catch (const std::exception& e) {
            std::lock_guard lock(mutex_);
            error_ = e.what();
            running_.store(false);
            return;
        }
        ensemble->wall_seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (!cancel_.load() && static_cast<int>(ensemble->replicates.size()) == replicates) {
            std::lock_guard lock(mutex_);
            latest_ = std::move(ensemble);
        }
        running_.store(false);
    });
}

} // namespace carecast::gui
