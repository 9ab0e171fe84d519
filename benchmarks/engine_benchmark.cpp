// Engine throughput on the England baseline (and the twin's projection time):
// agent-steps per second at 1 and 2
// threads (others with --benchmark_filter), bytes of agent
// state per person, and the process's peak memory.
// Run: build/benchmarks/carecast_bench   (prints threads,ms too)
#include <carecast/batch/output.hpp>
#include <carecast/batch/scenario_file.hpp>
#include <carecast/batch/sensitivity.hpp>
#include <carecast/batch/thread_allowance.hpp>

#include <carecast/model/markov_twin.hpp>
#include <carecast/sim/simulation.hpp>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <sys/resource.h>

using namespace carecast;

namespace {

const model::ValidScenario& england() {
    static const model::ValidScenario scenario = [] {
        auto loaded = batch::load_scenario(std::nullopt, {});
        if (!loaded.ok()) {
            std::abort();
        }
        return *loaded.scenario;
    }();
    return scenario;
}

double peak_memory_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0; // ru_maxrss is in KiB on Linux
}

// One iteration = the whole 10-year monthly run, population set-up included.
void BM_EnglandTenYears(benchmark::State& state) {
    const int threads = static_cast<int>(state.range(0));
    const batch::ThreadAllowance allow(threads); // past the core count too
    const model::ValidScenario& s = england();
    double agent_steps = 0;
    for (auto _ : state) {
        const auto started = std::chrono::steady_clock::now();
        sim::Simulation simulation(s, {threads, 0});
        while (!simulation.finished()) {
            agent_steps += static_cast<double>(simulation.agents());
            simulation.step();
        }
        benchmark::DoNotOptimize(simulation.results().completed_months);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                .count();
        // Where the time went, and the share of the months spent on one thread (the
        // serial share that caps scaling, by Amdahl's law).
        const sim::PhaseTimes& t = simulation.phase_times();
        const auto output_started = std::chrono::steady_clock::now();
        const std::string csv = batch::results_csv(*s, simulation.results());
        const double output_ms = std::chrono::duration<double, std::milli>(
                                     std::chrono::steady_clock::now() - output_started)
                                     .count();
        fmt::print(stderr,
                   "threads {}: run {:.0f} ms = initialise {:.0f} + scan {:.0f} + departures "
                   "{:.0f} + enrolment {:.0f} + filling {:.0f} + recording {:.0f}; serial share "
                   "of the months {:.0f}%; CSV output {:.0f} ms ({:.0f} MB)\n",
                   threads, ms, t.initialise * 1e3, t.scan * 1e3, t.departures * 1e3,
                   t.enrolment * 1e3, t.filling * 1e3, t.recording * 1e3,
                   100 * t.serial / std::max(1e-9, t.total() - t.initialise), output_ms,
                   static_cast<double>(csv.size()) / 1e6);
    }
    state.counters["agent_steps_per_s"] =
        benchmark::Counter(agent_steps, benchmark::Counter::kIsRate);
    state.counters["bytes_per_agent"] = static_cast<double>(sim::bytes_per_agent());
    state.counters["peak_memory_MB"] = peak_memory_mb();
}

// The Markov twin's 10-year monthly projection of the England baseline: the GUI
// redraws it as sliders move, so it should take well under a millisecond.
void BM_TwinTenYears(benchmark::State& state) {
    const model::MarkovTwin twin(*england());
    for (auto _ : state) {
        auto path = twin.project(120);
        benchmark::DoNotOptimize(path.back().filled.data());
    }
}

// A sensitivity analysis of England (batch::run_sensitivity on the twin, one output, no
// agent check) at a small N; prints its time per twin run (a design point: the edits
// through the one door, then the twin's projection) and what a 12-input Sobol'
// analysis at N = 512 (7,168 runs, screening and swings besides) would take.
void BM_SensitivityEngland(benchmark::State& state) {
    const int threads = static_cast<int>(state.range(0));
    const batch::ThreadAllowance allow(threads);
    batch::SensitivityJob job(england());
    job.outputs.push_back(std::get<model::Goal>(
        batch::parse_output("vacancy_rate, registered manager, year 6", *england())));
    job.samples = 32;
    job.trajectories = 4;
    job.verify_inputs = 0;
    job.threads = threads;
    int runs = 0;
    const auto started = std::chrono::steady_clock::now();
    for (auto _ : state) {
        const auto result = batch::run_sensitivity(job);
        runs += result.twin_runs;
        benchmark::DoNotOptimize(result.sobol.data());
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const double per_run = seconds / std::max(1, runs);
    state.counters["twin_runs"] = runs;
    state.counters["ms_per_run"] = 1000 * per_run;
    const double full = 512.0 * (12 + 2) + 10 * 19 + 2 * 18;
    state.counters["sobol_12x512_s"] = full * per_run;
    fmt::print("sensitivity, threads {}: {:.1f} ms of wall time a twin run, so "
               "12 inputs at N = 512 ({:.0f} runs) take about {:.0f} s\n",
               threads, 1000 * per_run, full, full * per_run);
}

} // namespace

BENCHMARK(BM_SensitivityEngland)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->Iterations(1);

BENCHMARK(BM_TwinTenYears)->Unit(benchmark::kMicrosecond);

BENCHMARK(BM_EnglandTenYears)
    ->Arg(1)
    ->Arg(2)
    ->Arg(4)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

BENCHMARK_MAIN();
