// carecast-gui: tune a scenario and watch the workforce and its leadership pipeline.
#include "chart.hpp"
#include "panels.hpp"
#include "window.hpp"

#include <carecast/batch/output.hpp>
#include <carecast/batch/scenario_file.hpp>
#include <carecast/batch/thread_allowance.hpp>

#include <carecast/model/goal.hpp>
#include <carecast/model/scenario_edit.hpp>

#include <CLI/CLI.hpp>
#include <imgui.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <tbb/info.h>

#include <algorithm>
#include <exception>
#include <optional>

using namespace carecast;

namespace {

// Opens, saves and exports what the panels asked for; errors go to the window.
void serve(gui::App& app, gui::Requests& requests) {
    if (!requests.open_scenario.empty()) {
        auto loaded = batch::load_scenario(requests.open_scenario, batch::machine_limits());
        app.errors.clear();
        for (const auto& error : loaded.errors) {
            app.errors.push_back(error.to_string());
        }
        if (loaded.ok()) {
            app.open(std::move(*loaded.scenario));
            app.status = "opened " + requests.open_scenario;
        }
    }
    try {
        if (!requests.save_scenario.empty()) {
            // A saved scenario takes the file's name, so it is not mistaken for the one it
            // came from; values are written as entered, with their source notes.
            model::Scenario saved = app.working();
            saved.name = std::filesystem::path(requests.save_scenario).stem().string();
            saved.description =
                "Saved from carecast-gui, starting from \"" + app.base().name + "\"";
            batch::write_atomically(requests.save_scenario, model::to_toml(saved));
            app.status = "saved " + requests.save_scenario + " as \"" + saved.name + "\"";
        }
        if (!requests.export_csv.empty()) {
            if (const auto shown = app.shown(); shown && !shown->replicates.empty()) {
                batch::write_atomically(
                    requests.export_csv,
                    batch::results_csv(shown->scenario, shown->replicates.front()));
                app.status = "exported replicate 0 to " + requests.export_csv;
            }
        }
    } catch (const std::exception& e) {
        app.status = e.what();
    }
    requests.open_scenario.clear();
    requests.save_scenario.clear();
    requests.export_csv.clear();
}

// The text size a user chose, kept between sessions in ~/.config/carecast/gui.conf.
std::filesystem::path settings_path() {
    const char* config = std::getenv("XDG_CONFIG_HOME");
    const char* home = std::getenv("HOME");
    if (config != nullptr && *config != '\0') {
        return std::filesystem::path(config) / "carecast" / "gui.conf";
    }
    return home != nullptr ? std::filesystem::path(home) / ".config" / "carecast" / "gui.conf"
                           : std::filesystem::path();
}

std::optional<float> read_ui_scale() {
    std::ifstream in(settings_path());
    std::string key;
    std::string equals;
    float value = 0;
    if (in >> key >> equals >> value && key == "ui_scale" && value >= 0.75f && value <= 3.0f) {
        return value;
    }
    return std::nullopt;
}

void write_ui_scale(float scale) {
    const auto path = settings_path();
    if (path.empty()) {
        return;
    }
    try {
        std::filesystem::create_directories(path.parent_path());
        batch::write_atomically(path.string(), fmt::format("ui_scale = {:.2f}\n", scale));
    } catch (const std::exception&) {
        // Not remembered: the window works the same.
    }
}

} // namespace

int main(int argc, char** argv) {
    CLI::App cli{
        "carecast-gui: tune a scenario and watch the workforce and its leadership pipeline"};
    std::optional<std::string> scenario_path;
    std::vector<std::string> assignments;
    std::string screenshot;
    int frames = 3;
    bool run = false;
    int width = 1600;
    int height = 1000;
    int threads = 0;
    std::string tab = "charts";
    int replicates = 1;
    std::vector<std::string> compare_sets;
    cli.add_option("--scenario", scenario_path, "Scenario TOML (default: the England baseline)");
    cli.add_option("--set", assignments,
                   "Change a parameter, key=value (repeatable), e.g. "
                   "demand.annual_growth=0.03");
    cli.add_option("--screenshot", screenshot, "Render, save the window to this PNG and exit");
    cli.add_option("--frames", frames, "Frames to render before the screenshot")
        ->check(CLI::Range(1, 10000));
    cli.add_flag("--run", run, "With --screenshot: wait for the run to finish first");
    cli.add_option("--width", width, "Window width")->check(CLI::Range(640, 8192));
    cli.add_option("--height", height, "Window height")->check(CLI::Range(480, 8192));
    cli.add_option("--threads", threads, "Engine threads (default: every core)");
    cli.add_option("--replicates", replicates, "Replicates per run (bands P5-P95 when > 1)")
        ->check(CLI::Range(1, 200));
    cli.add_option("--compare-set", compare_sets,
                   "Run the scenario, pin it as the baseline, then apply key=value "
                   "(repeatable) and run again (for Compare screenshots)");
    cli.add_option("--tab", tab, "Tab to show: charts, graph, compare or optimise")
        ->check(CLI::IsMember({"charts", "succession", "graph", "compare", "optimise"}));
    std::string optimise_goal;
    double optimise_budget = 1e6;
    cli.add_option("--optimise", optimise_goal,
                   "Start the Optimise tab's best use of --budget for this objective (for "
                   "screenshots)");
    cli.add_option("--budget", optimise_budget, "With --optimise: GBP a year")
        ->check(CLI::Range(0.0, 1e10));
    CLI11_PARSE(cli, argc, argv);

    auto loaded = batch::load_scenario(scenario_path, batch::machine_limits());
    if (!loaded.ok()) {
        for (const auto& error : loaded.errors) {
            fmt::print(stderr, "error: {}\n", error.to_string());
        }
        return 2;
    }
    // --set and --compare-set go through the one door, as the command line's --set.
    const auto edits_of = [](const std::vector<std::string>& list, const char* option,
                             std::vector<model::Edit>& edits) {
        for (const auto& assignment : list) {
            const auto edit = model::parse_assignment(assignment);
            if (!edit) {
                fmt::print(stderr, "error: {} {}: expected key=value with a number\n", option,
                           assignment);
                return false;
            }
            edits.push_back(*edit);
        }
        return true;
    };
    std::vector<model::Edit> set_edits;
    std::vector<model::Edit> compare_edits;
    if (!edits_of(assignments, "--set", set_edits) ||
        !edits_of(compare_sets, "--compare-set", compare_edits)) {
        return 2;
    }
    if (const auto error = model::apply_edits(*loaded.scenario, set_edits)) {
        fmt::print(stderr, "error: --set {}\n", *error);
        return 2;
    }
    model::ValidScenario compared = *loaded.scenario;
    if (const auto error = model::apply_edits(compared, compare_edits)) {
        fmt::print(stderr, "error: --compare-set {}\n", *error);
        return 2;
    }
    // --optimise is checked before any window opens, as --set is.
    std::optional<model::Goal> optimise;
    if (!optimise_goal.empty()) {
        const auto parsed = model::parse_goal(optimise_goal, **loaded.scenario, false);
        if (const auto* why = std::get_if<std::string>(&parsed)) {
            fmt::print(stderr, "error: --optimise {}\n", *why);
            return 2;
        }
        optimise = std::get<model::Goal>(parsed);
    }
    const batch::ThreadAllowance allow(threads); // more threads than cores: the user's call
    try {
        gui::Window window(width, height, "carecast");
        // Text size: the one last chosen, else what suits the screen; screenshots always
        // use the screen's, so they do not depend on a user's settings.
        const auto remembered = screenshot.empty() ? read_ui_scale() : std::nullopt;
        window.set_ui_scale(remembered.value_or(window.default_ui_scale()));
        gui::App app(std::move(*loaded.scenario),
                     threads > 0 ? threads : tbb::info::default_concurrency());
        app.view.ui_scale = window.ui_scale();
        app.view.tab = tab == "graph"        ? 1
                       : tab == "compare"    ? 2
                       : tab == "optimise"   ? 3
                       : tab == "succession" ? 4
                                             : 0;
        if (optimise) {
            std::fill(app.optimise_form.goal.begin(), app.optimise_form.goal.end(), '\0');
            std::copy_n(optimise_goal.begin(),
                        std::min(optimise_goal.size(), app.optimise_form.goal.size() - 1),
                        app.optimise_form.goal.begin());
            app.optimise_form.budget_thousands = static_cast<float>(optimise_budget / 1000);
            app.optimise_form.replicates = 4;
            app.optimise_form.frontier = true;
            app.optimiser.start(
                {app.working_valid(), *optimise, optimise_budget, 4, 3, app.threads, nullptr, {}},
                4);
        }
        if (replicates > 1) {
            app.knobs.replicates = replicates;
            app.knobs_changed();
            app.run_now();
        }
        gui::set_chart_tooltips(screenshot.empty());
        gui::Requests requests;
        int frames_left = frames;
        int settle_frames = 2; // frames drawn at once after input, so ImGui settles
        while (!window.should_close()) {
            // Redraw on input, about 30 times a second while a run is pending or in
            // progress (results arrive within a frame of it ending), and otherwise
            // sleep until the next input: an idle window draws nothing.
            double wait = 0;
            if (screenshot.empty()) {
                if (app.runner.running() || app.run_pending() || app.optimiser.running()) {
                    wait = 1.0 / 30;
                    settle_frames = 2;
                } else if (settle_frames > 0) {
                    --settle_frames;
                } else {
                    wait = gui::Window::kUntilInput;
                    settle_frames = 2;
                }
            }
            if (std::abs(app.view.ui_scale - window.ui_scale()) > 1e-3f &&
                !ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
                window.set_ui_scale(app.view.ui_scale); // once the slider is let go
                app.view.ui_scale = window.ui_scale();
                if (screenshot.empty()) {
                    write_ui_scale(window.ui_scale());
                }
            }
            window.begin_frame(wait);
            // Ctrl+Z undoes the last parameter change, unless a text box has the keys.
            if (ImGui::GetIO().KeyCtrl && !ImGui::GetIO().WantTextInput &&
                ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Z), false)) {
                app.undo();
            }
            app.frame();
            gui::draw_main_window(app, requests);
            window.render();
            if (!requests.save_png.empty()) {
                app.status = window.save_png(requests.save_png)
                                 ? "saved " + requests.save_png
                                 : "could not save " + requests.save_png;
                requests.save_png.clear();
            }
            serve(app, requests);
            const bool finished = !app.runner.running() && app.shown();
            if (!compare_sets.empty() && finished) {
                app.pinned = app.shown(); // the baseline run is done: compare against it
                app.load(compared, true);
                // The compared run has as many replicates as the baseline.
                app.knobs.replicates = std::max(1, replicates);
                app.knobs_changed();
                app.run_now();
                compare_sets.clear();
            }
            if (!screenshot.empty()) {
                const bool waiting =
                    ((run || app.pinned) && (app.runner.running() || !app.shown() ||
                                             !compare_sets.empty() || app.shown() == app.pinned)) ||
                    app.optimiser.running();
                if (!waiting && --frames_left <= 0) {
                    if (!window.save_png(screenshot)) {
                        fmt::print(stderr, "error: cannot write {}\n", screenshot);
                        return 1;
                    }
                    fmt::print("saved {} ({}x{})\n", screenshot, window.width(), window.height());
                    return 0;
                }
            }
            window.present();
        }
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return 1;
    }
    return 0;
}
