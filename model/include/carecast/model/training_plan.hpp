// How a year's training budget becomes places, and how a year's places are spread
// over its months. One set of rules for the engine and the twin.
#pragma once

#include <carecast/model/scenario.hpp>

#include <cstdint>
#include <vector>

namespace carecast::model {

struct TrainingPlan {
    std::vector<std::int64_t> funded_places; // per programme, this year
    double planned_cost = 0;                 // GBP the funded places would cost
    double unallocated = 0;                  // GBP of the budget no place was planned for
};

// The year's funded places: the explicit allocation if the scenario has one, else the
// budget buys whole places in strict priority order: each programme up to its limit,
// and the next only once it is full. What no whole place can use is unallocated.
TrainingPlan plan_training_year(const Scenario& scenario);

// Baseline places starting in month m (1-based) for a programme with this many places a
// year: the whole run's places, spread so that months 1..m together have
// floor(places_per_year * m / 12).
std::int64_t baseline_places_in_month(double places_per_year, int month);

// Funded places starting in month m of a financial year whose plan has `year_places`:
// spread evenly, no month above year_places / 12 + 1, the twelve adding up exactly.
std::int64_t funded_places_in_month(std::int64_t year_places, int month);

} // namespace carecast::model
