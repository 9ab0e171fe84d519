// One function per panel; each reads the App and changes only its knobs and view.
#pragma once

#include "app.hpp"

#include <string>

namespace carecast::gui {

// Asks that the main loop does something outside ImGui (files, screenshots).
struct Requests {
    std::string save_png;      // path, when set
    std::string export_csv;    // path
    std::string open_scenario; // path
    std::string save_scenario; // path
};

void draw_parameters(App& app);
void draw_events(App& app); // in the parameters panel
void draw_charts(App& app);
void draw_career_graph(App& app);
void draw_succession(App& app);
void draw_compare(App& app);
void draw_optimise(App& app);
void draw_sensitivity(App& app);
void draw_main_window(App& app, Requests& requests);

} // namespace carecast::gui
