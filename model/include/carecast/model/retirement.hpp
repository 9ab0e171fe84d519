// Retirement by age: a piecewise-constant hazard, certain at the maximum working age.
#pragma once

#include <carecast/model/scenario.hpp>

#include <vector>

namespace carecast::model {

// The scenario's retirement steps with each step's monthly hazard worked out once: the
// engine draws a retirement age for every person it sets up.
class RetirementSchedule {
  public:
    explicit RetirementSchedule(const Scenario& scenario);
    // Age (years) at which someone who is working at `reference_age` retires, for a
    // uniform draw u in (0, 1): inverts the cumulative hazard from the reference age on.
    double retirement_age(double reference_age, double u) const;
    // Monthly hazard at an age; infinite where retirement is certain.
    double monthly_hazard(double age) const;

  private:
    std::size_t steps_begun(double age) const; // how many steps start at or below age
    double hazard_of(std::size_t begun) const; // monthly, with that many steps begun
    std::vector<RetirementStep> steps_;
    std::vector<double> monthly_;                     // per step: -ln(1 - annual chance) / 12
    double start_of(std::size_t begun) const;         // age the step in force began (0: none)
    double yearly_hazard_of(std::size_t begun) const; // hazard_of, per year
    std::vector<double> cumulative_; // per number of steps begun: hazard used up by its start
    double max_working_age_;
};

// The same, for one draw.
double retirement_age(const Scenario& scenario, double reference_age, double u);

// Chance that someone working at this age retires within a month.
double monthly_retirement_chance(const Scenario& scenario, double age);

// The mean of f(age) over an age profile: `steps` ages spread evenly within each band,
// each band weighted by its share.
template <typename F> double mean_over_ages(const AgeProfile& profile, int steps, const F& f) {
    double expected = 0;
    for (int b = 0; b < kAgeBands; ++b) {
        if (profile[b] <= 0) {
            continue;
        }
        const double lo = kAgeBandEdgesYears[b];
        const double hi = kAgeBandEdgesYears[b + 1];
        double sum = 0;
        for (int i = 0; i < steps; ++i) {
            sum += f(lo + (hi - lo) * (i + 0.5) / steps);
        }
        expected += profile[b] * sum / steps;
    }
    return expected;
}

// Expected share of a role with this age profile retiring in one month.
double expected_monthly_retirement(const Scenario& scenario, const AgeProfile& profile);

} // namespace carecast::model
