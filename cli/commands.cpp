#include "commands.hpp"

#include <carecast/batch/analysis.hpp>
#include <carecast/batch/block_hash.hpp>
#include <carecast/batch/ensemble.hpp>
#include <carecast/batch/optimiser.hpp>
#include <carecast/batch/output.hpp>
#include <carecast/batch/output_folder.hpp>
#include <carecast/batch/scenario_file.hpp>
#include <carecast/batch/summary.hpp>
#include <carecast/batch/tidy.hpp>
#include <carecast/batch/uncertain_ensemble.hpp>

#include <carecast/model/calibration.hpp>
#include <carecast/model/demand.hpp>
#include <carecast/model/hash.hpp>
#include <carecast/model/scenario_edit.hpp>
#include <carecast/model/uncertainty.hpp>
#include <carecast/sim/simulation.hpp>

#include <fmt/format.h>
#include <tbb/info.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace carecast::cli {
namespace {

std::atomic<bool> g_cancel{false};

// Thrown when Ctrl-C or SIGTERM arrives while outputs are being written.
struct Cancelled {};

extern "C" void on_interrupt(int) {
    g_cancel.store(true);
}

void print_errors(const std::vector<model::ScenarioError>& errors) {
    for (const auto& error : errors) {
        fmt::print(stderr, "error: {}\n", error.to_string());
    }
    fmt::print(stderr, "{} error{} in the scenario; nothing was run or written.\n", errors.size(),
               errors.size() == 1 ? "" : "s");
}

class ProgressBar {
  public:
    explicit ProgressBar(bool enabled) : enabled_(enabled) {}
    void show(int month, int horizon) {
        if (!enabled_) {
            return;
        }
        constexpr int kWidth = 40;
        const int done = horizon > 0 ? month * kWidth / horizon : kWidth;
        fmt::print(stderr, "\r[{:#<{}}{:.<{}}] month {}/{}", "", done, "", kWidth - done, month,
                   horizon);
        if (month == horizon) {
            fmt::print(stderr, "\n");
        }
        std::fflush(stderr);
    }

  private:
    bool enabled_;
};

// What reading the scenario noted without refusing it (events after the horizon).
void print_notes(const model::Scenario& s, std::FILE* to) {
    for (const auto& note : s.notes) {
        fmt::print(to, "note: {}\n", note);
    }
}

} // namespace

namespace {

// Every key an edit may change in `s`, from the scenario schema.
void print_keys(const model::Scenario& s) {
    const auto parameters = model::describe_parameters(s);
    fmt::print("{} keys --set, a sweep or the window may change; an event or a path may change "
               "each during the run except those marked *:\n",
               parameters.size());
    for (const auto& p : parameters) {
        fmt::print("  {}{} = {}  (allowed: {})\n", p.during_run ? "" : "* ", p.key, p.value,
                   p.allowed);
    }
}

} // namespace

int validate_command(const std::string& path, bool list_keys) {
    const auto loaded = batch::load_scenario(path, batch::machine_limits());
    if (!loaded.ok()) {
        print_errors(loaded.errors);
        return kExitBadInput;
    }
    const model::Scenario& s = **loaded.scenario;
    print_notes(s, stdout);
    double posts = 0;
    for (const auto& role : s.roles) {
        posts += role.posts;
    }
    fmt::print("{}: OK: \"{}\", {} roles, {} areas, {} career edges, {} programmes, {:.0f} posts, "
               "{} months\n",
               path, s.name, s.roles.size(), s.areas.size(), s.edges.size(), s.programmes.size(),
               posts, s.horizon_months);
    const auto ranges = model::parameter_ranges(s);
    if (!ranges.empty()) {
        fmt::print("{} uncertain parameters (carecast sensitivity screens them):\n", ranges.size());
    }
    for (std::size_t i = 0; i < ranges.size(); ++i) {
        fmt::print("  {}: {}\n    source: {}\n", ranges[i].key,
                   model::describe(ranges[i], s.uncertainties[i].relative), ranges[i].source);
    }
    if (list_keys) {
        print_keys(s);
    }
    return kExitOk;
}

int analyse_command(const std::optional<std::string>& path, bool json, int years) {
    const auto loaded = batch::load_scenario(path, batch::machine_limits());
    if (!loaded.ok()) {
        print_errors(loaded.errors);
        return kExitBadInput;
    }
    const auto analysis = batch::analyse(**loaded.scenario, years);
    if (json) {
        fmt::print("{}\n", analysis.dump(2));
    } else {
        fmt::print("{}", batch::analysis_report(analysis));
    }
    return kExitOk;
}

// The scenario to run: loaded, with --set, --years and --seed through the one door;
// nothing (the errors printed) where something is refused.
std::optional<model::ValidScenario> scenario_to_run(const RunArgs& args) {
    const auto limits = batch::machine_limits();
    auto loaded = batch::load_scenario(args.scenario, limits);
    if (!loaded.ok()) {
        print_errors(loaded.errors);
        return std::nullopt;
    }
    model::ValidScenario valid = std::move(*loaded.scenario);
    auto parsed = model::parse_assignments(args.sets);
    if (const auto* why = std::get_if<std::string>(&parsed)) {
        fmt::print(stderr, "error: --set {}\n", *why);
        return std::nullopt;
    }
    auto edits = std::get<std::vector<model::Edit>>(std::move(parsed));
    if (args.years) {
        edits.push_back({"scenario.horizon_years", static_cast<double>(*args.years)});
    }
    // The door also checks the size limits (peak people) with the edits applied.
    if (const auto error = model::apply_edits(valid, edits, limits)) {
        fmt::print(stderr, "error: {}; nothing was run or written.\n", *error);
        return std::nullopt;
    }
    print_notes(*valid, stderr);
    if (args.seed) {
        const auto seed = model::parse_seed(*args.seed);
        if (!seed) {
            fmt::print(stderr,
                       "error: --seed {}: allowed: a whole number from 0 to {}; nothing was run "
                       "or written.\n",
                       *args.seed, INT64_MAX);
            return std::nullopt;
        }
        valid = model::with_seed(valid, *seed);
    }
    return valid;
}

namespace {

// Refuses, before anything runs, what would not fit on disk or in memory.
bool fits(const RunArgs& args, const model::Scenario& scenario, int replicates, int threads) {
    const auto size = batch::run_size(scenario, replicates, threads, args.keep_replicates);
    const auto free_bytes = batch::free_bytes_at(args.out);
    if (free_bytes && size.disk_bytes > *free_bytes) {
        fmt::print(stderr,
                   "error: the outputs would take about {:.1f} GB, but {} has {:.1f} GB free; "
                   "allowed: a shorter horizon, fewer replicates, no --keep-replicates, or an "
                   "--out with more space; nothing was run or written.\n",
                   size.disk_bytes / 1e9, args.out, *free_bytes / 1e9);
        return false;
    }
    if (size.memory_bytes > batch::memory_budget_bytes()) {
        fmt::print(stderr,
                   "error: {} replicates need about {:.1f} GB of memory, more than the budget of "
                   "{:.1f} GB; allowed: fewer --replicates or --threads, or set "
                   "CARECAST_MEMORY_GB to raise the budget; nothing was run or written.\n",
                   replicates, size.memory_bytes / 1e9, batch::memory_budget_bytes() / 1e9);
        return false;
    }
    return true;
}

// Runs the replicates on a worker thread while this one shows progress; an exception
// on the worker is carried here (never std::terminate). Nothing if it failed (said).
std::optional<std::vector<sim::Results>> run_with_progress(const model::ValidScenario& valid,
                                                           const batch::EnsembleOptions& options,
                                                           bool show_progress) {
    const int horizon = valid->horizon_months;
    ProgressBar progress(show_progress);
    std::vector<sim::Results> results;
    std::exception_ptr failure;
    // The worker says when it is done, so the outputs start at once, not at the
    // progress bar's next tick (up to 50 ms of every run otherwise).
    std::mutex finished_mutex;
    std::condition_variable finished_signal;
    bool finished = false;
    std::thread worker([&] {
        try {
            results = batch::run_replicates(valid, options);
        } catch (...) {
            failure = std::current_exception();
            g_cancel.store(true);
        }
        const std::lock_guard lock(finished_mutex);
        finished = true;
        finished_signal.notify_one();
    });
    const int months_total = horizon * options.replicates;
    int shown = -1;
    for (bool over = false; !over;) {
        {
            std::unique_lock lock(finished_mutex);
            over = finished_signal.wait_for(lock, std::chrono::milliseconds(50), [&] {
                return finished;
            }) || g_cancel.load();
        }
        const int done = options.months_done->load();
        if (done != shown) {
            progress.show(done * horizon / std::max(1, months_total), horizon);
            shown = done;
        }
    }
    worker.join();
    if (failure) {
        try {
            std::rethrow_exception(failure);
        } catch (const std::exception& e) {
            fmt::print(stderr, "\nerror: the run failed: {}; nothing was written.\n", e.what());
        }
        return std::nullopt;
    }
    return results;
}

// A finished run and how it was run, for its files and summary.
struct FinishedRun {
    const model::Scenario& scenario;
    const std::vector<sim::Results>& results;
    int first = 0;
    int replicates = 1;
    int threads = 1;
    double wall = 0;
    // With --uncertainty: the drawn sets (results set-major) and their scenarios.
    const std::vector<batch::ParameterSet>* parameter_sets = nullptr;
    const std::vector<model::ValidScenario>* set_scenarios = nullptr;
};

// Stages every file (written in full under a temporary name, hashed as its rows are
// worked out, never held whole), then the manifest naming each with its hash, then
// publishes them together. The files written, in order.
std::vector<std::string> write_run(const RunArgs& args, batch::OutputFolder& folder,
                                   const FinishedRun& run) {
    const std::filesystem::path out_dir(args.out);
    std::vector<std::string> written;
    std::vector<std::pair<std::string, std::uint64_t>> hashes;
    const auto stop_if_cancelled = [] {
        if (g_cancel.load()) {
            throw Cancelled(); // Ctrl-C while writing: the folder stays as it was
        }
    };
    using Sink = std::function<void(std::string_view)>;
    const auto publish = [&](const std::string& name, std::string_view header,
                             const std::function<void(const Sink&)>& rows) {
        stop_if_cancelled();
        auto file = std::make_unique<batch::AtomicFile>(out_dir / name);
        batch::BlockHash hash(model::fnv1a(header));
        file->write(header);
        rows([&](std::string_view text) {
            stop_if_cancelled();
            file->write(text);
            hash.add(text);
        });
        folder.stage(name, std::move(file));
        written.push_back(name);
        hashes.emplace_back(name, hash.finish());
    };
    if (run.replicates == 1) {
        publish("results.csv", batch::kResultsCsvHeader, [&](const Sink& sink) {
            batch::write_tidy_rows(run.scenario, run.results[0], {}, "", sink);
        });
    } else {
        const auto tables = batch::tidy_tables(run.scenario, run.results);
        publish("ensemble.csv", "statistic,month,area,role,metric,value\n",
                [&](const Sink& sink) { batch::write_statistics(tables, "", sink); });
        if (args.keep_replicates) {
            publish("replicates.csv", "replicate,month,area,role,metric,value\n",
                    [&](const Sink& sink) {
                        for (std::size_t r = 0; r < tables.size(); ++r) {
                            batch::write_rows(tables[r], std::to_string(run.first + r) + ",", sink);
                        }
                    });
        }
    }
    if (run.parameter_sets != nullptr) {
        publish("uncertainty.csv", "set,parameter,value\n", [&](const Sink& sink) {
            for (std::size_t i = 0; i < run.parameter_sets->size(); ++i) {
                for (const auto& edit : (*run.parameter_sets)[i].values) {
                    sink(fmt::format("{},{},{:.10g}\n", i, batch::csv_field(edit.key), edit.value));
                }
            }
        });
    }
    const sim::Results& first = run.results[0];
    batch::RunFacts facts{run.threads, run.wall,
                          static_cast<std::int64_t>(first.total(0, {}).filled),
                          first.total(first.completed_months, {}).filled};
    auto manifest = batch::manifest(run.scenario, first, facts, written.front());
    manifest["replicates"] = {{"first", run.first}, {"count", run.replicates}};
    manifest["outputs"] = written;
    manifest["overrides"] = args.sets;
    if (run.parameter_sets != nullptr) {
        manifest["uncertainty"] = {
            {"parameter_sets", run.parameter_sets->size()},
            {"replicates_per_set", run.replicates},
            {"design", "Sobol' points through each declared range's distribution; every set "
                       "runs replicates 0..R-1 (common random numbers); ensemble.csv and "
                       "replicates.csv hold every set's replicates, set-major"}};
    }
    for (const auto& [name, hash] : hashes) {
        manifest["file_hashes"][name] = fmt::format("fnv1a64:{:016x}", hash);
    }
    stop_if_cancelled();
    folder.stage("manifest.json", manifest.dump(2) + "\n");
    return written;
}

// How much of the spread in the last year is the assumptions' and how much chance's.
void print_spread(const FinishedRun& run) {
    const model::Scenario& s = run.scenario;
    const int year = s.horizon_months / 12;
    if (year < 1 || run.set_scenarios == nullptr) {
        return;
    }
    fmt::print("Across {} parameter sets drawn from the declared ranges, {} replicates each, "
               "in {} (the mean of its months):\n",
               run.parameter_sets->size(), run.replicates, s.start_year + year - 1);
    fmt::print("  {:<34} {:>7} {:>17} {:>19} {:>12}\n", "vacancy rate", "mean", "P5-P95, all",
               "P5-P95, chance", "assumptions");
    for (const char* subject : {"all", "care worker", "registered manager"}) {
        auto parsed = model::parse_goal(fmt::format("min vacancy_rate, {}, year {}", subject, year),
                                        s, false);
        const auto* goal = std::get_if<model::Goal>(&parsed);
        if (goal == nullptr) {
            continue; // a scenario without the role
        }
        std::vector<double> values;
        for (std::size_t i = 0; i < run.results.size(); ++i) {
            const auto set = i / static_cast<std::size_t>(run.replicates);
            values.push_back(batch::measure(*goal, *(*run.set_scenarios)[set], run.results[i]));
        }
        const auto spread = batch::spread_sources(values, run.replicates);
        fmt::print("  {:<34} {:>6.1f}% {:>7.1f}%-{:>5.1f}%   {:>7.2f}%-{:>5.2f}% {:>11.0f}%\n",
                   subject, 100 * spread.mean, 100 * spread.p5, 100 * spread.p95,
                   100 * spread.chance_p5, 100 * spread.chance_p95,
                   100 * spread.assumptions_share());
    }
    fmt::print("  (\"assumptions\": their share of the variance; the rest is chance, replicate "
               "to replicate. Chance's band is the first set's replicates.)\n\n");
}

void print_run(const RunArgs& args, const FinishedRun& run,
               const std::vector<std::string>& written) {
    const std::filesystem::path out_dir(args.out);
    const model::Scenario& scenario = run.scenario;
    fmt::print("carecast {}: \"{}\", {} months from {}, seed {}, {} replicate{} from {}, {} "
               "thread{}, {:.2f} s\n\n",
               CARECAST_VERSION, scenario.name, scenario.horizon_months, scenario.start_year,
               scenario.seed, run.replicates, run.replicates == 1 ? "" : "s", run.first,
               run.threads, run.threads == 1 ? "" : "s", run.wall);
    if (run.parameter_sets != nullptr) {
        print_spread(run);
        fmt::print("Parameter set 0 (uncertainty.csv has its values), replicate {} below; {} has "
                   "the mean, P5, P50 and P95 of every metric over every set and replicate.\n\n",
                   run.first, (out_dir / "ensemble.csv").string());
    } else if (run.replicates > 1) {
        fmt::print("Replicate {} below; {} has the mean, P5, P50 and P95 of every metric.\n\n",
                   run.first, (out_dir / "ensemble.csv").string());
    }
    fmt::print("{}\n", batch::summary(scenario, run.results[0]));
    if (args.by == "area") {
        fmt::print("By area:\n{}\n", batch::area_summary(scenario, run.results[0]));
    }
    for (const auto& file : written) {
        fmt::print("Wrote {}\n", (out_dir / file).string());
    }
    fmt::print("Wrote {}\n", (out_dir / "manifest.json").string());
}

} // namespace

namespace {

// The parameter sets --uncertainty draws, or none; false (said) where refused.
bool draw_sets(const RunArgs& args, const model::Scenario& scenario,
               std::vector<batch::ParameterSet>& sets) {
    if (args.uncertainty <= 0) {
        return true;
    }
    try {
        sets = batch::draw_parameter_sets(scenario, args.uncertainty);
    } catch (const std::invalid_argument& e) {
        fmt::print(stderr, "error: --uncertainty: {}; nothing was run or written.\n", e.what());
        return false;
    }
    return true;
}

// Every set's replicates, set-major, with the sets' scenarios; nothing (said) on failure.
std::optional<std::vector<sim::Results>> run_sets(const model::ValidScenario& base,
                                                  const std::vector<batch::ParameterSet>& sets,
                                                  const batch::EnsembleOptions& options,
                                                  bool show_progress,
                                                  std::vector<model::ValidScenario>& scenarios) {
    std::vector<sim::Results> all;
    for (const auto& set : sets) {
        try {
            scenarios.push_back(batch::with_parameters(base, set));
        } catch (const std::exception& e) {
            fmt::print(stderr, "error: {}; nothing was written.\n", e.what());
            return std::nullopt;
        }
        options.months_done->store(0);
        auto results = run_with_progress(scenarios.back(), options, show_progress);
        if (!results || results->empty()) {
            return results;
        }
        std::move(results->begin(), results->end(), std::back_inserter(all));
    }
    return all;
}

} // namespace

int run_command(const RunArgs& args) {
    const auto valid = scenario_to_run(args);
    if (!valid) {
        return kExitBadInput;
    }
    const model::Scenario& scenario = **valid;
    const int threads = args.threads > 0 ? args.threads : tbb::info::default_concurrency();
    std::vector<batch::ParameterSet> sets;
    if (!draw_sets(args, scenario, sets)) {
        return kExitBadInput;
    }
    // Chance and the assumptions are told apart only with two replicates or more a set.
    const int replicates = args.replicate ? 1
                           : sets.empty() ? args.replicates
                                          : std::max(2, args.replicates);
    const int first = args.replicate.value_or(0);
    const int members = replicates * static_cast<int>(std::max<std::size_t>(1, sets.size()));
    if (!fits(args, scenario, members, threads)) {
        return kExitBadInput;
    }
    // The folder is checked and held before anything runs.
    std::unique_ptr<batch::OutputFolder> folder;
    try {
        folder = std::make_unique<batch::OutputFolder>(args.out, batch::FolderUse::Run);
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}; nothing was run or written.\n", e.what());
        return kExitBadInput;
    }
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    std::atomic<int> months_done{0};
    const auto started = std::chrono::steady_clock::now();
    const batch::EnsembleOptions options{first, replicates, threads, &g_cancel, &months_done};
    const bool show_progress = !args.quiet && isatty(STDERR_FILENO) != 0;
    std::vector<model::ValidScenario> set_scenarios;
    const auto results = sets.empty()
                             ? run_with_progress(*valid, options, show_progress)
                             : run_sets(*valid, sets, options, show_progress, set_scenarios);
    if (!results) {
        return kExitFailure;
    }
    if (g_cancel.load() || results->empty()) {
        fmt::print(stderr, "\ncancelled; nothing was written.\n");
        return kExitCancelled;
    }
    FinishedRun run{
        scenario,
        *results,
        first,
        replicates,
        threads,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()};
    if (!sets.empty()) {
        run.parameter_sets = &sets;
        run.set_scenarios = &set_scenarios;
    }
    std::vector<std::string> written;
    bool publishing = false;
    try {
        written = write_run(args, *folder, run);
        publishing = true;
        folder->publish({"results.csv", "ensemble.csv", "replicates.csv", "uncertainty.csv"});
    } catch (const Cancelled&) {
        fmt::print(stderr, "\ncancelled while writing; nothing in {} was changed.\n", args.out);
        return kExitCancelled;
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}; {}\n", e.what(),
                   publishing ? args.out + " has no manifest: unfinished."
                              : "nothing in " + args.out + " was changed.");
        return kExitFailure;
    }
    if (!args.quiet) {
        print_run(args, run, written);
    }
    return kExitOk;
}

int calibrate_command(const std::optional<std::string>& path) {
    const auto loaded = batch::load_scenario(path, batch::machine_limits());
    if (!loaded.ok()) {
        print_errors(loaded.errors);
        return kExitBadInput;
    }
    const model::Scenario& s = **loaded.scenario;
    const auto calibration = model::calibrate_matching(s);
    fmt::print("Matching efficiencies at which the twin holds each role's month-0 vacancy rate "
               "over the first\nyear (the mean of months 1-12; roles fitted top-down, then the "
               "areas, twice):\n");
    fmt::print("  {:<36} {:>9} {:>9} {:>9} {:>9}\n", "role", "now", "fitted", "target", "reached");
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        const auto& fit = calibration.roles[r];
        fmt::print("  {:<36} {:>9.4f} {:>9.4f} {:>8.2f}% {:>8.2f}%{}\n", s.roles[r].name,
                   s.roles[r].matching_efficiency, fit.matching_efficiency, fit.target * 100,
                   fit.achieved * 100,
                   fit.supply_limited
                       ? fmt::format("  supply-limited: supply_domestic {:.4g} -> {:.4g}",
                                     s.roles[r].supply_domestic, fit.supply_domestic)
                   : fit.no_vacancies ? std::string("  (no vacancies at month 0: nothing to fit)")
                                      : std::string());
    }
    if (!calibration.areas.empty()) {
        fmt::print("Areas whose figures differ from England's: their multiplier on every role's "
                   "matching efficiency\n");
        fmt::print("  {:<36} {:>9} {:>9} {:>9}\n", "area", "fitted", "target", "reached");
        for (const auto& fit : calibration.areas) {
            fmt::print("  area {:<31} {:>9.4f} {:>8.2f}% {:>8.2f}%\n", fit.area, fit.multiplier,
                       fit.target * 100, fit.achieved * 100);
        }
    }
    return kExitOk;
}

} // namespace carecast::cli
