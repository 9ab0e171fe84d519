#include <carecast/model/career_graph.hpp>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/topological_sort.hpp>

#include <algorithm>
#include <iterator>

namespace carecast::model {
namespace {

using Digraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

// Promotion and qualification edges must be acyclic; laterals may go both ways.
Digraph upward_graph(const std::vector<Role>& roles, const std::vector<CareerEdge>& edges) {
    Digraph graph(roles.size());
    for (const auto& edge : edges) {
        if (edge.kind != EdgeKind::Lateral) {
            boost::add_edge(edge.from, edge.to, graph);
        }
    }
    return graph;
}

struct CycleRecorder : boost::default_dfs_visitor {
    std::vector<Digraph::vertex_descriptor>* parent;
    std::optional<std::vector<RoleId>>* cycle;

    void tree_edge(Digraph::edge_descriptor e, const Digraph& g) const {
        (*parent)[boost::target(e, g)] = boost::source(e, g);
    }
    void back_edge(Digraph::edge_descriptor e, const Digraph& g) const {
        if (cycle->has_value()) {
            return;
        }
        // Walk the DFS tree from the edge's source back up to its target.
        std::vector<RoleId> path;
        auto v = boost::source(e, g);
        const auto top = boost::target(e, g);
        path.push_back(static_cast<RoleId>(v));
        while (v != top) {
            v = (*parent)[v];
            path.push_back(static_cast<RoleId>(v));
        }
        std::reverse(path.begin(), path.end());
        *cycle = std::move(path);
    }
};

} // namespace

std::optional<std::vector<RoleId>> find_promotion_cycle(const std::vector<Role>& roles,
                                                        const std::vector<CareerEdge>& edges) {
    const Digraph graph = upward_graph(roles, edges);
    std::vector<Digraph::vertex_descriptor> parent(roles.size());
    std::optional<std::vector<RoleId>> cycle;
    CycleRecorder recorder;
    recorder.parent = &parent;
    recorder.cycle = &cycle;
    boost::depth_first_search(graph, boost::visitor(recorder));
    return cycle;
}

std::vector<RoleId> vacancy_fill_order(const std::vector<Role>& roles,
                                       const std::vector<CareerEdge>& edges) {
    const Digraph graph = upward_graph(roles, edges);
    // topological_sort writes sinks first: targets of promotions before their feeders.
    std::vector<Digraph::vertex_descriptor> sinks_first;
    boost::topological_sort(graph, std::back_inserter(sinks_first));
    std::vector<int> rank(roles.size());
    for (std::size_t i = 0; i < sinks_first.size(); ++i) {
        rank[sinks_first[i]] = static_cast<int>(i);
    }
    std::vector<RoleId> order(roles.size());
    for (std::size_t i = 0; i < roles.size(); ++i) {
        order[i] = static_cast<RoleId>(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](RoleId a, RoleId b) {
        if (roles[a].level != roles[b].level) {
            return roles[a].level > roles[b].level;
        }
        return rank[a] < rank[b];
    });
    return order;
}

} // namespace carecast::model
