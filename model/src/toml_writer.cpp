#include "toml_writer.hpp"

#include "source_notes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>
#include <unordered_map>

namespace carecast::model::detail {
namespace {

bool is_bare_key(std::string_view key) {
    if (key.empty()) {
        return false;
    }
    for (char c : key) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok) {
            return false;
        }
    }
    return true;
}

std::string key_text(std::string_view key) {
    if (is_bare_key(key)) {
        return std::string(key);
    }
    std::ostringstream quoted;
    quoted << toml::value<std::string>(std::string(key)); // a quoted key, escaped as a string
    return quoted.str();
}

void write_value(std::ostringstream& out, const toml::node& node);

void write_inline_table(std::ostringstream& out, const toml::table& table) {
    out << "{";
    bool first = true;
    for (const auto& [key, value] : table) {
        out << (first ? " " : ", ") << key_text(key.str()) << " = ";
        write_value(out, value);
        first = false;
    }
    out << (first ? "}" : " }");
}

void write_value(std::ostringstream& out, const toml::node& node) {
    if (const auto* array = node.as_array()) {
        out << "[";
        for (std::size_t i = 0; i < array->size(); ++i) {
            out << (i == 0 ? "" : ", ");
            write_value(out, *array->get(i));
        }
        out << "]";
    } else if (const auto* table = node.as_table()) {
        write_inline_table(out, *table);
    } else if (const auto* number = node.as_floating_point()) {
        // The shortest text that reads back to the same double (0.054, not
        // 0.053999999999999999), always with a point or an exponent, as TOML's floats.
        std::string text = fmt::format("{}", number->get());
        if (text.find_first_of(".eEn") == std::string::npos) {
            text += ".0";
        }
        out << text;
    } else {
        // Any other single value: toml++ prints it without measuring anything.
        node.visit([&](const auto& value) { out << value; });
    }
}

bool is_array_of_tables(const toml::node& node) {
    const auto* array = node.as_array();
    return array != nullptr && !array->empty() && array->is_array_of_tables();
}

// Where each section and key goes: its place in Scenario::key_order, else after those,
// in the table's own (alphabetical) order.
class KeyOrder {
  public:
    explicit KeyOrder(const std::vector<std::string>* order) {
        if (order != nullptr) {
            for (std::size_t i = 0; i < order->size(); ++i) {
                rank_.emplace((*order)[i], i);
            }
        }
    }
    std::vector<std::pair<std::string_view, const toml::node*>> of(const toml::table& table,
                                                                   std::string_view section) const {
        std::vector<std::pair<std::size_t, std::pair<std::string_view, const toml::node*>>> keyed;
        for (const auto& [key, value] : table) {
            const std::string name =
                section.empty() ? std::string(key.str()) : fmt::format("{}.{}", section, key.str());
            const auto it = rank_.find(name);
            keyed.push_back({it == rank_.end() ? rank_.size() : it->second, {key.str(), &value}});
        }
        std::stable_sort(keyed.begin(), keyed.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        std::vector<std::pair<std::string_view, const toml::node*>> out;
        for (const auto& [rank, entry] : keyed) {
            out.push_back(entry);
        }
        return out;
    }

  private:
    std::unordered_map<std::string, std::size_t> rank_;
};

struct Notes {
    const SourceNotes* notes = nullptr;
    std::string_view section;
    const toml::table* element = nullptr;
};

// A value's source, as the file it came from said it: a note of one line after the
// value, a longer one above it; "changed from" where the value differs.
const SourceNote* note_of(const Notes& where, std::string_view key) {
    if (where.notes == nullptr) {
        return nullptr;
    }
    const auto it = where.notes->find(note_key(where.section, where.element, key));
    return it == where.notes->end() ? nullptr : &it->second;
}

void write_lines(std::ostringstream& out, const std::string& text) {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        out << (line.empty() ? "#" : "# ") << line << "\n";
    }
}

void write_value_line(std::ostringstream& out, std::string_view key, const toml::node& value,
                      const SourceNote* note) {
    const bool above = note != nullptr && note->note.find('\n') != std::string::npos;
    if (above) {
        write_lines(out, note->note);
    }
    out << key_text(key) << " = ";
    write_value(out, value);
    if (note != nullptr) {
        const bool changed = value.is_number() && value.value<double>().value_or(0) != note->value;
        if (changed) {
            out << "  # changed from " << fmt::format("{}", note->value) << " ("
                << (above ? std::string(kAsAbove) : note->note) << ")";
        } else if (!above) {
            out << "  # " << note->note;
        }
    }
    out << "\n";
}

// A section's header, after the comment block the file had above it.
void write_header(std::ostringstream& out, const Notes& where) {
    out << "\n";
    if (where.notes != nullptr) {
        const auto it = where.notes->find(section_note_key(where.section, where.element));
        if (it != where.notes->end()) {
            out << it->second.note << "\n"; // the file's own lines
        }
    }
    const bool element = where.element != nullptr; // of an array of tables: [[name]]
    out << (element ? "[[" : "[") << key_text(where.section) << (element ? "]]" : "]") << "\n";
}

// A section's key-value lines, nested tables written inline.
void write_values(std::ostringstream& out, const toml::table& table, const KeyOrder& order,
                  const Notes& where) {
    for (const auto& [key, value] : order.of(table, where.section)) {
        write_value_line(out, key, *value, note_of(where, key));
    }
}

} // namespace

std::string write_toml(const toml::table& root, const SourceNotes* notes,
                       const std::vector<std::string>* key_order) {
    std::ostringstream out;
    const KeyOrder order(key_order);
    for (const auto& [key, value] : order.of(root, "")) {
        const std::string name(key);
        if (const auto* table = value->as_table()) {
            const Notes where{notes, name, nullptr};
            write_header(out, where);
            write_values(out, *table, order, where);
        } else if (is_array_of_tables(*value)) {
            for (const auto& element : *value->as_array()) {
                const Notes where{notes, name, element.as_table()};
                write_header(out, where);
                write_values(out, *element.as_table(), order, where);
            }
        }
    }
    return out.str();
}

std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

} // namespace carecast::model::detail
