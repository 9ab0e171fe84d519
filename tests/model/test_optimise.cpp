// The optimiser's search on the twin, and the goals it reads.
#include "test_support.hpp"

#include <carecast/model/goal.hpp>
#include <carecast/model/optimise.hpp>

#include <catch2/catch.hpp>

using namespace carecast;

namespace {

model::Goal goal_of(const model::Scenario& s, const std::string& text, bool target = false) {
    auto parsed = model::parse_goal(text, s, target);
    if (const auto* why = std::get_if<std::string>(&parsed)) {
        FAIL(*why);
    }
    return std::get<model::Goal>(parsed);
}

std::string refusal(const model::Scenario& s, const std::string& text, bool target = false) {
    auto parsed = model::parse_goal(text, s, target);
    REQUIRE(std::holds_alternative<std::string>(parsed));
    return std::get<std::string>(parsed);
}

} // namespace

TEST_CASE("goals are read with role, group, area and years") {
    const model::Scenario s = test::england();
    const auto g = goal_of(s, "min vacancy_rate, registered manager, London, years 3-5");
    CHECK(g.metric == model::GoalMetric::VacancyRate);
    CHECK(g.role.has_value());
    CHECK(s.roles[*g.role].name == "registered manager");
    CHECK(s.areas[*g.area].name == "London");
    CHECK(g.first_month() == 25);
    CHECK(g.last_month() == 60);
    CHECK_FALSE(g.maximise);
    const auto t = goal_of(s, "bench_strength, group:managerial, year 10 >= 0.8", true);
    CHECK(t.group == model::RoleGroup::Managerial);
    CHECK(*t.threshold == 0.8);
    CHECK_FALSE(t.at_most);
    CHECK(t.shortfall(0.7) == Approx(0.1));
    CHECK(t.shortfall(0.9) == 0);
}

TEST_CASE("bad goals are refused quoting the expression and what is allowed") {
    const model::Scenario s = test::england();
    CHECK_THAT(refusal(s, "min vacancies, registered manager, year 5"),
               Catch::Contains("unknown metric \"vacancies\"; allowed: vacancy_rate"));
    CHECK_THAT(refusal(s, "min vacancy_rate, chief nurse, year 5"),
               Catch::Contains("no role is named \"chief nurse\""));
    CHECK_THAT(refusal(s, "min vacancy_rate, registered manager, year 11"),
               Catch::Contains("outside the horizon"));
    CHECK_THAT(refusal(s, "min vacancy_rate, registered manager, Atlantis, year 5"),
               Catch::Contains("no area is named \"Atlantis\""));
    CHECK_THAT(refusal(s, "lowest vacancy_rate, registered manager, year 5"),
               Catch::Contains("allowed: \"min METRIC\" or \"max METRIC\""));
    CHECK_THAT(refusal(s, "bench_strength, care worker, year 5 >= 1", true),
               Catch::Contains("needs a leadership role"));
    CHECK_THAT(refusal(s, "vacancy_rate, registered manager, year 5", true),
               Catch::Contains("a target ends with"));
    CHECK_THAT(refusal(s, "vacancy_rate, registered manager, year 5 <= lots", true),
               Catch::Contains("\"lots\" is not a number"));
    CHECK_THAT(refusal(s, "min vacancy_rate, registered manager, year 0"),
               Catch::StartsWith("\"min vacancy_rate, registered manager, year 0\""));
}

TEST_CASE("the search finds the known best use: the cheaper programme first, to its limit") {
    // Two programmes with the same effect on carers' retention, one costing GBP 1,000 a
    // place and the other GBP 2,000: GBP 1.5m buys 1,200 cheap places (the limit) and
    // 150 dear ones. The file lists the dear one first, so priority order differs.
    const model::Scenario s = test::load_valid("tests/scenarios/optimise_known.toml");
    const auto goal = goal_of(s, "max filled, carer, year 2");
    model::SearchOptions options;
    options.budget = 1'500'000;
    const auto search = model::best_use(s, goal, options);
    REQUIRE_FALSE(search.candidates.empty());
    const auto& best = search.candidates.front().places;
    CHECK(std::abs(best[0] - 150) <= 1);  // dear
    CHECK(std::abs(best[1] - 1200) <= 1); // cheap
    CHECK(model::allocation_cost(s, best) <= 1'500'000);
    const auto split = model::priority_split(s, 1'500'000);
    CHECK(split[0] == 750); // the dear one first: a different answer to beat
    CHECK(search.candidates.front().twin_value > model::twin_value(s, goal, split));
    // The same options give the same answer.
    const auto again = model::best_use(s, goal, options);
    CHECK(again.candidates.front().places == best);
}
