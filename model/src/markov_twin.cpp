#include <carecast/model/demand.hpp>
#include <carecast/model/labour_market.hpp>
#include <carecast/model/markov_twin.hpp>
#include <carecast/model/training_plan.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

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
    leave_role_.resize(roles); // monthly chance of leaving the role by any route
    for (std::size_t r = 0; r < roles; ++r) {
        const Role& role = s.roles[r];
        const Leaving leaving =
            with_moves(role.monthly_leave_hazard, role.within_sector_share, s.moves_multiplier);
        exit_[r] =
            leaving.hazard * (1 - leaving.within_sector_share) + role.monthly_retirement_hazard;
        move_[r] = leaving.hazard * leaving.within_sector_share;
        leave_role_[r] = exit_[r];
    }
    for (const auto& edge : s.edges) {
        leave_role_[edge.from] += edge.monthly_rate;
    }
    for (std::size_t e = 0; e < s.edges.size(); ++e) {
        const auto& edge = s.edges[e];
        double share = tenure_share(e, 0, 0);
        const Role& from = s.roles[edge.from];
        for (auto q : {edge.required_qualification, entry_qualification(s, edge)}) {
            if (q != kNoQualification && q != from.entry_requires) {
                share *= from.qualified_share[q];
            }
        }
        eligible_.push_back(share);
    }
    states_.push_back({});
    const std::vector<bool> in_use = programmes_in_use(s);
    for (std::size_t p = 0; p < s.programmes.size(); ++p) {
        if (!in_use[p]) {
            state_base_.push_back(kNoStates);
            continue;
        }
        state_base_.push_back(static_cast<int>(states_.size()));
        for (int k = 0; k <= s.programmes[p].duration_months; ++k) {
            for (int t = 0; t < 2; ++t) {
                for (int r = 0; r < 2; ++r) {
                    states_.push_back({static_cast<int>(p), k, t == 1, r == 1});
                }
            }
        }
    }
    // Which programmes' states each role can hold: its own programmes and entry
    // programme, then whatever people promoted into it bring (training state travels
    // with them), to a fixed point over the career graph.
    std::vector<std::vector<bool>> holds(roles, std::vector<bool>(s.programmes.size(), false));
    for (std::size_t p = 0; p < s.programmes.size(); ++p) {
        for (auto r : s.programmes[p].eligible_roles) {
            holds[r][p] = in_use[p];
        }
    }
    for (std::size_t r = 0; r < roles; ++r) {
        if (s.roles[r].entry_programme >= 0) {
            holds[r][static_cast<std::size_t>(s.roles[r].entry_programme)] = true;
        }
    }
    for (bool changed = true; changed;) {
        changed = false;
        for (const auto& edge : s.edges) {
            for (std::size_t p = 0; p < s.programmes.size(); ++p) {
                if (holds[edge.from][p] && !holds[edge.to][p]) {
                    holds[edge.to][p] = true;
                    changed = true;
                }
            }
        }
    }
    state_limit_.assign(roles, 1);
    for (std::size_t r = 0; r < roles; ++r) {
        for (std::size_t p = 0; p < s.programmes.size(); ++p) {
            if (holds[r][p]) {
                const auto end = static_cast<std::size_t>(state_base_[p]) +
                                 static_cast<std::size_t>(s.programmes[p].duration_months + 1) * 4;
                state_limit_[r] = std::max(state_limit_[r], end);
            }
        }
    }
}

int MarkovTwin::state_index(int programme, int months_left, bool trained, bool retained) const {
    if (programme < 0) {
        return 0;
    }
    const int base = state_base_[static_cast<std::size_t>(programme)];
    if (base == kNoStates) {
        throw std::logic_error("the twin asked for a state of a programme no one can join");
    }
    return base + (months_left * 2 + trained) * 2 + retained;
}

bool MarkovTwin::has_states(std::size_t programme) const {
    return state_base_[programme] != kNoStates;
}

// Programmes someone can be on during the run: a role's entry programme, or one with
// baseline or funded places in some year (the training plan of the scenario or of any
// epoch of its timeline, as the twin and the engine plan each year).
std::vector<bool> MarkovTwin::programmes_in_use(const Scenario& s) {
    std::vector<bool> used(s.programmes.size(), false);
    const auto mark = [&](const Scenario& epoch) {
        for (const Role& role : epoch.roles) {
            if (role.entry_programme >= 0) {
                used[static_cast<std::size_t>(role.entry_programme)] = true;
            }
        }
        const TrainingPlan plan = plan_training_year(epoch);
        for (std::size_t p = 0; p < epoch.programmes.size(); ++p) {
            if (epoch.programmes[p].baseline_places_per_year > 0 ||
                (p < plan.funded_places.size() && plan.funded_places[p] > 0)) {
                used[p] = true;
            }
        }
    };
    mark(s);
    for (const auto& epoch : s.timeline) {
        mark(*epoch.scenario);
    }
    return used;
}

// Eligibility without tenure state: months in role follow the stationary geometric
// tenure of the source role.
std::vector<double> MarkovTwin::edge_capacity(std::optional<AreaId> area) const {
    const Scenario& s = scenario_;
    std::vector<double> capacity(s.edges.size());
    for (std::size_t e = 0; e < s.edges.size(); ++e) {
        const double people = area ? static_cast<double>(s.cell(s.edges[e].from, *area).filled)
                                   : s.roles[s.edges[e].from].filled;
        capacity[e] = people * eligible_[e] * s.edges[e].monthly_rate;
    }
    return capacity;
}

double MarkovTwin::tenure_share(std::size_t e, double boost, int months_served) const {
    const auto& edge = scenario_.edges[e];
    int months = edge.min_months_in_role;
    const double missing = edge.min_readiness - boost;
    if (missing > 0) {
        if (scenario_.readiness_per_month <= 0) {
            return 0.0;
        }
        months =
            std::max(months, static_cast<int>(std::ceil(missing / scenario_.readiness_per_month)));
    }
    return std::pow(1 - std::min(1.0, leave_role_[edge.from]), std::max(0, months - months_served));
}

double MarkovTwin::total(const std::vector<double>& per_cell, RoleId role) const {
    const std::size_t areas = scenario_.areas.size();
    double sum = 0;
    for (std::size_t a = 0; a < areas; ++a) {
        sum += per_cell[role * areas + a];
    }
    return sum;
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
