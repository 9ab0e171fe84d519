// The command line's commands, each returning the process exit code.
#pragma once

#include <carecast/model/area_scenario.hpp>
#include <carecast/model/valid_scenario.hpp>

#include <optional>
#include <string>
#include <vector>

namespace carecast::batch {
class Cluster;
}

namespace carecast::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;          // could not write outputs
inline constexpr int kExitBadInput = 2;         // scenario or arguments rejected
inline constexpr int kExitOutsideTolerance = 3; // check: a figure outside its tolerance
inline constexpr int kExitCancelled = 130;

struct RunArgs {
    std::optional<std::string> scenario; // empty: the embedded England baseline
    std::optional<int> years;
    std::optional<std::string> seed; // checked by the door's rules, not clamped
    std::vector<std::string> sets;   // --set key=value
    int threads = 0;                 // 0: every core
    std::string out = "carecast-out";
    bool quiet = false;
    int replicates = 1;
    std::optional<int> replicate; // run this replicate alone
    bool keep_replicates = false;
    int uncertainty = 0; // parameter sets drawn from the declared ranges (0: none)
    std::string by;      // "area": the summary per area as well
};

int run_command(const RunArgs& args);
// The scenario a run's arguments name: loaded, with --set, --years and --seed through
// the one door; nothing (the errors printed) where something is refused.
std::optional<model::ValidScenario> scenario_to_run(const RunArgs& args);

struct SweepArgs {
    std::string sweep;
    std::string out = "carecast-sweep";
    int threads = 0;               // 0: every core (shared among the ranks on a machine)
    std::vector<std::string> sets; // --set key=value on the base scenario
};
int sweep_command(const SweepArgs& args, const batch::Cluster& cluster);
int validate_command(const std::string& path, bool list_keys);

struct NewAreaArgs {
    model::LocalFigures local;
    std::optional<std::string> from;   // base scenario file; empty: the England baseline
    std::optional<std::string> region; // start from this area's rates in the base
    std::string out;
    bool force = false;
};
int new_area_command(const NewAreaArgs& args);

struct CheckArgs {
    std::string run;                // a folder carecast run wrote
    std::string figures;            // CSV of published figures
    std::optional<std::string> csv; // the comparison as CSV
};
int check_command(const CheckArgs& args);
int analyse_command(const std::optional<std::string>& path, bool json, int years = 10);
int calibrate_command(const std::optional<std::string>& path);

struct OptimiseArgs {
    std::optional<std::string> scenario;     // empty: the embedded England baseline
    std::optional<std::string> objective;    // "min vacancy_rate, registered manager, year 5"
    std::optional<std::string> target;       // "vacancy_rate, registered manager, year 5 <= 0.08"
    std::optional<double> budget;            // with --objective: GBP a year
    std::optional<std::string> budget_range; // "FROM:TO:STEP": the frontier
    int replicates = 10;
    int candidates = 3;
    int robust = 0; // draws of the declared assumptions to score the choice across
    int threads = 0;
    std::string out = "carecast-optimise";
};
int optimise_command(const OptimiseArgs& args);

struct SensitivityArgs {
    std::optional<std::string> scenario; // empty: the embedded England baseline
    std::vector<std::string> outputs;    // "vacancy_rate, care worker, year 6"
    std::vector<std::string> sets;       // --set key=value on the scenario
    int trajectories = 10;
    int inputs = 12;
    int samples = 256;
    int verify = 3;
    int replicates = 2;
    int threads = 0;
    std::string out = "carecast-sensitivity";
};
int sensitivity_command(const SensitivityArgs& args);

} // namespace carecast::cli
