// The one door for every change to a loaded scenario: values checked before they are
// assigned, the whole scenario checked as a file would be, all or nothing.
#include "test_support.hpp"

#include <carecast/model/scenario_edit.hpp>

#include <catch2/catch.hpp>

#include <regex>

using namespace carecast;

TEST_CASE("for every editable key, a refused value leaves the scenario byte-identical") {
    const model::Scenario england = test::england();
    const std::string before = model::to_toml(england);
    // Every key the schema lets an edit change, for every role, programme and edge.
    std::vector<std::string> keys{"scenario.horizon_months"};
    for (const auto& info : model::describe_parameters(england)) {
        keys.push_back(info.key);
    }
    REQUIRE(keys.size() > 150);
    const model::ValidScenario valid = test::valid(england);
    for (const auto& key : keys) {
        for (double bad : {-1e15, -2.0, 1e19, std::nan("")}) {
            model::Scenario s = england;
            INFO(key << " = " << bad);
            REQUIRE(model::set_parameter(s, key, bad).has_value());
            CHECK(model::to_toml(s) == before);
            model::ValidScenario v = valid;
            REQUIRE(model::apply_edits(v, {{key, bad}}).has_value());
            CHECK(model::to_toml(*v) == before);
        }
    }
}

TEST_CASE("an edit the loader would refuse is refused, and nothing changes") {
    model::ValidScenario s = test::valid(test::england());
    const std::string before = model::to_toml(*s);
    // A turnover below what retirement alone takes: in range for the key, refused by the
    // whole-scenario check, as `carecast validate` refuses it in a file.
    const auto error = model::apply_edits(
        s, {{"demand.annual_growth", 0.02}, {"roles.registered manager.turnover", 0.0}});
    REQUIRE(error.has_value());
    CHECK_THAT(*error, Catch::Contains("roles[6].turnover"));
    CHECK_THAT(*error, Catch::Contains("retirement alone"));
    CHECK(model::to_toml(*s) == before);
    // Sizes too: limits as the front end sets them.
    model::LoadLimits small;
    small.max_agents = 1000;
    small.max_agents_reason = "a test limit";
    REQUIRE(model::apply_edits(s, {{"scenario.horizon_years", 20}}, small).has_value());
    CHECK(model::to_toml(*s) == before);
    // A good set of edits lands whole.
    REQUIRE_FALSE(
        model::apply_edits(s, {{"demand.annual_growth", 0.02}, {"scenario.horizon_years", 5}}));
    CHECK(s->demand_growth == 0.02);
    CHECK(s->horizon_months == 60);
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

TEST_CASE("one seed rule: an edit takes any seed a file takes, exactly as typed") {
    auto valid = test::valid(test::load_valid("tests/scenarios/small.toml"));
    // 2^53 + 1: a double would round it to 2^53.
    const auto typed = model::parse_assignment("scenario.seed=9007199254740993");
    REQUIRE(typed);
    REQUIRE(!model::apply_edits(valid, {*typed}));
    CHECK(valid->seed == 9007199254740993ull);
    const auto largest = model::parse_assignment("scenario.seed=9223372036854775807");
    REQUIRE(!model::apply_edits(valid, {*largest}));
    CHECK(valid->seed == 9223372036854775807ull);
    const auto beyond = model::parse_assignment("scenario.seed=9223372036854775808");
    CHECK_THAT(*model::apply_edits(valid, {*beyond}), Catch::Contains("2^63 - 1"));
    CHECK(valid->seed == 9223372036854775807ull); // refused: unchanged
    model::Scenario s = test::load_valid("tests/scenarios/small.toml");
    REQUIRE(!model::set_parameter(s, "scenario.seed=12345678901234567"));
    CHECK(s.seed == 12345678901234567ull);
    CHECK_THAT(*model::set_parameter(s, "scenario.seed", 1e19), Catch::Contains("2^63 - 1"));
    // The file's rule says the same.
    const auto text = test::read_file(test::source_path("tests/scenarios/small.toml"));
    const auto file = model::parse_scenario(
        std::regex_replace(text, std::regex("seed = 42"), "seed = 9223372036854775807"), "f.toml");
    REQUIRE(file.ok());
    CHECK((*file.scenario)->seed == 9223372036854775807ull);
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

TEST_CASE("the loader and the editor share one table: the same value is refused by both, "
          "saying the same range") {
    const std::string small =
        test::read_file(std::string(CARECAST_SOURCE_DIR) + "/tests/scenarios/small.toml");
    struct Case {
        std::string file_line; // in small.toml
        std::string file_value;
        std::string key;
        double value;
        std::string allowed;
    };
    const std::vector<Case> cases{
        {"supply_domestic = 300", "supply_domestic = 2e12", "roles.care worker.supply_domestic",
         2e12, "allowed: a count in [0, 1e12]"},
        {"turnover = 0.28", "turnover = 1.5", "roles.care worker.turnover", 1.5,
         "allowed: a rate in [0, 1]"},
        {"cost_per_place = 2000", "cost_per_place = 2e13",
         "programmes.leadership diploma.cost_per_place", 2e13,
         "allowed: an amount in GBP in [0, 1e13]"},
        {"annual_growth = 0.02", "annual_growth = 1.5", "demand.annual_growth", 1.5,
         "allowed: an annual growth rate in [-0.5, 1]"},
    };
    for (const auto& c : cases) {
        INFO(c.key);
        std::string text = small;
        const auto at = text.find(c.file_line);
        REQUIRE(at != std::string::npos);
        text.replace(at, c.file_line.size(), c.file_value);
        const auto loaded = model::parse_scenario(text, "edited.toml");
        REQUIRE_FALSE(loaded.ok());
        CHECK_THAT(loaded.errors[0].message, Catch::Contains(c.allowed));
        model::Scenario s = test::parse_valid(small, "small.toml");
        const auto refused = model::set_parameter(s, c.key, c.value);
        REQUIRE(refused.has_value());
        CHECK_THAT(*refused, Catch::Contains(c.allowed));
    }
}
