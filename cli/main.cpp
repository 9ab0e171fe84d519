// carecast: the headless command line over the model and sim libraries.
#include "commands.hpp"
#include <carecast/batch/cluster.hpp>
#include <carecast/batch/scenario_file.hpp>
#include <carecast/batch/thread_allowance.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <csignal>

int main(int argc, char** argv) {
    using namespace carecast::cli;
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
      --target "vacancy_rate, registered manager, years 3-5 <= 0.08"
  mpirun -np 4 carecast sweep big.sweep.toml --out runs/big   the same, over 4 MPI ranks

Exit codes: 0 done, 1 outputs could not be written, 2 bad scenario or arguments, 3 (check) a
figure outside its tolerance, 130 cancelled.
Outputs: DIR/results.csv (month,area,role,metric,value) and DIR/manifest.json; with
--replicates R, DIR/ensemble.csv (statistic,month,...) and with --keep-replicates
DIR/replicates.csv (replicate,month,...).)");

    RunArgs run;
    auto* run_cmd =
        app.add_subcommand("run", "Simulate a scenario month by month and write results");
    run_cmd->add_option("scenario", run.scenario,
                        "Scenario TOML file (default: the embedded England baseline)");
    run_cmd->add_option("--years", run.years, "Horizon in years (default: the scenario's)")
        ->check(CLI::Range(1, 100));
    run_cmd->add_option("--seed", run.seed,
                        "Random seed, a whole number 0 to 2^63-1 (default: the scenario's)");
    run_cmd->add_option("--set", run.sets,
                        "KEY=VALUE: change a parameter (repeatable; the keys carecast-gui --set "
                        "takes); checked like the scenario file");
    run_cmd->add_option("--threads", run.threads, "Worker threads (default: every core)")
        ->check(CLI::Range(0, 1024));
    run_cmd->add_option("--out", run.out, "Output folder (created if missing)");
    run_cmd->add_flag("--quiet", run.quiet, "No progress bar or summary");
    run_cmd
        ->add_option("--replicates", run.replicates,
                     "Replicates, run in parallel; writes mean, P5, P50, P95 (ensemble.csv)")
        ->check(CLI::Range(1, 100000));
    run_cmd
        ->add_option("--by", run.by,
                     "area: the summary per area too (posts, vacancy rate and turnover at the "
                     "start and the end, the weakest leadership bench)")
        ->check(CLI::IsMember({"area"}));
    run_cmd->add_flag("--keep-replicates", run.keep_replicates,
                      "With --replicates: also write every replicate (replicates.csv)");
    run_cmd
        ->add_option("--replicate", run.replicate,
                     "Run replicate R alone (the same numbers it has in an ensemble)")
        ->check(CLI::Range(0, 16000000));

    CheckArgs check;
    auto* check_cmd = app.add_subcommand(
        "check", "Compare a run or an ensemble with published figures (exit 3 if any is outside "
                 "its tolerance)");
    check_cmd->add_option("run", check.run, "Output folder of carecast run")->required();
    check_cmd
        ->add_option("figures", check.figures,
                     "CSV: figure,month,area,role,metric,published,tolerance,source")
        ->required();
    check_cmd->add_option("--csv", check.csv, "Also write the comparison as CSV");

    std::string validate_path;
    auto* validate_cmd =
        app.add_subcommand("validate", "Check a scenario file and report every error");
    validate_cmd->add_option("scenario", validate_path, "Scenario TOML file")->required();

    std::optional<std::string> analyse_path;
    bool analyse_json = false;
    auto* analyse_cmd = app.add_subcommand(
        "analyse", "Expected stocks, time in role, career prospects and pipeline bottlenecks");
    analyse_cmd->add_option("scenario", analyse_path,
                            "Scenario TOML file (default: the embedded England baseline)");
    analyse_cmd->add_flag("--json", analyse_json, "Print the same figures as JSON");
    int analyse_years = 10;
    analyse_cmd
        ->add_option("--years", analyse_years, "Horizon of the expected figures (default 10)")
        ->check(CLI::Range(1, 100));

    SweepArgs sweep;
    auto* sweep_cmd = app.add_subcommand(
        "sweep", "Run every point of a sweep file (resumable; spreads over MPI ranks)");
    sweep_cmd->add_option("sweep", sweep.sweep, "Sweep TOML file")->required();
    sweep_cmd->add_option("--out", sweep.out, "Output folder; a second run there resumes");
    sweep_cmd->add_option("--set", sweep.sets,
                          "KEY=VALUE: change the base scenario before the sweep (repeatable; "
                          "the keys run --set takes; recorded in the manifest)");
    sweep_cmd
        ->add_option("--threads", sweep.threads, "Threads per process (default: cores / ranks)")
        ->check(CLI::Range(0, 1024));

    std::optional<std::string> calibrate_path;
    auto* calibrate_cmd = app.add_subcommand(
        "calibrate", "Fill rates (time to hire) that hold each role's month-0 vacancy rate");
    calibrate_cmd->add_option("scenario", calibrate_path,
                              "Scenario TOML file (default: the embedded England baseline)");

    NewAreaArgs area;
    auto* area_cmd = app.add_subcommand(
        "new-area", "Write a scenario for one area from a few local figures (England scaled)");
    area_cmd->add_option("--name", area.local.name, "The area's name")->required();
    area_cmd->add_option("--workers", area.local.workers, "People in post (filled posts)")
        ->required();
    area_cmd->add_option("--vacancy-rate", area.local.vacancy_rate,
                         "All-role vacancy rate, e.g. 0.09 for 9% (default: England's)");
    area_cmd->add_option("--turnover", area.local.turnover,
                         "All-role turnover a year, e.g. 0.3 (default: England's)");
    area_cmd->add_option("--registered-managers", area.local.registered_managers,
                         "Registered managers in post (default: England's share)");
    area_cmd->add_option("--aged-55-plus", area.local.share_aged_55_plus,
                         "Share of the workforce aged 55 and over, e.g. 0.29");
    area_cmd->add_option("--budget", area.local.training_budget,
                         "Training budget, GBP a year on top of baseline training (default 0)");
    area_cmd->add_option("--source", area.local.source_note,
                         "Where the local figures come from (written into the file)");
    area_cmd->add_option("--from", area.from,
                         "Base scenario file (default: the embedded England baseline)");
    area_cmd->add_option("--region", area.region,
                         "Start from this region's rates in the base (for example \"London\"; "
                         "default: England's)");
    area_cmd->add_option("--out", area.out, "Scenario file to write")->required();
    area_cmd->add_flag("--force", area.force, "Replace --out if it exists");

    OptimiseArgs optimise;
    auto* optimise_cmd = app.add_subcommand(
        "optimise", "The best use of a training budget, or the least budget that meets a target");
    optimise_cmd->add_option("scenario", optimise.scenario,
                             "Scenario TOML file (default: the embedded England baseline)");
    auto* objective_opt = optimise_cmd->add_option(
        "--objective", optimise.objective,
        "\"min|max METRIC, ROLE[, AREA], year Y|years A-B\"; METRIC: vacancy_rate, "
        "bench_strength, internal_fill_share, filled, leadership_filled_internally; ROLE: a "
        "role, group:<group> or all");
    auto* target_opt = optimise_cmd->add_option(
        "--target", optimise.target,
        "\"METRIC, ROLE[, AREA], year Y <= VALUE\" (or >=): find the least budget that meets it");
    objective_opt->excludes(target_opt);
    optimise_cmd->add_option("--budget", optimise.budget, "With --objective: GBP a year to spend")
        ->check(CLI::Range(0.0, 1e13));
    optimise_cmd->add_option("--budget-range", optimise.budget_range,
                             "FROM:TO:STEP in GBP: the best objective at each budget "
                             "(frontier.csv)");
    optimise_cmd
        ->add_option("--replicates", optimise.replicates,
                     "Agent-based replicates per verified allocation (default 10)")
        ->check(CLI::Range(2, 10000));
    optimise_cmd
        ->add_option("--candidates", optimise.candidates,
                     "Allocations verified besides the priority-order split (default 3)")
        ->check(CLI::Range(1, 20));
    optimise_cmd->add_option("--threads", optimise.threads, "Worker threads (default: every core)")
        ->check(CLI::Range(0, 1024));
    optimise_cmd->add_option("--out", optimise.out, "Output folder (created if missing)");

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
        std::max({run.threads, sweep.threads, optimise.threads}));
    if (*run_cmd) {
        return run_command(run);
    }
    if (*sweep_cmd) {
        return sweep_command(sweep, cluster);
    }
    if (*optimise_cmd) {
        return optimise_command(optimise);
    }
    if (*calibrate_cmd) {
        return calibrate_command(calibrate_path);
    }
    if (*area_cmd) {
        return new_area_command(area);
    }
    if (*check_cmd) {
        return check_command(check);
    }
    if (*analyse_cmd) {
        return analyse_command(analyse_path, analyse_json, analyse_years);
    }
    return validate_command(validate_path);
}
