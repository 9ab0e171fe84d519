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
    std::vector<float> font; // per role: its row's text size (smaller where a row is crowded)
    ImVec4 box(std::size_t r) const {
        return ImVec4(centre[r].x - width[r] / 2, centre[r].y - height[r] / 2,
                      centre[r].x + width[r] / 2, centre[r].y + height[r] / 2);
    }
};

// The widest word of a name: a box is never narrower, so names break between words.
float widest_word(const std::string& name, float font) {
    float widest = 0;
    std::size_t start = 0;
    while (start <= name.size()) {
        const std::size_t end = std::min(name.find(' ', start), name.size());
        const std::string word = name.substr(start, end - start);
        widest =
            std::max(widest, ImGui::GetFont()->CalcTextSizeA(font, FLT_MAX, 0, word.c_str()).x);
        start = end + 1;
    }
    return widest;
}

Layout lay_out(const model::Scenario& s, ImDrawList* draw, ImVec2 origin, ImVec2 size) {
    const std::size_t roles = s.roles.size();
    Layout layout{std::vector<ImVec2>(roles), std::vector<float>(roles, 150),
                  std::vector<float>(roles, 40), std::vector<float>(roles, ImGui::GetFontSize())};
    const float line = ImGui::GetTextLineHeight();
    // Room below the front line for the lateral flows' arcs.
    const float bottom = origin.y + size.y - std::max(90.0f, size.y * 0.16f);
    for (int level = 0; level < model::kLeadershipLevels; ++level) {
        std::vector<std::size_t> row;
        for (std::size_t r = 0; r < roles; ++r) {
            if (static_cast<int>(s.roles[r].level) == level) {
                row.push_back(r);
            }
        }
        std::stable_sort(row.begin(), row.end(),
                         [&](auto a, auto b) { return s.roles[a].group < s.roles[b].group; });
        const float y = bottom - static_cast<float>(level) * (bottom - origin.y - 60) / 3;
        const char* name = model::to_string(static_cast<model::LeadershipLevel>(level));
        draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(origin.x + 8, y - line),
                      IM_COL32(120, 120, 130, 255), name, nullptr, 120);
        if (row.empty()) {
            continue;
        }
        const float spacing = (size.x - 150) / static_cast<float>(row.size());
        const float width = std::clamp(spacing - 8, 60.0f, 190.0f);
        // A crowded row takes a smaller text size, so that its longest word fits.
        float font = ImGui::GetFontSize();
        for (const std::size_t r : row) {
            const float word = widest_word(s.roles[r].name, font);
            font = word + 12 > width
                       ? std::max(ImGui::GetFontSize() * 0.6f, font * (width - 13) / word)
                       : font;
        }
        for (std::size_t i = 0; i < row.size(); ++i) {
            const std::size_t r = row[i];
            layout.centre[r] = ImVec2(origin.x + 140 + spacing * (static_cast<float>(i) + 0.5f), y);
            layout.width[r] = width;
            layout.font[r] = font;
            const float text =
                ImGui::GetFont()
                    ->CalcTextSizeA(font, FLT_MAX, width - 12, s.roles[r].name.c_str())
                    .y;
            layout.height[r] = text + font * line / ImGui::GetFontSize() + 10;
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

// What hovering an edge says: its flow, how many could take it, and what makes one ready.
std::string edge_text(const App& app, std::size_t e, double flow, const std::string& place,
                      bool in_cut) {
    const auto& s = app.working();
    const auto& edge = s.edges[e];
    std::string ready = fmt::format("ready after {} months in the role", edge.min_months_in_role);
    if (edge.min_readiness > 0 && s.readiness_per_month > 0) {
        ready = fmt::format("ready after {:.0f} months in the role (readiness {:.0f} at {:.1f} a "
                            "month; programmes shorten it)",
                            std::max<double>(edge.min_months_in_role,
                                             std::ceil(edge.min_readiness / s.readiness_per_month)),
                            edge.min_readiness, s.readiness_per_month);
    }
    return fmt::format("{} -> {} ({})\nexpected {} people in the first year ({})\n"
                       "applying at {:.1f}% a month once ready; {}\n"
                       "capacity {:.1f} people a month (England: eligible people x rate){}",
                       s.roles[edge.from].name, s.roles[edge.to].name, model::to_string(edge.kind),
                       grouped(flow), place, 100 * edge.monthly_rate, ready, app.edge_capacity()[e],
                       in_cut ? "\non a minimum cut: a bottleneck into its level" : "");
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
                              const std::string& place, float floor_y, std::string& hover) {
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
    float hover_distance = INFINITY;
    for (const std::size_t e : order) {
        const auto& edge = s.edges[e];
        const bool same_level = s.roles[edge.from].level == s.roles[edge.to].level;
        const ImVec2& from = layout.centre[edge.from];
        const ImVec2& to = layout.centre[edge.to];
        const float from_edge = (same_level ? 1.0f : -1.0f) * layout.height[edge.from] / 2;
        const ImVec2 a(from.x, from.y + from_edge);
        const ImVec2 b(to.x, to.y + layout.height[edge.to] / 2);
        // Lateral flows arc below their row, deeper the further apart their roles are,
        // so arcs between neighbours and across the row do not lie on one another.
        // (A cubic's furthest point is three quarters of its control points' offset.)
        const float room = (floor_y - a.y - 8) / 0.75f;
        const float depth = same_level ? std::min(room, 20.0f + 0.1f * std::abs(b.x - a.x)) : 0.0f;
        const ImVec2 c1(a.x, a.y + (same_level ? depth : -40.0f));
        const ImVec2 c2(b.x, b.y + (same_level ? depth : 40.0f));
        const float thickness = 1.0f + 12.0f * static_cast<float>(std::sqrt(flow[e] / biggest));
        draw->AddBezierCubic(a, c1, c2, b, colour[e], thickness);
        const std::string text = fmt::format("{:.0f}/yr", flow[e]);
        const ImVec2 text_size = ImGui::CalcTextSize(text.c_str());
        // The label where it overlaps nothing placed before; where there is no such
        // place, none (hovering the edge says its flow).
        for (float t : {0.5f, 0.4f, 0.6f, 0.3f, 0.7f, 0.25f, 0.75f, 0.2f, 0.8f}) {
            const ImVec2 p = bezier(a, c1, c2, b, t);
            const ImVec4 box(p.x + 3, p.y - text_size.y / 2, p.x + 3 + text_size.x,
                             p.y + text_size.y / 2);
            if (std::none_of(placed.begin(), placed.end(),
                             [&](const ImVec4& other) { return overlaps(box, other); })) {
                placed.push_back(box);
                labels.push_back(
                    {ImVec2(box.x, box.y), text,
                     in_cut[e] ? IM_COL32(150, 60, 0, 255) : IM_COL32(70, 70, 80, 255)});
                break;
            }
        }
        // The mouse's distance to the curve, as 32 straight pieces.
        float nearest = INFINITY;
        ImVec2 previous = a;
        for (int k = 1; k <= 32; ++k) {
            const ImVec2 p = bezier(a, c1, c2, b, static_cast<float>(k) / 32);
            const float dx = p.x - previous.x;
            const float dy = p.y - previous.y;
            const float length = dx * dx + dy * dy;
            const float t =
                length > 0
                    ? std::clamp(((mouse.x - previous.x) * dx + (mouse.y - previous.y) * dy) /
                                     length,
                                 0.0f, 1.0f)
                    : 0.0f;
            nearest = std::min(
                nearest, std::hypot(mouse.x - previous.x - t * dx, mouse.y - previous.y - t * dy));
            previous = p;
        }
        if (nearest < thickness / 2 + 4 && nearest < hover_distance) {
            hover_distance = nearest;
            hover = edge_text(app, e, flow[e], place, in_cut[e]);
        }
    }
    return labels;
}

// What hovering a role says: its people now and in ten years, its vacancies, and the
// first year's flows in and out along the career graph (the twin), and its bench.
std::string role_text(const App& app, std::size_t r, double filled_now) {
    const auto& s = app.working();
    const std::size_t areas = s.areas.size();
    const auto& twin = app.twin();
    const auto sum = [&](const std::vector<double>& per_cell) {
        double total = 0;
        for (std::size_t a = 0; a < areas && !per_cell.empty(); ++a) {
            if (app.view.area < 0 || static_cast<int>(a) == app.view.area) {
                total += per_cell[r * areas + a];
            }
        }
        return total;
    };
    std::string text = fmt::format("{}: {} people in post", s.roles[r].name, grouped(filled_now));
    if (twin.size() > 1) {
        const auto& last = twin.back();
        const double posts = sum(last.posts);
        const double filled = sum(last.filled);
        text += fmt::format("\nexpected in {}: {} in post of {} posts ({:.1f}% vacant)",
                            s.start_year + static_cast<int>(twin.size() - 1) / 12, grouped(filled),
                            grouped(posts), posts > 0 ? 100 * (1 - filled / posts) : 0.0);
        double in = 0;
        double out = 0;
        for (std::size_t m = 1; m < std::min<std::size_t>(13, twin.size()); ++m) {
            in += sum(twin[m].promoted_in);
            out += sum(twin[m].promoted_out);
        }
        text += fmt::format("\nfirst year: {} promoted in, {} promoted out (expected)", grouped(in),
                            grouped(out));
    }
    if (const auto shown = app.shown();
        shown && !shown->replicates.empty() && model::is_leadership(s.roles[r].level)) {
        sim::Selection one;
        one.role = static_cast<model::RoleId>(r);
        if (app.view.area >= 0) {
            one.area = static_cast<model::AreaId>(app.view.area);
        }
        const auto& results = shown->replicates.front();
        if (const auto bench = results.bench_strength(results.completed_months, one)) {
            text += fmt::format("\nbench at the run's end: {:.2f} ready-now successors a post "
                                "(agent-based run)",
                                *bench);
        }
    }
    return text;
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
        draw->AddText(ImGui::GetFont(), layout.font[r], ImVec2(lo.x + 6, lo.y + 4), kInk,
                      s.roles[r].name.c_str(), nullptr, layout.width[r] - 12);
        double filled = 0;
        for (std::size_t a = 0; a < areas && !start.filled.empty(); ++a) {
            if (app.view.area < 0 || static_cast<int>(a) == app.view.area) {
                filled += start.filled[r * areas + a];
            }
        }
        // Thousands as "k" where the full count would not fit the box.
        std::string count = fmt::format("{} in post", grouped(filled));
        const auto fits = [&](const std::string& text) {
            return ImGui::GetFont()->CalcTextSizeA(layout.font[r], FLT_MAX, 0, text.c_str()).x <=
                   layout.width[r] - 12;
        };
        if (!fits(count)) {
            count = filled >= 10'000 ? fmt::format("{:.0f}k", filled / 1000)
                                     : fmt::format("{:.0f}", filled);
        }
        const float row = line * layout.font[r] / ImGui::GetFontSize();
        draw->AddText(ImGui::GetFont(), layout.font[r], ImVec2(lo.x + 6, hi.y - row - 3),
                      IM_COL32(90, 90, 100, 255), count.c_str());
        if (std::abs(mouse.x - layout.centre[r].x) < layout.width[r] / 2 &&
            std::abs(mouse.y - layout.centre[r].y) < layout.height[r] / 2) {
            hover = role_text(app, r, filled);
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
    for (const auto& label : draw_edges(app, draw, layout, place, origin.y + size.y, hover)) {
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
