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
