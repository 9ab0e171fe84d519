// docs/scenario-format.md against the scenario schema (model/src/schema_table.hpp):
// every key a file may give is documented in its section with the schema's type and
// default, and, where the page states a range, the range the reader enforces; every key
// the page documents is the schema's. A key added to the schema without its line in the
// page, a key documented that the reader refuses, or a range changed in one place only
// fails here.
#include "test_support.hpp"

#include <carecast/model/schema.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <map>
#include <optional>
#include <regex>
#include <sstream>

using namespace carecast;

namespace {

// One documented key: its section ("workforce", "roles", "paths", ...) and the row's
// type and default cells (no default where the table has no such column).
struct DocRow {
    std::string type;
    std::optional<std::string> fallback;
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

// The page's tables: a section's heading names it (`## [[roles]]`), and a table whose
// header names a table of its own (`| [[paths]] key |`) is that table's.
DocKeys documented_keys() {
    DocKeys keys;
    std::istringstream page(test::read_file(test::source_path("docs/scenario-format.md")));
    const std::regex heading(R"(^## `\[\[?([a-z_]+)\]\]?`)");
    const std::regex table_header(R"(^\| `\[\[?([a-z_]+)\]\]?` key \|)");
    const std::regex name("`([a-z_]+)`");
    std::string section;
    std::size_t default_column = 0; // 0: the table has none (column 0 is the key)
    for (std::string line; std::getline(page, line);) {
        std::smatch m;
        if (std::regex_search(line, m, heading)) {
            section = m[1];
        } else if (line.rfind("## ", 0) == 0) {
            section.clear();
        } else if (section.empty()) {
            continue;
        } else if (std::regex_search(line, m, table_header) || line.rfind("| key |", 0) == 0) {
            if (m.size() > 1 && m[1].matched) {
                section = m[1];
            }
            const auto cells = cells_of(line);
            default_column = 0;
            for (std::size_t c = 0; c < cells.size(); ++c) {
                if (cells[c] == "default") {
                    default_column = c;
                }
            }
        } else if (line.rfind("| `", 0) == 0) {
            const auto cells = cells_of(line);
            for (std::sregex_iterator it(cells[0].begin(), cells[0].end(), name), end; it != end;
                 ++it) {
                keys[{section, (*it)[1]}] = {cells.size() > 1 ? cells[1] : "",
                                             default_column > 0 && default_column < cells.size()
                                                 ? std::optional<std::string>(cells[default_column])
                                                 : std::nullopt};
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

// The page's section for a schema section: a sub-table ("demand.path") is documented
// in its table's section.
std::string page_section(std::string_view section) {
    return std::string(section.substr(0, section.find('.')));
}

void check_key(const DocKeys& docs, const model::SchemaKey& k) {
    INFO("[" << k.section << "] " << k.key << " in docs/scenario-format.md");
    const auto row = docs.find({page_section(k.section), std::string(k.key)});
    REQUIRE(row != docs.end());
    CHECK(row->second.type == k.type);
    if (const auto stated = range_in(row->second.type)) {
        REQUIRE(k.range != nullptr);
        INFO("the page says " << row->second.type << "; the reader allows " << k.range->allowed);
        CHECK(stated->first == k.range->min);
        CHECK(stated->second == k.range->max);
    }
    if (row->second.fallback) {
        const auto documented = number_in(*row->second.fallback);
        INFO("default: the page says " << *row->second.fallback << ", the schema "
                                       << k.default_text);
        if (documented && k.fallback) {
            CHECK(*documented == Approx(*k.fallback));
        } else {
            CHECK(*row->second.fallback == k.default_text);
        }
    }
}

// Keys a file gives inside a section's tables (not the top level's tables, not the
// edit-only keys of groups, not retired keys, not an array of sub-tables whose own keys
// are documented).
bool file_key(const model::SchemaKey& k) {
    return !k.section.empty() && k.section != "groups" && k.use != model::KeyUse::Retired &&
           k.type != "tables";
}

} // namespace

TEST_CASE("docs/scenario-format.md documents every key the schema has, as the reader takes it") {
    const DocKeys docs = documented_keys();
    REQUIRE(docs.size() > 100);
    int checked = 0;
    for (const auto& k : model::scenario_schema()) {
        if (file_key(k)) {
            check_key(docs, k);
            ++checked;
        }
    }
    CHECK(checked > 100);
}

TEST_CASE("every key docs/scenario-format.md documents is a key the reader takes") {
    for (const auto& [place, row] : documented_keys()) {
        const auto& [section, key] = place;
        INFO("[" << section << "] " << key << " is documented");
        bool known = false;
        for (const auto& k : model::scenario_schema()) {
            known = known || (file_key(k) && page_section(k.section) == section && k.key == key);
        }
        CHECK(known);
    }
}

TEST_CASE("docs/scenario-format.md names the edit-only keys of a group of roles") {
    const std::string page = test::read_file(test::source_path("docs/scenario-format.md"));
    for (const auto& k : model::scenario_schema()) {
        if (k.section == "groups") {
            CHECK_THAT(page, Catch::Contains(fmt::format("groups.<group>.{}", k.key)));
        }
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
