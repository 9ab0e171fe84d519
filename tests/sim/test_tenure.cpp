// Leaving by time in the sector: newcomers leave at the scenario's ratio to the rest,
// each role's turnover still holds in the first year.
#include <carecast/model/scenario_edit.hpp>
#include <carecast/model/tenure.hpp>
#include <carecast/sim/detail/random.hpp>
#include <carecast/sim/simulation.hpp>

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>

using namespace carecast;
using sim::detail::Random;

TEST_CASE("a two-phase waiting time leaves at each phase's hazard") {
    // Newcomers' monthly chance 0.06 for their first 12 months, 0.03 after: of those
    // still there, the share leaving in a month, by month, from 200,000 keyed draws.
    const Random random(7, 0);
    constexpr int kPeople = 200'000;
    std::vector<int> left(40, 0);
    for (std::uint32_t id = 0; id < kPeople; ++id) {
        const auto months = Random::two_phase_months(
            0.06, 0.03, 12, random.words(id, 0, sim::detail::Purpose::Leave)[0]);
        if (months >= 1 && months < 40) {
            ++left[static_cast<std::size_t>(months)];
        }
    }
    double at_risk = kPeople;
    double first = 0;
    double later = 0;
    for (int m = 1; m < 40; ++m) {
        const double hazard = left[static_cast<std::size_t>(m)] / at_risk;
        (m <= 12 ? first : later) += hazard / (m <= 12 ? 12.0 : 27.0);
        at_risk -= left[static_cast<std::size_t>(m)];
    }
    std::printf("two-phase draws: monthly hazard %.4f in the first 12 months, %.4f after\n", first,
                later);
    CHECK(first == Approx(0.06).margin(0.002));
    CHECK(later == Approx(0.03).margin(0.002));
    // No first phase, or equal phases: the plain geometric draw.
    for (std::uint32_t w : {1u, 12345u, 4000000000u}) {
        CHECK(Random::two_phase_months(0.06, 0.03, 0, w) == Random::geometric_months(0.03, w));
        CHECK(Random::two_phase_months(0.03, 0.03, 12, w) == Random::geometric_months(0.03, w));
    }
}

TEST_CASE("newcomer and established hazards average to the given one") {
    const auto hazards = model::tenure_hazards(0.02, 2.1, 0.12);
    CHECK(hazards.newcomer == Approx(2.1 * hazards.established));
    CHECK(0.12 * hazards.newcomer + 0.88 * hazards.established == Approx(0.02));
}

TEST_CASE("England: each role's first-year turnover holds its input within a point, "
          "with newcomers leaving 2.1 times as often") {
    model::Scenario s = test::england();
    REQUIRE(s.newcomer_leaving_ratio == Approx(2.1));
    s.horizon_months = 12;
    s.events.clear();
    s.paths.clear();
    const auto results = sim::run(test::valid(s), {2, 0});
    std::printf("first-year turnover, input vs agents (England):\n");
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        sim::Selection one;
        one.role = static_cast<model::RoleId>(r);
        const double realised = *results.turnover_rate_12m(12, one);
        std::printf("  %-36s %5.1f%% %5.1f%%\n", s.roles[r].name.c_str(), 100 * s.roles[r].turnover,
                    100 * realised);
        INFO(s.roles[r].name);
        // A point, or chance's share for a small role (directors: 150 people).
        const double chance = 2.5 * std::sqrt(s.roles[r].turnover / s.roles[r].filled);
        CHECK(std::abs(realised - s.roles[r].turnover) <= std::max(0.01, chance));
    }
}

TEST_CASE("doubling the retirement hazard never lowers the count leaving the sector") {
    model::Scenario s = test::england();
    s.horizon_months = 24;
    s.events.clear();
    s.paths.clear();
    const auto leaving = [](const model::Scenario& x) {
        const auto results = sim::run(test::valid(x), {2, 0});
        double out = 0;
        for (int m = 1; m <= x.horizon_months; ++m) {
            const auto& c = results.total(m, {});
            out += static_cast<double>(c.leavers_exit + c.leavers_retired + c.left_between_jobs);
        }
        return out;
    };
    const double before = leaving(s);
    for (auto& step : s.retirement) {
        step.annual_hazard = std::min(1.0, 2 * step.annual_hazard);
    }
    model::derive_rates(s);
    const double after = leaving(s);
    std::printf("left the sector over two years: %.0f, with retirement doubled %.0f\n", before,
                after);
    CHECK(after >= before);
}
