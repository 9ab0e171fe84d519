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
