#include "panels.hpp"
#include "series.hpp"

#include <imgui.h>

#include <cmath>

namespace carecast::gui {
namespace {

constexpr const char* kGroups[] = {"direct care", "managerial", "professional", "other"};

// A growth rate that follows `fallback` until its box is ticked; NaN means "follow".
bool growth_override(const char* label, int id, float& own_rate, float fallback) {
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
    if (ImGui::SliderFloat(label, &percent, -2.0f, 6.0f, "%.1f%%")) {
        own_rate = percent / 100;
        changed = true;
    }
    ImGui::EndDisabled();
    ImGui::PopID();
    return changed;
}

} // namespace

void draw_parameters(App& app) {
    const auto& base = app.base();
    Knobs& k = app.knobs;
    bool changed = false;

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

    changed |= ImGui::SliderInt("horizon (years)", &k.horizon_years, 1, 30);
    changed |= ImGui::InputInt("seed", &k.seed);
    changed |= ImGui::SliderInt("replicates", &k.replicates, 1, 20);
    if (app.runner.running()) {
        ImGui::ProgressBar(app.runner.progress(), ImVec2(-80, 0));
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) {
            app.runner.cancel();
        }
    } else {
        if (ImGui::Button("Run now")) {
            app.run_now();
        }
        if (const auto shown = app.shown()) {
            ImGui::SameLine();
            ImGui::TextDisabled("last run %.1f s, %zu replicate(s)", shown->wall_seconds,
                                shown->replicates.size());
        }
    }

    if (ImGui::CollapsingHeader("Demand growth (posts, a year)", ImGuiTreeNodeFlags_DefaultOpen)) {
        float percent = k.demand_growth * 100;
        if (ImGui::SliderFloat("all roles", &percent, -2.0f, 6.0f, "%.1f%%")) {
            k.demand_growth = percent / 100;
            changed = true;
        }
        for (int g = 0; g < model::kRoleGroups; ++g) {
            changed |= growth_override(kGroups[g], g, k.group_growth[g], k.demand_growth);
        }
        if (ImGui::TreeNode("per role")) {
            for (std::size_t r = 0; r < base.roles.size(); ++r) {
                changed |= growth_override(base.roles[r].name.c_str(), static_cast<int>(r),
                                           k.role_growth[r], k.demand_growth);
            }
            ImGui::TreePop();
        }
    }
    if (ImGui::CollapsingHeader("Turnover (x the scenario's rate)")) {
        for (std::size_t r = 0; r < base.roles.size(); ++r) {
            ImGui::PushID(static_cast<int>(r));
            changed |= ImGui::SliderFloat(base.roles[r].name.c_str(), &k.turnover_multiplier[r],
                                          0.5f, 1.5f, "x%.2f");
            if (ImGui::IsItemHovered()) {
                ImGui::SetTooltip("scenario turnover %.1f%% a year", base.roles[r].turnover * 100);
            }
            ImGui::PopID();
        }
    }
    if (ImGui::CollapsingHeader("External supply (x the scenario's)",
                                ImGuiTreeNodeFlags_DefaultOpen)) {
        changed |= ImGui::SliderFloat("domestic", &k.domestic_supply, 0.0f, 2.0f, "x%.2f");
        changed |=
            ImGui::SliderFloat("international", &k.international_supply, 0.0f, 2.0f, "x%.2f");
    }
    if (ImGui::CollapsingHeader("Training programmes", ImGuiTreeNodeFlags_DefaultOpen)) {
        float millions = k.training_budget / 1e6f;
        if (ImGui::SliderFloat("budget", &millions, 0.0f, 200.0f, "GBP %.2fm a year")) {
            k.training_budget = millions * 1e6f;
            changed = true;
        }
        for (std::size_t p = 0; p < base.programmes.size(); ++p) {
            ImGui::PushID(static_cast<int>(p));
            if (ImGui::TreeNode(base.programmes[p].name.c_str())) {
                changed |= ImGui::DragFloat("baseline places", &k.baseline_places[p], 10.0f, 0.0f,
                                            200000.0f, "%.0f a year");
                changed |= ImGui::DragFloat("max funded places", &k.max_funded_places[p], 10.0f,
                                            0.0f, 200000.0f, "%.0f a year");
                changed |= ImGui::DragFloat("cost per place", &k.cost_per_place[p], 10.0f, 0.0f,
                                            50000.0f, "GBP %.0f");
                changed |= ImGui::SliderFloat("readiness boost", &k.readiness_boost[p], 0.0f, 50.0f,
                                              "%.0f points");
                ImGui::TreePop();
            }
            ImGui::PopID();
        }
    }
    if (ImGui::CollapsingHeader("Events (changes during the run)")) {
        draw_events(app);
    }
    if (ImGui::CollapsingHeader("View", ImGuiTreeNodeFlags_DefaultOpen)) {
        const auto& s = app.working();
        const std::string whole = all_areas_label(s);
        const char* area = app.view.area < 0 ? whole.c_str() : s.areas[app.view.area].name.c_str();
        if (ImGui::BeginCombo("area", area)) {
            if (ImGui::Selectable(whole.c_str(), app.view.area < 0)) {
                app.view.area = -1;
            }
            for (std::size_t a = 0; a < s.areas.size(); ++a) {
                if (ImGui::Selectable(s.areas[a].name.c_str(),
                                      app.view.area == static_cast<int>(a))) {
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
        ImGui::SliderFloat("bench threshold", &app.view.bench_threshold, 0.0f, 5.0f,
                           "%.1f per post");
    }
    if (changed) {
        k.replicates = std::max(1, k.replicates);
        app.knobs_changed();
    }
}

} // namespace carecast::gui
