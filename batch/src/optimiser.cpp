#include <carecast/batch/optimiser.hpp>

#include "parallel.hpp"

#include <carecast/batch/ensemble.hpp>
#include <carecast/batch/tidy.hpp>

#include <carecast/model/scenario_loader.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace carecast::batch {
namespace {

bool selects(const model::Goal& goal, const model::Scenario& s, std::size_t role) {
    if (goal.role) {
        return *goal.role == role;
    }
    if (goal.group) {
        return s.roles[role].group == *goal.group;
    }
    return true;
}

void say(const OptimiseJob& job, const std::string& text) {
    if (job.progress) {
        job.progress(text);
    }
}

// One allocation's ensemble, from its measure per replicate: mean and P5-P95.
Verified summarise(const model::Allocation& allocation, std::string label,
                   std::vector<double> values) {
    Verified v;
    v.allocation = allocation;
    v.label = std::move(label);
    v.values = std::move(values);
    std::vector<double> sorted = v.values;
    std::sort(sorted.begin(), sorted.end());
    double sum = 0;
    for (double x : v.values) {
        sum += x;
    }
    v.mean = sum / static_cast<double>(v.values.size());
    v.p5 = quantile(sorted, 0.05);
    v.p95 = quantile(sorted, 0.95);
    return v;
}

model::ValidScenario checked(const model::Scenario& scenario) {
    auto result = model::validate(scenario);
    if (!result.ok()) {
        throw std::invalid_argument(fmt::format("the allocation is not a valid scenario: {}",
                                                result.errors.front().to_string()));
    }
    return std::move(*result.scenario);
}

// Paired differences against the reference (the same replicates), with the 95%
// interval of their mean.
void compare(Verified& v, const Verified& reference) {
    const PairedDifference d = paired_difference(reference.values, v.values);
    v.difference = d.mean;
    v.difference_low = d.low;
    v.difference_high = d.high;
}

bool better(const model::Goal& goal, double a, double b) {
    return goal.higher_is_better() ? a > b : a < b;
}

// The priority split of `budget`, then each candidate, verified; the best by the
// ensembles' means chosen (ties: cheaper first). Every allocation runs replicates
// 0..R-1 (common random numbers), each replicate's people set up once for all of them.
Decision verify_all(const OptimiseJob& job, double budget,
                    const std::vector<model::Allocation>& candidates) {
    const model::Scenario& base = *job.base;
    Decision decision;
    decision.budget = budget;
    model::Allocation split;
    split.places = model::priority_split(base, budget);
    split.cost = model::allocation_cost(base, split.places);
    split.twin_value = model::twin_value(base, job.goal, split.places);
    model::Scenario split_scenario = base; // exactly what the scenario buys today
    split_scenario.funded_allocation.clear();
    split_scenario.training_budget = budget;
    std::vector<model::Scenario> scenarios{split_scenario};
    std::vector<model::Allocation> allocations{split};
    std::vector<std::string> labels{"priority order"};
    for (std::size_t k = 0; k < candidates.size(); ++k) {
        if (candidates[k].places == split.places) {
            continue; // the split itself: verified as the reference
        }
        scenarios.push_back(model::with_allocation(base, candidates[k].places));
        allocations.push_back(candidates[k]);
        labels.push_back(k == 0 ? "optimised (best on the twin)"
                                : fmt::format("candidate {}", k + 1));
    }
    std::vector<model::ValidScenario> valid;
    for (const auto& scenario : scenarios) {
        valid.push_back(checked(scenario));
    }
    std::vector<const model::ValidScenario*> runs;
    for (const auto& v : valid) {
        runs.push_back(&v);
    }
    say(job, fmt::format("verifying the priority-order split and {} candidate{} with {} "
                         "replicates each\n",
                         scenarios.size() - 1, scenarios.size() == 2 ? "" : "s", job.replicates));
    EnsembleOptions options;
    options.replicates = job.replicates;
    options.threads = job.threads;
    options.cancel = job.stop;
    options.last_month = job.goal.last_month(); // later months cannot change the measure
    // Each run measured as it ends: its results are not kept.
    std::vector<std::vector<double>> values(
        scenarios.size(), std::vector<double>(static_cast<std::size_t>(job.replicates)));
    const bool done =
        run_allocations(runs, options, [&](std::size_t k, int replicate, sim::Results&& results) {
            values[k][static_cast<std::size_t>(replicate)] =
                measure(job.goal, scenarios[k], results);
        });
    if (!done) {
        decision.stopped = true;
        return decision;
    }
    for (std::size_t k = 0; k < scenarios.size(); ++k) {
        decision.verified.push_back(summarise(allocations[k], labels[k], std::move(values[k])));
        compare(decision.verified.back(), decision.verified.front());
    }
    for (std::size_t i = 1; i < decision.verified.size(); ++i) {
        const auto& v = decision.verified[i];
        const auto& chosen = decision.verified[decision.chosen];
        if (better(job.goal, v.mean, chosen.mean) ||
            (v.mean == chosen.mean && v.allocation.cost < chosen.allocation.cost)) {
            decision.chosen = i;
        }
    }
    return decision;
}

model::SearchOptions search_options(const OptimiseJob& job, double budget, bool quick) {
    model::SearchOptions options;
    options.budget = budget;
    options.candidates = job.candidates;
    options.seed = job.base->seed;
    if (quick) {
        options.global_evaluations = 60;
        options.local_evaluations = 40;
    }
    // The climb's candidates projected on the job's threads.
    const auto workers = static_cast<std::size_t>(std::max(1, job.threads));
    options.for_each = [workers](std::size_t count, const std::function<void(std::size_t)>& body) {
        detail::parallel_for_each_index(count, body, workers);
    };
    return options;
}

} // namespace

double measure(const model::Goal& goal, const model::Scenario& s, const sim::Results& results) {
    sim::Selection selection;
    selection.role = goal.role;
    selection.group = goal.group;
    selection.area = goal.area;
    double sum = 0;
    double numerator = 0;
    double denominator = 0;
    for (int m = goal.first_month(); m <= goal.last_month(); ++m) {
        switch (goal.metric) {
        case model::GoalMetric::VacancyRate:
            sum += results.vacancy_rate(m, selection).value_or(0.0);
            break;
        case model::GoalMetric::Filled:
            sum += static_cast<double>(results.total(m, selection).filled);
            break;
        case model::GoalMetric::BenchStrength:
            sum += results.bench_strength(m, selection).value_or(0.0);
            break;
        case model::GoalMetric::InternalFillShare: {
            const sim::CellMonth c = results.total(m, selection);
            numerator += static_cast<double>(c.starters_moved + c.starters_promoted);
            denominator += static_cast<double>(c.starters());
            break;
        }
        case model::GoalMetric::LeadershipFilledInternally:
            for (std::size_t r = 0; r < s.roles.size(); ++r) {
                if (selects(goal, s, r) && model::is_leadership(s.roles[r].level)) {
                    sim::Selection one = selection;
                    one.role = static_cast<model::RoleId>(r);
                    one.group.reset();
                    numerator += static_cast<double>(results.total(m, one).starters_promoted);
                }
            }
            break;
        }
    }
    switch (goal.metric) {
    case model::GoalMetric::InternalFillShare:
        return denominator > 0 ? numerator / denominator : 0.0;
    case model::GoalMetric::LeadershipFilledInternally:
        return numerator / (goal.last_year - goal.first_year + 1);
    default:
        return sum / (goal.last_month() - goal.first_month() + 1);
    }
}

Decision best_use(const OptimiseJob& job) {
    say(job, fmt::format("searching on the twin: {} programmes, GBP {:.0f} a year\n",
                         job.base->programmes.size(), job.budget));
    const auto search =
        model::best_use(*job.base, job.goal, search_options(job, job.budget, false));
    Decision decision = verify_all(job, job.budget, search.candidates);
    decision.twin_evaluations = search.evaluations;
    return decision;
}

Decision least_budget(const OptimiseJob& job) {
    const model::Scenario& base = *job.base;
    const model::Goal& goal = job.goal;
    // The most money can do: every programme at its limit.
    std::vector<double> all(base.programmes.size());
    for (std::size_t p = 0; p < all.size(); ++p) {
        all[p] = base.programmes[p].max_funded_places_per_year;
    }
    const double most = model::allocation_cost(base, all);
    int evaluations = 0;
    const auto best_at = [&](double budget) {
        auto search = model::best_use(base, goal, search_options(job, budget, true));
        evaluations += search.evaluations;
        return search;
    };
    say(job, fmt::format("searching on the twin for the least budget up to GBP {:.0f}\n", most));
    const auto at_most = best_at(most);
    Decision decision;
    decision.budget = most;
    decision.twin_evaluations = evaluations;
    if (at_most.candidates.empty()) {
        decision.feasible = false;
        return decision;
    }
    // The twin is an expectation of simplified rules: its level can sit off the agents'
    // while its ranking holds. The agents at the most money can do say whether the
    // target is reachable, and how far the twin's level is off there.
    say(job, "verifying what the most money can do\n");
    const Decision most_can = verify_all(job, most, {at_most.candidates[0]});
    if (most_can.stopped) {
        return most_can;
    }
    const Verified& strongest = most_can.verified.back();
    if (goal.shortfall(strongest.mean) > 0) {
        decision.feasible = false;
        decision.best_reachable = strongest.mean;
        return decision;
    }
    const double offset = strongest.mean - strongest.allocation.twin_value;
    const auto met = [&](const model::Search& search) {
        return !search.candidates.empty() &&
               goal.shortfall(search.candidates[0].twin_value + offset) == 0;
    };
    // Bisection on the budget: more money never does worse (it can buy the same places).
    double low = 0;
    double high = most;
    model::Search found = at_most;
    if (const auto none = best_at(0); met(none)) {
        high = 0;
        found = none;
    }
    while (high - low > std::max(1000.0, 0.01 * high)) {
        const double middle = std::floor((low + high) / 2);
        auto search = best_at(middle);
        if (met(search)) {
            high = middle;
            found = std::move(search);
        } else {
            low = middle;
        }
    }
    // The agents decide: verify there, and step up the budget while their mean misses.
    double budget = high;
    for (int attempt = 0; attempt < 5; ++attempt) {
        decision = verify_all(job, budget, found.candidates);
        decision.twin_evaluations = evaluations;
        if (decision.stopped) {
            return decision;
        }
        // The cheapest verified allocation whose mean meets the target.
        std::optional<std::size_t> cheapest;
        for (std::size_t i = 0; i < decision.verified.size(); ++i) {
            const auto& v = decision.verified[i];
            if (goal.shortfall(v.mean) == 0 &&
                (!cheapest || v.allocation.cost < decision.verified[*cheapest].allocation.cost)) {
                cheapest = i;
            }
        }
        if (cheapest) {
            decision.chosen = *cheapest;
            return decision;
        }
        if (budget >= most) {
            break;
        }
        budget = std::min(most, std::max(budget * 1.1, budget + 10'000));
        say(job, fmt::format("the agents' mean misses the target: trying GBP {:.0f}\n", budget));
        found = best_at(budget);
    }
    decision.feasible = false; // the twin thought so, the agents do not
    decision.best_reachable = decision.verified.empty() ? 0.0 : decision.verified.back().mean;
    return decision;
}

Frontier frontier(const OptimiseJob& job, const std::vector<double>& budgets) {
    Frontier out;
    for (const double budget : budgets) {
        OptimiseJob at = job;
        at.budget = budget;
        at.goal.threshold.reset(); // the best value at each budget, target or not
        at.goal.maximise = job.goal.higher_is_better();
        at.candidates = 1;
        const auto point = best_use(at);
        if (point.stopped || (job.stop != nullptr && job.stop->load())) {
            out.stopped = true;
            break;
        }
        out.points.push_back({budget, point.verified[point.chosen], point.verified[0].mean});
    }
    return out;
}

Verdict verdict(const Decision& decision) {
    if (decision.chosen == 0) {
        return Verdict::PriorityBest;
    }
    const Verified& chosen = decision.verified[decision.chosen];
    return chosen.difference_low <= 0 && chosen.difference_high >= 0 ? Verdict::NoClearDifference
                                                                     : Verdict::ClearDifference;
}

} // namespace carecast::batch
