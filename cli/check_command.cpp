// carecast check: a run or an ensemble against published figures.
#include "commands.hpp"

#include <carecast/batch/figures_check.hpp>
#include <carecast/batch/output.hpp>
#include <carecast/batch/scenario_file.hpp>

#include <fmt/format.h>

namespace carecast::cli {

int check_command(const CheckArgs& args) {
    std::string text;
    if (const auto error = batch::read_input(args.figures, text)) {
        fmt::print(stderr, "error: {}: {}\n", args.figures, *error);
        return kExitBadInput;
    }
    const auto figures = batch::parse_figures(text, args.figures);
    if (!figures.errors.empty()) {
        for (const auto& error : figures.errors) {
            fmt::print(stderr, "error: {}\n", error);
        }
        fmt::print(stderr, "{} error{} in the figures; nothing was checked.\n",
                   figures.errors.size(), figures.errors.size() == 1 ? "" : "s");
        return kExitBadInput;
    }
    const auto result = batch::check_run(args.run, figures.figures);
    if (!result.errors.empty()) {
        for (const auto& error : result.errors) {
            fmt::print(stderr, "error: {}: {}\n", args.figures, error);
        }
        fmt::print(stderr, "nothing was checked.\n");
        return kExitBadInput;
    }
    fmt::print("{}", batch::check_report(result));
    if (args.csv) {
        try {
            batch::write_atomically(*args.csv, batch::check_csv(result));
        } catch (const std::exception& e) {
            fmt::print(stderr, "error: {}\n", e.what());
            return kExitFailure;
        }
        fmt::print("Wrote {}\n", *args.csv);
    }
    for (const auto& c : result.checks) {
        if (!c.within) {
            return kExitOutsideTolerance;
        }
    }
    return kExitOk;
}

} // namespace carecast::cli
