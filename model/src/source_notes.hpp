// The comments in a scenario file: the header, and beside each value where it comes from.
#pragma once

#include <carecast/model/scenario.hpp>

#include <toml++/toml.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace carecast::model::detail {

// What a scenario file says besides its values, for the writer to keep.
struct FileComments {
    SourceNotes notes;                  // Scenario::source_notes
    std::vector<std::string> key_order; // Scenario::key_order
};

// Adds to `comments.notes`, by the keys set_parameter takes ("roles.care worker.turnover",
// "demand.annual_growth", "edges.A->B.monthly_rate", ...), the comment at the end of
// each value's line in `text`, or else the comment lines just above it; and by
// section_note_key, the comment lines just above each section's header. Adds to
// `comments.key_order` the sections and keys of `root` not already there, in the order
// `text` gives them.
void collect_file_comments(const toml::table& root, std::string_view text, FileComments& comments);

// The key of the comment above a section's header: "[workforce]", "[[roles]] care worker".
std::string section_note_key(std::string_view section, const toml::table* element);

// What a changed value's trailing note says when its note is the block above it.
inline constexpr std::string_view kAsAbove = "as above";

// The first line to_toml writes for a scenario without a header of its own.
inline constexpr std::string_view kWriterStamp = "# Written by carecast from ";

// The comment lines that open `text` (blank lines between them kept) up to the block
// just above the first section, which is that section's; "" where the text opens with
// the writer's own stamp (to_toml's first line).
std::string leading_comment(std::string_view text);

// The key of a value in a section (and, for arrays of tables, its element), as above.
std::string note_key(std::string_view section, const toml::table* element, std::string_view key);

} // namespace carecast::model::detail
