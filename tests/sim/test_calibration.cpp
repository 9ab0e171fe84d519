// The England baseline reproduces what it was given, over its first year.
#include "test_support.hpp"

#include <carecast/sim/simulation.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace carecast;

namespace {

const sim::Results& first_year() {
    static const sim::Results results = [] {
        model::Scenario s = test::england();
        s.horizon_months = 12;
        return sim::run(s, {2, 0});
    }();
    return results;
}

} // namespace

TEST_CASE("realised annual turnover per role is within 2 points of its input") {
    const model::Scenario s = test::england();
    const sim::Results& results = first_year();
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        const auto& role = s.roles[r];
        sim::Selection one;
        one.role = static_cast<model::RoleId>(r);
        const auto realised = results.turnover_rate_12m(12, one);
        REQUIRE(realised.has_value());
        INFO(role.name << ": input " << role.turnover << ", realised " << *realised);
        // Small roles (150 directors) get a binomial band; the rest the 2-point bar.
        const double sd = std::sqrt(role.turnover * (1 - role.turnover) / role.filled);
        if (role.filled >= 5000) {
            CHECK(std::abs(*realised - role.turnover) <= 0.02);
        }
        CHECK(std::abs(*realised - role.turnover) <= std::max(0.02, 4 * sd));
    }
}

TEST_CASE("the all-role vacancy rate stays within 2 points of the published 7.0%") {
    const sim::Results& results = first_year();
    CHECK(*results.vacancy_rate(0, {}) == Approx(0.070).margin(0.001));
    for (int m = 1; m <= 12; ++m) {
        INFO("month " << m);
        CHECK(std::abs(*results.vacancy_rate(m, {}) - 0.070) <= 0.02);
    }
}

TEST_CASE("demand growth is realised as specified") {
    const model::Scenario s = test::england();
    const sim::Results& results = first_year();
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        sim::Selection one;
        one.role = static_cast<model::RoleId>(r);
        const double start = static_cast<double>(results.total(0, one).posts);
        const double end = static_cast<double>(results.total(12, one).posts);
        INFO(s.roles[r].name);
        // Each area's posts round to whole posts: at most half a post each.
        CHECK(std::abs(end - start * (1 + s.demand_growth)) <= 0.5 * s.areas.size() + 1e-9);
    }
}

TEST_CASE("about two thirds of job leavers stay in the sector") {
    const sim::Results& results = first_year();
    double moved = 0;
    double job_leavers = 0;
    for (int m = 1; m <= 12; ++m) {
        const auto c = results.total(m, {});
        moved += static_cast<double>(c.leavers_moved);
        job_leavers += static_cast<double>(c.job_leavers());
    }
    // 67% of non-retirement leavers move; retirements pull the share a little lower.
    CHECK(moved / job_leavers == Approx(0.63).margin(0.04));
}
