#include <carecast/sim/rates.hpp>
#include <carecast/sim/results.hpp>

#include <algorithm>

namespace carecast::sim {

void CellMonth::add(const CellMonth& o) {
    posts += o.posts;
    filled += o.filled;
    starters_external += o.starters_external;
    starters_moved += o.starters_moved;
    starters_promoted += o.starters_promoted;
    promoted_sector_months += o.promoted_sector_months;
    leavers_exit += o.leavers_exit;
    leavers_retired += o.leavers_retired;
    leavers_moved += o.leavers_moved;
    leavers_promoted += o.leavers_promoted;
    programme_places += o.programme_places;
    programme_completions += o.programme_completions;
    programme_spend += o.programme_spend;
    ready_successors += o.ready_successors;
    ready_within_1y += o.ready_within_1y;
    ready_within_2y += o.ready_within_2y;
    ready_within_5y += o.ready_within_5y;
    trained += o.trained;
    ten_years_in_sector += o.ten_years_in_sector;
    one_year_in_sector += o.one_year_in_sector;
    newcomer_job_leavers += o.newcomer_job_leavers;
    between_jobs += o.between_jobs;
    left_between_jobs += o.left_between_jobs;
    gave_up += o.gave_up;
    aged_55_plus += o.aged_55_plus;
    aged_45_plus += o.aged_45_plus;
    birth_month_sum += o.birth_month_sum;
    fte_posts += o.fte_posts;
    fte_filled += o.fte_filled;
    starters_international += o.starters_international;
    job_seekers += o.job_seekers;
}

void ProgrammeMonth::add(const ProgrammeMonth& o) {
    planned_baseline += o.planned_baseline;
    planned_funded += o.planned_funded;
    enrolled_baseline += o.enrolled_baseline;
    enrolled_funded += o.enrolled_funded;
    enrolled_on_appointment += o.enrolled_on_appointment;
    spend_baseline += o.spend_baseline;
    spend_funded += o.spend_funded;
}

ProgrammeMonth Results::programme_total(int month) const {
    ProgrammeMonth sum;
    for (int p = 0; p < programmes_; ++p) {
        sum.add(programme(month, static_cast<std::size_t>(p)));
    }
    return sum;
}

double Results::budget_left(int month) const {
    if (month <= 0) {
        return annual_budget;
    }
    const int first = (month - 1) / 12 * 12 + 1;
    double spent = 0;
    for (int m = first; m <= month; ++m) {
        spent += programme_total(m).spend_funded;
    }
    return annual_budget - spent;
}

Results::Results(const model::Scenario& scenario, int months)
    : months_(months), roles_(static_cast<int>(scenario.roles.size())),
      areas_(static_cast<int>(scenario.areas.size())),
      programmes_(static_cast<int>(scenario.programmes.size())) {
    annual_budget = scenario.training_budget;
    programme_months_.resize(static_cast<std::size_t>(months_ + 1) * programmes_);
    for (const auto& role : scenario.roles) {
        groups_.push_back(role.group);
        leadership_.push_back(model::is_leadership(role.level));
    }
    cells_.resize(static_cast<std::size_t>(months_ + 1) * roles_ * areas_);
}

CellMonth Results::total(int month, const Selection& selection) const {
    // Only the selected cells are visited: one cell for a role in an area, a row or a
    // column for a role or an area, so a table's output stays near linear in its rows.
    CellMonth sum;
    const int r0 = selection.role ? *selection.role : 0;
    const int r1 = selection.role ? *selection.role + 1 : roles_;
    const int a0 = selection.area ? *selection.area : 0;
    const int a1 = selection.area ? *selection.area + 1 : areas_;
    for (int r = r0; r < r1; ++r) {
        if (selection.group && groups_[static_cast<std::size_t>(r)] != *selection.group) {
            continue;
        }
        for (int a = a0; a < a1; ++a) {
            sum.add(cell(month, static_cast<model::RoleId>(r), static_cast<model::AreaId>(a)));
        }
    }
    return sum;
}

std::optional<double> Results::vacancy_rate(int month, const Selection& selection) const {
    return rates::vacancy(total(month, selection));
}

std::optional<double> Results::turnover_rate_12m(int month, const Selection& selection) const {
    return rates::turnover_12m(month, [&](int m) { return total(m, selection); });
}

std::optional<double> Results::bench_strength(int month, const Selection& selection) const {
    return ready_per_post(month, selection, 0);
}

std::optional<double> Results::ready_per_post(int month, const Selection& selection,
                                              int months) const {
    return rates::ready_per_post(leadership_, selection.role, months, [&](model::RoleId r) {
        Selection one = selection;
        one.role = r;
        return total(month, one);
    });
}

std::optional<double> Results::internal_fill_share(int month, const Selection& selection) const {
    return rates::internal_fill_share(month, [&](int m) { return total(m, selection); });
}

std::optional<double> Results::mean_months_vacant(int month, const Selection& selection) const {
    return rates::mean_months_vacant(month, [&](int m) { return total(m, selection); });
}

} // namespace carecast::sim
