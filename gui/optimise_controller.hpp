// The Optimise tab's work, off the GUI thread: the optimiser's search, its verifying
// ensembles and, when asked, the frontier over budgets. Cancel stops it between runs.
#pragma once

#include <carecast/batch/optimiser.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace carecast::gui {

struct FrontierPoint {
    double budget = 0;
    double best = 0;     // the verified best value at this budget
    double priority = 0; // the priority-order split of the same money
};

struct OptimiseOutcome {
    batch::Decision decision;
    std::vector<FrontierPoint> frontier;
    std::string goal_text;
    bool target = false;
    bool rate = false; // a rate (shown in percent, differences in points), or a count
};

class OptimiseController {
  public:
    OptimiseController() = default;
    ~OptimiseController();
    OptimiseController(const OptimiseController&) = delete;
    OptimiseController& operator=(const OptimiseController&) = delete;

    // Starts a new optimisation (cancelling one in progress). frontier_steps > 0 also
    // verifies the best use at that many budgets from 0 to job.budget.
    void start(batch::OptimiseJob job, int frontier_steps);
    void cancel();
    bool running() const { return running_.load(); }
    std::string progress() const;
    std::shared_ptr<const OptimiseOutcome> outcome() const;
    std::string error() const;

  private:
    void join();
    std::thread thread_;
    std::atomic<bool> running_{false};
    std::atomic<bool> cancel_{false};
    mutable std::mutex mutex_;
    std::string progress_;
    std::string error_;
    std::shared_ptr<const OptimiseOutcome> outcome_;
};

} // namespace carecast::gui
