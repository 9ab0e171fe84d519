// Declared uncertainty (a scenario's [[uncertainty]] tables): the plausible values of a
// parameter, turned into values a sensitivity analysis or an assumption-inclusive band
// draws from points of the unit interval.
#pragma once

#include <carecast/model/scenario.hpp>

#include <optional>
#include <string>
#include <vector>

namespace carecast::model {

const char* to_string(Distribution distribution);

// A declaration in the scenario's units: bounds (and mode, sd) as values of the
// parameter, the relative ones multiplied by its value now.
struct ParameterRange {
    std::string key;
    Distribution distribution = Distribution::Uniform;
    double value = 0; // the scenario's (the central estimate)
    double low = 0;
    double high = 0;
    double mode = 0; // triangular
    double sd = 0;   // normal
    std::string source;

    // The value at `u` in [0, 1] of the distribution's cumulative probability: uniform,
    // triangular or normal cut at [low, high] (low at 0, high at 1).
    double at(double u) const;
    double width() const { return high - low; }
};

// Every declaration of the scenario resolved against its values now, in file order.
std::vector<ParameterRange> parameter_ranges(const Scenario& scenario);

// "uniform 0.9-1.1 (x0.9-1.1 of 1)" and the like, for listings.
std::string describe(const ParameterRange& range, bool relative);

} // namespace carecast::model
