// A pre-check on TOML text before toml++ parses it. TOML allows non-ASCII
// characters only inside strings and comments; toml++ 3.3.0 (Debian 12) reaches an
// "unreachable" branch on some of them elsewhere (found by fuzzing), so such text is
// refused here first, with its place.
#pragma once

#include <carecast/model/hash.hpp>

#include <carecast/model/scenario_loader.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace carecast::model::detail {

// A stable 64-bit hash of input text, for manifests and resume checks.
using model::fnv1a;

std::optional<ScenarioError> non_ascii_outside_strings(std::string_view text,
                                                       const std::string& source);

} // namespace carecast::model::detail
