// A parameter sweep: a base scenario, the parameters to vary (lists, ranges or a
// Latin hypercube) and the replicates per point. Checked like a scenario: every
// error names file:line:column, the key and what is allowed.
#pragma once

#include <carecast/model/scenario.hpp>
#include <carecast/model/scenario_loader.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carecast::model {

struct SweepParameter {
    std::string key;            // as set_parameter takes it, e.g. "training.annual_budget"
    std::vector<double> values; // grid designs
    double from = 0;            // Latin hypercube
    double to = 0;
    int line = 0;
    int column = 0;
};

struct Sweep {
    std::string name;
    std::string source;
    std::optional<std::string> scenario; // path relative to the sweep file; none: England
    int replicates = 1;
    std::optional<std::uint64_t> seed;
    std::optional<int> horizon_years;
    bool latin_hypercube = false;
    int points = 0; // Latin hypercube
    std::vector<SweepParameter> parameters;
    int every_months = 12;
    bool regions = false;
    std::string summary_role;
    std::vector<int> summary_years{5, 10};
    std::uint64_t source_hash = 0;

    // Parameter values of every point, point-major.
    std::vector<std::vector<double>> design() const;
};

struct SweepLoadResult {
    std::optional<Sweep> sweep;
    std::vector<ScenarioError> errors;
    bool ok() const { return errors.empty(); }
};

inline constexpr int kMaxSweepPoints = 1'000'000;

SweepLoadResult parse_sweep(std::string_view toml_text, const std::string& source_name);

// Every parameter of every point applies to `base` (names exist, values allowed);
// errors point at the parameter's line in the sweep file.
std::vector<ScenarioError> check_sweep_against(const Sweep& sweep, const Scenario& base);

// The most people any point can hold (model::peak_people over each parameter's extremes,
// one at a time and all at their largest), for the memory estimate before a sweep runs.
double sweep_peak_people(const Sweep& sweep, const Scenario& base);

} // namespace carecast::model
