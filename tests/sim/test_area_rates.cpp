// Areas that differ: each realises its own rates, and England is their sum.
#include "test_support.hpp"

#include <carecast/model/calibration.hpp>
#include <carecast/model/markov_twin.hpp>
#include <carecast/model/scenario_edit.hpp>
#include <carecast/sim/simulation.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <iostream>

using namespace carecast;

namespace {

// The small test workforce with a calm North and a churning South.
const char* const kTwoAreas = R"(
[[area_rates]]
area = "North"
role = "care worker"
vacancy_rate = 0.04
turnover = 0.20

[[area_rates]]
area = "South"
role = "care worker"
vacancy_rate = 0.12
turnover = 0.36
)";

model::Scenario two_areas() {
    const std::string text =
        test::read_file(test::source_path("tests/scenarios/small.toml")) + kTwoAreas;
    auto s = test::parse_valid(text, "two_areas.toml");
    s.horizon_months = 12;
    // Matching efficiencies that hold the vacancy rates, each area's multiplier too, as
    // England's are (what `carecast calibrate` writes into a file).
    const auto fits = model::calibrate_matching(s, 12);
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        s.roles[r].matching_efficiency = fits.roles[r].matching_efficiency;
        s.roles[r].supply_domestic = fits.roles[r].supply_domestic;
    }
    for (const auto& area : fits.areas) {
        model::AreaRates rates;
        rates.area = static_cast<model::AreaId>(s.area_index(area.area));
        rates.matching_efficiency_multiplier = area.multiplier;
        s.area_rates.push_back(rates);
    }
    return *test::valid(s);
}

double mean_vacancy(const sim::Results& results, const sim::Selection& where) {
    double sum = 0;
    for (int m = 1; m <= 12; ++m) {
        sum += *results.vacancy_rate(m, where);
    }
    return sum / 12;
}

} // namespace

TEST_CASE("two areas with different turnover and vacancy realise their own rates") {
    const auto s = two_areas();
    const auto results = sim::run(test::valid(s), {2, 0});
    const auto care_worker = static_cast<model::RoleId>(s.role_index("care worker"));
    const struct {
        const char* area;
        double vacancy;
        double turnover;
    } expected[] = {{"North", 0.04, 0.20}, {"South", 0.12, 0.36}};
    for (const auto& e : expected) {
        sim::Selection where;
        where.role = care_worker;
        where.area = static_cast<model::AreaId>(s.area_index(e.area));
        INFO(e.area);
        CHECK(*results.vacancy_rate(0, where) == Approx(e.vacancy).margin(0.0005));
        std::cout << e.area << " care worker vacancy: set " << e.vacancy << ", mean of months 1-12 "
                  << mean_vacancy(results, where) << ", month 12 "
                  << *results.vacancy_rate(12, where) << "; turnover set " << e.turnover
                  << ", first year " << *results.turnover_rate_12m(12, where) << "\n";
        CHECK(std::abs(mean_vacancy(results, where) - e.vacancy) <= 0.02);
        CHECK(std::abs(*results.vacancy_rate(12, where) - e.vacancy) <= 0.02);
        CHECK(std::abs(*results.turnover_rate_12m(12, where) - e.turnover) <= 0.02);
    }
    // England is the sum of its areas, every month and every count.
    for (int m = 0; m <= 12; ++m) {
        for (std::size_t r = 0; r < s.roles.size(); ++r) {
            sim::Selection all;
            all.role = static_cast<model::RoleId>(r);
            const auto total = results.total(m, all);
            std::int64_t filled = 0;
            std::int64_t posts = 0;
            std::int64_t leavers = 0;
            std::int64_t starters = 0;
            for (std::size_t a = 0; a < s.areas.size(); ++a) {
                const auto& c = results.cell(m, all.role.value(), static_cast<model::AreaId>(a));
                filled += c.filled;
                posts += c.posts;
                leavers += c.leavers();
                starters += c.starters();
            }
            INFO("month " << m << ", " << s.roles[r].name);
            CHECK(total.filled == filled);
            CHECK(total.posts == posts);
            CHECK(total.leavers() == leavers);
            CHECK(total.starters() == starters);
        }
    }
}

TEST_CASE("the twin follows each area's own rates") {
    const auto s = two_areas();
    const model::MarkovTwin twin(s);
    const auto path = twin.project(12);
    const auto results = sim::run(test::valid(s), {2, 0});
    const auto care_worker = static_cast<model::RoleId>(s.role_index("care worker"));
    for (std::size_t a = 0; a < s.areas.size(); ++a) {
        const std::size_t cell = care_worker * s.areas.size() + a;
        const auto& engine = results.cell(12, care_worker, static_cast<model::AreaId>(a));
        INFO(s.areas[a].name);
        CHECK(path[12].filled[cell] == Approx(static_cast<double>(engine.filled)).epsilon(0.02));
    }
}

TEST_CASE("area rates multiply the national value unless overridden, the role's entry last") {
    const std::string text = test::read_file(test::source_path("tests/scenarios/small.toml")) +
                             R"(
[[area_rates]]
area = "South"
turnover_multiplier = 1.25
within_sector_share = 0.5
supply_multiplier = 2.0

[[area_rates]]
area = "South"
role = "director"
turnover = 0.1
)";
    const auto s = test::parse_valid(text, "multipliers.toml");
    const auto south = static_cast<model::AreaId>(s.area_index("South"));
    const auto north = static_cast<model::AreaId>(s.area_index("North"));
    const auto care_worker = static_cast<model::RoleId>(s.role_index("care worker"));
    const auto director = static_cast<model::RoleId>(s.role_index("director"));
    CHECK(s.cell(care_worker, south).turnover == Approx(0.28 * 1.25));
    CHECK(s.cell(care_worker, north).turnover == Approx(0.28));
    CHECK(s.cell(director, south).turnover == Approx(0.1));
    CHECK(s.cell(care_worker, south).within_sector_share == Approx(0.5));
    CHECK(s.cell(care_worker, south).supply_share == Approx(0.6 * 2));
    // Written out and read back, the rates are the same.
    const auto again = test::parse_valid(model::to_toml(s), "again.toml");
    REQUIRE(again.area_rates.size() == 2);
    CHECK(again.cell(director, south).turnover == Approx(0.1));
    CHECK(again.cell(care_worker, south).supply_share == Approx(0.6 * 2));
    const auto body = [](const std::string& toml) { return toml.substr(toml.find('\n')); };
    CHECK(body(model::to_toml(again)) == body(model::to_toml(s)));
}
