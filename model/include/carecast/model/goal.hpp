// What a planner asks the optimiser for: an objective ("min vacancy_rate, registered
// manager, year 5") or a target ("bench_strength, registered manager, year 10 >=
// 0.8"), parsed against a scenario with errors that quote the expression and say what
// is allowed, and measured on the twin's expected path.
#pragma once

#include <carecast/model/markov_twin.hpp>
#include <carecast/model/scenario.hpp>

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace carecast::model {

enum class GoalMetric : std::uint8_t {
    VacancyRate,               // mean over the months of the years
    BenchStrength,             // ready-now successors per leadership post, mean over the months
    InternalFillShare,         // starters from within the sector over all starters
    Filled,                    // people in post, mean over the months
    LeadershipFilledInternally // leadership posts filled by promotion, per year
};

struct Goal {
    GoalMetric metric = GoalMetric::VacancyRate;
    std::optional<RoleId> role;     // one role, or
    std::optional<RoleGroup> group; // one group; neither: all roles
    std::optional<AreaId> area;     // nullopt: England
    int first_year = 1;
    int last_year = 1;
    bool maximise = false; // objectives: min or max
    // Targets only: the value must be at most (or at least) the threshold.
    std::optional<double> threshold;
    bool at_most = true;
    std::string text; // as given

    bool higher_is_better() const;
    // How far a value misses the target (0: met); for objectives, 0.
    double shortfall(double value) const;
    // The value to minimise: the metric, negated where higher is better.
    double loss(double value) const { return higher_is_better() ? -value : value; }
    int first_month() const { return (first_year - 1) * 12 + 1; }
    int last_month() const { return last_year * 12; }
};

// "min|max METRIC, SUBJECT[, AREA], year Y|years A-B" (an objective) or
// "METRIC, SUBJECT[, AREA], year Y|years A-B <=|>= VALUE" (a target). SUBJECT: a role
// name, "group:<group>" or "all"; AREA: an area name or "England". Returns the goal or
// a message quoting the expression and what is allowed.
std::variant<Goal, std::string> parse_goal(const std::string& text, const Scenario& scenario,
                                           bool target);

const char* to_string(GoalMetric metric);

// The goal's value on the twin's expected path (months 0..horizon).
double measure(const Goal& goal, const Scenario& scenario, const MarkovTwin& twin,
               const std::vector<TwinMonth>& path);

} // namespace carecast::model
