// The career graph: roles as vertices, promotion / lateral / qualification edges.
#pragma once

#include <carecast/model/scenario.hpp>

#include <optional>
#include <string>
#include <vector>

namespace carecast::model {

// A cycle among promotion edges, as role indices in order (first == last omitted).
std::optional<std::vector<RoleId>> find_promotion_cycle(const std::vector<Role>& roles,
                                                        const std::vector<CareerEdge>& edges);

// Leadership first, then so that every edge's target comes before its source where
// the promotion graph allows (promotions open vacancies that are filled the same month).
std::vector<RoleId> vacancy_fill_order(const std::vector<Role>& roles,
                                       const std::vector<CareerEdge>& edges);

} // namespace carecast::model

namespace carecast::model {

// Entry roles: those with external supply.
std::vector<bool> entry_roles(const std::vector<Role>& roles);

// Roles with no way in: no external supply and no edge into them.
std::vector<RoleId> orphan_roles(const std::vector<Role>& roles,
                                 const std::vector<CareerEdge>& edges);

// Leadership roles that no path of edges reaches from any entry role.
std::vector<RoleId> unreachable_leadership_roles(const std::vector<Role>& roles,
                                                 const std::vector<CareerEdge>& edges);

// Fewest edges from an entry role to each role (0 for entry roles, -1 if unreachable).
// With `front_line_only`, careers start only in front-line worker roles with supply,
// so depth measures the ladder even where senior roles also recruit externally.
std::vector<int> pipeline_depth(const std::vector<Role>& roles,
                                const std::vector<CareerEdge>& edges, bool front_line_only = false);

struct CutEdge {
    std::size_t edge;
    double capacity; // people a month
};

struct LevelBottleneck {
    LeadershipLevel level;
    double max_flow = 0;      // people a month who can reach the level from below
    std::vector<CutEdge> cut; // the edges of a minimum cut: the narrowest step
};

// Max-flow from the entry roles below each leadership level into that level, with
// each career edge's capacity (people a month it can carry), and its minimum cut.
std::vector<LevelBottleneck> pipeline_bottlenecks(const std::vector<Role>& roles,
                                                  const std::vector<CareerEdge>& edges,
                                                  const std::vector<double>& edge_capacity);

} // namespace carecast::model
