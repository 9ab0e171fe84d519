// The succession view: for each leadership role, people ready now and within 1, 2 and 5
// years per post over the projection, the year each bench first falls below the
// threshold, and a roles-by-areas grid coloured by bench strength or vacancy rate.
#include "panels.hpp"
#include "series.hpp"

#include <imgui.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace carecast::gui {
namespace {

// Colour-blind safe, diverging: orange where the pipeline breaks, blue where it holds.
ImU32 diverging(double t) { // t in [0, 1]: 0 bad, 1 good
    t = std::clamp(t, 0.0, 1.0);
    const double bad[3] = {230, 97, 1};
    const double mid[3] = {247, 247, 247};
    const double good[3] = {33, 102, 172};
    const double* a = t < 0.5 ? bad : mid;
    const double* b = t < 0.5 ? mid : good;
    const double u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
    return IM_COL32(static_cast<int>(a[0] + (b[0] - a[0]) * u),
                    static_cast<int>(a[1] + (b[1] - a[1]) * u),
                    static_cast<int>(a[2] + (b[2] - a[2]) * u), 255);
}

std::vector<int> leadership_roles(const model::Scenario& s) {
    std::vector<int> roles;
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        if (model::is_leadership(s.roles[r].level)) {
            roles.push_back(static_cast<int>(r));
        }
    }
    return roles;
}

// The mean over replicates of a measure in a month, where the replicates have one.
template <typename Measure>
std::optional<double> mean_over(const Ensemble& e, int month, Measure measure) {
    double sum = 0;
    int n = 0;
    for (const auto& r : e.replicates) {
        if (month > r.completed_months) {
            continue;
        }
        if (const std::optional<double> v = measure(r)) {
            sum += *v;
            ++n;
        }
    }
    return n > 0 ? std::optional<double>(sum / n) : std::nullopt;
}

// People ready within `within` months per post (0: now), and the vacancy rate.
std::optional<double> mean_ready(const Ensemble& e, sim::Selection where, int month, int within) {
    return mean_over(e, month,
                     [&](const sim::Results& r) { return r.ready_per_post(month, where, within); });
}

std::optional<double> mean_vacancy(const Ensemble& e, sim::Selection where, int month) {
    return mean_over(e, month, [&](const sim::Results& r) { return r.vacancy_rate(month, where); });
}

// A cell's tone on the diverging scale (0 bad, 1 good). Bench strength: below the
// threshold always orange (0 to 0.3, deeper the further below), at or above it always
// blue (0.6 to 1, deepest at four times it), so a bench that has just broken is never
// near white. Vacancy rate: 15% and more worst, 0 best.
double shade(int metric, const std::optional<double>& value, double threshold) {
    if (!value) {
        return 0.5;
    }
    if (metric != 0) {
        return 1 - *value / 0.15;
    }
    const double ratio = threshold > 0 ? *value / threshold : 4.0;
    return ratio < 1 ? 0.3 * ratio : 0.6 + 0.4 * std::min(1.0, std::log2(ratio) / 2);
}

// A value as the grid, the tile map and the colour key write it: successors a post, or a
// vacancy rate in percent; "-" where there is none.
std::string value_text(int metric, const std::optional<double>& value) {
    return !value        ? std::string("-")
           : metric == 0 ? fmt::format("{:.2f}", *value)
                         : fmt::format("{:.1f}%", *value * 100);
}

// Text on a cell: white on the deep ends of the scale, dark elsewhere and on no value.
ImU32 ink_on(double tone, bool has_value) {
    const bool dark = has_value && (tone < 0.15 || tone > 0.85);
    return dark ? IM_COL32(255, 255, 255, 255) : IM_COL32(35, 35, 40, 255);
}

// The colour key: swatches at values either side of where the scale breaks (the
// threshold for bench strength, 7.5% for vacancies), the break marked between them.
void draw_colour_key(int metric, double threshold) {
    struct Swatch {
        double value;
        bool after_break;
    };
    const std::vector<Swatch> swatches =
        metric == 0 ? std::vector<Swatch>{{0, false},
                                          {threshold * 0.5, false},
                                          {threshold * 0.99, false},
                                          {threshold, true},
                                          {threshold * 2, true},
                                          {threshold * 4, true}}
                    : std::vector<Swatch>{{0.15, false}, {0.10, false}, {0.075, true},
                                          {0.05, true},  {0.025, true}, {0, true}};
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = ImGui::CalcTextSize("100.0%").x + 12;
    const float height = ImGui::GetTextLineHeight() + 6;
    const float gap = 14;
    float x = origin.x;
    bool broken = false;
    for (const Swatch& w : swatches) {
        if (w.after_break && !broken) { // the break: a gap and a dark tick
            draw->AddLine(ImVec2(x + gap / 2 - 1, origin.y - 2),
                          ImVec2(x + gap / 2 - 1, origin.y + height + 2), IM_COL32(35, 35, 40, 255),
                          2);
            x += gap;
            broken = true;
        }
        const double t = shade(metric, w.value, threshold);
        draw->AddRectFilled(ImVec2(x, origin.y), ImVec2(x + width - 2, origin.y + height),
                            diverging(t));
        draw->AddText(ImVec2(x + 5, origin.y + 3), ink_on(t, true),
                      value_text(metric, w.value).c_str());
        x += width;
    }
    ImGui::Dummy(ImVec2(x - origin.x, height));
    ImGui::SameLine();
    if (metric == 0) {
        ImGui::TextDisabled("successors a post; the scale breaks at the threshold, %.2f",
                            threshold);
    } else {
        ImGui::TextDisabled("vacancy rate; the scale breaks at 7.5%%, deepest at 15%%");
    }
}

// England's nine regions as tiles laid out roughly as on a map (column, row).
struct Tile {
    const char* area;
    const char* label;
    int column;
    int row;
};
constexpr Tile kTiles[] = {{"North East", "NE", 2, 0},
                           {"North West", "NW", 1, 1},
                           {"Yorkshire and The Humber", "YH", 2, 1},
                           {"West Midlands", "WM", 1, 2},
                           {"East Midlands", "EM", 2, 2},
                           {"East of England", "EE", 3, 2},
                           {"South West", "SW", 0, 3},
                           {"South East", "SE", 2, 3},
                           {"London", "LDN", 3, 3}};

struct GridState {
    int metric = 0; // 0: bench strength, 1: vacancy rate
    int year = -1;  // years from the start; -1: the last
};

// The regions as a tile map, coloured by the grid's metric for the focus leadership
// role (registered managers where there are some): where the pipeline breaks, at a
// glance. Only for a scenario whose areas are England's regions.
void draw_tile_map(const App& app, const Ensemble& e, int metric, int month, int year) {
    const model::Scenario& s = app.working();
    std::vector<int> area_of(std::size(kTiles), -1);
    for (std::size_t t = 0; t < std::size(kTiles); ++t) {
        area_of[t] = s.area_index(kTiles[t].area);
        if (area_of[t] < 0) {
            return;
        }
    }
    int focus = s.role_index("registered manager");
    if (focus < 0) {
        const auto roles = leadership_roles(s);
        if (roles.empty()) {
            return;
        }
        focus = roles.front();
    }
    const float threshold = app.view.bench_threshold;
    ImGui::TextUnformatted(
        fmt::format("{}, {}:", s.roles[static_cast<std::size_t>(focus)].name, s.start_year + year)
            .c_str());
    const float tile = ImGui::GetFontSize() * 3.4f;
    const float gap = 4;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    for (std::size_t t = 0; t < std::size(kTiles); ++t) {
        sim::Selection where;
        where.role = static_cast<model::RoleId>(focus);
        where.area = static_cast<model::AreaId>(area_of[t]);
        const auto value =
            metric == 0 ? mean_ready(e, where, month, 0) : mean_vacancy(e, where, month);
        const double tone = shade(metric, value, threshold);
        const ImVec2 a(origin.x + static_cast<float>(kTiles[t].column) * (tile + gap),
                       origin.y + static_cast<float>(kTiles[t].row) * (tile + gap));
        const ImVec2 b(a.x + tile, a.y + tile);
        draw->AddRectFilled(a, b, value ? diverging(tone) : IM_COL32(220, 220, 220, 255), 4);
        const ImU32 ink = ink_on(tone, value.has_value());
        draw->AddText(ImVec2(a.x + 6, a.y + 4), ink, kTiles[t].label);
        const std::string text = value_text(metric, value);
        draw->AddText(ImVec2(a.x + 6, b.y - ImGui::GetTextLineHeight() - 4), ink, text.c_str());
        if (ImGui::IsMouseHoveringRect(a, b)) {
            ImGui::SetTooltip("%s: %s", kTiles[t].area, text.c_str());
        }
    }
    ImGui::Dummy(ImVec2(4 * (tile + gap), 4 * (tile + gap)));
}

sim::Selection selection(const App& app, int role) {
    sim::Selection where;
    where.role = static_cast<model::RoleId>(role);
    if (app.view.area >= 0) {
        where.area = static_cast<model::AreaId>(app.view.area);
    }
    return where;
}

// Small multiples: one chart per leadership role, each with its own axis, the people
// ready now and within 1, 2 and 5 years per post.
void draw_bench_charts(const App& app, const Ensemble& e, const std::vector<int>& roles) {
    const model::Scenario& s = app.working();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const int columns = std::min<int>(static_cast<int>(roles.size()), avail.x > 1500 ? 5 : 3);
    const int rows = (static_cast<int>(roles.size()) + columns - 1) / columns;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float chart_height = std::max(170.0f, avail.y * 0.55f / static_cast<float>(rows));
    const ImVec2 size((avail.x - spacing * static_cast<float>(columns - 1)) /
                          static_cast<float>(columns),
                      chart_height);
    const ImU32 colours[4] = {IM_COL32(0, 114, 178, 255), IM_COL32(0, 158, 115, 255),
                              IM_COL32(230, 159, 0, 255), IM_COL32(204, 121, 167, 255)};
    const char* names[4] = {"now", "within 1 year", "within 2 years", "within 5 years"};
    const int within[4] = {0, 12, 24, 60};
    const int patterns[4] = {0, 2, 1, 0}; // colour and line style both tell them apart
    for (std::size_t k = 0; k < roles.size(); ++k) {
        const int r = roles[k];
        const sim::Selection where = selection(app, r);
        ChartSpec spec =
            chart_spec(s.roles[static_cast<std::size_t>(r)].name, "per post", s.start_year);
        spec.threshold = app.view.bench_threshold;
        spec.threshold_label = "threshold";
        std::vector<Series> series;
        for (int w = 3; w >= 0; --w) {
            series.push_back(ensemble_series(
                e,
                [where, w, &within](const sim::Results& results, int m) {
                    return results.ready_per_post(m, where, within[w]);
                },
                names[w], colours[w]));
            series.back().pattern = patterns[w];
            series.back().thickness = w == 0 ? 2.5f : 2.0f;
        }
        if (k % static_cast<std::size_t>(columns) != 0) {
            ImGui::SameLine();
        }
        draw_chart(fmt::format("succession{}", r).c_str(), spec, series, size);
    }
}

// When each bench first falls below the threshold.
void draw_first_below(const App& app, const Ensemble& e, const std::vector<int>& roles) {
    const model::Scenario& s = app.working();
    const float threshold = app.view.bench_threshold;
    const int last = e.replicates.front().completed_months;
    // One wrapped line, so it never runs past the window's edge.
    std::string line = fmt::format("Ready-now bench first below {:.1f} per post:", threshold);
    for (const int r : roles) {
        const sim::Selection where = selection(app, r);
        int first = -1;
        for (int m = 0; m <= last && first < 0; ++m) {
            if (const auto v = mean_ready(e, where, m, 0); v && *v < threshold) {
                first = m;
            }
        }
        line += fmt::format("  {}: {};", s.roles[static_cast<std::size_t>(r)].name,
                            first < 0 ? std::string("never")
                                      : fmt::format("{}", s.start_year + first / 12));
    }
    line.pop_back();
    ImGui::Spacing();
    ImGui::TextWrapped("%s", line.c_str());
}

// The grid's layout: a column of role names, a column per area and England.
struct GridLayout {
    ImVec2 origin;
    float name_width = 0;
    float cell_width = 60;
    float cell_height = 20;
    float header = 0;
};

// Where area a (areas: the whole) is drawn: the whole first, so it shows without
// scrolling at 1280x720, then the areas in the scenario's order.
std::size_t grid_column(std::size_t a, std::size_t areas) {
    return areas == 1 ? 0 : (a == areas ? 0 : a + 1);
}

// One cell: coloured by the metric, its value written in, its values on hover.
void draw_cell(const App& app, const Ensemble& e, const GridState& grid, const GridLayout& layout,
               int r, std::size_t a, std::size_t row, int year) {
    const model::Scenario& s = app.working();
    const std::size_t areas = s.areas.size();
    const int month = year * 12;
    sim::Selection where;
    where.role = static_cast<model::RoleId>(r);
    if (a < areas) {
        where.area = static_cast<model::AreaId>(a);
    }
    const auto value =
        grid.metric == 0 ? mean_ready(e, where, month, 0) : mean_vacancy(e, where, month);
    const double t = shade(grid.metric, value, app.view.bench_threshold);
    const float y = layout.origin.y + layout.header + layout.cell_height * static_cast<float>(row);
    const ImVec2 a0(layout.origin.x + layout.name_width +
                        layout.cell_width * static_cast<float>(grid_column(a, areas)),
                    y);
    const ImVec2 a1(a0.x + layout.cell_width - 2, a0.y + layout.cell_height - 2);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(a0, a1, value ? diverging(t) : IM_COL32(220, 220, 220, 255));
    const std::string text = value_text(grid.metric, value);
    const ImVec2 size_text = ImGui::CalcTextSize(text.c_str());
    draw->AddText(ImVec2(a0.x + (layout.cell_width - size_text.x) / 2, a0.y + 4),
                  ink_on(t, value.has_value()), text.c_str());
    if (ImGui::IsMouseHoveringRect(a0, a1) && value) {
        const auto later = mean_ready(e, where, month, 60);
        const auto vacancy = mean_vacancy(e, where, month);
        ImGui::SetTooltip("%s, %s, %d\nready now: %.2f per post\nready within 5 years: "
                          "%.2f per post\nvacancy rate: %.1f%%",
                          s.roles[static_cast<std::size_t>(r)].name.c_str(),
                          a == areas ? all_areas_label(s).c_str() : s.areas[a].name.c_str(),
                          s.start_year + year, mean_ready(e, where, month, 0).value_or(0),
                          later.value_or(0), vacancy.value_or(0) * 100);
    }
}

// Widest single word of a label: a column narrower than it would split the word.
float widest_word(const std::string& label) {
    float widest = 0;
    std::size_t start = 0;
    while (start <= label.size()) {
        const std::size_t end = std::min(label.find(' ', start), label.size());
        const std::string word = label.substr(start, end - start);
        widest = std::max(widest, ImGui::CalcTextSize(word.c_str()).x);
        start = end + 1;
    }
    return widest;
}

// Cells as wide as the view allows, never narrower than an area's longest word or a value;
// the name column as wide as the longest role name.
GridLayout fit_layout(const model::Scenario& s, const std::vector<int>& roles, std::size_t columns,
                      float room) {
    GridLayout layout;
    const std::size_t areas = s.areas.size();
    float narrowest = ImGui::CalcTextSize("100.00").x;
    for (std::size_t a = 0; a < columns; ++a) {
        narrowest =
            std::max(narrowest, widest_word(a == areas ? all_areas_label(s) : s.areas[a].name));
    }
    narrowest += 10;
    layout.name_width = 0;
    for (const int r : roles) {
        layout.name_width =
            std::max(layout.name_width,
                     ImGui::CalcTextSize(s.roles[static_cast<std::size_t>(r)].name.c_str()).x);
    }
    layout.name_width += 12;
    layout.cell_width =
        std::max(narrowest, (room - layout.name_width) / static_cast<float>(columns));
    layout.cell_width = std::min(layout.cell_width, narrowest * 1.6f);
    layout.cell_height = ImGui::GetTextLineHeight() + 8;
    layout.header = ImGui::GetTextLineHeight() * 4 + 6;
    return layout;
}

// The area names over their columns, the role names down the side, and the cells.
void draw_grid_cells(const App& app, const Ensemble& e, const GridState& grid,
                     const GridLayout& layout, const std::vector<int>& roles, std::size_t columns,
                     int year) {
    const model::Scenario& s = app.working();
    const std::size_t areas = s.areas.size();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    for (std::size_t a = 0; a < columns; ++a) { // area names, wrapped at spaces within the cell
        const std::string label = a == areas ? all_areas_label(s) : s.areas[a].name;
        const float x = layout.origin.x + layout.name_width +
                        layout.cell_width * static_cast<float>(grid_column(a, areas));
        draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(x + 2, layout.origin.y),
                      IM_COL32(35, 35, 40, 255), label.c_str(), nullptr, layout.cell_width - 4);
    }
    for (std::size_t k = 0; k < roles.size(); ++k) {
        const float y =
            layout.origin.y + layout.header + layout.cell_height * static_cast<float>(k);
        draw->AddText(ImVec2(layout.origin.x, y + 4), IM_COL32(35, 35, 40, 255),
                      s.roles[static_cast<std::size_t>(roles[k])].name.c_str());
        for (std::size_t a = 0; a < columns; ++a) {
            draw_cell(app, e, grid, layout, roles[k], a, k, year);
        }
    }
}

// Roles by areas, coloured where the pipeline breaks, with a tile map of the regions.
void draw_grid(const App& app, const Ensemble& e, const std::vector<int>& roles) {
    const model::Scenario& s = app.working();
    static GridState grid;
    ImGui::Spacing();
    ImGui::SetNextItemWidth(280);
    ImGui::Combo("colour by", &grid.metric, "bench strength (ready now)\0vacancy rate\0");
    ImGui::SameLine();
    const int years = e.replicates.front().completed_months / 12;
    int year = grid.year < 0 ? years : std::min(grid.year, years);
    ImGui::SetNextItemWidth(200);
    if (ImGui::SliderInt("##year", &year, 0, years, fmt::format("{}", s.start_year + year).c_str(),
                         ImGuiSliderFlags_AlwaysClamp)) {
        grid.year = year;
    }
    const std::size_t areas = s.areas.size();
    // One area: its own column is the total; no second column repeating it.
    const std::size_t columns = areas == 1 ? 1 : areas + 1;
    // Room on the right for the tile map where the areas are England's regions.
    const bool regions = std::all_of(std::begin(kTiles), std::end(kTiles),
                                     [&](const Tile& t) { return s.area_index(t.area) >= 0; });
    const float map_width = regions ? 4 * (ImGui::GetFontSize() * 3.4f + 4) + 20 : 0;
    // Wider than the view (ten columns at 1280x720): the grid scrolls sideways rather than
    // losing its last column, and the tile map goes below it.
    const float available = ImGui::GetContentRegionAvail().x;
    GridLayout layout = fit_layout(s, roles, columns, available - map_width);
    const float width = layout.name_width + layout.cell_width * static_cast<float>(columns);
    const float height = layout.header + layout.cell_height * static_cast<float>(roles.size());
    const bool scrolls = width > available;
    ImGui::BeginChild("succession grid",
                      ImVec2(scrolls ? available : width,
                             height + (scrolls ? ImGui::GetStyle().ScrollbarSize + 4 : 0)),
                      false, ImGuiWindowFlags_HorizontalScrollbar);
    layout.origin = ImGui::GetCursorScreenPos();
    draw_grid_cells(app, e, grid, layout, roles, columns, year);
    ImGui::Dummy(ImVec2(width, height));
    ImGui::EndChild();
    if (regions && !scrolls && width + map_width <= available) {
        ImGui::SameLine(0, 20);
    }
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("orange: below the threshold (bench) or high vacancies; blue: at or above "
                        "it, or few vacancies. Hover a cell for its values.");
    ImGui::PopTextWrapPos();
    draw_colour_key(grid.metric, app.view.bench_threshold);
    ImGui::PushTextWrapPos(0);
    ImGui::PopTextWrapPos();
    if (regions) {
        draw_tile_map(app, e, grid.metric, year * 12, year);
    }
    ImGui::EndGroup();
}

} // namespace

void draw_succession(App& app) {
    const model::Scenario& s = app.working();
    const auto ensemble = app.shown();
    const auto roles = leadership_roles(s);
    const std::string place = app.view.area < 0 ? all_areas_label(s) : s.areas[app.view.area].name;
    ImGui::Text("Leadership succession, %s", place.c_str());
    ImGui::PushTextWrapPos(0); // wrapped at the window's edge, never cut off
    ImGui::TextDisabled("Successors per post in the feeder roles: ready now, and within 1, 2 and "
                        "5 years; threshold %.1f per post (View, left).",
                        app.view.bench_threshold);
    ImGui::PopTextWrapPos();
    if (!ensemble || roles.empty()) {
        ImGui::TextDisabled(roles.empty() ? "This scenario has no leadership roles."
                                          : "No run yet: the view fills in when the run ends.");
        return;
    }
    draw_bench_charts(app, *ensemble, roles);
    draw_first_below(app, *ensemble, roles);
    draw_grid(app, *ensemble, roles);
}

} // namespace carecast::gui
