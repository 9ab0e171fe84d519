#include <carecast/model/markov_twin.hpp>
#include <carecast/model/optimise.hpp>
#include <carecast/model/training_plan.hpp>

#include <nlopt.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace carecast::model {

double allocation_cost(const Scenario& base, const std::vector<double>& places) {
    double cost = 0;
    for (std::size_t p = 0; p < places.size(); ++p) {
        cost += places[p] * base.programmes[p].cost_per_place;
    }
    return cost;
}

Scenario with_allocation(const Scenario& base, const std::vector<double>& places) {
    Scenario s = base;
    s.funded_allocation = places;
    s.training_budget = allocation_cost(base, places);
    return s;
}

std::vector<double> priority_split(const Scenario& base, double budget) {
    Scenario s = base;
    s.funded_allocation.clear();
    s.training_budget = budget;
    const TrainingPlan plan = plan_training_year(s);
    return {plan.funded_places.begin(), plan.funded_places.end()};
}

std::vector<double> place_limits(const Scenario& base, double budget) {
    std::vector<double> limits;
    for (const auto& p : base.programmes) {
        const double affordable = p.cost_per_place > 0 ? std::floor(budget / p.cost_per_place)
                                                       : p.max_funded_places_per_year;
        limits.push_back(std::max(0.0, std::min(p.max_funded_places_per_year, affordable)));
    }
    return limits;
}

double twin_value(const Scenario& base, const Goal& goal, const std::vector<double>& places) {
    const Scenario s = with_allocation(base, places);
    const MarkovTwin twin(s);
    return measure(goal, s, twin, twin.project(goal.last_month()));
}

namespace {

struct Evaluator {
    const Scenario& base;
    const Goal& goal;
    double budget;
    std::map<std::vector<double>, double> seen; // whole allocations already projected
    int evaluations = 0;

    // The loss (lower is better) of whole places; each allocation projected once.
    double loss(const std::vector<double>& places) {
        if (const auto it = seen.find(places); it != seen.end()) {
            return it->second;
        }
        ++evaluations;
        const double value = goal.loss(twin_value(base, goal, places));
        seen.emplace(places, value);
        return value;
    }
};

// Continuous places scaled into the budget where they overspend, then rounded down.
std::vector<double> whole_places(const Scenario& base, const std::vector<double>& x,
                                 const std::vector<double>& limits, double budget) {
    std::vector<double> places(x.size());
    for (std::size_t p = 0; p < x.size(); ++p) {
        places[p] = std::clamp(std::floor(x[p]), 0.0, limits[p]);
    }
    const double cost = allocation_cost(base, places);
    if (cost > budget && cost > 0) {
        const double scale = budget / cost;
        for (double& v : places) {
            v = std::floor(v * scale);
        }
    }
    return places;
}

} // namespace

Search best_use(const Scenario& base, const Goal& objective, const SearchOptions& options) {
    const std::size_t n = base.programmes.size();
    const std::vector<double> limits = place_limits(base, options.budget);
    Evaluator evaluator{base, objective, options.budget, {}, 0};
    Search search;
    if (n == 0) {
        return search;
    }
    // Continuous search on places; the twin sees whole places (rounded down, within
    // the budget), so the objective is piecewise constant at the scale of one place.
    const auto objective_of = [&](const std::vector<double>& x) {
        return evaluator.loss(whole_places(base, x, limits, options.budget));
    };
    struct Context {
        decltype(objective_of)* f;
    } context{&objective_of};
    const auto nlopt_objective = [](const std::vector<double>& x, std::vector<double>&,
                                    void* data) { return (*static_cast<Context*>(data)->f)(x); };
    struct Budget {
        const Scenario* base;
        double budget;
    } budget_data{&base, options.budget};
    const auto budget_constraint = [](const std::vector<double>& x, std::vector<double>&,
                                      void* data) {
        const auto* b = static_cast<Budget*>(data);
        return allocation_cost(*b->base, x) - b->budget;
    };
    std::vector<double> upper = limits;
    for (double& u : upper) {
        u = std::max(u, 1e-9); // NLopt wants lower < upper
    }
    std::vector<double> x = priority_split(base, options.budget); // a feasible start
    for (std::size_t p = 0; p < n; ++p) {
        x[p] = std::min(x[p], upper[p]);
    }
    double best = 0;
    nlopt::srand(options.seed);
    // A global pass, then a local one from its best point; a pass that stops or fails
    // leaves its best point in x and the next goes on.
    const auto pass = [&](nlopt::algorithm algorithm, int evaluations) {
        try {
            nlopt::opt opt(algorithm, static_cast<unsigned>(n));
            opt.set_lower_bounds(std::vector<double>(n, 0.0));
            opt.set_upper_bounds(upper);
            opt.set_min_objective(nlopt_objective, &context);
            opt.add_inequality_constraint(budget_constraint, &budget_data, 1.0);
            opt.set_maxeval(evaluations);
            if (algorithm == nlopt::LN_COBYLA) {
                opt.set_initial_step(std::vector<double>(n, 5.0));
            }
            opt.optimize(x, best);
        } catch (const std::exception&) {
        }
    };
    pass(nlopt::GN_ISRES, options.global_evaluations);
    pass(nlopt::LN_COBYLA, options.local_evaluations);
    // Whole places around the continuous answer: spend what is left where the twin says
    // it helps most, then try moving places between programmes while it improves.
    std::vector<double> places = whole_places(base, x, limits, options.budget);
    const auto affordable = [&](const std::vector<double>& candidate) {
        return allocation_cost(base, candidate) <= options.budget + 1e-6;
    };
    for (bool improved = true; improved;) {
        improved = false;
        const double current = evaluator.loss(places);
        std::vector<double> best_step = places;
        double best_loss = current;
        for (std::size_t p = 0; p < n; ++p) {
            for (double step : {1.0, 10.0}) {
                std::vector<double> more = places;
                more[p] = std::min(limits[p], more[p] + step);
                if (more[p] != places[p] && affordable(more)) {
                    const double l = evaluator.loss(more);
                    if (l < best_loss - 1e-12) {
                        best_loss = l;
                        best_step = more;
                    }
                }
                for (std::size_t q = 0; q < n; ++q) {
                    if (q == p || places[q] < step) {
                        continue;
                    }
                    std::vector<double> moved = more;
                    moved[q] -= step;
                    while (!affordable(moved) && moved[q] >= 1) {
                        moved[q] -= 1; // a dearer place needs more than one given up
                    }
                    if (moved != places && affordable(moved)) {
                        const double l = evaluator.loss(moved);
                        if (l < best_loss - 1e-12) {
                            best_loss = l;
                            best_step = moved;
                        }
                    }
                }
            }
        }
        if (best_step != places) {
            places = best_step;
            improved = true;
        }
    }
    evaluator.loss(places);
    // Best distinct whole allocations seen, best first (ties: cheaper first).
    std::vector<std::pair<double, std::vector<double>>> ranked;
    for (const auto& [candidate, loss] : evaluator.seen) {
        if (affordable(candidate)) {
            ranked.emplace_back(loss, candidate);
        }
    }
    std::stable_sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first) {
            return a.first < b.first;
        }
        return allocation_cost(base, a.second) < allocation_cost(base, b.second);
    });
    for (const auto& entry : ranked) {
        const double loss = entry.first;
        const std::vector<double>& candidate = entry.second;
        if (search.candidates.size() >= options.candidates) {
            break;
        }
        // Different answers, not neighbours: each candidate moves at least 5% of the
        // budget between programmes from every one before it (the best stands for its
        // neighbourhood, which the twin can barely tell apart).
        const auto near = [&](const Allocation& a) {
            double moved = 0;
            for (std::size_t p = 0; p < n; ++p) {
                moved = std::max(moved, std::abs(a.places[p] - candidate[p]) *
                                            base.programmes[p].cost_per_place);
            }
            return moved < 0.05 * options.budget;
        };
        if (std::any_of(search.candidates.begin(), search.candidates.end(), near)) {
            continue;
        }
        search.candidates.push_back({candidate, allocation_cost(base, candidate),
                                     objective.higher_is_better() ? -loss : loss});
    }
    search.evaluations = evaluator.evaluations;
    return search;
}

} // namespace carecast::model
