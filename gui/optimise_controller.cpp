#include "optimise_controller.hpp"

#include <carecast/model/goal.hpp>

#include <fmt/format.h>

namespace carecast::gui {

OptimiseController::~OptimiseController() {
    cancel();
    join();
}

void OptimiseController::join() {
    if (thread_.joinable()) {
        thread_.join();
    }
}

void OptimiseController::cancel() {
    cancel_.store(true);
}

void OptimiseController::start(batch::OptimiseJob job, int frontier_steps) {
    cancel();
    join(); // the previous one stops between ensemble runs
    cancel_.store(false);
    running_.store(true);
    {
        const std::lock_guard lock(mutex_);
        error_.clear();
        progress_ = "starting";
    }
    job.stop = &cancel_;
    job.progress = [this](const std::string& text) {
        const std::lock_guard lock(mutex_);
        progress_ = text;
        while (!progress_.empty() && progress_.back() == '\n') {
            progress_.pop_back();
        }
    };
    thread_ = std::thread([this, job, frontier_steps] {
        try {
            auto outcome = std::make_shared<OptimiseOutcome>();
            outcome->goal_text = job.goal.text;
            outcome->target = job.goal.threshold.has_value();
            outcome->rate = job.goal.metric == model::GoalMetric::VacancyRate ||
                            job.goal.metric == model::GoalMetric::InternalFillShare;
            outcome->decision = outcome->target ? batch::least_budget(job) : batch::best_use(job);
            std::vector<double> budgets;
            for (int k = 0; k <= frontier_steps && !outcome->target && frontier_steps > 0; ++k) {
                budgets.push_back(job.budget * k / frontier_steps);
            }
            for (const auto& point : batch::frontier(job, budgets).points) {
                outcome->frontier.push_back({point.budget, point.best.mean, point.priority_mean});
            }
            if (!cancel_.load() && !outcome->decision.stopped) {
                const std::lock_guard lock(mutex_);
                outcome_ = std::move(outcome);
                progress_ = "done";
            } else {
                const std::lock_guard lock(mutex_);
                progress_ = "cancelled";
            }
        } catch (const std::exception& e) {
            const std::lock_guard lock(mutex_);
            error_ = e.what();
        }
        running_.store(false);
    });
}

std::string OptimiseController::progress() const {
    const std::lock_guard lock(mutex_);
    return progress_;
}

std::shared_ptr<const OptimiseOutcome> OptimiseController::outcome() const {
    const std::lock_guard lock(mutex_);
    return outcome_;
}

std::string OptimiseController::error() const {
    const std::lock_guard lock(mutex_);
    return error_;
}

} // namespace carecast::gui
