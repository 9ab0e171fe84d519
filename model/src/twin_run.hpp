// The Markov twin's run: the engine's rules applied to expected people by (role, area,
// training state), one method per phase of the engine's month. Set-up in
// twin_setup.cpp, the month's phases in twin_month.cpp, filling and enrolment in
// twin_filling.cpp, months in the role in twin_tenure.cpp; the one-line rules they share
// with the engine are in labour_market.hpp and tenure.hpp.
#pragma once

#include <carecast/model/demand.hpp>
#include <carecast/model/labour_market.hpp>
#include <carecast/model/leaving_by_age.hpp>
#include <carecast/model/markov_twin.hpp>
#include <carecast/model/retirement.hpp>
#include <carecast/model/tenure.hpp>
#include <carecast/model/training_plan.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace carecast::model::detail {

class TwinRun {
  public:
    explicit TwinRun(const MarkovTwin& twin);
    std::vector<TwinMonth> run(int months);

  private:
    using State = MarkovTwin::State;
    // A programme's states, as progress moves them: each month everyone k months from
    // the end moves to k - 1, a shift of the programme's block of states by one month
    // (its four states); those with one month left complete (or not) in month 0's.
    struct Progress {
        std::size_t base;        // the programme's first state (0 months left)
        std::size_t seeker_base; // and its first seeker slot
        std::size_t months;      // its duration
        double completion;
        std::size_t programme;
    };
    static constexpr auto kCohorts = static_cast<std::size_t>(kNewcomerMonths);

    // Set up: rates that change with the timeline, then month 0's stocks.
    void leaving_rates();
    void application_rates();
    void programme_progress();
    void supply_rates();
    void seeker_slots();
    void seeker_rates();
    std::vector<double> spread(const AgeProfile& profile) const;
    void set_up_ages();
    TwinMonth month_zero();
    void set_up_newcomers(const TwinMonth& first);
    void set_up_seekers(TwinMonth& first);
    void reset(TwinMonth& m) const;

    // The month, in order.
    void enter_epochs(int m);
    void start_month();
    void applications();
    void seekers_wait(TwinMonth& next);
    void leave(TwinMonth& next);
    void advance(double* by_state, std::size_t cell, std::size_t limit, bool record,
                 TwinMonth& next);
    void advance_seekers(double* by_slot, std::size_t cell, TwinMonth& next);
    template <std::size_t Width>
    void advance_states(double* stocks, std::size_t cell, std::size_t limit, bool record,
                        TwinMonth& next);
    void progress_programmes(TwinMonth& next);
    void fill(TwinMonth& next);
    void fill_cell(RoleId r, std::size_t a, TwinMonth& next);
    void promote_along(std::size_t e, std::size_t a, const double taken[2], TwinMonth& next);
    void place_seekers(std::size_t cell, double placing, TwinMonth& next);
    void hire_outsiders(RoleId r, std::size_t cell, double external, TwinMonth& next);
    void enrol(int m, TwinMonth& next);
    void enrol_programme(std::size_t p, int m, TwinMonth& next);
    void end_month(TwinMonth& next);

    // The training states a cell's people can be in end at its role's limit (states are
    // grouped by programme): loops over a cell's states stop there.
    std::size_t lim(std::size_t cell) const { return twin_.state_limit_[cell / areas]; }
    // People between jobs are never under a programme's retention effect: their stocks
    // hold only the states without it (seeker slots, in state order: slot_state), half
    // the states, which halves the work of the month's longest loops.
    std::size_t seeker_lim(std::size_t cell) const { return seeker_limit[cell / areas]; }
    std::vector<std::size_t> slot_state;   // per seeker slot: its state
    std::vector<std::size_t> seeker_limit; // per role: the slots below its state limit
    std::size_t slots = 0;
    std::vector<std::size_t> mover_slot;   // per state: the slot of its unretained state
    std::vector<double> seeker_exit_p;     // per (cell, slot): exit_p of the slot's state
    std::vector<std::size_t> not_enrolled; // the states with no programme under way, in order

    // Each role's cells (one an area, all with the role's state limit) kLanes at a time,
    // then one at a time: body.template operator()<L>(first cell). A sum over a cell's
    // states is a chain of additions, each waiting on the last; kLanes cells' chains side
    // by side keep the processor busy, and each sum is still made in its own order, so
    // every value is the one a cell at a time gives (England's ten years: the month's
    // sums of stocks took a third of the twin's time).
    static constexpr std::size_t kLanes = 4;
    template <typename Body> void in_lanes(const Body& body) {
        for (std::size_t r = 0; r < roles; ++r) {
            role_in_lanes(r, body);
        }
    }
    // One role's cells so: body.template operator()<L>(its first cell).
    template <typename Body> void role_in_lanes(std::size_t r, const Body& body) {
        std::size_t a = 0;
        for (; a + kLanes <= areas; a += kLanes) {
            body.template operator()<kLanes>(r * areas + a);
        }
        for (; a < areas; ++a) {
            body.template operator()<1>(r * areas + a);
        }
    }
    template <std::size_t L> void seekers_wait_cells(std::size_t first, TwinMonth& next);
    template <std::size_t L> void count_stocks(std::size_t first, TwinMonth& next);
    template <std::size_t L> void count_seekers(RoleId r, std::size_t first);

    const MarkovTwin& twin_;
    // The month's parameters: events and paths change them during the run.
    Scenario current_;
    const Scenario& s;
    const std::vector<State>& states_;
    std::size_t next_epoch = 0;
    const std::size_t areas;
    const std::size_t roles;
    const std::size_t cells;
    const std::size_t states;
    const std::size_t programmes;
    const std::size_t edges;
    const bool push;
    static constexpr auto qualifications = static_cast<std::size_t>(kMaxQualifications);
    DemandPath demand;
    std::vector<QualificationId> granted_by; // per state: what a completed programme granted

    // Per (cell, state): monthly chances of leaving the sector and of moving employer;
    // per (edge, state): chance of applying along the edge and being eligible, before
    // qualifications (tracked per cell below).
    std::vector<double> exit_p;
    std::vector<double> move_p;
    std::vector<double> apply_p;
    // Per role: the month's recruits from outside the sector, and the share from abroad.
    std::vector<double> role_supply;
    std::vector<double> role_international;
    std::vector<std::vector<std::size_t>> out_edges;
    std::vector<std::vector<std::size_t>> in_edges;

    // Ages, in whole-year bins from 16, per cell: retirement follows the ageing of each
    // role's people, as in the engine, rather than a fixed rate.
    std::size_t bins = 1;
    std::vector<double> retire_chance;
    int needed_months(const Scenario& scenario, std::size_t e, double boost) const;
    void set_up_tenure(const TwinMonth& first);
    void add_tenure(std::size_t cell, double people, bool as_the_role);
    void remove_tenure(std::size_t cell, double people, int from_month);
    std::vector<std::vector<double>> entrant_ages;
    std::vector<double> ages;
    std::vector<double> retiring; // this month's retirement chance per cell
    // Job leaving by age, as the engine applies it (leaving_by_age.hpp): per (cell, year
    // of age) a share of the cell's base chance, and per cell the mean over its people
    // now against month 0's. As the people age or grow younger, leaving follows (those
    // aged 60 and over leave at older_leaving_ratio, retirement within it).
    std::vector<double> job_leave_by_age;
    std::vector<double> age_factor;
    std::vector<double> age_factor_start;
    void job_leaving_by_age();
    double mean_job_leaving(std::size_t cell) const;
    std::vector<double> older; // per year of age: a month's ageing out of it

    std::vector<double> n;    // per (cell, state): people in post
    std::vector<double> held; // per (qualification, cell): holders in post
    // Newcomers (fewer than 12 months in the sector) per cell, by months in the sector
    // (tenure.hpp): at month 0 as the engine sets people up; then external recruits.
    std::vector<double> newcomers;
    std::vector<double> newcomer_factor;
    // Months in the role per cell (0 to tenure_bins - 1, the last "or more"), set up as
    // the engine sets people up and then moved by hires, promotions and the months: who
    // is past an edge's tenure and readiness bars changes as the feeder role's people
    // do, where a share fixed at month 0 would not. Movers take the role's shape.
    std::size_t tenure_bins = 1;
    std::vector<double> tenure;
    // Per (cell, bin): people with at least that many months in the role, worked out once
    // a month for every edge that leaves the cell's role.
    std::vector<double> tenure_past;
    // Per (edge, state): months in the role an applicant needs (their programme's boost
    // and months served counted); kNeverReady where readiness never grows enough.
    std::vector<int> months_needed;
    std::vector<int> earliest_ready; // per edge: the fewest months_needed of its source's states
    static constexpr int kNeverReady = std::numeric_limits<int>::max();

    std::vector<double> filled;
    // Per area, for the role being filled: internal applicants (untrained, trained) and
    // people between jobs who can start.
    std::vector<std::array<double, 2>> wanting_;
    std::vector<double> between_;
    std::vector<double> applicants; // (edge, area, state)
    std::vector<double> flow_in;    // per state: scratch
    // Movers between jobs, per (cell, seeker slot): in their gap (by months since the move),
    // then seeking (by months since they could start: seeking[k]), until they find a
    // post or, after months_seeking months, leave the sector.
    int gap = 0;
    std::vector<std::vector<double>> in_gap;
    std::vector<std::vector<double>> seeking;
    std::vector<std::vector<double>*> seekers;
    std::vector<Progress> progress; // in state order
    // The state someone is in after a job change ends a programme's retention effect.
    std::vector<std::size_t> unretained;
    TrainingPlan plan;
    std::vector<double> owed; // per programme: baseline places taken by appointees
};

} // namespace carecast::model::detail
