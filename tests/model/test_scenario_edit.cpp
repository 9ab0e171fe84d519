#include "test_support.hpp"

#include <carecast/batch/output.hpp>

#include <carecast/model/scenario_edit.hpp>
#include <carecast/sim/simulation.hpp>

#include <catch2/catch.hpp>

using namespace carecast;

TEST_CASE("a saved scenario reads back to the same model and the same run") {
    // Read from its file (no round trip), so the comparison below is file vs saved.
    const auto loaded = model::parse_scenario(
        test::read_file(test::source_path("tests/scenarios/small.toml")), "small.toml");
    REQUIRE(loaded.ok());
    const model::Scenario& s = **loaded.scenario;
    const std::string text = model::to_toml(s);
    const auto again = model::parse_scenario(text, "saved.toml");
    for (const auto& error : again.errors) {
        UNSCOPED_INFO(error.to_string());
    }
    REQUIRE(again.ok());
    const model::Scenario& t = **again.scenario;
    REQUIRE(t.roles.size() == s.roles.size());
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        CHECK(t.roles[r].monthly_leave_hazard == Approx(s.roles[r].monthly_leave_hazard));
        CHECK(t.roles[r].entry_requires == s.roles[r].entry_requires);
    }
    CHECK(t.edges.size() == s.edges.size());
    CHECK(t.programmes.size() == s.programmes.size());
    CHECK(batch::results_csv(t, sim::run(*again.scenario, {2, 0})) ==
          batch::results_csv(s, sim::run(*loaded.scenario, {2, 0})));
}

TEST_CASE("parameters are set by name and the rates follow") {
    model::Scenario s = test::england();
    const int care = s.role_index("care worker");
    const double before = s.roles[care].monthly_leave_hazard;
    CHECK_FALSE(model::set_parameter(s, "roles.care worker.turnover=0.40"));
    CHECK(s.roles[care].turnover == 0.40);
    CHECK(s.roles[care].monthly_leave_hazard == Approx(before + (0.40 - 0.285) / 12));
    CHECK_FALSE(model::set_parameter(s, "demand.annual_growth=0.03"));
    CHECK(s.demand_growth == 0.03);
    CHECK_FALSE(model::set_parameter(s, "scenario.horizon_years=15"));
    CHECK(s.horizon_months == 180);
    CHECK_FALSE(model::set_parameter(s, "groups.managerial.demand_growth=0.05"));
    CHECK(*s.roles[s.role_index("registered manager")].demand_growth == 0.05);
    CHECK_FALSE(model::set_parameter(
        s, "programmes.Aspiring managers programme.baseline_places_per_year=3000"));
}

TEST_CASE("bad parameters say what is allowed") {
    model::Scenario s = test::england();
    CHECK_THAT(*model::set_parameter(s, "roles.care worker.turnover=1.5"),
               Catch::Contains("1.5 is out of range; allowed: a rate in [0, 1]"));
    CHECK_THAT(*model::set_parameter(s, "roles.carer.turnover=0.2"),
               Catch::Contains("no role is named \"carer\""));
    CHECK_THAT(
        *model::set_parameter(s, "demand.growth=0.2"),
        Catch::Contains("unknown parameter 'demand.growth'; allowed: scenario.horizon_years"));
    CHECK_THAT(*model::set_parameter(s, "demand.annual_growth=fast"),
               Catch::Contains("'fast' is not a number"));
    CHECK_THAT(*model::set_parameter(s, "seed"), Catch::Contains("expected key=value"));
}

TEST_CASE("a saved scenario holds the shortest numbers that read back exactly") {
    // Shares and rates below 0.1 sit in arrays and inline tables: the writer lays them
    // out itself (toml++'s own layout measure is undefined behaviour for them).
    model::Scenario s = test::england();
    s.roles[0].age_profile = {0.001, 0.05, 0.2, 0.3, 0.4, 0.049};
    const std::string text = model::to_toml(s);
    CHECK_THAT(text, Catch::Contains("age_profile = [0.001, 0.05, 0.2, 0.3, 0.4, 0.049]"));
    CHECK_THAT(text, Catch::Contains("share = 0.055\n"));
    CHECK_THAT(text, Catch::Contains("vacancy_multiplier = 0.768  # 6.3 / 8.3 / 0.989\n"));
    const auto again = model::parse_scenario(text, "saved.toml");
    REQUIRE(again.ok());
    CHECK((*again.scenario)->roles[0].age_profile == s.roles[0].age_profile);
    model::Scenario reread = **again.scenario;
    reread.source = s.source; // the header names the file it came from
    CHECK(model::to_toml(reread) == text);
}

TEST_CASE("a saved scenario keeps each number's source note, and says when a value changed") {
    model::Scenario s = test::england();
    const std::string kept = model::to_toml(s);
    CHECK_THAT(kept, Catch::Contains("turnover = 0.285  # care and support workers 28.5% (SfC "
                                     "2025)"));
    // A note of several lines stays above its value, as the file had it.
    CHECK_THAT(kept, Catch::Contains("# Posts +27% by 2040 (+470,000) tracking the 65+ "
                                     "population (SfC 2025):\n# 1.27^(1/15) - 1 = 1.6% a "
                                     "year.\nannual_growth = 0.016\n"));
    REQUIRE_FALSE(model::set_parameter(s, "demand.annual_growth", 0.02));
    CHECK_THAT(model::to_toml(s),
               Catch::Contains("1.6% a year.\nannual_growth = 0.02  # changed from 0.016 (as "
                               "above)\n"));
    REQUIRE_FALSE(model::set_parameter(s, "roles.care worker.turnover", 0.3));
    const std::string changed = model::to_toml(s);
    CHECK_THAT(changed, Catch::Contains("turnover = 0.3  # changed from 0.285 (care and support "
                                        "workers 28.5% (SfC 2025))"));
    // Read back, the notes are the same, and so is the text written again.
    auto again = test::parse_valid(changed, "saved.toml");
    again.source = s.source;
    CHECK(model::to_toml(again) == changed);
}

TEST_CASE("the writer keeps a file's header, its sections' order and their comments") {
    const std::string text = test::read_file(test::source_path("scenarios/england.toml"));
    const std::string written = model::to_toml(test::england());
    // The opening comment, line for line.
    const auto header_end = text.find("\n\n[scenario]");
    REQUIRE(header_end != std::string::npos);
    CHECK(written.substr(0, header_end + 1) == text.substr(0, header_end + 1));
    // The sections in the file's order, not the alphabet's.
    std::size_t previous = 0;
    for (const char* section :
         {"[scenario]", "[workforce]", "[retirement]", "[demand]", "[supply]", "[labour_market]",
          "[[areas]]", "[[area_rates]]", "[[roles]]", "[[events]]", "[[edges]]", "[[programmes]]",
          "[training]", "[[uncertainty]]"}) {
        INFO(section);
        const auto at = written.find(std::string("\n") + section + "\n");
        REQUIRE(at != std::string::npos);
        CHECK(at > previous);
        previous = at;
    }
    CHECK_THAT(written, Catch::Contains("name = 'England baseline 2024/25'\ndescription = "));
    // Every comment's text, on a line of its own or after its value; but the note on
    // [workforce] age_profile, which is written out as each role's own profile.
    const model::Scenario england = test::england();
    const std::string age_note = england.source_notes.at("workforce.age_profile").note;
    std::istringstream lines(text);
    int comments = 0;
    for (std::string line; std::getline(lines, line);) {
        const auto hash = line.find("# ");
        if (hash == std::string::npos || line.find_first_not_of(' ') != hash) {
            continue;
        }
        const std::string comment = line.substr(hash + 2);
        if (age_note.find(comment) == std::string::npos) {
            INFO(comment);
            CHECK(written.find(comment) != std::string::npos);
            ++comments;
        }
    }
    CHECK(comments > 100);
}

TEST_CASE("saving an edit in place keeps every comment line of england.toml") {
    const std::string text = test::read_file(test::source_path("scenarios/england.toml"));
    const model::Scenario before = test::parse_valid(text, "england.toml");
    model::Scenario after = before;
    REQUIRE_FALSE(model::set_parameter(after, "roles.care worker.turnover", 0.3));
    REQUIRE_FALSE(model::set_parameter(after, "training.annual_budget", 500000));
    after.name = "My England";
    const auto saved = model::edit_in_place(text, before, after);
    REQUIRE(saved.has_value());
    // Every comment line of the original, in order, is still there.
    std::istringstream original(text);
    std::size_t comments = 0;
    std::size_t from = 0;
    for (std::string line; std::getline(original, line);) {
        if (line.rfind('#', 0) == 0) {
            ++comments;
            const auto at = saved->find(line + "\n", from);
            INFO(line);
            REQUIRE(at != std::string::npos);
            from = at;
        }
    }
    CHECK(comments > 100);
    CHECK_THAT(*saved, Catch::Contains("# changed from 0.285; care and support workers 28.5%"));
    CHECK_THAT(*saved, Catch::Contains("annual_budget = 500000"));
    // And it reads back as the edited scenario.
    const model::Scenario again = test::parse_valid(*saved, "saved.toml");
    CHECK(again.name == "My England");
    CHECK(again.roles[0].turnover == 0.3);
    CHECK(again.training_budget == 500000);
    for (const auto& info : model::describe_parameters(after)) {
        INFO(info.key);
        CHECK(model::get_parameter(again, info.key) == info.value);
    }
}

TEST_CASE("an edit that cannot be made in place is left to the whole writer") {
    const std::string text = test::read_file(test::source_path("scenarios/england.toml"));
    const model::Scenario before = test::parse_valid(text, "england.toml");
    model::Scenario after = before;
    after.events.pop_back(); // a removed event has no line to change
    CHECK_FALSE(model::edit_in_place(text, before, after).has_value());
}
