// carecast-gui: tune a scenario and watch the workforce and its leadership pipeline.
#include "chart.hpp"
#include "panels.hpp"
#include "window.hpp"

#include <carecast/batch/output.hpp>
#include <carecast/batch/scenario_file.hpp>
#include <carecast/batch/thread_allowance.hpp>
#include <carecast/batch/tidy.hpp>
#include <carecast/embedded_scenarios.hpp>

#include <carecast/model/goal.hpp>
#include <carecast/model/scenario_edit.hpp>

#include <CLI/CLI.hpp>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <tbb/info.h>

#include <algorithm>
#include <exception>
#include <optional>
#include <variant>

using namespace carecast;

namespace {

// What the charts show, as CSV: one replicate as results.csv, several as ensemble.csv
// (the mean and percentiles the bands are drawn from); beside it, a JSON file saying
// which scenario, seed and replicates it came from.
void export_shown(const gui::Ensemble& shown, const std::string& path) {
    const model::Scenario& s = shown.scenario;
    std::string csv;
    if (shown.replicates.size() == 1) {
        csv = batch::results_csv(s, shown.replicates.front());
    } else {
        csv = "statistic,month,area,role,metric,value\n";
        batch::append_statistics(csv, batch::tidy_tables(s, shown.replicates));
    }
    const nlohmann::json about{{"scenario", s.name},
                               {"source", s.source},
                               {"seed", s.seed},
                               {"horizon_months", s.horizon_months},
                               {"replicates", shown.replicates.size()},
                               {"columns", shown.replicates.size() == 1
                                               ? "month,area,role,metric,value"
                                               : "statistic (mean, p5, p50, p95),month,area,role,"
                                                 "metric,value"},
                               {"written_by", "carecast-gui"}};
    batch::write_atomically(path, csv);
    batch::write_atomically(path + ".json", about.dump(2) + "\n");
}

// Saves the working scenario under the file's name. Over the text the scenario came
// from where it can (its header, comments, sources and order kept, each changed number
// saying what it was), else written whole.
void save_scenario(gui::App& app, const std::string& path) {
    model::Scenario saved = app.working();
    saved.name = std::filesystem::path(path).stem().string();
    saved.description = "Saved from carecast-gui, starting from \"" + app.base().name + "\"";
    const std::string& source = app.base().source;
    std::string original;
    if (source.rfind("<embedded>", 0) == 0) {
        original = std::string(england_baseline_toml());
    } else if (batch::read_input(source, original)) {
        original.clear(); // unreadable now: written whole
    }
    const auto kept =
        original.empty() ? std::nullopt : model::edit_in_place(original, app.base(), saved);
    batch::write_atomically(path, kept ? *kept : model::to_toml(saved));
    app.status = fmt::format("saved {} as \"{}\"{}", path, saved.name,
                             kept ? ", keeping the file's comments"
                                  : " (written whole: its events, roles or areas changed, or it "
                                    "extends another file)");
}

// Opens, saves and exports what the panels asked for; errors go to the window.
void serve(gui::App& app, gui::Requests& requests) {
    if (!requests.open_scenario.empty()) {
        auto loaded = batch::load_scenario(requests.open_scenario, batch::machine_limits());
        app.errors.clear();
        for (const auto& error : loaded.errors) {
            app.errors.push_back(error.to_string());
        }
        if (loaded.ok()) {
            app.status.clear();
            app.open(std::move(*loaded.scenario));
            // What opening did to the pinned run (App::open says), after what was opened.
            app.status = "opened " + requests.open_scenario +
                         (app.status.empty() ? std::string() : "; " + app.status);
        }
    }
    try {
        if (!requests.save_scenario.empty()) {
            save_scenario(app, requests.save_scenario);
        }
        if (!requests.export_csv.empty()) {
            if (const auto shown = app.shown(); shown && !shown->replicates.empty()) {
                export_shown(*shown, requests.export_csv);
                app.status =
                    fmt::format("exported {} ({}) and what it is to {}.json", requests.export_csv,
                                shown->replicates.size() == 1
                                    ? std::string("one replicate, as results.csv")
                                    : fmt::format("mean, P5, P50 and P95 of {} replicates",
                                                  shown->replicates.size()),
                                requests.export_csv);
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

// What the command line asked for.
struct Options {
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
    int assumption_sets = 0;
    std::vector<std::string> compare_sets;
    std::string optimise_goal;
    double optimise_budget = 1e6;
    std::string sensitivity_output;
};

void add_options(CLI::App& cli, Options& o) {
    cli.add_option("--scenario", o.scenario_path, "Scenario TOML (default: the England baseline)");
    cli.add_option("--set", o.assignments,
                   "Change a parameter, key=value (repeatable), e.g. demand.annual_growth=0.03");
    cli.add_option("--screenshot", o.screenshot, "Render, save the window to this PNG and exit");
    cli.add_option("--frames", o.frames, "Frames to render before the screenshot")
        ->check(CLI::Range(1, 10000));
    cli.add_flag("--run", o.run, "With --screenshot: wait for the run to finish first");
    cli.add_option("--width", o.width, "Window width")->check(CLI::Range(640, 8192));
    cli.add_option("--height", o.height, "Window height")->check(CLI::Range(480, 8192));
    cli.add_option("--threads", o.threads, "Engine threads (default: every core)");
    cli.add_option("--replicates", o.replicates, "Replicates per run (bands P5-P95 when > 1)")
        ->check(CLI::Range(1, 200));
    cli.add_option("--assumption-sets", o.assumption_sets,
                   "Parameter sets drawn from the scenario's declared ranges each run (bands "
                   "that include the assumptions; 0: off)")
        ->check(CLI::Range(0, 16));
    cli.add_option("--compare-set", o.compare_sets,
                   "Run the scenario, pin it as the baseline, then apply key=value "
                   "(repeatable) and run again (for Compare screenshots)");
    cli.add_option("--tab", o.tab,
                   "Tab to show: charts, succession, graph, compare, optimise or sensitivity")
        ->check(
            CLI::IsMember({"charts", "succession", "graph", "compare", "optimise", "sensitivity"}));
    cli.add_option("--sensitivity", o.sensitivity_output,
                   "Start the Sensitivity tab's analysis of this output, e.g. \"vacancy_rate, "
                   "registered manager, year 6\" (for screenshots)");
    cli.add_option("--optimise", o.optimise_goal,
                   "Start the Optimise tab's best use of --budget for this objective (for "
                   "screenshots)");
    cli.add_option("--budget", o.optimise_budget, "With --optimise: GBP a year")
        ->check(CLI::Range(0.0, 1e10));
}

// The scenario with --set, the one --compare-set compares with, and --optimise's goal,
// all checked before any window opens (through the one door, as the command line's
// --set); or the exit status.
struct Prepared {
    model::ValidScenario scenario;
    model::ValidScenario compared;
    std::optional<model::Goal> optimise;
    std::optional<model::Goal> sensitivity;
};

std::variant<Prepared, int> prepare(const Options& o) {
    auto loaded = batch::load_scenario(o.scenario_path, batch::machine_limits());
    if (!loaded.ok()) {
        for (const auto& error : loaded.errors) {
            fmt::print(stderr, "error: {}\n", error.to_string());
        }
        return 2;
    }
    const auto edits_of = [](const std::vector<std::string>& list, const char* option,
                             std::vector<model::Edit>& edits) {
        auto parsed = model::parse_assignments(list);
        if (const auto* why = std::get_if<std::string>(&parsed)) {
            fmt::print(stderr, "error: {} {}\n", option, *why);
            return false;
        }
        edits = std::get<std::vector<model::Edit>>(std::move(parsed));
        return true;
    };
    std::vector<model::Edit> set_edits;
    std::vector<model::Edit> compare_edits;
    if (!edits_of(o.assignments, "--set", set_edits) ||
        !edits_of(o.compare_sets, "--compare-set", compare_edits)) {
        return 2;
    }
    if (const auto error = model::apply_edits(*loaded.scenario, set_edits)) {
        fmt::print(stderr, "error: --set {}\n", *error);
        return 2;
    }
    Prepared prepared{*loaded.scenario, *loaded.scenario, std::nullopt, std::nullopt};
    if (const auto error = model::apply_edits(prepared.compared, compare_edits)) {
        fmt::print(stderr, "error: --compare-set {}\n", *error);
        return 2;
    }
    if (!o.optimise_goal.empty()) {
        const auto parsed = model::parse_goal(o.optimise_goal, *prepared.scenario, false);
        if (const auto* why = std::get_if<std::string>(&parsed)) {
            fmt::print(stderr, "error: --optimise {}\n", *why);
            return 2;
        }
        prepared.optimise = std::get<model::Goal>(parsed);
    }
    if (!o.sensitivity_output.empty()) {
        const auto parsed = batch::parse_output(o.sensitivity_output, *prepared.scenario);
        if (const auto* why = std::get_if<std::string>(&parsed)) {
            fmt::print(stderr, "error: --sensitivity {}\n", *why);
            return 2;
        }
        prepared.sensitivity = std::get<model::Goal>(parsed);
    }
    return prepared;
}

// The tab, an optimisation and replicates as the command line asked.
void start(gui::App& app, const Options& o, const Prepared& prepared) {
    const auto& optimise = prepared.optimise;
    app.view.tab = o.tab == "graph"         ? 1
                   : o.tab == "compare"     ? 2
                   : o.tab == "optimise"    ? 3
                   : o.tab == "succession"  ? 4
                   : o.tab == "sensitivity" ? 5
                                            : 0;
    if (prepared.sensitivity) {
        // The form shows what is being analysed.
        const auto& goal = *prepared.sensitivity;
        auto& form = app.sensitivity_form;
        form.metric = goal.metric == model::GoalMetric::BenchStrength ? 1
                      : goal.metric == model::GoalMetric::Filled      ? 2
                                                                      : 0;
        form.subject = goal.role ? static_cast<int>(*goal.role) + 1 : 0;
        form.year = goal.last_year;
        batch::SensitivityJob job(app.working_valid());
        job.outputs.push_back(*prepared.sensitivity);
        job.samples = 64;
        job.trajectories = 8;
        job.verify_inputs = 0;
        job.threads = app.threads;
        job.seed = app.working().seed;
        app.sensitivity.start(std::move(job));
    }
    if (optimise) {
        auto& form = app.optimise_form;
        std::fill(form.goal.begin(), form.goal.end(), '\0');
        std::copy_n(o.optimise_goal.begin(), std::min(o.optimise_goal.size(), form.goal.size() - 1),
                    form.goal.begin());
        form.budget = o.optimise_budget;
        form.replicates = 4;
        form.frontier = true;
        app.optimiser.start(
            {app.working_valid(), *optimise, o.optimise_budget, 4, 3, app.threads, nullptr, {}}, 4);
    }
    if (o.replicates > 1 || o.assumption_sets > 0) {
        app.knobs.replicates = o.replicates;
        app.knobs.assumption_sets = o.assumption_sets;
        app.knobs_changed();
        app.run_now();
    }
}

// Seconds to wait for input before the next frame: about 30 frames a second while a run
// is pending or in progress (results arrive within a frame of it ending), a few frames
// after input so ImGui settles, and otherwise until the next input (an idle window draws
// nothing). Screenshots never wait.
double frame_wait(const gui::App& app, bool screenshot, int& settle_frames) {
    if (screenshot) {
        return 0;
    }
    if (app.runner.running() || app.run_pending() || app.optimiser.running() ||
        app.sensitivity.running()) {
        settle_frames = 2;
        return 1.0 / 30;
    }
    if (settle_frames > 0) {
        --settle_frames;
        return 0;
    }
    settle_frames = 2;
    return gui::Window::kUntilInput;
}

// Which background jobs were running at the last frame, so their ends are told.
struct JobsSeen {
    bool optimise = false;
    bool sensitivity = false;
};

// The end of an optimisation or an analysis on the status line (and so in the log), so a
// person looking away knows the answer is in. A run's end shows beside Run now instead,
// leaving the status line to what opening a file did.
void report_finished_jobs(gui::App& app, JobsSeen& seen) {
    const auto ended = [](bool& was, bool now) {
        const bool end = was && !now;
        was = now;
        return end;
    };
    if (ended(seen.optimise, app.optimiser.running())) {
        const auto error = app.optimiser.error();
        app.status = error.empty() ? "the optimiser finished: its answer is on the Optimise tab"
                                   : "the optimiser stopped: " + error;
    }
    if (ended(seen.sensitivity, app.sensitivity.running())) {
        const auto error = app.sensitivity.error();
        app.status = error.empty() ? "the analysis finished: its ranking is on the Sensitivity tab"
                                   : "the analysis stopped: " + error;
    }
}

// One frame: text size once its slider is let go, ctrl+Z, the window, requests.
void frame(gui::Window& window, gui::App& app, gui::Requests& requests, bool screenshot,
           double wait) {
    if (std::abs(app.view.ui_scale - window.ui_scale()) > 1e-3f &&
        !ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
        window.set_ui_scale(app.view.ui_scale);
        app.view.ui_scale = window.ui_scale();
        if (!screenshot) {
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
        app.status = window.save_png(requests.save_png) ? "saved " + requests.save_png
                                                        : "could not save " + requests.save_png;
        requests.save_png.clear();
    }
    serve(app, requests);
}

// The window until it is closed, or, for a screenshot, until what it waits for is
// shown and the frames are drawn. The exit status.
int run_window(const Options& o, Prepared& prepared) {
    gui::Window window(o.width, o.height, "carecast");
    // Text size: the one last chosen, else what suits the screen; screenshots always use
    // the screen's, so they do not depend on a user's settings.
    const bool screenshot = !o.screenshot.empty();
    const auto remembered = screenshot ? std::nullopt : read_ui_scale();
    window.set_ui_scale(remembered.value_or(window.default_ui_scale()));
    gui::App app(std::move(prepared.scenario),
                 o.threads > 0 ? o.threads : tbb::info::default_concurrency());
    app.view.ui_scale = window.ui_scale();
    start(app, o, prepared);
    gui::set_chart_tooltips(!screenshot);
    gui::Requests requests;
    int frames_left = o.frames;
    int settle_frames = 2;
    bool compare_pending = !o.compare_sets.empty();
    std::string said;
    JobsSeen seen;
    while (!window.should_close()) {
        frame(window, app, requests, screenshot, frame_wait(app, screenshot, settle_frames));
        report_finished_jobs(app, seen);
        if (app.status != said) { // the status line, logged: what the window did, in order
            said = app.status;
            fmt::print(stderr, "carecast-gui: {}\n", said);
        }
        const bool finished = !app.runner.running() && app.shown();
        if (compare_pending && finished) {
            app.pinned = app.shown(); // the baseline run is done: compare against it
            app.load(prepared.compared, true);
            // The compared run has as many replicates as the baseline.
            app.knobs.replicates = std::max(1, o.replicates);
            app.knobs_changed();
            app.run_now();
            compare_pending = false;
        }
        if (screenshot) {
            const bool waiting =
                ((o.run || app.pinned) && (app.runner.running() || !app.shown() ||
                                           compare_pending || app.shown() == app.pinned)) ||
                app.optimiser.running() || app.sensitivity.running();
            if (!waiting && --frames_left <= 0) {
                if (!window.save_png(o.screenshot)) {
                    fmt::print(stderr, "error: cannot write {}\n", o.screenshot);
                    return 1;
                }
                fmt::print("saved {} ({}x{})\n", o.screenshot, window.width(), window.height());
                return 0;
            }
        }
        window.present();
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App cli{
        "carecast-gui: tune a scenario and watch the workforce and its leadership pipeline"};
    Options options;
    add_options(cli, options);
    CLI11_PARSE(cli, argc, argv);
    auto prepared = prepare(options);
    if (const int* status = std::get_if<int>(&prepared)) {
        return *status;
    }
    const batch::ThreadAllowance allow(options.threads); // more than the cores: the user's call
    try {
        return run_window(options, std::get<Prepared>(prepared));
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return 1;
    }
}
