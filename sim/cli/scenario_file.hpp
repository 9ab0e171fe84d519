// Reading a scenario for a front end: from a file, or the embedded England baseline.
#pragma once

#include <carecast/model/scenario_loader.hpp>

#include <optional>
#include <string>

namespace carecast::io {

// Bytes carecast may use: CARECAST_MEMORY_GB, or half the machine's memory.
double memory_budget_bytes();

// The largest population and results this budget can hold.
model::LoadLimits machine_limits();

// `path` empty: the England baseline compiled into the binary.
model::LoadResult load_scenario(const std::optional<std::string>& path,
                                const model::LoadLimits& limits);

} // namespace carecast::io
