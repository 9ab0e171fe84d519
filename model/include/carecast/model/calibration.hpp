// Calibrating what no source gives: the matching efficiency at which each role holds
// its month-0 vacancy rate over the first year, and, where an area's figures differ from
// England's, the area's multiplier on it; both found on the twin and written into the
// scenario file (`carecast calibrate`, scripts/apply-calibration), never fitted on reading.
#pragma once

#include <carecast/model/scenario.hpp>

#include <string>
#include <vector>

namespace carecast::model {

struct MatchingFit {
    double matching_efficiency = 1; // of the role's matching function
    double target = 0;              // the month-0 vacancy rate
    double achieved = 0;            // the twin's mean vacancy rate over the months fitted
    bool supply_limited = false;    // at its current supply even the highest efficiency misses
    // Where supply limits it: the domestic supply (people a month, all areas) that, with
    // 1% to spare, lets the matching hold the target.
    double supply_domestic = 0;
    // No vacancies at month 0 (one director in post, say): nothing to fit.
    bool no_vacancies = false;
};

struct AreaMatchingFit {
    std::string area;
    double multiplier = 1; // on every role's matching efficiency in the area
    double target = 0;     // the area's all-role vacancy rate at month 0
    double achieved = 0;   // its mean over the months fitted
};

struct Calibration {
    std::vector<MatchingFit> roles;     // in role order
    std::vector<AreaMatchingFit> areas; // the areas whose figures differ from England's
};

// Roles top-down (leadership first), then the areas, twice over, each by bisection
// with the rest held at their current or already fitted values; on month 0's rates
// (events and paths are left out of the fit).
Calibration calibrate_matching(const Scenario& scenario, int months = 12);

} // namespace carecast::model
