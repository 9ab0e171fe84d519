#include "toml_writer.hpp"

#include "source_notes.hpp"

#include <fmt/format.h>

#include <sstream>

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

// Key-value lines. At the top level, tables and arrays of tables become sections and
// are skipped here; inside a section they are written inline.
struct Notes {
    const SourceNotes* notes = nullptr;
    std::string_view section;
    const toml::table* element = nullptr;
};

void write_values(std::ostringstream& out, const toml::table& table, bool top_level,
                  const Notes& where = {}) {
    for (const auto& [key, value] : table) {
        if (top_level && (value.is_table() || is_array_of_tables(value))) {
            continue;
        }
        out << key_text(key.str()) << " = ";
        write_value(out, value);
        // The number's source, as the file it came from said it.
        if (where.notes != nullptr && !where.section.empty()) {
            const auto it = where.notes->find(note_key(where.section, where.element, key.str()));
            if (it != where.notes->end()) {
                const double now = value.value<double>().value_or(0);
                if (now == it->second.value) {
                    out << "  # " << it->second.note;
                } else {
                    out << "  # changed from " << fmt::format("{}", it->second.value) << " ("
                        << it->second.note << ")";
                }
            }
        }
        out << "\n";
    }
}

} // namespace

std::string write_toml(const toml::table& root, const SourceNotes* notes) {
    std::ostringstream out;
    write_values(out, root, true);
    for (const auto& [key, value] : root) {
        if (const auto* table = value.as_table()) {
            out << "\n[" << key_text(key.str()) << "]\n";
            write_values(out, *table, false, {notes, key.str(), nullptr});
        } else if (is_array_of_tables(value)) {
            for (const auto& element : *value.as_array()) {
                out << "\n[[" << key_text(key.str()) << "]]\n";
                write_values(out, *element.as_table(), false,
                             {notes, key.str(), element.as_table()});
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
