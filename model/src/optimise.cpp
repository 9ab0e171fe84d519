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
        const double value = project(places);
        seen.emplace(places, value);
        return value;
    }

    double project(const std::vector<double>& places) const {
        return goal.loss(twin_value(base, goal, places));
    }

    // The losses of a round's candidates: those not yet seen projected through
    // `for_each` (side by side where the caller gives threads), then kept in order, so
    // the cache and the count are as if projected in turn.
    std::vector<double> losses(const std::vector<std::vector<double>>& candidates,
                               const SearchOptions& options) {
        std::vector<const std::vector<double>*> fresh;
        for (const auto& c : candidates) {
            if (!seen.contains(c) && std::find_if(fresh.begin(), fresh.end(), [&](auto* f) {
                                         return *f == c;
                                     }) == fresh.end()) {
                fresh.push_back(&c);
            }
        }
        std::vector<double> values(fresh.size());
        const auto project_one = [&](std::size_t i) { values[i] = project(*fresh[i]); };
        if (options.for_each) {
            options.for_each(fresh.size(), project_one);
        } else {
            for (std::size_t i = 0; i < fresh.size(); ++i) {
                project_one(i);
            }
        }
        for (std::size_t i = 0; i < fresh.size(); ++i) {
            seen.emplace(*fresh[i], values[i]);
        }
        evaluations += static_cast<int>(fresh.size());
        std::vector<double> out;
        for (const auto& c : candidates) {
            out.push_back(seen.at(c));
        }
        return out;
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

// The continuous search on places: a global pass, then a local one from its best point
// (a pass that stops or fails leaves its best point and the next goes on). The twin
// sees whole places (rounded down, within the budget), so the objective is piecewise
// constant at the scale of one place.
std::vector<double> continuous_search(const Scenario& base, Evaluator& evaluator,
                                      const std::vector<double>& limits,
                                      const SearchOptions& options) {
    const std::size_t n = base.programmes.size();
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
    return x;
}

// One scale of the climb below: the best single move of s or 10 s places (more of one
// programme, or some of another's given up for it), repeated while it improves. Each
// round's moves are projected together (side by side where threads are given) and
// judged in order, so the answer does not depend on how they ran.
std::vector<double> improve_at(const Scenario& base, Evaluator& evaluator,
                               std::vector<double> places, const std::vector<double>& limits,
                               const SearchOptions& options, double scale) {
    const std::size_t n = places.size();
    const auto affordable = [&](const std::vector<double>& candidate) {
        return allocation_cost(base, candidate) <= options.budget + 1e-6;
    };
    for (bool improved = true; improved;) {
        improved = false;
        std::vector<std::vector<double>> moves;
        const auto consider = [&](const std::vector<double>& candidate) {
            if (candidate != places && affordable(candidate)) {
                moves.push_back(candidate);
            }
        };
        for (std::size_t p = 0; p < n; ++p) {
            for (double step : {scale, 10 * scale}) {
                std::vector<double> more = places;
                more[p] = std::min(limits[p], more[p] + step);
                if (more[p] != places[p]) {
                    consider(more);
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
                    consider(moved);
                }
            }
        }
        double best_loss = evaluator.loss(places);
        std::vector<double> best_step = places;
        const auto losses = evaluator.losses(moves, options);
        for (std::size_t i = 0; i < moves.size(); ++i) {
            if (losses[i] < best_loss - 1e-12) {
                best_loss = losses[i];
                best_step = moves[i];
            }
        }
        if (best_step != places) {
            places = best_step;
            improved = true;
        }
    }
    return places;
}

// Whole places around the continuous answer: spend what is left where the twin says it
// helps most, and move places between programmes, while it improves. Steps of s and 10 s
// places, s from the largest power of ten a programme's limit allows down to one: a
// national budget's thousands of places are crossed in hundreds, not tens, and the last
// round looks at every move of one and ten places as a council's does.
std::vector<double> improve_whole(const Scenario& base, Evaluator& evaluator,
                                  std::vector<double> places, const std::vector<double>& limits,
                                  const SearchOptions& options) {
    const double widest = limits.empty() ? 0 : *std::max_element(limits.begin(), limits.end());
    double scale = 1;
    while (scale * 100 <= widest) {
        scale *= 10;
    }
    for (; scale >= 1; scale /= 10) {
        places = improve_at(base, evaluator, std::move(places), limits, options, scale);
    }
    evaluator.loss(places);
    return places;
}

// The best distinct whole allocations seen, best first (ties: cheaper first), each
// moving at least 5% of the budget between programmes from every one before it: the best
// stands for its neighbourhood, which the twin can barely tell apart.
std::vector<Allocation> distinct_best(const Scenario& base, const Goal& objective,
                                      const Evaluator& evaluator, const SearchOptions& options) {
    std::vector<std::pair<double, std::vector<double>>> ranked;
    for (const auto& [candidate, loss] : evaluator.seen) {
        if (allocation_cost(base, candidate) <= options.budget + 1e-6) {
            ranked.emplace_back(loss, candidate);
        }
    }
    std::stable_sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first) {
            return a.first < b.first;
        }
        return allocation_cost(base, a.second) < allocation_cost(base, b.second);
    });
    std::vector<Allocation> chosen;
    for (const auto& entry : ranked) {
        const double loss = entry.first; // named, not bound: lambdas below capture them
        const std::vector<double>& candidate = entry.second;
        if (chosen.size() >= options.candidates) {
            break;
        }
        const auto near = [&](const Allocation& a) {
            double moved = 0;
            for (std::size_t p = 0; p < candidate.size(); ++p) {
                moved = std::max(moved, std::abs(a.places[p] - candidate[p]) *
                                            base.programmes[p].cost_per_place);
            }
            return moved < 0.05 * options.budget;
        };
        if (std::none_of(chosen.begin(), chosen.end(), near)) {
            chosen.push_back({candidate, allocation_cost(base, candidate),
                              objective.higher_is_better() ? -loss : loss});
        }
    }
    return chosen;
}

} // namespace

Search best_use(const Scenario& base, const Goal& objective, const SearchOptions& options) {
    Search search;
    if (base.programmes.empty()) {
        return search;
    }
    const std::vector<double> limits = place_limits(base, options.budget);
    Evaluator evaluator{base, objective, options.budget, {}, 0};
    const std::vector<double> x = continuous_search(base, evaluator, limits, options);
    improve_whole(base, evaluator, whole_places(base, x, limits, options.budget), limits, options);
    search.candidates = distinct_best(base, objective, evaluator, options);
    search.evaluations = evaluator.evaluations;
    return search;
}

} // namespace carecast::model
