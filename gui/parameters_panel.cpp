#include "panels.hpp"
#include "series.hpp"

#include <imgui.h>

#include <carecast/model/schema.hpp>

#include <fmt/format.h>

#include <cmath>
#include <optional>

namespace carecast::gui {
namespace {

constexpr const char* kGroups[] = {"direct care", "managerial", "professional", "other"};

// Every control's range is the scenario schema's for its key (model/src/schema_table.hpp).
struct SliderRange {
    float min;
    float max;
};
SliderRange slider(std::string_view section, std::string_view key, double scale = 1) {
    const auto control = model::window_control(section, key);
    return {static_cast<float>(control.min * scale), static_cast<float>(control.max * scale)};
}

// "Allowed: 0 to 2 here (a file may give 0 to 100)." from the schema, each value shown
// by `show`.
template <typename Show>
std::string allowed_here(std::string_view section, std::string_view key, Show show) {
    const auto control = model::window_control(section, key);
    const auto* range = model::find_schema_key(section, key)->range;
    return fmt::format("Allowed: {} to {} here (a file may give {} to {}).", show(control.min),
                       show(control.max), show(range->min), show(range->max));
}
std::string percent_text(double rate) {
    return fmt::format("{:g}%", rate * 100);
}
std::string count_text(double value) {
    return grouped(value);
}

// A growth rate that follows `fallback` until its box is ticked; NaN means "follow".
bool growth_override(const char* label, int id, float& own_rate, float fallback,
                     SliderRange percent_range) {
    bool changed = false;
    ImGui::PushID(id);
    bool own = !std::isnan(own_rate);
    if (ImGui::Checkbox("##own", &own)) {
        own_rate = own ? fallback : NAN;
        changed = true;
    }
    ImGui::SameLine();
    float percent = (own ? own_rate : fallback) * 100;
    ImGui::BeginDisabled(!own);
    if (ImGui::SliderFloat(label, &percent, percent_range.min, percent_range.max, "%.1f%%")) {
        own_rate = percent / 100;
        changed = true;
    }
    ImGui::EndDisabled();
    ImGui::PopID();
    return changed;
}

// On hover: what a parameter means, its unit and range, and where the scenario's value
// comes from (the note beside it in the file). A right click offers to reset the knob to
// the scenario's value; true when it was reset.
template <typename Knob>
bool explain(const App& app, const std::string& key, const std::string& meaning, Knob& knob,
             double scenario_value) {
    if (ImGui::IsItemHovered()) {
        std::string text = meaning;
        const auto& notes = app.base().source_notes;
        if (const auto it = notes.find(key); it != notes.end()) {
            text += "\nThe scenario's source: " + it->second.note;
        }
        text += "\n(" + key + "; right-click to reset)";
        // Wrapped, so a long source note never runs off the window.
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    bool reset = false;
    if (ImGui::BeginPopupContextItem(key.c_str())) {
        reset = ImGui::MenuItem("Reset to the scenario's value");
        ImGui::EndPopup();
    }
    if (reset) {
        knob = static_cast<Knob>(scenario_value);
    }
    return reset;
}

bool draw_run_controls(App& app, Knobs& k) {
    const auto& base = app.base();
    ImGui::TextWrapped("%s", base.name.c_str());
    if (const auto failed = app.runner.error(); !failed.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1));
        ImGui::TextWrapped("The run failed: %s", failed.c_str());
        ImGui::PopStyleColor();
    }
    if (!app.knob_error.empty()) {
        // Refused like a scenario file would be: the last good settings stay in use.
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1));
        ImGui::TextWrapped("Not run: %s", app.knob_error.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::TextDisabled("%s", base.source.c_str());
    ImGui::Separator();
    const auto years = slider("scenario", "horizon_years");
    bool changed =
        ImGui::SliderInt("horizon (years)", &k.horizon_years, static_cast<int>(years.min),
                         static_cast<int>(years.max), "%d", ImGuiSliderFlags_AlwaysClamp);
    const std::uint64_t step = 1;
    if (ImGui::InputScalar("seed", ImGuiDataType_U64, &k.seed, &step, &step, "%llu")) {
        k.seed = std::min<std::uint64_t>(k.seed, INT64_MAX); // the largest a file may give
        changed = true;
    }
    changed |=
        ImGui::SliderInt("replicates", &k.replicates, 1, 20, "%d", ImGuiSliderFlags_AlwaysClamp);
    if (!base.uncertainties.empty()) {
        changed |=
            ImGui::SliderInt("assumption sets", &k.assumption_sets, 0, 16,
                             k.assumption_sets == 0 ? "off" : "%d", ImGuiSliderFlags_AlwaysClamp);
        if (ImGui::IsItemHovered()) {
            ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0),
                                                ImVec2(ImGui::GetFontSize() * 30, FLT_MAX));
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 29);
            ImGui::TextWrapped("Bands that include the assumptions: each run draws this many "
                               "parameter sets from the scenario's %zu declared ranges and runs "
                               "each with the replicates. Off: the bands are chance alone.",
                               base.uncertainties.size());
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
    }
    if (app.runner.running()) {
        ImGui::ProgressBar(app.runner.progress(), ImVec2(-80, 0));
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) {
            app.runner.cancel();
        }
        return changed;
    }
    if (ImGui::Button("Run now")) {
        app.run_now();
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(!app.can_undo());
    if (ImGui::Button("Undo")) {
        app.undo();
    }
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        ImGui::SetTooltip("Undo the last change to the parameters (ctrl+Z)");
    }
    if (const auto shown = app.shown()) {
        ImGui::SameLine();
        if (shown->parameter_sets > 1) {
            ImGui::TextDisabled("last run %.1f s, %d sets x %zu replicate(s)", shown->wall_seconds,
                                shown->parameter_sets,
                                shown->replicates.size() /
                                    static_cast<std::size_t>(shown->parameter_sets));
        } else {
            ImGui::TextDisabled("last run %.1f s, %zu replicate(s)", shown->wall_seconds,
                                shown->replicates.size());
        }
    }
    return changed;
}

bool draw_demand(App& app, Knobs& k) {
    const auto& base = app.base();
    bool changed = false;
    float percent = k.demand_growth * 100;
    const auto growth = slider("demand", "annual_growth", 100);
    if (ImGui::SliderFloat("all roles", &percent, growth.min, growth.max, "%.1f%%",
                           ImGuiSliderFlags_AlwaysClamp)) {
        k.demand_growth = percent / 100;
        changed = true;
    }
    changed |= explain(app, "demand.annual_growth",
                       "Growth in posts a year for every role without a rate of its own.\nUnit: "
                       "% a year. " +
                           allowed_here("demand", "annual_growth", percent_text),
                       k.demand_growth, base.demand_growth);
    for (int g = 0; g < model::kRoleGroups; ++g) {
        changed |= growth_override(kGroups[g], g, k.group_growth[g], k.demand_growth,
                                   slider("groups", "demand_growth", 100));
    }
    if (ImGui::TreeNode("per role")) {
        for (std::size_t r = 0; r < base.roles.size(); ++r) {
            changed |=
                growth_override(base.roles[r].name.c_str(), static_cast<int>(r), k.role_growth[r],
                                k.demand_growth, slider("roles", "demand_growth", 100));
        }
        ImGui::TreePop();
    }
    return changed;
}

bool draw_turnover(App& app, Knobs& k) {
    const auto& base = app.base();
    bool changed = false;
    for (std::size_t r = 0; r < base.roles.size(); ++r) {
        ImGui::PushID(static_cast<int>(r));
        const auto factor = slider("roles", "turnover");
        changed |=
            ImGui::SliderFloat(base.roles[r].name.c_str(), &k.turnover_multiplier[r], factor.min,
                               factor.max, "x%.2f", ImGuiSliderFlags_AlwaysClamp);
        const std::string meaning =
            fmt::format("Turnover: job leavers a year over filled posts (Skills for Care's "
                        "definition), as a multiple of the scenario's {:.1f}%.\nUnit: x the "
                        "scenario's rate. Allowed: x{:g} to x{:g} (at most a rate of 1).",
                        base.roles[r].turnover * 100, factor.min, factor.max);
        changed |= explain(app, "roles." + base.roles[r].name + ".turnover", meaning,
                           k.turnover_multiplier[r], 1.0);
        ImGui::PopID();
    }
    return changed;
}

bool draw_supply(App& app, Knobs& k) {
    const auto& base = app.base();
    const auto domestic = slider("supply", "domestic_multiplier");
    bool changed = ImGui::SliderFloat("domestic", &k.domestic_supply, domestic.min, domestic.max,
                                      "x%.2f", ImGuiSliderFlags_AlwaysClamp);
    changed |= explain(app, "supply.domestic_multiplier",
                       "External recruits from within England available each month, as a "
                       "multiple of each role's supply in the scenario.\nUnit: x. " +
                           allowed_here("supply", "domestic_multiplier", count_text),
                       k.domestic_supply, base.domestic_supply_multiplier);
    const auto international = slider("supply", "international_multiplier");
    changed |= ImGui::SliderFloat("international", &k.international_supply, international.min,
                                  international.max, "x%.2f", ImGuiSliderFlags_AlwaysClamp);
    changed |= explain(app, "supply.international_multiplier",
                       "Recruits from abroad available each month, as a multiple of each role's "
                       "international supply in the scenario.\nUnit: x. " +
                           allowed_here("supply", "international_multiplier", count_text),
                       k.international_supply, base.international_supply_multiplier);
    return changed;
}

bool draw_programme(App& app, Knobs& k, std::size_t p) {
    const auto& programme = app.base().programmes[p];
    const std::string key = "programmes." + programme.name + ".";
    const auto drag = ImGuiSliderFlags_AlwaysClamp;
    const auto baseline = slider("programmes", "baseline_places_per_year");
    bool changed = ImGui::DragFloat("baseline places", &k.baseline_places[p], 10.0f, baseline.min,
                                    baseline.max, "%.0f a year", drag);
    changed |= explain(app, key + "baseline_places_per_year",
                       "Places a year that happen anyway (employers, the levy, national "
                       "schemes), not charged to the budget.\nUnit: places a year. " +
                           allowed_here("programmes", "baseline_places_per_year", count_text),
                       k.baseline_places[p], programme.baseline_places_per_year);
    const auto funded = slider("programmes", "max_funded_places_per_year");
    changed |= ImGui::DragFloat("max funded places", &k.max_funded_places[p], 10.0f, funded.min,
                                funded.max, "%.0f a year", drag);
    changed |= explain(app, key + "max_funded_places_per_year",
                       "The most places a year the budget may buy on top.\nUnit: places a year. " +
                           allowed_here("programmes", "max_funded_places_per_year", count_text),
                       k.max_funded_places[p], programme.max_funded_places_per_year);
    const auto cost = slider("programmes", "cost_per_place");
    changed |= ImGui::DragFloat("cost per place", &k.cost_per_place[p], 10.0f, cost.min, cost.max,
                                "GBP %.0f", drag);
    changed |= explain(app, key + "cost_per_place",
                       "What one funded place costs.\nUnit: GBP. " +
                           allowed_here("programmes", "cost_per_place", count_text),
                       k.cost_per_place[p], programme.cost_per_place);
    const auto boost = slider("programmes", "readiness_boost");
    changed |= ImGui::SliderFloat("readiness boost", &k.readiness_boost[p], boost.min, boost.max,
                                  "%.0f points", drag);
    changed |= explain(app, key + "readiness_boost",
                       "Readiness points a completer gains towards the next step up (readiness "
                       "grows a point a month in a role).\nUnit: points. " +
                           allowed_here("programmes", "readiness_boost", count_text),
                       k.readiness_boost[p], programme.readiness_boost);
    return changed;
}

// The budget, typed and shown in GBP with the thousands grouped beside it. What is typed
// is taken when the field is left (Enter, a click elsewhere), never digit by digit, and a
// budget outside 0 to GBP 200m a year (England's whole training spend is about GBP 60m)
// is refused on the status line, the budget in force kept.
bool draw_budget(App& app, Knobs& k) {
    const double most_budget = model::window_control("training", "annual_budget").max;
    static std::optional<double> typing;
    double shown = typing.value_or(k.training_budget);
    const bool edited = ImGui::InputDouble("budget, GBP a year", &shown, 10'000, 100'000, "%.0f");
    if (ImGui::IsItemActive()) {
        if (edited) {
            typing = shown;
        }
        return false;
    }
    if (!ImGui::IsItemDeactivated() || !typing) {
        return false;
    }
    const double budget = std::round(*typing);
    typing.reset();
    if (budget < 0 || budget > most_budget) {
        app.status = fmt::format("budget of GBP {} a year refused: allowed 0 to GBP {} a year "
                                 "(England's whole training spend is about GBP 60,000,000); "
                                 "kept GBP {}",
                                 grouped(budget), grouped(most_budget), grouped(k.training_budget));
        return false;
    }
    const bool differs = budget != k.training_budget;
    k.training_budget = budget;
    return differs;
}

bool draw_training(App& app, Knobs& k) {
    const auto& base = app.base();
    bool changed = false;
    changed |= draw_budget(app, k);
    changed |= explain(app, "training.annual_budget",
                       "Training budget that buys funded places on top of the places that "
                       "happen anyway, in the scenario's priority order.\nUnit: GBP a year "
                       "(type 500000 for GBP 500,000). " +
                           allowed_here("training", "annual_budget", count_text),
                       k.training_budget, base.training_budget);
    ImGui::TextDisabled("  = GBP %s a year", grouped(k.training_budget).c_str());
    for (std::size_t p = 0; p < base.programmes.size(); ++p) {
        ImGui::PushID(static_cast<int>(p));
        if (ImGui::TreeNode(base.programmes[p].name.c_str())) {
            changed |= draw_programme(app, k, p);
            ImGui::TreePop();
        }
        ImGui::PopID();
    }
    return changed;
}

void draw_view(App& app) {
    const auto& s = app.working();
    const std::string whole = all_areas_label(s);
    const char* area = app.view.area < 0 ? whole.c_str() : s.areas[app.view.area].name.c_str();
    if (ImGui::BeginCombo("area", area)) {
        if (ImGui::Selectable(whole.c_str(), app.view.area < 0)) {
            app.view.area = -1;
        }
        for (std::size_t a = 0; a < s.areas.size(); ++a) {
            if (ImGui::Selectable(s.areas[a].name.c_str(), app.view.area == static_cast<int>(a))) {
                app.view.area = static_cast<int>(a);
            }
        }
        ImGui::EndCombo();
    }
    std::string roles = "all roles";
    if (app.view.roles >= 0 && app.view.roles < model::kRoleGroups) {
        roles = std::string("group: ") + kGroups[app.view.roles];
    } else if (app.view.roles >= model::kRoleGroups) {
        roles = s.roles[static_cast<std::size_t>(app.view.roles - model::kRoleGroups)].name;
    }
    if (ImGui::BeginCombo("roles", roles.c_str())) {
        if (ImGui::Selectable("all roles", app.view.roles < 0)) {
            app.view.roles = -1;
        }
        for (int g = 0; g < model::kRoleGroups; ++g) {
            if (ImGui::Selectable((std::string("group: ") + kGroups[g]).c_str(),
                                  app.view.roles == g)) {
                app.view.roles = g;
            }
        }
        for (std::size_t r = 0; r < s.roles.size(); ++r) {
            const int id = model::kRoleGroups + static_cast<int>(r);
            if (ImGui::Selectable(s.roles[r].name.c_str(), app.view.roles == id)) {
                app.view.roles = id;
            }
        }
        ImGui::EndCombo();
    }
    ImGui::SliderFloat("text size", &app.view.ui_scale, 0.75f, 2.0f, "x%.2f",
                       ImGuiSliderFlags_AlwaysClamp);
    if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("Text and spacing, applied when the slider is let go and "
                          "remembered for next time (~/.config/carecast/gui.conf)");
    }
    ImGui::SliderFloat("bench threshold", &app.view.bench_threshold, 0.0f, 5.0f, "%.1f per post",
                       ImGuiSliderFlags_AlwaysClamp);
}

} // namespace

void draw_parameters(App& app) {
    Knobs& k = app.knobs;
    // Widgets leave room for their labels ("personal assistant", "cost per place").
    ImGui::PushItemWidth(-ImGui::GetFontSize() * 10.5f);
    bool changed = draw_run_controls(app, k);
    if (ImGui::CollapsingHeader("Demand growth (posts, a year)", ImGuiTreeNodeFlags_DefaultOpen)) {
        changed |= draw_demand(app, k);
    }
    if (ImGui::CollapsingHeader("Turnover (x the scenario's rate)")) {
        changed |= draw_turnover(app, k);
    }
    if (ImGui::CollapsingHeader("External supply (x the scenario's)",
                                ImGuiTreeNodeFlags_DefaultOpen)) {
        changed |= draw_supply(app, k);
    }
    if (ImGui::CollapsingHeader("Training programmes", ImGuiTreeNodeFlags_DefaultOpen)) {
        changed |= draw_training(app, k);
    }
    if (ImGui::CollapsingHeader("Events (changes during the run)")) {
        draw_events(app);
    }
    if (ImGui::CollapsingHeader("View", ImGuiTreeNodeFlags_DefaultOpen)) {
        draw_view(app);
    }
    ImGui::PopItemWidth();
    if (changed) {
        k.replicates = std::max(1, k.replicates);
        app.knobs_changed();
    }
}

} // namespace carecast::gui
