#include <carecast/batch/robust_choice.hpp>

#include <carecast/batch/tidy.hpp>
#include <carecast/batch/uncertain_ensemble.hpp>
#include <carecast/model/markov_twin.hpp>

#include "parallel.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace carecast::batch {

RobustScore score_robustly(const OptimiseJob& job, const Decision& decision, int draws) {
    const auto sets = draw_parameter_sets(*job.base, draws);
    const std::size_t count = decision.verified.size();
    // values[d][c]: the goal with draw d's assumptions and candidate c's places.
    std::vector<std::vector<double>> values(sets.size(), std::vector<double>(count));
    detail::parallel_for_each_index(
        sets.size(),
        [&](std::size_t d) {
            const auto drawn = with_parameters(job.base, sets[d]);
            for (std::size_t c = 0; c < count; ++c) {
                const auto s =
                    model::with_allocation(*drawn, decision.verified[c].allocation.places);
                const model::MarkovTwin twin(s);
                values[d][c] =
                    model::measure(job.goal, s, twin, twin.project(job.goal.last_month()));
            }
        },
        static_cast<std::size_t>(std::max(1, job.threads)));
    RobustScore score;
    score.draws = static_cast<int>(sets.size());
    score.candidates.resize(count);
    for (std::size_t c = 0; c < count; ++c) {
        score.candidates[c].label = decision.verified[c].label;
    }
    for (const auto& row : values) {
        double best = std::numeric_limits<double>::infinity();
        for (double v : row) {
            best = std::min(best, job.goal.loss(v));
        }
        const auto winners = static_cast<double>(std::count_if(
            row.begin(), row.end(), [&](double v) { return job.goal.loss(v) <= best + 1e-12; }));
        for (std::size_t c = 0; c < count; ++c) {
            const double loss = job.goal.loss(row[c]);
            score.candidates[c].chance_best += loss <= best + 1e-12 ? 1 / winners : 0;
            score.candidates[c].expected_regret += loss - best;
        }
    }
    const auto n = static_cast<double>(std::max<std::size_t>(1, values.size()));
    for (std::size_t c = 0; c < count; ++c) {
        auto& candidate = score.candidates[c];
        candidate.chance_best /= n;
        candidate.expected_regret /= n;
        std::vector<double> column;
        for (const auto& row : values) {
            column.push_back(row[c]);
        }
        candidate.mean = std::accumulate(column.begin(), column.end(), 0.0) / n;
        std::sort(column.begin(), column.end());
        candidate.p5 = quantile(column, 0.05);
        candidate.p95 = quantile(column, 0.95);
        if (candidate.expected_regret < score.candidates[score.least_regret].expected_regret) {
            score.least_regret = c;
        }
    }
    const double chosen_regret = score.candidates[decision.chosen].expected_regret;
    score.survives = chosen_regret <= score.candidates[score.least_regret].expected_regret + 1e-12;
    return score;
}

} // namespace carecast::batch
