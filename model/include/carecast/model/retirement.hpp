// Retirement by age: a piecewise-constant hazard, certain at the maximum working age.
#pragma once

#include <carecast/model/scenario.hpp>

namespace carecast::model {

// Age (years) at which someone who is working at `reference_age` retires, for a
// uniform draw u in (0, 1): inverts the cumulative hazard from the reference age on.
double retirement_age(const Scenario& scenario, double reference_age, double u);

// Chance that someone working at this age retires within a month.
double monthly_retirement_chance(const Scenario& scenario, double age);

// Expected share of a role with this age profile retiring in one month.
double expected_monthly_retirement(const Scenario& scenario, const AgeProfile& profile);

} // namespace carecast::model
