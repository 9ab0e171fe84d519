// The twin's month, phase by phase in the engine's order: starting stocks, applications,
// the wait between jobs, leaving, programme progress, filling (twin_filling.cpp),
// enrolment, a month older.
#include "twin_run.hpp"

#include <algorithm>
#include <cmath>

namespace carecast::model::detail {

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
        seeker_rates();
        application_rates();
        supply_rates();
        programme_progress();
        job_leaving_by_age();
    }
}

// The month's starting stocks, retirement chances and newcomers' extra leaving.
void TwinRun::start_month() {
    in_lanes([&]<std::size_t L>(std::size_t first) {
        std::array<double, L> sum{};
        for (std::size_t c = 0; c < lim(first); ++c) {
            for (std::size_t l = 0; l < L; ++l) {
                sum[l] += n[(first + l) * states + c];
            }
        }
        for (std::size_t l = 0; l < L; ++l) {
            filled[first + l] = sum[l];
        }
    });
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
            // Per state: the qualified share.
            std::fill(flow_in.begin(), flow_in.begin() + static_cast<std::ptrdiff_t>(lim(cell)),
                      1.0);
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

// L cells side by side (in_lanes): each cell's sums in the order of one cell alone.
// Empty stocks lose nothing and add nothing, so no branch skips them.
template <std::size_t L> void TwinRun::seekers_wait_cells(std::size_t first, TwinMonth& next) {
    const std::size_t limit = seeker_lim(first);
    std::array<double, L> left{};
    for (auto* bucket : seekers) {
        for (std::size_t c = 0; c < limit; ++c) {
            for (std::size_t l = 0; l < L; ++l) {
                const std::size_t i = (first + l) * slots + c;
                const double gone = (*bucket)[i] * (seeker_exit_p[i] + retiring[first + l]);
                (*bucket)[i] -= gone;
                left[l] += gone;
            }
        }
    }
    // Those who sought longest leave the sector; a cell holds no one past its limit.
    const auto& oldest = seeking.back();
    std::array<double, L> gave_up{};
    for (std::size_t c = 0; c < limit; ++c) {
        for (std::size_t l = 0; l < L; ++l) {
            const double waited = oldest[(first + l) * slots + c];
            left[l] += waited;
            gave_up[l] += waited;
        }
    }
    for (std::size_t l = 0; l < L; ++l) {
        next.left_between_jobs[first + l] = left[l];
        next.gave_up[first + l] = gave_up[l];
    }
}

// People between jobs: some leave the sector while they wait; those who sought for
// months_seeking months without a post leave it; the rest seek a month longer, and the
// gap's last month start seeking.
void TwinRun::seekers_wait(TwinMonth& next) {
    in_lanes([&]<std::size_t L>(std::size_t first) { seekers_wait_cells<L>(first, next); });
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
        // An empty stock loses and adds nothing, so no branch skips it.
        for (std::size_t c = 0; c < lim(cell); ++c) {
            double& stock = n[cell * states + c];
            const double gone =
                stock * (exit_p[cell * states + c] * newcomer_factor[cell] * age_factor[cell] +
                         retiring[cell]);
            const double moved =
                stock * move_p[cell * states + c] * newcomer_factor[cell] * age_factor[cell];
            exits += gone;
            moves += moved;
            stock -= gone + moved;
            movers[cell * slots + mover_slot[c]] += moved;
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

// A month on a programme: the month's last one completes (or not), and the rest move a
// month on. Programmes are in state order, so a role's are those before its limit.
void TwinRun::advance(double* by_state, std::size_t cell, std::size_t limit, bool record,
                      TwinMonth& next) {
    advance_states<4>(by_state, cell, limit, record, next);
}

// The same for people between jobs, whose stocks hold only the states without retention.
void TwinRun::advance_seekers(double* by_slot, std::size_t cell, TwinMonth& next) {
    advance_states<2>(by_slot, cell, seeker_lim(cell), true, next);
}

// Width: the stocks a programme month has, (trained, retained) or (trained) alone; the
// trained ones are the second half.
template <std::size_t Width>
void TwinRun::advance_states(double* stocks, std::size_t cell, std::size_t limit, bool record,
                             TwinMonth& next) {
    constexpr std::size_t kHalf = Width / 2;
    for (const Progress& p : progress) {
        const std::size_t base = Width == 4 ? p.base : p.seeker_base;
        if (base >= limit || p.months == 0) {
            continue;
        }
        // One month left: each stock completes into its trained one (or stays untrained).
        double* last = stocks + base + Width;
        for (std::size_t i = 0; i < Width; ++i) {
            const double amount = last[i];
            if (amount == 0) {
                continue;
            }
            last[i] = 0;
            const double done = amount * p.completion;
            stocks[base + kHalf + i % kHalf] += done;
            stocks[base + i] += amount - done;
            if (record) {
                next.completions[p.programme] += done;
                const auto grants = s.programmes[p.programme].grants;
                if (grants != kNoQualification) {
                    held[static_cast<std::size_t>(grants) * cells + cell] += done;
                }
            }
        }
        // The rest a month on; the longest months left are then empty.
        std::copy(last + Width, last + p.months * Width, last);
        std::fill(last + (p.months - 1) * Width, last + p.months * Width, 0.0);
    }
}

void TwinRun::progress_programmes(TwinMonth& next) {
    if (programmes == 0) {
        return;
    }
    for (std::size_t cell = 0; cell < cells; ++cell) {
        advance(&n[cell * states], cell, lim(cell), true, next);
        for (auto* bucket : seekers) {
            advance_seekers(&(*bucket)[cell * slots], cell, next);
        }
    }
    for (std::size_t ea = 0; ea < edges * areas; ++ea) {
        advance(&applicants[ea * states], 0, twin_.state_limit_[s.edges[ea / areas].from], false,
                next);
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
    in_lanes([&]<std::size_t L>(std::size_t first) { count_stocks<L>(first, next); });
}

// The month's stocks in post, trained and between jobs, L cells side by side (in_lanes).
template <std::size_t L> void TwinRun::count_stocks(std::size_t first, TwinMonth& next) {
    const std::size_t limit = lim(first);
    std::array<double, L> people{};
    std::array<double, L> trained{};
    for (std::size_t c = 0; c < limit; ++c) {
        const bool completed = states_[c].trained;
        for (std::size_t l = 0; l < L; ++l) {
            const double stock = n[(first + l) * states + c];
            people[l] += stock;
            trained[l] += completed ? stock : 0.0;
        }
    }
    std::array<double, L> between{};
    for (std::size_t l = 0; l < L; ++l) {
        next.filled[first + l] = people[l];
        next.trained[first + l] = trained[l];
        between[l] = next.between_jobs[first + l];
    }
    for (const auto* bucket : seekers) {
        for (std::size_t c = 0; c < seeker_lim(first); ++c) {
            for (std::size_t l = 0; l < L; ++l) {
                between[l] += (*bucket)[(first + l) * slots + c];
            }
        }
    }
    for (std::size_t l = 0; l < L; ++l) {
        next.between_jobs[first + l] = between[l];
    }
}

} // namespace carecast::model::detail

namespace carecast::model {

std::vector<TwinMonth> MarkovTwin::project(int months) const {
    detail::TwinRun run(*this);
    return run.run(months);
}

} // namespace carecast::model
