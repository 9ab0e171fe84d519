#include "test_support.hpp"

#include <carecast/batch/output.hpp>
#include <carecast/model/optimise.hpp>

#include <carecast/sim/simulation.hpp>

#include <catch2/catch.hpp>

using namespace carecast;

namespace {

std::string csv_of(const model::Scenario& s, int threads, std::uint32_t replicate = 0) {
    return batch::results_csv(s, sim::run(test::valid(s), {threads, replicate}));
}

// England for 14 months with a GBP 50m training budget: funded places from month 1.
model::Scenario england_with_budget() {
    model::Scenario s = test::england();
    s.horizon_months = 14;
    s.training_budget = 50'000'000;
    return s;
}

} // namespace

TEST_CASE("same seed, byte-identical results at 1, 2 and 4 threads (England, 1 year)") {
    model::Scenario s = test::england();
    s.horizon_months = 12;
    const std::string one = csv_of(s, 1);
    CHECK(csv_of(s, 2) == one);
    CHECK(csv_of(s, 4) == one);
}

TEST_CASE("same seed, byte-identical results at 1, 2, 4 and 8 threads (small, 3 years)",
          "[threads]") {
    const model::Scenario s = test::load_valid("tests/scenarios/small.toml");
    const std::string one = csv_of(s, 1);
    for (int threads : {2, 4, 8}) {
        INFO(threads << " threads");
        CHECK(csv_of(s, threads) == one);
    }
}

TEST_CASE("with programmes and a budget, byte-identical at 1, 2, 3, 4, 8 and 16 threads "
          "(England, 14 months)",
          "[threads]") {
    // England spans about fifty 32,768-slot chunks, so every thread count splits the
    // scan and the enrolment candidates differently.
    const model::Scenario s = england_with_budget();
    const std::string one = csv_of(s, 1);
    CHECK(one.find("programme:all,enrolled_funded_places") != std::string::npos);
    for (int threads : {2, 3, 4, 8, 16}) {
        INFO(threads << " threads");
        CHECK(csv_of(s, threads) == one);
    }
}

TEST_CASE("another seed or replicate gives other results", "[threads]") {
    model::Scenario s = test::load_valid("tests/scenarios/small.toml");
    const std::string base = csv_of(s, 2);
    CHECK(csv_of(s, 2, 1) != base);
    s.seed += 1;
    CHECK(csv_of(s, 2) != base);
}

TEST_CASE("stepping month by month equals one run", "[threads]") {
    const model::Scenario s = test::load_valid("tests/scenarios/small.toml");
    sim::Simulation stepped(test::valid(s), {3, 0});
    while (!stepped.finished()) {
        stepped.step();
    }
    CHECK(batch::results_csv(s, stepped.results()) == csv_of(s, 1));
}

TEST_CASE("a run stopped early (the optimiser's verification) has the full run's months") {
    const model::Scenario s = test::load_valid("tests/scenarios/small.toml");
    const sim::Results full = sim::run(test::valid(s), {2, 0});
    sim::RunCallbacks callbacks;
    callbacks.last_month = 20;
    const sim::Results early = sim::run(test::valid(s), {2, 0}, callbacks);
    REQUIRE(early.completed_months == 20);
    REQUIRE(full.completed_months == s.horizon_months);
    for (int m = 0; m <= 20; ++m) {
        INFO("month " << m);
        const sim::CellMonth a = early.total(m, {});
        const sim::CellMonth b = full.total(m, {});
        CHECK(a.filled == b.filled);
        CHECK(a.posts == b.posts);
        CHECK(a.starters() == b.starters());
        CHECK(a.leavers_exit == b.leavers_exit);
        CHECK(a.ready_successors == b.ready_successors);
    }
}

TEST_CASE("a run started from another run's people at month 0 gives its own results, to the "
          "byte",
          "[threads]") {
    // Two uses of a training budget: the optimiser's verification under common random
    // numbers sets each replicate's people up once and starts every allocation from them.
    const model::Scenario base = england_with_budget();
    const model::Scenario other = model::with_allocation(base, {3000, 600, 400, 200});
    const auto valid_base = test::valid(base);
    const auto valid_other = test::valid(other);
    const sim::RunConfig config{2, 3};
    const std::string own = batch::results_csv(other, sim::run(valid_other, config));
    const std::string base_own = batch::results_csv(base, sim::run(valid_base, config));
    CHECK(own != base_own); // the allocation matters to the results
    for (int threads : {1, 2}) {
        INFO(threads << " threads");
        sim::Simulation first(valid_base, {threads, 3});
        const auto kept = first.month_zero();
        CHECK(batch::results_csv(other, sim::run(valid_other, {threads, 3}, *kept)) == own);
        // The run they were kept from goes on as if nothing had been taken.
        CHECK(batch::results_csv(base, sim::run(first)) == base_own);
    }
    sim::Simulation first(valid_base, config);
    const auto kept = first.month_zero();
    model::Scenario changed = base;
    changed.turnover_multiplier = 1.1;
    CHECK_THROWS_WITH(sim::Simulation(test::valid(changed), config, *kept),
                      Catch::Contains("same scenario"));
    CHECK_THROWS_WITH(sim::Simulation(valid_base, {2, 4}, *kept),
                      Catch::Contains("same replicate"));
    first.step();
    CHECK_THROWS_AS(first.month_zero(), std::logic_error);
}
