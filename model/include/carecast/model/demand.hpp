// Posts per role and area month by month, following the scenario's demand path.
#pragma once

#include <carecast/model/scenario.hpp>

#include <cstdint>
#include <vector>

namespace carecast::model {

class DemandPath {
  public:
    explicit DemandPath(const Scenario& scenario);

    // Moves to `month` (1, 2, ... in order); month 0 is the scenario's posts. Growth is
    // the scenario's in force each month (its events and paths).
    void advance_to(int month);
    // The scenario it was built from has changed: read its growth again.
    void refresh() { factor_year_ = 0; }
    int month() const { return month_; }

    // Whole posts in a cell at the current month (rounded from the exact path).
    std::int64_t posts(RoleId role, AreaId area) const;
    double total_posts() const;

  private:
    const Scenario& scenario_;
    std::vector<ScenarioEpoch> timeline_; // the scenario's, kept: scenario_ may change
    std::size_t epoch_ = 0;               // epochs in force so far
    int month_ = 0;
    std::vector<double> exact_;          // role-major: role * areas + area
    std::vector<double> monthly_factor_; // per cell, for factor_year_
    int factor_year_ = 0;
};

// Largest number of posts the scenario reaches within its horizon.
double peak_posts(const Scenario& scenario);

// The most people a run can hold: under pull recruitment its peak posts (plus people
// between jobs); under push, where supply is hired whatever the posts, everyone in
// post at the start plus every recruit the horizon's supply brings.
double peak_people(const Scenario& scenario);

} // namespace carecast::model
