#include "test_support.hpp"

#include <carecast/embedded_scenarios.hpp>

#include <catch2/catch.hpp>

#include <numeric>
#include <set>

using namespace carecast;

TEST_CASE("the embedded England baseline is the file in scenarios/") {
    CHECK(england_baseline_toml() == test::read_file(test::source_path("scenarios/england.toml")));
}

TEST_CASE("the England baseline covers the sector as published") {
    const model::Scenario s = test::england();
    REQUIRE(s.roles.size() >= 10);
    CHECK(s.areas.size() == 9);

    // 1.6 million filled posts, 7.0% vacancies (Skills for Care 2024/25).
    double filled = 0;
    double posts = 0;
    std::set<model::RoleGroup> groups;
    std::set<model::LeadershipLevel> levels;
    for (const auto& role : s.roles) {
        filled += role.filled;
        posts += role.posts;
        groups.insert(role.group);
        levels.insert(role.level);
    }
    CHECK(filled == Approx(1.6e6).epsilon(0.01));
    CHECK(1 - filled / posts == Approx(0.070).margin(0.002));
    CHECK(groups.size() == model::kRoleGroups);
    CHECK(levels.size() == model::kLeadershipLevels);
    CHECK(s.role_index("registered manager") >= 0);
    CHECK(s.role_index("care worker") >= 0);

    double area_share = 0;
    for (const auto& area : s.areas) {
        area_share += area.share;
    }
    CHECK(area_share == Approx(1.0).margin(1e-9));
}

TEST_CASE("turnover splits into retirement and job leaving, adding back to the input") {
    const model::Scenario s = test::england();
    for (const auto& role : s.roles) {
        INFO(role.name);
        CHECK((role.monthly_leave_hazard + role.monthly_retirement_hazard) * 12 ==
              Approx(role.turnover).margin(1e-12));
        CHECK(role.monthly_retirement_hazard > 0);
    }
}

TEST_CASE("vacancy fill order puts leadership first and targets before their feeders") {
    const model::Scenario s = test::england();
    std::vector<int> position(s.roles.size());
    for (std::size_t i = 0; i < s.fill_order.size(); ++i) {
        position[s.fill_order[i]] = static_cast<int>(i);
    }
    for (std::size_t i = 1; i < s.fill_order.size(); ++i) {
        CHECK(s.roles[s.fill_order[i - 1]].level >= s.roles[s.fill_order[i]].level);
    }
    for (const auto& edge : s.edges) {
        if (edge.kind == model::EdgeKind::Promotion &&
            s.roles[edge.from].level == s.roles[edge.to].level) {
            CHECK(position[edge.to] < position[edge.from]);
        }
    }
}

TEST_CASE("defaults apply where a scenario is silent") {
    const model::Scenario s = test::load_valid("tests/scenarios/small.toml");
    CHECK(s.roles[0].within_sector_share == Approx(0.67));
    CHECK(s.readiness_per_month == Approx(1.0));
    CHECK(s.horizon_months == 36);
    CHECK(s.roles[3].matching_efficiency == Approx(1.0));
    CHECK(s.roles[2].entry_requires == 0);
    CHECK(s.programmes[0].grants == 0);
}
