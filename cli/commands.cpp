#include "commands.hpp"

#include <carecast/batch/analysis.hpp>
#include <carecast/batch/block_hash.hpp>
#include <carecast/batch/ensemble.hpp>
#include <carecast/batch/output.hpp>
#include <carecast/batch/output_folder.hpp>
#include <carecast/batch/scenario_file.hpp>
#include <carecast/batch/summary.hpp>
#include <carecast/batch/tidy.hpp>

#include <carecast/model/calibration.hpp>
#include <carecast/model/demand.hpp>
#include <carecast/model/hash.hpp>
#include <carecast/model/scenario_edit.hpp>
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

int validate_command(const std::string& path) {
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

int run_command(const RunArgs& args) {
    const auto limits = batch::machine_limits();
    auto loaded = batch::load_scenario(args.scenario, limits);
    if (!loaded.ok()) {
        print_errors(loaded.errors);
        return kExitBadInput;
    }
    model::ValidScenario valid = std::move(*loaded.scenario);
    // Every change goes through the one door: --set, --years and --seed alike.
    std::vector<model::Edit> edits;
    for (const auto& assignment : args.sets) {
        const auto parsed = model::parse_assignment(assignment);
        if (!parsed) {
            fmt::print(stderr, "error: --set {}: expected key=value with a number\n", assignment);
            return kExitBadInput;
        }
        edits.push_back(*parsed);
    }
    if (args.years) {
        edits.push_back({"scenario.horizon_years", static_cast<double>(*args.years)});
    }
    // The door also checks the size limits (peak people) with the edits applied.
    if (const auto error = model::apply_edits(valid, edits, limits)) {
        fmt::print(stderr, "error: {}; nothing was run or written.\n", *error);
        return kExitBadInput;
    }
    print_notes(*valid, stderr);
    if (args.seed) {
        const auto seed = model::parse_seed(*args.seed);
        if (!seed) {
            fmt::print(stderr,
                       "error: --seed {}: allowed: a whole number from 0 to {}; nothing was run "
                       "or written.\n",
                       *args.seed, INT64_MAX);
            return kExitBadInput;
        }
        valid = model::with_seed(valid, *seed);
    }
    const model::Scenario& scenario = *valid;
    const int threads = args.threads > 0 ? args.threads : tbb::info::default_concurrency();
    const int replicates = args.replicate ? 1 : args.replicates;
    const int first = args.replicate.value_or(0);
    // Replicates in flight hold their people; every replicate keeps its results and its
    // tidy table (a key and a value per row). The CSV text is written as it is made, a
    // few blocks at a time: it needs disk, not memory.
    const double rows =
        (scenario.horizon_months + 1.0) * (scenario.areas.size() + 1.0) *
        (scenario.roles.size() + scenario.programmes.size() + model::kRoleGroups + 2.0) *
        static_cast<double>(batch::metrics_per_role_row());
    constexpr double kTableBytesPerRow = 40; // results cell share, key and value
    constexpr double kCsvBytesPerRow = 64;   // "month,area,role,metric,value\n", longest names
    const double csv_rows =
        replicates == 1 ? rows : rows * (4 + (args.keep_replicates ? replicates : 0));
    const double memory_needed = std::min(replicates, threads) * model::peak_people(scenario) * 2 *
                                     static_cast<double>(sim::bytes_per_agent()) +
                                 replicates * rows * kTableBytesPerRow;
    // Staged files sit beside the ones they replace until published.
    const double disk_needed = csv_rows * kCsvBytesPerRow;
    const auto free_bytes = batch::free_bytes_at(args.out);
    if (free_bytes && disk_needed > *free_bytes) {
        fmt::print(stderr,
                   "error: the outputs would take about {:.1f} GB, but {} has {:.1f} GB free; "
                   "allowed: a shorter horizon, fewer replicates, no --keep-replicates, or an "
                   "--out with more space; nothing was run or written.\n",
                   disk_needed / 1e9, args.out, *free_bytes / 1e9);
        return kExitBadInput;
    }
    if (memory_needed > batch::memory_budget_bytes()) {
        fmt::print(stderr,
                   "error: {} replicates need about {:.1f} GB of memory, more than the budget of "
                   "{:.1f} GB; allowed: fewer --replicates or --threads, or set "
                   "CARECAST_MEMORY_GB to raise the budget; nothing was run or written.\n",
                   replicates, memory_needed / 1e9, batch::memory_budget_bytes() / 1e9);
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
    ProgressBar progress(!args.quiet && isatty(STDERR_FILENO) != 0);
    std::atomic<int> months_done{0};
    const int months_total = scenario.horizon_months * replicates;
    const auto started = std::chrono::steady_clock::now();
    batch::EnsembleOptions options{first, replicates, threads, &g_cancel, &months_done};
    std::vector<sim::Results> results;
    // An exception must not leave the worker thread (std::terminate): carried out here.
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
    int shown = -1;
    for (bool over = false; !over;) {
        {
            std::unique_lock lock(finished_mutex);
            over = finished_signal.wait_for(lock, std::chrono::milliseconds(50), [&] {
                return finished;
            }) || g_cancel.load();
        }
        const int done = months_done.load();
        if (done != shown) {
            progress.show(done * scenario.horizon_months / std::max(1, months_total),
                          scenario.horizon_months);
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
        return kExitFailure;
    }
    if (g_cancel.load() || results.empty()) {
        fmt::print(stderr, "\ncancelled; nothing was written.\n");
        return kExitCancelled;
    }
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    const std::filesystem::path out_dir(args.out);
    std::vector<std::string> written;
    bool publishing = false;
    try {
        // Every file is staged (written in full under a temporary name) before any is
        // published; the manifest, last, names each file with its hash.
        std::vector<std::pair<std::string, std::uint64_t>> hashes;
        const auto stop_if_cancelled = [] {
            if (g_cancel.load()) {
                throw Cancelled(); // Ctrl-C while writing: the folder stays as it was
            }
        };
        // Each file is written and hashed as its rows are worked out (England's
        // results.csv is 24 MB), never held whole.
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
            folder->stage(name, std::move(file));
            written.push_back(name);
            hashes.emplace_back(name, hash.finish());
        };
        if (replicates == 1) {
            publish("results.csv", batch::kResultsCsvHeader, [&](const Sink& sink) {
                batch::write_tidy_rows(scenario, results[0], {}, "", sink);
            });
        } else {
            const auto tables = batch::tidy_tables(scenario, results);
            publish("ensemble.csv", "statistic,month,area,role,metric,value\n",
                    [&](const Sink& sink) { batch::write_statistics(tables, "", sink); });
            if (args.keep_replicates) {
                publish("replicates.csv", "replicate,month,area,role,metric,value\n",
                        [&](const Sink& sink) {
                            for (std::size_t r = 0; r < tables.size(); ++r) {
                                batch::write_rows(tables[r], std::to_string(first + r) + ",", sink);
                            }
                        });
            }
        }
        batch::RunFacts facts{threads, wall,
                              static_cast<std::int64_t>(results[0].total(0, {}).filled),
                              results[0].total(results[0].completed_months, {}).filled};
        auto manifest = batch::manifest(scenario, results[0], facts, written.front());
        manifest["replicates"] = {{"first", first}, {"count", replicates}};
        manifest["outputs"] = written;
        manifest["overrides"] = args.sets;
        for (const auto& [name, hash] : hashes) {
            manifest["file_hashes"][name] = fmt::format("fnv1a64:{:016x}", hash);
        }
        stop_if_cancelled();
        folder->stage("manifest.json", manifest.dump(2) + "\n");
        publishing = true;
        folder->publish({"results.csv", "ensemble.csv", "replicates.csv"});
    } catch (const Cancelled&) {
        fmt::print(stderr, "\ncancelled while writing; nothing in {} was changed.\n",
                   out_dir.string());
        return kExitCancelled;
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}; {}\n", e.what(),
                   publishing ? out_dir.string() + " has no manifest: unfinished."
                              : "nothing in " + out_dir.string() + " was changed.");
        return kExitFailure;
    }
    if (!args.quiet) {
        fmt::print("carecast {}: \"{}\", {} months from {}, seed {}, {} replicate{} from {}, {} "
                   "thread{}, {:.2f} s\n\n",
                   CARECAST_VERSION, scenario.name, scenario.horizon_months, scenario.start_year,
                   scenario.seed, replicates, replicates == 1 ? "" : "s", first, threads,
                   threads == 1 ? "" : "s", wall);
        if (replicates > 1) {
            fmt::print("Replicate {} below; {} has the mean, P5, P50 and P95 of every metric.\n\n",
                       first, (out_dir / "ensemble.csv").string());
        }
        fmt::print("{}\n", batch::summary(scenario, results[0]));
        if (args.by == "area") {
            fmt::print("By area:\n{}\n", batch::area_summary(scenario, results[0]));
        }
        for (const auto& file : written) {
            fmt::print("Wrote {}\n", (out_dir / file).string());
        }
        fmt::print("Wrote {}\n", (out_dir / "manifest.json").string());
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
