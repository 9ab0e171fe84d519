// Reading a scenario for a front end: from a file, or the embedded England baseline.
#pragma once

#include <carecast/model/scenario_loader.hpp>

#include <optional>
#include <string>

namespace carecast::io {

// The largest population this machine can hold, from its physical memory.
model::LoadLimits machine_limits();

// `path` empty: the England baseline compiled into the binary.
model::LoadResult load_scenario(const std::optional<std::string>& path,
                                const model::LoadLimits& limits);

} // namespace carecast::io
