// Leaving by time in the sector and age: newcomers and people aged 60+ leave at the
// scenario's ratios to the rest, and each role's turnover still holds in the first year.
#include <carecast/model/leaving_by_age.hpp>
#include <carecast/model/scenario_edit.hpp>
#include <carecast/model/tenure.hpp>
#include <carecast/sim/detail/leaving_draw.hpp>
#include <carecast/sim/detail/random.hpp>
#include <carecast/sim/rates.hpp>
#include <carecast/sim/simulation.hpp>

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>

using namespace carecast;
using sim::detail::Random;

TEST_CASE("a leaving draw leaves at each piece's chance, by tenure and age") {
    // A newcomer aged 59 1/2: 6 months as a newcomer under 60 (chance 0.04), 6 as a
    // newcomer aged 60+ (0.06), then established and 60+ (0.03). Of those still there,
    // the share leaving in a month, by month, from 300,000 keyed draws.
    const std::int64_t breaks[] = {60 * 12};
    const double chances[] = {0.02, 0.04, 0.03, 0.06};
    double per_logs[4];
    for (int k = 0; k < 4; ++k) {
        per_logs[k] = Random::per_log_survival(chances[k]);
    }
    const sim::detail::LeavingChances pieces{breaks, chances, per_logs};
    const Random random(7, 0);
    constexpr int kPeople = 300'000;
    std::vector<int> left(40, 0);
    for (std::uint32_t id = 0; id < kPeople; ++id) {
        const auto months = sim::detail::job_leaving_months(
            pieces, 12, 59 * 12 + 6, 1.0, random.words(id, 0, sim::detail::Purpose::Leave)[0]);
        if (months >= 1 && months < 40) {
            ++left[static_cast<std::size_t>(months)];
        }
    }
    double at_risk = kPeople;
    double piece[3] = {0, 0, 0};
    for (int m = 1; m < 40; ++m) {
        const double hazard = left[static_cast<std::size_t>(m)] / at_risk;
        const int k = m <= 6 ? 0 : m <= 12 ? 1 : 2;
        piece[k] += hazard / (k == 2 ? 27.0 : 6.0);
        at_risk -= left[static_cast<std::size_t>(m)];
    }
    std::printf("leaving draws: monthly chance %.4f (newcomer, under 60), %.4f (newcomer, 60+), "
                "%.4f (established, 60+)\n",
                piece[0], piece[1], piece[2]);
    CHECK(piece[0] == Approx(0.04).margin(0.002));
    CHECK(piece[1] == Approx(0.06).margin(0.002));
    CHECK(piece[2] == Approx(0.03).margin(0.002));
    // One piece in force for good (established, past the last break): the plain
    // geometric draw.
    for (std::uint32_t w : {1u, 12345u, 4000000000u}) {
        CHECK(sim::detail::job_leaving_months(pieces, 0, 61 * 12, 1.0, w) ==
              Random::geometric_months(0.03, w));
    }
    // Retention scales each chance: none left, never leaves.
    CHECK(sim::detail::job_leaving_months(pieces, 12, 40 * 12, 0.0, 99u) == -1);
}

TEST_CASE("older people leave at the ratio, retirement among their exits") {
    // A base chance of 2% a month: at 60+ and ratio 1.2, 2.4% in all, of which
    // retirement at 1% (continuous) leaves the rest to job leaving; above the rate,
    // retirement alone.
    const double at_60 = model::job_leaving_chance(0.02, 61, 1.2, 0.01);
    CHECK(1 - (1 - at_60) * std::exp(-0.01) == Approx(0.024));
    CHECK(model::job_leaving_chance(0.02, 50, 1.2, 0.0) == Approx(0.02));
    CHECK(model::job_leaving_chance(0.02, 70, 1.2, 0.05) == 0.0);
}

TEST_CASE("newcomer and established hazards average to the given one") {
    const auto hazards = model::tenure_hazards(0.02, 2.1, 0.12);
    CHECK(hazards.newcomer == Approx(2.1 * hazards.established));
    CHECK(0.12 * hazards.newcomer + 0.88 * hazards.established == Approx(0.02));
}

TEST_CASE("England: each role's first-year turnover holds its input within a point, "
          "with newcomers leaving 1.4 times as often",
          "[slow]") {
    model::Scenario s = test::england();
    REQUIRE(s.newcomer_leaving_ratio == Approx(1.4));
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

TEST_CASE("doubling the retirement hazard never lowers the count leaving the sector", "[slow]") {
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

TEST_CASE("people in their first year in the sector leave at the ratio the scenario sets") {
    // The small test workforce with newcomers leaving twice as often as the rest, and
    // age and retirement out of the way (no retirement steps; nobody reaches 80 in three
    // years): first-year turnover over the rest's, from the results' own metrics.
    model::Scenario s = test::load_valid("tests/scenarios/small.toml");
    s.newcomer_leaving_ratio = 2.0;
    s.older_leaving_ratio = 1.0;
    s.retirement.clear();
    s.horizon_months = 36;
    model::derive_rates(s);
    const auto results = sim::run(test::valid(s), {2, 0});
    const auto total_of = [&](int m) { return results.total(m, {}); };
    for (int month : {24, 36}) {
        const double first = *sim::rates::first_year_turnover_12m(month, total_of);
        const double rest = *sim::rates::later_years_turnover_12m(month, total_of);
        std::printf("month %d: first-year turnover %.1f%%, the rest %.1f%%, ratio %.2f\n", month,
                    100 * first, 100 * rest, first / rest);
        CHECK(first / rest == Approx(2.0).margin(0.15));
    }
}
