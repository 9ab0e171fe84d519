#include "panels.hpp"

#include <carecast/model/career_graph.hpp>

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace carecast::gui {

void draw_career_graph(App& app) {
    const auto& s = app.working();
    ImGui::TextWrapped("Roles by leadership level; edges as thick as their expected flow in the "
                       "first year (Markov twin). Red edges form the minimum cut: the narrowest "
                       "step into each leadership level.");
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 size = ImGui::GetContentRegionAvail();
    ImGui::InvisibleButton("graph", size);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), IM_COL32_WHITE);

    // Lay out: one row per level, strategic at the top.
    std::vector<ImVec2> centre(s.roles.size());
    std::vector<float> width(s.roles.size(), 150);
    const float box_height = 40;
    for (int level = 0; level < model::kLeadershipLevels; ++level) {
        std::vector<std::size_t> row;
        for (std::size_t r = 0; r < s.roles.size(); ++r) {
            if (static_cast<int>(s.roles[r].level) == level) {
                row.push_back(r);
            }
        }
        std::stable_sort(row.begin(), row.end(),
                         [&](auto a, auto b) { return s.roles[a].group < s.roles[b].group; });
        const float y = origin.y + size.y - 60 - level * (size.y - 110) / 3;
        const char* name = model::to_string(static_cast<model::LeadershipLevel>(level));
        draw->AddText(ImVec2(origin.x + 8, y - 8), IM_COL32(120, 120, 130, 255), name);
        for (std::size_t i = 0; i < row.size(); ++i) {
            const float spacing = (size.x - 220) / static_cast<float>(row.size());
            const float x = origin.x + 150 + spacing * (static_cast<float>(i) + 0.5f);
            centre[row[i]] = ImVec2(x, y);
            width[row[i]] = std::min(150.0f, spacing - 8);
        }
    }
    // Flows over the first year, and the edges of each level's minimum cut.
    std::vector<double> flow(s.edges.size(), 0.0);
    const auto& twin = app.twin();
    for (std::size_t m = 1; m < std::min<std::size_t>(13, twin.size()); ++m) {
        for (std::size_t e = 0; e < s.edges.size(); ++e) {
            flow[e] += twin[m].edge_flow[e];
        }
    }
    std::vector<bool> in_cut(s.edges.size(), false);
    for (const auto& level : model::pipeline_bottlenecks(s.roles, s.edges, app.edge_capacity())) {
        for (const auto& edge : level.cut) {
            in_cut[edge.edge] = true;
        }
    }
    // A scenario may have no career edges at all.
    const double biggest =
        flow.empty() ? 1.0 : std::max(1.0, *std::max_element(flow.begin(), flow.end()));
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    std::string hover;
    for (std::size_t e = 0; e < s.edges.size(); ++e) {
        const auto& edge = s.edges[e];
        const ImVec2 a(centre[edge.from].x, centre[edge.from].y - box_height / 2);
        const ImVec2 b(centre[edge.to].x, centre[edge.to].y + box_height / 2);
        const bool same_level = s.roles[edge.from].level == s.roles[edge.to].level;
        const ImVec2 a2 =
            same_level ? ImVec2(centre[edge.from].x, centre[edge.from].y + box_height / 2) : a;
        const ImVec2 c1(a2.x, a2.y + (same_level ? 50.0f : -40.0f));
        const ImVec2 c2(b.x, same_level ? b.y + 50.0f : b.y + 40.0f);
        const float thickness = 1.0f + 12.0f * static_cast<float>(std::sqrt(flow[e] / biggest));
        const ImU32 colour = in_cut[e] ? IM_COL32(214, 39, 40, 200) : IM_COL32(70, 110, 170, 150);
        draw->AddBezierCubic(a2, c1, c2, same_level ? ImVec2(b.x, b.y) : b, colour, thickness);
        const ImVec2 mid((a2.x + b.x) / 2, (a2.y + b.y) / 2);
        const std::string label = fmt::format("{:.0f}/yr", flow[e]);
        draw->AddText(ImVec2(mid.x + 4, mid.y - 6),
                      in_cut[e] ? IM_COL32(180, 30, 30, 255) : IM_COL32(60, 60, 70, 255),
                      label.c_str());
        if (std::hypot(mouse.x - mid.x, mouse.y - mid.y) < 14) {
            hover = fmt::format("{} -> {} ({})\nexpected {:.0f} people in the first year\n"
                                "capacity {:.1f} a month{}",
                                s.roles[edge.from].name, s.roles[edge.to].name,
                                model::to_string(edge.kind), flow[e], app.edge_capacity()[e],
                                in_cut[e] ? "\non the minimum cut: a bottleneck" : "");
        }
    }
    const auto& path_end = twin.empty() ? model::TwinMonth{} : twin.front();
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        const ImVec2 lo(centre[r].x - width[r] / 2, centre[r].y - box_height / 2);
        const ImVec2 hi(centre[r].x + width[r] / 2, centre[r].y + box_height / 2);
        const bool leader = model::is_leadership(s.roles[r].level);
        draw->AddRectFilled(
            lo, hi, leader ? IM_COL32(255, 243, 214, 255) : IM_COL32(226, 236, 248, 255), 6);
        draw->AddRect(lo, hi, IM_COL32(90, 100, 120, 255), 6);
        // Shorten names to the box; the full name is in the tooltip.
        std::string shown = s.roles[r].name;
        while (shown.size() > 4 && ImGui::CalcTextSize(shown.c_str()).x > width[r] - 12) {
            shown = shown.substr(0, shown.size() - 2) + ".";
        }
        if (std::abs(mouse.x - centre[r].x) < width[r] / 2 &&
            std::abs(mouse.y - centre[r].y) < box_height / 2) {
            hover = s.roles[r].name;
        }
        draw->AddText(ImVec2(lo.x + 6, lo.y + 4), IM_COL32(20, 20, 30, 255), shown.c_str());
        double filled = 0;
        if (!path_end.filled.empty()) {
            for (std::size_t a = 0; a < s.areas.size(); ++a) {
                filled += path_end.filled[r * s.areas.size() + a];
            }
        }
        const std::string count = fmt::format("{:.0f}", filled);
        draw->AddText(ImVec2(lo.x + 6, lo.y + 21), IM_COL32(90, 90, 100, 255), count.c_str());
    }
    if (!hover.empty()) {
        ImGui::SetTooltip("%s", hover.c_str());
    }
}

} // namespace carecast::gui
