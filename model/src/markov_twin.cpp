#include <carecast/model/demand.hpp>
#include <carecast/model/markov_twin.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace carecast::model {

Eigen::MatrixXd fundamental_matrix(const Eigen::MatrixXd& q) {
    const auto n = q.rows();
    return (Eigen::MatrixXd::Identity(n, n) - q).partialPivLu().inverse();
}

Reach reach(const Eigen::MatrixXd& q, int from, int target) {
    if (from == target) {
        return {1.0, 0.0};
    }
    // Make the target absorbing: the chain over the other states, and the one-step
    // chance of entering the target from each of them.
    const auto n = static_cast<int>(q.rows());
    std::vector<int> keep;
    for (int i = 0; i < n; ++i) {
        if (i != target) {
            keep.push_back(i);
        }
    }
    const auto m = static_cast<Eigen::Index>(keep.size());
    Eigen::MatrixXd q_t(m, m);
    Eigen::VectorXd into(m);
    for (Eigen::Index a = 0; a < m; ++a) {
        into(a) = q(keep[a], target);
        for (Eigen::Index b = 0; b < m; ++b) {
            q_t(a, b) = q(keep[a], keep[b]);
        }
    }
    const Eigen::MatrixXd n_t = fundamental_matrix(q_t);
    const Eigen::VectorXd probability = n_t * into;
    // Months until arrival given arrival: sum_k N_ik b_k / b_i.
    const Eigen::VectorXd weighted = n_t * probability;
    const auto row =
        static_cast<Eigen::Index>(std::find(keep.begin(), keep.end(), from) - keep.begin());
    Reach result;
    result.probability = probability(row);
    result.expected_months = result.probability > 0 ? weighted(row) / result.probability
                                                    : std::numeric_limits<double>::quiet_NaN();
    return result;
}

Eigen::MatrixXd project_push(const Eigen::MatrixXd& q, const Eigen::RowVectorXd& initial,
                             const Eigen::RowVectorXd& recruits, int months) {
    Eigen::MatrixXd stocks(months + 1, q.cols());
    stocks.row(0) = initial;
    for (int t = 1; t <= months; ++t) {
        stocks.row(t) = stocks.row(t - 1) * q + recruits;
    }
    return stocks;
}

MarkovTwin::MarkovTwin(const Scenario& s) : scenario_(s) {
    const std::size_t roles = s.roles.size();
    exit_.resize(roles);
    move_.resize(roles);
    std::vector<double> leave_role(roles); // monthly chance of leaving the role by any route
    for (std::size_t r = 0; r < roles; ++r) {
        const Role& role = s.roles[r];
        exit_[r] = role.monthly_leave_hazard * (1 - role.within_sector_share) +
                   role.monthly_retirement_hazard;
        move_[r] = role.monthly_leave_hazard * role.within_sector_share;
        leave_role[r] = exit_[r];
    }
    for (const auto& edge : s.edges) {
        leave_role[edge.from] += edge.monthly_rate;
    }
    // Eligibility without tenure state: months in role follow the stationary
    // geometric tenure of the source role; qualifications their month-0 shares.
    for (const auto& edge : s.edges) {
        int months = edge.min_months_in_role;
        if (edge.min_readiness > 0) {
            months = s.readiness_per_month > 0
                         ? std::max(months, static_cast<int>(std::ceil(edge.min_readiness /
                                                                       s.readiness_per_month)))
                         : std::numeric_limits<int>::max();
        }
        double share = months == std::numeric_limits<int>::max()
                           ? 0.0
                           : std::pow(1 - std::min(1.0, leave_role[edge.from]), months);
        const Role& from = s.roles[edge.from];
        const QualificationId target_entry = edge.kind == EdgeKind::Qualification
                                                 ? kNoQualification
                                                 : s.roles[edge.to].entry_requires;
        for (auto q : {edge.required_qualification, target_entry}) {
            if (q != kNoQualification && q != from.entry_requires) {
                share *= from.qualified_share[q];
            }
        }
        eligible_.push_back(share);
    }
}

double MarkovTwin::total(const std::vector<double>& per_cell, RoleId role) const {
    const std::size_t areas = scenario_.areas.size();
    double sum = 0;
    for (std::size_t a = 0; a < areas; ++a) {
        sum += per_cell[role * areas + a];
    }
    return sum;
}

std::vector<TwinMonth> MarkovTwin::project(int months) const {
    const Scenario& s = scenario_;
    const std::size_t areas = s.areas.size();
    const std::size_t cells = s.roles.size() * areas;
    const bool push = s.recruitment == Recruitment::Push;
    DemandPath demand(s);
    std::vector<TwinMonth> out;
    out.reserve(static_cast<std::size_t>(months) + 1);

    TwinMonth now;
    now.posts.resize(cells);
    now.filled.resize(cells);
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        const auto filled = split_by_area(s, s.roles[r].filled);
        for (std::size_t a = 0; a < areas; ++a) {
            now.posts[r * areas + a] =
                static_cast<double>(demand.posts(static_cast<RoleId>(r), static_cast<AreaId>(a)));
            now.filled[r * areas + a] = static_cast<double>(filled[a]);
        }
    }
    for (auto* v : {&now.exits, &now.moves, &now.promoted_in, &now.promoted_out, &now.external}) {
        v->assign(cells, 0.0);
    }
    now.edge_flow.assign(s.edges.size(), 0.0);
    out.push_back(now);

    std::vector<double> applicants(s.edges.size() * areas);
    std::vector<std::vector<std::size_t>> in_edges(s.roles.size());
    for (std::size_t e = 0; e < s.edges.size(); ++e) {
        in_edges[s.edges[e].to].push_back(e);
    }
    for (int m = 1; m <= months; ++m) {
        TwinMonth next;
        next.filled = out.back().filled;
        next.posts.resize(cells);
        for (auto* v :
             {&next.exits, &next.moves, &next.promoted_in, &next.promoted_out, &next.external}) {
            v->assign(cells, 0.0);
        }
        next.edge_flow.assign(s.edges.size(), 0.0);
        // Leaving, then applications from those who stayed (the engine's order).
        for (std::size_t e = 0; e < s.edges.size(); ++e) {
            const auto& edge = s.edges[e];
            for (std::size_t a = 0; a < areas; ++a) {
                applicants[e * areas + a] = next.filled[edge.from * areas + a] *
                                            (1 - exit_[edge.from]) * edge.monthly_rate *
                                            eligible_[e];
            }
        }
        for (std::size_t c = 0; c < cells; ++c) {
            const std::size_t r = c / areas;
            next.exits[c] = next.filled[c] * exit_[r];
            next.moves[c] = next.filled[c] * move_[r];
            next.filled[c] -= next.exits[c];
        }
        demand.advance_to(m);
        for (RoleId r : s.fill_order) {
            const Role& role = s.roles[r];
            const double supply = role.supply_domestic * s.domestic_supply_multiplier +
                                  role.supply_international * s.international_supply_multiplier;
            for (std::size_t a = 0; a < areas; ++a) {
                const std::size_t c = r * areas + a;
                next.posts[c] = static_cast<double>(demand.posts(r, static_cast<AreaId>(a)));
                double fillable =
                    push ? std::numeric_limits<double>::infinity()
                         : std::max(0.0, next.posts[c] - next.filled[c]) * role.fill_rate;
                double wanting = 0;
                for (std::size_t e : in_edges[r]) {
                    wanting += applicants[e * areas + a];
                }
                const double promoted = std::min(fillable, wanting);
                const double taken = wanting > 0 ? promoted / wanting : 0;
                for (std::size_t e : in_edges[r]) {
                    const double flow = applicants[e * areas + a] * taken;
                    const std::size_t from = s.edges[e].from * areas + a;
                    next.filled[from] -= flow;
                    next.promoted_out[from] += flow;
                    next.edge_flow[e] += flow;
                }
                next.filled[c] += promoted;
                next.promoted_in[c] += promoted;
                fillable -= promoted;
                const double external = std::min(fillable, supply * s.areas[a].share);
                next.filled[c] += external;
                next.external[c] += external;
            }
        }
        out.push_back(std::move(next));
    }
    return out;
}

Eigen::MatrixXd MarkovTwin::transition_matrix() const {
    const Scenario& s = scenario_;
    const auto roles = static_cast<Eigen::Index>(s.roles.size());
    const int months = std::min(12, std::max(1, s.horizon_months));
    const auto path = project(months);
    Eigen::MatrixXd q = Eigen::MatrixXd::Zero(roles, roles);
    for (std::size_t e = 0; e < s.edges.size(); ++e) {
        const auto& edge = s.edges[e];
        double rate = 0;
        for (int m = 1; m <= months; ++m) {
            const double stock = total(path[static_cast<std::size_t>(m) - 1].filled, edge.from);
            rate += stock > 0 ? path[static_cast<std::size_t>(m)].edge_flow[e] / stock : 0;
        }
        q(edge.from, edge.to) += rate / months;
    }
    for (Eigen::Index r = 0; r < roles; ++r) {
        q(r, r) = std::max(0.0, 1 - exit_[static_cast<std::size_t>(r)] - q.row(r).sum());
    }
    return q;
}

} // namespace carecast::model
