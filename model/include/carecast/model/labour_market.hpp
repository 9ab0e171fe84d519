// The labour market's one-line rules, written once for the engine and the twin.
//
// Hiring is a match between open posts and job seekers, as labour economics models
// it: hires = efficiency x open^(1 - elasticity) x seekers^elasticity, a Cobb-Douglas
// matching function with constant returns to scale (Petrongolo and Pissarides 2001,
// "Looking into the black box: a survey of the matching function", Journal of Economic
// Literature 39(2): the elasticity on job seekers is 0.5-0.7 in the studies surveyed),
// never more hires than open posts or than seekers.
#pragma once

#include <carecast/model/scenario.hpp>

#include <algorithm>
#include <cmath>

namespace carecast::model {

// Expected hires in a month from `open` posts and `seekers` job seekers.
inline double matches(double open, double seekers, double efficiency, double elasticity) {
    if (open <= 0 || seekers <= 0 || efficiency <= 0) {
        return 0;
    }
    const double matched =
        efficiency * std::pow(open, 1 - elasticity) * std::pow(seekers, elasticity);
    return std::min({matched, open, seekers});
}

// A month's hires in one role and area, by where they come from.
struct Hiring {
    double internal = 0;     // promoted or moved across from another role in the sector
    double between_jobs = 0; // movers from another employer, in the same role
    double external = 0;     // recruits from outside the sector
};

// Hires matched from `open` posts among the month's job seekers: a share of the hires
// offered first to outsiders (external_first_share, within their number), the rest
// matched at random, so each kind of seeker is hired in proportion to its number.
inline Hiring hire_by_matching(double open, double internal, double between_jobs, double external,
                               double efficiency, double elasticity, double external_first_share) {
    const double hires = matches(open, internal + between_jobs + external, efficiency, elasticity);
    const double first = std::min(external, hires * external_first_share);
    const double others = internal + between_jobs + external - first;
    if (others <= 0) {
        return {0, 0, first};
    }
    const double share = (hires - first) / others; // at most 1: hires never exceed seekers
    return {internal * share, between_jobs * share, first + (external - first) * share};
}

// Push recruitment (the classical manpower model): everyone seeking is taken on.
inline Hiring hire_everyone(double internal, double between_jobs, double external) {
    return {internal, between_jobs, external};
}

// How many applicants from within England care work draws, relative to 2024/25: its
// pay against competing jobs and the wider market's tightness, each an index with
// 2024/25 = 1, raised to its elasticity.
inline double domestic_applicant_factor(const Scenario& s) {
    return std::pow(std::max(1e-6, s.relative_pay), s.pay_elasticity) *
           std::pow(std::max(1e-6, s.market_tightness), -s.tightness_elasticity);
}

// Leaving with job-to-job moves times `moves` and exits from the sector unchanged: a
// monthly hazard h with within-sector share w becomes h (1 - (1 - moves) w) with share
// moves w / (1 - (1 - moves) w).
struct Leaving {
    double hazard = 0;
    double within_sector_share = 0;
};
inline Leaving with_moves(double hazard, double within_sector_share, double moves) {
    const double keep = 1 - (1 - moves) * within_sector_share;
    return {hazard * keep, keep > 0 ? moves * within_sector_share / keep : 0.0};
}

// Every role's turnover relative to 2024/25 as pay against competing jobs changes: the
// elasticity of job separation with respect to pay (labour_market.turnover_pay_elasticity).
inline double turnover_pay_factor(const Scenario& s) {
    return std::pow(std::max(1e-6, s.relative_pay), -s.turnover_pay_elasticity);
}

} // namespace carecast::model
