// Runs the engine on a background thread so the window never freezes. The GUI
// thread reads progress as atomics and takes finished results as an immutable
// snapshot; starting a new run cancels the one in flight without waiting for it
// (each run has its own flags, and a cancelled run is joined once it has stopped).
#pragma once

#include <carecast/model/scenario.hpp>
#include <carecast/model/valid_scenario.hpp>
#include <carecast/sim/results.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace carecast::gui {

struct Ensemble {
    model::Scenario scenario;
    std::uint64_t generation = 0;         // of the parameters it ran (App::generation)
    std::vector<sim::Results> replicates; // set-major when several parameter sets ran
    // Parameter sets drawn from the scenario's declared ranges, each run with the
    // replicates: the bands then include the assumptions (1: the scenario as it is).
    int parameter_sets = 1;
    double wall_seconds = 0;
};

class RunController {
  public:
    RunController() = default;
    ~RunController();
    RunController(const RunController&) = delete;
    RunController& operator=(const RunController&) = delete;

    void start(const model::ValidScenario& scenario, int replicates, int threads,
               std::uint64_t generation = 0) {
        start(std::vector<model::ValidScenario>{scenario}, replicates, threads, generation);
    }
    // Each scenario (the first one's parameters shown as the run's) with the replicates.
    void start(std::vector<model::ValidScenario> scenarios, int replicates, int threads,
               std::uint64_t generation);
    void cancel();
    bool running() const { return job_ && !job_->done.load(); }
    float progress() const; // 0 to 1 over all replicates
    // The latest finished run, or null; a new pointer each time a run completes.
    std::shared_ptr<const Ensemble> latest() const;
    // Why the last run failed, or empty.
    std::string error() const;

  private:
    // One run's flags, shared with its thread.
    struct Job {
        std::atomic<bool> cancel{false};
        std::atomic<bool> done{false};
        std::atomic<int> months_done{0};
        int months_total = 1;
        std::thread thread;
    };
    void reap(bool wait); // joins cancelled runs that have stopped (all, if wait)

    std::shared_ptr<Job> job_;
    std::vector<std::shared_ptr<Job>> cancelled_;
    mutable std::mutex mutex_;
    std::shared_ptr<const Ensemble> latest_;
    std::string error_;
};

} // namespace carecast::gui
