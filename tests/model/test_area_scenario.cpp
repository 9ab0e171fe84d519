// carecast new-area: a scenario derived from the England baseline reproduces the local
// figures it was given.
#include "test_support.hpp"

#include <carecast/model/area_scenario.hpp>
#include <carecast/model/scenario_edit.hpp>
#include <carecast/model/scenario_loader.hpp>
#include <carecast/sim/simulation.hpp>

#include <catch2/catch.hpp>

using namespace carecast;

namespace {

model::LoadResult derive(const model::LocalFigures& local) {
    const model::Scenario england = test::england();
    const auto written = model::write_area_scenario(england, "england.toml", local);
    REQUIRE(written.errors.empty());
    return model::parse_scenario(written.toml, "derived.toml");
}

// A council known only by its name and size.
model::Scenario small_area() {
    model::LocalFigures local;
    local.name = "Small";
    local.workers = 3'000;
    const auto loaded = derive(local);
    REQUIRE(loaded.ok());
    return **loaded.scenario;
}

} // namespace

TEST_CASE("a new-area scenario validates, runs and reproduces its local figures at month 0") {
    model::LocalFigures local;
    local.name = "Test council";
    local.workers = 12'000;
    local.vacancy_rate = 0.09;
    local.turnover = 0.30;
    local.registered_managers = 150;
    local.share_aged_55_plus = 0.29;
    local.training_budget = 250'000;
    const auto loaded = derive(local);
    INFO((loaded.ok() ? std::string() : loaded.errors.front().to_string()));
    REQUIRE(loaded.ok());
    const model::Scenario& s = **loaded.scenario;
    CHECK(s.name == "Test council");
    CHECK(s.areas.size() == 1);
    CHECK(s.training_budget == 250'000);

    const auto results = sim::run(*loaded.scenario, {2, 0});
    const auto start = results.total(0, {});
    CHECK(start.filled == 12'000);
    CHECK(*results.vacancy_rate(0, {}) == Approx(0.09).margin(0.002));
    sim::Selection rm;
    rm.role = static_cast<model::RoleId>(s.role_index("registered manager"));
    CHECK(results.total(0, rm).filled == 150);
    // Turnover as given, as realised over the first year (Skills for Care's definition).
    CHECK(*results.turnover_rate_12m(12, {}) == Approx(0.30).margin(0.02));
    double old = 0;
    for (const auto& role : s.roles) {
        old += role.filled * (role.age_profile[4] + role.age_profile[5]);
    }
    CHECK(old / 12'000 == Approx(0.29).margin(0.03));
    // The one director of a council stays one post.
    sim::Selection director;
    director.role = static_cast<model::RoleId>(s.role_index("director of adult social services"));
    CHECK(results.total(0, director).posts == 1);
}

TEST_CASE("new-area with only a name and a size keeps England's rates") {
    const auto results = sim::run(test::valid(small_area()), {1, 0});
    CHECK(results.total(0, {}).filled == 3'000);
    CHECK(*results.vacancy_rate(0, {}) == Approx(0.070).margin(0.003));
}

TEST_CASE("new-area keeps England's pipeline rules for each role") {
    const model::Scenario area = small_area();
    const model::Scenario england = test::england();
    for (const auto& role : england.roles) {
        INFO(role.name);
        const auto& here = area.roles[static_cast<std::size_t>(area.role_index(role.name))];
        CHECK(here.external_first_share == role.external_first_share);
        CHECK(here.entry_within_months == role.entry_within_months);
    }
}

TEST_CASE("new-area is written by the one writer: a save of it changes nothing") {
    model::LocalFigures local;
    local.name = "Saved council";
    local.workers = 5'000;
    local.turnover = 0.25;
    const model::Scenario england = test::england();
    const auto written = model::write_area_scenario(england, "england.toml", local);
    REQUIRE(written.errors.empty());
    const auto loaded = model::parse_scenario(written.toml, "derived.toml");
    REQUIRE(loaded.ok());
    CHECK(model::to_toml(**loaded.scenario) == written.toml);
    CHECK_THAT(written.toml, Catch::StartsWith("# Saved council: a scenario for one area"));
    CHECK_THAT(written.toml, Catch::Contains("turnover = 0.") &&
                                 Catch::Contains("(local all-role rate); england.toml's figure:"));
    // The national timeline holds locally: the care visa closes in the area too.
    const model::Scenario& area = **loaded.scenario;
    REQUIRE(area.events.size() == england.events.size());
    for (std::size_t e = 0; e < area.events.size(); ++e) {
        CHECK(area.events[e].parameter == england.events[e].parameter);
        CHECK(area.events[e].month == england.events[e].month);
    }
}

TEST_CASE("new-area refuses figures out of range and says what is allowed") {
    const model::Scenario england = test::england();
    model::LocalFigures local;
    local.name = "Bad";
    local.workers = 5;
    local.vacancy_rate = 0.7;
    const auto written = model::write_area_scenario(england, "england.toml", local);
    REQUIRE(written.errors.size() == 2);
    CHECK(written.errors[0].figure == "workers");
    CHECK_THAT(written.errors[0].message, Catch::Contains("5 is out of range; allowed: 10"));
    CHECK(written.errors[1].figure == "vacancy_rate");
    CHECK_THAT(written.errors[1].message, Catch::Contains("0.7 is out of range"));
    CHECK(written.toml.empty());
}
