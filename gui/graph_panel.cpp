// The career graph: roles by leadership level, edges as thick as their expected flow,
// the narrowest step into leadership in the alarm colour.
#include "panels.hpp"
#include "series.hpp"

#include <carecast/model/career_graph.hpp>

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace carecast::gui {
namespace {

constexpr ImU32 kAlarm = IM_COL32(213, 94, 0, 230);   // the narrowest level's cut
constexpr ImU32 kCut = IM_COL32(230, 159, 0, 190);    // other levels' cuts
constexpr ImU32 kEdge = IM_COL32(150, 152, 160, 160); // every other edge
constexpr ImU32 kInk = IM_COL32(20, 20, 30, 255);

// A point on a cubic Bezier curve.
ImVec2 bezier(ImVec2 a, ImVec2 b, ImVec2 c, ImVec2 d, float t) {
    const float u = 1 - t;
    return ImVec2(u * u * u * a.x + 3 * u * u * t * b.x + 3 * u * t * t * c.x + t * t * t * d.x,
                  u * u * u * a.y + 3 * u * u * t * b.y + 3 * u * t * t * c.y + t * t * t * d.y);
}

bool overlaps(const ImVec4& a, const ImVec4& b) {
    return a.x < b.z && b.x < a.z && a.y < b.w && b.y < a.w;
}

// Where each role's box is: one row per level, strategic at the top; names wrapped
// inside their box.
struct Layout {
    std::vector<ImVec2> centre;
    std::vector<float> width;
    std::vector<float> height;
    ImVec4 box(std::size_t r) const {
        return ImVec4(centre[r].x - width[r] / 2, centre[r].y - height[r] / 2,
                      centre[r].x + width[r] / 2, centre[r].y + height[r] / 2);
    }
};

Layout lay_out(const model::Scenario& s, ImDrawList* draw, ImVec2 origin, ImVec2 size) {
    Layout layout{std::vector<ImVec2>(s.roles.size()), std::vector<float>(s.roles.size(), 150),
                  std::vector<float>(s.roles.size(), 40)};
    const float line = ImGui::GetTextLineHeight();
    for (int level = 0; level < model::kLeadershipLevels; ++level) {
        std::vector<std::size_t> row;
        for (std::size_t r = 0; r < s.roles.size(); ++r) {
            if (static_cast<int>(s.roles[r].level) == level) {
                row.push_back(r);
            }
        }
        std::stable_sort(row.begin(), row.end(),
                         [&](auto a, auto b) { return s.roles[a].group < s.roles[b].group; });
        const float y = origin.y + size.y - 70 - static_cast<float>(level) * (size.y - 130) / 3;
        const char* name = model::to_string(static_cast<model::LeadershipLevel>(level));
        draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(origin.x + 8, y - line),
                      IM_COL32(120, 120, 130, 255), name, nullptr, 120);
        for (std::size_t i = 0; i < row.size(); ++i) {
            const float spacing = (size.x - 150) / static_cast<float>(row.size());
            const std::size_t r = row[i];
            layout.centre[r] = ImVec2(origin.x + 140 + spacing * (static_cast<float>(i) + 0.5f), y);
            layout.width[r] = std::clamp(spacing - 10, 60.0f, 190.0f);
            const float text =
                ImGui::CalcTextSize(s.roles[r].name.c_str(), nullptr, false, layout.width[r] - 12)
                    .y;
            layout.height[r] = text + line + 10;
        }
    }
    return layout;
}

// Expected flow along each edge over the first year, in the chosen area.
std::vector<double> first_year_flows(const App& app) {
    const auto& s = app.working();
    const std::size_t areas = s.areas.size();
    std::vector<double> flow(s.edges.size(), 0.0);
    const auto& twin = app.twin();
    for (std::size_t m = 1; m < std::min<std::size_t>(13, twin.size()); ++m) {
        for (std::size_t e = 0; e < s.edges.size(); ++e) {
            flow[e] +=
                app.view.area < 0
                    ? twin[m].edge_flow[e]
                    : twin[m]
                          .edge_flow_by_area[e * areas + static_cast<std::size_t>(app.view.area)];
        }
    }
    return flow;
}

// Each edge's colour: the minimum cut into the narrowest leadership level (fewest people
// a month able to reach it per post there) in alarm, the other levels' cuts in amber.
std::vector<ImU32> edge_colours(const App& app, std::vector<bool>& in_cut) {
    const auto& s = app.working();
    const auto levels = model::pipeline_bottlenecks(s.roles, s.edges, app.edge_capacity());
    std::size_t narrowest = levels.size();
    double least = INFINITY;
    for (std::size_t l = 0; l < levels.size(); ++l) {
        double posts = 0;
        for (const auto& role : s.roles) {
            posts += role.level == levels[l].level ? role.posts : 0;
        }
        const double per_post = posts > 0 ? levels[l].max_flow / posts : INFINITY;
        if (per_post < least) {
            least = per_post;
            narrowest = l;
        }
    }
    std::vector<ImU32> colour(s.edges.size(), kEdge);
    in_cut.assign(s.edges.size(), false);
    for (std::size_t l = 0; l < levels.size(); ++l) {
        for (const auto& edge : levels[l].cut) {
            in_cut[edge.edge] = true;
            colour[edge.edge] = l == narrowest ? kAlarm : kCut;
        }
    }
    return colour;
}

struct Label {
    ImVec2 at;
    std::string text;
    ImU32 colour;
};

// Edges (neutral under coloured), each with its flow's label at the first point along
// the curve where it overlaps nothing placed before. Returns the labels, to draw on top;
// sets `hover` for an edge under the mouse.
std::vector<Label> draw_edges(const App& app, ImDrawList* draw, const Layout& layout,
                              const std::string& place, std::string& hover) {
    const auto& s = app.working();
    const std::vector<double> flow = first_year_flows(app);
    std::vector<bool> in_cut;
    const std::vector<ImU32> colour = edge_colours(app, in_cut);
    const double biggest =
        flow.empty() ? 1.0 : std::max(1.0, *std::max_element(flow.begin(), flow.end()));
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    std::vector<std::size_t> order(s.edges.size());
    for (std::size_t e = 0; e < order.size(); ++e) {
        order[e] = e;
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](auto a, auto b) { return !in_cut[a] && in_cut[b]; });
    std::vector<ImVec4> placed;
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        placed.push_back(layout.box(r));
    }
    std::vector<Label> labels;
    for (const std::size_t e : order) {
        const auto& edge = s.edges[e];
        const bool same_level = s.roles[edge.from].level == s.roles[edge.to].level;
        const ImVec2& from = layout.centre[edge.from];
        const ImVec2& to = layout.centre[edge.to];
        const float from_edge = (same_level ? 1.0f : -1.0f) * layout.height[edge.from] / 2;
        const ImVec2 a(from.x, from.y + from_edge);
        const ImVec2 b(to.x, to.y + layout.height[edge.to] / 2);
        const ImVec2 c1(a.x, a.y + (same_level ? 50.0f : -40.0f));
        const ImVec2 c2(b.x, b.y + (same_level ? 50.0f : 40.0f));
        const float thickness = 1.0f + 12.0f * static_cast<float>(std::sqrt(flow[e] / biggest));
        draw->AddBezierCubic(a, c1, c2, b, colour[e], thickness);
        const std::string text = fmt::format("{:.0f}/yr", flow[e]);
        const ImVec2 text_size = ImGui::CalcTextSize(text.c_str());
        ImVec2 at = bezier(a, c1, c2, b, 0.5f);
        for (float t : {0.5f, 0.4f, 0.6f, 0.3f, 0.7f, 0.25f, 0.75f, 0.2f, 0.8f}) {
            const ImVec2 p = bezier(a, c1, c2, b, t);
            const ImVec4 box(p.x + 3, p.y - text_size.y / 2, p.x + 3 + text_size.x,
                             p.y + text_size.y / 2);
            if (std::none_of(placed.begin(), placed.end(),
                             [&](const ImVec4& other) { return overlaps(box, other); })) {
                at = p;
                break;
            }
        }
        placed.push_back(ImVec4(at.x + 3, at.y - text_size.y / 2, at.x + 3 + text_size.x,
                                at.y + text_size.y / 2));
        labels.push_back({ImVec2(at.x + 3, at.y - text_size.y / 2), text,
                          in_cut[e] ? IM_COL32(150, 60, 0, 255) : IM_COL32(70, 70, 80, 255)});
        if (std::hypot(mouse.x - at.x, mouse.y - at.y) < 14) {
            hover = fmt::format("{} -> {} ({})\nexpected {:.0f} people in the first year ({})\n"
                                "capacity {:.1f} a month (England){}",
                                s.roles[edge.from].name, s.roles[edge.to].name,
                                model::to_string(edge.kind), flow[e], place, app.edge_capacity()[e],
                                in_cut[e] ? "\non a minimum cut: a bottleneck" : "");
        }
    }
    return labels;
}

// The role boxes, on top: name and people in post at the start in the chosen area.
void draw_boxes(const App& app, ImDrawList* draw, const Layout& layout, std::string& hover) {
    const auto& s = app.working();
    const std::size_t areas = s.areas.size();
    const auto& twin = app.twin();
    const auto& start = twin.empty() ? model::TwinMonth{} : twin.front();
    const float line = ImGui::GetTextLineHeight();
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        const ImVec4 box = layout.box(r);
        const ImVec2 lo(box.x, box.y);
        const ImVec2 hi(box.z, box.w);
        const bool leader = model::is_leadership(s.roles[r].level);
        draw->AddRectFilled(
            lo, hi, leader ? IM_COL32(255, 243, 214, 255) : IM_COL32(226, 236, 248, 255), 6);
        draw->AddRect(lo, hi, IM_COL32(90, 100, 120, 255), 6);
        draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(lo.x + 6, lo.y + 4), kInk,
                      s.roles[r].name.c_str(), nullptr, layout.width[r] - 12);
        double filled = 0;
        for (std::size_t a = 0; a < areas && !start.filled.empty(); ++a) {
            if (app.view.area < 0 || static_cast<int>(a) == app.view.area) {
                filled += start.filled[r * areas + a];
            }
        }
        const std::string count = fmt::format("{:.0f} in post", filled);
        draw->AddText(ImVec2(lo.x + 6, hi.y - line - 3), IM_COL32(90, 90, 100, 255), count.c_str());
        if (std::abs(mouse.x - layout.centre[r].x) < layout.width[r] / 2 &&
            std::abs(mouse.y - layout.centre[r].y) < layout.height[r] / 2) {
            hover = s.roles[r].name;
        }
    }
}

} // namespace

void draw_career_graph(App& app) {
    const auto& s = app.working();
    const std::string place = app.view.area < 0 ? all_areas_label(s) : s.areas[app.view.area].name;
    ImGui::TextWrapped("%s: roles by leadership level, edges as thick as their expected flow "
                       "in the first year (Markov twin). Orange-red: the minimum cut into the "
                       "narrowest leadership level (fewest people able to reach it per post); "
                       "amber: the cuts into the other levels; grey: every other edge.",
                       place.c_str());
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 size = ImGui::GetContentRegionAvail();
    ImGui::InvisibleButton("graph", size);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), IM_COL32_WHITE);
    const Layout layout = lay_out(s, draw, origin, size);
    std::string hover;
    for (const auto& label : draw_edges(app, draw, layout, place, hover)) {
        const ImVec2 text_size = ImGui::CalcTextSize(label.text.c_str());
        draw->AddRectFilled(label.at, ImVec2(label.at.x + text_size.x, label.at.y + text_size.y),
                            IM_COL32(255, 255, 255, 220));
        draw->AddText(label.at, label.colour, label.text.c_str());
    }
    draw_boxes(app, draw, layout, hover);
    if (!hover.empty()) {
        ImGui::SetTooltip("%s", hover.c_str());
    }
}

} // namespace carecast::gui
