// The Optimise tab's work, off the GUI thread: the optimiser's search, its verifying
// ensembles and, when asked, the frontier over budgets. Cancel stops it between runs.
#pragma once

#include "background_job.hpp"

#include <carecast/batch/optimiser.hpp>

#include <string>
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

// Starts a new optimisation (cancelling one in progress). frontier_steps > 0 also
// verifies the best use at that many budgets from 0 to job.budget.
class OptimiseController : public BackgroundJob<OptimiseOutcome> {
  public:
    void start(batch::OptimiseJob job, int frontier_steps);
};

} // namespace carecast::gui
