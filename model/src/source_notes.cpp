#include "source_notes.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <optional>
#include <sstream>
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

std::string note_for(const std::vector<std::string>& lines, const toml::node& node) {
    const auto line = static_cast<std::size_t>(node.source().begin.line);
    if (line == 0 || line > lines.size()) {
        return "";
    }
    if (auto trailing = trailing_comment(lines[line - 1]); !trailing.empty()) {
        return trailing;
    }
    // The comment block just above, nearest line last.
    std::string above;
    for (std::size_t k = line - 1; k > 0 && line - k <= 6; --k) {
        const std::string text = trim(lines[k - 1]);
        const auto first = lines[k - 1].find_first_not_of(" \t");
        if (first == std::string::npos || lines[k - 1][first] != '#') {
            break;
        }
        above = text + (above.empty() ? "" : " ") + above;
    }
    return above;
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

} // namespace

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
    // rates) or by parameter (paths).
    std::string id = text("name");
    if (id.empty() && !text("area").empty()) {
        id = text("role").empty() ? text("area") : fmt::format("{}/{}", text("area"), text("role"));
    }
    if (id.empty()) {
        id = text("parameter");
    }
    return fmt::format("{}.{}.{}", section, id, key);
}

void collect_source_notes(const toml::table& root, std::string_view text, SourceNotes& notes) {
    std::vector<std::string> lines;
    std::istringstream in{std::string(text)};
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    const auto add = [&](const std::string& key, const toml::node& node) {
        if (!node.is_number()) {
            return;
        }
        if (auto note = note_for(lines, node); !note.empty()) {
            notes[key] = changed_note(note).value_or(
                SourceNote{node.value<double>().value_or(0), std::move(note)});
        }
    };
    for (const auto& [section, node] : root) {
        if (const auto* table = node.as_table()) {
            for (const auto& [key, value] : *table) {
                add(note_key(section.str(), nullptr, key.str()), value);
            }
        } else if (const auto* array = node.as_array(); array && array->is_array_of_tables()) {
            for (const auto& element : *array) {
                const auto* t = element.as_table();
                for (const auto& [key, value] : *t) {
                    add(note_key(section.str(), t, key.str()), value);
                }
            }
        }
    }
}

} // namespace carecast::model::detail
