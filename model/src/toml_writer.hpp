// Writes a toml++ table as TOML text. toml++ 3.3's own formatter measures arrays and
// inline tables with static_cast<size_t>(log10(x)), undefined behaviour for any float
// below 0.1 (a share, a rate): fuzzing found it. Here each value is still printed by
// toml++ (its escaping and number formats), but arrays and inline tables are laid out
// on one line without that measure.
#pragma once

#include <carecast/model/scenario.hpp>

#include <toml++/toml.h>

#include <map>
#include <string>

namespace carecast::model::detail {

// Tables as [name] and arrays of tables as [[name]], after the top-level values.
// With `notes` (Scenario::source_notes), each number keeps its source comment.
std::string write_toml(const toml::table& root, const SourceNotes* notes = nullptr);

// A TOML basic string ("..."), for writers that lay out a file line by line.
std::string quoted(const std::string& text);

} // namespace carecast::model::detail
