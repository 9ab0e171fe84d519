// The Optimise tab: an objective (best use of a budget) or a target (least budget),
// run off the GUI thread with progress and cancel; the verified allocations as a
// table, the frontier as a chart, and "apply to scenario".
#include "panels.hpp"
#include "series.hpp"

#include <carecast/model/goal.hpp>

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace carecast::gui {
namespace {

std::string gbp(double value) {
    return value >= 999'500 ? fmt::format("GBP {:.2f}m", value / 1e6)
                            : fmt::format("GBP {:.0f}k", value / 1e3);
}

// Best value and the priority order's, by budget: two lines on a small plot.
void draw_frontier(const std::vector<FrontierPoint>& points, const std::string& metric, bool rate) {
    if (points.size() < 2) {
        return;
    }
    ImGui::TextUnformatted(
        fmt::format("Frontier: {} by budget (verified by the agents)", metric).c_str());
    const ImVec2 size(std::max(300.0f, ImGui::GetContentRegionAvail().x), 220);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("frontier", size);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float left = origin.x + 70;
    const float right = origin.x + size.x - 20;
    const float top = origin.y + 10;
    const float bottom = origin.y + size.y - 30;
    double lo = INFINITY;
    double hi = -INFINITY;
    for (const auto& p : points) {
        lo = std::min({lo, p.best, p.priority});
        hi = std::max({hi, p.best, p.priority});
    }
    if (hi - lo < 1e-9) {
        hi = lo + 1;
    }
    const double budget_max = std::max(1.0, points.back().budget);
    const auto at = [&](double budget, double value) {
        return ImVec2(left + static_cast<float>(budget / budget_max) * (right - left),
                      bottom - static_cast<float>((value - lo) / (hi - lo)) * (bottom - top));
    };
    const ImU32 axis = IM_COL32(120, 120, 120, 255);
    draw->AddLine(ImVec2(left, bottom), ImVec2(right, bottom), axis);
    draw->AddLine(ImVec2(left, top), ImVec2(left, bottom), axis);
    for (const double value : {lo, (lo + hi) / 2, hi}) {
        draw->AddText(
            ImVec2(origin.x, at(0, value).y - 7), axis,
            (rate ? fmt::format("{:.2f}%", 100 * value) : fmt::format("{:.4g}", value)).c_str());
    }
    for (const auto& p : points) {
        const std::string label = gbp(p.budget);
        const float width = ImGui::CalcTextSize(label.c_str()).x;
        const float x = std::clamp(at(p.budget, lo).x - width / 2, left - width / 2, right - width);
        draw->AddText(ImVec2(x, bottom + 6), axis, label.c_str());
    }
    const ImU32 best = IM_COL32(40, 140, 60, 255);
    const ImU32 priority = IM_COL32(200, 90, 40, 255);
    for (std::size_t i = 1; i < points.size(); ++i) {
        draw->AddLine(at(points[i - 1].budget, points[i - 1].best),
                      at(points[i].budget, points[i].best), best, 2.5f);
        draw->AddLine(at(points[i - 1].budget, points[i - 1].priority),
                      at(points[i].budget, points[i].priority), priority, 2.0f);
    }
    draw->AddText(ImVec2(right - 260, top), best, "optimised");
    draw->AddText(ImVec2(right - 160, top), priority, "priority order");
    // Hovering the plot: the nearest budget's two values.
    if (ImGui::IsItemHovered()) {
        const float mouse = ImGui::GetIO().MousePos.x;
        const FrontierPoint* nearest = &points.front();
        for (const auto& p : points) {
            if (std::abs(at(p.budget, lo).x - mouse) <
                std::abs(at(nearest->budget, lo).x - mouse)) {
                nearest = &p;
            }
        }
        const float x = at(nearest->budget, lo).x;
        draw->AddLine(ImVec2(x, top), ImVec2(x, bottom), IM_COL32(120, 120, 120, 160));
        draw->AddCircleFilled(at(nearest->budget, nearest->best), 4, best);
        draw->AddCircleFilled(at(nearest->budget, nearest->priority), 4, priority);
        const auto shown = [&](double v) {
            return rate ? fmt::format("{:.2f}%", 100 * v) : fmt::format("{:.4g}", v);
        };
        ImGui::SetTooltip("%s a year\noptimised: %s\npriority order: %s\n(means of the verifying "
                          "simulations)",
                          gbp(nearest->budget).c_str(), shown(nearest->best).c_str(),
                          shown(nearest->priority).c_str());
    }
}

// A goal's value as everything else shows it: rates in percent, their differences in
// points; counts as they are.
std::string value_text(bool rate, double v) {
    return rate ? fmt::format("{:.2f}%", 100 * v) : fmt::format("{:.2f}", v);
}

std::string change_text(bool rate, double v) {
    return rate ? fmt::format("{:+.2f} points", 100 * v) : fmt::format("{:+.2f}", v);
}

// The objective or target, the budget (GBP a year, as the parameters' budget) and
// replicates; Optimise starts it off the window's thread.
void draw_form(App& app, const model::Scenario& s) {
    auto& form = app.optimise_form;
    int mode = form.target ? 1 : 0;
    ImGui::RadioButton("Best use of a budget", &mode, 0);
    ImGui::SameLine();
    ImGui::RadioButton("Least budget for a target", &mode, 1);
    form.target = mode == 1;
    ImGui::SetNextItemWidth(520);
    ImGui::InputText(form.target ? "target" : "objective", form.goal.data(), form.goal.size());
    ImGui::TextDisabled(form.target ? "e.g. vacancy_rate, registered manager, years 3-5 <= 0.08"
                                    : "e.g. min vacancy_rate, registered manager, years 3-5; "
                                      "max bench_strength, group:managerial, year 10");
    if (!form.target) {
        ImGui::SetNextItemWidth(200);
        ImGui::InputDouble("budget, GBP a year", &form.budget, 10'000, 100'000, "%.0f");
        form.budget = std::clamp(std::round(form.budget), 0.0, 1e10);
        ImGui::SameLine();
        ImGui::TextDisabled("= GBP %s", grouped(form.budget).c_str());
        ImGui::Checkbox("frontier (5 budgets up to this one)", &form.frontier);
    }
    ImGui::SetNextItemWidth(200);
    ImGui::SliderInt("replicates per allocation", &form.replicates, 2, 40, "%d",
                     ImGuiSliderFlags_AlwaysClamp);
    if (app.optimiser.running()) {
        ImGui::TextUnformatted(("working: " + app.optimiser.progress()).c_str());
        if (ImGui::Button("Cancel")) {
            app.optimiser.cancel();
        }
    } else if (ImGui::Button("Optimise")) {
        const auto parsed = model::parse_goal(form.goal.data(), s, form.target);
        if (const auto* why = std::get_if<std::string>(&parsed)) {
            form.message = *why;
        } else {
            form.message.clear();
            batch::OptimiseJob job{app.working_valid(),
                                   std::get<model::Goal>(parsed),
                                   form.budget,
                                   form.replicates,
                                   3,
                                   app.threads,
                                   nullptr,
                                   {}};
            app.optimiser.start(job, form.frontier && !form.target ? 4 : 0);
        }
    }
    if (!form.message.empty()) {
        ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", form.message.c_str());
    }
    if (const auto error = app.optimiser.error(); !error.empty()) {
        ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", error.c_str());
    }
}

// The answer in words, as the command line says it: the chosen allocation against the
// priority order, and whether the difference is beyond what chance alone gives.
void draw_answer(const OptimiseOutcome& outcome) {
    const batch::Decision& d = outcome.decision;
    const batch::Verified& chosen = d.verified[d.chosen];
    const batch::Verified& split = d.verified[0];
    const bool rate = outcome.rate;
    ImGui::TextWrapped("%s: %s a year buys the allocation marked below: %s by the agents, "
                       "against %s for the priority-order split of the same money.",
                       outcome.target ? "Least budget" : "Budget", gbp(d.budget).c_str(),
                       value_text(rate, chosen.mean).c_str(), value_text(rate, split.mean).c_str());
    switch (batch::verdict(d)) {
    case batch::Verdict::PriorityBest:
        ImGui::TextWrapped("Spending in priority order was the best of the %zu allocations tried.",
                           d.verified.size());
        break;
    case batch::Verdict::NoClearDifference:
        ImGui::TextWrapped("No clear difference from the priority order: %s is within what "
                           "chance alone gives (95%% interval %s to %s). Either is as good for "
                           "this goal; the chosen one costs %s a year.",
                           change_text(rate, chosen.difference).c_str(),
                           change_text(rate, chosen.difference_low).c_str(),
                           change_text(rate, chosen.difference_high).c_str(),
                           gbp(chosen.allocation.cost).c_str());
        break;
    case batch::Verdict::ClearDifference:
        ImGui::TextWrapped("A clear difference from the priority order: %s (95%% interval %s to "
                           "%s).",
                           change_text(rate, chosen.difference).c_str(),
                           change_text(rate, chosen.difference_low).c_str(),
                           change_text(rate, chosen.difference_high).c_str());
        break;
    }
}

// One column per verified allocation, one row per programme and figure: long programme
// names read as row labels, and the chosen column is highlighted.
void draw_verified(const OptimiseOutcome& outcome, const model::Scenario& s) {
    const batch::Decision& d = outcome.decision;
    const bool rate = outcome.rate;
    const int columns = static_cast<int>(d.verified.size()) + 1;
    // Stretched to the panel, text wrapped in its cells: nothing runs past the edge at
    // 1280x720, whatever the labels.
    if (!ImGui::BeginTable("verified", columns,
                           ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                               ImGuiTableFlags_SizingStretchProp)) {
        return;
    }
    std::vector<std::string> headers{"places a year"};
    ImGui::TableSetupColumn("places a year", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    for (std::size_t i = 0; i < d.verified.size(); ++i) {
        const auto& label = d.verified[i].label;
        headers.push_back(i == d.chosen ? label + " (chosen)" : label);
        ImGui::TableSetupColumn(headers.back().c_str(), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    }
    // Headers wrapped in their cells ("optimised (best on the twin)" is wider than a
    // column at 1280x720); ImGui's own header row would cut them.
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (std::size_t c = 0; c < headers.size(); ++c) {
        ImGui::TableSetColumnIndex(static_cast<int>(c));
        ImGui::TextWrapped("%s", headers[c].c_str());
    }
    const auto row = [&](const std::string& name, const auto& cell) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", name.c_str());
        for (std::size_t i = 0; i < d.verified.size(); ++i) {
            ImGui::TableNextColumn();
            if (i == d.chosen) {
                ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, IM_COL32(200, 235, 200, 255));
            }
            ImGui::TextWrapped("%s", cell(d.verified[i], i).c_str());
        }
    };
    for (std::size_t p = 0; p < s.programmes.size(); ++p) {
        row(s.programmes[p].name, [&](const batch::Verified& v, std::size_t) {
            return fmt::format("{:.0f}", v.allocation.places[p]);
        });
    }
    row("cost a year",
        [](const batch::Verified& v, std::size_t) { return gbp(v.allocation.cost); });
    row("mean (agents)",
        [&](const batch::Verified& v, std::size_t) { return value_text(rate, v.mean); });
    row("P5-P95", [&](const batch::Verified& v, std::size_t) {
        return value_text(rate, v.p5) + " to " + value_text(rate, v.p95);
    });
    row("vs priority order, 95%", [&](const batch::Verified& v, std::size_t i) {
        if (i == 0) {
            return std::string("-");
        }
        const double scale = rate ? 100 : 1; // points once, after the interval
        return fmt::format("{:+.2f} ({:+.2f} to {:+.2f}){}", scale * v.difference,
                           scale * v.difference_low, scale * v.difference_high,
                           rate ? " points" : "");
    });
    row("verdict", [&](const batch::Verified& v, std::size_t i) {
        if (i == 0) {
            return std::string("the comparison");
        }
        const bool clear = v.difference_low > 0 || v.difference_high < 0;
        return std::string(clear ? "a clear difference" : "no clear difference (within chance)");
    });
    ImGui::EndTable();
}

} // namespace

void draw_optimise(App& app) {
    const model::Scenario& s = app.working();
    if (s.programmes.empty()) {
        ImGui::TextWrapped("This scenario has no training programmes to fund.");
        return;
    }
    draw_form(app, s);
    const auto outcome = app.optimiser.outcome();
    if (!outcome) {
        return;
    }
    const batch::Decision& d = outcome->decision;
    ImGui::Separator();
    ImGui::TextUnformatted(outcome->goal_text.c_str());
    if (!d.feasible) {
        ImGui::TextWrapped("No allocation within the programmes' limits meets the target: the "
                           "best the agents reach is %s.",
                           value_text(outcome->rate, d.best_reachable).c_str());
        return;
    }
    draw_answer(*outcome);
    draw_verified(*outcome, s);
    if (ImGui::Button("Apply to scenario")) {
        app.apply_allocation(d.verified[d.chosen].allocation);
        app.status = "applied the chosen allocation to the parameters";
    }
    draw_frontier(outcome->frontier, outcome->goal_text, outcome->rate);
}

} // namespace carecast::gui
