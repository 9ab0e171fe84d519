// The rates of a selection of cells, from its totals: one definition for Results (which
// adds the cells up on each call) and for callers that keep the totals at hand (a tidy
// table reads each month's totals a dozen times over for the 12-month windows).
#pragma once

#include <carecast/sim/results.hpp>

#include <algorithm>
#include <optional>
#include <vector>

namespace carecast::sim::rates {

inline std::optional<double> vacancy(const CellMonth& c) {
    if (c.posts <= 0) {
        return std::nullopt;
    }
    return static_cast<double>(c.vacancies()) / static_cast<double>(c.posts);
}

// total_of(m): the selection's totals in month m. Leavers over the last 12 months
// (fewer, annualised, in the first year) per mean stock at the start of each month.
template <typename TotalOf, typename Leavers, typename Stock>
std::optional<double> leaving_12m(int month, const TotalOf& total_of, const Leavers& leavers_of,
                                  const Stock& stock_of) {
    const int window = std::min(12, month);
    if (window == 0) {
        return std::nullopt;
    }
    double leavers = 0;
    double stock = 0;
    for (int m = month - window + 1; m <= month; ++m) {
        leavers += static_cast<double>(leavers_of(total_of(m)));
        stock += static_cast<double>(stock_of(total_of(m - 1)));
    }
    if (stock <= 0) {
        return std::nullopt;
    }
    return leavers / (stock / window) * (12.0 / window);
}

// Job leavers per mean filled posts (Skills for Care's turnover).
template <typename TotalOf> std::optional<double> turnover_12m(int month, const TotalOf& total_of) {
    return leaving_12m(
        month, total_of, [](const CellMonth& c) { return c.job_leavers(); },
        [](const CellMonth& c) { return c.filled; });
}

// The same for people in their first 12 months in the sector, and for the rest (Skills
// for Care publishes first-year turnover: 43.7% in 2021/22).
template <typename TotalOf>
std::optional<double> first_year_turnover_12m(int month, const TotalOf& total_of) {
    return leaving_12m(
        month, total_of, [](const CellMonth& c) { return c.newcomer_job_leavers; },
        [](const CellMonth& c) { return c.filled - c.one_year_in_sector; });
}
template <typename TotalOf>
std::optional<double> later_years_turnover_12m(int month, const TotalOf& total_of) {
    return leaving_12m(
        month, total_of,
        [](const CellMonth& c) { return c.job_leavers() - c.newcomer_job_leavers; },
        [](const CellMonth& c) { return c.one_year_in_sector; });
}

// Share of the last 12 months' starters who came from within the sector.
template <typename TotalOf>
std::optional<double> internal_fill_share(int month, const TotalOf& total_of) {
    const int window = std::min(12, month);
    double internal = 0;
    double all = 0;
    for (int m = month - window + 1; m <= month && window > 0; ++m) {
        const CellMonth c = total_of(m);
        internal += static_cast<double>(c.starters_moved + c.starters_promoted);
        all += static_cast<double>(c.starters());
    }
    if (all <= 0) {
        return std::nullopt;
    }
    return internal / all;
}

// Little's law over the last 12 months: mean vacancies / mean vacancies filled a month.
template <typename TotalOf>
std::optional<double> mean_months_vacant(int month, const TotalOf& total_of) {
    const int window = std::min(12, month);
    double vacancies = 0;
    double filled_vacancies = 0; // moves change employer, not vacancy counts
    for (int m = month - window + 1; m <= month && window > 0; ++m) {
        const CellMonth c = total_of(m);
        vacancies += static_cast<double>(c.vacancies());
        filled_vacancies += static_cast<double>(c.starters_external + c.starters_promoted);
    }
    if (filled_vacancies <= 0) {
        return std::nullopt;
    }
    return vacancies / filled_vacancies;
}

// People ready within `months` (0: now; 12, 24 or 60) per post over the leadership roles
// of a selection; role_total_of(r): the selection's totals of leadership role r alone
// (zero where r is outside it), asked only for r == *only where `only` is set.
template <typename RoleTotalOf>
std::optional<double> ready_per_post(const std::vector<bool>& leadership,
                                     std::optional<model::RoleId> only, int months,
                                     const RoleTotalOf& role_total_of) {
    double ready = 0;
    double posts = 0;
    for (int r = 0; r < static_cast<int>(leadership.size()); ++r) {
        if (!leadership[static_cast<std::size_t>(r)] || (only && *only != r)) {
            continue;
        }
        const CellMonth c = role_total_of(static_cast<model::RoleId>(r));
        ready += static_cast<double>(months <= 0    ? c.ready_successors
                                     : months <= 12 ? c.ready_within_1y
                                     : months <= 24 ? c.ready_within_2y
                                                    : c.ready_within_5y);
        posts += static_cast<double>(c.posts);
    }
    if (posts <= 0) {
        return std::nullopt;
    }
    return ready / posts;
}

} // namespace carecast::sim::rates
