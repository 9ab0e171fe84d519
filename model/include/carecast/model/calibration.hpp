// Calibrating what no source gives: the fill rate (time to hire) at which each role
// holds its month-0 vacancy rate over the first year, found on the twin.
#pragma once

#include <carecast/model/scenario.hpp>

#include <vector>

namespace carecast::model {

struct FillRateFit {
    double fill_rate = 1;        // monthly chance an open vacancy is filled
    double target = 0;           // the month-0 vacancy rate
    double achieved = 0;         // the twin's mean vacancy rate over the months fitted
    bool supply_limited = false; // at its current supply, even fill_rate 1 misses the target
    // Where supply limits it: the domestic supply (people a month, all areas) that, with
    // 1% to spare, lets the fill rate hold the target.
    double supply_domestic = 0;
    // Every area of the role has its own vacancy rate or turnover, so each area's fill
    // rate is fitted when the scenario is read (fill_rate: their posts-weighted mean,
    // the starting point of that fit); nothing is left to fit for the role.
    bool fitted_per_area = false;
    // No vacancies at month 0 (one director in post, say): fill rate 1, supply as it is.
    bool no_vacancies = false;
};

// Per role, in role order. Roles are fitted top-down (leadership first), twice, each
// by bisection with the others held at their current or already fitted rates.
std::vector<FillRateFit> fit_fill_rates(const Scenario& scenario, int months = 12);

} // namespace carecast::model
