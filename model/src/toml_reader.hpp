// Typed, checked access to a toml++ table that records every problem with its place.
#pragma once

#include <carecast/model/scenario_loader.hpp>

#include <toml++/toml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carecast::model::detail {

struct Range {
    double min;
    double max;
    const char* allowed; // said in the message, e.g. "a rate in [0, 1]"
};

inline constexpr Range kRate{0.0, 1.0, "a rate in [0, 1]"};
inline constexpr Range kCount{0.0, 1e12, "a count in [0, 1e12]"};
inline constexpr Range kMoney{0.0, 1e13, "an amount in GBP in [0, 1e13]"};
inline constexpr Range kGrowth{-0.5, 1.0, "an annual growth rate in [-0.5, 1] (0.02 = 2% a year)"};
// These ranges are the loader's and the editor's alike (parameter_table.hpp).
inline constexpr Range kSupplyMultiplier{0, 100, "a multiplier in [0, 100]"};
inline constexpr Range kEffectMultiplier{0, 10, "a multiplier in [0, 10]"};
inline constexpr Range kPoints{0, 100, "points in [0, 100]"};
inline constexpr Range kEfficiency{0, 10, "a matching efficiency in [0, 10]"};
inline constexpr Range kElasticity{0, 10, "an elasticity in [0, 10]"};
inline constexpr Range kMatchingElasticity{0.05, 0.95, "an elasticity in [0.05, 0.95]"};
inline constexpr Range kFte{0.05, 1.5, "full-time equivalents per post in [0.05, 1.5]"};
inline constexpr Range kIndex{0.1, 10, "an index in [0.1, 10] (2024/25 = 1)"};
inline constexpr Range kVacancyRate{0, 0.95, "a vacancy rate in [0, 0.95]"};
// An event's or a path's value: its parameter's own range is checked when it applies.
inline constexpr Range kAnyValue{-1e13, 1e13, "a number (its parameter's range applies)"};
inline constexpr Range kYear{1900, 2300, "a year in [1900, 2300]"};

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

    std::optional<double> number(const toml::table& table, const std::string& path,
                                 std::string_view key, Range range, bool required);
    std::optional<std::int64_t> integer(const toml::table& table, const std::string& path,
                                        std::string_view key, std::int64_t min, std::int64_t max,
                                        bool required);
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
