#include <carecast/model/demand.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace carecast::model {

DemandPath::DemandPath(const Scenario& scenario)
    : scenario_(scenario), timeline_(scenario.timeline) {
    const std::size_t areas = scenario.areas.size();
    exact_.resize(scenario.roles.size() * areas);
    for (std::size_t r = 0; r < scenario.roles.size(); ++r) {
        const auto split = split_by_area(scenario, static_cast<RoleId>(r), scenario.roles[r].posts);
        for (std::size_t a = 0; a < areas; ++a) {
            exact_[r * areas + a] = static_cast<double>(split[a]);
        }
    }
}

void DemandPath::advance_to(int month) {
    const std::size_t areas = scenario_.areas.size();
    for (; month_ < month; ++month_) {
        const int year = month_ / 12 + 1; // month_ -> month_ + 1 lies in this year
        std::size_t epoch = epoch_;
        while (epoch < timeline_.size() && timeline_[epoch].month <= month_ + 1) {
            ++epoch;
        }
        const Scenario& in_force = epoch == 0 ? scenario_ : *timeline_[epoch - 1].scenario;
        if (year != factor_year_ || epoch != epoch_) {
            // Growth changes between years and with events: one pow per cell then.
            factor_year_ = year;
            epoch_ = epoch;
            monthly_factor_.resize(exact_.size());
            for (std::size_t r = 0; r < in_force.roles.size(); ++r) {
                for (std::size_t a = 0; a < areas; ++a) {
                    const double growth = in_force.annual_growth(static_cast<RoleId>(r),
                                                                 static_cast<AreaId>(a), year);
                    monthly_factor_[r * areas + a] = std::pow(1.0 + growth, 1.0 / 12.0);
                }
            }
        }
        for (std::size_t c = 0; c < exact_.size(); ++c) {
            exact_[c] *= monthly_factor_[c];
        }
    }
}

std::int64_t DemandPath::posts(RoleId role, AreaId area) const {
    return std::llround(exact_[role * scenario_.areas.size() + area]);
}

double DemandPath::total_posts() const {
    return std::accumulate(exact_.begin(), exact_.end(), 0.0);
}

double peak_people(const Scenario& scenario) {
    const double posts = peak_posts(scenario);
    // People between jobs: at most a month's moves per month between jobs, bounded
    // above by every leaver's share of the posts.
    const double between = posts * std::min(1.0, scenario.months_between_jobs / 12.0);
    if (scenario.recruitment == Recruitment::Pull) {
        return posts + between;
    }
    double people = 0;
    double supply = 0;
    for (std::size_t r = 0; r < scenario.roles.size(); ++r) {
        people += scenario.roles[r].filled;
        supply += monthly_supply(scenario, static_cast<RoleId>(r));
    }
    return std::max(posts, people + supply * scenario.horizon_months) + between;
}

double peak_posts(const Scenario& scenario) {
    DemandPath demand(scenario);
    double peak = demand.total_posts();
    for (int month = 1; month <= scenario.horizon_months; ++month) {
        demand.advance_to(month);
        peak = std::max(peak, demand.total_posts());
    }
    return peak;
}

} // namespace carecast::model
