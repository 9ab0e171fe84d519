// The GUI's state: the scenario as loaded, the knobs the panels move, the twin's
// instant preview, the background run and the pinned comparison. Panels only read
// results (published as immutable snapshots) and change knobs.
#pragma once

#include "optimise_controller.hpp"
#include "run_controller.hpp"
#include "sensitivity_controller.hpp"

#include <carecast/model/markov_twin.hpp>
#include <carecast/model/scenario.hpp>
#include <carecast/model/scenario_edit.hpp>

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace carecast::gui {

// What the parameter panels change, applied to the loaded scenario to make the one
// that runs. The loaded scenario itself never changes.
struct Knobs {
    int horizon_years = 10;
    std::uint64_t seed = 1; // kept exactly: any whole number up to 2^63 - 1, as in files
    int replicates = 1;
    // Parameter sets drawn from the declared ranges for each run (0: none): bands that
    // include the assumptions as well as chance.
    int assumption_sets = 0;
    float demand_growth = 0;
    std::array<float, model::kRoleGroups> group_growth{}; // NaN: the scenario's
    std::vector<float> role_growth;                       // per role; NaN: group or scenario
    std::vector<float> turnover_multiplier;               // per role
    float domestic_supply = 1;
    float international_supply = 1;
    std::vector<float> baseline_places;   // per programme, a year
    std::vector<float> max_funded_places; // per programme, a year
    std::vector<float> cost_per_place;
    std::vector<float> readiness_boost;
    double training_budget = 0; // GBP a year, buys funded places on top of the baseline
};

struct ViewState {
    int area = -1;  // -1: England (all areas)
    int roles = -1; // -1: all roles; 0..3: a job role group; 4+: role (index - 4)
    float bench_threshold = 1.0f;
    int tab = 0;
    float ui_scale = 1.0f; // text size; the window applies it between frames
};

class App {
  public:
    App(model::ValidScenario scenario, int threads);

    // Replaces the base scenario and resets the knobs; the pinned baseline stays
    // only with `keep_pinned` (the same sector with other assumptions).
    void load(model::ValidScenario scenario, bool keep_pinned = false);
    // File > Open: load, keeping the view, the replicate count and the pinned run.
    void open(model::ValidScenario scenario);
    void knobs_changed(); // rebuilds the working scenario, redraws the twin
    // Undo the last change to the knobs (a slider's drag counts once).
    void undo();
    bool can_undo() const { return !undo_.empty(); }
    bool run_pending() const { return run_pending_; }
    void frame(); // once a frame: starts a debounced run
    void run_now();

    const model::Scenario& base() const { return *base_; }
    const model::Scenario& working() const { return *working_; }
    const model::ValidScenario& working_valid() const { return working_; }
    // Loads an allocation into the knobs: each programme's funded places limited to
    // it and the budget set to its cost, so the priority order buys exactly it.
    void apply_allocation(const model::Allocation& allocation);
    // Replaces the scenario's events, checked as a file is; the reason when refused (the
    // scenario is then unchanged).
    std::optional<std::string> set_events(std::vector<model::Event> events);
    std::string event_error;
    // Counts scenarios loaded, so a panel's own form (the events') starts afresh with
    // each, not with the last scenario's values.
    std::uint64_t loads = 0;
    Knobs knobs;
    ViewState view;
    RunController runner;
    OptimiseController optimiser;
    struct OptimiseForm {
        std::array<char, 256> goal{};
        bool target = false;
        double budget = 1e6; // GBP a year, as the parameters' budget
        int replicates = 10;
        bool frontier = false;
        std::string message; // why the form was refused
    } optimise_form;
    SensitivityController sensitivity;
    struct SensitivityForm {
        int metric = 0;  // vacancy_rate, bench_strength, filled
        int subject = 0; // 0: all roles; r + 1: role r
        int year = 6;
        int samples = 1; // index into 32, 64, 128, 256
        std::string message;
    } sensitivity_form;
    const std::vector<model::TwinMonth>& twin() const { return twin_; }
    const std::vector<double>& edge_capacity() const { return edge_capacity_; }
    std::shared_ptr<const Ensemble> shown() const { return runner.latest(); }
    // The shown run is of parameters since changed (a run pending or in progress).
    bool results_stale() const {
        const auto s = shown();
        return s && s->generation != generation_;
    }
    std::shared_ptr<const Ensemble> pinned;
    std::vector<std::string> errors; // from the last open
    std::string knob_error;          // why the knobs' settings were refused, if they were
    std::string status;
    int threads;

  private:
    std::vector<model::Edit> knob_edits() const;
    model::ValidScenario base_;
    model::ValidScenario working_; // the base with the knobs' edits, through the one door
    std::vector<model::TwinMonth> twin_;
    std::vector<double> edge_capacity_;
    double changed_at_ = 0;
    bool run_pending_ = false;
    std::uint64_t generation_ = 0; // counts changes to the working parameters
    std::vector<Knobs> undo_;      // knobs before each change, newest last
    Knobs applied_;                // the knobs the working scenario has
    double last_change_ = -1;      // when the last undo step was taken (s)
    bool undoing_ = false;
};

} // namespace carecast::gui
