#include "test_support.hpp"

#include <carecast/sim/simulation.hpp>

#include <catch2/catch.hpp>

using namespace carecast;

namespace {

sim::CellMonth year_total(const sim::Results& results, int year) {
    sim::CellMonth sum;
    for (int m = (year - 1) * 12 + 1; m <= year * 12; ++m) {
        sum.add(results.total(m, {}));
    }
    return sum;
}

} // namespace

TEST_CASE("baseline places and spend follow places a year and cost per place") {
    const model::Scenario s = test::load_valid("tests/scenarios/small.toml");
    const sim::Results results = sim::run(test::valid(s), {2, 0});
    const auto year1 = year_total(results, 1);
    CHECK(year1.programme_places == 240);
    CHECK(year1.programme_spend == Approx(240 * 2000.0));
    // Completions after 12 months: 80% of those who started (and stayed).
    const auto year2 = year_total(results, 2);
    CHECK(year2.programme_completions > 0.6 * 240);
    CHECK(year2.programme_completions < 0.85 * 240);
}

TEST_CASE("the programme's qualification opens the registered-manager route") {
    // Registered managers need the level 5 diploma; only the programme grants it to
    // senior care workers, so without the programme no one is promoted into the role.
    model::Scenario s = test::load_valid("tests/scenarios/small.toml");
    const auto with = sim::run(test::valid(s), {2, 0});
    s.programmes.clear();
    s.training_priority.clear(); // it names the programmes
    const auto without = sim::run(test::valid(s), {2, 0});
    sim::Selection rm;
    rm.role = static_cast<model::RoleId>(s.role_index("registered manager"));
    std::int64_t promoted_with = 0;
    std::int64_t promoted_without = 0;
    for (int m = 1; m <= s.horizon_months; ++m) {
        promoted_with += with.total(m, rm).starters_promoted;
        promoted_without += without.total(m, rm).starters_promoted;
    }
    CHECK(promoted_without == 0);
    CHECK(promoted_with > 0);
}
