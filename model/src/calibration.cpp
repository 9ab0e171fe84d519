#include <carecast/model/calibration.hpp>
#include <carecast/model/markov_twin.hpp>
#include <carecast/model/scenario_loader.hpp>

#include <cmath>

namespace carecast::model {
namespace {

// The role's rates were just changed: its cells follow before the twin reads them.
double mean_vacancy(Scenario& s, RoleId role, int months) {
    derive_cell_rates(s);
    const MarkovTwin twin(s);
    const auto path = twin.project(months);
    double sum = 0;
    for (int m = 1; m <= months; ++m) {
        const double posts = twin.total(path[static_cast<std::size_t>(m)].posts, role);
        sum += posts > 0 ? 1 - twin.total(path[static_cast<std::size_t>(m)].filled, role) / posts
                         : 0.0;
    }
    return sum / months;
}

bool every_area_fitted(const Scenario& s, RoleId role) {
    const std::size_t areas = s.areas.size();
    for (std::size_t a = 0; a < areas; ++a) {
        if (!s.cells[role * areas + a].fill_rate_fitted) {
            return false;
        }
    }
    return true;
}

double mean_area_fill_rate(const Scenario& s, RoleId role) {
    const std::size_t areas = s.areas.size();
    double weighted = 0;
    double weights = 0;
    for (std::size_t a = 0; a < areas; ++a) {
        const CellRates& c = s.cells[role * areas + a];
        weighted += c.fill_rate * s.areas[a].share;
        weights += s.areas[a].share;
    }
    return weights > 0 ? weighted / weights : 1.0;
}

} // namespace

std::vector<FillRateFit> fit_fill_rates(const Scenario& scenario, int months) {
    Scenario s = scenario;
    s.horizon_months = std::max(s.horizon_months, months);
    std::vector<FillRateFit> fits(s.roles.size());
    for (int pass = 0; pass < 2; ++pass) {
        for (RoleId r : s.fill_order) {
            Role& role = s.roles[r];
            FillRateFit& fit = fits[r];
            fit.target = role.posts > 0 ? 1 - role.filled / role.posts : 0;
            if (fit.target <= 0) {
                // No vacancy to hold: any departure opens one that no finite supply
                // closes at once, so there is nothing to fit (and supply is left alone).
                fit.no_vacancies = true;
                fit.fill_rate = role.fill_rate = 1.0;
                fit.supply_domestic = role.supply_domestic;
                fit.achieved = mean_vacancy(s, r, months);
                continue;
            }
            if (every_area_fitted(s, r)) {
                fit.fitted_per_area = true;
                fit.achieved = mean_vacancy(s, r, months);
                fit.fill_rate = role.fill_rate = mean_area_fill_rate(s, r);
                fit.supply_domestic = role.supply_domestic;
                continue;
            }
            // Vacancies fall as the fill rate rises: bisect on it.
            double lo = 0.001;
            double hi = 1.0;
            role.fill_rate = hi;
            fit.supply_limited =
                fit.supply_limited || mean_vacancy(s, r, months) > fit.target + 1e-4;
            if (fit.supply_limited && mean_vacancy(s, r, months) > fit.target + 1e-4) {
                // The least domestic supply that holds the target at fill rate 1, plus 1%.
                const double international =
                    role.supply_international * s.international_supply_multiplier;
                const double multiplier = std::max(1e-9, s.domestic_supply_multiplier);
                double low = role.supply_domestic;
                double high = std::max(1.0, role.supply_domestic) * 2;
                role.supply_domestic = high;
                while (mean_vacancy(s, r, months) > fit.target && high < 1e9) {
                    low = high;
                    high *= 2;
                    role.supply_domestic = high;
                }
                for (int i = 0; i < 30; ++i) {
                    role.supply_domestic = (low + high) / 2;
                    (mean_vacancy(s, r, months) > fit.target ? low : high) = role.supply_domestic;
                }
                role.supply_domestic = high * 1.01 + international * 0.01 / multiplier;
            }
            fit.supply_domestic = role.supply_domestic;
            for (int i = 0; i < 30; ++i) {
                role.fill_rate = std::sqrt(lo * hi);
                (mean_vacancy(s, r, months) > fit.target ? lo : hi) = role.fill_rate;
            }
            role.fill_rate = std::sqrt(lo * hi);
            fit.fill_rate = role.fill_rate;
            fit.achieved = mean_vacancy(s, r, months);
        }
    }
    return fits;
}

} // namespace carecast::model
