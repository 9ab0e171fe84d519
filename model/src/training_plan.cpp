#include <carecast/model/training_plan.hpp>

#include <algorithm>
#include <cmath>

namespace carecast::model {

TrainingPlan plan_training_year(const Scenario& s) {
    TrainingPlan plan;
    plan.funded_places.assign(s.programmes.size(), 0);
    double left = std::max(0.0, s.training_budget);
    if (!s.funded_allocation.empty()) {
        for (std::size_t p = 0; p < s.programmes.size(); ++p) {
            const auto places = static_cast<std::int64_t>(std::floor(s.funded_allocation[p]));
            plan.funded_places[p] = places;
            left -= static_cast<double>(places) * s.programmes[p].cost_per_place;
        }
    } else {
        for (const ProgrammeId p : s.training_priority) {
            const Programme& programme = s.programmes[p];
            double affordable = programme.max_funded_places_per_year;
            if (programme.cost_per_place > 0) {
                // A tiny tolerance so a budget of exactly n places buys n.
                affordable =
                    std::min(affordable, std::floor(left / programme.cost_per_place + 1e-9));
            }
            const auto places = static_cast<std::int64_t>(std::max(0.0, std::floor(affordable)));
            plan.funded_places[p] = places;
            left -= static_cast<double>(places) * programme.cost_per_place;
            // Strict priority: money reaches a programme only once every programme
            // before it is fully funded, so more budget never means fewer places for any.
            if (static_cast<double>(places) < std::floor(programme.max_funded_places_per_year)) {
                break;
            }
        }
    }
    left = std::max(0.0, left);
    plan.planned_cost = std::max(0.0, s.training_budget) - left;
    plan.unallocated = left;
    return plan;
}

std::int64_t baseline_places_in_month(double places_per_year, int month) {
    // The small tolerance keeps whole-number products whole despite rounding.
    const auto upto = [&](int m) {
        return static_cast<std::int64_t>(std::floor(places_per_year * m / 12.0 + 1e-9));
    };
    return month <= 0 ? 0 : upto(month) - upto(month - 1);
}

std::int64_t funded_places_in_month(std::int64_t year_places, int month) {
    const int k = (month - 1) % 12; // 0 = the first month of the financial year
    return (k + 1) * year_places / 12 - k * year_places / 12;
}

} // namespace carecast::model
