#include <carecast/model/retirement.hpp>

#include <algorithm>
#include <cmath>

namespace carecast::model {
namespace {

// Monthly hazard at an age; a step's annual chance p becomes -ln(1 - p) / 12.
double monthly_hazard(const Scenario& s, double age) {
    double annual = 0;
    for (const auto& step : s.retirement) {
        if (age >= step.from_age) {
            annual = step.annual_hazard;
        }
    }
    if (annual >= 1.0 || age >= s.max_working_age) {
        return INFINITY;
    }
    return -std::log1p(-annual) / 12.0;
}

} // namespace

double retirement_age(const Scenario& s, double reference_age, double u) {
    double remaining = -std::log(u); // cumulative hazard still to be used up
    double age = reference_age;
    // Walk the steps from the reference age upward.
    while (age < s.max_working_age) {
        double next = s.max_working_age;
        for (const auto& step : s.retirement) {
            if (step.from_age > age) {
                next = std::min(next, step.from_age);
                break;
            }
        }
        const double hazard_per_year = monthly_hazard(s, age) * 12.0;
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
    return s.max_working_age;
}

double monthly_retirement_chance(const Scenario& s, double age) {
    const double hazard = monthly_hazard(s, age);
    return std::isinf(hazard) ? 1.0 : 1.0 - std::exp(-hazard);
}

double expected_monthly_retirement(const Scenario& s, const AgeProfile& profile) {
    double expected = 0;
    constexpr int kSteps = 40;
    for (int b = 0; b < kAgeBands; ++b) {
        const double lo = kAgeBandEdgesYears[b];
        const double hi = kAgeBandEdgesYears[b + 1];
        double mean = 0;
        for (int i = 0; i < kSteps; ++i) {
            const double age = lo + (hi - lo) * (i + 0.5) / kSteps;
            const double hazard = monthly_hazard(s, age);
            mean += std::isinf(hazard) ? 1.0 : 1.0 - std::exp(-hazard);
        }
        expected += profile[b] * mean / kSteps;
    }
    return expected;
}

} // namespace carecast::model
