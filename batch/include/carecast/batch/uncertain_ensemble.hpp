// Bands that include the assumptions (carecast run --uncertainty N): N parameter sets
// drawn from a scenario's declared ranges (a space-filling design), each run with the
// same replicates (common random numbers: replicate r draws alike in every set), and
// how much of an output's spread is the assumptions' and how much is chance.
#pragma once

#include <carecast/batch/ensemble.hpp>
#include <carecast/model/goal.hpp>
#include <carecast/model/scenario_edit.hpp>
#include <carecast/model/valid_scenario.hpp>

#include <string>
#include <vector>

namespace carecast::batch {

// One drawn parameter set: the declared inputs' values, in declaration order.
struct ParameterSet {
    std::vector<model::Edit> values;
};

// `count` parameter sets from the scenario's declared ranges (Sobol' points through each
// range's distribution); sets that repeat one another (every range of zero width) are
// kept once. Throws std::invalid_argument where the scenario declares no range.
std::vector<ParameterSet> draw_parameter_sets(const model::Scenario& scenario, int count);

// The scenario with a set's values, through the one door for edits.
model::ValidScenario with_parameters(const model::ValidScenario& base, const ParameterSet& set);

// Runs every set with the options' replicates; results set-major (set s, replicate r at
// s * replicates + r). Empty if cancelled.
std::vector<sim::Results> run_parameter_sets(const model::ValidScenario& base,
                                             const std::vector<ParameterSet>& sets,
                                             const EnsembleOptions& options);

// An output's spread split by the law of total variance: the variance of the sets'
// means (the assumptions) and the mean variance across replicates within a set (chance).
struct SpreadSources {
    double mean = 0;
    double p5 = 0;
    double p95 = 0;
    double chance_p5 = 0; // P5-P95 of the first set's replicates: the band chance alone gives
    double chance_p95 = 0;
    double assumptions_variance = 0;
    double chance_variance = 0;
    double assumptions_share() const {
        const double total = assumptions_variance + chance_variance;
        return total > 0 ? assumptions_variance / total : 0;
    }
};
// `values` set-major as the results are.
SpreadSources spread_sources(const std::vector<double>& values, int replicates);

} // namespace carecast::batch
