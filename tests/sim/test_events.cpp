// Scenarios that change over time: events and paths are realised exactly, the same at
// any thread count, and followed by the twin.
#include "test_support.hpp"

#include <carecast/batch/output.hpp>
#include <carecast/batch/scenario_file.hpp>
#include <carecast/model/markov_twin.hpp>
#include <carecast/sim/simulation.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace carecast;

namespace {

model::Scenario small_with(const std::string& extra, int years = 5) {
    std::string text = test::read_file(test::source_path("tests/scenarios/small.toml"));
    const auto at = text.find("horizon_years = 3");
    REQUIRE(at != std::string::npos);
    text.replace(at, 17, "horizon_years = " + std::to_string(years));
    return test::parse_valid(text + extra, "events.toml");
}

std::int64_t external(const sim::Results& r, int month) {
    return r.total(month, {}).starters_external;
}

} // namespace

TEST_CASE("a supply step at month 40 changes external starters from month 40, not before") {
    const auto s = small_with(R"(
[[events]]
name = "recruitment stops"
month = 40
parameter = "supply.domestic_multiplier"
value = 0.0
)");
    const auto results = sim::run(test::valid(s), {2, 0});
    for (int m = 30; m <= 39; ++m) {
        INFO("month " << m);
        CHECK(external(results, m) > 0);
    }
    for (int m = 40; m <= 60; ++m) {
        INFO("month " << m);
        CHECK(external(results, m) == 0);
    }
    // The twin follows the same step.
    const model::MarkovTwin twin(s);
    const auto path = twin.project(60);
    double before = 0;
    double after = 0;
    for (double x : path[39].external) {
        before += x;
    }
    for (double x : path[40].external) {
        after += x;
    }
    CHECK(before > 0);
    CHECK(after == 0);
}

TEST_CASE("a faster pace of readiness from an event moves the bench from that month") {
    // Readiness is the pace times the months in the role, so a faster pace makes people
    // ready sooner at once; the bench scheduled by the old pace is counted again. At a
    // pace of 0.25 points a month a senior care worker with the diploma's 10 points needs
    // 40 months for the registered manager's 20; at 0.75, the edge's 12.
    const std::string slow = R"(
[workforce]
readiness_per_month = 0.25
)";
    const std::string faster = slow + R"(
[[events]]
name = "readiness three times as fast"
month = 24
parameter = "workforce.readiness_per_month"
multiply = 3.0
)";
    const auto steady = sim::run(test::valid(small_with(slow)), {2, 0});
    const auto changed = sim::run(test::valid(small_with(faster)), {2, 0});
    const auto bench = [](const sim::Results& r, int month) {
        return r.total(month, {}).ready_successors;
    };
    for (int m = 0; m < 24; ++m) {
        INFO("month " << m);
        CHECK(bench(changed, m) == bench(steady, m));
    }
    INFO("month 24: " << bench(steady, 24) << " ready at the old pace, " << bench(changed, 24)
                      << " at the new");
    CHECK(bench(changed, 24) > bench(steady, 24) * 1.05);
    for (int m = 24; m <= 60; ++m) {
        INFO("month " << m);
        CHECK(changed.total(m, {}).ready_within_1y >= bench(changed, m));
    }
}

TEST_CASE("a ramp reaches its value at its last month, linearly from the value before") {
    const auto s = small_with(R"(
[[events]]
name = "fair pay"
date = "2026-01"
parameter = "roles.care worker.turnover"
multiply = 0.5
ramp_months = 6
)");
    const auto cw = static_cast<std::size_t>(s.role_index("care worker"));
    CHECK(s.at_month(12).roles[cw].turnover == 0.28);
    CHECK(s.at_month(13).roles[cw].turnover == Approx(0.28 - 0.14 / 6));
    CHECK(s.at_month(15).roles[cw].turnover == Approx(0.28 - 0.14 * 3 / 6));
    CHECK(s.at_month(18).roles[cw].turnover == 0.14);
    CHECK(s.at_month(60).roles[cw].turnover == 0.14);
    // The agents leave at the new rate: the third year's turnover near 14%, the
    // first's near 28%.
    const auto results = sim::run(test::valid(s), {2, 0});
    sim::Selection care_worker;
    care_worker.role = static_cast<model::RoleId>(cw);
    CHECK(std::abs(*results.turnover_rate_12m(12, care_worker) - 0.28) <= 0.02);
    CHECK(std::abs(*results.turnover_rate_12m(36, care_worker) - 0.14) <= 0.02);
}

TEST_CASE("a demand growth path gives the posts it specifies") {
    const auto s = small_with(R"(
[[paths]]
parameter = "demand.annual_growth"
years = [2026, 2027]
values = [0.05, 0.0]
)");
    const auto results = sim::run(test::valid(s), {2, 0});
    const auto posts = [&](int m) { return static_cast<double>(results.total(m, {}).posts); };
    CHECK(posts(12) / posts(0) == Approx(1.02).epsilon(0.002));  // the file's 2%
    CHECK(posts(24) / posts(12) == Approx(1.05).epsilon(0.002)); // 2026: 5%
    CHECK(posts(36) / posts(24) == Approx(1.0).epsilon(0.002));  // 2027 on: flat
    CHECK(posts(60) / posts(36) == Approx(1.0).epsilon(0.002));
}

TEST_CASE("events give byte-identical results at any thread count") {
    const auto s = small_with(R"(
[[events]]
name = "fair pay"
date = "2026-04"
parameter = "roles.care worker.turnover"
multiply = 0.75
ramp_months = 3

[[events]]
name = "exodus"
date = "2028-01"
parameter = "roles.senior care worker.turnover"
value = 0.4
)");
    const auto valid = test::valid(s);
    const std::string one = batch::results_csv(s, sim::run(valid, {1, 0}));
    for (int threads : {2, 3, 8}) {
        INFO(threads << " threads");
        CHECK(batch::results_csv(s, sim::run(valid, {threads, 0})) == one);
    }
}

TEST_CASE("a scenario that extends another equals the same scenario written in full") {
    const auto extended =
        batch::load_scenario(test::source_path("tests/scenarios/small-fair-pay.toml"), {});
    REQUIRE(extended.ok());
    // Written in full: small.toml with the same name, the care worker's turnover and the
    // event.
    std::string full = test::read_file(test::source_path("tests/scenarios/small.toml"));
    const auto replace = [&](const std::string& from, const std::string& to) {
        const auto at = full.find(from);
        REQUIRE(at != std::string::npos);
        full.replace(at, from.size(), to);
    };
    replace("name = \"small test workforce\"", "name = \"small test workforce, fair pay\"");
    replace("turnover = 0.28", "turnover = 0.25");
    full += R"(
[[events]]
name = "fair pay"
date = "2026-04"
parameter = "roles.care worker.turnover"
multiply = 0.8
ramp_months = 3
)";
    const auto written = test::parse_valid(full, "full.toml");
    const model::Scenario& s = **extended.scenario;
    CHECK(s.name == written.name);
    CHECK(s.roles[0].turnover == 0.25);
    CHECK(s.roles.size() == written.roles.size());
    CHECK(s.edges.size() == written.edges.size());
    REQUIRE(s.events.size() == 1);
    CHECK(batch::results_csv(s, sim::run(*extended.scenario, {2, 0})) ==
          batch::results_csv(written, sim::run(test::valid(written), {2, 0})));
    // A mistake in the extending file is said with that file's name and line.
    const auto bad = model::parse_scenario("extends = \"small.toml\"\n[[roles]]\nname = \"care "
                                           "worker\"\nturnover = 2.0\n",
                                           test::source_path("tests/scenarios/bad.toml"), {},
                                           batch::read_parent_scenario);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.errors[0].to_string().find("bad.toml:4:12: roles[0].turnover") != std::string::npos);
}

TEST_CASE("each shipped scenario loads, runs a year and keeps stock accounting") {
    for (const char* file : {"scenarios/international-route-reopened.toml",
                             "scenarios/fair-pay-2028.toml", "scenarios/exodus-2030.toml",
                             "scenarios/growth-65plus-2040.toml", "scenarios/england-2012.toml",
                             "scenarios/council-example.toml", "scenarios/fewer-moves.toml"}) {
        INFO(file);
        const auto loaded = batch::load_scenario(test::source_path(file), {});
        REQUIRE(loaded.ok());
        model::Scenario s = **loaded.scenario;
        s.horizon_months = 12;
        s.events.clear(); // a year: events past it would be refused
        s.paths.clear();
        const auto results = sim::run(test::valid(s), {2, 0});
        REQUIRE(results.completed_months == 12);
        for (int m = 1; m <= 12; ++m) {
            for (int r = 0; r < results.roles(); ++r) {
                for (int a = 0; a < results.areas(); ++a) {
                    const auto& before = results.cell(m - 1, static_cast<model::RoleId>(r),
                                                      static_cast<model::AreaId>(a));
                    const auto& now = results.cell(m, static_cast<model::RoleId>(r),
                                                   static_cast<model::AreaId>(a));
                    REQUIRE(now.filled == before.filled + now.starters() - now.leavers());
                }
            }
        }
    }
}

TEST_CASE("an event can change a career edge's rate, by the key --set takes") {
    const auto s = small_with(R"(
[[events]]
name = "the route closes"
month = 13
parameter = "edges.care worker->senior care worker.monthly_rate"
value = 0.0
)");
    CHECK(s.at_month(12).edges[0].monthly_rate == Approx(0.005));
    CHECK(s.at_month(13).edges[0].monthly_rate == 0);
    // Nobody applies along it from month 13: promotions into senior care worker stop.
    const auto results = sim::run(test::valid(s), {2, 0});
    sim::Selection senior;
    senior.role = static_cast<model::RoleId>(s.role_index("senior care worker"));
    std::int64_t before = 0;
    std::int64_t after = 0;
    for (int m = 1; m <= 12; ++m) {
        before += results.total(m, senior).starters_promoted;
        after += results.total(m + 12, senior).starters_promoted;
    }
    CHECK(before > 100);
    CHECK(after == 0);
}
