#include "test_support.hpp"

#include <carecast/sim/simulation.hpp>

#include <catch2/catch.hpp>

using namespace carecast;

namespace {

void check_stock_accounting(const model::Scenario& s, const sim::Results& results) {
    for (int m = 1; m <= results.completed_months; ++m) {
        for (int r = 0; r < results.roles(); ++r) {
            for (int a = 0; a < results.areas(); ++a) {
                const auto& before = results.cell(m - 1, static_cast<model::RoleId>(r),
                                                  static_cast<model::AreaId>(a));
                const auto& now =
                    results.cell(m, static_cast<model::RoleId>(r), static_cast<model::AreaId>(a));
                INFO("month " << m << ", " << s.roles[r].name << ", " << s.areas[a].name);
                REQUIRE(now.filled == before.filled + now.starters() - now.leavers());
                REQUIRE(now.filled >= 0);
                REQUIRE(now.filled <= now.posts); // demand only grows in these scenarios
            }
        }
    }
}

} // namespace

TEST_CASE("month 0 holds exactly the scenario's stocks") {
    const model::Scenario s = test::england();
    sim::Simulation simulation(test::valid(s), {2, 0});
    const auto& results = simulation.results();
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        const auto posts = model::split_by_area(s, static_cast<model::RoleId>(r), s.roles[r].posts);
        std::int64_t filled = 0;
        for (std::size_t a = 0; a < s.areas.size(); ++a) {
            const auto role = static_cast<model::RoleId>(r);
            const auto area = static_cast<model::AreaId>(a);
            const auto& c = results.cell(0, role, area);
            CHECK(c.filled == s.cell(role, area).filled);
            CHECK(c.posts == posts[a]);
            filled += c.filled;
        }
        // Regions differ in vacancy rate; England's filled posts per role do not move.
        CHECK(filled == std::llround(s.roles[r].filled));
    }
    CHECK(simulation.agents() == 1'600'000);
}

TEST_CASE("stock accounting holds every month, per role and area (small scenario, 3 years)") {
    const model::Scenario s = test::load_valid("tests/scenarios/small.toml");
    check_stock_accounting(s, sim::run(test::valid(s), {2, 0}));
}

TEST_CASE("stock accounting holds every month for the England baseline (2 years)") {
    model::Scenario s = test::england();
    s.horizon_months = 24;
    const sim::Results results = sim::run(test::valid(s), {2, 0});
    REQUIRE(results.completed_months == 24);
    check_stock_accounting(s, results);
}

TEST_CASE("a closed cohort shrinks as the exit hazard says (analytic)") {
    // No careers, no recruits (supply never matched: a zero matching efficiency), no
    // retirement and no moves (every leaver leaves the sector): only exits reduce the
    // stock, so after 12 months E[filled] = F (1 - h)^12 with h = turnover / 12.
    model::Scenario s = test::load_valid("tests/scenarios/small.toml");
    s.edges.clear();
    s.programmes.clear();
    s.training_priority.clear(); // it names the programmes
    s.retirement = {{100, 0.0}};
    s.max_working_age = 100;
    for (auto& role : s.roles) {
        role.matching_efficiency = 0;
        role.within_sector_share = 0;
    }
    s.horizon_months = 12;
    const sim::Results results = sim::run(test::valid(s), {2, 0});
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        const auto& role = s.roles[r];
        sim::Selection one;
        one.role = static_cast<model::RoleId>(r);
        const double survive = std::pow(1 - role.turnover / 12, 12);
        const double expected = role.filled * survive;
        const double sd = std::sqrt(role.filled * survive * (1 - survive));
        INFO(role.name);
        CHECK(std::abs(results.total(12, one).filled - expected) < 4 * sd + 1);
        CHECK(results.total(12, one).leavers_moved == 0);
        CHECK(results.total(12, one).starters() == 0);
    }
}

TEST_CASE("a cancelled run stops between months and says so", "[threads]") {
    const model::Scenario s = test::load_valid("tests/scenarios/small.toml");
    std::atomic<bool> cancel{false};
    sim::RunCallbacks callbacks;
    callbacks.cancel = &cancel;
    callbacks.on_month = [&](int month, int) {
        if (month == 5) {
            cancel = true;
        }
    };
    const sim::Results results = sim::run(test::valid(s), {1, 0}, callbacks);
    CHECK(results.cancelled);
    CHECK(results.completed_months == 5);
}
