// The twin's month: the engine's rules applied to expected people by (role, area,
// training state), phase by phase: leaving and applications from the month's starting
// stocks, programme completions, vacancies filled down the fill order (hires matched
// from the job seekers, labour_market.hpp), then enrolment on the month's places, then
// a month older. Each phase is a method of TwinRun; the one-line rules they share with
// the engine are in labour_market.hpp and tenure.hpp.
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
    // Programme progress as a list of moves between states, in an order that empties
    // each state before anything moves into it: k months left -> k - 1; at 1, completion.
    struct Tick {
        std::size_t from;
        std::size_t to;      // not completed (or one month on)
        std::size_t done_to; // completed
        double completion;   // < 0: just one month on
        std::size_t programme;
    };
    static constexpr auto kCohorts = static_cast<std::size_t>(kNewcomerMonths);

    // Set up: rates that change with the timeline, then month 0's stocks.
    void leaving_rates();
    void application_rates();
    void programme_ticks();
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
    static constexpr int kNeverReady = std::numeric_limits<int>::max();

    std::vector<double> filled;
    std::vector<double> applicants; // (edge, area, state)
    std::vector<double> flow_in;    // per state: scratch
    // Movers between jobs, per (cell, state): in their gap (by months since the move),
    // then seeking (by months since they could start: seeking[k]), until they find a
    // post or, after months_seeking months, leave the sector.
    int gap = 0;
    std::vector<std::vector<double>> in_gap;
    std::vector<std::vector<double>> seeking;
    std::vector<std::vector<double>*> seekers;
    std::vector<Tick> ticks;
    // The state someone is in after a job change ends a programme's retention effect.
    std::vector<std::size_t> unretained;
    TrainingPlan plan;
    std::vector<double> owed; // per programme: baseline places taken by appointees
};

TwinRun::TwinRun(const MarkovTwin& twin)
    : twin_(twin), current_(twin.scenario_), s(current_), states_(twin.states_),
      areas(s.areas.size()), roles(s.roles.size()), cells(roles * areas), states(states_.size()),
      programmes(s.programmes.size()), edges(s.edges.size()),
      push(s.recruitment == Recruitment::Push), demand(s) {
    granted_by.assign(states, kNoQualification);
    for (std::size_t c = 0; c < states; ++c) {
        if (states_[c].trained && states_[c].programme >= 0) {
            granted_by[c] = s.programmes[static_cast<std::size_t>(states_[c].programme)].grants;
        }
    }
    exit_p.resize(cells * states);
    move_p.resize(cells * states);
    apply_p.resize(edges * states);
    months_needed.assign(edges * states, 0);
    // Enough months in the role for every edge's bars, in any epoch of the timeline.
    const auto make_room = [&](const Scenario& epoch) {
        for (std::size_t e = 0; e < edges; ++e) {
            const int needed = needed_months(epoch, e, 0);
            if (needed != kNeverReady) {
                tenure_bins = std::max(tenure_bins, static_cast<std::size_t>(needed) + 1);
            }
        }
    };
    make_room(s);
    for (const auto& epoch : twin.scenario_.timeline) {
        make_room(*epoch.scenario);
    }
    out_edges.resize(roles);
    in_edges.resize(roles);
    for (std::size_t e = 0; e < edges; ++e) {
        out_edges[s.edges[e].from].push_back(e);
        in_edges[s.edges[e].to].push_back(e);
    }
    leaving_rates();
    application_rates();
    set_up_ages();
    filled.resize(cells);
    applicants.resize(edges * areas * states);
    flow_in.resize(states);
    programme_ticks();
    unretained.resize(states);
    for (std::size_t c = 0; c < states; ++c) {
        const State& st = states_[c];
        unretained[c] = static_cast<std::size_t>(
            twin_.state_index(st.programme, st.months_left, st.trained, false));
    }
    owed.assign(programmes, 0.0);
}

void TwinRun::leaving_rates() {
    for (std::size_t cell = 0; cell < cells; ++cell) {
        const CellRates& rates = s.cells[cell];
        for (std::size_t c = 0; c < states; ++c) {
            const State& st = states_[c];
            // After the first year; newcomers' extra leaving is a factor per cell and
            // month (newcomer_factor).
            double leave = rates.established_leave_hazard;
            if (st.retained && st.programme >= 0) {
                leave *= s.programmes[static_cast<std::size_t>(st.programme)].retention_multiplier;
            }
            // Retirement is added per cell and month, from the cell's ages.
            exit_p[cell * states + c] = leave * (1 - rates.within_sector_share);
            move_p[cell * states + c] = leave * rates.within_sector_share;
        }
    }
}

void TwinRun::application_rates() {
    for (std::size_t c = 0; c < states; ++c) {
        const State& st = states_[c];
        const Programme* p =
            st.programme >= 0 ? &s.programmes[static_cast<std::size_t>(st.programme)] : nullptr;
        for (std::size_t r = 0; r < roles; ++r) {
            // The engine draws one application with the edges' summed rate (at most 1 a
            // month), then picks the edge in proportion to its rate.
            double total = 0;
            std::vector<double> rates;
            for (std::size_t e : out_edges[r]) {
                double rate = s.edges[e].monthly_rate;
                if (st.trained && p != nullptr && s.edges[e].kind == EdgeKind::Promotion) {
                    rate *= p->promotion_multiplier;
                }
                rate = std::min(rate, 1.0);
                rates.push_back(rate);
                total += rate;
            }
            const double scale = total > 1 ? 1 / total : 1;
            for (std::size_t k = 0; k < out_edges[r].size(); ++k) {
                const std::size_t e = out_edges[r][k];
                // Those who completed a programme carry its boost and have spent its
                // duration in the role already (tenure is memoryless beyond that).
                const bool trained = st.trained && p != nullptr;
                apply_p[e * states + c] = rates[k] * scale;
                const int needed = needed_months(s, e, trained ? p->readiness_boost : 0);
                months_needed[e * states + c] =
                    needed == kNeverReady
                        ? kNeverReady
                        : std::max(0, needed - (trained ? p->duration_months : 0));
            }
        }
    }
}

// Months in the role before someone carrying `boost` readiness points meets the edge's
// tenure and readiness bars (tenure.hpp's rule, as the engine applies it).
int TwinRun::needed_months(const Scenario& scenario, std::size_t e, double boost) const {
    const auto& edge = scenario.edges[e];
    int months = edge.min_months_in_role;
    const double missing = edge.min_readiness - boost;
    if (missing > 0) {
        if (scenario.readiness_per_month <= 0) {
            return kNeverReady;
        }
        months =
            std::max(months, static_cast<int>(std::ceil(missing / scenario.readiness_per_month)));
    }
    return months;
}

// Month 0: months in the role from the stationary tenure of the role's hazards, as the
// engine draws them (geometric in the chance of leaving the role in any way).
void TwinRun::set_up_tenure(const TwinMonth& first) {
    tenure.assign(cells * tenure_bins, 0.0);
    tenure_past.assign(cells * (tenure_bins + 1), 0.0);
    for (std::size_t cell = 0; cell < cells; ++cell) {
        const double leave = std::clamp(twin_.leave_role_[cell / areas], 0.0, 1.0);
        double staying = 1;
        for (std::size_t k = 0; k + 1 < tenure_bins; ++k) {
            tenure[cell * tenure_bins + k] = first.filled[cell] * staying * leave;
            staying *= 1 - leave;
        }
        tenure[cell * tenure_bins + tenure_bins - 1] = first.filled[cell] * staying;
    }
}

// People starting in the role (at no months), or joining it with its people's shape
// (movers, whose months in the role carry on).
void TwinRun::add_tenure(std::size_t cell, double people, bool as_the_role) {
    double* months = &tenure[cell * tenure_bins];
    double total = 0;
    for (std::size_t k = 0; k < tenure_bins; ++k) {
        total += months[k];
    }
    if (!as_the_role || total <= 0) {
        months[0] += people;
        return;
    }
    for (std::size_t k = 0; k < tenure_bins; ++k) {
        months[k] += people * months[k] / total;
    }
}

// People leaving the role who had at least `from_month` months in it (promotions: only
// those past the bars apply), evenly across them; any more than there are, evenly
// across everyone.
void TwinRun::remove_tenure(std::size_t cell, double people, int from_month) {
    double* months = &tenure[cell * tenure_bins];
    const auto first = std::min(tenure_bins - 1, static_cast<std::size_t>(std::max(0, from_month)));
    double past = 0;
    double total = 0;
    for (std::size_t k = 0; k < tenure_bins; ++k) {
        total += months[k];
        past += k >= first ? months[k] : 0.0;
    }
    const double from_past = std::min(people, past);
    for (std::size_t k = first; k < tenure_bins && past > 0; ++k) {
        months[k] -= from_past * months[k] / past;
    }
    const double rest = people - from_past;
    if (rest > 0 && total - from_past > 0) {
        const double keep = std::max(0.0, 1 - rest / (total - from_past));
        for (std::size_t k = 0; k < tenure_bins; ++k) {
            months[k] *= keep;
        }
    }
}

void TwinRun::programme_ticks() {
    ticks.clear();
    for (std::size_t p = 0; p < programmes; ++p) {
        const int pi = static_cast<int>(p);
        for (int k = 1; k <= s.programmes[p].duration_months; ++k) {
            for (int t = 0; t < 2; ++t) {
                for (int rt = 0; rt < 2; ++rt) {
                    const auto from =
                        static_cast<std::size_t>(twin_.state_index(pi, k, t == 1, rt == 1));
                    if (k > 1) {
                        ticks.push_back({from,
                                         static_cast<std::size_t>(
                                             twin_.state_index(pi, k - 1, t == 1, rt == 1)),
                                         0, -1.0, p});
                    } else {
                        ticks.push_back(
                            {from,
                             static_cast<std::size_t>(twin_.state_index(pi, 0, t == 1, rt == 1)),
                             static_cast<std::size_t>(twin_.state_index(pi, 0, true, rt == 1)),
                             s.programmes[p].completion_rate, p});
                    }
                }
            }
        }
    }
}

std::vector<double> TwinRun::spread(const AgeProfile& profile) const {
    const int age_bins = static_cast<int>(bins);
    std::vector<double> by_year(bins, 0.0);
    for (int band = 0; band < kAgeBands; ++band) {
        const int lo = kAgeBandEdgesYears[band];
        const int hi = kAgeBandEdgesYears[band + 1];
        for (int age = lo; age < hi; ++age) {
            if (age - 16 < age_bins) {
                by_year[static_cast<std::size_t>(age - 16)] += profile[band] / (hi - lo);
            }
        }
    }
    return by_year;
}

void TwinRun::job_leaving_by_age() {
    job_leave_by_age.assign(cells * bins, 1.0);
    for (std::size_t cell = 0; cell < cells; ++cell) {
        const double base = s.cells[cell].base_leave_chance;
        if (base <= 0) {
            continue;
        }
        for (std::size_t b = 0; b < bins; ++b) {
            const double age = 16.0 + static_cast<double>(b) + 0.5;
            const double hazard = -std::log1p(-std::min(0.999999, retire_chance[b]));
            job_leave_by_age[cell * bins + b] =
                job_leaving_chance(base, age, s.older_leaving_ratio, hazard) / base;
        }
    }
}

double TwinRun::mean_job_leaving(std::size_t cell) const {
    double people = 0;
    double leaving = 0;
    for (std::size_t b = 0; b < bins; ++b) {
        people += ages[cell * bins + b];
        leaving += ages[cell * bins + b] * job_leave_by_age[cell * bins + b];
    }
    return people > 0 ? leaving / people : 1.0;
}

void TwinRun::set_up_ages() {
    bins =
        static_cast<std::size_t>(std::max(1, static_cast<int>(std::ceil(s.max_working_age)) - 16));
    retire_chance.resize(bins);
    for (std::size_t b = 0; b < bins; ++b) {
        retire_chance[b] = monthly_retirement_chance(s, 16.0 + static_cast<double>(b) + 0.5);
    }
    entrant_ages.resize(cells);
    for (std::size_t cell = 0; cell < cells; ++cell) {
        const Role& role = s.roles[cell / areas];
        const bool senior = is_leadership(role.level) || role.group == RoleGroup::Professional;
        entrant_ages[cell] = spread(senior ? s.cells[cell].age_profile : s.entrant_age_profile);
    }
    ages.assign(cells * bins, 0.0);
    retiring.assign(cells, 0.0);
    age_factor.assign(cells, 1.0);
    age_factor_start.assign(cells, 1.0);
    job_leaving_by_age();
    older.resize(bins);
}

// Month 0: everyone untrained; qualification holders from the month-0 shares.
TwinMonth TwinRun::month_zero() {
    n.assign(cells * states, 0.0);
    held.assign(qualifications * cells, 0.0);
    TwinMonth first;
    first.posts.resize(cells);
    first.filled.resize(cells);
    for (std::size_t r = 0; r < roles; ++r) {
        for (std::size_t a = 0; a < areas; ++a) {
            const std::size_t cell = r * areas + a;
            first.posts[cell] =
                static_cast<double>(demand.posts(static_cast<RoleId>(r), static_cast<AreaId>(a)));
            first.filled[cell] = static_cast<double>(s.cells[cell].filled);
            n[cell * states] = first.filled[cell];
            const auto profile = spread(s.cells[cell].age_profile);
            for (std::size_t b = 0; b < bins; ++b) {
                ages[cell * bins + b] = first.filled[cell] * profile[b];
            }
            for (std::size_t q = 0; q < qualifications; ++q) {
                const bool entry = s.roles[r].entry_requires == static_cast<QualificationId>(q);
                held[q * cells + cell] =
                    first.filled[cell] * (entry ? 1.0 : s.roles[r].qualified_share[q]);
            }
        }
    }
    for (std::size_t cell = 0; cell < cells; ++cell) {
        age_factor_start[cell] = mean_job_leaving(cell);
    }
    set_up_newcomers(first);
    set_up_tenure(first);
    reset(first);
    set_up_seekers(first);
    return first;
}

void TwinRun::set_up_newcomers(const TwinMonth& first) {
    newcomers.assign(cells * kCohorts, 0.0);
    newcomer_factor.assign(cells, 1.0);
    for (std::size_t cell = 0; cell < cells; ++cell) {
        const CellRates& rates = s.cells[cell];
        std::array<double, kCohorts> at{};
        newcomer_share(s, static_cast<RoleId>(cell / areas), rates.monthly_leave_hazard,
                       rates.within_sector_share, rates.monthly_retirement_hazard, at.data());
        for (std::size_t k = 0; k < kCohorts; ++k) {
            newcomers[cell * kCohorts + k] = first.filled[cell] * at[k];
        }
    }
}

void TwinRun::set_up_seekers(TwinMonth& first) {
    gap = s.months_between_jobs;
    in_gap.assign(static_cast<std::size_t>(gap), std::vector<double>(cells * states, 0.0));
    seeking.assign(static_cast<std::size_t>(std::max(1, s.months_seeking)),
                   std::vector<double>(cells * states, 0.0));
    seekers.clear();
    for (auto& bucket : seeking) {
        seekers.push_back(&bucket);
    }
    for (auto& bucket : in_gap) {
        seekers.push_back(&bucket);
    }
    // At month 0, as in a steady state, each of the last `gap` months' movers.
    for (std::size_t cell = 0; cell < cells; ++cell) {
        for (auto& bucket : in_gap) {
            bucket[cell * states] = n[cell * states] * move_p[cell * states];
            first.between_jobs[cell] += bucket[cell * states];
        }
    }
}

void TwinRun::reset(TwinMonth& m) const {
    for (auto* v :
         {&m.exits, &m.moves, &m.promoted_in, &m.promoted_out, &m.external, &m.trained, &m.moved_in,
          &m.between_jobs, &m.left_between_jobs, &m.gave_up, &m.job_seekers, &m.international}) {
        v->assign(cells, 0.0);
    }
    m.edge_flow.assign(edges, 0.0);
    m.edge_flow_by_area.assign(edges * areas, 0.0);
    for (auto* v : {&m.enrolled_baseline, &m.enrolled_funded, &m.unfilled, &m.completions,
                    &m.enrolled_on_appointment}) {
        v->assign(programmes, 0.0);
    }
}

std::vector<TwinMonth> TwinRun::run(int months) {
    std::vector<TwinMonth> out;
    out.reserve(static_cast<std::size_t>(months) + 1);
    out.push_back(month_zero());
    for (int m = 1; m <= months; ++m) {
        enter_epochs(m);
        TwinMonth next;
        reset(next);
        next.posts.resize(cells);
        start_month();
        applications();
        seekers_wait(next);
        leave(next);
        progress_programmes(next);
        for (std::size_t cell = 0; cell < cells; ++cell) {
            filled[cell] -= next.exits[cell] + next.moves[cell];
        }
        demand.advance_to(m);
        fill(next);
        enrol(m, next);
        end_month(next);
        out.push_back(std::move(next));
    }
    return out;
}

void TwinRun::enter_epochs(int m) {
    const auto& timeline = twin_.scenario_.timeline;
    while (next_epoch < timeline.size() && timeline[next_epoch].month <= m) {
        current_ = *timeline[next_epoch].scenario;
        ++next_epoch;
        leaving_rates();
        application_rates();
        programme_ticks();
        job_leaving_by_age();
    }
}

// The month's starting stocks, retirement chances and newcomers' extra leaving.
void TwinRun::start_month() {
    for (std::size_t cell = 0; cell < cells; ++cell) {
        double sum = 0;
        for (std::size_t c = 0; c < lim(cell); ++c) {
            sum += n[cell * states + c];
        }
        filled[cell] = sum;
    }
    for (std::size_t cell = 0; cell < cells; ++cell) {
        double people = 0;
        double retire = 0;
        for (std::size_t b = 0; b < bins; ++b) {
            people += ages[cell * bins + b];
            retire += ages[cell * bins + b] * retire_chance[b];
        }
        retiring[cell] = people > 0 ? retire / people : 0.0;
        age_factor[cell] =
            age_factor_start[cell] > 0 ? mean_job_leaving(cell) / age_factor_start[cell] : 1.0;
        const double* months = &tenure[cell * tenure_bins];
        double* past = &tenure_past[cell * (tenure_bins + 1)];
        past[tenure_bins] = 0;
        for (std::size_t k = tenure_bins; k-- > 0;) {
            past[k] = past[k + 1] + months[k];
        }
        double fresh = 0;
        for (std::size_t k = 0; k < kCohorts; ++k) {
            fresh += newcomers[cell * kCohorts + k];
        }
        newcomer_factor[cell] =
            filled[cell] > 0 ? 1 + (s.newcomer_leaving_ratio - 1) * fresh / filled[cell] : 1.0;
    }
}

// Applications from those who stay, with each edge's qualification needs met: in full by
// those who completed the programme granting it, else in the share of the rest of the
// source cell that holds it.
void TwinRun::applications() {
    for (std::size_t e = 0; e < edges; ++e) {
        const auto& edge = s.edges[e];
        for (std::size_t a = 0; a < areas; ++a) {
            const std::size_t cell = edge.from * areas + a;
            std::fill(flow_in.begin(), flow_in.end(), 1.0); // per state: qualified share
            for (auto q : {edge.required_qualification, entry_qualification(s, edge)}) {
                if (q == kNoQualification || filled[cell] <= 0) {
                    continue;
                }
                const auto grants = [&](std::size_t c) { return granted_by[c] == q; };
                double granted = 0;
                for (std::size_t c = 0; c < lim(cell); ++c) {
                    granted += grants(c) ? n[cell * states + c] : 0.0;
                }
                const double rest = filled[cell] - granted;
                const double share =
                    rest > 0
                        ? std::clamp((held[static_cast<std::size_t>(q) * cells + cell] - granted) /
                                         rest,
                                     0.0, 1.0)
                        : 0.0;
                for (std::size_t c = 0; c < lim(cell); ++c) {
                    flow_in[c] *= grants(c) ? 1.0 : share;
                }
            }
            // Who is past each number of months in the role, as a share of the role.
            const double* past_months = &tenure_past[cell * (tenure_bins + 1)];
            const double everyone = past_months[0];
            for (std::size_t c = 0; c < lim(cell); ++c) {
                const int needed = months_needed[e * states + c];
                const double past =
                    needed == kNeverReady || everyone <= 0
                        ? 0.0
                        : past_months[std::min(tenure_bins - 1, static_cast<std::size_t>(needed))] /
                              everyone;
                applicants[(e * areas + a) * states + c] =
                    n[cell * states + c] *
                    (1 -
                     exit_p[(edge.from * areas + a) * states + c] * newcomer_factor[cell] *
                         age_factor[cell] -
                     retiring[cell]) *
                    apply_p[e * states + c] * past * flow_in[c];
            }
        }
    }
}

// People between jobs: some leave the sector while they wait; those who sought for
// months_seeking months without a post leave it; the rest seek a month longer, and the
// gap's last month start seeking. Most (cell, state) stocks are empty: they are skipped,
// which changes no sum (adding nothing), each sum kept in a register in the same order.
void TwinRun::seekers_wait(TwinMonth& next) {
    for (std::size_t cell = 0; cell < cells; ++cell) {
        double left = 0;
        for (auto* bucket : seekers) {
            for (std::size_t c = 0; c < lim(cell); ++c) {
                double& waiting = (*bucket)[cell * states + c];
                if (waiting == 0) {
                    continue;
                }
                const double gone = waiting * (exit_p[cell * states + c] + retiring[cell]);
                waiting -= gone;
                left += gone;
            }
        }
        next.left_between_jobs[cell] = left;
    }
    auto& oldest = seeking.back();
    for (std::size_t i = 0; i < cells * states; ++i) {
        if (oldest[i] != 0) {
            next.left_between_jobs[i / states] += oldest[i];
            next.gave_up[i / states] += oldest[i];
        }
    }
    for (std::size_t k = seeking.size() - 1; k > 0; --k) {
        seeking[k].swap(seeking[k - 1]);
    }
    if (gap > 0) {
        seeking[0].swap(in_gap[static_cast<std::size_t>(gap) - 1]);
        for (std::size_t g = static_cast<std::size_t>(gap) - 1; g > 0; --g) {
            in_gap[g].swap(in_gap[g - 1]);
        }
    }
    // What was swapped down holds the oldest: emptied, the newest bucket.
    auto& newest = gap > 0 ? in_gap[0] : seeking[0];
    std::fill(newest.begin(), newest.end(), 0.0);
}

// Leaving; a mover leaves a vacancy behind and is between jobs, no longer under a
// programme's retention effect.
void TwinRun::leave(TwinMonth& next) {
    std::vector<double>& movers = gap > 0 ? in_gap[0] : seeking[0];
    for (std::size_t cell = 0; cell < cells; ++cell) {
        double exits = 0;
        double moves = 0;
        for (std::size_t c = 0; c < lim(cell); ++c) {
            double& stock = n[cell * states + c];
            if (stock == 0) {
                continue;
            }
            const double gone =
                stock * (exit_p[cell * states + c] * newcomer_factor[cell] * age_factor[cell] +
                         retiring[cell]);
            const double moved =
                stock * move_p[cell * states + c] * newcomer_factor[cell] * age_factor[cell];
            exits += gone;
            moves += moved;
            stock -= gone + moved;
            movers[cell * states + unretained[c]] += moved;
        }
        next.exits[cell] = exits;
        next.moves[cell] = moves;
        if (filled[cell] > 0) {
            const double keep = std::max(0.0, 1 - (exits + moves) / filled[cell]);
            for (std::size_t k = 0; k < tenure_bins; ++k) {
                tenure[cell * tenure_bins + k] *= keep;
            }
        }
        const double newcomer_leaving =
            std::min(1.0, s.newcomer_leaving_ratio * s.cells[cell].established_leave_hazard +
                              retiring[cell]);
        for (std::size_t k = 0; k < kCohorts; ++k) {
            newcomers[cell * kCohorts + k] *= 1 - newcomer_leaving;
        }
        if (filled[cell] > 0) {
            for (std::size_t q = 0; q < qualifications; ++q) {
                held[q * cells + cell] *= 1 - exits / filled[cell];
            }
            // Retirements by age, other exits in proportion.
            const double others = std::max(0.0, exits - retiring[cell] * filled[cell]);
            const double keep = 1 - others / filled[cell];
            for (std::size_t b = 0; b < bins; ++b) {
                double& people = ages[cell * bins + b];
                people *= (1 - retire_chance[b]) * keep;
            }
        }
    }
}

// A month on a programme: the month's last one completes (or not). Ticks are in state
// order, so a role's are those before its limit.
void TwinRun::advance(double* by_state, std::size_t cell, std::size_t limit, bool record,
                      TwinMonth& next) {
    for (const Tick& tick : ticks) {
        if (tick.from >= limit) {
            break;
        }
        const double amount = by_state[tick.from];
        if (amount == 0) {
            continue;
        }
        by_state[tick.from] = 0;
        if (tick.completion < 0) {
            by_state[tick.to] += amount;
            continue;
        }
        const double done = amount * tick.completion;
        by_state[tick.done_to] += done;
        by_state[tick.to] += amount - done;
        if (record) {
            next.completions[tick.programme] += done;
            const auto grants = s.programmes[tick.programme].grants;
            if (grants != kNoQualification) {
                held[static_cast<std::size_t>(grants) * cells + cell] += done;
            }
        }
    }
}

void TwinRun::progress_programmes(TwinMonth& next) {
    if (programmes == 0) {
        return;
    }
    for (std::size_t cell = 0; cell < cells; ++cell) {
        advance(&n[cell * states], cell, lim(cell), true, next);
        for (auto* bucket : seekers) {
            advance(&(*bucket)[cell * states], cell, lim(cell), true, next);
        }
    }
    for (std::size_t ea = 0; ea < edges * areas; ++ea) {
        advance(&applicants[ea * states], 0, twin_.state_limit_[s.edges[ea / areas].from], false,
                next);
    }
}

// Vacancies down the fill order, hires matched from the job seekers.
void TwinRun::fill(TwinMonth& next) {
    for (RoleId r : s.fill_order) {
        for (std::size_t a = 0; a < areas; ++a) {
            fill_cell(r, a, next);
        }
    }
}

void TwinRun::fill_cell(RoleId r, std::size_t a, TwinMonth& next) {
    const Role& role = s.roles[r];
    const std::size_t cell = r * areas + a;
    next.posts[cell] = static_cast<double>(demand.posts(r, static_cast<AreaId>(a)));
    // The month's job seekers: internal applicants (willing and ready), people between
    // jobs who can start, and recruits from outside the sector.
    double wanting[2] = {0, 0};
    for (std::size_t e : in_edges[r]) {
        for (std::size_t c = 0; c < twin_.state_limit_[s.edges[e].from]; ++c) {
            const double applying = applicants[(e * areas + a) * states + c];
            if (applying != 0) {
                wanting[states_[c].trained] += applying;
            }
        }
    }
    double between = 0;
    for (const auto& bucket : seeking) {
        for (std::size_t c = 0; c < lim(cell); ++c) {
            between += bucket[cell * states + c];
        }
    }
    const double cell_supply = monthly_supply(s, r) * s.cells[cell].supply_share;
    const Hiring hiring = push ? hire_everyone(wanting[0] + wanting[1], between, cell_supply)
                               : hire_by_matching(std::max(0.0, next.posts[cell] - filled[cell]),
                                                  wanting[0] + wanting[1], between, cell_supply,
                                                  s.cells[cell].matching_efficiency,
                                                  s.matching_elasticity, role.external_first_share);
    next.job_seekers[cell] = wanting[0] + wanting[1] + between + cell_supply;
    // Internal hires: the trained first, then the rest.
    double fillable = hiring.internal;
    double taken[2];
    for (int t : {1, 0}) {
        const double promoted = std::min(fillable, wanting[t]);
        taken[t] = wanting[t] > 0 ? promoted / wanting[t] : 0;
        fillable -= promoted;
    }
    for (std::size_t e : in_edges[r]) {
        promote_along(e, a, taken, next);
    }
    place_seekers(cell, hiring.between_jobs, next);
    hire_outsiders(r, cell, hiring.external, next);
}

// The taken share of an edge's applicants in one area, with their training states,
// qualifications, ages and newcomers.
void TwinRun::promote_along(std::size_t e, std::size_t a, const double taken[2], TwinMonth& next) {
    const auto& edge = s.edges[e];
    const Role& role = s.roles[edge.to];
    const std::size_t cell = edge.to * areas + a;
    const std::size_t from = edge.from * areas + a;
    double flow = 0;
    std::fill(flow_in.begin(), flow_in.end(), 0.0);
    // Appointees "working towards" the role's entry qualification who lack it start its
    // programme on appointment.
    const bool towards = role.entry_within_months > 0 && role.entry_programme >= 0 &&
                         edge.kind != EdgeKind::Qualification;
    // Those who completed the programme granting it hold it; of the rest, the source's
    // remaining holders' share.
    const auto grants_entry = [&](std::size_t c) { return granted_by[c] == role.entry_requires; };
    double lacking = 0;
    if (towards && filled[from] > 0) {
        double granted = 0;
        for (std::size_t c = 0; c < lim(from); ++c) {
            granted += grants_entry(c) ? n[from * states + c] : 0.0;
        }
        const double rest = filled[from] - granted;
        const double holders =
            held[static_cast<std::size_t>(role.entry_requires) * cells + from] - granted;
        lacking = rest > 0 ? 1 - std::clamp(holders / rest, 0.0, 1.0) : 0.0;
    }
    for (std::size_t c = 0; c < lim(from); ++c) {
        const double moved = applicants[(e * areas + a) * states + c] * taken[states_[c].trained];
        if (moved <= 0) {
            continue;
        }
        // Promotion keeps the training state but ends retention.
        const double available = n[from * states + c];
        const double take = std::min(moved, available);
        n[from * states + c] -= take;
        const State& st = states_[c];
        const double enrolling = grants_entry(c) ? 0.0 : take * lacking;
        flow_in[unretained[c]] += take - enrolling;
        if (enrolling > 0) {
            const auto pe = static_cast<std::size_t>(role.entry_programme);
            const Programme& entry = s.programmes[pe];
            flow_in[static_cast<std::size_t>(
                twin_.state_index(role.entry_programme, entry.duration_months, st.trained,
                                  entry.retention_multiplier != 1.0))] += enrolling;
            next.enrolled_on_appointment[pe] += enrolling;
            owed[pe] += enrolling;
        }
        flow += take;
    }
    for (std::size_t c = 0; c < lim(cell); ++c) {
        n[cell * states + c] += flow_in[c];
    }
    // Qualifications travel with the promoted: those the edge needs in full, others in
    // the source's share; the target's entry is granted.
    const QualificationId needed[2] = {edge.required_qualification, entry_qualification(s, edge)};
    for (std::size_t q = 0; q < qualifications; ++q) {
        const auto qid = static_cast<QualificationId>(q);
        double share =
            filled[from] > 0 ? std::min(1.0, held[q * cells + from] / filled[from]) : 0.0;
        if (qid == needed[0] || qid == needed[1]) {
            share = 1;
        }
        held[q * cells + from] = std::max(0.0, held[q * cells + from] - flow * share);
        held[q * cells + cell] += qid == role.entry_requires && !towards ? flow : flow * share;
    }
    if (filled[from] > 0 && flow > 0) {
        const double share = std::min(1.0, flow / filled[from]);
        for (std::size_t b = 0; b < bins; ++b) {
            const double moved = ages[from * bins + b] * share;
            ages[from * bins + b] -= moved;
            ages[cell * bins + b] += moved;
        }
    }
    if (filled[from] > 0) {
        const double staying = std::max(0.0, 1 - flow / filled[from]);
        for (std::size_t k = 0; k < kCohorts; ++k) {
            newcomers[from * kCohorts + k] *= staying;
        }
    }
    if (flow > 0) {
        int earliest = kNeverReady;
        for (std::size_t c = 0; c < lim(from); ++c) {
            earliest = std::min(earliest, months_needed[e * states + c]);
        }
        remove_tenure(from, flow, earliest == kNeverReady ? 0 : earliest);
        add_tenure(cell, flow, false);
    }
    filled[from] -= flow;
    filled[cell] += flow;
    next.promoted_out[from] += flow;
    next.promoted_in[cell] += flow;
    next.edge_flow[e] += flow;
    next.edge_flow_by_area[e * areas + a] += flow;
}

// People between jobs in this role and area, the longest seeking first.
void TwinRun::place_seekers(std::size_t cell, double placing, TwinMonth& next) {
    for (std::size_t k = seeking.size(); k-- > 0 && placing > 0;) {
        double* bucket = &seeking[k][cell * states];
        double free = 0;
        for (std::size_t c = 0; c < lim(cell); ++c) {
            free += bucket[c];
        }
        const double placed = std::min(placing, free);
        if (placed <= 0) {
            continue;
        }
        const double fraction = placed / free;
        for (std::size_t c = 0; c < lim(cell); ++c) {
            const double starting = bucket[c] * fraction;
            bucket[c] -= starting;
            n[cell * states + c] += starting;
        }
        filled[cell] += placed;
        add_tenure(cell, placed, true);
        next.moved_in[cell] += placed;
        placing -= placed;
    }
}

// Recruits from outside the sector: untrained newcomers, with the entrants' ages.
void TwinRun::hire_outsiders(RoleId r, std::size_t cell, double external, TwinMonth& next) {
    const Role& role = s.roles[r];
    n[cell * states] += external;
    newcomers[cell * kCohorts] += external;
    add_tenure(cell, external, false);
    filled[cell] += external;
    next.external[cell] += external;
    next.international[cell] += external * international_share(s, r);
    for (std::size_t b = 0; b < bins; ++b) {
        ages[cell * bins + b] += external * entrant_ages[cell][b];
    }
    if (role.entry_requires != kNoQualification) {
        held[static_cast<std::size_t>(role.entry_requires) * cells + cell] += external;
    }
}

// Enrolment: the month's places, uniform among the eligible not enrolled (and not
// holding what the programme grants), baseline places first.
void TwinRun::enrol(int m, TwinMonth& next) {
    if ((m - 1) % 12 == 0 && programmes > 0) {
        plan = plan_training_year(s);
    }
    for (std::size_t p = 0; p < programmes; ++p) {
        enrol_programme(p, m, next);
    }
}

void TwinRun::enrol_programme(std::size_t p, int m, TwinMonth& next) {
    const Programme& programme = s.programmes[p];
    double baseline =
        static_cast<double>(baseline_places_in_month(programme.baseline_places_per_year, m));
    const double used = std::min(baseline, owed[p]);
    baseline -= used;
    owed[p] -= used;
    const double funded = static_cast<double>(funded_places_in_month(plan.funded_places[p], m));
    if (baseline + funded <= 0) {
        return;
    }
    std::vector<double> pool(cells, 0.0);
    double pool_total = 0;
    for (RoleId r : programme.eligible_roles) {
        for (std::size_t a = 0; a < areas; ++a) {
            if (!programme.areas.empty() &&
                std::find(programme.areas.begin(), programme.areas.end(), a) ==
                    programme.areas.end()) {
                continue;
            }
            const std::size_t cell = r * areas + a;
            double free = 0;
            for (std::size_t c = 0; c < lim(cell); ++c) {
                free += states_[c].months_left == 0 ? n[cell * states + c] : 0.0;
            }
            double eligible = free;
            if (programme.grants != kNoQualification && free > 0) {
                eligible = std::max(
                    0.0, free - held[static_cast<std::size_t>(programme.grants) * cells + cell]);
            }
            pool[cell] = free > 0 ? eligible / free : 0.0; // share of the free who may
            pool_total += eligible;
        }
    }
    const double taken = std::min(baseline + funded, pool_total);
    next.enrolled_baseline[p] = std::min(baseline, taken);
    next.enrolled_funded[p] = taken - next.enrolled_baseline[p];
    next.unfilled[p] = baseline + funded - taken;
    if (taken <= 0) {
        return;
    }
    const double fraction = taken / pool_total;
    const bool retains = programme.retention_multiplier != 1.0;
    for (std::size_t cell = 0; cell < cells; ++cell) {
        if (pool[cell] <= 0) {
            continue;
        }
        for (std::size_t c = 0; c < lim(cell); ++c) {
            const State& st = states_[c];
            if (st.months_left != 0) {
                continue;
            }
            const double moving = n[cell * states + c] * pool[cell] * fraction;
            n[cell * states + c] -= moving;
            n[cell * states +
              static_cast<std::size_t>(twin_.state_index(
                  static_cast<int>(p), programme.duration_months, st.trained, retains))] += moving;
        }
    }
}

// A month longer in the sector, a month older, and the month's stocks.
void TwinRun::end_month(TwinMonth& next) {
    // The twelfth month's newcomers join the rest.
    for (std::size_t cell = 0; cell < cells; ++cell) {
        double* cohorts = &newcomers[cell * kCohorts];
        for (std::size_t k = kCohorts - 1; k > 0; --k) {
            cohorts[k] = cohorts[k - 1];
        }
        cohorts[0] = 0;
    }
    // A month longer in the role: the last bin keeps those with that many or more.
    for (std::size_t cell = 0; cell < cells; ++cell) {
        double* months = &tenure[cell * tenure_bins];
        if (tenure_bins > 1) {
            months[tenure_bins - 1] += months[tenure_bins - 2];
            for (std::size_t k = tenure_bins - 2; k > 0; --k) {
                months[k] = months[k - 1];
            }
            months[0] = 0;
        }
    }
    // A twelfth of each year's people move up a year. In three passes the compiler
    // vectorises, each value the same as moving one year at a time from the top (its own
    // twelfth out, then the year below's in).
    for (std::size_t cell = 0; cell < cells; ++cell) {
        double* by_year = &ages[cell * bins];
        for (std::size_t b = 0; b + 1 < bins; ++b) {
            older[b] = by_year[b] / 12.0;
        }
        for (std::size_t b = 0; b + 1 < bins; ++b) {
            by_year[b] -= older[b];
        }
        for (std::size_t b = 1; b < bins; ++b) {
            by_year[b] += older[b - 1];
        }
    }
    next.filled.assign(cells, 0.0);
    for (std::size_t cell = 0; cell < cells; ++cell) {
        double people = 0;
        double trained = 0;
        for (std::size_t c = 0; c < lim(cell); ++c) {
            const double stock = n[cell * states + c];
            if (stock == 0) {
                continue;
            }
            people += stock;
            if (states_[c].trained) {
                trained += stock;
            }
        }
        next.filled[cell] = people;
        next.trained[cell] = trained;
        for (const auto* bucket : seekers) {
            for (std::size_t c = 0; c < lim(cell); ++c) {
                next.between_jobs[cell] += (*bucket)[cell * states + c];
            }
        }
    }
}

} // namespace carecast::model::detail

namespace carecast::model {

std::vector<TwinMonth> MarkovTwin::project(int months) const {
    detail::TwinRun run(*this);
    return run.run(months);
}

} // namespace carecast::model
