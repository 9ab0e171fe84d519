#include <carecast/model/hash.hpp>
#include <carecast/model/labour_market.hpp>
#include <carecast/model/scenario.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace carecast::model {

const char* to_string(RoleGroup group) {
    switch (group) {
    case RoleGroup::DirectCare:
        return "direct care";
    case RoleGroup::Managerial:
        return "managerial";
    case RoleGroup::Professional:
        return "professional";
    case RoleGroup::Other:
        return "other";
    }
    return "?";
}

const char* to_string(LeadershipLevel level) {
    switch (level) {
    case LeadershipLevel::FrontLineWorker:
        return "front-line worker";
    case LeadershipLevel::FrontLineLeader:
        return "front-line leader";
    case LeadershipLevel::OperationalLeader:
        return "operational leader";
    case LeadershipLevel::StrategicLeader:
        return "strategic leader";
    }
    return "?";
}

const char* to_string(EdgeKind kind) {
    switch (kind) {
    case EdgeKind::Promotion:
        return "promotion";
    case EdgeKind::Lateral:
        return "lateral";
    case EdgeKind::Qualification:
        return "qualification";
    }
    return "?";
}

int Scenario::role_index(const std::string& role_name) const {
    for (std::size_t i = 0; i < roles.size(); ++i) {
        if (roles[i].name == role_name) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

int Scenario::area_index(const std::string& area_name) const {
    for (std::size_t i = 0; i < areas.size(); ++i) {
        if (areas[i].name == area_name) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

bool ScenarioEpoch::operator==(const ScenarioEpoch& other) const {
    if (month != other.month || (scenario == nullptr) != (other.scenario == nullptr)) {
        return false;
    }
    return scenario == nullptr || *scenario == *other.scenario;
}

const Scenario& Scenario::at_month(int month) const {
    const Scenario* in_force = this;
    for (const auto& epoch : timeline) {
        if (epoch.month > month) {
            break;
        }
        in_force = epoch.scenario.get();
    }
    return *in_force;
}

double Scenario::annual_growth(RoleId role, AreaId area, int year) const {
    if (!cells.empty() && cell(role, area).annual_growth) {
        return *cell(role, area).annual_growth;
    }
    if (roles[role].demand_growth) {
        return *roles[role].demand_growth;
    }
    if (area < area_growth.size() && area_growth[area]) {
        return *area_growth[area];
    }
    for (const auto& step : demand_path) {
        if (step.year == year) {
            return step.growth;
        }
    }
    return demand_growth;
}

double area_share(const Scenario& scenario, RoleId role, AreaId area) {
    for (const auto& rates : scenario.area_rates) {
        if (rates.area == area && rates.role == role && rates.posts_share) {
            return *rates.posts_share;
        }
    }
    return scenario.areas[area].share;
}

std::vector<std::int64_t> split_by_area(const Scenario& scenario, RoleId role, double total) {
    const std::size_t n = scenario.areas.size();
    std::vector<std::int64_t> counts(n);
    std::vector<std::pair<double, std::size_t>> remainders(n);
    const auto whole = std::llround(total);
    std::int64_t assigned = 0;
    for (std::size_t a = 0; a < n; ++a) {
        const double exact =
            static_cast<double>(whole) * area_share(scenario, role, static_cast<AreaId>(a));
        counts[a] = static_cast<std::int64_t>(std::floor(exact));
        assigned += counts[a];
        remainders[a] = {exact - std::floor(exact), a};
    }
    // Largest remainders first; ties by area order, so the split is deterministic.
    std::stable_sort(remainders.begin(), remainders.end(),
                     [](const auto& x, const auto& y) { return x.first > y.first; });
    for (std::size_t i = 0; assigned < whole && i < n; ++i, ++assigned) {
        ++counts[remainders[i].second];
    }
    return counts;
}

QualificationId entry_qualification(const Scenario& s, const CareerEdge& edge) {
    const Role& to = s.roles[edge.to];
    return edge.kind == EdgeKind::Qualification || to.entry_within_months > 0 ? kNoQualification
                                                                              : to.entry_requires;
}

double monthly_supply(const Scenario& s, RoleId role) {
    const Role& r = s.roles[role];
    return r.supply_domestic * s.domestic_supply_multiplier * domestic_applicant_factor(s) +
           r.supply_international * s.international_supply_multiplier;
}

double international_share(const Scenario& s, RoleId role) {
    const double all = monthly_supply(s, role);
    const Role& r = s.roles[role];
    return all > 0 ? r.supply_international * s.international_supply_multiplier / all : 0.0;
}

std::uint64_t fnv1a(std::string_view text, std::uint64_t hash) {
    for (unsigned char c : text) {
        hash = (hash ^ c) * 1099511628211ull;
    }
    return hash;
}

} // namespace carecast::model
