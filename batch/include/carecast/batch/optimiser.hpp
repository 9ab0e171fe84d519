// carecast optimise, as a library: search on the twin (model::best_use), then verify
// the best candidates and the priority-order split of the same money with agent-based
// ensembles under common random numbers (every candidate runs replicates 0..R-1, so
// differences are paired), and choose by the ensembles. Prints nothing itself.
#pragma once

#include <carecast/model/goal.hpp>
#include <carecast/model/optimise.hpp>
#include <carecast/model/valid_scenario.hpp>
#include <carecast/sim/results.hpp>

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace carecast::batch {

// The goal's value in one agent-based run.
double measure(const model::Goal& goal, const model::Scenario& scenario,
               const sim::Results& results);

struct Verified {
    model::Allocation allocation;
    std::string label;          // "optimised", "candidate 2", "priority order"
    std::vector<double> values; // per replicate
    double mean = 0;
    double p5 = 0;
    double p95 = 0;
    // Paired against the priority-order split of the same money: mean and 95% interval.
    double difference = 0;
    double difference_low = 0;
    double difference_high = 0;
};

struct OptimiseJob {
    model::ValidScenario base;
    model::Goal goal;           // an objective, or a target (goal.threshold set)
    double budget = 0;          // objectives: GBP a year to spend
    int replicates = 10;        // per verified allocation
    std::size_t candidates = 3; // verified besides the priority split
    int threads = 1;
    const std::atomic<bool>* stop = nullptr;
    std::function<void(const std::string&)> progress;
};

struct Decision {
    double budget = 0;              // spent at most (objectives) or found (targets)
    std::vector<Verified> verified; // the priority split first, then the candidates
    std::size_t chosen = 0;         // index into verified
    int twin_evaluations = 0;
    bool feasible = true;      // targets: some allocation within the limits meets it
    double best_reachable = 0; // targets: the twin's best value at the largest budget
    bool stopped = false;
};

// What the verification says of the chosen allocation against the priority order:
// that order was itself the best tried; the difference is within what chance alone
// gives (its 95% interval spans zero); or it is clear.
enum class Verdict { PriorityBest, NoClearDifference, ClearDifference };
Verdict verdict(const Decision& decision);

// The best use of job.budget for an objective.
Decision best_use(const OptimiseJob& job);
// The cheapest allocation whose verified mean meets job.goal's target.
Decision least_budget(const OptimiseJob& job);

// The best verified value of job.goal (as an objective) at each budget, beside the
// priority-order split of the same money: the frontier. Cut short when stopped.
struct FrontierPoint {
    double budget = 0;
    Verified best;
    double priority_mean = 0;
};
struct Frontier {
    std::vector<FrontierPoint> points;
    bool stopped = false;
};
Frontier frontier(const OptimiseJob& job, const std::vector<double>& budgets);

} // namespace carecast::batch
