// carecast sweep: the command line over batch::run_sweep; Ctrl-C and SIGTERM stop it
// after the points running now, which the next run of the same command skips.
#include "commands.hpp"

#include <carecast/batch/sweep_runner.hpp>

#include <fmt/format.h>

#include <atomic>
#include <csignal>
#include <cstdio>

namespace carecast::cli {
namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_stop(int) {
    g_stop.store(true);
}

} // namespace

int sweep_command(const SweepArgs& args, const batch::Cluster& cluster) {
    std::signal(SIGINT, on_stop);
    std::signal(SIGTERM, on_stop);
    batch::SweepJob job;
    job.sweep_file = args.sweep;
    job.out = args.out;
    job.threads = args.threads;
    job.sets = args.sets;
    job.stop = &g_stop;
    job.say = [](const std::string& text) {
        fmt::print("{}", text);
        std::fflush(stdout);
    };
    job.warn = [](const std::string& text) { fmt::print(stderr, "{}", text); };
    switch (batch::run_sweep(job, cluster)) {
    case batch::SweepStatus::Done:
        return kExitOk;
    case batch::SweepStatus::Failed:
        return kExitFailure;
    case batch::SweepStatus::BadInput:
        return kExitBadInput;
    case batch::SweepStatus::Stopped:
        return kExitCancelled;
    }
    return kExitFailure;
}

} // namespace carecast::cli
