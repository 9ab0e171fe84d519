// docs/scenario-format.md against the reader's own table of numeric keys
// (model/src/parameter_table.hpp): every key the reader takes is documented in its
// section, with the default the reader uses and, where the page states a range, the
// range the reader enforces. A key added to the reader without its line in the page,
// or a range changed in one place only, fails here.
#include "test_support.hpp"

#include "parameter_table.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <regex>
#include <sstream>

using namespace carecast;

namespace {

// One documented key: its section ("workforce", "roles", ...) and the row's cells.
struct DocRow {
    std::string type;
    std::string fallback;
};
using DocKeys = std::map<std::pair<std::string, std::string>, DocRow>;

std::vector<std::string> cells_of(const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream in(line.substr(1));
    for (std::string cell; std::getline(in, cell, '|');) {
        const auto first = cell.find_first_not_of(' ');
        const auto last = cell.find_last_not_of(' ');
        cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
    }
    return cells;
}

DocKeys documented_keys() {
    DocKeys keys;
    std::istringstream page(test::read_file(test::source_path("docs/scenario-format.md")));
    const std::regex heading(R"(^## `\[\[?([a-z_]+)\]\]?`)");
    const std::regex name("`([a-z_]+)`");
    std::string section;
    for (std::string line; std::getline(page, line);) {
        std::smatch m;
        if (std::regex_search(line, m, heading)) {
            section = m[1];
        } else if (line.rfind("## ", 0) == 0) {
            section.clear();
        } else if (!section.empty() && line.rfind("| `", 0) == 0) {
            const auto cells = cells_of(line);
            for (std::sregex_iterator it(cells[0].begin(), cells[0].end(), name), end; it != end;
                 ++it) {
                keys[{section, (*it)[1]}] = {cells.size() > 1 ? cells[1] : "",
                                             cells.size() > 2 ? cells[2] : ""};
            }
        }
    }
    return keys;
}

std::optional<double> number_in(const std::string& text) {
    try {
        std::size_t used = 0;
        const double value = std::stod(text, &used);
        return used == text.size() ? std::optional<double>(value) : std::nullopt;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// The range a type cell states ("multiplier, 0-10", "rate a year, -0.5 to 1"), if any.
std::optional<std::pair<double, double>> range_in(const std::string& type) {
    const std::regex range(R"((-?[0-9.]+(?:e[0-9]+)?)(?:-| to )(-?[0-9.]+(?:e[0-9]+)?)\s*$)");
    std::smatch m;
    const std::string last =
        type.substr(type.rfind(',') == std::string::npos ? 0 : type.rfind(',') + 1);
    if (!std::regex_search(last, m, range)) {
        return std::nullopt;
    }
    return std::pair{std::stod(m[1]), std::stod(m[2])};
}

void check_key(const DocKeys& docs, const std::string& section, const std::string& key,
               const model::detail::Range& range, std::optional<double> fallback) {
    INFO("[" << section << "] " << key << " in docs/scenario-format.md");
    const auto row = docs.find({section, key});
    REQUIRE(row != docs.end());
    if (const auto stated = range_in(row->second.type)) {
        INFO("the page says " << row->second.type << "; the reader allows " << range.allowed);
        CHECK(stated->first == range.min);
        CHECK(stated->second == range.max);
    }
    if (const auto documented = number_in(row->second.fallback); documented && fallback) {
        INFO("default: the page says " << row->second.fallback << ", the reader uses "
                                       << *fallback);
        CHECK(*documented == Approx(*fallback));
    }
}

} // namespace

TEST_CASE("docs/scenario-format.md documents every numeric key as the reader takes it") {
    const DocKeys docs = documented_keys();
    REQUIRE(docs.size() > 40);
    for (const auto& f : model::detail::kScenarioNumbers) {
        check_key(docs, f.table, f.key, f.range, f.fallback);
    }
    for (const auto& f : model::detail::kRoleNumbers) {
        check_key(docs, "roles", f.key, f.range,
                  f.required ? std::nullopt : std::optional<double>(f.fallback));
    }
    for (const auto& f : model::detail::kProgrammeNumbers) {
        check_key(docs, "programmes", f.key, f.range,
                  f.required ? std::nullopt : std::optional<double>(f.fallback));
    }
}

TEST_CASE("the docs check reads ranges and defaults as the page writes them") {
    CHECK(range_in("multiplier, 0-10") == std::pair{0.0, 10.0});
    CHECK(range_in("rate a year, -0.5 to 1") == std::pair{-0.5, 1.0});
    CHECK(range_in("0.05-0.95") == std::pair{0.05, 0.95});
    CHECK_FALSE(range_in("GBP a year").has_value());
    CHECK(number_in("1.0") == 1.0);
    CHECK_FALSE(number_in("the [workforce] value").has_value());
}
