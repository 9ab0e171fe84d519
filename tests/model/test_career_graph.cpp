#include <carecast/model/career_graph.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace carecast::model;

namespace {

std::vector<Role> roles(int n, LeadershipLevel level = LeadershipLevel::FrontLineWorker) {
    std::vector<Role> result(n);
    for (int i = 0; i < n; ++i) {
        result[i].name = fmt::format("r{}", i);
        result[i].level = level;
    }
    return result;
}

CareerEdge edge(RoleId from, RoleId to, EdgeKind kind = EdgeKind::Promotion) {
    CareerEdge e;
    e.from = from;
    e.to = to;
    e.kind = kind;
    return e;
}

} // namespace

TEST_CASE("a promotion cycle is found with its roles in order") {
    const auto cycle =
        find_promotion_cycle(roles(4), {edge(0, 1), edge(1, 2), edge(2, 3), edge(3, 1)});
    REQUIRE(cycle.has_value());
    CHECK(*cycle == std::vector<RoleId>{1, 2, 3});
}

TEST_CASE("lateral moves both ways are not a cycle") {
    CHECK_FALSE(find_promotion_cycle(roles(3), {edge(0, 1, EdgeKind::Lateral),
                                                edge(1, 0, EdgeKind::Lateral), edge(1, 2)})
                    .has_value());
}

TEST_CASE("fill order: higher levels first, then promotion targets before feeders") {
    auto r = roles(4);
    r[3].level = LeadershipLevel::StrategicLeader;
    // 0 -> 1 -> 2 at one level; 2 must be filled first, then 1, then 0.
    const auto order = vacancy_fill_order(r, {edge(0, 1), edge(1, 2)});
    CHECK(order == std::vector<RoleId>{3, 2, 1, 0});
}

TEST_CASE("pipeline depth counts career steps from entry roles") {
    auto r = roles(4);
    r[0].supply_domestic = 10;
    const std::vector<CareerEdge> edges{edge(0, 1), edge(1, 2)};
    CHECK(pipeline_depth(r, edges) == std::vector<int>{0, 1, 2, -1});
    CHECK(orphan_roles(r, edges) == std::vector<RoleId>{3});
}

TEST_CASE("an unreachable leadership role is found") {
    auto r = roles(3);
    r[0].supply_domestic = 10;
    r[2].level = LeadershipLevel::OperationalLeader;
    CHECK(unreachable_leadership_roles(r, {edge(0, 1)}) == std::vector<RoleId>{2});
    CHECK(unreachable_leadership_roles(r, {edge(0, 1), edge(1, 2)}).empty());
}

TEST_CASE("max flow into a leadership level and its minimum cut, by hand") {
    // Entry A feeds B (5 a month) and C (3); B -> L carries 2, C -> L 10.
    // Max flow = min(5, 2) + min(3, 10) = 5; the cut is B -> L and A -> C.
    auto r = roles(4);
    r[0].supply_domestic = 100;
    r[3].level = LeadershipLevel::FrontLineLeader;
    const std::vector<CareerEdge> edges{edge(0, 1), edge(0, 2), edge(1, 3), edge(2, 3)};
    const auto result = pipeline_bottlenecks(r, edges, {5, 3, 2, 10});
    REQUIRE(result.size() == 1); // levels without roles are left out
    CHECK(result[0].level == LeadershipLevel::FrontLineLeader);
    CHECK(result[0].max_flow == Approx(5));
    REQUIRE(result[0].cut.size() == 2);
    CHECK(result[0].cut[0].edge == 1);
    CHECK(result[0].cut[1].edge == 2);
}
