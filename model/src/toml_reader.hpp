// Typed, checked access to a toml++ table that records every problem with its place.
#pragma once

#include <carecast/model/scenario_loader.hpp>
#include <carecast/model/schema.hpp>

#include <toml++/toml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carecast::model::detail {

// Parses TOML text after the non-ASCII guard; on a problem, records it and returns
// nothing.
std::optional<toml::table> parse_toml(std::string_view text, const std::string& source,
                                      std::vector<ScenarioError>& errors);

class TomlReader {
  public:
    TomlReader(std::string file, std::vector<ScenarioError>& errors)
        : file_(std::move(file)), errors_(errors) {}

    void error(const toml::source_region& where, const std::string& key,
               const std::string& message);
    void error(const toml::node& where, const std::string& key, const std::string& message) {
        error(where.source(), key, message);
    }
    void error_without_place(const std::string& key, const std::string& message);
    std::size_t error_count() const { return errors_.size(); }

    // Reports keys of `table` that are not in `allowed`.
    void check_keys(const toml::table& table, const std::string& path,
                    std::initializer_list<std::string_view> allowed);
    // Reports keys of `table` that the scenario schema does not give its `section`
    // (retired keys pass, for the loader to refuse with their successor's name).
    void check_schema_keys(const toml::table& table, const std::string& path,
                           std::string_view section);

    std::optional<double> number(const toml::table& table, const std::string& path,
                                 std::string_view key, Range range, bool required);
    std::optional<std::int64_t> integer(const toml::table& table, const std::string& path,
                                        std::string_view key, std::int64_t min, std::int64_t max,
                                        bool required);
    // The same, with the range and whether the key is required from the scenario schema.
    std::optional<double> schema_number(const toml::table& table, const std::string& path,
                                        std::string_view section, std::string_view key);
    std::optional<std::int64_t> schema_integer(const toml::table& table, const std::string& path,
                                               std::string_view section, std::string_view key);
    std::optional<std::string> string(const toml::table& table, const std::string& path,
                                      std::string_view key, bool required);
    // One of `choices`, returned as its index.
    std::optional<int> choice(const toml::table& table, const std::string& path,
                              std::string_view key, const std::vector<std::string_view>& choices,
                              bool required);
    const toml::table* table(const toml::table& parent, const std::string& path,
                             std::string_view key, bool required);
    const toml::array* array(const toml::table& parent, const std::string& path,
                             std::string_view key, bool required);
    // An array of tables ([[name]]); entries that are not tables are reported.
    std::vector<const toml::table*> tables(const toml::table& parent, const std::string& path,
                                           std::string_view key, bool required);
    std::optional<std::vector<std::string>>
    strings(const toml::table& table, const std::string& path, std::string_view key, bool required);
    std::optional<std::vector<double>> numbers(const toml::table& table, const std::string& path,
                                               std::string_view key, Range range, bool required);

    static std::string join(const std::string& path, std::string_view key);
    static std::string indexed(const std::string& path, std::string_view key, std::size_t index);

  private:
    const toml::node* find(const toml::table& table, const std::string& path, std::string_view key,
                           bool required);

    std::string file_;
    std::vector<ScenarioError>& errors_;
};

} // namespace carecast::model::detail
