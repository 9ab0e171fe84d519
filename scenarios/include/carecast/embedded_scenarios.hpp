// Scenario files compiled into the binary.
#pragma once

#include <string_view>

namespace carecast {

// scenarios/england.toml as it was when the binary was built.
std::string_view england_baseline_toml();
inline constexpr const char* kEnglandBaselineName = "<embedded>/scenarios/england.toml";

} // namespace carecast
