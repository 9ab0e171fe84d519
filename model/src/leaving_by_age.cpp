#include <carecast/model/leaving_by_age.hpp>

namespace carecast::model {

std::vector<double> leaving_age_breaks(const Scenario& s) {
    std::vector<double> breaks{kOlderLeavingAge, s.max_working_age};
    for (const auto& step : s.retirement) {
        breaks.push_back(step.from_age);
    }
    std::sort(breaks.begin(), breaks.end());
    breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());
    breaks.erase(std::remove_if(breaks.begin(), breaks.end(),
                                [&](double age) { return age > s.max_working_age; }),
                 breaks.end());
    return breaks;
}

namespace {

// Mean monthly chance of leaving (jobs and retirement) over an age profile. The chance
// depends on age only through the retirement hazard and whether the age is 60 or over,
// both constant between the breaks, so each run of equal ages reuses the last value:
// the same numbers summed in the same order, at a twentieth of the log1p and expm1
// calls (a sensitivity analysis derives every cell's rates at each of its points).
double expected_leaving(const RetirementSchedule& retirement, const AgeProfile& profile,
                        double base, double newcomer_share, double newcomer_ratio,
                        double older_ratio) {
    double last_hazard = -1;
    bool last_older = false;
    double last_value = 0;
    return mean_over_ages(profile, 20, [&](double age) {
        const double hazard = retirement.monthly_hazard(age);
        const bool older = age >= kOlderLeavingAge;
        if (hazard == last_hazard && older == last_older) {
            return last_value;
        }
        const double retire = std::isinf(hazard) ? 0.0 : -std::expm1(-hazard);
        const auto leave = [&](double chance) {
            return job_leaving_chance(chance, age, older_ratio, hazard) + retire;
        };
        last_hazard = hazard;
        last_older = older;
        last_value = std::isinf(hazard) ? 1.0
                                        : newcomer_share * leave(base * newcomer_ratio) +
                                              (1 - newcomer_share) * leave(base);
        return last_value;
    });
}

} // namespace

double base_leave_chance(const RetirementSchedule& retirement, const AgeProfile& profile,
                         double turnover_monthly, double newcomer_share, double newcomer_ratio,
                         double older_ratio) {
    // Nearly proportional in the base: a few rescalings reach it.
    double base = turnover_monthly / (1 + (newcomer_ratio - 1) * newcomer_share);
    for (int i = 0; i < 8 && base > 0; ++i) {
        const double got = expected_leaving(retirement, profile, base, newcomer_share,
                                            newcomer_ratio, older_ratio);
        if (got <= 0) {
            break;
        }
        base = std::min(0.999, base * turnover_monthly / got);
    }
    return std::max(0.0, base);
}

} // namespace carecast::model
