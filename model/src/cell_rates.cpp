// Each (role, area) cell's rates: the role's national values, then the area's rates.
#include <carecast/model/markov_twin.hpp>
#include <carecast/model/retirement.hpp>
#include <carecast/model/scenario_loader.hpp>

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

// Unless an area's fill rate is given, time to hire is what differs between areas: a
// cell with its own vacancy rate or turnover gets the fill rate that holds its
// month-0 vacancy rate over the first year in the twin, as the national fill rates
// were fitted. Fills match departures when open x fill = filled x departures, so each
// pass scales the fill rate by the odds of the vacancy rate reached over the odds of
// the one wanted.
void fit_cell_fill_rates(Scenario& s, const std::vector<std::size_t>& cells) {
    if (cells.empty()) {
        return;
    }
    const int months = std::min(12, s.horizon_months);
    const auto odds = [](double v) {
        return std::clamp(v, 1e-4, 0.99) / (1 - std::clamp(v, 1e-4, 0.99));
    };
    for (int pass = 0; pass < 8; ++pass) {
        const MarkovTwin twin(s);
        const auto path = twin.project(months);
        double worst = 0;
        for (std::size_t c : cells) {
            CellRates& rates = s.cells[c];
            double reached = 0;
            for (int m = 1; m <= months; ++m) {
                const auto& month = path[static_cast<std::size_t>(m)];
                reached += month.posts[c] > 0 ? 1 - month.filled[c] / month.posts[c] : 0.0;
            }
            reached /= months;
            worst = std::max(worst, std::abs(reached - rates.vacancy_rate));
            rates.fill_rate =
                std::clamp(rates.fill_rate * odds(reached) / odds(rates.vacancy_rate), 1e-4, 1.0);
        }
        if (worst < 0.001) {
            break;
        }
    }
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

} // namespace

// Rounding the area's share of a role's posts times its own filled share keeps
// totals; a role whose areas all share its vacancy rate splits its filled posts with
// largest remainders, exact to the person.
void derive_cell_rates(Scenario& s, const Scenario* fitted) {
    const std::size_t areas = s.areas.size();
    s.cells.assign(s.roles.size() * areas, CellRates{});
    std::vector<std::size_t> to_fit; // cells with their own vacancy or turnover
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        const Role& role = s.roles[r];
        const double vacancy = vacancy_of(role);
        const auto posts = split_by_area(s, role.posts);
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
            } else if (c.vacancy_rate != vacancy || c.turnover != role.turnover) {
                to_fit.push_back(r * areas + a);
                c.fill_rate_fitted = true;
            }
            c.fill_rate = std::clamp(fill, 0.0, 1.0);
            // The workforce-wide multiplier after the area's own rates were compared.
            c.turnover = std::min(12.0, c.turnover * s.turnover_multiplier);
            c.monthly_retirement_hazard = expected_monthly_retirement(s, c.age_profile);
            c.monthly_leave_hazard = std::max(0.0, c.turnover / 12.0 - c.monthly_retirement_hazard);
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
            const auto filled = split_by_area(s, role.filled);
            for (std::size_t a = 0; a < areas; ++a) {
                s.cells[r * areas + a].filled = filled[a];
            }
        }
    }
    if (fitted == nullptr) {
        fit_cell_fill_rates(s, to_fit);
        return;
    }
    // Time to hire fitted once, at the start; a later change to a role's fill rate
    // scales its areas' alike.
    for (std::size_t c : to_fit) {
        const std::size_t r = c / areas;
        const double before = fitted->roles[r].fill_rate;
        s.cells[c].fill_rate =
            before > 0
                ? std::clamp(fitted->cells[c].fill_rate * s.roles[r].fill_rate / before, 0.0, 1.0)
                : s.roles[r].fill_rate;
    }
}

} // namespace carecast::model
