#include "optimise_controller.hpp"

#include <carecast/model/goal.hpp>

namespace carecast::gui {

void OptimiseController::start(batch::OptimiseJob job, int frontier_steps) {
    BackgroundJob::start(
        [job = std::move(job),
         frontier_steps](const std::atomic<bool>& stop,
                         const auto& progress) mutable -> std::shared_ptr<const OptimiseOutcome> {
            job.stop = &stop;
            job.progress = progress;
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
            return outcome->decision.stopped ? nullptr : outcome;
        });
}

} // namespace carecast::gui
