// The readable end-of-run summary the command line prints.
#pragma once

#include <carecast/model/scenario.hpp>
#include <carecast/sim/results.hpp>

#include <optional>
#include <string>
#include <vector>

namespace carecast::batch {

struct LeadershipBench {
    std::string role;
    double bench_strength;
};

// Leadership roles by bench strength at the last month, weakest first.
std::vector<LeadershipBench> weakest_benches(const model::Scenario& scenario,
                                             const sim::Results& results);

std::string summary(const model::Scenario& scenario, const sim::Results& results);
// Areas side by side: posts, vacancy rate and turnover at the start and the end, and
// each area's weakest leadership bench at the end; the areas whose vacancy rate ends
// highest are named first in a closing line.
std::string area_summary(const model::Scenario& scenario, const sim::Results& results);
// Each leadership role's vacancy rate and bench at the start and the end; a warning
// for each whose vacancy rate more than doubles.
std::string leadership_summary(const model::Scenario& scenario, const sim::Results& results);
// Places a year per programme by funder (planned and taken), what the budget bought,
// what it left unspent, and any places no eligible person was there to take.
std::string training_summary(const model::Scenario& scenario, const sim::Results& results);

// The leadership role a comparison follows: `named` if given, else registered
// managers, else the first leadership role; -1 if there is none.
int focus_role(const model::Scenario& scenario, const std::string& named = "");

// Over a whole run: people promoted into leadership roles, and programme spend (GBP).
struct LeadershipTotals {
    double internal_fills = 0;
    double spend = 0;        // baseline and funded places together
    double funded_spend = 0; // bought by the scenario's training budget
};
LeadershipTotals leadership_totals(const sim::Results& results);

// What each extra leadership post filled from within cost, against a baseline: the
// extra funded spend (the budget's; places that happen anyway are not its cost) over
// the extra posts, one LeadershipTotals per replicate on each side, paired by seed.
// With two pairs or more, a figure only where the extra posts are clear of chance
// (paired 95% interval); with one, the figure unchecked (`checked` false). The sweep
// summary and the window's Compare both show this.
struct CostPerExtraPost {
    std::optional<double> gbp;
    bool checked = false;
    std::string why_not; // "no extra posts filled", "no clear difference in posts filled", ...
};
CostPerExtraPost cost_per_extra_post(const std::vector<LeadershipTotals>& base,
                                     const std::vector<LeadershipTotals>& other);

} // namespace carecast::batch
