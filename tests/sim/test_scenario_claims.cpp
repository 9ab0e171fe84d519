// Each shipped scenario does what its header says: the change it names happens in the
// run, to what it names and nothing else, so a header and its file cannot disagree.
#include <carecast/batch/scenario_file.hpp>
#include <carecast/model/markov_twin.hpp>
#include <carecast/model/scenario_edit.hpp>
#include <carecast/sim/simulation.hpp>

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>

using namespace carecast;

namespace {

model::RoleId role_of(const model::Scenario& s, const std::string& name) {
    const int r = s.role_index(name);
    REQUIRE(r >= 0);
    return static_cast<model::RoleId>(r);
}

// A shipped scenario, read as the command line reads it (extends included).
model::Scenario load(const std::string& file) {
    const auto loaded = batch::load_scenario(test::source_path(file), {});
    for (const auto& error : loaded.errors) {
        UNSCOPED_INFO(error.to_string());
    }
    REQUIRE(loaded.ok());
    return **loaded.scenario;
}

// The month (1 = the run's first) of a calendar year and month.
int month_of(const model::Scenario& s, int year, int month) {
    return (year - s.start_year) * 12 + month;
}

double international(const model::Scenario& s, const std::string& role, int month) {
    const auto& in_force = s.at_month(month);
    return in_force.roles[role_of(in_force, role)].supply_international *
           in_force.international_supply_multiplier;
}

} // namespace

TEST_CASE("england.toml: the care visa closes to applicants from abroad in July 2025, "
          "switching within the UK ends in July 2028, nurses unaffected",
          "[slow]") {
    const model::Scenario s = test::england();
    const int closed = month_of(s, 2025, 8);
    const int switching_ends = month_of(s, 2028, 8);
    for (const char* role : {"care worker", "senior care worker", "other direct care"}) {
        INFO(role);
        const double before = international(s, role, closed - 1);
        CHECK(before > 0);
        CHECK(international(s, role, closed) == Approx(0.1 * before));
        CHECK(international(s, role, switching_ends - 1) == Approx(0.1 * before));
        CHECK(international(s, role, switching_ends) == 0);
    }
    const double nurses = international(s, "registered nurse", 1);
    CHECK(nurses > 0);
    CHECK(international(s, "registered nurse", s.horizon_months) == nurses);
    // The agents' international care worker recruits, year by year.
    const auto results = sim::run(test::valid(s), {2, 0});
    sim::Selection carers;
    carers.role = role_of(s, "care worker");
    std::printf("England baseline: care workers recruited from abroad, by year\n");
    std::vector<double> yearly;
    for (int year = 0; year * 12 < s.horizon_months; ++year) {
        double recruits = 0;
        for (int m = year * 12 + 1; m <= year * 12 + 12; ++m) {
            recruits += static_cast<double>(results.total(m, carers).starters_international);
        }
        yearly.push_back(recruits);
        std::printf("  %d: %.0f\n", s.start_year + year, recruits);
    }
    CHECK(yearly[1] < 0.2 * yearly[0]); // 2026: a tenth of a year of 2025's rate
    CHECK(yearly[4] == 0);              // 2029 on: none
}

TEST_CASE("international-route-reopened.toml: international recruits stay at 2024/25's") {
    const model::Scenario base = test::england();
    const model::Scenario s = load("scenarios/international-route-reopened.toml");
    for (const char* role :
         {"care worker", "senior care worker", "other direct care", "registered nurse"}) {
        INFO(role);
        for (int m : {1, month_of(s, 2025, 8), month_of(s, 2028, 8), s.horizon_months}) {
            CHECK(international(s, role, m) == international(base, role, 1));
        }
    }
}

TEST_CASE("fair-pay-2028.toml: care and senior care worker turnover down a quarter from "
          "April 2028 over 12 months, nothing else") {
    const model::Scenario base = test::england();
    const model::Scenario s = load("scenarios/fair-pay-2028.toml");
    const int reached = month_of(s, 2029, 3); // the twelfth month of the ramp
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        const std::string& name = s.roles[r].name;
        INFO(name);
        const bool cut = name == "care worker" || name == "senior care worker";
        CHECK(s.at_month(month_of(s, 2028, 3)).roles[r].turnover == base.roles[r].turnover);
        CHECK(s.at_month(reached).roles[r].turnover ==
              Approx(base.roles[r].turnover * (cut ? 0.75 : 1.0)));
    }
}

TEST_CASE("exodus-2030.toml: through 2030 direct care turnover x1.4 and domestic supply x0.8, "
          "then back") {
    const model::Scenario base = test::england();
    const model::Scenario s = load("scenarios/exodus-2030.toml");
    const int during = month_of(s, 2030, 6);
    const int after = month_of(s, 2031, 1);
    CHECK(s.at_month(during).domestic_supply_multiplier == Approx(0.8));
    CHECK(s.at_month(after).domestic_supply_multiplier == Approx(1.0));
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        INFO(s.roles[r].name);
        const bool direct_care = s.roles[r].group == model::RoleGroup::DirectCare &&
                                 s.roles[r].name != "personal assistant" &&
                                 s.roles[r].name != "other direct care";
        CHECK(s.at_month(during).roles[r].turnover ==
              Approx(base.roles[r].turnover * (direct_care ? 1.4 : 1.0)));
        CHECK(s.at_month(after).roles[r].turnover == Approx(base.roles[r].turnover));
    }
}

TEST_CASE("fewer-moves.toml: every role's moves between employers fall 10%, and only moves") {
    const model::Scenario base = test::england();
    const model::Scenario s = load("scenarios/fewer-moves.toml");
    const auto first_month = [](const model::Scenario& x) {
        return model::MarkovTwin(x).project(1)[1];
    };
    const auto a = first_month(base);
    const auto b = first_month(s);
    const model::MarkovTwin twin(s);
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        const auto role = static_cast<model::RoleId>(r);
        INFO(s.roles[r].name);
        CHECK(twin.total(b.moves, role) == Approx(0.9 * twin.total(a.moves, role)));
        CHECK(twin.total(b.exits, role) == Approx(twin.total(a.exits, role)));
    }
}

TEST_CASE("growth-65plus-2040.toml: posts +27% by 2040") {
    const model::Scenario s = load("scenarios/growth-65plus-2040.toml");
    REQUIRE(s.start_year + s.horizon_months / 12 == 2040);
    const model::MarkovTwin twin(s);
    const auto path = twin.project(s.horizon_months);
    double start = 0;
    double end = 0;
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        start += twin.total(path.front().posts, static_cast<model::RoleId>(r));
        end += twin.total(path.back().posts, static_cast<model::RoleId>(r));
    }
    CHECK(end / start == Approx(1.27).margin(0.005));
}

TEST_CASE("england-2012.toml: 2012/13's turnover, vacancies and posts, nurses' own fall, the "
          "market's tightness") {
    const model::Scenario s = load("scenarios/england-2012.toml");
    CHECK(s.turnover_multiplier == 1.0); // 23.1% in 2012/13, as in 2024/25
    // England's 4.4% of posts vacant in 2012/13, and posts growing from there to 2020/21's.
    double posts = 0;
    double vacant = 0;
    for (const auto& c : s.cells) {
        const double cell_posts = static_cast<double>(c.filled) / (1 - c.vacancy_rate);
        posts += cell_posts;
        vacant += cell_posts - static_cast<double>(c.filled);
    }
    CHECK(vacant / posts == Approx(0.044).margin(0.001));
    CHECK(s.demand_growth == Approx(0.0167));
    CHECK(s.at_month(month_of(s, 2016, 1)).turnover_multiplier == Approx(1.15));
    const auto nurse = role_of(s, "registered nurse");
    CHECK(s.roles[nurse].filled == 50700);
    CHECK(*s.roles[nurse].demand_growth == Approx(-0.042));
    CHECK(s.market_tightness == Approx(0.45));
    CHECK(s.at_month(month_of(s, 2021, 1)).market_tightness == Approx(1.72));
    // International recruits: 20,000 in 2021/22, then the visa route's 70,000.
    CHECK(s.at_month(month_of(s, 2021, 1)).international_supply_multiplier == Approx(0.4));
    CHECK(s.at_month(month_of(s, 2022, 1)).international_supply_multiplier == Approx(1.4));
    // The baseline's policy events fall after its horizon: not applied, and said so.
    CHECK_FALSE(s.notes.empty());
}

TEST_CASE("an event after the horizon is not applied, and said so") {
    model::Scenario s = test::england();
    const auto shorter = model::set_parameter(s, "scenario.horizon_years", 1);
    REQUIRE_FALSE(shorter);
    const auto valid = test::valid(s);
    // Re-read through the one door: the 2028 events are after a one-year run.
    bool noted = false;
    for (const auto& note : valid->notes) {
        noted = noted || note.find("In-country switching ends") != std::string::npos;
    }
    CHECK(noted);
    CHECK(valid->at_month(12).roles[role_of(s, "care worker")].supply_international ==
          Approx(0.1 * s.roles[role_of(s, "care worker")].supply_international));
}

TEST_CASE("FTE add up across roles and areas like the headcounts") {
    model::Scenario s = test::england();
    s.horizon_months = 12;
    const auto results = sim::run(test::valid(s), {2, 0});
    double england = 0;
    for (std::size_t a = 0; a < s.areas.size(); ++a) {
        sim::Selection area;
        area.area = static_cast<model::AreaId>(a);
        double by_role = 0;
        for (std::size_t r = 0; r < s.roles.size(); ++r) {
            sim::Selection cell = area;
            cell.role = static_cast<model::RoleId>(r);
            const auto& c = results.total(12, cell);
            CHECK(c.fte_filled == Approx(static_cast<double>(c.filled) * s.roles[r].fte_per_post));
            CHECK(c.fte_posts == Approx(static_cast<double>(c.posts) * s.roles[r].fte_per_post));
            by_role += c.fte_filled;
        }
        CHECK(results.total(12, area).fte_filled == Approx(by_role));
        england += by_role;
    }
    CHECK(results.total(12, {}).fte_filled == Approx(england));
    // England's file: 0.71 FTE a post (1.19 million FTE for 1.67 million jobs, 2020/21).
    CHECK(results.total(0, {}).fte_filled == Approx(0.71 * 1'600'000));
}
