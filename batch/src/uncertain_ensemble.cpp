#include <carecast/batch/uncertain_ensemble.hpp>

#include <carecast/batch/sensitivity_design.hpp>
#include <carecast/batch/tidy.hpp>
#include <carecast/model/uncertainty.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace carecast::batch {

std::vector<ParameterSet> draw_parameter_sets(const model::Scenario& scenario, int count) {
    const auto ranges = model::parameter_ranges(scenario);
    if (ranges.empty()) {
        throw std::invalid_argument(
            "the scenario declares no uncertain parameter; allowed: [[uncertainty]] tables "
            "(key, range or factor, source), as in scenarios/england.toml");
    }
    const auto points = space_filling_points(static_cast<int>(ranges.size()), count);
    std::vector<ParameterSet> sets;
    for (const auto& point : points) {
        ParameterSet set;
        for (std::size_t i = 0; i < ranges.size(); ++i) {
            set.values.push_back({ranges[i].key, ranges[i].at(point[i])});
        }
        const bool repeated = std::any_of(sets.begin(), sets.end(), [&](const ParameterSet& s) {
            return std::equal(
                s.values.begin(), s.values.end(), set.values.begin(),
                [](const model::Edit& a, const model::Edit& b) { return a.value == b.value; });
        });
        if (!repeated) {
            sets.push_back(std::move(set));
        }
    }
    return sets;
}

model::ValidScenario with_parameters(const model::ValidScenario& base, const ParameterSet& set) {
    model::ValidScenario edited = base;
    if (auto error = model::apply_edits(edited, set.values)) {
        throw std::runtime_error(fmt::format("a drawn parameter set is refused: {}", *error));
    }
    return edited;
}

std::vector<sim::Results> run_parameter_sets(const model::ValidScenario& base,
                                             const std::vector<ParameterSet>& sets,
                                             const EnsembleOptions& options) {
    std::vector<sim::Results> all;
    for (const auto& set : sets) {
        auto results = run_replicates(with_parameters(base, set), options);
        if (results.empty()) {
            return {};
        }
        for (auto& r : results) {
            all.push_back(std::move(r));
        }
    }
    return all;
}

SpreadSources spread_sources(const std::vector<double>& values, int replicates) {
    SpreadSources out;
    const auto per_set = static_cast<std::size_t>(std::max(1, replicates));
    const std::size_t sets = values.size() / per_set;
    if (sets == 0) {
        return out;
    }
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    out.p5 = quantile(sorted, 0.05);
    out.p95 = quantile(sorted, 0.95);
    out.mean = std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
    std::vector<double> first(values.begin(), values.begin() + std::ptrdiff_t(per_set));
    std::sort(first.begin(), first.end());
    out.chance_p5 = quantile(first, 0.05);
    out.chance_p95 = quantile(first, 0.95);
    double between = 0;
    double within = 0;
    for (std::size_t s = 0; s < sets; ++s) {
        const auto begin = values.begin() + std::ptrdiff_t(s * per_set);
        const double mean = std::accumulate(begin, begin + std::ptrdiff_t(per_set), 0.0) /
                            static_cast<double>(per_set);
        between += (mean - out.mean) * (mean - out.mean);
        for (auto v = begin; v != begin + std::ptrdiff_t(per_set); ++v) {
            within += (*v - mean) * (*v - mean);
        }
    }
    out.assumptions_variance = between / static_cast<double>(sets);
    out.chance_variance = within / static_cast<double>(sets * per_set);
    return out;
}

} // namespace carecast::batch
