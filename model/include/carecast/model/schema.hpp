// Every key a scenario file may hold, in one table (model/src/schema_table.hpp): its
// section, type, range, default and who may change it. The loader takes its allowed
// keys, ranges and defaults from it; the one door for edits takes its keys and ranges;
// events and paths take the keys marked for the timeline; the window takes its
// controls' ranges; docs/scenario-format.md is checked against it in a test; and
// `carecast validate --keys` prints it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace carecast::model {

namespace detail {

struct Range {
    double min;
    double max;
    const char* allowed; // said in the message, e.g. "a rate in [0, 1]"
};

inline constexpr Range kRate{0.0, 1.0, "a rate in [0, 1]"};
inline constexpr Range kCount{0.0, 1e12, "a count in [0, 1e12]"};
inline constexpr Range kMoney{0.0, 1e13, "an amount in GBP in [0, 1e13]"};
inline constexpr Range kGrowth{-0.5, 1.0, "an annual growth rate in [-0.5, 1] (0.02 = 2% a year)"};
inline constexpr Range kSupplyMultiplier{0, 100, "a multiplier in [0, 100]"};
inline constexpr Range kEffectMultiplier{0, 10, "a multiplier in [0, 10]"};
inline constexpr Range kPoints{0, 100, "points in [0, 100]"};
inline constexpr Range kEfficiency{0, 10, "a matching efficiency in [0, 10]"};
inline constexpr Range kElasticity{0, 10, "an elasticity in [0, 10]"};
inline constexpr Range kMatchingElasticity{0.05, 0.95, "an elasticity in [0.05, 0.95]"};
inline constexpr Range kFte{0.05, 1.5, "full-time equivalents per post in [0.05, 1.5]"};
inline constexpr Range kIndex{0.1, 10, "an index in [0.1, 10] (2024/25 = 1)"};
inline constexpr Range kVacancyRate{0, 0.95, "a vacancy rate in [0, 0.95]"};
inline constexpr Range kMonth0VacancyRate{0, 0.99, "a rate in [0, 0.99]"};
// An event's or a path's value: its parameter's own range is checked when it applies.
inline constexpr Range kAnyValue{-1e13, 1e13, "a number (its parameter's range applies)"};
inline constexpr Range kYear{1900, 2300, "a year in [1900, 2300]"};
inline constexpr Range kHorizonYears{1, 100, "a whole number of years"};
inline constexpr Range kHorizonMonths{1, 1200, "a whole number of months"};
// 2^63 - 1: a seed is a signed 64-bit integer in TOML.
inline constexpr Range kSeed{0, 9223372036854775807.0, "a whole number from 0 to 2^63 - 1"};
inline constexpr Range kMonthsBetweenJobs{0, 12, "months in [0, 12]"};
inline constexpr Range kMonthsSeeking{1, 24, "months in [1, 24]"};
inline constexpr Range kMaxAge{50, 100, "an age in [50, 100]"};
inline constexpr Range kRetirementAges{16, 100, "ages in [16, 100]"};
inline constexpr Range kMonthsInRole{0, 600, "months in [0, 600]"};
inline constexpr Range kDurationMonths{1, 120, "months in [1, 120]"};
inline constexpr Range kRunYear{1, 100, "a year of the run, from 1"};
inline constexpr Range kRunMonth{1, 1200, "a month of the run, from 1"};

} // namespace detail

// Who may change a key besides the file that gives it.
enum class KeyUse : std::uint8_t {
    File,     // only a file: names, the career graph's shape, age profiles
    Edit,     // also an edit before the run: `--set`, a sweep point, the window, Python
    Timeline, // also an event or a path during the run (and every edit)
    Retired,  // no longer read: a file giving it is refused with its successor's name
};

// Whether an event or a path may change the edit key `edit_key` (false for keys fixed
// for a run, such as the horizon and the seed, and for keys the schema does not know).
bool may_change_during_run(std::string_view edit_key);

// The window's control for a key, in the key's own units (or, with `factor`, as a
// multiple of the scenario's value).
struct WindowControl {
    double min;
    double max;
    bool factor;
};

struct SchemaKey {
    std::string_view section; // the file's table: "scenario", "roles" for [[roles]],
                              // "demand.path"; "" for the top level; "groups" for the
                              // edit-only keys of a group of roles
    std::string_view key;
    std::string_view type;          // in words, as docs/scenario-format.md gives it
    std::string_view default_text;  // as the page gives it: "required", "0.5", ""
    const detail::Range* range;     // numbers: what the reader and every edit enforce
    std::optional<double> fallback; // numbers: the value the reader takes when absent
    KeyUse use;
    std::optional<WindowControl> window; // the window's Parameters tab has a control
};

// The whole table, in the order of docs/scenario-format.md.
std::span<const SchemaKey> scenario_schema();

// The key `key` of `section`, or nothing.
const SchemaKey* find_schema_key(std::string_view section, std::string_view key);

// An edit's key ("roles.care worker.turnover", "supply.domestic_multiplier") as its
// schema entry, or nothing.
const SchemaKey* schema_key_of_edit(std::string_view edit_key);

// Whether an event or a path may change the edit key `edit_key` (false for keys fixed
// for a run, such as the horizon and the seed, and for keys the schema does not know).
bool may_change_during_run(std::string_view edit_key);

// The window's control for `section`.`key`; throws std::logic_error if the schema gives
// the key none (a control the schema does not know is a programming error).
WindowControl window_control(std::string_view section, std::string_view key);

} // namespace carecast::model
