#include "file_browser.hpp"
#include "panels.hpp"

#include <imgui.h>

#include <algorithm>

#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace carecast::gui {

namespace {

// A tab's content in its own scrolling child: the tab bar stays in view however far the
// tab is scrolled, and each tab keeps its own scroll position.
void tab_content(void (*draw)(App&), App& app) {
    ImGui::BeginChild("tab content");
    draw(app);
    ImGui::EndChild();
}

} // namespace

void draw_main_window(App& app, Requests& requests) {
    static FileBrowser open_file{{}, std::filesystem::current_path(), ".toml", ""};
    static FileBrowser save_file{{}, std::filesystem::current_path(), ".toml", ""};
    static FileBrowser csv_file{{}, std::filesystem::current_path(), ".csv", ""};
    static FileBrowser png_file{{}, std::filesystem::current_path(), ".png", ""};
    static RecentFiles recent;
    static bool named = false;
    if (!named) { // the fields start with a name to change, not empty
        std::snprintf(save_file.path.data(), save_file.path.size(), "my-scenario.toml");
        std::snprintf(csv_file.path.data(), csv_file.path.size(), "carecast-results.csv");
        std::snprintf(png_file.path.data(), png_file.path.size(), "carecast-window.png");
        named = true;
    }
    const char* popup = nullptr;

    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGui::Begin("carecast", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_MenuBar | ImGuiWindowFlags_NoBringToFrontOnFocus);
    if (ImGui::BeginMenuBar()) {
        if (ImGui::BeginMenu("File")) {
            if (ImGui::MenuItem("Open scenario...")) {
                popup = "Open scenario";
            }
            if (ImGui::MenuItem("Save scenario...")) {
                popup = "Save scenario";
            }
            ImGui::Separator();
            if (ImGui::MenuItem("Export results CSV...", nullptr, false, app.shown() != nullptr)) {
                popup = "Export CSV";
            }
            if (ImGui::MenuItem("Save window as PNG...")) {
                popup = "Save PNG";
            }
            ImGui::EndMenu();
        }
        ImGui::TextDisabled("carecast: adult social care workforce and leadership pipeline");
        ImGui::EndMenuBar();
    }
    if (popup != nullptr) {
        ImGui::OpenPopup(popup);
    }
    if (file_modal("Open scenario", open_file, "Open", &recent)) {
        requests.open_scenario = open_file.path.data();
        recent.add(requests.open_scenario);
    }
    if (file_modal("Save scenario", save_file, "Save", &recent)) {
        requests.save_scenario = save_file.path.data();
        recent.add(requests.save_scenario);
    }
    if (file_modal("Export CSV", csv_file, "Export", nullptr)) {
        requests.export_csv = csv_file.path.data();
    }
    if (file_modal("Save PNG", png_file, "Save", nullptr)) {
        requests.save_png = png_file.path.data();
    }

    // The parameters take about a quarter of the width, within what their labels need.
    const float font = ImGui::GetFontSize();
    const float panel =
        std::clamp(ImGui::GetContentRegionAvail().x * 0.28f, font * 26.0f, font * 34.0f);
    ImGui::BeginChild("parameters", ImVec2(panel, -ImGui::GetFrameHeightWithSpacing()), true);
    draw_parameters(app);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("views", ImVec2(0, -ImGui::GetFrameHeightWithSpacing()), false);
    if (ImGui::BeginTabBar("views")) {
        // A tab asked for on the command line is selected once.
        static bool first = true;
        auto flags = [&](int tab) {
            return first && app.view.tab == tab ? ImGuiTabItemFlags_SetSelected : 0;
        };
        if (ImGui::BeginTabItem("Charts", nullptr, flags(0))) {
            tab_content(draw_charts, app);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Succession", nullptr, flags(4))) {
            tab_content(draw_succession, app);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Career graph", nullptr, flags(1))) {
            tab_content(draw_career_graph, app);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Compare", nullptr, flags(2))) {
            tab_content(draw_compare, app);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Optimise", nullptr, flags(3))) {
            tab_content(draw_optimise, app);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Sensitivity", nullptr, flags(5))) {
            tab_content(draw_sensitivity, app);
            ImGui::EndTabItem();
        }
        first = false;
        ImGui::EndTabBar();
    }
    ImGui::EndChild();
    ImGui::TextDisabled("%s", app.status.c_str());
    ImGui::End();

    if (!app.errors.empty()) {
        ImGui::SetNextWindowSize(ImVec2(760, 300), ImGuiCond_FirstUseEver);
        bool open = true;
        ImGui::Begin("Scenario errors", &open);
        ImGui::TextWrapped("The scenario was not opened; the one shown before is still loaded.");
        for (const auto& error : app.errors) {
            ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", error.c_str());
        }
        ImGui::End();
        if (!open) {
            app.errors.clear();
        }
    }
}

} // namespace carecast::gui
