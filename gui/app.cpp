#include "app.hpp"

#include <carecast/batch/uncertain_ensemble.hpp>

#include <carecast/batch/scenario_file.hpp>
#include <carecast/model/scenario_loader.hpp>

#include <GLFW/glfw3.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace carecast::gui {

App::App(model::ValidScenario scenario, int thread_count)
    : threads(thread_count), base_(scenario), working_(scenario) {
    const std::string goal = "min vacancy_rate, registered manager, years 3-5";
    std::copy(goal.begin(), goal.end(), optimise_form.goal.begin());
    load(std::move(scenario));
}

void App::load(model::ValidScenario scenario, bool keep_pinned) {
    base_ = std::move(scenario);
    ++loads;
    event_error.clear();
    knobs = Knobs{};
    knobs.horizon_years = std::max(1, base_->horizon_months / 12);
    knobs.seed = base_->seed;
    knobs.demand_growth = static_cast<float>(base_->demand_growth);
    knobs.group_growth.fill(NAN);
    knobs.role_growth.assign(base_->roles.size(), NAN);
    for (std::size_t r = 0; r < base_->roles.size(); ++r) {
        if (base_->roles[r].demand_growth) {
            knobs.role_growth[r] = static_cast<float>(*base_->roles[r].demand_growth);
        }
    }
    knobs.turnover_multiplier.assign(base_->roles.size(), 1.0f);
    knobs.domestic_supply = static_cast<float>(base_->domestic_supply_multiplier);
    knobs.international_supply = static_cast<float>(base_->international_supply_multiplier);
    for (const auto& p : base_->programmes) {
        knobs.baseline_places.push_back(static_cast<float>(p.baseline_places_per_year));
        knobs.max_funded_places.push_back(static_cast<float>(p.max_funded_places_per_year));
        knobs.cost_per_place.push_back(static_cast<float>(p.cost_per_place));
        knobs.readiness_boost.push_back(static_cast<float>(p.readiness_boost));
    }
    knobs.training_budget = base_->training_budget;
    // A new scenario starts a new history: nothing to undo back into the old one.
    undo_.clear();
    applied_ = knobs;
    if (!keep_pinned) {
        const float text_size = view.ui_scale; // the reader's, not the scenario's
        view = ViewState{};
        view.ui_scale = text_size;
        pinned.reset();
    }
    knobs_changed();
    undo_.clear();
    run_now();
}

namespace {

// The same roles and areas, by name and in order: runs that can be read side by side.
bool same_shape(const model::Scenario& a, const model::Scenario& b) {
    return model::names_of(a.roles) == model::names_of(b.roles) &&
           model::names_of(a.areas) == model::names_of(b.areas);
}

} // namespace

void App::open(model::ValidScenario scenario) {
    // A planner opening a saved scenario keeps their view, replicate count and pinned
    // baseline; an area the new scenario lacks falls back to all areas. A pinned run of
    // a workforce with other roles or areas cannot be read beside it: it is unpinned.
    const ViewState kept = view;
    const int replicates = knobs.replicates;
    if (pinned && !same_shape(pinned->scenario, *scenario)) {
        pinned.reset();
        status = "unpinned the baseline run: the opened scenario has other roles or areas";
    }
    load(std::move(scenario), true);
    view = kept;
    if (view.area >= static_cast<int>(base_->areas.size())) {
        view.area = -1;
    }
    if (view.roles >= 4 + static_cast<int>(base_->roles.size())) {
        view.roles = -1;
    }
    knobs.replicates = replicates;
    knobs_changed();
    undo_.clear();
    run_now();
}

// The knobs become named edits of the opened scenario, through the same door as the
// command line: a setting the loader would refuse is shown and not run.
namespace {

// A knob's float as the number it shows (0.038, not 0.037999998778104782): the shortest
// text that reads back to the same float, read as a double.
double as_entered(float value) {
    return std::strtod(fmt::format("{}", value).c_str(), nullptr);
}

// A product of entered values, to six significant figures (0.3135, not
// 0.31350000000000006).
double six_figures(double value) {
    return std::strtod(fmt::format("{:.6g}", value).c_str(), nullptr);
}

} // namespace

std::vector<model::Edit> App::knob_edits() const {
    std::vector<model::Edit> edits{
        {"scenario.horizon_years", static_cast<double>(knobs.horizon_years)},
        {"demand.annual_growth", as_entered(knobs.demand_growth)},
        {"supply.domestic_multiplier", as_entered(knobs.domestic_supply)},
        {"supply.international_multiplier", as_entered(knobs.international_supply)}};
    for (std::size_t r = 0; r < base_->roles.size(); ++r) {
        const auto& role = base_->roles[r];
        const float group = knobs.group_growth[static_cast<int>(role.group)];
        const std::string key = "roles." + role.name + ".";
        if (!std::isnan(knobs.role_growth[r])) {
            edits.push_back({key + "demand_growth", as_entered(knobs.role_growth[r])});
        } else if (!std::isnan(group)) {
            edits.push_back({key + "demand_growth", as_entered(group)});
        }
        if (knobs.turnover_multiplier[r] != 1.0f) {
            edits.push_back({key + "turnover",
                             std::min(1.0, six_figures(role.turnover *
                                                       as_entered(knobs.turnover_multiplier[r])))});
        }
    }
    for (std::size_t p = 0; p < base_->programmes.size(); ++p) {
        const std::string key = "programmes." + base_->programmes[p].name + ".";
        edits.push_back({key + "baseline_places_per_year", as_entered(knobs.baseline_places[p])});
        edits.push_back(
            {key + "max_funded_places_per_year", as_entered(knobs.max_funded_places[p])});
        edits.push_back({key + "cost_per_place", as_entered(knobs.cost_per_place[p])});
        edits.push_back({key + "readiness_boost", as_entered(knobs.readiness_boost[p])});
    }
    if (knobs.training_budget != base_->training_budget) {
        edits.push_back({"training.annual_budget", knobs.training_budget});
    }
    return edits;
}

void App::apply_allocation(const model::Allocation& allocation) {
    for (std::size_t p = 0; p < allocation.places.size() && p < knobs.max_funded_places.size();
         ++p) {
        knobs.max_funded_places[p] = static_cast<float>(allocation.places[p]);
    }
    knobs.training_budget = allocation.cost;
    knobs_changed();
}

std::optional<std::string> App::set_events(std::vector<model::Event> events) {
    model::Scenario changed = *base_;
    changed.events = std::move(events);
    auto checked = model::validate(changed, batch::machine_limits());
    if (!checked.ok()) {
        return checked.errors.front().key + ": " + checked.errors.front().message;
    }
    base_ = std::move(*checked.scenario);
    knobs_changed();
    return std::nullopt;
}

void App::undo() {
    if (undo_.empty()) {
        return;
    }
    knobs = undo_.back();
    undo_.pop_back();
    undoing_ = true;
    knobs_changed();
    undoing_ = false;
}

void App::knobs_changed() {
    model::ValidScenario candidate = base_;
    if (const auto error = model::apply_edits(candidate, knob_edits())) {
        knob_error = *error; // the last good settings keep running
        return;
    }
    knob_error.clear();
    // The seed as typed: a whole number up to 2^63 - 1, more than an edit's double holds.
    working_ = model::with_seed(candidate, knobs.seed);
    // One undo step per change; the frames of one slider drag make a single step.
    const double now = glfwGetTime();
    if (!undoing_ && (undo_.empty() || now - last_change_ > 0.75)) {
        undo_.push_back(applied_);
        if (undo_.size() > 100) {
            undo_.erase(undo_.begin());
        }
    }
    last_change_ = now;
    applied_ = knobs;
    ++generation_; // the shown run, if any, is now of earlier parameters

    // The twin redraws at once; the agent-based run follows after a pause.
    const model::MarkovTwin twin(*working_);
    twin_ = twin.project(working_->horizon_months);
    edge_capacity_ = twin.edge_capacity();
    changed_at_ = glfwGetTime();
    run_pending_ = true;
}

void App::run_now() {
    run_pending_ = false;
    if (knobs.assumption_sets > 0 && !working_->uncertainties.empty()) {
        std::vector<model::ValidScenario> scenarios;
        try {
            for (const auto& set : batch::draw_parameter_sets(*working_, knobs.assumption_sets)) {
                scenarios.push_back(batch::with_parameters(working_, set));
            }
        } catch (const std::exception& e) {
            knob_error = e.what();
            return;
        }
        runner.start(std::move(scenarios), knobs.replicates, threads, generation_);
        return;
    }
    runner.start(working_, knobs.replicates, threads, generation_);
}

void App::frame() {
    if (run_pending_ && glfwGetTime() - changed_at_ > 0.4) {
        run_now();
    }
}

} // namespace carecast::gui
