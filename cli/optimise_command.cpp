// carecast optimise: the command line over batch::best_use and batch::least_budget. Writes
// optimum.toml (the scenario with the chosen allocation), candidates.csv, frontier.csv
// (with --budget-range) and manifest.json, all or nothing; prints the answer in words.
#include "commands.hpp"

#include <carecast/batch/optimiser.hpp>
#include <carecast/batch/output_folder.hpp>
#include <carecast/batch/robust_choice.hpp>
#include <carecast/batch/scenario_file.hpp>
#include <carecast/batch/tidy.hpp>
#include <carecast/model/hash.hpp>
#include <carecast/model/scenario_edit.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <tbb/info.h>

#include <atomic>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <variant>

namespace carecast::cli {
namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_optimise_stop(int) {
    g_stop.store(true);
}

struct BudgetRange {
    double from = 0;
    double to = 0;
    double step = 0;
};

std::optional<BudgetRange> parse_range(const std::string& text) {
    BudgetRange range;
    double* fields[] = {&range.from, &range.to, &range.step};
    const char* at = text.data();
    const char* end = text.data() + text.size();
    for (int i = 0; i < 3; ++i) {
        const auto [next, error] = std::from_chars(at, end, *fields[i]);
        if (error != std::errc() || (i < 2 && (next == end || *next != ':'))) {
            return std::nullopt;
        }
        at = i < 2 ? next + 1 : next;
    }
    if (at != end || range.from < 0 || range.to < range.from || range.step <= 0 ||
        range.to > 1e13 || (range.to - range.from) / range.step > 200) {
        return std::nullopt;
    }
    return range;
}

std::string money(double gbp) {
    const long long whole = std::llround(gbp);
    const std::string digits = fmt::format("{}", whole < 0 ? -whole : whole);
    std::string text = whole < 0 ? "-GBP " : "GBP ";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            text.push_back(',');
        }
        text.push_back(digits[i]);
    }
    return text;
}

std::string places_text(const model::Scenario& s, const std::vector<double>& places) {
    std::string text;
    for (std::size_t p = 0; p < places.size(); ++p) {
        text += fmt::format("  {:<46} {:>6.0f} places  {:>14}\n", s.programmes[p].name, places[p],
                            money(places[p] * s.programmes[p].cost_per_place));
    }
    return text;
}

std::string places_header(const model::Scenario& s) {
    std::string header;
    for (const auto& p : s.programmes) {
        header += ',';
        header += batch::csv_field(fmt::format("places:{}", p.name));
    }
    return header;
}

std::string places_fields(const std::vector<double>& places) {
    std::string fields;
    for (double v : places) {
        fields += fmt::format(",{:.0f}", v);
    }
    return fields;
}

std::string verified_fields(const batch::Verified& v) {
    return fmt::format("{:.2f},{:.6f},{:.6f},{:.6f},{:.6f},{:.6f},{:.6f},{:.6f}", v.allocation.cost,
                       v.allocation.twin_value, v.mean, v.p5, v.p95, v.difference, v.difference_low,
                       v.difference_high);
}

// The answer in words: the chosen allocation, how it compares with the priority order
// (in percent and points for rates, saying when the difference is within chance), and
// how it was chosen.
void print_answer(const model::Scenario& s, const model::Goal& goal,
                  const batch::Decision& decision, bool target, int replicates) {
    const std::string metric = model::to_string(goal.metric);
    const batch::Verified& chosen = decision.verified[decision.chosen];
    const batch::Verified& split = decision.verified[0];
    // Rates in percent and their differences in points; counts as they are.
    const bool rate = goal.metric == model::GoalMetric::VacancyRate ||
                      goal.metric == model::GoalMetric::InternalFillShare;
    const auto value = [&](double v) {
        return rate ? fmt::format("{:.2f}%", 100 * v) : fmt::format("{:.2f}", v);
    };
    const auto change = [&](double v) {
        return rate ? fmt::format("{:+.2f} points", 100 * v) : fmt::format("{:+.2f}", v);
    };
    const auto rule = std::string(70, '-');
    fmt::print("{}\n{} {} a year ({} spent), chosen by {} simulations each:\n{}{}\n", rule,
               target ? "Least budget:" : "Budget:", money(decision.budget),
               money(chosen.allocation.cost), replicates, places_text(s, chosen.allocation.places),
               rule);
    fmt::print("{}: {} with this allocation (9 in 10 simulations between {} and {})\n", metric,
               value(chosen.mean), value(chosen.p5), value(chosen.p95));
    fmt::print("{}: {} spending the same money in priority order\n", metric, value(split.mean));
    const batch::Verdict said = batch::verdict(decision);
    if (said == batch::Verdict::PriorityBest) {
        fmt::print("Spending in priority order was the best of the {} allocations tried.\n",
                   decision.verified.size());
    } else if (said == batch::Verdict::NoClearDifference) {
        fmt::print("No clear difference from the priority order: the difference, {}, is within "
                   "what chance alone gives\n(95% interval {} to {}). Either is as good for this "
                   "goal; this one costs {}.\n",
                   change(chosen.difference), change(chosen.difference_low),
                   change(chosen.difference_high), money(chosen.allocation.cost));
    } else {
        fmt::print("A clear difference from the priority order: {} (95% interval {} to {}).\n",
                   change(chosen.difference), change(chosen.difference_low),
                   change(chosen.difference_high));
    }
    if (!target) {
        // What the next GBP 100,000 would add, by the quick model.
        model::SearchOptions next;
        next.budget = decision.budget + 100'000;
        next.candidates = 1;
        next.global_evaluations = 60;
        next.local_evaluations = 40;
        next.seed = s.seed;
        const auto more = model::best_use(s, goal, next);
        if (!more.candidates.empty()) {
            fmt::print("The next GBP 100,000 a year would take {} from {} to {} by the quick "
                       "model.\n",
                       metric, value(chosen.allocation.twin_value),
                       value(more.candidates[0].twin_value));
        }
    }
    fmt::print("How it was chosen: {} allocations were scored with the quick expected-value "
               "model (the Markov twin);\nthe best few, and the priority order, were then each "
               "run as {} full simulations of the people,\nall sharing the same random draws, so "
               "a difference between allocations is theirs, not chance's.\n\n",
               decision.twin_evaluations, replicates);
}

// The choice across draws of the assumptions, in words; robust.csv's text.
std::string print_robust(const model::Goal& goal, const batch::Decision& decision,
                         const batch::RobustScore& score) {
    const bool rate = goal.metric == model::GoalMetric::VacancyRate ||
                      goal.metric == model::GoalMetric::InternalFillShare;
    const auto value = [&](double v) {
        return rate ? fmt::format("{:.2f}%", 100 * v) : fmt::format("{:.3g}", v);
    };
    const auto regret = [&](double v) {
        return rate ? fmt::format("{:.3f} points", 100 * v) : fmt::format("{:.3g}", v);
    };
    fmt::print("Across {} draws of the scenario's declared assumptions (the quick model; every "
               "allocation under the same draws):\n",
               score.draws);
    fmt::print("  {:<30} {:>8} {:>17} {:>22}\n", "allocation", "best in", "expected regret",
               fmt::format("{} P5-P95", model::to_string(goal.metric)));
    std::string csv = "label,chance_best,expected_regret,mean,p5,p95,chosen\n";
    for (std::size_t c = 0; c < score.candidates.size(); ++c) {
        const auto& r = score.candidates[c];
        fmt::print("  {:<30} {:>7.0f}% {:>17} {:>22}{}\n", r.label, 100 * r.chance_best,
                   regret(r.expected_regret), value(r.p5) + " - " + value(r.p95),
                   c == decision.chosen ? "  (chosen)" : "");
        csv += fmt::format("{},{:.6f},{:.8f},{:.8f},{:.8f},{:.8f},{}\n", batch::csv_field(r.label),
                           r.chance_best, r.expected_regret, r.mean, r.p5, r.p95,
                           c == decision.chosen ? 1 : 0);
    }
    const auto& chosen = score.candidates[decision.chosen];
    const auto& least = score.candidates[score.least_regret];
    if (score.survives) {
        fmt::print("The choice survives the assumptions' uncertainty: of the allocations "
                   "verified it gives up the least\n(expected regret {}; best in {:.0f}% of the "
                   "draws).\n\n",
                   regret(chosen.expected_regret), 100 * chosen.chance_best);
    } else {
        fmt::print("The choice does NOT survive the assumptions' uncertainty: \"{}\" gives up "
                   "less across the draws\n(expected regret {} against {}; best in {:.0f}% of "
                   "them against {:.0f}%). Under the central assumptions\nthe chosen one is "
                   "better; which is better depends on assumptions nobody can yet pin down.\n\n",
                   least.label, regret(least.expected_regret), regret(chosen.expected_regret),
                   100 * least.chance_best, 100 * chosen.chance_best);
    }
    return csv;
}

} // namespace

namespace {

int refuse(const std::string& why) {
    fmt::print(stderr, "error: {}; nothing was run or written.\n", why);
    return kExitBadInput;
}

// The goal the arguments ask for, and the frontier's budgets; or the status to exit with.
struct OptimiseRequest {
    model::Goal goal;
    bool target = false;
    std::vector<double> frontier_budgets;
};

std::variant<OptimiseRequest, int> request_of(const OptimiseArgs& args, const model::Scenario& s) {
    if (s.programmes.empty()) {
        return refuse("the scenario has no training programmes to fund");
    }
    if (args.objective.has_value() == args.target.has_value()) {
        return refuse("give --objective (with --budget) or --target");
    }
    OptimiseRequest request;
    request.target = args.target.has_value();
    const auto parsed =
        model::parse_goal(request.target ? *args.target : *args.objective, s, request.target);
    if (const auto* why = std::get_if<std::string>(&parsed)) {
        return refuse(fmt::format("{} {}", request.target ? "--target" : "--objective", *why));
    }
    request.goal = std::get<model::Goal>(parsed);
    if (!request.target && !args.budget) {
        return refuse("--objective needs --budget (GBP a year)");
    }
    if (request.target && args.robust > 0) {
        return refuse("--robust scores a choice for an --objective; a --target asks for a budget");
    }
    if (args.robust > 0 && s.uncertainties.empty()) {
        return refuse("--robust: the scenario declares no uncertain parameter; allowed: "
                      "[[uncertainty]] tables (key, range or factor, source), as in "
                      "scenarios/england.toml");
    }
    if (args.budget_range) {
        const auto range = parse_range(*args.budget_range);
        if (!range) {
            return refuse(fmt::format("--budget-range {}: allowed: FROM:TO:STEP in GBP, 0 <= FROM "
                                      "<= TO, STEP > 0, at most 200 steps",
                                      *args.budget_range));
        }
        for (double budget = range->from; budget <= range->to + 1e-6; budget += range->step) {
            request.frontier_budgets.push_back(budget);
        }
    }
    return request;
}

std::string frontier_csv(const model::Scenario& s, const batch::Frontier& frontier) {
    std::string csv = fmt::format("budget_gbp{},cost_gbp,twin_value,mean,p5,p95,difference,"
                                  "difference_low,difference_high,priority_mean\n",
                                  places_header(s));
    for (const auto& point : frontier.points) {
        csv += fmt::format("{:.2f}{},{},{:.6f}\n", point.budget,
                           places_fields(point.best.allocation.places), verified_fields(point.best),
                           point.priority_mean);
    }
    return csv;
}

// optimum.toml, candidates.csv, frontier.csv (when asked) and the manifest, all or nothing.
int write_optimum(const OptimiseArgs& args, batch::OutputFolder& folder, const model::Scenario& s,
                  const OptimiseRequest& request, const batch::Decision& decision,
                  const std::string& frontier, const std::string& robust) {
    const std::filesystem::path out(args.out);
    const batch::Verified& chosen = decision.verified[decision.chosen];
    try {
        std::vector<std::pair<std::string, std::string>> files;
        model::Scenario optimum = model::with_allocation(s, chosen.allocation.places);
        optimum.name = s.name + " (optimised)";
        files.emplace_back("optimum.toml", model::to_toml(optimum));
        std::string candidates =
            fmt::format("label{},cost_gbp,twin_value,mean,p5,p95,difference,difference_low,"
                        "difference_high,chosen\n",
                        places_header(s));
        for (std::size_t i = 0; i < decision.verified.size(); ++i) {
            const auto& v = decision.verified[i];
            candidates += fmt::format("{}{},{},{}\n", batch::csv_field(v.label),
                                      places_fields(v.allocation.places), verified_fields(v),
                                      i == decision.chosen ? 1 : 0);
        }
        files.emplace_back("candidates.csv", candidates);
        if (!frontier.empty()) {
            files.emplace_back("frontier.csv", frontier);
        }
        if (!robust.empty()) {
            files.emplace_back("robust.csv", robust);
        }
        nlohmann::json manifest{{"carecast_version", CARECAST_VERSION},
                                {"scenario",
                                 {{"name", s.name},
                                  {"source", s.source},
                                  {"hash", fmt::format("fnv1a64:{:016x}", s.source_hash)}}},
                                {"goal", request.goal.text},
                                {"kind", request.target ? "least budget" : "best use"},
                                {"budget_gbp", decision.budget},
                                {"replicates", args.replicates},
                                {"seed", s.seed},
                                {"twin_evaluations", decision.twin_evaluations},
                                {"robust_draws", args.robust}};
        for (const auto& [name, content] : files) {
            folder.stage(name, content);
            manifest["outputs"].push_back(name);
            manifest["file_hashes"][name] = fmt::format("fnv1a64:{:016x}", model::fnv1a(content));
        }
        folder.stage("manifest.json", manifest.dump(2) + "\n");
        folder.publish({"optimum.toml", "candidates.csv", "frontier.csv", "robust.csv"});
        for (const auto& [name, content] : files) {
            fmt::print("Wrote {}\n", (out / name).string());
        }
        fmt::print("Wrote {}\n", (out / "manifest.json").string());
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return kExitFailure;
    }
    return kExitOk;
}

} // namespace

int optimise_command(const OptimiseArgs& args) {
    auto loaded = batch::load_scenario(args.scenario, batch::machine_limits());
    if (!loaded.ok()) {
        for (const auto& error : loaded.errors) {
            fmt::print(stderr, "error: {}\n", error.to_string());
        }
        fmt::print(stderr, "{} error(s) in the scenario; nothing was run or written.\n",
                   loaded.errors.size());
        return kExitBadInput;
    }
    const model::ValidScenario base = *loaded.scenario;
    const model::Scenario& s = *base;
    const auto requested = request_of(args, s);
    if (const int* status = std::get_if<int>(&requested)) {
        return *status;
    }
    const OptimiseRequest& request = std::get<OptimiseRequest>(requested);
    std::unique_ptr<batch::OutputFolder> folder;
    try {
        folder = std::make_unique<batch::OutputFolder>(args.out, batch::FolderUse::Optimise);
    } catch (const std::exception& e) {
        return refuse(e.what());
    }
    std::signal(SIGINT, on_optimise_stop);
    std::signal(SIGTERM, on_optimise_stop);
    const batch::OptimiseJob job{base,
                                 request.goal,
                                 args.budget.value_or(0),
                                 args.replicates,
                                 static_cast<std::size_t>(args.candidates),
                                 args.threads > 0 ? args.threads : tbb::info::default_concurrency(),
                                 &g_stop,
                                 [](const std::string& text) {
                                     fmt::print(stderr, "{}", text);
                                     std::fflush(stderr);
                                 }};
    batch::Decision decision;
    std::string frontier;
    try {
        decision = request.target ? batch::least_budget(job) : batch::best_use(job);
        if (!request.frontier_budgets.empty() && !decision.stopped) {
            const auto points = batch::frontier(job, request.frontier_budgets);
            decision.stopped = decision.stopped || points.stopped;
            frontier = frontier_csv(s, points);
        }
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}; nothing was written.\n", e.what());
        return kExitFailure;
    }
    if (decision.stopped || g_stop.load()) {
        fmt::print(stderr, "cancelled; nothing was written.\n");
        return kExitCancelled;
    }
    fmt::print("carecast optimise: \"{}\", {}\n", s.name, request.goal.text);
    if (!decision.feasible) {
        fmt::print("No allocation within the programmes' limits (all of them, {} a year) meets "
                   "the target: the best reachable {} is {:.4f}.\n",
                   money(decision.budget), model::to_string(request.goal.metric),
                   decision.best_reachable);
        return kExitOk; // an answer, not an error; nothing to write
    }
    print_answer(s, request.goal, decision, request.target, args.replicates);
    std::string robust;
    if (args.robust > 0) {
        try {
            robust = print_robust(request.goal, decision,
                                  batch::score_robustly(job, decision, args.robust));
        } catch (const std::exception& e) {
            fmt::print(stderr, "error: --robust: {}; nothing was written.\n", e.what());
            return kExitFailure;
        }
    }
    return write_optimum(args, *folder, s, request, decision, frontier, robust);
}

} // namespace carecast::cli
