#include "source_notes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <list>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <vector>

namespace carecast::model::detail {
namespace {

std::string trim(std::string text) {
    const auto first = text.find_first_not_of(" \t#");
    const auto last = text.find_last_not_of(" \t\r");
    return first == std::string::npos || last < first ? std::string()
                                                      : text.substr(first, last - first + 1);
}

// The comment on a line after its value: a '#' outside double quotes.
std::string trailing_comment(const std::string& line) {
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '"' && (i == 0 || line[i - 1] != '\\')) {
            quoted = !quoted;
        } else if (line[i] == '#' && !quoted) {
            return trim(line.substr(i + 1));
        }
    }
    return "";
}

// A note the writer marked "changed from V (note)": the value the source gave and its
// note, as they were before the change, so a file saved twice says the same thing.
std::optional<SourceNote> changed_note(const std::string& text) {
    const std::string prefix = "changed from ";
    if (text.rfind(prefix, 0) != 0 || text.back() != ')') {
        return std::nullopt;
    }
    const char* start = text.c_str() + prefix.size();
    char* end = nullptr;
    const double value = std::strtod(start, &end);
    if (end == start || std::string_view(end).rfind(" (", 0) != 0) {
        return std::nullopt;
    }
    const auto inner = static_cast<std::size_t>(end - text.c_str()) + 2;
    return SourceNote{value, text.substr(inner, text.size() - 1 - inner)};
}

std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> lines;
    std::istringstream in{std::string(text)};
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

bool is_blank(const std::string& line) {
    return line.find_first_not_of(" \t\r") == std::string::npos;
}

bool is_comment(const std::string& line) {
    const auto first = line.find_first_not_of(" \t");
    return first != std::string::npos && line[first] == '#';
}

// Where the comment block directly above 0-based line `index` starts (`index` itself
// where there is none).
std::size_t comment_top(const std::vector<std::string>& lines, std::size_t index) {
    while (index > 0 && is_comment(lines[index - 1])) {
        --index;
    }
    return index;
}

// The comment block directly above 1-based `line`, a line each, its '#' taken off.
std::string comment_block(const std::vector<std::string>& lines, std::size_t line) {
    const std::size_t top = comment_top(lines, line - 1);
    std::string block;
    for (std::size_t k = top; k + 1 < line; ++k) {
        if (k > top) {
            block += '\n';
        }
        block += trim(lines[k]);
    }
    return block;
}

// A section's note: the comment lines above its header, as the file has them (blank
// lines between them kept), back to the previous value; for the file's first section,
// only the block touching its header, and none where that block opens the file (it is
// the file's header, leading_comment).
std::string block_above(const std::vector<std::string>& lines, std::size_t line) {
    if (line == 0 || line > lines.size()) {
        return "";
    }
    std::size_t top = line - 1; // the header's index
    while (top > 0 && (is_comment(lines[top - 1]) || is_blank(lines[top - 1]))) {
        --top;
    }
    if (top == 0) {
        const std::size_t touching = comment_top(lines, line - 1);
        top = touching == 0 ? line - 1 : touching;
    }
    while (top + 1 < line && is_blank(lines[top])) {
        ++top;
    }
    std::string block;
    for (std::size_t k = top; k + 1 < line; ++k) {
        const auto end = lines[k].find_last_not_of(" \t\r");
        if (k > top) {
            block += '\n';
        }
        if (end != std::string::npos) {
            block += lines[k].substr(0, end + 1);
        }
    }
    return block;
}

// A value's note: the comment after it on its line, or else the block just above it. A
// note the writer marked "changed from V (as above)" is the block's, changed.
std::optional<SourceNote> note_for(const std::vector<std::string>& lines, const toml::node& node) {
    const auto line = static_cast<std::size_t>(node.source().begin.line);
    if (line == 0 || line > lines.size()) {
        return std::nullopt;
    }
    std::string block = comment_block(lines, line);
    const double value = node.value<double>().value_or(0);
    if (auto trailing = trailing_comment(lines[line - 1]); !trailing.empty()) {
        auto changed = changed_note(trailing);
        if (changed && changed->note == kAsAbove && !block.empty()) {
            changed->note = std::move(block);
        }
        return changed ? changed : SourceNote{value, std::move(trailing)};
    }
    if (block.empty()) {
        return std::nullopt;
    }
    return SourceNote{value, std::move(block)};
}

std::size_t line_of(const toml::node& node) {
    const auto line = static_cast<std::size_t>(node.source().begin.line);
    return line == 0 ? std::numeric_limits<std::size_t>::max() : line;
}

// Where a section starts: its header, or its first element's.
std::size_t section_line(const toml::node& node) {
    if (const auto* array = node.as_array(); array && array->is_array_of_tables()) {
        return array->empty() ? std::numeric_limits<std::size_t>::max() : line_of(*array->get(0));
    }
    return line_of(node);
}

// The order being built: a list, so a key goes in after another in constant time, with
// each key's place found by name.
class OrderBuilder {
  public:
    using Place = std::list<std::string>::iterator;
    explicit OrderBuilder(const std::vector<std::string>& order)
        : list_(order.begin(), order.end()) {
        for (auto it = list_.begin(); it != list_.end(); ++it) {
            where_.emplace(*it, it);
        }
    }
    // `key`'s place: where it already is, else just before `before`.
    Place place(std::string key, Place before) {
        if (const auto found = where_.find(key); found != where_.end()) {
            return found->second;
        }
        const auto it = list_.insert(before, std::move(key));
        where_.emplace(*it, it);
        return it;
    }
    Place end() { return list_.end(); }
    std::vector<std::string> flat() const { return {list_.begin(), list_.end()}; }

  private:
    std::list<std::string> list_;
    std::unordered_map<std::string_view, Place> where_;
};

// A key the order lacks goes just after the key before it in `table`, so an entry that
// alone has a key (one role's entry_requires) keeps it in its place.
void add_keys_in_order(const toml::table& table, const std::string& section,
                       OrderBuilder::Place section_place, OrderBuilder& order) {
    std::vector<std::pair<std::size_t, std::string>> keys;
    for (const auto& [key, value] : table) {
        keys.emplace_back(line_of(value), section + "." + std::string(key.str()));
    }
    std::stable_sort(keys.begin(), keys.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    auto next = std::next(section_place);
    for (auto& [line, key] : keys) {
        next = std::next(order.place(std::move(key), next));
    }
}

void collect_key_order(const toml::table& root, std::vector<std::string>& order) {
    std::vector<std::pair<std::size_t, std::string>> sections;
    for (const auto& [key, node] : root) {
        if (node.is_table() || (node.is_array() && node.as_array()->is_array_of_tables())) {
            sections.emplace_back(section_line(node), std::string(key.str()));
        }
    }
    std::stable_sort(sections.begin(), sections.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    OrderBuilder builder(order);
    for (const auto& [line, section] : sections) {
        const auto place = builder.place(section, builder.end());
        const toml::node& node = *root.get(section);
        if (const auto* table = node.as_table()) {
            add_keys_in_order(*table, section, place, builder);
        } else {
            for (const auto& element : *node.as_array()) {
                add_keys_in_order(*element.as_table(), section, place, builder);
            }
        }
    }
    order = builder.flat();
}

} // namespace

std::string leading_comment(std::string_view text) {
    const auto lines = lines_of(text);
    std::size_t first_value = 0; // the first line that is neither blank nor a comment
    while (first_value < lines.size() &&
           (is_blank(lines[first_value]) || is_comment(lines[first_value]))) {
        ++first_value;
    }
    // The comment block touching the first section is that section's note, unless it is
    // all there is.
    std::size_t end = comment_top(lines, first_value);
    if (end == 0) {
        end = first_value;
    }
    while (end > 0 && !is_comment(lines[end - 1])) {
        --end;
    }
    std::string header;
    for (std::size_t k = 0; k < end; ++k) {
        header += lines[k] + "\n";
    }
    return header.rfind(kWriterStamp, 0) == 0 ? std::string() : header;
}

std::string note_key(std::string_view section, const toml::table* element, std::string_view key) {
    if (element == nullptr) {
        return std::string(section) + "." + std::string(key);
    }
    const auto text = [&](const char* field) {
        const auto* v = element->get_as<std::string>(field);
        return v != nullptr ? v->get() : std::string();
    };
    if (section == "edges") {
        return "edges." + text("from") + "->" + text("to") + "." + std::string(key);
    }
    // Entries named by name (roles, programmes, areas, events), by area and role (area
    // rates), by parameter (paths) or by key (uncertainty).
    std::string id = text("name");
    if (id.empty() && !text("area").empty()) {
        id = text("role").empty() ? text("area") : fmt::format("{}/{}", text("area"), text("role"));
    }
    if (id.empty()) {
        id = text("parameter");
    }
    if (id.empty()) {
        id = text("key"); // uncertainty
    }
    return fmt::format("{}.{}.{}", section, id, key);
}

std::string section_note_key(std::string_view section, const toml::table* element) {
    if (element == nullptr) {
        return fmt::format("[{}]", section);
    }
    const std::string key = note_key(section, element, "");
    return fmt::format("[[{}]] {}", section,
                       key.substr(section.size() + 1, key.size() - section.size() - 2));
}

void collect_file_comments(const toml::table& root, std::string_view text, FileComments& comments) {
    const auto lines = lines_of(text);
    SourceNotes& notes = comments.notes;
    // Every value's note: a number's with its value, to tell a changed number from the
    // source's; any other value's (an age profile, a name list) as it is.
    const auto add = [&](const std::string& key, const toml::node& node) {
        if (node.is_table()) {
            return;
        }
        if (auto note = note_for(lines, node)) {
            notes[key] = std::move(*note);
        }
    };
    const auto add_section = [&](std::string_view section, const toml::table& table,
                                 const toml::table* element) {
        if (auto block = block_above(lines, line_of(table)); !block.empty()) {
            notes[section_note_key(section, element)] = SourceNote{0, std::move(block)};
        }
        for (const auto& [key, value] : table) {
            add(note_key(section, element, key.str()), value);
        }
    };
    for (const auto& [section, node] : root) {
        if (const auto* table = node.as_table()) {
            add_section(section.str(), *table, nullptr);
        } else if (const auto* array = node.as_array(); array && array->is_array_of_tables()) {
            for (const auto& element : *array) {
                add_section(section.str(), *element.as_table(), element.as_table());
            }
        }
    }
    collect_key_order(root, comments.key_order);
}

} // namespace carecast::model::detail
