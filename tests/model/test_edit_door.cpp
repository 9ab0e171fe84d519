// The one door for every change to a loaded scenario: values checked before they are
// assigned, the whole scenario checked as a file would be, all or nothing.
#include "test_support.hpp"

#include <carecast/model/scenario_edit.hpp>

#include <catch2/catch.hpp>

using namespace carecast;

TEST_CASE("for every editable key, a refused value leaves the scenario byte-identical") {
    const model::Scenario england = test::england();
    const std::string before = model::to_toml(england);
    std::vector<std::string> keys{"scenario.horizon_years",
                                  "scenario.horizon_months",
                                  "scenario.seed",
                                  "demand.annual_growth",
                                  "supply.domestic_multiplier",
                                  "supply.international_multiplier",
                                  "training.annual_budget",
                                  "workforce.readiness_per_month",
                                  "groups.managerial.demand_growth"};
    for (const auto& role : england.roles) {
        for (const char* field : {"turnover", "fill_rate", "within_sector_share", "supply_domestic",
                                  "supply_international", "demand_growth"}) {
            keys.push_back("roles." + role.name + "." + field);
        }
    }
    for (const auto& p : england.programmes) {
        for (const char* field : {"baseline_places_per_year", "max_funded_places_per_year",
                                  "cost_per_place", "readiness_boost", "promotion_multiplier",
                                  "retention_multiplier", "completion_rate"}) {
            keys.push_back("programmes." + p.name + "." + field);
        }
    }
    for (const auto& key : keys) {
        for (double bad : {-1e15, -2.0, 1e16, std::nan("")}) {
            model::Scenario s = england;
            INFO(key << " = " << bad);
            REQUIRE(model::set_parameter(s, key, bad).has_value());
            CHECK(model::to_toml(s) == before);
            REQUIRE(model::apply_edits(s, {{key, bad}}).has_value());
            CHECK(model::to_toml(s) == before);
        }
    }
}

TEST_CASE("an edit the loader would refuse is refused, and nothing changes") {
    model::Scenario s = test::england();
    const std::string before = model::to_toml(s);
    // A turnover below what retirement alone takes: in range for the key, refused by the
    // whole-scenario check, as `carecast validate` refuses it in a file.
    const auto error = model::apply_edits(
        s, {{"demand.annual_growth", 0.02}, {"roles.registered manager.turnover", 0.0}});
    REQUIRE(error.has_value());
    CHECK_THAT(*error, Catch::Contains("roles[6].turnover"));
    CHECK_THAT(*error, Catch::Contains("retirement alone"));
    CHECK(model::to_toml(s) == before);
    // Sizes too: limits as the front end sets them.
    model::LoadLimits small;
    small.max_agents = 1000;
    small.max_agents_reason = "a test limit";
    REQUIRE(model::apply_edits(s, {{"scenario.horizon_years", 20}}, small).has_value());
    CHECK(model::to_toml(s) == before);
    // A good set of edits lands whole.
    REQUIRE_FALSE(
        model::apply_edits(s, {{"demand.annual_growth", 0.02}, {"scenario.horizon_years", 5}}));
    CHECK(s.demand_growth == 0.02);
    CHECK(s.horizon_months == 60);
}

TEST_CASE("whole-number keys and seeds are refused, not rounded") {
    model::Scenario s = test::england();
    CHECK_THAT(*model::set_parameter(s, "scenario.horizon_years", 1.04),
               Catch::Contains("not a whole number"));
    CHECK_THAT(*model::set_parameter(s, "scenario.seed", -1), Catch::Contains("out of range"));
    CHECK_FALSE(model::parse_seed("18446744073709551616").has_value());
    CHECK_FALSE(model::parse_seed("99999999999999999999999").has_value());
    CHECK_FALSE(model::parse_seed("-1").has_value());
    CHECK_FALSE(model::parse_seed("12abc").has_value());
    CHECK(*model::parse_seed("9223372036854775807") == 9223372036854775807ull);
    CHECK_FALSE(model::parse_seed("9223372036854775808").has_value());
}

TEST_CASE("parameter keys name the scenario's own roles and programmes") {
    const model::Scenario s = test::england();
    const auto keys = model::parameter_keys(s);
    bool care_worker = false;
    bool diploma = false;
    for (const auto& key : keys) {
        care_worker = care_worker || key.find("roles.care worker.") == 0;
        diploma = diploma || key.find("programmes.Level 5 leadership") == 0;
    }
    CHECK(care_worker);
    CHECK(diploma);
}
