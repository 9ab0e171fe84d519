// Each (role, area) cell's rates: the role's national values, then the area's rates.
#include <carecast/model/retirement.hpp>
#include <carecast/model/scenario_loader.hpp>

#include <algorithm>
#include <cmath>

namespace carecast::model {
namespace {

double vacancy_of(const Role& role) {
    return role.posts > 0 ? std::clamp(1 - role.filled / role.posts, 0.0, 1.0) : 0.0;
}

// The entries that apply to one cell: the area's own (every role), then the role's.
std::vector<const AreaRates*> entries_for(const Scenario& s, std::size_t r, std::size_t a) {
    std::vector<const AreaRates*> found;
    for (const auto& rates : s.area_rates) {
        if (rates.area == a && !rates.role) {
            found.push_back(&rates);
        }
    }
    for (const auto& rates : s.area_rates) {
        if (rates.area == a && rates.role && *rates.role == r) {
            found.push_back(&rates);
        }
    }
    return found;
}

// The national value, times every multiplier, unless an entry overrides it (the last,
// most specific override wins).
double resolve(double national, const std::vector<const AreaRates*>& entries,
               std::optional<double> AreaRates::*override_value, double AreaRates::*multiplier) {
    std::optional<double> overridden;
    double value = national;
    for (const auto* e : entries) {
        value *= e->*multiplier;
        if (e->*override_value) {
            overridden = e->*override_value;
        }
    }
    return overridden ? *overridden : value;
}

} // namespace

// Rounding the area's share of a role's posts times its own filled share keeps
// totals; a role whose areas all share its vacancy rate splits its filled posts with
// largest remainders, exact to the person.
void derive_cell_rates(Scenario& s) {
    const std::size_t areas = s.areas.size();
    s.cells.assign(s.roles.size() * areas, CellRates{});
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        const Role& role = s.roles[r];
        const double vacancy = vacancy_of(role);
        const auto posts = split_by_area(s, role.posts);
        bool own_vacancy = false;
        for (std::size_t a = 0; a < areas; ++a) {
            const auto entries = entries_for(s, r, a);
            CellRates& c = s.cells[r * areas + a];
            c.vacancy_rate = std::clamp(
                resolve(vacancy, entries, &AreaRates::vacancy_rate, &AreaRates::vacancy_multiplier),
                0.0, 0.95);
            own_vacancy = own_vacancy || c.vacancy_rate != vacancy;
            c.turnover = std::min(12.0, resolve(role.turnover, entries, &AreaRates::turnover,
                                                &AreaRates::turnover_multiplier));
            c.within_sector_share = std::clamp(resolve(role.within_sector_share, entries,
                                                       &AreaRates::within_sector_share,
                                                       &AreaRates::within_sector_multiplier),
                                               0.0, 1.0);
            c.age_profile = role.age_profile;
            c.annual_growth = std::nullopt;
            c.supply_share = s.areas[a].share;
            bool fill_set = false;
            double fill = role.fill_rate;
            for (const auto* e : entries) {
                if (e->age_profile) {
                    c.age_profile = *e->age_profile;
                }
                if (e->annual_growth) {
                    c.annual_growth = e->annual_growth;
                }
                c.supply_share *= e->supply_multiplier;
                fill_set = fill_set || e->fill_rate || e->fill_rate_multiplier != 1;
            }
            if (fill_set) {
                fill = resolve(role.fill_rate, entries, &AreaRates::fill_rate,
                               &AreaRates::fill_rate_multiplier);
            } else if (vacancy > 0 && c.vacancy_rate > 0 && role.turnover > 0) {
                // Unless the area's fill rate is given, time to hire is what differs: a
                // cell holds its own vacancy rate at its own turnover when fills match
                // departures, open x fill = filled x hazard, so the fill rate scales
                // with turnover and with filled/open.
                const double open_ratio =
                    ((1 - c.vacancy_rate) / c.vacancy_rate) / ((1 - vacancy) / vacancy);
                fill = role.fill_rate * (c.turnover / role.turnover) * open_ratio;
            }
            c.fill_rate = std::clamp(fill, 0.0, 1.0);
            c.monthly_retirement_hazard = expected_monthly_retirement(s, c.age_profile);
            c.monthly_leave_hazard = std::max(0.0, c.turnover / 12.0 - c.monthly_retirement_hazard);
            c.filled = std::llround(static_cast<double>(posts[a]) * (1 - c.vacancy_rate));
        }
        if (!own_vacancy) {
            const auto filled = split_by_area(s, role.filled);
            for (std::size_t a = 0; a < areas; ++a) {
                s.cells[r * areas + a].filled = filled[a];
            }
        }
    }
}

} // namespace carecast::model
