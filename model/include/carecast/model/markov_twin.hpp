// The expected-value twin of the agent model: a Markov manpower model over roles.
// With push recruitment, age-independent hazards and no programmes it is exactly
// the engine's expectation; otherwise it is the engine's rules applied to expected
// stocks (an instant preview).
#pragma once

#include <carecast/model/scenario.hpp>

#include <Eigen/Dense>

#include <vector>

namespace carecast::model {

// ---- The classical chain: transient states (roles), leaving is absorbing. --------

// Expected months spent in each state j by someone now in state i: N = (I - Q)^-1.
Eigen::MatrixXd fundamental_matrix(const Eigen::MatrixXd& monthly_transitions);

struct Reach {
    double probability = 0;     // of ever arriving in the target
    double expected_months = 0; // until arrival, given arrival (NaN when probability is 0)
};

// Reaching `target` from `from` in a chain with monthly transitions Q (rows: from).
Reach reach(const Eigen::MatrixXd& monthly_transitions, int from, int target);

// n(t+1) = n(t) Q + r: expected stocks for `months` months (row t = month t).
Eigen::MatrixXd project_push(const Eigen::MatrixXd& monthly_transitions,
                             const Eigen::RowVectorXd& initial,
                             const Eigen::RowVectorXd& monthly_recruits, int months);

// ---- The twin of a scenario ------------------------------------------------------

// Expected flows and stocks of one month, per (role, area), role-major.
struct TwinMonth {
    std::vector<double> posts;
    std::vector<double> filled; // at the end of the month
    std::vector<double> exits;  // left the sector, retirements included
    std::vector<double> moves;  // changed employer within the sector
    std::vector<double> promoted_in;
    std::vector<double> promoted_out;
    std::vector<double> external;  // external starters
    std::vector<double> edge_flow; // per career edge, all areas
};

class MarkovTwin {
  public:
    explicit MarkovTwin(const Scenario& scenario);

    // Month 0 (the scenario's stocks) to `months`.
    std::vector<TwinMonth> project(int months) const;

    // Per-role monthly transition matrix: the edges' realised promotion rates over
    // the first projected year, with each role's chance of leaving the sector.
    Eigen::MatrixXd transition_matrix() const;

    // Monthly chance that someone in `role` leaves the sector (retirement included).
    double exit_probability(RoleId role) const { return exit_[role]; }
    // Chance that someone in the edge's source role is eligible for it.
    double eligible_share(std::size_t edge) const { return eligible_[edge]; }

    double total(const std::vector<double>& per_cell, RoleId role) const;

  private:
    const Scenario& scenario_;
    std::vector<double> exit_;     // per role
    std::vector<double> move_;     // per role
    std::vector<double> eligible_; // per edge
};

} // namespace carecast::model
