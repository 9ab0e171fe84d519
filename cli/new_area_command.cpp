// carecast new-area: a council's own scenario from a few local figures.
#include "commands.hpp"
#include <carecast/batch/output.hpp>
#include <carecast/batch/scenario_file.hpp>

#include <carecast/embedded_scenarios.hpp>
#include <carecast/model/area_scenario.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace carecast::cli {

namespace {

// The command-line flag that gave each local figure.
std::string flag_of(const std::string& figure) {
    static const std::map<std::string, std::string> flags{
        {"name", "--name"},
        {"workers", "--workers"},
        {"vacancy_rate", "--vacancy-rate"},
        {"turnover", "--turnover"},
        {"registered_managers", "--registered-managers"},
        {"share_aged_55_plus", "--aged-55-plus"},
        {"training_budget", "--budget"}};
    const auto found = flags.find(figure);
    return found != flags.end() ? found->second : figure;
}

} // namespace

int new_area_command(const NewAreaArgs& args) {
    std::string base_text;
    std::string base_name = "the England baseline";
    model::LoadResult base;
    if (args.from) {
        if (const auto error = batch::read_input(*args.from, base_text)) {
            fmt::print(stderr, "error: {}: {}\n", *args.from, *error);
            return kExitBadInput;
        }
        base_name = std::filesystem::path(*args.from).filename().string();
        base = model::parse_scenario(base_text, *args.from, batch::machine_limits());
    } else {
        base_text = std::string(england_baseline_toml());
        base = batch::load_scenario(std::nullopt, batch::machine_limits());
    }
    if (!base.ok()) {
        for (const auto& error : base.errors) {
            fmt::print(stderr, "error: {}\n", error.to_string());
        }
        fmt::print(stderr, "the base scenario has errors; nothing was written.\n");
        return kExitBadInput;
    }
    model::Scenario base_scenario = **base.scenario;
    if (args.region) {
        const int area = base_scenario.area_index(*args.region);
        if (area < 0) {
            std::string allowed;
            for (const auto& a : base_scenario.areas) {
                allowed += fmt::format("{}\"{}\"", allowed.empty() ? "" : ", ", a.name);
            }
            fmt::print(stderr, "error: --region: no area of {} is named \"{}\"; allowed: {}\n",
                       base_name, *args.region, allowed);
            return kExitBadInput;
        }
        base_scenario = model::regional_scenario(base_scenario, static_cast<model::AreaId>(area));
        base_name = fmt::format("{} in {}", *args.region, base_name);
    }
    const auto written = model::write_area_scenario(base_scenario, base_name, args.local);
    if (!written.errors.empty()) {
        for (const auto& error : written.errors) {
            fmt::print(stderr, "error: {}: {}\n", flag_of(error.figure), error.message);
        }
        fmt::print(stderr, "nothing was written.\n");
        return kExitBadInput;
    }
    // What we write must load: check it before it reaches the disk.
    const auto check = model::parse_scenario(written.toml, args.out, batch::machine_limits());
    if (!check.ok()) {
        for (const auto& error : check.errors) {
            fmt::print(stderr, "error: {}\n", error.to_string());
        }
        fmt::print(stderr, "the derived scenario does not validate (a local figure may be too far "
                           "from the base's); nothing was written.\n");
        return kExitBadInput;
    }
    if (std::filesystem::exists(args.out) && !args.force) {
        fmt::print(stderr, "error: {} exists; allowed: a new file name, or --force to replace it\n",
                   args.out);
        return kExitBadInput;
    }
    try {
        batch::write_atomically(args.out, written.toml);
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return kExitFailure;
    }
    const model::Scenario& s = **check.scenario;
    double posts = 0;
    double filled = 0;
    for (const auto& role : s.roles) {
        posts += role.posts;
        filled += role.filled;
    }
    fmt::print("Wrote {}: \"{}\", {:.0f} workers in {:.0f} posts ({:.1f}% vacant), {} roles, {} "
               "programmes, training budget GBP {:.0f} a year.\n",
               args.out, s.name, filled, posts, posts > 0 ? (1 - filled / posts) * 100 : 0.0,
               s.roles.size(), s.programmes.size(), s.training_budget);
    fmt::print("Next: carecast run {} --out runs/{}\n", args.out,
               std::filesystem::path(args.out).stem().string());
    return kExitOk;
}

} // namespace carecast::cli
