// The comment beside each number in a scenario file: where the number comes from.
#pragma once

#include <carecast/model/scenario.hpp>

#include <toml++/toml.h>

#include <map>
#include <string>
#include <string_view>

namespace carecast::model::detail {

// Adds to `notes`, by the keys set_parameter takes ("roles.care worker.turnover",
// "demand.annual_growth", "edges.A->B.monthly_rate", ...), the comment at the end of
// each value's line in `text`, or else the comment lines just above it.
void collect_source_notes(const toml::table& root, std::string_view text, SourceNotes& notes);

// The key of a value in a section (and, for arrays of tables, its element), as above.
std::string note_key(std::string_view section, const toml::table* element, std::string_view key);

} // namespace carecast::model::detail
