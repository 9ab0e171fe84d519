#include <carecast/model/retirement.hpp>

#include <algorithm>
#include <cmath>

namespace carecast::model {

RetirementSchedule::RetirementSchedule(const Scenario& s)
    : steps_(s.retirement), max_working_age_(s.max_working_age) {
    for (const auto& step : steps_) {
        // A step's annual chance p becomes -ln(1 - p) / 12 a month.
        monthly_.push_back(step.annual_hazard >= 1.0 ? INFINITY
                                                     : -std::log1p(-step.annual_hazard) / 12.0);
    }
    // The hazard used up from age 0 to each step's start (per year, piecewise linear).
    cumulative_.push_back(0.0);
    for (std::size_t k = 1; k <= steps_.size(); ++k) {
        cumulative_.push_back(cumulative_.back() +
                              yearly_hazard_of(k - 1) * (steps_[k - 1].from_age - start_of(k - 1)));
    }
}

std::size_t RetirementSchedule::steps_begun(double age) const {
    // The steps rise strictly (the loader's rule): those begun are a prefix, counted
    // rather than searched, with no branch on the age (every person set up asks).
    std::size_t begun = 0;
    for (const auto& step : steps_) {
        begun += static_cast<std::size_t>(age >= step.from_age);
    }
    return begun;
}

double RetirementSchedule::start_of(std::size_t begun) const {
    return begun == 0 ? 0.0 : steps_[begun - 1].from_age;
}

double RetirementSchedule::yearly_hazard_of(std::size_t begun) const {
    return hazard_of(begun) * 12.0;
}

double RetirementSchedule::monthly_hazard(double age) const {
    if (age >= max_working_age_) {
        return INFINITY;
    }
    return hazard_of(steps_begun(age));
}

double RetirementSchedule::hazard_of(std::size_t begun) const {
    return begun == 0 ? 0.0 : monthly_[begun - 1]; // below the first step: none
}

double RetirementSchedule::retirement_age(double reference_age, double u) const {
    if (reference_age >= max_working_age_) {
        return max_working_age_;
    }
    // The cumulative hazard is piecewise linear in age: find the step in force at the
    // reference age, add the draw's -ln u to the hazard used up there, and find the step
    // where the total is reached. Counted, not searched with branches: every person set
    // up takes this path, and where their draw lands is a coin toss.
    const std::size_t at = steps_begun(reference_age);
    if (std::isinf(yearly_hazard_of(at))) {
        return reference_age; // retirement is certain from this step on
    }
    const double reached = cumulative_[at] + yearly_hazard_of(at) * (reference_age - start_of(at));
    const double total = reached - std::log(u);
    std::size_t end = at;
    for (std::size_t k = at + 1; k < cumulative_.size(); ++k) {
        end += static_cast<std::size_t>(total >= cumulative_[k]);
    }
    // A certain step is reached at its start: (finite) / inf adds nothing.
    const double yearly = yearly_hazard_of(end);
    const double age = yearly > 0 ? start_of(end) + (total - cumulative_[end]) / yearly : INFINITY;
    return std::min(age, max_working_age_);
}

double retirement_age(const Scenario& s, double reference_age, double u) {
    return RetirementSchedule(s).retirement_age(reference_age, u);
}

double monthly_retirement_chance(const Scenario& s, double age) {
    const double hazard = RetirementSchedule(s).monthly_hazard(age);
    return std::isinf(hazard) ? 1.0 : 1.0 - std::exp(-hazard);
}

double expected_monthly_retirement(const Scenario& s, const AgeProfile& profile) {
    const RetirementSchedule schedule(s);
    double last_hazard = -1;
    double last_chance = 0;
    return mean_over_ages(profile, 40, [&](double age) {
        // Piecewise constant in age: a run of equal hazards reuses the last chance.
        const double hazard = schedule.monthly_hazard(age);
        if (hazard != last_hazard) {
            last_hazard = hazard;
            last_chance = std::isinf(hazard) ? 1.0 : 1.0 - std::exp(-hazard);
        }
        return last_chance;
    });
}

} // namespace carecast::model
