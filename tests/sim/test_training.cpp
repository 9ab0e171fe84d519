// Training investment: two funders, a yearly plan spread over the months, and exact
// enrolment drawn among the eligible.
#include "test_support.hpp"

#include <carecast/model/scenario_loader.hpp>
#include <carecast/model/training_plan.hpp>
#include <carecast/sim/simulation.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace carecast;

namespace {

// Two roles: `workers` in a large one and `leads` in a small one; programmes as given.
model::Scenario two_role_scenario(double workers, double leads, const std::string& programmes,
                                  const std::string& training = "") {
    const std::string text = fmt::format(R"(
[scenario]
name = "training test"
horizon_months = 24
seed = 7
[[areas]]
name = "Here"
share = 1.0
[[roles]]
name = "worker"
group = "direct care"
level = "front-line worker"
filled = {}
vacancy_rate = 0.0
turnover = 0.2
supply_domestic = 100
[[roles]]
name = "lead"
group = "managerial"
level = "front-line leader"
filled = {}
vacancy_rate = 0.0
turnover = 0.1
supply_domestic = 10
[[edges]]
from = "worker"
to = "lead"
kind = "promotion"
monthly_rate = 0.001
{}
{}
)",
                                         workers, leads, programmes, training);
    return test::parse_valid(text, "training-test.toml");
}

std::string programme(const std::string& name, const std::string& eligible, double baseline,
                      double max_funded, double cost, int duration = 6) {
    return fmt::format(R"(
[[programmes]]
name = "{}"
eligible = ["{}"]
baseline_places_per_year = {}
max_funded_places_per_year = {}
cost_per_place = {}
duration_months = {}
)",
                       name, eligible, baseline, max_funded, cost, duration);
}

sim::ProgrammeMonth over_months(const sim::Results& r, std::size_t p, int from, int to) {
    sim::ProgrammeMonth sum;
    for (int m = from; m <= to; ++m) {
        sum.add(r.programme(m, p));
    }
    return sum;
}

} // namespace

TEST_CASE("a programme for a role holding 1% of a million people fills every place") {
    const auto s = two_role_scenario(990'000, 10'000, programme("leads", "lead", 2400, 0, 100));
    const auto r = sim::run(test::valid(s), {2, 0});
    const auto year = over_months(r, 0, 1, 12);
    CHECK(year.planned_baseline == 2400);
    CHECK(year.enrolled_baseline == 2400);
    CHECK(year.unfilled() == 0);
}

TEST_CASE("with fewer eligible people than places, everyone eligible enrols and the rest is a "
          "shortfall") {
    // 300 leads on six-month courses; 1,200 places a year (100 a month) outrun them.
    const auto s = two_role_scenario(50'000, 300, programme("leads", "lead", 1200, 0, 100));
    const auto r = sim::run(test::valid(s), {2, 0});
    sim::Selection lead;
    lead.role = 1;
    // In month 1 nobody is enrolled yet: all 100 places are taken. By month 4 the
    // leads not yet enrolled are fewer than the month's places: all of them enrol.
    CHECK(r.programme(1, 0).enrolled_baseline == 100);
    CHECK(r.programme(1, 0).unfilled() == 0);
    std::int64_t shortfall = 0;
    for (int m = 1; m <= 6; ++m) {
        const auto& pm = r.programme(m, 0);
        CHECK(pm.enrolled_baseline + pm.unfilled() == 100);
        shortfall += pm.unfilled();
    }
    CHECK(shortfall > 0);
    // Months 1-6 together enrol each lead who was there at most once.
    CHECK(over_months(r, 0, 1, 6).enrolled_baseline <= r.total(0, lead).filled + 60);
}

TEST_CASE("a budget that buys exactly the first programme's places buys nothing else") {
    const std::string both =
        programme("first", "worker", 0, 120, 1000) + programme("second", "worker", 0, 120, 1000);
    const auto in_order =
        two_role_scenario(50'000, 1000, both, "[training]\nannual_budget = 120000");
    const auto r = sim::run(test::valid(in_order), {2, 0});
    CHECK(over_months(r, 0, 1, 12).enrolled_funded == 120);
    CHECK(over_months(r, 1, 1, 12).enrolled_funded == 0);
    CHECK(r.budget_left(12) == Approx(0.0));

    const auto reversed =
        two_role_scenario(50'000, 1000, both,
                          "[training]\nannual_budget = 120000\npriority = [\"second\", \"first\"]");
    const auto q = sim::run(test::valid(reversed), {2, 0});
    CHECK(over_months(q, 0, 1, 12).enrolled_funded == 0);
    CHECK(over_months(q, 1, 1, 12).enrolled_funded == 120);
}

TEST_CASE("funded places are spread evenly over the year") {
    const auto s = two_role_scenario(50'000, 1000, programme("course", "worker", 0, 650, 1000),
                                     "[training]\nannual_budget = 700000");
    const auto r = sim::run(test::valid(s), {2, 0});
    for (int year = 0; year < 2; ++year) {
        std::int64_t total = 0;
        for (int m = year * 12 + 1; m <= year * 12 + 12; ++m) {
            const auto places = r.programme(m, 0).enrolled_funded;
            CHECK(places <= 650 / 12 + 1);
            total += places;
        }
        CHECK(total == 650);
    }
    // GBP 50,000 of the year's budget buys nothing (the limit is 650 places at 1,000):
    // reported each year, not carried into the next.
    CHECK(r.budget_left(12) == Approx(50'000.0));
    CHECK(r.budget_left(24) == Approx(50'000.0));
}

TEST_CASE("a zero budget gives the baseline's places, and more budget never fewer funded places") {
    const std::string programmes = programme("a", "worker", 240, 200, 1500) +
                                   programme("b", "lead", 24, 50, 4000) +
                                   programme("c", "worker", 0, 500, 700);
    model::Scenario s = two_role_scenario(50'000, 1000, programmes);
    s.training_budget = 0;
    const auto none = sim::run(test::valid(s), {2, 0});
    CHECK(over_months(none, 0, 1, 12).enrolled_baseline == 240);
    CHECK(over_months(none, 1, 1, 12).enrolled_baseline == 24);
    for (std::size_t p = 0; p < 3; ++p) {
        CHECK(over_months(none, p, 1, 24).enrolled_funded == 0);
    }
    std::vector<std::int64_t> previous(3, 0);
    for (double budget : {50'000.0, 100'000.0, 200'000.0, 400'000.0, 800'000.0}) {
        s.training_budget = budget;
        const auto plan = model::plan_training_year(s);
        s.training_budget = budget * 2;
        const auto doubled = model::plan_training_year(s);
        std::int64_t total = 0;
        std::int64_t total_doubled = 0;
        for (std::size_t p = 0; p < 3; ++p) {
            total += plan.funded_places[p];
            total_doubled += doubled.funded_places[p];
            CHECK(doubled.funded_places[p] >= plan.funded_places[p]);
            CHECK(plan.funded_places[p] >= previous[p]);
        }
        CHECK(total_doubled >= total);
        previous = plan.funded_places;
    }
}

TEST_CASE("an explicit allocation is funded as written") {
    const std::string both =
        programme("first", "worker", 0, 120, 1000) + programme("second", "worker", 0, 120, 1000);
    const auto s = two_role_scenario(
        50'000, 1000, both,
        "[training]\nannual_budget = 100000\n[training.funded_places]\nsecond = 60\nfirst = 36");
    const auto r = sim::run(test::valid(s), {2, 0});
    CHECK(over_months(r, 0, 1, 12).enrolled_funded == 36);
    CHECK(over_months(r, 1, 1, 12).enrolled_funded == 60);
    CHECK(r.budget_left(12) == Approx(4'000.0));
}

TEST_CASE("an allocation beyond the budget or a programme's limit is refused") {
    const std::string both =
        programme("first", "worker", 0, 120, 1000) + programme("second", "worker", 0, 120, 1000);
    const std::string text_budget = "[training]\nannual_budget = 100000\n[training.funded_places]\n"
                                    "first = 100\nsecond = 100";
    const std::string text_limit =
        "[training]\nannual_budget = 1000000\n[training.funded_places]\nfirst = 121";
    const std::string text_unknown =
        "[training]\nannual_budget = 1000000\n[training.funded_places]\nthird = 1";
    for (const auto& [training, expected] : std::vector<std::pair<std::string, std::string>>{
             {text_budget, "more than training.annual_budget"},
             {text_limit, "at most the programme's max_funded_places_per_year (120)"},
             {text_unknown, "no programme is named \"third\""}}) {
        const std::string text =
            fmt::format("[scenario]\nname = \"x\"\n[[areas]]\nname = \"Here\"\nshare = 1.0\n"
                        "[[roles]]\nname = \"worker\"\ngroup = \"direct care\"\nlevel = "
                        "\"front-line worker\"\nfilled = 100\n{}\n{}",
                        both, training);
        const auto loaded = model::parse_scenario(text, "bad-training.toml");
        REQUIRE_FALSE(loaded.ok());
        bool found = false;
        for (const auto& e : loaded.errors) {
            found = found || e.to_string().find(expected) != std::string::npos;
        }
        INFO(loaded.errors.front().to_string());
        CHECK(found);
    }
}

TEST_CASE("nobody is enrolled on a programme whose qualification they already hold") {
    model::Scenario s = test::load_valid("tests/scenarios/small.toml");
    s.programmes[0].baseline_places_per_year = 6000; // more than the eligible seniors
    const auto r = sim::run(test::valid(s), {2, 0});
    // Those enrolled never include holders: every completer gains the diploma, so the
    // seniors holding it never exceed those who completed, and shortfall appears.
    std::int64_t unfilled = 0;
    for (int m = 1; m <= s.horizon_months; ++m) {
        unfilled += r.programme(m, 0).unfilled();
    }
    CHECK(unfilled > 0);
}

TEST_CASE("monthly spreading of places adds up") {
    for (double per_year : {0.0, 1.0, 11.0, 12.0, 37.5, 240.0, 37000.0}) {
        std::int64_t sum = 0;
        for (int m = 1; m <= 36; ++m) {
            sum += model::baseline_places_in_month(per_year, m);
        }
        CHECK(sum == static_cast<std::int64_t>(std::floor(per_year * 3 + 1e-9)));
    }
    for (std::int64_t year : {0, 1, 11, 13, 150, 1000}) {
        std::int64_t sum = 0;
        for (int m = 1; m <= 12; ++m) {
            const auto places = model::funded_places_in_month(year, m);
            CHECK(places <= year / 12 + 1);
            sum += places;
        }
        CHECK(sum == year);
    }
}
