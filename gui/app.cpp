#include "app.hpp"

#include <carecast/io/scenario_file.hpp>
#include <carecast/model/scenario_loader.hpp>

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>

namespace carecast::gui {

App::App(model::ValidScenario scenario, int thread_count)
    : threads(thread_count), base_(scenario), working_(scenario) {
    const std::string goal = "min vacancy_rate, registered manager, years 3-5";
    std::copy(goal.begin(), goal.end(), optimise_form.goal.begin());
    load(std::move(scenario));
}

void App::load(model::ValidScenario scenario, bool keep_pinned) {
    base_ = std::move(scenario);
    knobs = Knobs{};
    knobs.horizon_years = std::max(1, base_->horizon_months / 12);
    knobs.seed = static_cast<int>(base_->seed % 1000000000);
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
    knobs.training_budget = static_cast<float>(base_->training_budget);
    if (!keep_pinned) {
        view = ViewState{};
        pinned.reset();
    }
    knobs_changed();
    run_now();
}

// The knobs become named edits of the opened scenario, through the same door as the
// command line: a setting the loader would refuse is shown and not run.
std::vector<model::Edit> App::knob_edits() const {
    std::vector<model::Edit> edits{
        {"scenario.horizon_years", static_cast<double>(knobs.horizon_years)},
        {"scenario.seed", static_cast<double>(knobs.seed)},
        {"demand.annual_growth", knobs.demand_growth},
        {"supply.domestic_multiplier", knobs.domestic_supply},
        {"supply.international_multiplier", knobs.international_supply}};
    for (std::size_t r = 0; r < base_->roles.size(); ++r) {
        const auto& role = base_->roles[r];
        const float group = knobs.group_growth[static_cast<int>(role.group)];
        const std::string key = "roles." + role.name + ".";
        if (!std::isnan(knobs.role_growth[r])) {
            edits.push_back({key + "demand_growth", knobs.role_growth[r]});
        } else if (!std::isnan(group)) {
            edits.push_back({key + "demand_growth", group});
        }
        if (knobs.turnover_multiplier[r] != 1.0f) {
            edits.push_back(
                {key + "turnover", std::min(1.0, role.turnover * knobs.turnover_multiplier[r])});
        }
    }
    for (std::size_t p = 0; p < base_->programmes.size(); ++p) {
        const std::string key = "programmes." + base_->programmes[p].name + ".";
        edits.push_back({key + "baseline_places_per_year", knobs.baseline_places[p]});
        edits.push_back({key + "max_funded_places_per_year", knobs.max_funded_places[p]});
        edits.push_back({key + "cost_per_place", knobs.cost_per_place[p]});
        edits.push_back({key + "readiness_boost", knobs.readiness_boost[p]});
    }
    if (knobs.training_budget != static_cast<float>(base_->training_budget)) {
        edits.push_back({"training.annual_budget", knobs.training_budget});
    }
    return edits;
}

void App::apply_allocation(const model::Allocation& allocation) {
    for (std::size_t p = 0; p < allocation.places.size() && p < knobs.max_funded_places.size();
         ++p) {
        knobs.max_funded_places[p] = static_cast<float>(allocation.places[p]);
    }
    knobs.training_budget = static_cast<float>(allocation.cost);
    knobs_changed();
}

std::optional<std::string> App::set_events(std::vector<model::Event> events) {
    model::Scenario changed = *base_;
    changed.events = std::move(events);
    auto checked = model::validate(changed, io::machine_limits());
    if (!checked.ok()) {
        return checked.errors.front().key + ": " + checked.errors.front().message;
    }
    base_ = std::move(*checked.scenario);
    knobs_changed();
    return std::nullopt;
}

void App::knobs_changed() {
    model::ValidScenario candidate = base_;
    if (const auto error = model::apply_edits(candidate, knob_edits())) {
        knob_error = *error; // the last good settings keep running
        return;
    }
    knob_error.clear();
    working_ = std::move(candidate);
    ++generation_; // the shown run, if any, is now of earlier parameters

    // The twin redraws at once; the agent-based run follows after a pause.
    const model::MarkovTwin twin(*working_);
    twin_ = twin.project(working_->horizon_months);
    edge_capacity_.assign(working_->edges.size(), 0.0);
    for (std::size_t e = 0; e < working_->edges.size(); ++e) {
        edge_capacity_[e] = working_->roles[working_->edges[e].from].filled *
                            twin.eligible_share(e) * working_->edges[e].monthly_rate;
    }
    changed_at_ = glfwGetTime();
    run_pending_ = true;
}

void App::run_now() {
    runner.start(working_, knobs.replicates, threads, generation_);
    run_pending_ = false;
}

void App::frame() {
    if (run_pending_ && glfwGetTime() - changed_at_ > 0.4) {
        run_now();
    }
}

} // namespace carecast::gui
