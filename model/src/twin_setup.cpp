// The twin's set-up: the month's rates from the scenario in force (again at each epoch of
// its timeline), and month 0's stocks as the engine sets people up.
#include "twin_run.hpp"

#include <algorithm>
#include <cmath>

namespace carecast::model::detail {

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
    supply_rates();
    set_up_ages();
    filled.resize(cells);
    wanting_.resize(areas);
    between_.resize(areas);
    applicants.resize(edges * areas * states);
    flow_in.resize(states);
    programme_progress();
    unretained.resize(states);
    for (std::size_t c = 0; c < states; ++c) {
        const State& st = states_[c];
        unretained[c] = static_cast<std::size_t>(
            twin_.state_index(st.programme, st.months_left, st.trained, false));
    }
    seeker_slots();
    for (std::size_t c = 0; c < states; ++c) {
        if (states_[c].months_left == 0) {
            not_enrolled.push_back(c);
        }
    }
    owed.assign(programmes, 0.0);
}

// Seeker slots: the states without retention, in state order. A programme's block of
// them is (months left, trained), two a month where its states are four.
void TwinRun::seeker_slots() {
    std::vector<std::size_t> slot_of(states, 0);
    for (std::size_t c = 0; c < states; ++c) {
        if (!states_[c].retained) {
            slot_of[c] = slot_state.size();
            slot_state.push_back(c);
        }
    }
    slots = slot_state.size();
    mover_slot.resize(states);
    for (std::size_t c = 0; c < states; ++c) {
        mover_slot[c] = slot_of[unretained[c]];
    }
    seeker_limit.assign(roles, 0);
    for (std::size_t r = 0; r < roles; ++r) {
        while (seeker_limit[r] < slots && slot_state[seeker_limit[r]] < twin_.state_limit_[r]) {
            ++seeker_limit[r];
        }
    }
    for (auto& p : progress) {
        p.seeker_base = slot_of[p.base];
    }
    seeker_exit_p.resize(cells * slots);
    seeker_rates();
}

// exit_p at each seeker slot's state: the chance of leaving the sector while between
// jobs, read where the month's longest loop wants it.
void TwinRun::seeker_rates() {
    for (std::size_t cell = 0; cell < cells; ++cell) {
        for (std::size_t j = 0; j < slots; ++j) {
            seeker_exit_p[cell * slots + j] = exit_p[cell * states + slot_state[j]];
        }
    }
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

void TwinRun::supply_rates() {
    role_supply.resize(roles);
    role_international.resize(roles);
    for (std::size_t r = 0; r < roles; ++r) {
        role_supply[r] = monthly_supply(s, static_cast<RoleId>(r));
        role_international[r] = international_share(s, static_cast<RoleId>(r));
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
    earliest_ready.assign(edges, kNeverReady);
    for (std::size_t e = 0; e < edges; ++e) {
        for (std::size_t c = 0; c < twin_.state_limit_[s.edges[e].from]; ++c) {
            earliest_ready[e] = std::min(earliest_ready[e], months_needed[e * states + c]);
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

// The programmes with states, in state order; at each epoch, their completion rates.
void TwinRun::programme_progress() {
    if (progress.empty()) {
        for (std::size_t p = 0; p < programmes; ++p) {
            if (twin_.has_states(p)) {
                progress.push_back(
                    {static_cast<std::size_t>(
                         twin_.state_index(static_cast<int>(p), 0, false, false)),
                     0, // seeker_slots
                     static_cast<std::size_t>(std::max(0, s.programmes[p].duration_months)), 0.0,
                     p});
            }
        }
    }
    for (Progress& p : progress) {
        p.completion = s.programmes[p.programme].completion_rate;
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
    in_gap.assign(static_cast<std::size_t>(gap), std::vector<double>(cells * slots, 0.0));
    seeking.assign(static_cast<std::size_t>(std::max(1, s.months_seeking)),
                   std::vector<double>(cells * slots, 0.0));
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
            bucket[cell * slots] = n[cell * states] * move_p[cell * states];
            first.between_jobs[cell] += bucket[cell * slots];
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

} // namespace carecast::model::detail
