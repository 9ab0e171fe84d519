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
    // Segment 0 is below the first step (no hazard); segment k > 0 is step k - 1.
    segment_start_.push_back(0.0);
    yearly_.push_back(0.0);
    cumulative_.push_back(0.0);
    for (std::size_t k = 0; k < steps_.size(); ++k) {
        const double before = segment_start_.back();
        cumulative_.push_back(cumulative_.back() + yearly_.back() * (steps_[k].from_age - before));
        segment_start_.push_back(steps_[k].from_age);
        yearly_.push_back(monthly_[k] * 12.0);
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
    if (reference_age >= max_working_age_) {
        return max_working_age_;
    }
    // The cumulative hazard is piecewise linear in age: find the reference age's
    // segment, add the draw's -ln u to the hazard used up there, and find the segment
    // where the total is reached. The segments are counted, not searched with branches:
    // every person set up takes this path, and where their draw lands is a coin toss.
    const std::size_t segments = segment_start_.size();
    std::size_t at = 0;
    for (std::size_t k = 1; k < segments; ++k) {
        at += static_cast<std::size_t>(reference_age >= segment_start_[k]);
    }
    if (std::isinf(yearly_[at])) {
        return reference_age; // retirement is certain from this step on
    }
    const double reached = cumulative_[at] + yearly_[at] * (reference_age - segment_start_[at]);
    const double total = reached - std::log(u);
    std::size_t end = at;
    for (std::size_t k = at + 1; k < segments; ++k) {
        end += static_cast<std::size_t>(total >= cumulative_[k]);
    }
    // A certain step is reached at its start: (finite) / inf adds nothing.
    const double age = yearly_[end] > 0
                           ? segment_start_[end] + (total - cumulative_[end]) / yearly_[end]
                           : INFINITY;
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
