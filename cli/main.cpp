// carecast: the headless command line over the model and sim libraries.
#include "commands.hpp"
#include <carecast/batch/cluster.hpp>
#include <carecast/batch/scenario_file.hpp>
#include <carecast/batch/thread_allowance.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <csignal>

namespace {

using namespace carecast::cli;

// Every subcommand's arguments, and whether it was chosen.
struct Commands {
    RunArgs run;
    CheckArgs check;
    std::string validate_path;
    bool validate_keys = false;
    std::optional<std::string> analyse_path;
    bool analyse_json = false;
    int analyse_years = 10;
    SweepArgs sweep;
    std::optional<std::string> calibrate_path;
    NewAreaArgs area;
    OptimiseArgs optimise;
    SensitivityArgs sensitivity;
    CLI::App* run_cmd = nullptr;
    CLI::App* check_cmd = nullptr;
    CLI::App* validate_cmd = nullptr;
    CLI::App* analyse_cmd = nullptr;
    CLI::App* sweep_cmd = nullptr;
    CLI::App* calibrate_cmd = nullptr;
    CLI::App* area_cmd = nullptr;
    CLI::App* optimise_cmd = nullptr;
    CLI::App* sensitivity_cmd = nullptr;
};

void add_run(CLI::App& app, Commands& c) {
    c.run_cmd = app.add_subcommand("run", "Simulate a scenario month by month and write results");
    c.run_cmd->add_option("scenario", c.run.scenario,
                          "Scenario TOML file (default: the embedded England baseline)");
    c.run_cmd->add_option("--years", c.run.years, "Horizon in years (default: the scenario's)")
        ->check(CLI::Range(1, 100));
    c.run_cmd->add_option("--seed", c.run.seed,
                          "Random seed, a whole number 0 to 2^63-1 (default: the scenario's)");
    c.run_cmd->add_option("--set", c.run.sets,
                          "KEY=VALUE: change a parameter (repeatable; the keys carecast-gui --set "
                          "takes); checked like the scenario file");
    c.run_cmd->add_option("--threads", c.run.threads, "Worker threads (default: every core)")
        ->check(CLI::Range(0, 1024));
    c.run_cmd->add_option("--out", c.run.out, "Output folder (created if missing)");
    c.run_cmd->add_flag("--quiet", c.run.quiet, "No progress bar or summary");
    c.run_cmd
        ->add_option("--replicates", c.run.replicates,
                     "Replicates, run in parallel; writes mean, P5, P50, P95 (ensemble.csv)")
        ->check(CLI::Range(1, 100000));
    c.run_cmd
        ->add_option("--by", c.run.by,
                     "area: the summary per area too (posts, vacancy rate and turnover at the "
                     "start and the end, the weakest leadership bench)")
        ->check(CLI::IsMember({"area"}));
    c.run_cmd->add_flag("--keep-replicates", c.run.keep_replicates,
                        "With --replicates: also write every replicate (replicates.csv)");
    auto* uncertainty_opt =
        c.run_cmd
            ->add_option("--uncertainty", c.run.uncertainty,
                         "Draw N parameter sets from the scenario's declared ranges and run "
                         "each with the same replicates (at least 2): bands from assumptions "
                         "and chance, uncertainty.csv")
            ->check(CLI::Range(1, 10000));
    auto* replicate_opt =
        c.run_cmd
            ->add_option("--replicate", c.run.replicate,
                         "Run replicate R alone (the same numbers it has in an ensemble)")
            ->check(CLI::Range(0, 16000000));
    uncertainty_opt->excludes(replicate_opt);
}

void add_checks(CLI::App& app, Commands& c) {
    c.check_cmd = app.add_subcommand(
        "check", "Compare a run or an ensemble with published figures (exit 3 if any is outside "
                 "its tolerance)");
    c.check_cmd->add_option("run", c.check.run, "Output folder of carecast run")->required();
    c.check_cmd
        ->add_option("figures", c.check.figures,
                     "CSV: figure,month,area,role,metric,published,tolerance,source")
        ->required();
    c.check_cmd->add_option("--csv", c.check.csv, "Also write the comparison as CSV");

    c.validate_cmd = app.add_subcommand("validate", "Check a scenario file and report every error");
    c.validate_cmd->add_option("scenario", c.validate_path, "Scenario TOML file")->required();
    c.validate_cmd->add_flag("--keys", c.validate_keys,
                             "Also list every key --set, a sweep or an event may change, with "
                             "its value and range");

    c.analyse_cmd = app.add_subcommand(
        "analyse", "Expected stocks, time in role, career prospects and pipeline bottlenecks");
    c.analyse_cmd->add_option("scenario", c.analyse_path,
                              "Scenario TOML file (default: the embedded England baseline)");
    c.analyse_cmd->add_flag("--json", c.analyse_json, "Print the same figures as JSON");
    c.analyse_cmd
        ->add_option("--years", c.analyse_years, "Horizon of the expected figures (default 10)")
        ->check(CLI::Range(1, 100));

    c.calibrate_cmd = app.add_subcommand(
        "calibrate",
        "Matching efficiencies that hold each role's (and region's) month-0 vacancy rate");
    c.calibrate_cmd->add_option("scenario", c.calibrate_path,
                                "Scenario TOML file (default: the embedded England baseline)");
}

void add_sweep(CLI::App& app, Commands& c) {
    c.sweep_cmd = app.add_subcommand(
        "sweep", "Run every point of a sweep file (resumable; spreads over MPI ranks)");
    c.sweep_cmd->add_option("sweep", c.sweep.sweep, "Sweep TOML file")->required();
    c.sweep_cmd->add_option("--out", c.sweep.out, "Output folder; a second run there resumes");
    c.sweep_cmd->add_option("--set", c.sweep.sets,
                            "KEY=VALUE: change the base scenario before the sweep (repeatable; "
                            "the keys run --set takes; recorded in the manifest)");
    c.sweep_cmd
        ->add_option("--threads", c.sweep.threads, "Threads per process (default: cores / ranks)")
        ->check(CLI::Range(0, 1024));
}

void add_new_area(CLI::App& app, Commands& c) {
    c.area_cmd = app.add_subcommand(
        "new-area", "Write a scenario for one area from a few local figures (England scaled)");
    c.area_cmd->add_option("--name", c.area.local.name, "The area's name")->required();
    c.area_cmd->add_option("--workers", c.area.local.workers, "People in post (filled posts)")
        ->required();
    c.area_cmd->add_option("--vacancy-rate", c.area.local.vacancy_rate,
                           "All-role vacancy rate, e.g. 0.09 for 9% (default: England's)");
    c.area_cmd->add_option("--turnover", c.area.local.turnover,
                           "All-role turnover a year, e.g. 0.3 (default: England's)");
    c.area_cmd->add_option("--registered-managers", c.area.local.registered_managers,
                           "Registered managers in post (default: England's share)");
    c.area_cmd->add_option("--aged-55-plus", c.area.local.share_aged_55_plus,
                           "Share of the workforce aged 55 and over, e.g. 0.29");
    c.area_cmd->add_option("--budget", c.area.local.training_budget,
                           "Training budget, GBP a year on top of baseline training (default 0)");
    c.area_cmd->add_option("--source", c.area.local.source_note,
                           "Where the local figures come from (written into the file)");
    c.area_cmd->add_option("--from", c.area.from,
                           "Base scenario file (default: the embedded England baseline)");
    c.area_cmd->add_option("--region", c.area.region,
                           "Start from this region's rates in the base (for example \"London\"; "
                           "default: England's)");
    c.area_cmd->add_option("--out", c.area.out, "Scenario file to write")->required();
    c.area_cmd->add_flag("--force", c.area.force, "Replace --out if it exists");
}

void add_optimise(CLI::App& app, Commands& c) {
    c.optimise_cmd = app.add_subcommand(
        "optimise", "The best use of a training budget, or the least budget that meets a target");
    c.optimise_cmd->add_option("scenario", c.optimise.scenario,
                               "Scenario TOML file (default: the embedded England baseline)");
    auto* objective_opt = c.optimise_cmd->add_option(
        "--objective", c.optimise.objective,
        "\"min|max METRIC, ROLE[, AREA], year Y|years A-B\"; METRIC: vacancy_rate, "
        "bench_strength, internal_fill_share, filled, leadership_filled_internally; ROLE: a "
        "role, group:<group> or all");
    auto* target_opt = c.optimise_cmd->add_option(
        "--target", c.optimise.target,
        "\"METRIC, ROLE[, AREA], year Y <= VALUE\" (or >=): find the least budget that meets it");
    objective_opt->excludes(target_opt);
    c.optimise_cmd
        ->add_option("--budget", c.optimise.budget, "With --objective: GBP a year to spend")
        ->check(CLI::Range(0.0, 1e13));
    c.optimise_cmd->add_option("--budget-range", c.optimise.budget_range,
                               "FROM:TO:STEP in GBP: the best objective at each budget "
                               "(frontier.csv)");
    c.optimise_cmd
        ->add_option("--replicates", c.optimise.replicates,
                     "Agent-based replicates per verified allocation (default 10)")
        ->check(CLI::Range(2, 10000));
    c.optimise_cmd
        ->add_option("--candidates", c.optimise.candidates,
                     "Allocations verified besides the priority-order split (default 3)")
        ->check(CLI::Range(1, 20));
    c.optimise_cmd
        ->add_option("--robust", c.optimise.robust,
                     "With --objective: score the verified allocations across N draws of the "
                     "scenario's declared assumptions (chance of being best, expected regret; "
                     "robust.csv)")
        ->check(CLI::Range(2, 10000));
    c.optimise_cmd
        ->add_option("--threads", c.optimise.threads, "Worker threads (default: every core)")
        ->check(CLI::Range(0, 1024));
    c.optimise_cmd->add_option("--out", c.optimise.out, "Output folder (created if missing)");
}

void add_sensitivity(CLI::App& app, Commands& c) {
    auto* cmd = app.add_subcommand(
        "sensitivity", "Which declared assumptions decide an output: screening, then Sobol' "
                       "indices, checked with agent runs");
    c.sensitivity_cmd = cmd;
    auto& a = c.sensitivity;
    cmd->add_option("scenario", a.scenario,
                    "Scenario TOML file with [[uncertainty]] tables (default: the embedded "
                    "England baseline)");
    cmd->add_option("--output", a.outputs,
                    "\"METRIC, ROLE[, AREA], year Y|years A-B\", repeatable (default: care "
                    "worker and registered-manager vacancy rates in year 6)");
    cmd->add_option("--set", a.sets, "Change a parameter first: key=value (repeatable)");
    cmd->add_option("--trajectories", a.trajectories, "Screening trajectories (Morris; default 10)")
        ->check(CLI::Range(2, 1000));
    cmd->add_option("--inputs", a.inputs,
                    "Inputs taken from screening to Sobol' indices (default 12)")
        ->check(CLI::Range(1, 64));
    cmd->add_option("--samples", a.samples, "Sobol' base samples N (default 256)")
        ->check(CLI::Range(8, 65536));
    cmd->add_option("--verify", a.verify,
                    "Top inputs checked with agent runs at their range ends (default 3; 0: none)")
        ->check(CLI::Range(0, 64));
    cmd->add_option("--replicates", a.replicates, "Agent replicates at each end (default 2)")
        ->check(CLI::Range(2, 1000));
    cmd->add_option("--threads", a.threads, "Worker threads (default: every core)")
        ->check(CLI::Range(0, 1024));
    cmd->add_option("--out", a.out, "Output folder (created if missing)");
}

int dispatch(const Commands& c, const carecast::batch::Cluster& cluster) {
    if (*c.run_cmd) {
        return run_command(c.run);
    }
    if (*c.sweep_cmd) {
        return sweep_command(c.sweep, cluster);
    }
    if (*c.optimise_cmd) {
        return optimise_command(c.optimise);
    }
    if (*c.sensitivity_cmd) {
        return sensitivity_command(c.sensitivity);
    }
    if (*c.calibrate_cmd) {
        return calibrate_command(c.calibrate_path);
    }
    if (*c.area_cmd) {
        return new_area_command(c.area);
    }
    if (*c.check_cmd) {
        return check_command(c.check);
    }
    if (*c.analyse_cmd) {
        return analyse_command(c.analyse_path, c.analyse_json, c.analyse_years);
    }
    return validate_command(c.validate_path, c.validate_keys);
}

} // namespace

int main(int argc, char** argv) {
    // A file-size limit (ulimit -f) then fails a write with an error, as a full disk
    // does, instead of killing the process midway.
    std::signal(SIGXFSZ, SIG_IGN);
    const carecast::batch::Cluster cluster(&argc, &argv); // an MPI job only under mpirun
    CLI::App app{"carecast " CARECAST_VERSION
                 ": workforce planning and succession simulator for adult social care"};
    app.require_subcommand(1);
    app.footer(R"(Examples:
  carecast run                                   England baseline, 10 years, into ./carecast-out
  carecast run scenarios/england.toml --years 15 --seed 7 --threads 2 --out runs/a
  carecast run --replicates 20 --keep-replicates --out runs/ensemble
  carecast validate my-council.toml              check a scenario; errors name file:line and key
  carecast analyse                               expected values and pipeline bottlenecks (--json)
  carecast check runs/a validation/england-2024.csv  a run against published figures
  carecast new-area --name "My council" --workers 12000 --vacancy-rate 0.09 --out my-council.toml
  carecast sweep scenarios/council-training-budget.sweep.toml --out runs/budget
  carecast optimise scenarios/council-example.toml --budget 1000000 \
      --objective "min vacancy_rate, registered manager, years 3-5" --out runs/best
  carecast optimise scenarios/council-example.toml --out runs/least \
      --target "vacancy_rate, registered manager, years 3-5 <= 0.09"
  carecast sensitivity --output "vacancy_rate, registered manager, year 6" --out runs/why
  mpirun -np 4 carecast sweep big.sweep.toml --out runs/big   the same, over 4 MPI ranks

Exit codes: 0 done, 1 outputs could not be written, 2 bad scenario or arguments, 3 (check) a
figure outside its tolerance, 130 cancelled.
Outputs: DIR/results.csv (month,area,role,metric,value) and DIR/manifest.json; with
--replicates R, DIR/ensemble.csv (statistic,month,...) and with --keep-replicates
DIR/replicates.csv (replicate,month,...).)");

    Commands c;
    add_run(app, c);
    add_checks(app, c);
    add_sweep(app, c);
    add_new_area(app, c);
    add_optimise(app, c);
    add_sensitivity(app, c);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kExitOk : kExitBadInput;
    }
    if (const auto problem = carecast::batch::memory_budget_problem()) {
        fmt::print(stderr, "error: {}; nothing was run or written.\n", *problem);
        return kExitBadInput;
    }
    // More threads than cores is the user's call.
    const carecast::batch::ThreadAllowance allow(
        std::max({c.run.threads, c.sweep.threads, c.optimise.threads, c.sensitivity.threads}));
    return dispatch(c, cluster);
}
