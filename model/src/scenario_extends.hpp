// `extends`: a scenario file merged over the one it names.
#pragma once

#include <carecast/model/scenario_loader.hpp>

#include "source_notes.hpp"

#include <toml++/toml.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace carecast::model::detail {

// Parses `text`; where it extends another file, reads and parses that one (and so on,
// at most a few deep) and merges this one over it. `hash` covers every file's text;
// `comments` gathers each value's source comment, this file's over the one it
// extends, and the order of sections and keys, the base's first.
std::optional<toml::table> parse_extended(std::string_view text, const std::string& source,
                                          const ParentReader* read_parent,
                                          std::vector<ScenarioError>& errors, std::uint64_t& hash,
                                          FileComments& comments, int depth = 0);

} // namespace carecast::model::detail
