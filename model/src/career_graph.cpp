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

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/push_relabel_max_flow.hpp>

namespace carecast::model {

std::vector<bool> entry_roles(const std::vector<Role>& roles) {
    std::vector<bool> entry(roles.size());
    for (std::size_t r = 0; r < roles.size(); ++r) {
        entry[r] = roles[r].supply_domestic + roles[r].supply_international > 0;
    }
    return entry;
}

std::vector<RoleId> orphan_roles(const std::vector<Role>& roles,
                                 const std::vector<CareerEdge>& edges) {
    std::vector<bool> way_in = entry_roles(roles);
    for (const auto& edge : edges) {
        way_in[edge.to] = true;
    }
    std::vector<RoleId> orphans;
    for (std::size_t r = 0; r < roles.size(); ++r) {
        if (!way_in[r]) {
            orphans.push_back(static_cast<RoleId>(r));
        }
    }
    return orphans;
}

std::vector<int> pipeline_depth(const std::vector<Role>& roles,
                                const std::vector<CareerEdge>& edges, bool front_line_only) {
    // A super-source one step before every entry role turns this into one BFS.
    const std::size_t source = roles.size();
    Digraph graph(roles.size() + 1);
    const auto entry = entry_roles(roles);
    for (std::size_t r = 0; r < roles.size(); ++r) {
        if (entry[r] && (!front_line_only || roles[r].level == LeadershipLevel::FrontLineWorker)) {
            boost::add_edge(source, r, graph);
        }
    }
    for (const auto& edge : edges) {
        boost::add_edge(edge.from, edge.to, graph);
    }
    std::vector<int> distance(roles.size() + 1, -1);
    distance[source] = 0;
    struct Recorder : boost::default_bfs_visitor {
        std::vector<int>* distance;
        void tree_edge(Digraph::edge_descriptor e, const Digraph& g) const {
            (*distance)[boost::target(e, g)] = (*distance)[boost::source(e, g)] + 1;
        }
    } recorder;
    recorder.distance = &distance;
    boost::breadth_first_search(graph, source, boost::visitor(recorder));
    std::vector<int> depth(roles.size());
    for (std::size_t r = 0; r < roles.size(); ++r) {
        depth[r] = distance[r] < 0 ? -1 : distance[r] - 1;
    }
    return depth;
}

std::vector<RoleId> unreachable_leadership_roles(const std::vector<Role>& roles,
                                                 const std::vector<CareerEdge>& edges) {
    const auto depth = pipeline_depth(roles, edges);
    std::vector<RoleId> unreachable;
    for (std::size_t r = 0; r < roles.size(); ++r) {
        if (is_leadership(roles[r].level) && depth[r] < 0) {
            unreachable.push_back(static_cast<RoleId>(r));
        }
    }
    return unreachable;
}

namespace {

using FlowTraits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using FlowGraph = boost::adjacency_list<
    boost::vecS, boost::vecS, boost::directedS, boost::no_property,
    boost::property<
        boost::edge_capacity_t, double,
        boost::property<boost::edge_residual_capacity_t, double,
                        boost::property<boost::edge_reverse_t, FlowTraits::edge_descriptor>>>>;

// Adds u -> v with a zero-capacity reverse edge, as the max-flow algorithms need.
FlowTraits::edge_descriptor add_flow_edge(FlowGraph& g, std::size_t u, std::size_t v,
                                          double capacity) {
    auto capacity_map = boost::get(boost::edge_capacity, g);
    auto reverse_map = boost::get(boost::edge_reverse, g);
    const auto forward = boost::add_edge(u, v, g).first;
    const auto backward = boost::add_edge(v, u, g).first;
    capacity_map[forward] = capacity;
    capacity_map[backward] = 0;
    reverse_map[forward] = backward;
    reverse_map[backward] = forward;
    return forward;
}

} // namespace

std::vector<LevelBottleneck> pipeline_bottlenecks(const std::vector<Role>& roles,
                                                  const std::vector<CareerEdge>& edges,
                                                  const std::vector<double>& edge_capacity) {
    constexpr double kUnlimited = 1e15;
    const auto entry = entry_roles(roles);
    std::vector<LevelBottleneck> result;
    for (int l = 1; l < kLeadershipLevels; ++l) {
        const auto level = static_cast<LeadershipLevel>(l);
        const std::size_t source = roles.size();
        const std::size_t sink = roles.size() + 1;
        FlowGraph g(roles.size() + 2);
        bool any_target = false;
        for (std::size_t r = 0; r < roles.size(); ++r) {
            if (roles[r].level < level && entry[r]) {
                add_flow_edge(g, source, r, kUnlimited);
            }
            if (roles[r].level == level) {
                add_flow_edge(g, r, sink, kUnlimited);
                any_target = true;
            }
        }
        if (!any_target) {
            continue;
        }
        // Only steps from below the level: flow must cross into it.
        std::vector<std::pair<std::size_t, FlowTraits::edge_descriptor>> career;
        for (std::size_t e = 0; e < edges.size(); ++e) {
            if (roles[edges[e].from].level < level && roles[edges[e].to].level <= level) {
                career.emplace_back(e,
                                    add_flow_edge(g, edges[e].from, edges[e].to, edge_capacity[e]));
            }
        }
        LevelBottleneck bottleneck;
        bottleneck.level = level;
        bottleneck.max_flow = boost::push_relabel_max_flow(g, source, sink);
        // The source side of the minimum cut: what the residual graph still reaches.
        auto residual = boost::get(boost::edge_residual_capacity, g);
        std::vector<bool> reached(roles.size() + 2, false);
        std::vector<std::size_t> stack{source};
        reached[source] = true;
        while (!stack.empty()) {
            const auto u = stack.back();
            stack.pop_back();
            for (auto [it, end] = boost::out_edges(u, g); it != end; ++it) {
                const auto v = boost::target(*it, g);
                if (!reached[v] && residual[*it] > 1e-9) {
                    reached[v] = true;
                    stack.push_back(v);
                }
            }
        }
        for (const auto& [e, descriptor] : career) {
            if (reached[edges[e].from] && !reached[edges[e].to] && edge_capacity[e] > 0) {
                bottleneck.cut.push_back({e, edge_capacity[e]});
            }
        }
        result.push_back(std::move(bottleneck));
    }
    return result;
}

} // namespace carecast::model
