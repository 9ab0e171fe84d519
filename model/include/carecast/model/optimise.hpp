// The best use of a training budget, searched on the twin: funded places per
// programme (whole places, each within its programme's limit) for an objective, or the
// cheapest allocation that meets a target. NLopt does the continuous search (a global
// method, then a local one, the budget as a constraint); whole places are then found
// around its answer. The twin is an approximation: the front end verifies the best
// candidates with agent-based ensembles and chooses by them.
#pragma once

#include <carecast/model/goal.hpp>
#include <carecast/model/scenario.hpp>

#include <cstdint>
#include <functional>
#include <vector>

namespace carecast::model {

struct Allocation {
    std::vector<double> places; // funded places a year, per programme (whole numbers)
    double cost = 0;            // GBP a year
    double twin_value = 0;      // the goal's value on the twin
};

// The base scenario with exactly these funded places bought each year (the budget set
// to their cost, so nothing is left over).
Scenario with_allocation(const Scenario& base, const std::vector<double>& places);
// What the scenario's priority order buys with `budget` today, as an allocation.
std::vector<double> priority_split(const Scenario& base, double budget);
// Allocation cost in GBP a year.
double allocation_cost(const Scenario& base, const std::vector<double>& places);

struct SearchOptions {
    double budget = 0;
    std::size_t candidates = 3;   // distinct allocations to return, best first
    int global_evaluations = 150; // twin projections for the global search
    int local_evaluations = 100;  // and for the local one
    std::uint64_t seed = 1;       // NLopt's stochastic global method
    // Runs body(i) for i in [0, count), in any order, at once if it likes: the batch
    // layer gives its threads (the model has none). Only twin projections of a round's
    // candidates run in it, so the answer is the same however it runs. Unset: in turn.
    std::function<void(std::size_t, const std::function<void(std::size_t)>&)> for_each;
};

struct Search {
    std::vector<Allocation> candidates; // best first on the twin
    int evaluations = 0;
};

// The allocations of at most `budget` a year that best serve the objective, on the twin.
Search best_use(const Scenario& base, const Goal& objective, const SearchOptions& options);

// The goal's value on the twin with these places funded.
double twin_value(const Scenario& base, const Goal& goal, const std::vector<double>& places);

// The most places each programme can take a year within `budget`.
std::vector<double> place_limits(const Scenario& base, double budget);

} // namespace carecast::model
