// Changing a frozen scenario by named parameters (the GUI's sliders, `--set`), and
// writing a scenario back to TOML (File > Save) in the same format it is read from.
#pragma once

#include <carecast/model/scenario.hpp>
#include <carecast/model/scenario_loader.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace carecast::model {

// Sets one parameter, e.g. "demand.annual_growth" = 0.03, "roles.care worker.turnover"
// = 0.3, "programmes.<name>.baseline_places_per_year" = 5000, "scenario.horizon_years"
// = 15. Checks the value before it assigns (a refused value changes nothing) and
// re-derives the engine's rates; it does not check the whole scenario: apply_edits does.
std::optional<std::string> set_parameter(Scenario& scenario, const std::string& key, double value);

// The same without re-deriving the engine's rates (for many changes at once; call
// derive_rates after).
std::optional<std::string> assign_parameter(Scenario& scenario, const std::string& key,
                                            double value);
// A parameter's value by the same keys; nothing for an unknown key. A role's demand
// growth is the scenario's where the role has none of its own.
std::optional<double> get_parameter(const Scenario& scenario, const std::string& key);

// "key=value" as given on a command line.
std::optional<std::string> set_parameter(Scenario& scenario, const std::string& assignment);

// The one door for every change to a loaded scenario (the command line's --set,
// --years and --seed, sweep points, the GUI's knobs): the edits are applied to a copy,
// each value checked, then the whole scenario goes through the loader's checks and
// limits. Only if all pass does `scenario` change; otherwise it is left as it was.
struct Edit {
    std::string key;
    double value = 0;
    // The value exactly, where it was typed as a whole number: a seed up to 2^63 - 1
    // (more than a double holds in ones) is the seed typed, as in a file.
    std::optional<std::uint64_t> whole = std::nullopt;
};
std::optional<std::string> apply_edits(ValidScenario& scenario, const std::vector<Edit>& edits,
                                       const LoadLimits& limits = {});

// The same scenario with another seed (any seed keeps a scenario valid; a seed is a
// whole number up to 2^63 - 1, more than an Edit's double holds exactly).
ValidScenario with_seed(const ValidScenario& scenario, std::uint64_t seed);

// "key=value" with a number, or nothing.
std::optional<Edit> parse_assignment(const std::string& assignment);
// Every "key=value" of a list (the front ends' --set), or the first that is not one,
// quoted with what is allowed.
std::variant<std::vector<Edit>, std::string>
parse_assignments(const std::vector<std::string>& assignments);
// A seed as typed: a whole number from 0 to 2^63 - 1 (as in scenario files), or nothing.
std::optional<std::uint64_t> parse_seed(const std::string& text);

// A parameter's key in words, for people: "roles.care worker.turnover" -> "care worker:
// turnover", "supply.international_multiplier" -> "supply: international multiplier",
// "edges.A->B.monthly_rate" -> "A -> B: monthly rate".
std::string parameter_words(const std::string& key);

// The keys set_parameter understands for this scenario, for help texts.
std::vector<std::string> parameter_keys(const Scenario& scenario);

// Every number an edit may change in this scenario, one concrete key each, with its
// value now, the range an edit or a file allows, and the source comment beside it in
// the file (empty where none): for front ends that list what can be changed.
struct ParameterInfo {
    std::string key;
    double value = 0;
    double min = 0;
    double max = 0;
    std::string allowed; // in words, as an error message says it
    std::string source;
    bool during_run = false; // an event or a path may change it (the schema's KeyUse::Timeline)
};
std::vector<ParameterInfo> describe_parameters(const Scenario& scenario);

std::string to_toml(const Scenario& scenario);

// `text` (the file `before` was read from) with every value that differs in `after`
// replaced on its own line, the line's comment saying what it was: the file's header,
// comments and order kept. Nothing where a change cannot be made in place (a key the
// file does not give, roles, events or areas changed, a file that extends another):
// then write to_toml(after).
std::optional<std::string> edit_in_place(std::string_view text, const Scenario& before,
                                         const Scenario& after);

} // namespace carecast::model
