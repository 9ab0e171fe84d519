// Reads a scenario from TOML text, checks it against the model and freezes it.
// Every problem found is reported at once, with file:line:column and the key path.
#pragma once

#include <carecast/model/scenario.hpp>
#include <carecast/model/valid_scenario.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carecast::model {

struct ScenarioError {
    std::string file;
    int line = 0; // 0 when the problem has no single place in the file
    int column = 0;
    std::string key; // e.g. roles[3].turnover
    std::string message;

    std::string to_string() const; // "file:line:column: key: message"
};

struct LoadLimits {
    // Largest agent population the caller can hold (0: no check). The front end
    // derives it from the machine's memory, so absurd sizes fail before allocation.
    std::uint64_t max_agents = 0;
    // Largest results table, in (month, role, area) cells (0: no check).
    std::uint64_t max_result_cells = 0;
    std::string max_agents_reason; // how the limits were set and how to raise them
};

struct LoadResult {
    std::optional<ValidScenario> scenario; // set only when errors is empty
    std::vector<ScenarioError> errors;
    bool ok() const { return errors.empty(); }
};

// Recomputes what the engine derives from the scenario (leaving and retirement
// hazards, the vacancy fill order); call after editing a frozen scenario.
void derive_rates(Scenario& scenario);
// Its parts: each role's hazards and the fill order; each (role, area) cell's rates
// (Scenario::cells), each exactly as the file and its area rates say (nothing is fitted
// on reading); and the timeline of events and paths.
void derive_role_rates(Scenario& scenario);
// `month0`: the cells at month 0, whose newcomer shares a later epoch keeps (so a change
// to supply or turnover does not re-scale who leaves when; tenure.hpp).
void derive_cell_rates(Scenario& scenario, const std::vector<CellRates>* month0 = nullptr);

struct TimelineProblem {
    bool from_path = false; // else an event
    std::size_t index = 0;  // in events or paths
    std::string message;
};
struct Timeline {
    std::vector<ScenarioEpoch> epochs;
    std::vector<TimelineProblem> problems; // values out of range, unknown parameters
};
Timeline build_timeline(const Scenario& scenario);

LoadResult parse_scenario(std::string_view toml_text, const std::string& source_name,
                          const LoadLimits& limits = {});

// A scenario may extend another (`extends = "england.toml"`): its tables are merged
// over the other's, key by key; roles, programmes and areas by name and edges by
// (from, to), so an entry changes only what it names; events, paths and area rates
// are added. The reader finds the other file's text (I/O stays with the caller).
struct ParentScenario {
    std::string text;
    std::string source; // for messages
    std::optional<std::string> error;
};
using ParentReader =
    std::function<ParentScenario(const std::string& name, const std::string& extending_source)>;
LoadResult parse_scenario(std::string_view toml_text, const std::string& source_name,
                          const LoadLimits& limits, const ParentReader& read_parent);

// Checks a scenario built or changed in memory exactly as a file is checked (it is
// written as TOML and read back), keeping its source name.
LoadResult validate(const Scenario& scenario, const LoadLimits& limits = {});

} // namespace carecast::model
