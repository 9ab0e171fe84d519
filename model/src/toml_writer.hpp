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
#include <vector>

namespace carecast::model::detail {

// Tables as [name] and arrays of tables as [[name]] (a root of sections only). With
// `notes` (Scenario::source_notes), each value keeps its source comment and each section
// the comment above its header; with `key_order` (Scenario::key_order), sections and
// keys keep their order, others following in the table's.
std::string write_toml(const toml::table& root, const SourceNotes* notes = nullptr,
                       const std::vector<std::string>* key_order = nullptr);

// A TOML basic string ("..."), for writers that lay out a file line by line.
std::string quoted(const std::string& text);

} // namespace carecast::model::detail
