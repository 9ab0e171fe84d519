#include "toml_reader.hpp"

#include "toml_guard.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace carecast::model::detail {

std::optional<toml::table> parse_toml(std::string_view text, const std::string& source,
                                      std::vector<ScenarioError>& errors) {
    if (auto error = non_ascii_outside_strings(text, source)) {
        errors.push_back(std::move(*error));
        return std::nullopt;
    }
    try {
        return toml::parse(text, std::string_view(source));
    } catch (const toml::parse_error& e) {
        errors.push_back({source, static_cast<int>(e.source().begin.line),
                          static_cast<int>(e.source().begin.column), "(syntax)",
                          std::string(e.description())});
        return std::nullopt;
    }
}

void TomlReader::error(const toml::source_region& where, const std::string& key,
                       const std::string& message) {
    // A node merged from a file this one extends names that file.
    const std::string file = where.path ? std::string(*where.path) : file_;
    errors_.push_back({file, static_cast<int>(where.begin.line),
                       static_cast<int>(where.begin.column), key, message});
}

void TomlReader::error_without_place(const std::string& key, const std::string& message) {
    errors_.push_back({file_, 0, 0, key, message});
}

std::string TomlReader::join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

std::string TomlReader::indexed(const std::string& path, std::string_view key, std::size_t index) {
    return fmt::format("{}[{}]", join(path, key), index);
}

void TomlReader::check_keys(const toml::table& table, const std::string& path,
                            std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, node] : table) {
        const std::string_view name = key.str();
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            error(
                key.source(), join(path, name),
                fmt::format("unknown key '{}'; allowed here: {}", name, fmt::join(allowed, ", ")));
        }
    }
}

void TomlReader::check_schema_keys(const toml::table& table, const std::string& path,
                                   std::string_view section) {
    for (const auto& [key, node] : table) {
        const std::string_view name = key.str();
        if (find_schema_key(section, name) != nullptr) {
            continue;
        }
        std::vector<std::string_view> allowed;
        for (const auto& k : scenario_schema()) {
            if (k.section == section && k.use != KeyUse::Retired) {
                allowed.push_back(k.key);
            }
        }
        error(key.source(), join(path, name),
              fmt::format("unknown key '{}'; allowed here: {}", name, fmt::join(allowed, ", ")));
    }
}

const toml::node* TomlReader::find(const toml::table& table, const std::string& path,
                                   std::string_view key, bool required) {
    const toml::node* node = table.get(key);
    if (node == nullptr && required) {
        error(table.source(), join(path, key), "required key is missing");
    }
    return node;
}

std::optional<double> TomlReader::number(const toml::table& table, const std::string& path,
                                         std::string_view key, Range range, bool required) {
    const toml::node* node = find(table, path, key, required);
    if (node == nullptr) {
        return std::nullopt;
    }
    const auto value = node->value<double>();
    if (!node->is_number() || !value) {
        error(*node, join(path, key), fmt::format("expected a number; allowed: {}", range.allowed));
        return std::nullopt;
    }
    if (!std::isfinite(*value) || *value < range.min || *value > range.max) {
        error(*node, join(path, key),
              fmt::format("{} is out of range; allowed: {}", *value, range.allowed));
        return std::nullopt;
    }
    return value;
}

std::optional<std::int64_t> TomlReader::integer(const toml::table& table, const std::string& path,
                                                std::string_view key, std::int64_t min,
                                                std::int64_t max, bool required) {
    const toml::node* node = find(table, path, key, required);
    if (node == nullptr) {
        return std::nullopt;
    }
    const auto value = node->value_exact<std::int64_t>();
    if (!value) {
        error(*node, join(path, key),
              fmt::format("expected a whole number; allowed: {} to {}", min, max));
        return std::nullopt;
    }
    if (*value < min || *value > max) {
        error(*node, join(path, key),
              fmt::format("{} is out of range; allowed: {} to {}", *value, min, max));
        return std::nullopt;
    }
    return value;
}

std::optional<double> TomlReader::schema_number(const toml::table& table, const std::string& path,
                                                std::string_view section, std::string_view key) {
    const SchemaKey* k = find_schema_key(section, key);
    return number(table, path, key, *k->range, k->default_text == "required");
}

std::optional<std::int64_t> TomlReader::schema_integer(const toml::table& table,
                                                       const std::string& path,
                                                       std::string_view section,
                                                       std::string_view key) {
    const SchemaKey* k = find_schema_key(section, key);
    // 2^63 as a double is past every int64: the seed's top is INT64_MAX.
    const std::int64_t max = k->range->max >= 9.2e18 ? std::numeric_limits<std::int64_t>::max()
                                                     : static_cast<std::int64_t>(k->range->max);
    return integer(table, path, key, static_cast<std::int64_t>(k->range->min), max,
                   k->default_text == "required");
}

std::optional<std::string> TomlReader::string(const toml::table& table, const std::string& path,
                                              std::string_view key, bool required) {
    const toml::node* node = find(table, path, key, required);
    if (node == nullptr) {
        return std::nullopt;
    }
    const auto value = node->value_exact<std::string>();
    if (!value) {
        error(*node, join(path, key), "expected a string in quotes");
        return std::nullopt;
    }
    return value;
}

std::optional<int> TomlReader::choice(const toml::table& table, const std::string& path,
                                      std::string_view key,
                                      const std::vector<std::string_view>& choices, bool required) {
    const auto value = string(table, path, key, required);
    if (!value) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < choices.size(); ++i) {
        if (*value == choices[i]) {
            return static_cast<int>(i);
        }
    }
    std::string list;
    for (auto c : choices) {
        list += fmt::format("{}\"{}\"", list.empty() ? "" : ", ", c);
    }
    error(*table.get(key), join(path, key),
          fmt::format("\"{}\" is not allowed; allowed: {}", *value, list));
    return std::nullopt;
}

const toml::table* TomlReader::table(const toml::table& parent, const std::string& path,
                                     std::string_view key, bool required) {
    const toml::node* node = find(parent, path, key, required);
    if (node == nullptr) {
        return nullptr;
    }
    if (!node->is_table()) {
        error(*node, join(path, key), "expected a table");
        return nullptr;
    }
    return node->as_table();
}

const toml::array* TomlReader::array(const toml::table& parent, const std::string& path,
                                     std::string_view key, bool required) {
    const toml::node* node = find(parent, path, key, required);
    if (node == nullptr) {
        return nullptr;
    }
    if (!node->is_array()) {
        error(*node, join(path, key), "expected an array");
        return nullptr;
    }
    return node->as_array();
}

std::vector<const toml::table*> TomlReader::tables(const toml::table& parent,
                                                   const std::string& path, std::string_view key,
                                                   bool required) {
    std::vector<const toml::table*> result;
    const toml::array* entries = array(parent, path, key, required);
    if (entries == nullptr) {
        return result;
    }
    for (std::size_t i = 0; i < entries->size(); ++i) {
        const toml::node& entry = (*entries)[i];
        if (!entry.is_table()) {
            error(entry, indexed(path, key, i), fmt::format("expected a table ([[{}]])", key));
            continue;
        }
        result.push_back(entry.as_table());
    }
    return result;
}

std::optional<std::vector<std::string>> TomlReader::strings(const toml::table& table,
                                                            const std::string& path,
                                                            std::string_view key, bool required) {
    const toml::array* entries = array(table, path, key, required);
    if (entries == nullptr) {
        return std::nullopt;
    }
    std::vector<std::string> result;
    bool ok = true;
    for (std::size_t i = 0; i < entries->size(); ++i) {
        const auto value = (*entries)[i].value_exact<std::string>();
        if (!value) {
            error((*entries)[i], indexed(path, key, i), "expected a string in quotes");
            ok = false;
            continue;
        }
        result.push_back(*value);
    }
    if (!ok) {
        return std::nullopt;
    }
    return result;
}

std::optional<std::vector<double>> TomlReader::numbers(const toml::table& table,
                                                       const std::string& path,
                                                       std::string_view key, Range range,
                                                       bool required) {
    const toml::array* entries = array(table, path, key, required);
    if (entries == nullptr) {
        return std::nullopt;
    }
    std::vector<double> result;
    bool ok = true;
    for (std::size_t i = 0; i < entries->size(); ++i) {
        const toml::node& entry = entries->at(i);
        const auto value = entry.value<double>();
        if (!entry.is_number() || !value || !std::isfinite(*value) || *value < range.min ||
            *value > range.max) {
            error(entry, indexed(path, key, i), fmt::format("allowed: {}", range.allowed));
            ok = false;
            continue;
        }
        result.push_back(*value);
    }
    if (!ok) {
        return std::nullopt;
    }
    return result;
}

} // namespace carecast::model::detail
