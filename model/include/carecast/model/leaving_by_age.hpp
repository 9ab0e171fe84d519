// Leaving by age, written once for the engine and the rates both derive from.
//
// People aged 60 and over leave (moves, exits and retirement together) at `older_ratio`
// times the rate of others with the same time in the sector (England: Skills for Care's
// 24.1% at 60+ in 2021/22, against everyone past their first year; england.toml derives
// it). Retirement is one of those exits,
// not an addition: where the retirement hazard is below the rate, the rest of the rate is
// job leaving; where it is above, people leave by retiring alone.
#pragma once

#include <carecast/model/retirement.hpp>
#include <carecast/model/scenario.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace carecast::model {

inline constexpr double kOlderLeavingAge = 60;

// Monthly chance of leaving a job other than by retiring, for someone whose leaving
// chance before age and retirement is `base`, at an age with this (continuous, monthly)
// retirement hazard.
inline double job_leaving_chance(double base, double age, double older_ratio,
                                 double retirement_hazard) {
    const double rate = std::min(0.999, age >= kOlderLeavingAge ? base * older_ratio : base);
    const double left = -std::log1p(-rate) - retirement_hazard;
    return left > 0 ? -std::expm1(-left) : 0.0;
}

// The ages (years, rising) at which someone's job leaving changes: the older age and
// every retirement step, up to the maximum working age.
std::vector<double> leaving_age_breaks(const Scenario& s);

// The base monthly leaving chance (established, under 60) at which a cell whose people
// have this age profile and share of newcomers leaves, retirement included, at
// `turnover_monthly` a month.
double base_leave_chance(const RetirementSchedule& retirement, const AgeProfile& profile,
                         double turnover_monthly, double newcomer_share, double newcomer_ratio,
                         double older_ratio);

} // namespace carecast::model
