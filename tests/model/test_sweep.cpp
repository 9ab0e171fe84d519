#include "test_support.hpp"

#include <carecast/model/sweep.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <set>

using namespace carecast;

TEST_CASE("bad sweep files are refused with file, line, key and what is allowed") {
    const auto folder = test::source_path("tests/scenarios/bad-sweeps");
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        ++files;
        const std::string text = test::read_file(entry.path().string());
        const std::string name = entry.path().filename().string();
        std::smatch expect;
        REQUIRE(std::regex_search(text, expect, std::regex("# expect: ([^\n]+)")));
        auto result = model::parse_sweep(text, name);
        std::vector<model::ScenarioError> errors = result.errors;
        if (result.ok()) {
            // Parameter names and values are checked against the scenario they change.
            const auto base = result.sweep->scenario
                                  ? test::load_valid("tests/scenarios/small.toml")
                                  : test::england();
            errors = model::check_sweep_against(*result.sweep, base);
        }
        INFO(name);
        REQUIRE_FALSE(errors.empty());
        bool found = false;
        for (const auto& error : errors) {
            UNSCOPED_INFO(error.to_string());
            found = found || error.to_string().find(expect[1].str()) != std::string::npos;
            CHECK(error.to_string().rfind(name + ":", 0) == 0);
        }
        CHECK(found);
        std::smatch line;
        if (std::regex_search(text, line, std::regex("# line: ([0-9]+)"))) {
            CHECK(errors.front().line == std::stoi(line[1].str()));
        }
    }
    CHECK(files >= 6);
}

TEST_CASE("a grid sweep is every combination, first parameter slowest") {
    const auto result = model::parse_sweep(R"(
[sweep]
name = "grid"
[[parameters]]
key = "demand.annual_growth"
values = [0.0, 0.02]
[[parameters]]
key = "supply.domestic_multiplier"
from = 0.5
to = 1.5
steps = 3
)",
                                           "grid.toml");
    REQUIRE(result.ok());
    const auto design = result.sweep->design();
    REQUIRE(design.size() == 6);
    CHECK(design[0] == std::vector<double>{0.0, 0.5});
    CHECK(design[2] == std::vector<double>{0.0, 1.5});
    CHECK(design[3] == std::vector<double>{0.02, 0.5});
}

TEST_CASE("a Latin hypercube puts one point in every stratum of every parameter") {
    const auto result = model::parse_sweep(
        test::read_file(test::source_path("tests/scenarios/lhc.sweep.toml")), "lhc.sweep.toml");
    REQUIRE(result.ok());
    const auto& sweep = *result.sweep;
    const auto design = sweep.design();
    REQUIRE(design.size() == 8);
    for (std::size_t p = 0; p < sweep.parameters.size(); ++p) {
        std::set<int> strata;
        for (const auto& point : design) {
            const double t = (point[p] - sweep.parameters[p].from) /
                             (sweep.parameters[p].to - sweep.parameters[p].from);
            strata.insert(static_cast<int>(t * 8));
        }
        CHECK(strata.size() == 8);
    }
    CHECK(sweep.design() == design); // reproducible
}

TEST_CASE("a grid of a million values is checked by its smallest and largest value") {
    // Regression (found by fuzzing): every value used to be tried on a copy of the
    // scenario, which took minutes for steps = 1000000.
    const auto result = model::parse_sweep(R"(
[sweep]
name = "fine grid"
[[parameters]]
key = "demand.annual_growth"
from = 0.0
to = 0.05
steps = 1000000
)",
                                           "fine.toml");
    REQUIRE(result.ok());
    CHECK(result.sweep->parameters[0].values.size() == 1000000);
    CHECK(model::check_sweep_against(*result.sweep, test::england()).empty());
    auto too_far = *result.sweep;
    too_far.parameters[0].values.back() = 1.5;
    const auto errors = model::check_sweep_against(too_far, test::england());
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0].message, Catch::Contains("1.5 is out of range"));
}
