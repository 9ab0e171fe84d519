// The optimiser's council example at 1 and 2 threads and England's at 2 (seconds), then scaling at
// 1, 2, 4, 8 and 16 threads: one England run with every thread inside it (seconds per run), and
// ensembles: council-scenario runs per second and England replicates per minute (replicates in
// parallel, one thread each). Run: build/benchmarks/carecast_scaling [--benchmark_filter=...] Set
// CARECAST_SCENARIOS to the scenarios/ folder when running outside the build tree.
#include <carecast/batch/ensemble.hpp>
#include <carecast/batch/scenario_file.hpp>
#include <carecast/batch/thread_allowance.hpp>

#include <carecast/batch/optimiser.hpp>
#include <carecast/sim/simulation.hpp>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <string>

using namespace carecast;

namespace {

model::ValidScenario load(const char* name) {
    const char* folder = std::getenv("CARECAST_SCENARIOS");
    const std::string path =
        std::string(folder != nullptr ? folder : CARECAST_SOURCE_DIR "/scenarios") + "/" + name;
    auto loaded = batch::load_scenario(
        name == std::string("england") ? std::nullopt : std::optional(path), {});
    if (!loaded.ok()) {
        fmt::print(stderr, "cannot load {}\n", path);
        std::abort();
    }
    return *loaded.scenario;
}

void runs(benchmark::State& state, const model::ValidScenario& scenario, int per_thread, double per,
          const char* counter) {
    const int threads = static_cast<int>(state.range(0));
    const batch::ThreadAllowance allow(threads); // past the core count too
    const int replicates = threads * per_thread;
    double done = 0;
    double seconds = 0;
    for (auto _ : state) {
        const auto started = std::chrono::steady_clock::now();
        batch::EnsembleOptions options;
        options.replicates = replicates;
        options.threads = threads;
        const auto results = batch::run_replicates(scenario, options);
        benchmark::DoNotOptimize(results.size());
        seconds +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        done += replicates;
    }
    // A plain number (runs a second, or replicates a minute), not Benchmark's "/s" rate.
    state.counters[counter] = done / seconds * per;
}

void BM_CouncilRuns(benchmark::State& state) {
    static const model::ValidScenario council = load("council-example.toml");
    runs(state, council, 8, 1.0, "runs_per_s");
}

void BM_EnglandReplicates(benchmark::State& state) {
    static const model::ValidScenario england = load("england");
    runs(state, england, 1, 60.0, "replicates_per_min");
}

// One England run (10 years) with all its threads inside: the parallel month's scaling.
void BM_EnglandOneRun(benchmark::State& state) {
    static const model::ValidScenario england = load("england");
    const int threads = static_cast<int>(state.range(0));
    const batch::ThreadAllowance allow(threads); // past the core count too
    double seconds = 0;
    double runs = 0;
    for (auto _ : state) {
        const auto started = std::chrono::steady_clock::now();
        const auto results = sim::run(england, {threads, 0});
        benchmark::DoNotOptimize(results.completed_months);
        seconds +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        runs += 1;
    }
    state.counters["seconds_per_run"] = seconds / runs;
}

// carecast optimise's best use of a budget (min registered-manager vacancy rate, years
// 3-5): the twin's search and 10-replicate verifying ensembles.
void best_use(benchmark::State& state, const model::ValidScenario& scenario, double budget) {
    auto goal =
        model::parse_goal("min vacancy_rate, registered manager, years 3-5", *scenario, false);
    const int threads = static_cast<int>(state.range(0));
    const batch::ThreadAllowance allow(threads); // past the core count too
    for (auto _ : state) {
        const batch::OptimiseJob job{
            scenario, std::get<model::Goal>(goal), budget, 10, 3, threads, nullptr, {}};
        const auto decision = batch::best_use(job);
        benchmark::DoNotOptimize(decision.chosen);
        state.counters["twin_evaluations"] = decision.twin_evaluations;
    }
}

// GBP 1m on the council example.
void BM_OptimiseCouncil(benchmark::State& state) {
    static const model::ValidScenario council = load("council-example.toml");
    best_use(state, council, 1'000'000);
}

// GBP 10m for England (the optimiser issue's 60 s target on 2 cores).
void BM_OptimiseEngland(benchmark::State& state) {
    static const model::ValidScenario england = load("england");
    best_use(state, england, 10'000'000);
}

} // namespace

BENCHMARK(BM_OptimiseCouncil)
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Iterations(1)
    ->Unit(benchmark::kSecond);
BENCHMARK(BM_OptimiseEngland)->Arg(2)->UseRealTime()->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK(BM_EnglandOneRun)
    ->RangeMultiplier(2)
    ->Range(1, 16)
    ->UseRealTime()
    ->Iterations(2)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CouncilRuns)
    ->RangeMultiplier(2)
    ->Range(1, 16)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EnglandReplicates)
    ->RangeMultiplier(2)
    ->Range(1, 16)
    ->UseRealTime()
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
