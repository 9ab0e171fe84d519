// Leaving by time in the sector, written once for the engine and the twin.
//
// People in their first year in the sector leave far more often than the rest: turnover
// was 43.7% for those in their first year against 20.4% at 20+ years (Skills for Care,
// 2021/22). A newcomer (fewer than 12 months in the sector) leaves at `ratio` times the
// hazard of everyone else; both are scaled so that a cell whose people have the month-0
// share of newcomers leaves at its given (average) hazard, which holds each role's
// turnover at the start.
#pragma once

#include <carecast/model/scenario.hpp>

#include <cmath>

namespace carecast::model {

inline constexpr int kNewcomerMonths = 12;

// The share of people in post at month 0 in their first 12 months in the sector, as the
// engine sets them up: months in the role before month 0 geometric with the monthly
// chance of leaving the role, months in the sector before the role geometric with that
// of leaving the sector. Also each month's share, `at[k]` for k months in the sector.
inline double newcomer_share(double leave_role, double leave_sector, double* at = nullptr) {
    double share = 0;
    for (int k = 0; k < kNewcomerMonths; ++k) {
        double p = 0; // P(months in role + months before = k)
        for (int j = 0; j <= k; ++j) {
            p += std::pow(1 - leave_role, j) * leave_role * std::pow(1 - leave_sector, k - j) *
                 leave_sector;
        }
        if (at != nullptr) {
            at[k] = p;
        }
        share += p;
    }
    return share;
}

// The same for people in `role` who leave (exits and moves) at `hazard` a month, a
// `within` share of them to another employer, and retire at `retirement`: the chances of
// leaving the sector and the role that the engine sets people up with.
inline double newcomer_share(const Scenario& s, RoleId role, double hazard, double within,
                             double retirement, double* at = nullptr) {
    const double leave_sector = hazard * (1 - within) + retirement;
    double leave_role = leave_sector;
    for (const auto& edge : s.edges) {
        leave_role += edge.from == role ? edge.monthly_rate : 0.0;
    }
    return newcomer_share(leave_role, leave_sector, at);
}

// The share of newcomers that outside recruits at `entry_rate` a month (per person in
// post) keep in a role where newcomers leave at `newcomer_hazard` a month.
inline double steady_newcomer_share(double entry_rate, double newcomer_hazard) {
    double share = 0;
    for (int k = 0; k < kNewcomerMonths; ++k) {
        share += entry_rate * std::pow(1 - newcomer_hazard, k);
    }
    return std::min(0.9, share);
}

struct TenureHazards {
    double newcomer = 0;
    double established = 0;
};

// Monthly leaving hazards for newcomers and everyone else from the average one.
inline TenureHazards tenure_hazards(double average, double ratio, double newcomers) {
    const double established = average / (1 + (ratio - 1) * newcomers);
    return {std::min(0.999, established * ratio), established};
}

} // namespace carecast::model
