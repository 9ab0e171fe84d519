// What a run produced: counts per month, role and area, and the rates derived from them.
// Published as an immutable value once the run ends (or is cancelled).
#pragma once

#include <carecast/model/scenario.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace carecast::sim {

// Flows during one month into and out of one (role, area) cell, and stocks at its end.
struct CellMonth {
    std::int64_t posts = 0;
    std::int64_t filled = 0;
    std::int64_t starters_external = 0;
    std::int64_t starters_international = 0; // of the external, recruited from abroad
    std::int64_t starters_moved = 0;         // from another employer, same role
    std::int64_t starters_promoted = 0;      // from another role along a career edge
    std::int64_t promoted_sector_months = 0; // their months in the sector, summed
    std::int64_t leavers_exit = 0;           // left adult social care (not retirement)
    std::int64_t leavers_retired = 0;
    std::int64_t leavers_moved = 0;    // to another employer, same role
    std::int64_t leavers_promoted = 0; // to another role along a career edge
    // Of the job leavers (exits, retirements, moves), those in their first 12 months in
    // the sector, for first-year turnover.
    std::int64_t newcomer_job_leavers = 0;
    std::int64_t programme_places = 0; // enrolments started this month
    std::int64_t programme_completions = 0;
    double programme_spend = 0; // GBP
    double fte_posts = 0;       // posts and filled posts in full-time equivalents
    double fte_filled = 0;
    std::int64_t ready_successors = 0; // leadership roles: ready-now people in feeder roles
    // ... and those ready within 1, 2 and 5 years (people in post now; each includes
    // those ready sooner).
    std::int64_t ready_within_1y = 0;
    std::int64_t ready_within_2y = 0;
    std::int64_t ready_within_5y = 0;
    std::int64_t trained = 0; // stock: people in post who completed a programme
    // Stocks of people in post: 10+ years in the sector; aged 55 and over; aged 45 and
    // over (reaching 60 within 15 years); their birth months summed (month 0 = the run's
    // start), for the mean age.
    std::int64_t ten_years_in_sector = 0;
    std::int64_t one_year_in_sector = 0; // stock: past their first 12 months in the sector
    std::int64_t aged_55_plus = 0;
    std::int64_t aged_45_plus = 0;
    std::int64_t birth_month_sum = 0;
    std::int64_t between_jobs = 0;      // stock: left a post here for another, not yet started
    std::int64_t left_between_jobs = 0; // flow: left the sector while between jobs
    std::int64_t gave_up = 0;           // of whom: sought longest and found no post
    // Seekers for this cell's posts when it was filled this month: internal applicants,
    // people between jobs who could start, and recruits from outside the sector.
    std::int64_t job_seekers = 0;

    std::int64_t starters() const { return starters_external + starters_moved + starters_promoted; }
    std::int64_t leavers() const {
        return leavers_exit + leavers_retired + leavers_moved + leavers_promoted;
    }
    // Skills for Care's job leavers: leaving the employer, not promotions within it.
    std::int64_t job_leavers() const { return leavers_exit + leavers_retired + leavers_moved; }
    std::int64_t vacancies() const { return posts - filled; }
    void add(const CellMonth& other);
};

// One programme's places in one month, all areas, by funder: the baseline's places
// happen anyway; funded places are bought by the scenario's training budget.
struct ProgrammeMonth {
    std::int64_t planned_baseline = 0;
    std::int64_t planned_funded = 0;
    std::int64_t enrolled_baseline = 0;
    std::int64_t enrolled_funded = 0;
    // Appointees working towards their new role's entry qualification, enrolled on
    // appointment; each takes one of the programme's next baseline places.
    std::int64_t enrolled_on_appointment = 0;
    double spend_baseline = 0; // GBP, not charged to the budget
    double spend_funded = 0;   // GBP, charged to the budget
    // Planned places no eligible person was there to take.
    std::int64_t unfilled() const {
        return planned_baseline + planned_funded - enrolled_baseline - enrolled_funded;
    }
    void add(const ProgrammeMonth& other);
};

// Which cells to add up: one role, a job role group, or all; one area or all.
struct Selection {
    std::optional<model::RoleId> role;
    std::optional<model::RoleGroup> group;
    std::optional<model::AreaId> area;
};

class Results {
  public:
    Results(const model::Scenario& scenario, int months);

    int months() const { return months_; } // month 0 .. months()
    int roles() const { return roles_; }
    int areas() const { return areas_; }
    bool cancelled = false;
    int completed_months = 0;

    CellMonth& cell(int month, model::RoleId role, model::AreaId area) {
        return cells_[index(month, role, area)];
    }
    const CellMonth& cell(int month, model::RoleId role, model::AreaId area) const {
        return cells_[index(month, role, area)];
    }
    CellMonth total(int month, const Selection& selection) const;

    int programmes() const { return programmes_; }
    ProgrammeMonth& programme(int month, std::size_t p) {
        return programme_months_[static_cast<std::size_t>(month) * programmes_ + p];
    }
    const ProgrammeMonth& programme(int month, std::size_t p) const {
        return programme_months_[static_cast<std::size_t>(month) * programmes_ + p];
    }
    // Every programme together.
    ProgrammeMonth programme_total(int month) const;
    // The training budget of the financial year holding `month`, less the funded spend
    // of that year up to and including `month` (GBP; at a year's last month: unspent).
    double budget_left(int month) const;
    double annual_budget = 0; // GBP a year

    // Rates; nullopt where undefined (no posts, or no history yet).
    std::optional<double> vacancy_rate(int month, const Selection& selection) const;
    // Job leavers over the last 12 months (fewer, annualised, in the first year) per mean filled.
    std::optional<double> turnover_rate_12m(int month, const Selection& selection) const;
    // Ready-now successors per post of a leadership role.
    std::optional<double> bench_strength(int month, const Selection& selection) const;
    // People ready within `months` (0: now; 12, 24 or 60) per post, leadership roles.
    std::optional<double> ready_per_post(int month, const Selection& selection, int months) const;
    // Share of the last 12 months' starters who came from within the sector.
    std::optional<double> internal_fill_share(int month, const Selection& selection) const;
    // Little's law over the last 12 months: mean vacancies / mean vacancies filled a month.
    std::optional<double> mean_months_vacant(int month, const Selection& selection) const;

    const std::vector<model::RoleGroup>& role_groups() const { return groups_; }
    const std::vector<bool>& leadership() const { return leadership_; }

  private:
    std::size_t index(int month, model::RoleId role, model::AreaId area) const {
        return (static_cast<std::size_t>(month) * roles_ + role) * areas_ + area;
    }

    int months_;
    int roles_;
    int areas_;
    int programmes_;
    std::vector<ProgrammeMonth> programme_months_;
    std::vector<model::RoleGroup> groups_;
    std::vector<bool> leadership_;
    std::vector<CellMonth> cells_;
};

} // namespace carecast::sim
