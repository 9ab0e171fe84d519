#include "panels.hpp"
#include "series.hpp"

#include <imgui.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace carecast::gui {
namespace {

// A chart's spec with the scenario's events marked where they start.
ChartSpec event_spec(const App& app, std::string title, std::string unit, int start_year,
                     bool percent = false) {
    ChartSpec spec = chart_spec(std::move(title), std::move(unit), start_year, percent);
    // One marker a month: several events starting together share it.
    std::map<int, std::vector<std::string>> by_month;
    for (const auto& e : app.working().events) {
        by_month[e.month].push_back(e.name);
    }
    for (const auto& [month, names] : by_month) {
        std::string label =
            names.front().size() > 28 ? names.front().substr(0, 26) + ".." : names.front();
        if (names.size() > 1) {
            label += fmt::format(" (+{})", names.size() - 1);
        }
        spec.markers.push_back({month, label});
    }
    return spec;
}

// Posts follow the demand path, which needs no agents: drawn from the parameters in
// force, never stale.
Series posts_series(const App& app) {
    Series posts = twin_series(app, &model::TwinMonth::posts, "posts", palette(7));
    posts.dashed = false;
    posts.current = true;
    return posts;
}

// Flows (starters, spend) happen during a month: month 0, the starting stocks, has none,
// so their lines start at month 1 rather than dropping to zero at the left edge.
void from_month_one(std::vector<Series>& series) {
    for (auto& s : series) {
        for (auto* values : {&s.values, &s.low, &s.high}) {
            if (!values->empty()) {
                values->front() = NAN;
            }
        }
    }
}

// While the shown run is of earlier parameters, its solid lines are drawn faded and
// say so; the twin's dashed lines are always the current parameters'.
void draw_honest(const App& app, const char* id, const ChartSpec& spec, std::vector<Series> series,
                 ImVec2 size) {
    if (app.results_stale()) {
        for (auto& s : series) {
            if (!s.dashed && !s.current) {
                s.colour = (s.colour & ~IM_COL32_A_MASK) | (80u << IM_COL32_A_SHIFT);
                s.label += " (previous run)";
            }
        }
    }
    // The pinned baseline on every chart: thin, faded, dotted, labelled.
    if (app.pinned && !app.pinned->replicates.empty()) {
        const std::size_t own = series.size();
        for (std::size_t i = 0; i < own; ++i) {
            if (!series[i].from_run) {
                continue;
            }
            Series pinned = series[i].from_run(app.pinned.get());
            pinned.label =
                series[i].label.substr(0, series[i].label.find(" (previous run)")) + " (pinned)";
            pinned.colour = (pinned.colour & ~IM_COL32_A_MASK) | (110u << IM_COL32_A_SHIFT);
            pinned.thickness = 1.5f;
            pinned.pattern = 2; // dotted: never mistaken for the faded previous run
            if (!series[i].values.empty() && std::isnan(series[i].values.front()) &&
                !pinned.values.empty()) {
                pinned.values.front() = NAN; // a flow: from month 1, as its run's
            }
            pinned.low.clear(); // its band would hide the current run's
            pinned.high.clear();
            pinned.from_run = nullptr;
            series.push_back(std::move(pinned));
        }
    }
    draw_chart(id, spec, series, size);
}

// One small chart per leadership role, each on its own axis with the threshold: a
// narrow bench is never squashed under a deep one.
void draw_benches(const App& app, const Ensemble& e, const sim::Selection& chosen, ImVec2 size) {
    const auto& s = app.working();
    std::vector<std::size_t> shown_roles;
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        if (model::is_leadership(s.roles[r].level) && (!chosen.role || *chosen.role == r) &&
            (!chosen.group || *chosen.group == s.roles[r].group)) {
            shown_roles.push_back(r);
        }
    }
    ImGui::BeginGroup();
    const ImVec2 corner = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddText(corner, IM_COL32(35, 35, 40, 255),
                                        "Bench: ready-now successors per post, by role");
    ImGui::Dummy(ImVec2(size.x, ImGui::GetTextLineHeight()));
    const int columns = shown_roles.size() <= 1 ? 1 : shown_roles.size() <= 4 ? 2 : 3;
    const int rows =
        std::max<int>(1, (static_cast<int>(shown_roles.size()) + columns - 1) / columns);
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const ImVec2 mini((size.x - gap * static_cast<float>(columns - 1)) /
                          static_cast<float>(columns),
                      (size.y - ImGui::GetTextLineHeightWithSpacing() -
                       ImGui::GetStyle().ItemSpacing.y * static_cast<float>(rows - 1)) /
                          static_cast<float>(rows));
    for (std::size_t k = 0; k < shown_roles.size(); ++k) {
        const std::size_t r = shown_roles[k];
        ChartSpec spec = event_spec(app, s.roles[r].name, "per post", s.start_year);
        spec.compact = true;
        spec.threshold = app.view.bench_threshold;
        spec.threshold_label = "threshold";
        sim::Selection one = chosen;
        one.role = static_cast<model::RoleId>(r);
        one.group.reset();
        std::vector<Series> series{ensemble_series(
            e, [one](const sim::Results& res, int m) { return res.bench_strength(m, one); },
            s.roles[r].name, palette(0))};
        if (k % static_cast<std::size_t>(columns) != 0) {
            ImGui::SameLine();
        }
        draw_honest(app, fmt::format("bench{}", r).c_str(), spec, series, mini);
    }
    ImGui::EndGroup();
}

// A metric of the selection's totals, as a chart's measure.
template <typename Field> auto count_of(const sim::Selection& chosen, Field field) {
    return [chosen, field](const sim::Results& r, int m) -> std::optional<double> {
        return static_cast<double>(field(r.total(m, chosen)));
    };
}

void draw_stocks(const App& app, const Ensemble& e, const sim::Selection& chosen, ImVec2 size) {
    const int year = app.working().start_year;
    {
        ChartSpec spec = event_spec(app, "Posts and filled posts", "people", year);
        std::vector<Series> series{
            posts_series(app),
            ensemble_series(e, count_of(chosen, [](const sim::CellMonth& c) { return c.filled; }),
                            "filled", palette(0)),
            twin_series(app, &model::TwinMonth::filled, "filled, expected", palette(0))};
        draw_honest(app, "posts", spec, series, size);
    }
    ImGui::SameLine();
    ChartSpec spec = event_spec(app, "Vacancy rate", "% of posts", year, true);
    std::vector<Series> series{
        ensemble_series(
            e, [chosen](const sim::Results& r, int m) { return r.vacancy_rate(m, chosen); },
            "vacancy rate", palette(1)),
        twin_vacancy_rate(app, "expected", palette(1))};
    draw_honest(app, "vacancy", spec, series, size);
}

void draw_flows(const App& app, const Ensemble& e, const sim::Selection& chosen, ImVec2 size) {
    const int year = app.working().start_year;
    {
        ChartSpec spec = event_spec(app, "Starters a month", "people", year);
        std::vector<Series> series{
            ensemble_series(e,
                            count_of(chosen,
                                     [](const sim::CellMonth& c) {
                                         return c.starters_moved + c.starters_promoted;
                                     }),
                            "internal (moves and promotions)", palette(2)),
            ensemble_series(
                e, count_of(chosen, [](const sim::CellMonth& c) { return c.starters_external; }),
                "external", palette(3))};
        series[1].pattern = 1; // told apart by line style as well as colour
        from_month_one(series);
        draw_honest(app, "starters", spec, series, size);
    }
    {
        ChartSpec spec = event_spec(app, "Training spend", "GBP a month", year);
        std::vector<Series> series{ensemble_series(
            e,
            [chosen](const sim::Results& r, int m) -> std::optional<double> {
                return r.total(m, chosen).programme_spend;
            },
            "programme spend", palette(4))};
        if (!series[0].values.empty()) {
            series[0].values[0] = NAN; // month 0 has no flows
        }
        from_month_one(series);
        draw_honest(app, "spend", spec, series, size);
    }
    ImGui::SameLine();
    ChartSpec spec =
        event_spec(app, "Turnover, last 12 months", "% of filled posts a year", year, true);
    std::vector<Series> series{ensemble_series(
        e, [chosen](const sim::Results& r, int m) { return r.turnover_rate_12m(m, chosen); },
        "turnover", palette(5))};
    draw_honest(app, "turnover", spec, series, size);
}

} // namespace

void draw_charts(App& app) {
    const auto ensemble = app.shown();
    const auto chosen = selection(app.view);
    ImGui::Text("%s", selection_label(app).c_str());
    ImGui::SameLine();
    const std::string band =
        !ensemble || ensemble->replicates.size() < 2 ? std::string()
        : ensemble->parameter_sets > 1
            ? fmt::format(" (mean, band P5-P95 over {} assumption sets and chance)",
                          ensemble->parameter_sets)
            : std::string(" (mean, band P5-P95: chance alone)");
    ImGui::PushTextWrapPos(0.0f); // wraps at the window's edge, at any width
    ImGui::TextDisabled("  solid: agent-based run%s; dashed: expected values (Markov twin)",
                        band.c_str());
    ImGui::PopTextWrapPos();
    if (app.results_stale()) {
        ImGui::SameLine();
        ImGui::TextColored(
            ImVec4(0.75f, 0.35f, 0.0f, 1), "  faded: the previous parameters' run; %s",
            app.runner.running() ? "the new run is in progress" : "a new run follows");
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const ImVec2 size((avail.x - spacing) / 2, (avail.y - 2 * ImGui::GetStyle().ItemSpacing.y) / 3);
    const Ensemble empty;
    const Ensemble& e = ensemble ? *ensemble : empty;
    draw_stocks(app, e, chosen, size);
    draw_benches(app, e, chosen, size);
    ImGui::SameLine();
    draw_flows(app, e, chosen, size);
}

} // namespace carecast::gui
