// Changing a frozen scenario by named parameters (the GUI's sliders, `--set`), and
// writing a scenario back to TOML (File > Save) in the same format it is read from.
#pragma once

#include <carecast/model/scenario.hpp>

#include <optional>
#include <string>
#include <vector>

namespace carecast::model {

// Sets one parameter, e.g. "demand.annual_growth" = 0.03, "roles.care worker.turnover"
// = 0.3, "programmes.<name>.places_per_year" = 5000, "scenario.horizon_years" = 15.
// Returns an error (what is allowed) or nothing; re-derives the engine's rates.
std::optional<std::string> set_parameter(Scenario& scenario, const std::string& key, double value);

// "key=value" as given on a command line.
std::optional<std::string> set_parameter(Scenario& scenario, const std::string& assignment);

// The keys set_parameter understands for this scenario, for help texts.
std::vector<std::string> parameter_keys(const Scenario& scenario);

std::string to_toml(const Scenario& scenario);

} // namespace carecast::model
