// carecast for Python: the engine, the twin and the optimiser over the libraries, with
// the command line's validation door and bytes. The package around it
// (python/carecast/__init__.py) turns what this returns into pandas and NumPy.
#include "run_in_background.hpp"

#include <carecast/batch/ensemble.hpp>
#include <carecast/batch/optimiser.hpp>
#include <carecast/batch/output.hpp>
#include <carecast/batch/scenario_file.hpp>
#include <carecast/batch/summary.hpp>
#include <carecast/batch/tidy.hpp>
#include <carecast/model/goal.hpp>
#include <carecast/model/markov_twin.hpp>
#include <carecast/model/scenario_edit.hpp>
#include <carecast/model/scenario_loader.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <thread>
#include <variant>

namespace py = pybind11;
using namespace carecast;

namespace {

model::ValidScenario load(const std::optional<std::string>& path) {
    auto loaded = batch::load_scenario(path, batch::machine_limits());
    if (!loaded.ok()) {
        std::string message;
        for (const auto& error : loaded.errors) {
            message += message.empty() ? "" : "\n";
            message += error.to_string();
        }
        throw py::value_error(message);
    }
    return *loaded.scenario;
}

// Every change goes through apply_edits, as the command line's --set does: a refused
// value raises with the same message and leaves the scenario as it was.
void apply_or_raise(model::ValidScenario& scenario, const std::vector<model::Edit>& edits) {
    if (auto error = model::apply_edits(scenario, edits, batch::machine_limits())) {
        throw py::value_error(*error);
    }
}

void set_parameters(model::ValidScenario& scenario, const std::map<std::string, double>& values) {
    std::vector<model::Edit> edits;
    for (const auto& [key, value] : values) {
        edits.push_back({key, value});
    }
    apply_or_raise(scenario, edits);
}

// The same from Python's values: a whole number (a Python int, not a bool) is kept
// exactly, as a file or --set keeps it, so a seed past 2^53 is the seed given.
void set_from_python(model::ValidScenario& scenario, const py::dict& values) {
    std::vector<model::Edit> edits;
    for (const auto& [key, value] : values) {
        model::Edit edit{py::cast<std::string>(key), py::cast<double>(value)};
        if (py::isinstance<py::int_>(value) && !py::isinstance<py::bool_>(value) &&
            py::cast<py::int_>(value) >= py::int_(0)) {
            try {
                edit.whole = py::cast<std::uint64_t>(value);
            } catch (const py::cast_error&) {
                // Past 2^64 - 1: the double, which the parameter's range then refuses.
            }
        }
        edits.push_back(std::move(edit));
    }
    apply_or_raise(scenario, edits);
}

std::optional<double> parameter(const model::ValidScenario& scenario, const std::string& key) {
    return model::get_parameter(*scenario, key);
}

py::list describe(const model::ValidScenario& scenario) {
    py::list rows;
    for (const auto& info : model::describe_parameters(*scenario)) {
        py::dict row;
        row["key"] = info.key;
        row["value"] = info.value;
        row["min"] = info.min;
        row["max"] = info.max;
        row["allowed"] = info.allowed;
        row["source"] = info.source;
        row["during_run"] = info.during_run;
        rows.append(row);
    }
    return rows;
}

// A run's results, one per replicate, with the scenario they came from.
struct RunResults {
    model::ValidScenario scenario;
    std::vector<sim::Results> replicates;
    int first_replicate = 0;
    bool cancelled = false;

    const sim::Results& at(int replicate) const {
        if (replicate < 0 || replicate >= static_cast<int>(replicates.size())) {
            throw py::index_error("replicate " + std::to_string(replicate) + " of " +
                                  std::to_string(replicates.size()));
        }
        return replicates[static_cast<std::size_t>(replicate)];
    }
};

template <typename T> py::array_t<T> numpy(const std::vector<T>& values) {
    py::array_t<T> out(static_cast<py::ssize_t>(values.size()));
    std::copy(values.begin(), values.end(), out.mutable_data());
    return out;
}

// The tidy table of results.csv as columns: codes into the name lists, and values.
py::dict tidy_columns(const RunResults& run, int replicate) {
    const batch::TidyTable table = batch::tidy_table(*run.scenario, run.at(replicate));
    std::vector<std::int32_t> month;
    std::vector<std::int16_t> area;
    std::vector<std::int16_t> role;
    std::vector<std::int16_t> metric;
    std::vector<double> value;
    for (std::size_t i = 0; i < table.keys.size(); ++i) {
        if (std::isnan(table.values[i])) {
            continue; // undefined here: results.csv writes no row
        }
        month.push_back(table.keys[i].month);
        area.push_back(static_cast<std::int16_t>(table.keys[i].area));
        role.push_back(static_cast<std::int16_t>(table.keys[i].role));
        metric.push_back(table.keys[i].metric);
        value.push_back(table.values[i]);
    }
    std::vector<std::string> metrics;
    for (std::size_t m = 0; m < batch::metric_count(); ++m) {
        metrics.emplace_back(batch::metric_name(static_cast<std::uint8_t>(m)));
    }
    py::dict out;
    out["month"] = numpy(month);
    out["area"] = numpy(area);
    out["role"] = numpy(role);
    out["metric"] = numpy(metric);
    out["value"] = numpy(value);
    out["areas"] = table.areas;
    out["roles"] = table.roles;
    out["metrics"] = metrics;
    return out;
}

RunResults run(const model::ValidScenario& base, std::optional<int> years,
               std::optional<std::uint64_t> seed, int replicates, int first_replicate,
               std::optional<int> threads, const py::object& progress) {
    if (replicates < 1) {
        throw py::value_error("replicates: allowed: 1 or more");
    }
    if (first_replicate < 0) {
        throw py::value_error("first_replicate: allowed: 0 or more");
    }
    model::ValidScenario scenario = base;
    if (years) {
        set_parameters(scenario, {{"scenario.horizon_years", static_cast<double>(*years)}});
    }
    if (seed) {
        scenario = model::with_seed(scenario, *seed);
    }
    RunResults out{scenario, {}, first_replicate, false};
    batch::EnsembleOptions options;
    options.first_replicate = first_replicate;
    options.replicates = replicates;
    options.threads =
        threads.value_or(std::max(1, static_cast<int>(std::thread::hardware_concurrency())));
    if (options.threads < 1) {
        throw py::value_error("threads: allowed: 1 or more");
    }
    const int total = replicates * scenario->horizon_months;
    out.replicates = python::run_in_background<std::vector<sim::Results>>(
        [&](const std::atomic<bool>& cancel, std::atomic<int>& done) {
            options.cancel = &cancel;
            options.months_done = &done;
            return batch::run_replicates(scenario, options);
        },
        total, progress);
    for (const auto& r : out.replicates) {
        out.cancelled = out.cancelled || r.cancelled;
    }
    return out;
}

// The twin's expected path: per month, role and area (and England), the stocks and
// flows it follows.
py::dict twin(const model::ValidScenario& scenario, std::optional<int> years) {
    model::ValidScenario s = scenario;
    if (years) {
        set_parameters(s, {{"scenario.horizon_years", static_cast<double>(*years)}});
    }
    const model::MarkovTwin model_twin(*s);
    std::vector<model::TwinMonth> path;
    {
        py::gil_scoped_release free;
        path = model_twin.project(s->horizon_months);
    }
    const std::vector<std::pair<const char*, std::vector<double> model::TwinMonth::*>> series{
        {"posts", &model::TwinMonth::posts},
        {"filled", &model::TwinMonth::filled},
        {"exits", &model::TwinMonth::exits},
        {"moves", &model::TwinMonth::moves},
        {"between_jobs", &model::TwinMonth::between_jobs},
        {"job_seekers", &model::TwinMonth::job_seekers},
        {"starters_promoted", &model::TwinMonth::promoted_in},
        {"starters_external", &model::TwinMonth::external},
        {"starters_international", &model::TwinMonth::international},
        {"trained_in_post", &model::TwinMonth::trained}};
    const std::size_t areas = s->areas.size();
    std::vector<std::int32_t> month;
    std::vector<std::int16_t> area;
    std::vector<std::int16_t> role;
    std::vector<std::int16_t> metric;
    std::vector<double> value;
    for (std::size_t m = 0; m < path.size(); ++m) {
        for (std::size_t k = 0; k < series.size(); ++k) {
            const auto& cells = path[m].*series[k].second;
            for (std::size_t c = 0; c < cells.size(); ++c) {
                month.push_back(static_cast<std::int32_t>(m));
                role.push_back(static_cast<std::int16_t>(c / areas));
                area.push_back(static_cast<std::int16_t>(c % areas));
                metric.push_back(static_cast<std::int16_t>(k));
                value.push_back(cells[c]);
            }
        }
    }
    std::vector<std::string> metrics;
    for (const auto& [name, member] : series) {
        metrics.emplace_back(name);
    }
    py::dict out;
    out["month"] = numpy(month);
    out["area"] = numpy(area);
    out["role"] = numpy(role);
    out["metric"] = numpy(metric);
    out["value"] = numpy(value);
    out["areas"] = model::names_of(s->areas);
    out["roles"] = model::names_of(s->roles);
    out["metrics"] = metrics;
    return out;
}

py::dict verified_row(const model::Scenario& s, const batch::Verified& v, bool chosen) {
    py::dict row;
    row["label"] = v.label;
    row["chosen"] = chosen;
    row["cost_gbp"] = v.allocation.cost;
    row["twin_value"] = v.allocation.twin_value;
    row["mean"] = v.mean;
    row["p5"] = v.p5;
    row["p95"] = v.p95;
    row["difference"] = v.difference;
    row["difference_low"] = v.difference_low;
    row["difference_high"] = v.difference_high;
    py::dict places;
    for (std::size_t p = 0; p < s.programmes.size() && p < v.allocation.places.size(); ++p) {
        places[py::str(s.programmes[p].name)] = v.allocation.places[p];
    }
    row["places"] = places;
    return row;
}

// carecast optimise: an objective with a budget, or a target (the least budget).
py::dict optimise(const model::ValidScenario& scenario, const std::string& goal_text, bool target,
                  double budget, int replicates, std::size_t candidates,
                  std::optional<int> threads) {
    auto parsed = model::parse_goal(goal_text, *scenario, target);
    if (const auto* error = std::get_if<std::string>(&parsed)) {
        throw py::value_error(*error);
    }
    batch::OptimiseJob job{
        scenario,
        std::get<model::Goal>(parsed),
        budget,
        replicates,
        candidates,
        threads.value_or(std::max(1, static_cast<int>(std::thread::hardware_concurrency()))),
        nullptr,
        {}};
    const batch::Decision decision = python::run_in_background<batch::Decision>(
        [&](const std::atomic<bool>& cancel, std::atomic<int>&) {
            job.stop = &cancel;
            return target ? batch::least_budget(job) : batch::best_use(job);
        },
        0, py::none());
    py::list rows;
    for (std::size_t i = 0; i < decision.verified.size(); ++i) {
        rows.append(verified_row(*scenario, decision.verified[i], i == decision.chosen));
    }
    py::dict out;
    out["budget"] = decision.budget;
    out["allocations"] = rows;
    out["twin_evaluations"] = decision.twin_evaluations;
    out["feasible"] = decision.feasible;
    out["best_reachable"] = decision.best_reachable;
    out["stopped"] = decision.stopped;
    return out;
}

} // namespace

PYBIND11_MODULE(_carecast, m) {
    m.doc() = "carecast's libraries for Python (use the carecast package, not this module)";

    py::class_<model::ValidScenario>(m, "Scenario")
        .def_property_readonly("name", [](const model::ValidScenario& s) { return s->name; })
        .def_property_readonly("source", [](const model::ValidScenario& s) { return s->source; })
        .def_property_readonly("start_year",
                               [](const model::ValidScenario& s) { return s->start_year; })
        .def_property_readonly("horizon_years",
                               [](const model::ValidScenario& s) { return s->horizon_months / 12; })
        .def_property_readonly("seed", [](const model::ValidScenario& s) { return s->seed; })
        .def_property_readonly(
            "roles", [](const model::ValidScenario& s) { return model::names_of(s->roles); })
        .def_property_readonly(
            "areas", [](const model::ValidScenario& s) { return model::names_of(s->areas); })
        .def_property_readonly(
            "programmes",
            [](const model::ValidScenario& s) { return model::names_of(s->programmes); })
        .def("_set", &set_from_python)
        .def("_with_seed", [](const model::ValidScenario& s,
                              std::uint64_t seed) { return model::with_seed(s, seed); })
        .def("get", &parameter)
        .def("_describe", &describe)
        .def("to_toml", [](const model::ValidScenario& s) { return model::to_toml(*s); })
        .def("__copy__", [](const model::ValidScenario& s) { return s; });

    py::class_<RunResults>(m, "RunResults")
        .def_property_readonly("scenario", [](const RunResults& r) { return r.scenario; })
        .def_property_readonly(
            "replicates", [](const RunResults& r) { return static_cast<int>(r.replicates.size()); })
        .def_property_readonly("first_replicate",
                               [](const RunResults& r) { return r.first_replicate; })
        .def_property_readonly("cancelled", [](const RunResults& r) { return r.cancelled; })
        .def("csv",
             [](const RunResults& r, int replicate) {
                 return py::bytes(batch::results_csv(*r.scenario, r.at(replicate)));
             })
        .def("summary", [](const RunResults& r,
                           int replicate) { return batch::summary(*r.scenario, r.at(replicate)); })
        .def("tidy", &tidy_columns);

    m.def("load", [](const std::string& path) { return load(path); });
    m.def("england", []() { return load(std::nullopt); });
    m.def("run", &run);
    m.def("twin", &twin);
    m.def("optimise", &optimise);
}
