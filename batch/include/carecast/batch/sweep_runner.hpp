// Runs a sweep file into an output folder: every point's edits through the one door,
// points dealt round-robin to the ranks of a cluster (rank 0 alone writes), points
// side by side where a point has fewer replicates than threads, each finished point
// written atomically with its hashes, so a sweep stopped at any moment and started
// again skips what is done and ends with the same bytes as an uninterrupted run. The
// command line, the GUI and the optimiser share it; it prints nothing itself.
#pragma once

#include <carecast/batch/cluster.hpp>

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace carecast::batch {

// How a sweep ended. Where ranks end differently the later one here is the sweep's: a
// stop outranks bad input, which outranks a failure.
enum class SweepStatus { Done, Failed, BadInput, Stopped };

struct SweepJob {
    std::string sweep_file;
    std::filesystem::path out;
    int threads = 0;                             // per rank; 0: every core, shared among ranks
    std::vector<std::string> sets;               // "key=value" changes to the base scenario (--set)
    const std::atomic<bool>* stop = nullptr;     // set to stop after the points running now
    std::function<void(const std::string&)> say; // progress and the summary table
    std::function<void(const std::string&)> warn; // errors, each saying what was kept
};

SweepStatus run_sweep(const SweepJob& job, const Cluster& cluster);

} // namespace carecast::batch
