// Each (role, area) cell's rates: the role's national values, then the area's rates.
#include <carecast/model/labour_market.hpp>
#include <carecast/model/leaving_by_age.hpp>
#include <carecast/model/markov_twin.hpp>
#include <carecast/model/retirement.hpp>
#include <carecast/model/scenario_loader.hpp>
#include <carecast/model/tenure.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

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

// Whole people per area whose total is the rounded total, largest remainders first
// (ties by area order), so a small role keeps its vacancies when split nine ways.
void round_keeping_total(const std::vector<double>& exact, std::size_t first,
                         std::vector<CellRates>& cells) {
    double sum = 0;
    std::vector<std::pair<double, std::size_t>> remainders;
    std::int64_t assigned = 0;
    for (std::size_t a = 0; a < exact.size(); ++a) {
        sum += exact[a];
        cells[first + a].filled = static_cast<std::int64_t>(std::floor(exact[a]));
        assigned += cells[first + a].filled;
        remainders.emplace_back(exact[a] - std::floor(exact[a]), a);
    }
    std::stable_sort(remainders.begin(), remainders.end(),
                     [](const auto& x, const auto& y) { return x.first > y.first; });
    const auto total = std::llround(sum);
    for (std::size_t i = 0; assigned < total && i < remainders.size(); ++i, ++assigned) {
        ++cells[first + remainders[i].second].filled;
    }
}

// Outside recruits starting a month per person in post: the supply offered, but no more
// than outsiders' share of the role's hires, shared with applicants from the roles below
// it (each a month per person in post) as the matching function shares hires among
// seekers (labour_market.hpp). Leadership roles take far fewer outsiders than apply.
double outside_entry_rate(const Scenario& s, RoleId r, const CellRates& c, double supply_rate) {
    const double role_filled = s.roles[r].filled;
    double from_below = 0;
    for (const auto& edge : s.edges) {
        if (edge.to == r && role_filled > 0) {
            from_below += edge.monthly_rate * s.roles[edge.from].filled / role_filled;
        }
    }
    const double seekers = supply_rate + from_below;
    const double hires = c.turnover / 12.0;
    return seekers > 0 ? std::min(supply_rate, hires * supply_rate / seekers) : 0.0;
}

} // namespace

// Rounding the area's share of a role's posts times its own filled share keeps
// totals; a role whose areas all share its vacancy rate splits its filled posts with
// largest remainders, exact to the person.
void derive_cell_rates(Scenario& s, const std::vector<CellRates>* month0) {
    const RetirementSchedule retirement(s);
    const std::size_t areas = s.areas.size();
    s.cells.assign(s.roles.size() * areas, CellRates{});
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        const Role& role = s.roles[r];
        const double vacancy = vacancy_of(role);
        const auto posts = split_by_area(s, static_cast<RoleId>(r), role.posts);
        std::vector<double> exact_filled(areas);
        bool own_vacancy = false;
        bool vacancy_given = false; // an override in some area
        for (std::size_t a = 0; a < areas; ++a) {
            const auto entries = entries_for(s, r, a);
            CellRates& c = s.cells[r * areas + a];
            c.vacancy_rate = std::clamp(
                resolve(vacancy, entries, &AreaRates::vacancy_rate, &AreaRates::vacancy_multiplier),
                0.0, 1.0);
            own_vacancy = own_vacancy || c.vacancy_rate != vacancy;
            for (const auto* e : entries) {
                vacancy_given = vacancy_given || e->vacancy_rate.has_value();
            }
            c.turnover = std::min(12.0, resolve(role.turnover, entries, &AreaRates::turnover,
                                                &AreaRates::turnover_multiplier));
            c.within_sector_share = std::clamp(resolve(role.within_sector_share, entries,
                                                       &AreaRates::within_sector_share,
                                                       &AreaRates::within_sector_multiplier),
                                               0.0, 1.0);
            c.age_profile = role.age_profile;
            c.annual_growth = std::nullopt;
            c.supply_share = area_share(s, static_cast<RoleId>(r), static_cast<AreaId>(a));
            for (const auto* e : entries) {
                if (e->age_profile) {
                    c.age_profile = *e->age_profile;
                }
                if (e->annual_growth) {
                    c.annual_growth = e->annual_growth;
                }
                c.supply_share *= e->supply_multiplier;
            }
            // What the file says, never re-fitted here: `carecast calibrate` fits it.
            c.matching_efficiency = std::max(
                0.0, resolve(role.matching_efficiency, entries, &AreaRates::matching_efficiency,
                             &AreaRates::matching_efficiency_multiplier));
            // The workforce-wide multiplier, and pay against the wider market (labour_market.hpp),
            // after the area's own rates were compared.
            c.turnover =
                std::min(12.0, c.turnover * s.turnover_multiplier * turnover_pay_factor(s));
            c.monthly_retirement_hazard = expected_monthly_retirement(s, c.age_profile);
            c.monthly_leave_hazard = std::max(0.0, c.turnover / 12.0 - c.monthly_retirement_hazard);
            // Newcomers and the rest, from the month-0 share of newcomers (tenure.hpp).
            // Scaled on the first year's mean share of newcomers: between month 0's (as the
            // engine sets people up) and the share the role's outside recruits keep.
            const double at_start =
                newcomer_share(s, static_cast<RoleId>(r), c.monthly_leave_hazard,
                               c.within_sector_share, c.monthly_retirement_hazard);
            const double in_post = static_cast<double>(posts[a]) * (1 - c.vacancy_rate);
            const double entry_rate = outside_entry_rate(
                s, static_cast<RoleId>(r), c,
                in_post > 0 ? monthly_supply(s, static_cast<RoleId>(r)) * c.supply_share / in_post
                            : 0.0);
            const double steady = steady_newcomer_share(
                entry_rate, std::min(1.0, s.newcomer_leaving_ratio * c.monthly_leave_hazard +
                                              c.monthly_retirement_hazard));
            c.newcomer_share = month0 != nullptr && month0->size() == s.roles.size() * areas
                                   ? (*month0)[r * areas + a].newcomer_share
                                   : (at_start + steady) / 2;
            const TenureHazards tenure =
                tenure_hazards(c.monthly_leave_hazard, s.newcomer_leaving_ratio, c.newcomer_share);
            // The engine's leaving by tenure and age, retirement within it, holding the
            // same turnover (leaving_by_age.hpp).
            c.base_leave_chance =
                base_leave_chance(retirement, c.age_profile, c.turnover / 12.0, c.newcomer_share,
                                  s.newcomer_leaving_ratio, s.older_leaving_ratio);
            // Fewer (or more) moves, the same exits, for newcomers and the rest alike.
            const double within = c.within_sector_share;
            const auto moves = [&](double hazard) {
                return with_moves(hazard, within, s.moves_multiplier).hazard;
            };
            c.monthly_leave_hazard = moves(c.monthly_leave_hazard);
            c.base_leave_chance = moves(c.base_leave_chance);
            c.newcomer_leave_hazard = moves(tenure.newcomer);
            c.established_leave_hazard = moves(tenure.established);
            c.within_sector_share = with_moves(1, within, s.moves_multiplier).within_sector_share;
            exact_filled[a] = static_cast<double>(posts[a]) * (1 - c.vacancy_rate);
        }
        if (own_vacancy) {
            // Multipliers say how areas differ, so they shape the split and the role's
            // England total stays its own; an area's own vacancy rate is a figure of
            // its own, and England is then the sum.
            const double sum = std::accumulate(exact_filled.begin(), exact_filled.end(), 0.0);
            if (!vacancy_given && sum > 0) {
                for (double& x : exact_filled) {
                    x *= std::round(role.filled) / sum;
                }
            }
            round_keeping_total(exact_filled, r * areas, s.cells);
        }
        if (!own_vacancy) {
            const auto filled = split_by_area(s, static_cast<RoleId>(r), role.filled);
            for (std::size_t a = 0; a < areas; ++a) {
                s.cells[r * areas + a].filled = filled[a];
            }
        }
    }
}

} // namespace carecast::model
