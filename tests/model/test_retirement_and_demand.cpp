#include "test_support.hpp"

#include <carecast/model/demand.hpp>
#include <carecast/model/retirement.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace carecast;

TEST_CASE("retirement age inverts the cumulative hazard") {
    model::Scenario s;
    s.retirement = {{60, 0.2}};
    s.max_working_age = 80;
    const double hazard = -std::log(0.8); // per year from 60
    // u = exp(-H): H = hazard * years past 60.
    CHECK(model::retirement_age(s, 40, std::exp(-hazard * 5)) == Approx(65));
    CHECK(model::retirement_age(s, 62, std::exp(-hazard * 5)) == Approx(67));
    CHECK(model::retirement_age(s, 40, 1e-300) == Approx(80)); // certain by the maximum age
}

TEST_CASE("retirement age crosses steps, skips a step with no hazard, stops at a certain one") {
    model::Scenario s;
    // Yearly hazards: h1 from 60, none from 65, h3 from 70, certain from 75.
    s.retirement = {{60, 0.2}, {65, 0.0}, {70, 0.5}, {75, 1.0}};
    s.max_working_age = 80;
    const double h1 = -std::log(0.8);
    const double h3 = -std::log(0.5);
    // Used up: h1 * 5 by 65, the same until 70, then h3 a year.
    CHECK(model::retirement_age(s, 30, std::exp(-h1 * 2.5)) == Approx(62.5));
    CHECK(model::retirement_age(s, 30, std::exp(-(h1 * 5 + h3 * 2))) == Approx(72));
    CHECK(model::retirement_age(s, 66, std::exp(-h3 * 1.5)) == Approx(71.5));
    CHECK(model::retirement_age(s, 61, std::exp(-(h1 * 4 + h3 * 3))) == Approx(73));
    // Not reached by 75: retired at 75, where it becomes certain; at or past it, at once.
    CHECK(model::retirement_age(s, 30, std::exp(-(h1 * 5 + h3 * 6))) == Approx(75));
    CHECK(model::retirement_age(s, 76, 0.5) == 76);
    CHECK(model::retirement_age(s, 80, 0.5) == 80);
    // With no hazard after the last step, the maximum age.
    s.retirement = {{60, 0.2}, {65, 0.0}};
    CHECK(model::retirement_age(s, 30, std::exp(-h1 * 6)) == 80);
    // Below the first step, nothing is used up.
    CHECK(model::retirement_age(s, 20, std::exp(-h1 * 1)) == Approx(61));
}

TEST_CASE("expected retirement of a profile weighs each band's hazard") {
    model::Scenario s;
    s.retirement = {{55, 0.12}};
    s.max_working_age = 90;
    model::AgeProfile young{1, 0, 0, 0, 0, 0};
    model::AgeProfile older{0, 0, 0, 0, 1, 0};
    CHECK(model::expected_monthly_retirement(s, young) == 0);
    CHECK(model::expected_monthly_retirement(s, older) ==
          Approx(1 - std::pow(1 - 0.12, 1.0 / 12)).epsilon(1e-9));
}

TEST_CASE("area split keeps every person and follows the shares") {
    const model::Scenario s = test::england();
    const auto split = model::split_by_area(s, 0, 860000);
    std::int64_t sum = 0;
    for (std::size_t a = 0; a < split.size(); ++a) {
        sum += split[a];
        CHECK(std::abs(split[a] - 860000 * s.areas[a].share) <= 1.0);
    }
    CHECK(sum == 860000);
}

TEST_CASE("the demand path compounds annual growth month by month") {
    model::Scenario s = test::load_valid("tests/scenarios/small.toml");
    s.demand_path = {{2, 0.10}};
    s.area_growth[1] = 0.05; // South
    model::DemandPath path(s);
    const auto start_north = path.posts(0, 0);
    const auto start_south = path.posts(0, 1);
    path.advance_to(12);
    CHECK(path.posts(0, 0) == std::llround(start_north * 1.02));
    CHECK(path.posts(0, 1) == std::llround(start_south * 1.05));
    path.advance_to(24);
    CHECK(path.posts(0, 0) == std::llround(start_north * 1.02 * 1.10)); // year 2 from the table
    CHECK(path.posts(0, 1) == std::llround(start_south * 1.05 * 1.05)); // area overrides the table
    CHECK(model::peak_posts(s) > path.total_posts());
}
