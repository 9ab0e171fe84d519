// Several replicates of one scenario, run in parallel: replicate r draws from the
// stream keyed by (seed, r), so any replicate re-run alone gives the same numbers.
#pragma once

#include <carecast/model/scenario.hpp>
#include <carecast/sim/results.hpp>
#include <carecast/sim/simulation.hpp>

#include <atomic>
#include <functional>
#include <vector>

namespace carecast::batch {

struct EnsembleOptions {
    int first_replicate = 0;
    int replicates = 1;
    int threads = 1; // shared between replicates (outside) and within each run
    const std::atomic<bool>* cancel = nullptr;
    std::atomic<int>* months_done = nullptr; // progress, summed over replicates
    int last_month = -1;                     // < 0: the whole horizon; else stop there
};

// Results in replicate order; empty if cancelled.
std::vector<sim::Results> run_replicates(const model::ValidScenario& scenario,
                                         const EnsembleOptions& options);

// Replicates 0..R-1 (options.first_replicate on) of each scenario, where the scenarios
// differ only in how the training budget is spent (funded places, the budget): the
// same people at month 0, so each replicate's are set up once and every scenario's run
// starts from them (sim::MonthZero), with results identical to run_replicates' for
// each. Each run's results go to take(scenario, replicate, results) as it ends, from
// the threads running them (each pair once), so a caller keeps only what it reads of
// them. False if cancelled.
using TakeResults = std::function<void(std::size_t scenario, int replicate, sim::Results&&)>;
bool run_allocations(const std::vector<const model::ValidScenario*>& scenarios,
                     const EnsembleOptions& options, const TakeResults& take);

// The mean of paired differences, other - base replicate by replicate (the same random
// draws on both sides), and its 95% interval (Student's t); for one pair the interval is
// the mean itself. `base` and `other` have the same length, at least one.
struct PairedDifference {
    double mean = 0;
    double low = 0;
    double high = 0;
    bool clear() const { return low > 0 || high < 0; } // the interval is clear of zero
};
PairedDifference paired_difference(const std::vector<double>& base,
                                   const std::vector<double>& other);

// What one results row costs: in a tidy table in memory (the cell's share, key and
// value) and as a CSV line on disk ("month,area,role,metric,value", the longest names).
// The run's and the sweep's size checks both count with these.
inline constexpr double kTableBytesPerRow = 40;
inline constexpr double kCsvBytesPerRow = 64;

// What a run of replicates needs: memory for the replicates in flight (their people)
// and every replicate's results and tidy table, and disk for the CSV files it writes
// (results.csv, or ensemble.csv and, kept, replicates.csv). Staged files sit beside the
// ones they replace until published.
struct RunSize {
    double memory_bytes = 0;
    double disk_bytes = 0;
};
RunSize run_size(const model::Scenario& scenario, int replicates, int threads,
                 bool keep_replicates);

} // namespace carecast::batch
