// The Sensitivity tab: which declared assumptions decide an output, as a tornado
// chart (the output with each input alone at the ends of its range), ordered by the
// share of the output's variance each accounts for (total-order Sobol' index).
#include "panels.hpp"

#include <carecast/model/scenario_edit.hpp>
#include <carecast/model/uncertainty.hpp>

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace carecast::gui {
namespace {

const char* kMetrics[] = {"vacancy_rate", "bench_strength", "filled"};
const char* kSamples[] = {"32", "64", "128", "256"};

std::string shown_value(model::GoalMetric metric, double v) {
    return metric == model::GoalMetric::VacancyRate ? fmt::format("{:.1f}%", 100 * v)
                                                    : fmt::format("{:.3g}", v);
}

// The output, the number of samples, and Run (or Cancel while it works).
void draw_form(App& app, const model::Scenario& s) {
    auto& form = app.sensitivity_form;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    ImGui::Combo("metric", &form.metric, kMetrics, IM_ARRAYSIZE(kMetrics));
    ImGui::SameLine();
    std::vector<const char*> subjects{"all roles"};
    for (const auto& role : s.roles) {
        subjects.push_back(role.name.c_str());
    }
    form.subject = std::clamp(form.subject, 0, static_cast<int>(subjects.size()) - 1);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
    ImGui::Combo("role", &form.subject, subjects.data(), static_cast<int>(subjects.size()));
    ImGui::SameLine();
    const int years = std::max(1, s.horizon_months / 12);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    if (ImGui::InputInt("year", &form.year)) {
        form.year = std::clamp(form.year, 1, years); // typed or stepped, kept in range
    }
    ImGui::SameLine();
    ImGui::TextDisabled("= %d", s.start_year + form.year - 1);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    ImGui::Combo("samples (N)", &form.samples, kSamples, IM_ARRAYSIZE(kSamples));
    ImGui::SameLine();
    ImGui::TextDisabled("more: narrower intervals, longer to work out");
    if (app.sensitivity.running()) {
        ImGui::TextUnformatted(("working: " + app.sensitivity.progress()).c_str());
        if (ImGui::Button("Cancel")) {
            app.sensitivity.cancel();
        }
        return;
    }
    if (ImGui::Button("Find what decides it")) {
        const std::string subject = form.subject == 0 ? "all" : subjects[form.subject];
        const std::string text =
            fmt::format("{}, {}, year {}", kMetrics[form.metric], subject, form.year);
        auto parsed = batch::parse_output(text, s);
        if (const auto* why = std::get_if<std::string>(&parsed)) {
            form.message = *why;
            return;
        }
        form.message.clear();
        batch::SensitivityJob job(app.working_valid());
        job.outputs.push_back(std::get<model::Goal>(parsed));
        job.samples = std::atoi(kSamples[form.samples]);
        job.trajectories = 8;
        job.verify_inputs = 0; // the command line checks with agents; the window stays quick
        job.threads = app.threads;
        job.seed = s.seed;
        app.sensitivity.start(std::move(job));
    }
    if (!form.message.empty()) {
        ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", form.message.c_str());
    }
    if (const auto error = app.sensitivity.error(); !error.empty()) {
        ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", error.c_str());
    }
}

// One bar a row: from the central value to the output at the input's low end (blue)
// and high end (orange), on one axis for every row.
void draw_tornado(const batch::SensitivityResult& r) {
    const auto metric = r.metrics[0];
    const auto order = r.ranking(0);
    const std::size_t rows = std::min<std::size_t>(order.size(), 10);
    double lo = r.central[0];
    double hi = r.central[0];
    for (std::size_t k = 0; k < rows; ++k) {
        lo = std::min({lo, r.swing_low[0][order[k]], r.swing_high[0][order[k]]});
        hi = std::max({hi, r.swing_low[0][order[k]], r.swing_high[0][order[k]]});
    }
    if (hi - lo < 1e-12) {
        hi = lo + 1e-12;
    }
    const float font = ImGui::GetFontSize();
    const float width = ImGui::GetContentRegionAvail().x;
    const float label_width = std::min(width * 0.42f, font * 24);
    const float index_width = font * 10;
    const float bars = std::max(font * 8, width - label_width - index_width);
    const float row_height = font * 1.6f;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const auto x_of = [&](const ImVec2& origin, double v) {
        return origin.x + label_width + static_cast<float>((v - lo) / (hi - lo)) * (bars - font);
    };
    const ImU32 low_colour = IM_COL32(60, 110, 190, 255);
    const ImU32 high_colour = IM_COL32(220, 120, 40, 255);
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    for (std::size_t k = 0; k < rows; ++k) {
        const std::size_t i = order[k];
        const auto& input = r.inputs[i];
        const ImVec2 origin = ImGui::GetCursorScreenPos();
        ImGui::InvisibleButton(fmt::format("row{}", k).c_str(), ImVec2(width, row_height));
        std::string label = model::parameter_words(input.key);
        while (label.size() > 4 &&
               ImGui::CalcTextSize(label.c_str()).x > label_width - font * 0.5f) {
            label = label.substr(0, label.size() - 4) + "...";
        }
        draw->AddText(ImVec2(origin.x, origin.y + font * 0.3f), text, label.c_str());
        const float centre = x_of(origin, r.central[0]);
        const float top = origin.y + font * 0.2f;
        const float bottom = origin.y + row_height - font * 0.2f;
        const float low_end = x_of(origin, r.swing_low[0][i]);
        const float high_end = x_of(origin, r.swing_high[0][i]);
        draw->AddRectFilled(ImVec2(std::min(centre, low_end), top),
                            ImVec2(std::max(centre, low_end) + 1, bottom), low_colour);
        draw->AddRectFilled(ImVec2(std::min(centre, high_end), top),
                            ImVec2(std::max(centre, high_end) + 1, bottom), high_colour);
        const auto sobol = r.sobol_of(0, i);
        // An estimate a little above 1 is sampling error: shown as about all of it.
        const std::string index = !sobol ? std::string("screened out")
                                  : sobol->total > 0.995
                                      ? std::string("total ~1")
                                      : fmt::format("total {:.2f}", sobol->total);
        draw->AddText(ImVec2(origin.x + label_width + bars + font * 0.5f, origin.y + font * 0.3f),
                      text, index.c_str());
        if (ImGui::IsItemHovered()) {
            ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(font * 36, FLT_MAX));
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(font * 35);
            ImGui::TextUnformatted(input.key.c_str());
            ImGui::Text("declared: %s", model::describe(input, false).c_str());
            ImGui::Text("output at the low end %s, at the high end %s",
                        shown_value(metric, r.swing_low[0][i]).c_str(),
                        shown_value(metric, r.swing_high[0][i]).c_str());
            if (sobol) {
                ImGui::Text("total-order index %.2f [%.2f-%.2f], first-order %.2f", sobol->total,
                            sobol->total_low, sobol->total_high, sobol->first);
            }
            ImGui::TextWrapped("source: %s", input.source.c_str());
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
    }
    // The axis: the central value and both ends of the scale.
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(width, font * 1.4f));
    for (const double v : {lo, r.central[0], hi}) {
        const std::string tick = shown_value(metric, v);
        const float w = ImGui::CalcTextSize(tick.c_str()).x;
        draw->AddText(ImVec2(std::clamp(x_of(origin, v) - w / 2, origin.x + label_width,
                                        origin.x + label_width + bars - w),
                             origin.y),
                      ImGui::GetColorU32(ImGuiCol_TextDisabled), tick.c_str());
    }
    ImGui::TextColored(ImVec4(0.24f, 0.43f, 0.75f, 1), "low end");
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.86f, 0.47f, 0.16f, 1), "high end");
    ImGui::SameLine();
    ImGui::TextDisabled("of each input's declared range, the others at their values");
}

} // namespace

void draw_sensitivity(App& app) {
    const model::Scenario& s = app.working();
    ImGui::TextWrapped("Which of the scenario's declared assumptions decide an answer: each "
                       "uncertain input is screened, the ones that matter ranked by the share of "
                       "the answer's variance they account for (Sobol' indices), all on the quick "
                       "expected-value model. carecast sensitivity also checks the top ones with "
                       "full simulations.");
    if (s.uncertainties.empty()) {
        ImGui::TextWrapped("This scenario declares no uncertain inputs: add [[uncertainty]] "
                           "tables (key, range or factor, source), as scenarios/england.toml "
                           "does.");
        return;
    }
    ImGui::Text("%zu declared uncertain inputs.", s.uncertainties.size());
    draw_form(app, s);
    const auto result = app.sensitivity.outcome();
    if (!result || result->outputs.empty()) {
        return;
    }
    ImGui::Separator();
    const auto metric = result->metrics[0];
    ImGui::TextWrapped(
        "%s: %s with every input at its value; %s to %s (P5-P95) across the "
        "declared ranges. %d runs of the quick model.",
        result->outputs[0].c_str(), shown_value(metric, result->central[0]).c_str(),
        result->spread.empty() ? "-" : shown_value(metric, result->spread[0].first).c_str(),
        result->spread.empty() ? "-" : shown_value(metric, result->spread[0].second).c_str(),
        result->twin_runs);
    draw_tornado(*result);
}

} // namespace carecast::gui
