#include "commands.hpp"

#include "analysis.hpp"
#include "output.hpp"
#include "scenario_file.hpp"
#include "summary.hpp"

#include <carecast/model/demand.hpp>
#include <carecast/sim/simulation.hpp>

#include <fmt/format.h>
#include <tbb/info.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <unistd.h>

namespace carecast::cli {
namespace {

std::atomic<bool> g_cancel{false};

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

} // namespace

int validate_command(const std::string& path) {
    const auto loaded = io::load_scenario(path, io::machine_limits());
    if (!loaded.ok()) {
        print_errors(loaded.errors);
        return kExitBadInput;
    }
    const auto& s = *loaded.scenario;
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

int analyse_command(const std::optional<std::string>& path, bool json) {
    const auto loaded = io::load_scenario(path, io::machine_limits());
    if (!loaded.ok()) {
        print_errors(loaded.errors);
        return kExitBadInput;
    }
    const auto analysis = io::analyse(*loaded.scenario);
    if (json) {
        fmt::print("{}\n", analysis.dump(2));
    } else {
        fmt::print("{}", io::analysis_report(analysis));
    }
    return kExitOk;
}

int run_command(const RunArgs& args) {
    const auto limits = io::machine_limits();
    auto loaded = io::load_scenario(args.scenario, limits);
    if (!loaded.ok()) {
        print_errors(loaded.errors);
        return kExitBadInput;
    }
    model::Scenario scenario = std::move(*loaded.scenario);
    if (args.years) {
        scenario.horizon_months = *args.years * 12;
    }
    if (args.seed) {
        scenario.seed = static_cast<std::uint64_t>(*args.seed);
    }
    if (const double peak = model::peak_posts(scenario);
        peak > static_cast<double>(limits.max_agents)) {
        fmt::print(stderr,
                   "error: over {} years the scenario reaches {:.0f} posts, more than the limit "
                   "of {} agents ({}); nothing was run or written.\n",
                   scenario.horizon_months / 12, peak, limits.max_agents, limits.max_agents_reason);
        return kExitBadInput;
    }
    const int threads = args.threads > 0 ? args.threads : tbb::info::default_concurrency();

    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    ProgressBar progress(!args.quiet && isatty(STDERR_FILENO) != 0);
    sim::RunCallbacks callbacks;
    callbacks.on_month = [&](int month, int horizon) { progress.show(month, horizon); };
    callbacks.cancel = &g_cancel;

    const auto started = std::chrono::steady_clock::now();
    sim::RunConfig config;
    config.threads = threads;
    sim::Simulation simulation(scenario, config);
    const std::int64_t agents_start = simulation.agents();
    while (!simulation.finished() && !g_cancel.load()) {
        simulation.step();
        callbacks.on_month(simulation.month(), scenario.horizon_months);
    }
    if (g_cancel.load()) {
        fmt::print(stderr, "\ncancelled at month {}; nothing was written.\n", simulation.month());
        return kExitCancelled;
    }
    const std::int64_t agents_end = simulation.agents();
    const sim::Results results = simulation.take_results();
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    const std::filesystem::path out_dir(args.out);
    const std::filesystem::path csv_path = out_dir / "results.csv";
    const std::filesystem::path manifest_path = out_dir / "manifest.json";
    try {
        std::filesystem::create_directories(out_dir);
        const std::string csv = io::results_csv(scenario, results);
        io::write_atomically(csv_path, csv);
        io::RunFacts facts{threads, wall, agents_start, agents_end};
        io::write_atomically(manifest_path,
                             io::manifest(scenario, results, facts, "results.csv").dump(2) + "\n");
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return kExitFailure;
    }
    if (!args.quiet) {
        fmt::print("carecast {}: \"{}\", {} months from {}, seed {}, {} thread{}, {:.2f} s, "
                   "{} -> {} people\n\n",
                   CARECAST_VERSION, scenario.name, scenario.horizon_months, scenario.start_year,
                   scenario.seed, threads, threads == 1 ? "" : "s", wall, agents_start, agents_end);
        fmt::print("{}\n", io::summary(scenario, results));
        fmt::print("Wrote {} and {}\n", csv_path.string(), manifest_path.string());
    }
    return kExitOk;
}

} // namespace carecast::cli
