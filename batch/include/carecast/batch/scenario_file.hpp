// Reading a scenario for a front end: from a file, or the embedded England baseline.
#pragma once

#include <carecast/model/scenario_loader.hpp>

#include <optional>
#include <string>

namespace carecast::batch {

// What is wrong with CARECAST_MEMORY_GB, if it is set and not a positive finite number.
std::optional<std::string> memory_budget_problem();

// Bytes carecast may use: CARECAST_MEMORY_GB, or half the machine's memory.
double memory_budget_bytes();

// The largest population and results this budget can hold.
model::LoadLimits machine_limits();

// Scenario and sweep files: regular files of at most this size.
inline constexpr std::size_t kMaxInputBytes = std::size_t{16} << 20;

// Reads an input file into `text`: a regular file, bounded; else what is wrong.
std::optional<std::string> read_input(const std::string& path, std::string& text);

// The file a scenario extends: `name` beside the extending file; "england.toml" with
// no such file there is the embedded England baseline.
model::ParentScenario read_parent_scenario(const std::string& name,
                                           const std::string& extending_source);

// `path` empty: the England baseline compiled into the binary. A file may extend
// another (read_parent_scenario).
model::LoadResult load_scenario(const std::optional<std::string>& path,
                                const model::LoadLimits& limits);

} // namespace carecast::batch
