// carecast optimise --robust N: the verified allocations scored again across N draws
// of the scenario's declared assumptions (on the twin, each draw alike for every
// allocation), so a planner sees whether the chosen use of the money stays the best
// when the assumptions move, or only under the central values.
#pragma once

#include <carecast/batch/optimiser.hpp>

#include <string>
#include <vector>

namespace carecast::batch {

struct RobustCandidate {
    std::string label;
    double chance_best = 0;     // share of the draws in which it does best (ties shared)
    double expected_regret = 0; // mean, over draws, of how far it falls short of that
                                // draw's best, in the goal's units
    double mean = 0;            // the goal's mean over the draws
    double p5 = 0;
    double p95 = 0;
};

struct RobustScore {
    int draws = 0;
    std::vector<RobustCandidate> candidates; // as decision.verified
    std::size_t least_regret = 0;
    // The chosen allocation has the least expected regret of those verified.
    bool survives = false;
};

// Objectives only (a target asks for a budget, not a choice). Throws
// std::invalid_argument where the scenario declares no uncertain parameter.
RobustScore score_robustly(const OptimiseJob& job, const Decision& decision, int draws);

} // namespace carecast::batch
