#include <carecast/batch/sensitivity.hpp>

#include <carecast/batch/ensemble.hpp>
#include <carecast/batch/optimiser.hpp>
#include <carecast/batch/tidy.hpp>
#include <carecast/model/markov_twin.hpp>
#include <carecast/model/scenario_edit.hpp>

#include "parallel.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace carecast::batch {
namespace {

// The scenario with each input at the value its point's coordinate gives, through the
// one door for edits (every value checked, the rates derived again).
model::ValidScenario at_point(const model::ValidScenario& base,
                              const std::vector<model::ParameterRange>& inputs,
                              const std::vector<std::size_t>& varied,
                              const std::vector<double>& point) {
    std::vector<model::Edit> edits;
    for (std::size_t j = 0; j < varied.size(); ++j) {
        const auto& input = inputs[varied[j]];
        edits.push_back({input.key, input.at(point[j])});
    }
    model::ValidScenario edited = base;
    if (auto error = model::apply_edits(edited, edits)) {
        throw std::runtime_error(fmt::format("a point of the design is refused: {}", *error));
    }
    return edited;
}

int last_month(const std::vector<model::Goal>& goals) {
    int last = 0;
    for (const auto& goal : goals) {
        last = std::max(last, goal.last_month());
    }
    return last;
}

// The job's outputs on the twin's projection of one scenario.
std::vector<double> outputs_on_twin(const SensitivityJob& job, const model::Scenario& scenario) {
    const model::MarkovTwin twin(scenario);
    const auto path = twin.project(last_month(job.outputs));
    std::vector<double> out;
    for (const auto& goal : job.outputs) {
        out.push_back(model::measure(goal, scenario, twin, path));
    }
    return out;
}

// The outputs on the twin at each point: [point][output].
std::vector<std::vector<double>> twin_outputs(const SensitivityJob& job,
                                              const std::vector<model::ParameterRange>& inputs,
                                              const std::vector<std::size_t>& varied,
                                              const std::vector<std::vector<double>>& points) {
    std::vector<std::vector<double>> out(points.size());
    detail::parallel_for_each_index(
        points.size(),
        [&](std::size_t p) {
            if (job.stop != nullptr && job.stop->load()) {
                return;
            }
            out[p] = outputs_on_twin(job, *at_point(job.base, inputs, varied, points[p]));
        },
        static_cast<std::size_t>(std::max(1, job.threads)));
    return out;
}

std::vector<double> column(const std::vector<std::vector<double>>& rows, std::size_t c) {
    std::vector<double> out;
    out.reserve(rows.size());
    for (const auto& row : rows) {
        out.push_back(row.empty() ? 0 : row[c]);
    }
    return out;
}

// The inputs Morris finds most influential on any output: each output's mu* scaled by
// its largest, the best `count` by their largest share; inputs without width never.
std::vector<std::size_t> screen(const SensitivityResult& r, int count) {
    std::vector<double> score(r.inputs.size(), 0);
    for (const auto& effects : r.morris) {
        double top = 0;
        for (const auto& e : effects) {
            top = std::max(top, e.mu_star);
        }
        for (std::size_t i = 0; i < effects.size() && top > 0; ++i) {
            score[i] = std::max(score[i], effects[i].mu_star / top);
        }
    }
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < r.inputs.size(); ++i) {
        if (r.inputs[i].width() > 0) {
            order.push_back(i);
        }
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
    order.resize(std::min(order.size(), static_cast<std::size_t>(std::max(0, count))));
    std::sort(order.begin(), order.end());
    return order;
}

void say(const SensitivityJob& job, const std::string& text) {
    if (job.progress) {
        job.progress(text);
    }
}

// Each input alone at the ends of its range: 2 k twin runs.
void run_swings(const SensitivityJob& job, SensitivityResult& r) {
    const std::size_t k = r.inputs.size();
    std::vector<std::vector<double>> ends(2 * k);
    detail::parallel_for_each_index(
        2 * k,
        [&](std::size_t run) {
            ends[run] =
                outputs_on_twin(job, *at_point(job.base, r.inputs, {run / 2}, {double(run % 2)}));
        },
        static_cast<std::size_t>(std::max(1, job.threads)));
    r.twin_runs += static_cast<int>(2 * k);
    for (std::size_t o = 0; o < job.outputs.size(); ++o) {
        r.swing_low.emplace_back();
        r.swing_high.emplace_back();
        for (std::size_t i = 0; i < k; ++i) {
            r.swing_low[o].push_back(ends[2 * i][o]);
            r.swing_high[o].push_back(ends[2 * i + 1][o]);
        }
    }
}

void run_morris(const SensitivityJob& job, SensitivityResult& r) {
    std::vector<std::size_t> all(r.inputs.size());
    std::iota(all.begin(), all.end(), 0);
    const auto design =
        morris_design(static_cast<int>(all.size()), job.trajectories, job.levels, job.seed);
    say(job, fmt::format("screening {} inputs: {} twin runs (Morris, {} trajectories)", all.size(),
                         design.points.size(), job.trajectories));
    const auto y = twin_outputs(job, r.inputs, all, design.points);
    r.twin_runs += static_cast<int>(design.points.size());
    for (std::size_t o = 0; o < job.outputs.size(); ++o) {
        r.morris.push_back(morris_effects(design, column(y, o)));
    }
}

void run_sobol(const SensitivityJob& job, SensitivityResult& r) {
    r.sobol_inputs = screen(r, job.sobol_inputs);
    if (r.sobol_inputs.empty()) {
        return;
    }
    const auto design = saltelli_design(static_cast<int>(r.sobol_inputs.size()), job.samples);
    say(job, fmt::format("Sobol' indices of {} inputs: {} twin runs (N = {})",
                         r.sobol_inputs.size(), design.points.size(), job.samples));
    const auto y = twin_outputs(job, r.inputs, r.sobol_inputs, design.points);
    r.twin_runs += static_cast<int>(design.points.size());
    const auto samples = static_cast<std::size_t>(job.samples);
    for (std::size_t o = 0; o < job.outputs.size(); ++o) {
        const auto values = column(y, o);
        r.sobol.push_back(sobol_indices(design, values, job.bootstrap, job.seed + o));
        std::vector<double> sample(values.begin(),
                                   values.begin() + static_cast<std::ptrdiff_t>(2 * samples));
        std::sort(sample.begin(), sample.end());
        r.spread.emplace_back(quantile(sample, 0.05), quantile(sample, 0.95));
    }
}

// Agent ensembles at both ends of each output's top inputs (each input run once for
// every output it leads), the replicates paired: the same draws at both ends.
void check_with_agents(const SensitivityJob& job, SensitivityResult& r) {
    if (job.verify_inputs <= 0 || job.verify_replicates <= 0) {
        return;
    }
    // Each output's leading inputs, and every input that leads one, each once.
    std::vector<std::vector<std::size_t>> leading;
    std::vector<std::size_t> chosen;
    for (std::size_t o = 0; o < r.outputs.size(); ++o) {
        auto ranked = r.ranking(o);
        ranked.resize(std::min(ranked.size(), static_cast<std::size_t>(job.verify_inputs)));
        for (const std::size_t input : ranked) {
            if (std::find(chosen.begin(), chosen.end(), input) == chosen.end()) {
                chosen.push_back(input);
            }
        }
        leading.push_back(std::move(ranked));
    }
    for (const std::size_t input : chosen) {
        if (job.stop != nullptr && job.stop->load()) {
            break;
        }
        say(job, fmt::format("checking {} with agents: {} replicates at each end",
                             r.inputs[input].key, job.verify_replicates));
        std::vector<std::vector<double>> values[2];
        for (int end = 0; end < 2; ++end) {
            const auto scenario = at_point(job.base, r.inputs, {input}, {double(end)});
            EnsembleOptions options;
            options.replicates = job.verify_replicates;
            options.threads = job.threads;
            options.cancel = job.stop;
            options.last_month = last_month(job.outputs);
            values[end].assign(job.outputs.size(), {});
            for (const auto& run : run_replicates(scenario, options)) {
                for (std::size_t o = 0; o < job.outputs.size(); ++o) {
                    values[end][o].push_back(measure(job.outputs[o], *scenario, run));
                }
            }
            r.agent_runs += job.verify_replicates;
        }
        for (std::size_t o = 0; o < job.outputs.size(); ++o) {
            const auto& low = values[0][o];
            const auto& high = values[1][o];
            if (low.empty() || low.size() != high.size()) {
                r.stopped = true; // cancelled between the ends
                return;
            }
            if (std::find(leading[o].begin(), leading[o].end(), input) == leading[o].end()) {
                continue; // run for another output it leads
            }
            const auto mean = [](const std::vector<double>& v) {
                return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
            };
            const auto difference = paired_difference(low, high);
            r.checks.push_back({input, o, r.swing_low[o][input], r.swing_high[o][input], mean(low),
                                mean(high), difference.low, difference.high});
        }
    }
}

} // namespace

std::vector<std::size_t> SensitivityResult::ranking(std::size_t output) const {
    std::vector<std::size_t> order(inputs.size());
    std::iota(order.begin(), order.end(), 0);
    const auto key = [&](std::size_t i) {
        const auto sobol_index = sobol_of(output, i);
        // Screened-in inputs first, by total index; then the rest by mu*.
        return std::pair<int, double>(
            sobol_index ? 1 : 0, sobol_index ? sobol_index->total : morris.at(output)[i].mu_star);
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return key(a) > key(b); });
    return order;
}

std::optional<SobolIndex> SensitivityResult::sobol_of(std::size_t output, std::size_t input) const {
    const auto at = std::find(sobol_inputs.begin(), sobol_inputs.end(), input);
    if (at == sobol_inputs.end() || output >= sobol.size()) {
        return std::nullopt;
    }
    return sobol[output].indices[static_cast<std::size_t>(at - sobol_inputs.begin())];
}

SensitivityResult run_sensitivity(const SensitivityJob& job) {
    SensitivityResult r;
    r.inputs = model::parameter_ranges(*job.base);
    if (r.inputs.empty()) {
        throw std::invalid_argument(
            "the scenario declares no uncertain parameter; allowed: [[uncertainty]] tables "
            "(key, range or factor, source), as in scenarios/england.toml");
    }
    if (job.outputs.empty()) {
        throw std::invalid_argument(
            "no output to analyse; allowed: one or more outputs (metric, role, area, year)");
    }
    for (const auto& goal : job.outputs) {
        r.outputs.push_back(goal.text);
        r.metrics.push_back(goal.metric);
        r.described.push_back(in_words(goal, *job.base));
        if (goal.last_month() > job.base->horizon_months) {
            throw std::invalid_argument(fmt::format(
                "output \"{}\" ends in month {}, after the scenario's {} months; allowed: "
                "years within the horizon",
                goal.text, goal.last_month(), job.base->horizon_months));
        }
    }
    const model::MarkovTwin twin(*job.base);
    const auto path = twin.project(last_month(job.outputs));
    for (const auto& goal : job.outputs) {
        r.central.push_back(model::measure(goal, *job.base, twin, path));
    }
    run_swings(job, r);
    run_morris(job, r);
    if (!(job.stop != nullptr && job.stop->load())) {
        run_sobol(job, r);
    }
    if (!(job.stop != nullptr && job.stop->load())) {
        check_with_agents(job, r);
    }
    r.stopped = r.stopped || (job.stop != nullptr && job.stop->load());
    return r;
}

std::variant<model::Goal, std::string> parse_output(const std::string& text,
                                                    const model::Scenario& scenario) {
    const bool has_direction = text.rfind("min ", 0) == 0 || text.rfind("max ", 0) == 0;
    auto parsed = model::parse_goal(has_direction ? text : "min " + text, scenario, false);
    if (auto* goal = std::get_if<model::Goal>(&parsed)) {
        goal->text = text;
    }
    return parsed;
}

} // namespace carecast::batch
