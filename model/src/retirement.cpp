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
}

std::size_t RetirementSchedule::steps_begun(double age) const {
    // The steps rise strictly (the loader's rule): those begun are a prefix.
    return static_cast<std::size_t>(
        std::upper_bound(steps_.begin(), steps_.end(), age,
                         [](double a, const RetirementStep& step) { return a < step.from_age; }) -
        steps_.begin());
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
    double remaining = -std::log(u); // cumulative hazard still to be used up
    double age = reference_age;
    // Walk the steps from the reference age upward: the step in force is the last one
    // begun, and the next starts where the one after it does.
    while (age < max_working_age_) {
        const std::size_t begun = steps_begun(age);
        const double next = begun < steps_.size()
                                ? std::min(max_working_age_, steps_[begun].from_age)
                                : max_working_age_;
        const double hazard_per_year = hazard_of(begun) * 12.0;
        if (std::isinf(hazard_per_year)) {
            return age;
        }
        const double span = next - age;
        if (hazard_per_year * span >= remaining) {
            return age + remaining / hazard_per_year;
        }
        remaining -= hazard_per_year * span;
        age = next;
    }
    return max_working_age_;
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
    double expected = 0;
    constexpr int kSteps = 40;
    for (int b = 0; b < kAgeBands; ++b) {
        const double lo = kAgeBandEdgesYears[b];
        const double hi = kAgeBandEdgesYears[b + 1];
        double mean = 0;
        for (int i = 0; i < kSteps; ++i) {
            const double age = lo + (hi - lo) * (i + 0.5) / kSteps;
            const double hazard = schedule.monthly_hazard(age);
            mean += std::isinf(hazard) ? 1.0 : 1.0 - std::exp(-hazard);
        }
        expected += profile[b] * mean / kSteps;
    }
    return expected;
}

} // namespace carecast::model
