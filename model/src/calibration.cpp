#include <carecast/model/calibration.hpp>
#include <carecast/model/labour_market.hpp>
#include <carecast/model/markov_twin.hpp>
#include <carecast/model/scenario_loader.hpp>

#include <cmath>
#include <functional>

namespace carecast::model {
namespace {

// The twin's mean vacancy rate over months 1..months of the cells `in` selects; the
// scenario's cells are derived again first, since a rate was just changed.
double mean_vacancy(Scenario& s, int months, const std::function<bool(std::size_t)>& in) {
    derive_cell_rates(s);
    const MarkovTwin twin(s);
    const auto path = twin.project(months);
    double sum = 0;
    for (int m = 1; m <= months; ++m) {
        const auto& month = path[static_cast<std::size_t>(m)];
        double posts = 0;
        double filled = 0;
        for (std::size_t c = 0; c < month.posts.size(); ++c) {
            if (in(c)) {
                posts += month.posts[c];
                filled += month.filled[c];
            }
        }
        sum += posts > 0 ? 1 - filled / posts : 0.0;
    }
    return sum / months;
}

// Vacancies fall as efficiency rises: the value in [lo, hi] that meets the target,
// bisected on a log scale.
double bisect(double lo, double hi, double target, double& value,
              const std::function<double()>& vacancy) {
    for (int i = 0; i < 30; ++i) {
        value = std::sqrt(lo * hi);
        (vacancy() > target ? lo : hi) = value;
    }
    value = std::sqrt(lo * hi);
    return vacancy();
}

// The area's own entry (every role), added if it has none.
AreaRates& area_entry(Scenario& s, std::size_t area) {
    for (auto& rates : s.area_rates) {
        if (rates.area == area && !rates.role) {
            return rates;
        }
    }
    AreaRates rates;
    rates.area = static_cast<AreaId>(area);
    s.area_rates.push_back(rates);
    return s.area_rates.back();
}

void fit_role(Scenario& s, RoleId r, int months, MatchingFit& fit) {
    Role& role = s.roles[r];
    const std::size_t areas = s.areas.size();
    const auto in_role = [&](std::size_t c) { return c / areas == r; };
    const auto vacancy = [&] { return mean_vacancy(s, months, in_role); };
    fit.target = role.posts > 0 ? 1 - role.filled / role.posts : 0;
    if (fit.target <= 0) {
        // No vacancy to hold: any departure opens one, so there is nothing to fit.
        fit.no_vacancies = true;
        fit.matching_efficiency = role.matching_efficiency;
        fit.supply_domestic = role.supply_domestic;
        fit.achieved = vacancy();
        return;
    }
    constexpr double kHighest = 10; // the key's range
    role.matching_efficiency = kHighest;
    if (vacancy() > fit.target + 1e-4) {
        // Too few seekers at any efficiency: the least domestic supply that holds the
        // target at the highest, plus 1%.
        fit.supply_limited = true;
        const double international = role.supply_international * s.international_supply_multiplier;
        const double multiplier = std::max(1e-9, s.domestic_supply_multiplier);
        double low = role.supply_domestic;
        double high = std::max(1.0, role.supply_domestic) * 2;
        role.supply_domestic = high;
        while (vacancy() > fit.target && high < 1e9) {
            low = high;
            high *= 2;
            role.supply_domestic = high;
        }
        for (int i = 0; i < 30; ++i) {
            role.supply_domestic = (low + high) / 2;
            (vacancy() > fit.target ? low : high) = role.supply_domestic;
        }
        role.supply_domestic = high * 1.01 + international * 0.01 / multiplier;
    }
    fit.supply_domestic = role.supply_domestic;
    fit.achieved = bisect(1e-3, kHighest, fit.target, role.matching_efficiency, vacancy);
    fit.matching_efficiency = role.matching_efficiency;
}

} // namespace

Calibration calibrate_matching(const Scenario& scenario, int months) {
    Scenario s = scenario;
    s.horizon_months = std::max(s.horizon_months, months);
    // The rates of month 0 hold the month-0 figures: policies and paths that change them
    // later are what the run is for, not part of the fit.
    s.events.clear();
    s.paths.clear();
    s.timeline.clear();
    const std::size_t areas = s.areas.size();
    derive_cell_rates(s);
    // Areas whose month-0 figures differ from their roles' national ones.
    std::vector<std::size_t> differing;
    for (std::size_t a = 0; a < areas && areas > 1; ++a) {
        for (std::size_t r = 0; r < s.roles.size(); ++r) {
            const CellRates& c = s.cells[r * areas + a];
            const Role& role = s.roles[r];
            const double national = role.posts > 0 ? 1 - role.filled / role.posts : 0;
            if (std::abs(c.vacancy_rate - national) > 1e-9 ||
                std::abs(c.turnover -
                         role.turnover * s.turnover_multiplier * turnover_pay_factor(s)) > 1e-9) {
                differing.push_back(a);
                break;
            }
        }
    }
    Calibration out;
    out.roles.resize(s.roles.size());
    out.areas.resize(differing.size());
    for (int pass = 0; pass < 2; ++pass) {
        for (RoleId r : s.fill_order) {
            fit_role(s, r, months, out.roles[r]);
        }
        for (std::size_t i = 0; i < differing.size(); ++i) {
            const std::size_t a = differing[i];
            AreaMatchingFit& fit = out.areas[i];
            fit.area = s.areas[a].name;
            double posts = 0;
            double filled = 0;
            for (std::size_t r = 0; r < s.roles.size(); ++r) {
                const CellRates& c = s.cells[r * areas + a];
                posts += static_cast<double>(c.filled) / std::max(1e-9, 1 - c.vacancy_rate);
                filled += static_cast<double>(c.filled);
            }
            fit.target = posts > 0 ? 1 - filled / posts : 0;
            const auto in_area = [&](std::size_t c) { return c % areas == a; };
            AreaRates& entry = area_entry(s, a);
            entry.matching_efficiency.reset();
            fit.achieved = bisect(0.05, 10, fit.target, entry.matching_efficiency_multiplier,
                                  [&] { return mean_vacancy(s, months, in_area); });
            fit.multiplier = entry.matching_efficiency_multiplier;
        }
    }
    return out;
}

} // namespace carecast::model
