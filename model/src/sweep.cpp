#include <carecast/model/demand.hpp>
#include <carecast/model/scenario_edit.hpp>
#include <carecast/model/sweep.hpp>

#include "toml_guard.hpp"
#include "toml_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace carecast::model {
namespace {

using detail::Range;
using detail::TomlReader;

} // namespace

std::vector<std::vector<double>> Sweep::design() const {
    std::vector<std::vector<double>> out;
    if (latin_hypercube) {
        // One stratum per point for each parameter, strata shuffled independently;
        // std::mt19937_64's output is fixed by the standard, so designs are reproducible.
        std::mt19937_64 generator(seed.value_or(1) ^ source_hash);
        out.assign(static_cast<std::size_t>(points), std::vector<double>(parameters.size()));
        for (std::size_t p = 0; p < parameters.size(); ++p) {
            std::vector<int> strata(static_cast<std::size_t>(points));
            std::iota(strata.begin(), strata.end(), 0);
            for (std::size_t i = strata.size(); i > 1; --i) {
                std::swap(strata[i - 1], strata[generator() % i]);
            }
            for (int i = 0; i < points; ++i) {
                const double u = static_cast<double>(generator() >> 11) * 0x1.0p-53;
                const double t = (strata[static_cast<std::size_t>(i)] + u) / points;
                out[static_cast<std::size_t>(i)][p] =
                    parameters[p].from + (parameters[p].to - parameters[p].from) * t;
            }
        }
        return out;
    }
    out.emplace_back();
    for (const auto& parameter : parameters) {
        std::vector<std::vector<double>> next;
        for (const auto& partial : out) {
            for (double v : parameter.values) {
                next.push_back(partial);
                next.back().push_back(v);
            }
        }
        out = std::move(next);
    }
    return out;
}

namespace {

void read_header(TomlReader& reader, const toml::table& t, Sweep& sweep) {
    reader.check_keys(
        t, "sweep",
        {"name", "scenario", "replicates", "seed", "horizon_years", "design", "points"});
    sweep.name = reader.string(t, "sweep", "name", true).value_or("");
    sweep.scenario = reader.string(t, "sweep", "scenario", false);
    sweep.replicates =
        static_cast<int>(reader.integer(t, "sweep", "replicates", 1, 100000, false).value_or(1));
    if (const auto seed = reader.integer(t, "sweep", "seed", 0, INT64_MAX, false)) {
        sweep.seed = static_cast<std::uint64_t>(*seed);
    }
    if (const auto years =
            reader.integer(t, "sweep", "horizon_years", 1, kMaxHorizonMonths / 12, false)) {
        sweep.horizon_years = static_cast<int>(*years);
    }
    sweep.latin_hypercube =
        reader.choice(t, "sweep", "design", {"grid", "latin_hypercube"}, false).value_or(0) == 1;
    sweep.points = static_cast<int>(
        reader.integer(t, "sweep", "points", 1, kMaxSweepPoints, sweep.latin_hypercube)
            .value_or(0));
}

// One [[parameters]] entry: values, or from, to and steps (a grid); from and to for a
// Latin hypercube.
SweepParameter read_parameter(TomlReader& reader, const toml::table& t, const std::string& path,
                              bool latin_hypercube) {
    reader.check_keys(t, path, {"key", "values", "from", "to", "steps"});
    SweepParameter parameter;
    parameter.key = reader.string(t, path, "key", true).value_or("");
    parameter.line = static_cast<int>(t.source().begin.line);
    parameter.column = static_cast<int>(t.source().begin.column);
    const Range any{-1e15, 1e15, "a number"};
    const auto values = reader.numbers(t, path, "values", any, false);
    const auto from = reader.number(t, path, "from", any, false);
    const auto to = reader.number(t, path, "to", any, false);
    const auto steps = reader.integer(t, path, "steps", 2, kMaxSweepPoints, false);
    if (latin_hypercube) {
        if (!from || !to) {
            reader.error(t.source(), path,
                         "a Latin hypercube needs from and to for every parameter");
        } else {
            parameter.from = *from;
            parameter.to = *to;
        }
    } else if (values) {
        if (from || to || steps) {
            reader.error(t.source(), path, "give values, or from, to and steps; not both");
        }
        if (values->empty()) {
            reader.error(*t.get("values"), path + ".values", "allowed: at least one value");
        }
        parameter.values = *values;
    } else if (from && to && steps) {
        for (std::int64_t k = 0; k < *steps; ++k) {
            parameter.values.push_back(*from + (*to - *from) * static_cast<double>(k) /
                                                   static_cast<double>(*steps - 1));
        }
    } else {
        reader.error(t.source(), path, "required: values = [...], or from, to and steps (a grid)");
    }
    return parameter;
}

void read_output(TomlReader& reader, const toml::table& t, Sweep& sweep) {
    reader.check_keys(t, "output", {"every_months", "regions"});
    sweep.every_months = static_cast<int>(
        reader.integer(t, "output", "every_months", 1, kMaxHorizonMonths, false).value_or(12));
    if (const toml::node* node = t.get("regions")) {
        if (const auto flag = node->value_exact<bool>()) {
            sweep.regions = *flag;
        } else {
            reader.error(*node, "output.regions", "allowed: true or false");
        }
    }
}

void read_summary(TomlReader& reader, const toml::table& t, Sweep& sweep) {
    reader.check_keys(t, "summary", {"role", "years"});
    sweep.summary_role = reader.string(t, "summary", "role", false).value_or("");
    const auto years =
        reader.numbers(t, "summary", "years", Range{1, 100, "years 1 to 100"}, false);
    if (!years) {
        return;
    }
    sweep.summary_years.clear();
    for (std::size_t k = 0; k < years->size(); ++k) {
        const double y = (*years)[k];
        if (y != std::floor(y)) {
            // Refused, not truncated: 2.7 is not a year of the summary.
            reader.error(t.get("years")->as_array()->at(k),
                         TomlReader::indexed("summary", "years", k),
                         fmt::format("{} is not a whole year; allowed: whole years 1 to 100", y));
            continue;
        }
        sweep.summary_years.push_back(static_cast<int>(y));
    }
}

} // namespace

SweepLoadResult parse_sweep(std::string_view text, const std::string& source) {
    SweepLoadResult result;
    auto parsed = detail::parse_toml(text, source, result.errors);
    if (!parsed) {
        return result;
    }
    const toml::table& root = *parsed;
    TomlReader reader(source, result.errors);
    Sweep sweep;
    sweep.source = source;
    sweep.source_hash = detail::fnv1a(text);
    reader.check_keys(root, "", {"sweep", "parameters", "output", "summary"});
    if (const toml::table* t = reader.table(root, "", "sweep", true)) {
        read_header(reader, *t, sweep);
    }
    const auto tables = reader.tables(root, "", "parameters", true);
    double grid_points = 1;
    for (std::size_t i = 0; i < tables.size(); ++i) {
        sweep.parameters.push_back(read_parameter(
            reader, *tables[i], TomlReader::indexed("", "parameters", i), sweep.latin_hypercube));
        grid_points *= std::max<std::size_t>(1, sweep.parameters.back().values.size());
    }
    if (!sweep.latin_hypercube && grid_points > kMaxSweepPoints) {
        reader.error(root.get("parameters")->source(), "parameters",
                     fmt::format("the grid has {:.0f} points; allowed: at most {} (use fewer "
                                 "values, or design = \"latin_hypercube\")",
                                 grid_points, kMaxSweepPoints));
    }
    if (const toml::table* t = reader.table(root, "", "output", false)) {
        read_output(reader, *t, sweep);
    }
    if (const toml::table* t = reader.table(root, "", "summary", false)) {
        read_summary(reader, *t, sweep);
    }
    if (result.errors.empty()) {
        result.sweep = std::move(sweep);
    }
    return result;
}

namespace {

// Each parameter's smallest and largest values (the allowed values of every key form an
// interval, and sizes grow monotonically in each: supply, growth, horizon).
std::pair<double, double> extremes(const SweepParameter& parameter, bool latin_hypercube) {
    if (!latin_hypercube && !parameter.values.empty()) {
        const auto [lo, hi] = std::minmax_element(parameter.values.begin(), parameter.values.end());
        return {*lo, *hi};
    }
    return {std::min(parameter.from, parameter.to), std::max(parameter.from, parameter.to)};
}

} // namespace

double sweep_peak_people(const Sweep& sweep, const Scenario& base) {
    double peak = peak_people(base);
    Scenario all_high = base;
    for (const auto& parameter : sweep.parameters) {
        const auto [lo, hi] = extremes(parameter, sweep.latin_hypercube);
        for (double value : {lo, hi}) {
            Scenario copy = base;
            if (!set_parameter(copy, parameter.key, value)) {
                peak = std::max(peak, peak_people(copy));
            }
        }
        (void)set_parameter(all_high, parameter.key, hi); // refused values keep the base's
    }
    return std::max(peak, peak_people(all_high));
}

std::vector<ScenarioError> check_sweep_against(const Sweep& sweep, const Scenario& base) {
    std::vector<ScenarioError> errors;
    for (std::size_t p = 0; p < sweep.parameters.size(); ++p) {
        const auto& parameter = sweep.parameters[p];
        // Every parameter's allowed values form an interval, so its smallest and largest
        // values decide (a grid may hold a million values; copying the scenario for each
        // would take minutes).
        const auto [lo, hi] = extremes(parameter, sweep.latin_hypercube);
        for (double value : {lo, hi}) {
            Scenario copy = base;
            if (const auto error = set_parameter(copy, parameter.key, value)) {
                errors.push_back({sweep.source, parameter.line, parameter.column,
                                  fmt::format("parameters[{}]", p), *error});
                break;
            }
        }
    }
    if (!sweep.summary_role.empty() && base.role_index(sweep.summary_role) < 0) {
        errors.push_back(
            {sweep.source, 0, 0, "summary.role",
             fmt::format("no role is named \"{}\" in the scenario", sweep.summary_role)});
    }
    return errors;
}

} // namespace carecast::model
