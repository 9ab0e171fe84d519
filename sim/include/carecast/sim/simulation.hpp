// The agent-based engine: one run of one scenario, month by month.
// No I/O and no threads of its own beyond the task arena the caller sizes.
#pragma once

#include <carecast/model/scenario.hpp>
#include <carecast/model/valid_scenario.hpp>
#include <carecast/sim/results.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

namespace carecast::sim {

struct RunConfig {
    int threads = 1;             // worker threads for this run's task arena (>= 1)
    std::uint32_t replicate = 0; // selects an independent random stream for the same seed
};

struct RunCallbacks {
    std::function<void(int month, int horizon)> on_month; // after each simulated month
    const std::atomic<bool>* cancel = nullptr;            // checked between months
    // Stop after this month (< 0: the whole horizon): a caller that reads only the first
    // years, as the optimiser's verification does, need not simulate the rest.
    int last_month = -1;
};

// Bytes of agent state per person (the structure-of-arrays record).
std::size_t bytes_per_agent();

// Wall-clock seconds spent in each phase of a run so far: what the benchmark prints to
// show where time goes. Measuring costs a few clock reads a month; nothing depends on it.
struct PhaseTimes {
    double initialise = 0; // the month-0 population, bench and record
    double scan = 0;       // each person's due events and departures (parallel over chunks)
    double departures = 0; // the scan's counts added in, movers queued
    double enrolment = 0;  // the month's training places
    double filling = 0;    // promotions, people between jobs and external hires
    double recording = 0;  // the month's results
    double serial = 0;     // of the months' phases, the time on one thread only
    double total() const {
        return initialise + scan + departures + enrolment + filling + recording;
    }
};

// The people a run sets up at month 0, kept to start other runs from. Runs of one
// scenario and replicate that differ only in how the training budget is spent (funded
// places, the budget) set up the very same people, since nobody is on a funded place
// before month 1: an optimiser comparing allocations under common random numbers sets
// each replicate's people up once (England: over a quarter of a five-year run).
class MonthZero;

class Simulation {
  public:
    // Only a checked scenario runs (model::parse_scenario, model::validate, or an edit
    // through model::apply_edits).
    Simulation(const model::ValidScenario& scenario, const RunConfig& config);
    // Starts from another run's people at month 0 (its month_zero()) instead of setting
    // them up: the results are Simulation(scenario, config)'s, to the byte. The scenario
    // may differ from that run's only in its funded places and training budget, and the
    // replicate must be the same (std::invalid_argument otherwise).
    Simulation(const model::ValidScenario& scenario, const RunConfig& config,
               const MonthZero& start);
    ~Simulation();
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    void step(); // simulates the next month
    int month() const;
    bool finished() const;
    std::int64_t agents() const; // people in post now
    const Results& results() const;
    Results take_results();
    const PhaseTimes& phase_times() const;
    // This run's people as set up, for other runs to start from: only before the first
    // month is simulated (std::logic_error after). A copy: this run goes on unchanged.
    std::shared_ptr<const MonthZero> month_zero() const;

  private:
    struct Engine;
    std::unique_ptr<Engine> engine_;
    friend Results run(Simulation& simulation, const RunCallbacks& callbacks);
};

// Runs the whole horizon (or to callbacks.last_month); on cancel, returns what was done with
// `cancelled` set.
Results run(const model::ValidScenario& scenario, const RunConfig& config,
            const RunCallbacks& callbacks = {});

// The same, started from another run's people at month 0 (see Simulation).
Results run(const model::ValidScenario& scenario, const RunConfig& config, const MonthZero& start,
            const RunCallbacks& callbacks = {});

// The rest of a simulation already made (one whose month_zero() was kept, say).
Results run(Simulation& simulation, const RunCallbacks& callbacks = {});

} // namespace carecast::sim
