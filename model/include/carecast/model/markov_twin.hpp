// The expected-value twin of the agent model: a Markov manpower model over roles and
// training states. Each (role, area) holds expected people by training state (not
// enrolled, or enrolled with k months left; trained or not; under a programme's
// retention effect or not), so programmes' places, completion and effects enter as
// expected flows. With push recruitment, age-independent hazards and no eligibility
// thresholds it is exactly the engine's expectation; otherwise it is the engine's
// rules applied to expected stocks (an instant preview).
#pragma once

#include <carecast/model/scenario.hpp>

#include <Eigen/Dense>

#include <optional>
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
    std::vector<double> filled;            // at the end of the month
    std::vector<double> exits;             // left the sector, retirements included
    std::vector<double> moves;             // left a post for another employer in the sector
    std::vector<double> moved_in;          // started a post after changing employer
    std::vector<double> between_jobs;      // stock: movers not yet in a new post
    std::vector<double> left_between_jobs; // of whom gave_up: sought longest, found nothing
    std::vector<double> gave_up;
    std::vector<double> job_seekers; // internal applicants, between jobs and outsiders
    std::vector<double> promoted_in;
    std::vector<double> promoted_out;
    std::vector<double> external;          // external starters
    std::vector<double> international;     // of whom recruited from abroad
    std::vector<double> edge_flow;         // per career edge, all areas
    std::vector<double> edge_flow_by_area; // per (edge, area), edge-major
    std::vector<double> trained;           // per cell: people who completed a programme
    // Per programme, all areas: places taken by funder, places no one eligible was
    // there to take, and completions.
    std::vector<double> enrolled_baseline;
    std::vector<double> enrolled_funded;
    std::vector<double> unfilled;
    std::vector<double> completions;
    std::vector<double> enrolled_on_appointment; // appointees working towards a qualification
};

namespace detail {
class TwinRun; // one projection, a month phase by phase (model/src/twin_run.hpp)
}

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
    // The most people a month the edge can carry: the eligible people in its source role
    // (all areas, or one area) times its monthly rate. The career graph's capacities.
    std::vector<double> edge_capacity(std::optional<AreaId> area = std::nullopt) const;

    double total(const std::vector<double>& per_cell, RoleId role) const;

    // A training state: the current or last programme (-1: none), months left on it
    // (0: not enrolled), whether a programme was completed, whether its retention
    // effect holds (until the next job change).
    struct State {
        int programme = -1;
        int months_left = 0;
        bool trained = false;
        bool retained = false;
    };
    const std::vector<State>& states() const { return states_; }

  private:
    friend class detail::TwinRun;
    int state_index(int programme, int months_left, bool trained, bool retained) const;
    // A programme no one can join in the run (no places in any year, no role's entry
    // programme) has no states: every loop over a cell's states is spared its months.
    static std::vector<bool> programmes_in_use(const Scenario& s);
    bool has_states(std::size_t programme) const;
    static constexpr int kNoStates = -1;
    // Share of people in the edge's source role past its tenure and readiness bars,
    // for someone carrying `boost` readiness points who has served `months_served`.
    double tenure_share(std::size_t edge, double boost, int months_served) const;

    const Scenario& scenario_;
    std::vector<double> exit_;     // per role
    std::vector<double> move_;     // per role
    std::vector<double> eligible_; // per edge
    std::vector<double> leave_role_;
    std::vector<State> states_;
    std::vector<int> state_base_; // per programme: index of its first state (or kNoStates)
    // Per role: the end of the training states its people can be in (states are grouped
    // by programme; a role holds a programme's states if it or a role below it on the
    // career graph is eligible, or it is the role's entry programme).
    std::vector<std::size_t> state_limit_;
};

} // namespace carecast::model
