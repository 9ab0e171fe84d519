// Vacancies filled down the fill order (hires matched from the job seekers, promotions
// along the career graph, outside recruits), then the month's training places.
#include "twin_run.hpp"

#include <algorithm>
#include <cmath>

namespace carecast::model::detail {

// Vacancies down the fill order, hires matched from the job seekers.
void TwinRun::fill(TwinMonth& next) {
    for (RoleId r : s.fill_order) {
        // A role's areas exchange nobody: each area's job seekers are counted before any
        // is filled, kLanes areas side by side, each sum in its own order.
        role_in_lanes(
            r, [&]<std::size_t L>(std::size_t first) { count_seekers<L>(r, first - r * areas); });
        for (std::size_t a = 0; a < areas; ++a) {
            fill_cell(r, a, next);
        }
    }
}

// The month's job seekers in L areas of role r from area `first`: internal applicants
// (willing and ready), the trained and the rest, and people between jobs who can start.
template <std::size_t L> void TwinRun::count_seekers(RoleId r, std::size_t first) {
    std::array<double, L> untrained{};
    std::array<double, L> trained{};
    for (std::size_t e : in_edges[r]) {
        for (std::size_t c = 0; c < twin_.state_limit_[s.edges[e].from]; ++c) {
            const bool completed = states_[c].trained;
            for (std::size_t l = 0; l < L; ++l) {
                const double applying = applicants[(e * areas + first + l) * states + c];
                untrained[l] += completed ? 0.0 : applying;
                trained[l] += completed ? applying : 0.0;
            }
        }
    }
    const std::size_t cell = r * areas + first;
    std::array<double, L> between{};
    for (const auto& bucket : seeking) {
        for (std::size_t c = 0; c < seeker_lim(cell); ++c) {
            for (std::size_t l = 0; l < L; ++l) {
                between[l] += bucket[(cell + l) * slots + c];
            }
        }
    }
    for (std::size_t l = 0; l < L; ++l) {
        wanting_[first + l] = {untrained[l], trained[l]};
        between_[first + l] = between[l];
    }
}

void TwinRun::fill_cell(RoleId r, std::size_t a, TwinMonth& next) {
    const Role& role = s.roles[r];
    const std::size_t cell = r * areas + a;
    next.posts[cell] = static_cast<double>(demand.posts(r, static_cast<AreaId>(a)));
    // The month's job seekers (count_seekers), and recruits from outside the sector.
    const double wanting[2] = {wanting_[a][0], wanting_[a][1]};
    const double between = between_[a];
    const double cell_supply = role_supply[r] * s.cells[cell].supply_share;
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
    // The promoted keep their states, so the target role holds all the source's.
    std::fill(flow_in.begin(), flow_in.begin() + static_cast<std::ptrdiff_t>(lim(cell)), 0.0);
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
        remove_tenure(from, flow, earliest_ready[e] == kNeverReady ? 0 : earliest_ready[e]);
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
        double* bucket = &seeking[k][cell * slots];
        double free = 0;
        for (std::size_t c = 0; c < seeker_lim(cell); ++c) {
            free += bucket[c];
        }
        const double placed = std::min(placing, free);
        if (placed <= 0) {
            continue;
        }
        const double fraction = placed / free;
        for (std::size_t c = 0; c < seeker_lim(cell); ++c) {
            const double starting = bucket[c] * fraction;
            bucket[c] -= starting;
            n[cell * states + slot_state[c]] += starting;
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
    next.international[cell] += external * role_international[r];
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
            for (std::size_t c : not_enrolled) {
                if (c >= lim(cell)) {
                    break; // in state order
                }
                free += n[cell * states + c];
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
        for (std::size_t c : not_enrolled) {
            if (c >= lim(cell)) {
                break;
            }
            const State& st = states_[c];
            const double moving = n[cell * states + c] * pool[cell] * fraction;
            n[cell * states + c] -= moving;
            n[cell * states +
              static_cast<std::size_t>(twin_.state_index(
                  static_cast<int>(p), programme.duration_months, st.trained, retains))] += moving;
        }
    }
}

} // namespace carecast::model::detail
