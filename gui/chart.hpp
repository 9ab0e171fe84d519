// A small reusable line chart drawn on ImDrawList (ImPlot is not packaged in
// Debian): axes with ticks, units and labels, a legend, uncertainty bands, dashed
// expected-value lines, an optional threshold line and a hover tooltip with values.
#pragma once

#include <imgui.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

namespace carecast::gui {

struct Series {
    std::string label;
    std::vector<float> values; // one per month from month 0; NaN = no value
    std::vector<float> low;    // optional band (P5), same length
    std::vector<float> high;   // optional band (P95)
    ImU32 colour = IM_COL32(60, 120, 200, 255);
    bool dashed = false;  // expected values (the twin)
    bool current = false; // follows the parameters at once (posts from the demand path)
    float thickness = 2;
    // Line style, so series differ by more than colour: 0 solid, 1 dash-dot, 2 dotted
    // (dashed is the twin's).
    int pattern = 0;
    // For a series from a run: the same series from another run (the pinned baseline).
    std::function<Series(const void* ensemble)> from_run;
};

struct ChartSpec {
    std::string title;
    std::string unit; // on the y axis, e.g. "people", "%", "GBP a month"
    int start_year = 2025;
    bool percent = false; // values are fractions shown as %
    float threshold = NAN;
    std::string threshold_label;
    bool y_from_zero = true;
    float y_cap = NAN; // the axis stops here; larger values run off the top
    struct Marker {
        int month = 0;
        std::string label;
    };
    std::vector<Marker> markers; // policy events: a dotted vertical line each
    bool compact = false;        // a small multiple: no legend, less margin
};

// Tooltips follow the mouse; automated screenshots turn them off.
void set_chart_tooltips(bool enabled);

inline ChartSpec chart_spec(std::string title, std::string unit, int start_year,
                            bool percent = false) {
    ChartSpec spec;
    spec.title = std::move(title);
    spec.unit = std::move(unit);
    spec.start_year = start_year;
    spec.percent = percent;
    return spec;
}

void draw_chart(const char* id, const ChartSpec& spec, const std::vector<Series>& series,
                ImVec2 size);

// Distinct colours for series.
ImU32 palette(int index);

} // namespace carecast::gui
