#include "chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace carecast::gui {
namespace {

constexpr ImU32 kInk = IM_COL32(35, 35, 40, 255);
constexpr ImU32 kGrid = IM_COL32(225, 228, 232, 255);
constexpr ImU32 kAxis = IM_COL32(120, 124, 130, 255);
constexpr ImU32 kBackground = IM_COL32(255, 255, 255, 255);

// 1, 2 or 5 times a power of ten, near range / target ticks.
double nice_step(double range, int target) {
    const double raw = range / std::max(1, target);
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (raw <= m * power) {
            return m * power;
        }
    }
    return 10 * power;
}

std::string format_value(double v, const ChartSpec& spec, double step) {
    if (spec.percent) {
        return step * 100 < 1 ? fmt::format("{:.1f}%", v * 100) : fmt::format("{:.0f}%", v * 100);
    }
    const double a = std::abs(v);
    if (a >= 1e6) {
        return fmt::format("{:.{}f}M", v / 1e6, step >= 1e6 ? 0 : step >= 1e5 ? 1 : 2);
    }
    if (a >= 1e3) {
        return fmt::format("{:.{}f}k", v / 1e3, step >= 1e3 ? 0 : 1);
    }
    return step >= 1 ? fmt::format("{:.0f}", v) : fmt::format("{:.2f}", v);
}

void dashed_line(ImDrawList* draw, ImVec2 a, ImVec2 b, ImU32 colour, float thickness) {
    const float length = std::hypot(b.x - a.x, b.y - a.y);
    constexpr float kDash = 6;
    for (float t = 0; t < length; t += 2 * kDash) {
        const float t1 = std::min(length, t + kDash);
        draw->AddLine(ImVec2(a.x + (b.x - a.x) * t / length, a.y + (b.y - a.y) * t / length),
                      ImVec2(a.x + (b.x - a.x) * t1 / length, a.y + (b.y - a.y) * t1 / length),
                      colour, thickness);
    }
}

bool g_tooltips = true;

ImU32 with_alpha(ImU32 colour, int alpha) {
    return (colour & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha) << IM_COL32_A_SHIFT);
}

} // namespace

void set_chart_tooltips(bool enabled) {
    g_tooltips = enabled;
}

ImU32 palette(int index) {
    // Okabe and Ito's colour-blind safe set: distinct under deuteranopia and protanopia.
    static const ImU32 colours[] = {IM_COL32(0, 114, 178, 255),   IM_COL32(213, 94, 0, 255),
                                    IM_COL32(0, 158, 115, 255),   IM_COL32(230, 159, 0, 255),
                                    IM_COL32(204, 121, 167, 255), IM_COL32(86, 180, 233, 255),
                                    IM_COL32(150, 130, 0, 255),   IM_COL32(110, 110, 110, 255)};
    return colours[static_cast<std::size_t>(index) % (sizeof(colours) / sizeof(colours[0]))];
}

namespace {

// Where a chart's plot is and what it shows: screen corners, value range, months.
struct Plot {
    ImVec2 min;
    ImVec2 max;
    double lo = 0;
    double hi = 1;
    double step = 1;
    double last = 1; // the last month
    ImVec2 at(double month, double v) const {
        return ImVec2(static_cast<float>(min.x + (max.x - min.x) * month / last),
                      static_cast<float>(max.y - (max.y - min.y) * (v - lo) / (hi - lo)));
    }
};

void legend_sample(ImDrawList* draw, const Series& s, ImVec2 a, ImVec2 b) {
    if (s.dashed) {
        dashed_line(draw, a, b, s.colour, 2);
    } else if (s.pattern == 1) {
        draw->AddLine(a, ImVec2(a.x + 7, a.y), s.colour, 2);
        draw->AddLine(ImVec2(a.x + 10, a.y), ImVec2(a.x + 12, a.y), s.colour, 2);
        draw->AddLine(ImVec2(a.x + 15, a.y), b, s.colour, 2);
    } else if (s.pattern == 2) {
        for (float x = a.x; x < b.x; x += 5) {
            draw->AddLine(ImVec2(x, a.y), ImVec2(x + 2, a.y), s.colour, 2);
        }
    } else {
        draw->AddLine(a, b, s.colour, 2);
    }
}

// The legend under the title, wrapped onto more lines where the chart is narrow; a
// compact chart has none (its title names its one subject). Returns the plot's top.
float draw_legend(ImDrawList* draw, const ChartSpec& spec, const std::vector<Series>& series,
                  ImVec2 origin, ImVec2 size) {
    const float line_height = ImGui::GetTextLineHeight();
    if (spec.compact) {
        return origin.y + line_height + 10; // the title, then the plot
    }
    float legend_x = origin.x + 8;
    float legend_y = origin.y + 4 + line_height + 2;
    for (const auto& s : series) {
        const float width = 30 + ImGui::CalcTextSize(s.label.c_str()).x;
        if (legend_x > origin.x + 8 && legend_x + width > origin.x + size.x - 8) {
            legend_x = origin.x + 8;
            legend_y += line_height + 2;
        }
        legend_sample(draw, s, ImVec2(legend_x, legend_y + line_height / 2),
                      ImVec2(legend_x + 18, legend_y + line_height / 2));
        draw->AddText(ImVec2(legend_x + 22, legend_y), kInk, s.label.c_str());
        legend_x += width;
    }
    return legend_y + 2 * line_height + 6; // the legend, then the unit
}

// No room for a plot (a small window): the last value as a number, so the chart still
// reads; orange below the threshold, as in the succession table.
void draw_last_value(ImDrawList* draw, const ChartSpec& spec, const std::vector<Series>& series,
                     ImVec2 origin, ImVec2 size) {
    const float line_height = ImGui::GetTextLineHeight();
    for (const auto& s : series) {
        if (s.values.empty()) {
            continue;
        }
        const float last = s.values.back();
        const int year = spec.start_year + static_cast<int>((s.values.size() - 1) / 12);
        const bool below = !std::isnan(spec.threshold) && last < spec.threshold;
        const std::string lines[] = {format_value(last, spec, 0.01), fmt::format("in {}", year)};
        draw->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
        for (int i = 0; i < 2; ++i) {
            const ImVec2 at(origin.x + 8,
                            origin.y + (line_height + 4) * static_cast<float>(i + 1) + 4);
            if (at.y + line_height <= origin.y + size.y) {
                draw->AddText(at, i == 0 ? (below ? palette(1) : s.colour) : kInk,
                              lines[i].c_str());
            }
        }
        draw->PopClipRect();
        return;
    }
}

// The values' range, with the threshold, from zero or capped as the spec says, on whole
// steps; false where there is nothing to plot yet.
bool value_range(const ChartSpec& spec, const std::vector<Series>& series, Plot& plot) {
    std::size_t months = 0;
    double lo = INFINITY;
    double hi = -INFINITY;
    for (const auto& s : series) {
        months = std::max(months, s.values.size());
        for (const auto* values : {&s.values, &s.low, &s.high}) {
            for (float v : *values) {
                if (std::isfinite(v)) {
                    lo = std::min(lo, static_cast<double>(v));
                    hi = std::max(hi, static_cast<double>(v));
                }
            }
        }
    }
    if (std::isfinite(spec.threshold)) {
        lo = std::min(lo, static_cast<double>(spec.threshold));
        hi = std::max(hi, static_cast<double>(spec.threshold));
    }
    if (months < 2 || !std::isfinite(lo)) {
        return false;
    }
    if (spec.y_from_zero) {
        lo = std::min(lo, 0.0);
    }
    if (std::isfinite(spec.y_cap)) {
        hi = std::min(hi, static_cast<double>(spec.y_cap));
    }
    if (hi - lo < 1e-12) {
        hi = lo + (spec.percent ? 0.01 : 1.0);
    }
    plot.step = nice_step(hi - lo, spec.compact ? 3 : 5);
    plot.lo = std::floor(lo / plot.step) * plot.step;
    plot.hi = std::ceil(hi / plot.step) * plot.step;
    plot.last = static_cast<double>(months - 1);
    return true;
}

// Grid and y ticks, x ticks at whole years labelled far enough apart to read, axes.
void draw_axes(ImDrawList* draw, const ChartSpec& spec, const Plot& plot) {
    for (double v = plot.lo; v <= plot.hi + plot.step * 0.5; v += plot.step) {
        const ImVec2 p = plot.at(0, v);
        draw->AddLine(ImVec2(plot.min.x, p.y), ImVec2(plot.max.x, p.y), kGrid);
        const std::string label = format_value(v, spec, plot.step);
        const ImVec2 text = ImGui::CalcTextSize(label.c_str());
        draw->AddText(ImVec2(plot.min.x - text.x - 6, p.y - text.y / 2), kInk, label.c_str());
    }
    if (!spec.compact) {
        draw->AddText(ImVec2(plot.min.x - 56, plot.min.y - 18), kAxis, spec.unit.c_str());
    }
    const double px_per_year = (plot.max.x - plot.min.x) * 12 / plot.last;
    const int every = px_per_year >= 44 ? 1 : px_per_year >= 22 ? 2 : px_per_year >= 9 ? 5 : 10;
    for (int month = 0; month <= static_cast<int>(plot.last); month += 12) {
        const ImVec2 p = plot.at(month, plot.lo);
        draw->AddLine(ImVec2(p.x, plot.max.y), ImVec2(p.x, plot.max.y + 4), kAxis);
        if ((month / 12) % every == 0) {
            const std::string label = std::to_string(spec.start_year + month / 12);
            const ImVec2 text = ImGui::CalcTextSize(label.c_str());
            draw->AddText(ImVec2(p.x - text.x / 2, plot.max.y + 6), kInk, label.c_str());
        }
    }
    draw->AddLine(ImVec2(plot.min.x, plot.max.y), plot.max, kAxis);
    draw->AddLine(plot.min, ImVec2(plot.min.x, plot.max.y), kAxis);
    if (!spec.compact) {
        draw->AddText(ImVec2(plot.max.x - 30, plot.max.y + 18), kAxis, "year");
    }
}

// Events: where the scenario changes, labelled at the top, staggered so that neighbours
// do not overlap; then the threshold.
void draw_markers(ImDrawList* draw, const ChartSpec& spec, const Plot& plot) {
    constexpr ImU32 kMarker = IM_COL32(110, 110, 120, 255);
    float last_label_end = -INFINITY;
    int row = 0;
    for (const auto& marker : spec.markers) {
        if (marker.month < 0 || marker.month > static_cast<int>(plot.last)) {
            continue;
        }
        const float x = plot.at(marker.month, plot.lo).x;
        for (float y = plot.min.y; y < plot.max.y; y += 8) {
            draw->AddLine(ImVec2(x, y), ImVec2(x, std::min(y + 4, plot.max.y)), kMarker, 1.2f);
        }
        const ImVec2 text = ImGui::CalcTextSize(marker.label.c_str());
        // A small chart (a bench's) keeps the line and leaves the label to the large ones:
        // cut to a few letters it would only hide the values.
        if (plot.max.x - x < text.x + 3 || plot.max.y - plot.min.y < 6 * text.y) {
            continue;
        }
        row = x < last_label_end ? row + 1 : 0;
        const ImVec2 at(x + 3, plot.min.y + 2 + static_cast<float>(row) * (text.y + 1));
        draw->AddRectFilled(at, ImVec2(at.x + text.x, at.y + text.y), IM_COL32(255, 255, 255, 210));
        draw->AddText(at, kMarker, marker.label.c_str());
        last_label_end = std::max(last_label_end, x + 3 + text.x);
    }
    if (std::isfinite(spec.threshold)) {
        const float y = plot.at(0, spec.threshold).y;
        dashed_line(draw, ImVec2(plot.min.x, y), ImVec2(plot.max.x, y), IM_COL32(200, 60, 60, 255),
                    1.5f);
        draw->AddText(ImVec2(plot.min.x + 6, y - 16), IM_COL32(200, 60, 60, 255),
                      spec.threshold_label.c_str());
    }
}

// P5-P95 bands first, then every series' line (dashed or patterned as it says).
void draw_series(ImDrawList* draw, const std::vector<Series>& series, const Plot& plot) {
    for (const auto& s : series) {
        if (s.low.size() != s.values.size() || s.high.size() != s.values.size()) {
            continue;
        }
        for (std::size_t m = 1; m < s.values.size(); ++m) {
            if (std::isfinite(s.low[m - 1]) && std::isfinite(s.low[m])) {
                draw->AddQuadFilled(plot.at(m - 1, s.high[m - 1]), plot.at(m, s.high[m]),
                                    plot.at(m, s.low[m]), plot.at(m - 1, s.low[m - 1]),
                                    with_alpha(s.colour, 50));
            }
        }
    }
    for (const auto& s : series) {
        for (std::size_t m = 1; m < s.values.size(); ++m) {
            if (!std::isfinite(s.values[m - 1]) || !std::isfinite(s.values[m])) {
                continue;
            }
            const bool drawn = s.dashed         ? m % 4 < 2
                               : s.pattern == 1 ? (m % 6 < 3 || m % 6 == 4)
                               : s.pattern == 2 ? m % 3 == 0
                                                : true;
            if (drawn) {
                draw->AddLine(plot.at(m - 1, s.values[m - 1]), plot.at(m, s.values[m]), s.colour,
                              s.thickness);
            }
        }
    }
}

// Hovering: a line at the month under the mouse, and each series' value there.
void draw_hover(ImDrawList* draw, const ChartSpec& spec, const std::vector<Series>& series,
                const Plot& plot) {
    const float mx = ImGui::GetIO().MousePos.x;
    const auto month = static_cast<std::size_t>(
        std::clamp(std::lround((mx - plot.min.x) / (plot.max.x - plot.min.x) * plot.last), 0L,
                   static_cast<long>(plot.last)));
    const float x = plot.at(static_cast<double>(month), plot.lo).x;
    draw->AddLine(ImVec2(x, plot.min.y), ImVec2(x, plot.max.y), kAxis);
    ImGui::BeginTooltip();
    ImGui::Text("%d, month %zu", spec.start_year + static_cast<int>(month / 12), month % 12);
    const double fine = plot.step / 100;
    for (const auto& s : series) {
        if (month >= s.values.size() || !std::isfinite(s.values[month])) {
            continue;
        }
        const std::string value = format_value(s.values[month], spec, fine);
        if (s.low.size() == s.values.size()) {
            ImGui::Text("%s: %s (P5 %s, P95 %s)", s.label.c_str(), value.c_str(),
                        format_value(s.low[month], spec, fine).c_str(),
                        format_value(s.high[month], spec, fine).c_str());
        } else {
            ImGui::Text("%s: %s", s.label.c_str(), value.c_str());
        }
    }
    ImGui::EndTooltip();
}

} // namespace

void draw_chart(const char* id, const ChartSpec& spec, const std::vector<Series>& series,
                ImVec2 size) {
    ImGui::PushID(id);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("chart", size);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), kBackground, 4);
    draw->AddText(ImVec2(origin.x + 8, origin.y + 4), kInk, spec.title.c_str());
    const float top = draw_legend(draw, spec, series, origin, size);
    const float line_height = ImGui::GetTextLineHeight();
    Plot plot;
    plot.min = ImVec2(origin.x + (spec.compact ? 44 : 64), top);
    plot.max = ImVec2(origin.x + size.x - (spec.compact ? 8 : 14),
                      origin.y + size.y - (spec.compact ? line_height + 8 : 34));
    if (plot.max.x - plot.min.x < 40 || plot.max.y - plot.min.y < 24) {
        draw_last_value(draw, spec, series, origin, size);
    } else if (!value_range(spec, series, plot)) {
        draw->AddText(ImVec2(plot.min.x + 10, plot.min.y + 10), kAxis, "no results yet");
    } else {
        draw_axes(draw, spec, plot);
        draw->PushClipRect(plot.min, ImVec2(plot.max.x + 1, plot.max.y + 1), true);
        draw_markers(draw, spec, plot);
        draw_series(draw, series, plot);
        draw->PopClipRect();
        if (hovered && g_tooltips) {
            draw_hover(draw, spec, series, plot);
        }
    }
    ImGui::PopID();
}

} // namespace carecast::gui
