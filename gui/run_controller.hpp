// Runs the engine on a background thread so the window never freezes. The GUI
// thread reads progress as atomics and takes finished results as an immutable
// snapshot; starting a new run cancels the one in flight.
#pragma once

#include <carecast/model/scenario.hpp>
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
    std::vector<sim::Results> replicates;
    double wall_seconds = 0;
};

class RunController {
  public:
    RunController() = default;
    ~RunController();
    RunController(const RunController&) = delete;
    RunController& operator=(const RunController&) = delete;

    void start(const model::Scenario& scenario, int replicates, int threads);
    void cancel();
    bool running() const { return running_.load(); }
    float progress() const; // 0 to 1 over all replicates
    // The latest finished run, or null; a new pointer each time a run completes.
    std::shared_ptr<const Ensemble> latest() const;
    // Why the last run failed, or empty.
    std::string error() const;

  private:
    void join();

    std::thread worker_;
    std::atomic<bool> cancel_{false};
    std::atomic<bool> running_{false};
    std::atomic<int> months_done_{0};
    std::atomic<int> months_total_{1};
    mutable std::mutex mutex_;
    std::shared_ptr<const Ensemble> latest_;
    std::string error_;
};

} // namespace carecast::gui
