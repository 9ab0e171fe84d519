// carecast sensitivity: the command line over batch::run_sensitivity. Writes
// sensitivity.csv, report.txt (the ranking in words) and manifest.json, all or nothing.
#include "commands.hpp"

#include <carecast/batch/output_folder.hpp>
#include <carecast/batch/sensitivity.hpp>
#include <carecast/model/hash.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <tbb/info.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <memory>

namespace carecast::cli {
namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_sensitivity_stop(int) {
    g_stop.store(true);
}

const char* kDefaultOutputs[] = {"vacancy_rate, care worker, year 6",
                                 "vacancy_rate, registered manager, year 6"};

int write_outputs(const SensitivityArgs& args, batch::OutputFolder& folder,
                  const model::Scenario& s, const batch::SensitivityJob& job,
                  const batch::SensitivityResult& result, const std::string& report) {
    try {
        const std::string csv = batch::sensitivity_csv(result);
        nlohmann::json inputs = nlohmann::json::array();
        for (const auto& input : result.inputs) {
            inputs.push_back({{"key", input.key},
                              {"distribution", model::to_string(input.distribution)},
                              {"value", input.value},
                              {"low", input.low},
                              {"high", input.high},
                              {"source", input.source}});
        }
        nlohmann::json manifest{
            {"carecast_version", CARECAST_VERSION},
            {"scenario",
             {{"name", s.name},
              {"source", s.source},
              {"hash", fmt::format("fnv1a64:{:016x}", s.source_hash)}}},
            {"outputs_analysed", result.outputs},
            {"sets", args.sets},
            {"inputs", inputs},
            {"method",
             {{"screening", fmt::format("Morris elementary effects, {} trajectories, {} levels",
                                        job.trajectories, job.levels)},
              {"indices", fmt::format("Sobol' first (Saltelli 2010) and total order (Jansen "
                                      "1999), N = {}, {} bootstrap resamples",
                                      job.samples, job.bootstrap)},
              {"model", "the expected-value twin; the top inputs checked with agent runs"}}},
            {"seed", job.seed},
            {"twin_runs", result.twin_runs},
            {"agent_runs", result.agent_runs}};
        const std::vector<std::pair<std::string, std::string>> files{{"sensitivity.csv", csv},
                                                                     {"report.txt", report}};
        for (const auto& [name, content] : files) {
            folder.stage(name, content);
            manifest["files"].push_back(name);
            manifest["file_hashes"][name] = fmt::format("fnv1a64:{:016x}", model::fnv1a(content));
        }
        folder.stage("manifest.json", manifest.dump(2) + "\n");
        folder.publish({"sensitivity.csv", "report.txt"});
        for (const auto& [name, content] : files) {
            fmt::print("Wrote {}\n", (folder.path() / name).string());
        }
        fmt::print("Wrote {}\n", (folder.path() / "manifest.json").string());
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return kExitFailure;
    }
    return kExitOk;
}

} // namespace

int sensitivity_command(const SensitivityArgs& args) {
    RunArgs run;
    run.scenario = args.scenario;
    run.sets = args.sets;
    const auto base = scenario_to_run(run);
    if (!base) {
        return kExitBadInput;
    }
    batch::SensitivityJob job{*base};
    std::vector<std::string> texts = args.outputs;
    if (texts.empty()) {
        texts.assign(std::begin(kDefaultOutputs), std::end(kDefaultOutputs));
    }
    for (const auto& text : texts) {
        auto parsed = batch::parse_output(text, **base);
        if (const auto* error = std::get_if<std::string>(&parsed)) {
            fmt::print(stderr, "error: --output: {}; nothing was run or written.\n", *error);
            return kExitBadInput;
        }
        job.outputs.push_back(std::get<model::Goal>(parsed));
    }
    job.trajectories = args.trajectories;
    job.sobol_inputs = args.inputs;
    job.samples = args.samples;
    job.verify_inputs = args.verify;
    job.verify_replicates = args.replicates;
    job.threads = args.threads > 0 ? args.threads : tbb::info::default_concurrency();
    job.seed = (*base)->seed;
    job.stop = &g_stop;
    job.progress = [](const std::string& text) {
        fmt::print(stderr, "{}\n", text);
        std::fflush(stderr);
    };
    std::unique_ptr<batch::OutputFolder> folder;
    try {
        folder = std::make_unique<batch::OutputFolder>(args.out, batch::FolderUse::Sensitivity);
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}; nothing was run or written.\n", e.what());
        return kExitBadInput;
    }
    std::signal(SIGINT, on_sensitivity_stop);
    std::signal(SIGTERM, on_sensitivity_stop);
    batch::SensitivityResult result;
    try {
        result = batch::run_sensitivity(job);
    } catch (const std::invalid_argument& e) {
        fmt::print(stderr, "error: {}; nothing was run or written.\n", e.what());
        return kExitBadInput;
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}; nothing was written.\n", e.what());
        return kExitFailure;
    }
    if (result.stopped || g_stop.load()) {
        fmt::print(stderr, "cancelled; nothing was written.\n");
        return kExitCancelled;
    }
    const std::string report =
        fmt::format("carecast sensitivity: \"{}\", {} declared uncertain inputs, {} twin runs, "
                    "{} agent runs\n\n{}",
                    (*base)->name, result.inputs.size(), result.twin_runs, result.agent_runs,
                    batch::sensitivity_report(result));
    fmt::print("{}", report);
    return write_outputs(args, *folder, **base, job, result, report);
}

} // namespace carecast::cli
