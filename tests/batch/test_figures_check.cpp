// carecast check: published figures against a run.
#include "test_support.hpp"

#include <carecast/batch/figures_check.hpp>
#include <carecast/batch/output.hpp>
#include <carecast/sim/simulation.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace carecast;

namespace {

// A year of the small scenario written as `carecast run` writes it.
std::filesystem::path small_run() {
    static const std::filesystem::path folder = [] {
        auto s = test::load_valid("tests/scenarios/small.toml");
        s.horizon_months = 12;
        const auto results = sim::run(test::valid(s), {2, 0});
        const auto dir = std::filesystem::temp_directory_path() / "carecast-check-test";
        std::filesystem::create_directories(dir);
        std::ofstream(dir / "results.csv") << batch::results_csv(s, results);
        return dir;
    }();
    return folder;
}

} // namespace

TEST_CASE("check: a figure within tolerance passes, one outside fails") {
    const auto figures = batch::parse_figures(R"(# a comment line
figure,month,area,role,metric,published,tolerance,source
"filled, month 0",0,England,all,filled,23619,1%,"the scenario, to the person"
"care worker vacancy, month 0",0,England,care worker,vacancy_rate,0.08,0.001,test
"care worker vacancy, far off",0,England,care worker,vacancy_rate,0.20,0.01,"test, with a comma"
)",
                                              "figures.csv");
    REQUIRE(figures.errors.empty());
    REQUIRE(figures.figures.size() == 3);
    CHECK(figures.figures[2].source == "test, with a comma");
    const auto result = batch::check_run(small_run(), figures.figures);
    REQUIRE(result.errors.empty());
    REQUIRE(result.checks.size() == 3);
    CHECK(result.checks[0].within);
    CHECK(result.checks[0].mean == 23619);
    CHECK(result.checks[1].within);
    CHECK_FALSE(result.checks[2].within);
    CHECK_THAT(batch::check_report(result), Catch::Contains("2 of 3 figures within tolerance"));
}

TEST_CASE("check: bad figure files are refused with file and line") {
    const struct {
        const char* text;
        const char* expect;
    } cases[] = {
        {"figure,month,area\n", "figures.csv:1: the header is"},
        {"figure,month,area,role,metric,published,tolerance,source\nx,zero,England,all,filled,"
         "1,1%,s\n",
         "figures.csv:2: month \"zero\""},
        {"figure,month,area,role,metric,published,tolerance,source\nx,0,England,all,filled,"
         "lots,1%,s\n",
         "figures.csv:2: published \"lots\""},
        {"figure,month,area,role,metric,published,tolerance,source\n\nx,0,England,all,filled,"
         "1,-1,s\n",
         "figures.csv:3: tolerance \"-1\""},
        {"figure,month,area,role,metric,published,tolerance,source\nx,0,England,all,filled\n",
         "figures.csv:2: 5 fields; allowed: 8"},
        {"figure,month,area,role,metric,published,tolerance,source\n\"x,0,England\n",
         "figures.csv:2: a quoted field is not closed"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        const auto parsed = batch::parse_figures(c.text, "figures.csv");
        REQUIRE_FALSE(parsed.errors.empty());
        CHECK_THAT(parsed.errors[0], Catch::Contains(c.expect));
    }
    // A row the run does not have: said with the figure's line.
    const auto figures =
        batch::parse_figures("figure,month,area,role,metric,published,tolerance,source\n"
                             "late,500,England,all,filled,1,1%,s\n"
                             "nowhere,0,Midlands,all,filled,1,1%,s\n",
                             "figures.csv");
    REQUIRE(figures.errors.empty());
    const auto result = batch::check_run(small_run(), figures.figures);
    REQUIRE(result.errors.size() == 2);
    CHECK_THAT(result.errors[0], Catch::Contains("line 2: \"late\": results.csv has no row for "
                                                 "month 500"));
    CHECK_THAT(result.errors[1], Catch::Contains("line 3"));
}
