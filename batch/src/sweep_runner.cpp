// Sweeps: many scenarios from one base, each point's replicates in parallel.
// Each finished point is written atomically (its CSV, then its summary, which marks
// it done), so a sweep killed at any moment and started again skips what is done
// and ends with the same bytes as an uninterrupted run. Under mpirun, points are
// dealt round-robin to ranks and sent to rank 0, which alone writes files.
#include <carecast/batch/sweep_runner.hpp>

#include "parallel.hpp"

#include <carecast/batch/cluster.hpp>
#include <carecast/batch/ensemble.hpp>
#include <carecast/batch/output.hpp>
#include <carecast/batch/output_folder.hpp>
#include <carecast/batch/scenario_file.hpp>
#include <carecast/batch/summary.hpp>
#include <carecast/batch/tidy.hpp>

#include <carecast/model/demand.hpp>
#include <carecast/model/hash.hpp>
#include <carecast/model/scenario_edit.hpp>
#include <carecast/model/sweep.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <tbb/info.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

namespace carecast::batch {
namespace {

namespace fs = std::filesystem;

constexpr int kExitOk = static_cast<int>(SweepStatus::Done);
constexpr int kExitFailure = static_cast<int>(SweepStatus::Failed);
constexpr int kExitBadInput = static_cast<int>(SweepStatus::BadInput);
constexpr int kExitCancelled = static_cast<int>(SweepStatus::Stopped);

bool stop_requested(const SweepJob& job) {
    return job.stop != nullptr && job.stop->load();
}

constexpr int kTagPoint = 1;
constexpr int kTagRankFinished = 2;

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) {
        return {};
    }
    std::string text(static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg())), '\0');
    in.seekg(0);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(std::max<std::streamsize>(0, in.gcount())));
    return text;
}

// The headline figures of one point, means over its replicates.
nlohmann::json point_summary(const model::Scenario& s, const std::vector<sim::Results>& reps,
                             const model::Sweep& sweep) {
    nlohmann::json j;
    const int role = focus_role(s, sweep.summary_role);
    const double n = static_cast<double>(reps.size());
    j["role"] = role >= 0 ? s.roles[role].name : "";
    for (int year : sweep.summary_years) {
        const int month = year * 12;
        if (month > s.horizon_months || role < 0) {
            continue;
        }
        sim::Selection one;
        one.role = static_cast<model::RoleId>(role);
        double vacancy = 0;
        double bench = 0;
        for (const auto& r : reps) {
            vacancy += r.vacancy_rate(month, one).value_or(0);
            bench += r.bench_strength(month, one).value_or(0);
        }
        j["vacancy_rate"][std::to_string(year)] = vacancy / n;
        j["bench_strength"][std::to_string(year)] = bench / n;
    }
    double fills = 0;
    double spend = 0;
    double funded = 0;
    for (const auto& r : reps) {
        const auto totals = leadership_totals(r);
        fills += totals.internal_fills;
        spend += totals.spend;
        funded += totals.funded_spend;
    }
    j["leadership_posts_filled_internally"] = fills / n;
    j["training_spend_gbp"] = spend / n;
    j["funded_training_spend_gbp"] = funded / n;
    return j;
}

std::string point_prefix(std::size_t point, const std::vector<double>& values) {
    std::string prefix = std::to_string(point) + ",";
    for (double v : values) {
        prefix += fmt::format("{:.10g},", v);
    }
    return prefix;
}

struct PointOutput {
    std::string summary; // JSON
    std::string csv;     // rows, no header
};

// Runs one point; empty summary if stopped. Each point's values go through the one
// door together: a point the loader would refuse is refused (an exception naming it).
PointOutput run_point(const model::ValidScenario& base, const model::Sweep& sweep,
                      const std::vector<double>& values, std::size_t point, int threads,
                      const std::atomic<bool>* stop) {
    model::ValidScenario valid = base;
    std::vector<model::Edit> edits;
    for (std::size_t p = 0; p < values.size(); ++p) {
        edits.push_back({sweep.parameters[p].key, values[p]});
    }
    if (const auto error = model::apply_edits(valid, edits, machine_limits())) {
        throw std::invalid_argument(fmt::format("point {}: {}", point, *error));
    }
    const model::Scenario& s = *valid;
    EnsembleOptions options;
    options.replicates = sweep.replicates;
    options.threads = threads;
    options.cancel = stop;
    const auto reps = run_replicates(valid, options);
    if (reps.empty()) {
        return {};
    }
    TidySelection selection;
    selection.every_months = sweep.every_months;
    selection.regions = sweep.regions;
    std::vector<TidyTable> tables;
    for (const auto& r : reps) {
        tables.push_back(tidy_table(s, r, selection));
    }
    PointOutput out;
    append_statistics(out.csv, tables, point_prefix(point, values));
    auto summary = point_summary(s, reps, sweep);
    summary["point"] = point;
    summary["parameters"] = values;
    out.summary = summary.dump();
    return out;
}

fs::path point_file(const fs::path& out, std::size_t point, const char* extension) {
    return out / "points" / fmt::format("point-{:06}.{}", point, extension);
}

std::string hash_text(const std::string& text) {
    return fmt::format("fnv1a64:{:016x}", model::fnv1a(text));
}

// A point's rows, then its marker: the summary with the hash of the rows and of itself,
// so a resumed sweep recomputes a point whose files were cut short or changed. Hence
// neither waits for the disk: a crash can only lose a point, never pass a torn one.
void save_point(const fs::path& out, std::size_t point, const PointOutput& output) {
    write_atomically(point_file(out, point, "csv"), output.csv, Durability::checked_on_read);
    nlohmann::json marker{{"summary", nlohmann::json::parse(output.summary)},
                          {"csv_hash", hash_text(output.csv)}};
    marker["summary_hash"] = hash_text(marker["summary"].dump());
    write_atomically(point_file(out, point, "json"), marker.dump() + "\n", // marks it done
                     Durability::checked_on_read);
}

// The point's summary if both its files are whole and unchanged.
std::optional<nlohmann::json> finished_point(const fs::path& out, std::size_t point) {
    std::error_code error;
    if (!fs::exists(point_file(out, point, "json"), error)) {
        return std::nullopt;
    }
    const auto marker =
        nlohmann::json::parse(read_text(point_file(out, point, "json")), nullptr, false);
    if (marker.is_discarded() || !marker.is_object() || !marker.contains("summary") ||
        marker.value("summary_hash", "") != hash_text(marker["summary"].dump()) ||
        marker.value("csv_hash", "") != hash_text(read_text(point_file(out, point, "csv")))) {
        return std::nullopt;
    }
    return marker["summary"];
}

std::string summary_table(const model::Sweep& sweep, const std::vector<nlohmann::json>& points,
                          std::string& csv) {
    std::string text;
    std::string header = "point";
    for (const auto& p : sweep.parameters) {
        header += fmt::format(",{}", csv_field(p.key));
    }
    header += ",role";
    for (int year : sweep.summary_years) {
        header += fmt::format(",vacancy_rate_year_{}", year);
    }
    for (int year : sweep.summary_years) {
        header += fmt::format(",bench_strength_year_{}", year);
    }
    header += ",leadership_posts_filled_internally,training_spend_gbp,funded_training_spend_gbp,"
              "cost_per_extra_leadership_post_gbp\n";
    csv = header;
    const std::string role = points.empty() ? "" : points.front()["role"].get<std::string>();
    text += fmt::format("{:>5}", "point");
    for (const auto& p : sweep.parameters) {
        text += fmt::format(" {:>14}", p.key.substr(p.key.rfind('.') + 1));
    }
    for (int year : sweep.summary_years) {
        text += fmt::format(" {:>9}", fmt::format("vac. y{}", year));
    }
    for (int year : sweep.summary_years) {
        text += fmt::format(" {:>9}", fmt::format("bench y{}", year));
    }
    text += fmt::format(" {:>12} {:>14} {:>16}\n", "internal", "funded GBP", "GBP per extra");
    for (const auto& j : points) {
        const double fills = j["leadership_posts_filled_internally"].get<double>();
        const double spend = j["training_spend_gbp"].get<double>();
        // Points written before funded spend was recorded count all spend as funded.
        const auto funded_of = [](const nlohmann::json& point) {
            return point.value("funded_training_spend_gbp",
                               point["training_spend_gbp"].get<double>());
        };
        const double funded = funded_of(j);
        const double base_fills =
            points.front()["leadership_posts_filled_internally"].get<double>();
        const double base_funded = funded_of(points.front());
        std::string cost;
        if (&j != &points.front() && fills > base_fills) {
            cost = fmt::format("{:.0f}", (funded - base_funded) / (fills - base_fills));
        }
        std::string row = std::to_string(j["point"].get<std::size_t>());
        text += fmt::format("{:>5}", j["point"].get<std::size_t>());
        for (double v : j["parameters"]) {
            row += fmt::format(",{:.10g}", v);
            text += fmt::format(" {:>14}", fmt::format("{:.10g}", v));
        }
        row += fmt::format(",{}", csv_field(j["role"].get<std::string>()));
        for (const char* metric : {"vacancy_rate", "bench_strength"}) {
            for (int year : sweep.summary_years) {
                const std::string y = std::to_string(year);
                const bool has = j.contains(metric) && j[metric].contains(y);
                const double v = has ? j[metric][y].get<double>() : NAN;
                row += has ? fmt::format(",{:.6f}", v) : ",";
                text += has ? (std::string(metric) == "vacancy_rate"
                                   ? fmt::format(" {:>8.2f}%", v * 100)
                                   : fmt::format(" {:>9.2f}", v))
                            : fmt::format(" {:>9}", "-");
            }
        }
        row += fmt::format(",{:.2f},{:.2f},{:.2f},{}\n", fills, spend, funded, cost);
        text +=
            fmt::format(" {:>12.0f} {:>14.0f} {:>16}\n", fills, funded, cost.empty() ? "-" : cost);
        csv += row;
    }
    return fmt::format("Summary for {} (means over replicates; cost per extra leadership post "
                       "filled is against point 0):\n",
                       role) +
           text;
}

int run(const SweepJob& job, const Cluster& cluster) {
    const bool root = cluster.root();
    auto fail = [&](const std::vector<model::ScenarioError>& errors, const char* what) {
        if (root) {
            for (const auto& error : errors) {
                job.warn(fmt::format("error: {}\n", error.to_string()));
            }
            job.warn(fmt::format("{} error{} in the {}; nothing was run or written.\n",
                                 errors.size(), errors.size() == 1 ? "" : "s", what));
        }
        return kExitBadInput;
    };
    std::string text;
    if (const auto error = read_input(job.sweep_file, text)) {
        return fail({{job.sweep_file, 0, 0, "(file)", *error}}, "sweep");
    }
    const auto loaded = model::parse_sweep(text, job.sweep_file);
    if (!loaded.ok()) {
        return fail(loaded.errors, "sweep");
    }
    const model::Sweep& sweep = *loaded.sweep;
    std::optional<std::string> scenario_path;
    if (sweep.scenario) {
        scenario_path = (fs::path(job.sweep_file).parent_path() / *sweep.scenario).string();
    }
    auto base = load_scenario(scenario_path, machine_limits());
    if (!base.ok()) {
        return fail(base.errors, "sweep's scenario");
    }
    model::ValidScenario valid = std::move(*base.scenario);
    if (sweep.seed) {
        valid = model::with_seed(valid, *sweep.seed);
    }
    if (sweep.horizon_years) {
        const double years = *sweep.horizon_years;
        if (const auto error =
                model::apply_edits(valid, {{"scenario.horizon_years", years}}, machine_limits())) {
            return fail({{job.sweep_file, 0, 0, "sweep.horizon_years", *error}}, "sweep");
        }
    }
    // --set: the same door and keys as `run --set`; a sweep's points then change the rest.
    std::vector<model::Edit> edits;
    for (const auto& assignment : job.sets) {
        const auto parsed = model::parse_assignment(assignment);
        if (!parsed) {
            return fail({{"--set", 0, 0, assignment, "expected key=value with a number"}},
                        "command line");
        }
        edits.push_back(*parsed);
    }
    if (!edits.empty()) {
        if (const auto error = model::apply_edits(valid, edits, machine_limits())) {
            return fail({{"--set", 0, 0, fmt::format("{}", fmt::join(job.sets, " ")), *error}},
                        "command line");
        }
    }
    const model::Scenario& scenario = *valid;
    if (const auto errors = model::check_sweep_against(sweep, scenario); !errors.empty()) {
        return fail(errors, "sweep");
    }
    const auto design = sweep.design();
    const fs::path out(job.out);
    const int threads = job.threads > 0
                            ? job.threads
                            : std::max(1, tbb::info::default_concurrency() / cluster.size());
    // Refuse before running what would not fit: rows on disk, people in memory.
    // The longest horizon any point runs (a swept horizon counts at its largest).
    double horizon_months = scenario.horizon_months;
    for (const auto& parameter : sweep.parameters) {
        const double largest =
            parameter.values.empty() || sweep.latin_hypercube
                ? std::max(parameter.from, parameter.to)
                : *std::max_element(parameter.values.begin(), parameter.values.end());
        if (parameter.key == "scenario.horizon_years") {
            horizon_months = std::max(horizon_months, 12 * largest);
        } else if (parameter.key == "scenario.horizon_months") {
            horizon_months = std::max(horizon_months, largest);
        }
    }
    const double months_kept = horizon_months / std::max(1, sweep.every_months) + 2.0;
    const double areas_kept = sweep.regions ? scenario.areas.size() + 1.0 : 1.0;
    const double rows_per_point =
        months_kept * areas_kept *
        (scenario.roles.size() + scenario.programmes.size() + model::kRoleGroups + 2.0) *
        static_cast<double>(metrics_per_role_row()) * 4;
    const double disk_needed = rows_per_point * 80 * static_cast<double>(design.size()) * 2;
    // Points run side by side where a point has fewer replicates than threads (below):
    // about `threads` runs in flight, and each point in flight holds its replicates'
    // tables.
    const int in_flight_points =
        std::max(1, threads / std::max(1, std::min(sweep.replicates, threads)));
    const double memory_needed =
        std::max(std::min(sweep.replicates, threads), std::min(in_flight_points, threads)) *
            model::sweep_peak_people(sweep, scenario) * 2 *
            static_cast<double>(sim::bytes_per_agent()) +
        in_flight_points * sweep.replicates * rows_per_point / 4 * 16;
    const auto free_bytes = free_bytes_at(out);
    if (free_bytes && disk_needed > *free_bytes) {
        return fail({{job.sweep_file, 0, 0, "(size)",
                      fmt::format("the sweep would write about {:.1f} GB ({} points x {:.0f} "
                                  "rows, twice), but {} has {:.1f} GB free; allowed: fewer "
                                  "points, a larger [output] every_months, regions = false, or "
                                  "an --out with more space",
                                  disk_needed / 1e9, design.size(), rows_per_point, out.string(),
                                  *free_bytes / 1e9)}},
                    "sweep");
    }
    if (memory_needed > memory_budget_bytes()) {
        return fail({{job.sweep_file, 0, 0, "(size)",
                      fmt::format("each point needs about {:.1f} GB of memory, more than the "
                                  "budget of {:.1f} GB; allowed: fewer replicates or --threads, "
                                  "or set CARECAST_MEMORY_GB to raise the budget",
                                  memory_needed / 1e9, memory_budget_bytes() / 1e9)}},
                    "sweep");
    }
    // Points are reused on resume only under the same sweep, scenario and overrides.
    std::string hash = fmt::format("{:016x}-{:016x}", sweep.source_hash, scenario.source_hash);
    if (!job.sets.empty()) {
        hash += fmt::format("-{:016x}", model::fnv1a(fmt::format("{}", fmt::join(job.sets, "\n"))));
    }

    // The root decides which points are done and tells every rank.
    std::vector<char> done(design.size(), 0);
    int status = kExitOk;
    std::unique_ptr<OutputFolder> folder; // the root holds --out for the whole sweep
    if (root) {
        try {
            folder = std::make_unique<OutputFolder>(out, FolderUse::Sweep);
        } catch (const std::exception& e) {
            job.warn(fmt::format("error: {}; nothing was run or written.\n", e.what()));
            status = kExitBadInput;
        }
    }
    if (root && status == kExitOk) {
        try {
            fs::create_directories(out / "points");
            const fs::path state = out / "sweep-state.json";
            if (fs::exists(state)) {
                const auto previous = nlohmann::json::parse(read_text(state), nullptr, false);
                if (previous.is_discarded() || previous.value("hash", "") != hash) {
                    job.warn(fmt::format(
                        "error: {} holds another sweep's points (its sweep file or "
                        "scenario changed); allowed: the same sweep, or another --out\n",
                        out.string()));
                    status = kExitBadInput;
                }
            } else {
                write_atomically(state, nlohmann::json{{"hash", hash}}.dump() + "\n");
            }
            if (status == kExitOk) {
                // Each finished point's files are read and hashed: in parallel.
                detail::parallel_for_each_index(design.size(), [&](std::size_t p) {
                    done[p] = finished_point(out, p) ? 1 : 0;
                });
            }
        } catch (const std::exception& e) {
            job.warn(fmt::format("error: {}\n", e.what()));
            status = kExitFailure;
        }
    }
    status = cluster.all_max(status);
    if (status != kExitOk) {
        return status;
    }
    cluster.broadcast(done);
    std::vector<std::size_t> todo;
    for (std::size_t p = 0; p < design.size(); ++p) {
        if (done[p] == 0) {
            todo.push_back(p);
        }
    }
    if (root) {
        job.say(fmt::format(
            "carecast sweep \"{}\": {} points x {} replicates, {} already done, {} rank{}\n",
            sweep.name, design.size(), sweep.replicates, design.size() - todo.size(),
            cluster.size(), cluster.size() == 1 ? "" : "s"));
    }

    bool stopped = false;
    int finished_ranks = 0;
    std::string failure; // the first point a rank could not run
    int failure_status = kExitOk;
    auto handle_message = [&](const std::pair<int, std::string>& message) {
        if (message.first == kTagRankFinished) {
            ++finished_ranks;
            stopped = stopped || message.second == "stopped";
            if (message.second.rfind("failed ", 0) == 0 && failure.empty()) {
                failure_status = message.second[7] - '0';
                failure = message.second.substr(9);
            }
            return;
        }
        const auto first = message.second.find('\n');
        const auto second = message.second.find('\n', first + 1);
        const std::size_t point = std::stoull(message.second.substr(0, first));
        save_point(out, point,
                   {message.second.substr(first + 1, second - first - 1),
                    message.second.substr(second + 1)});
    };
    // This rank's points. Where a point has fewer replicates than the rank has threads,
    // several points run side by side, the threads shared among them; each point's
    // result does not depend on which ran beside it.
    std::vector<std::size_t> mine;
    for (std::size_t k = 0; k < todo.size(); ++k) {
        if (static_cast<int>(k % static_cast<std::size_t>(cluster.size())) == cluster.rank()) {
            mine.push_back(todo[k]);
        }
    }
    const auto side_by_side = static_cast<std::size_t>(in_flight_points);
    const int threads_per_point = std::max(1, threads / static_cast<int>(side_by_side));
    // Workers take the next point as they finish one; the rank's own thread reports
    // each finished point (rank 0 prints it, the others send it to rank 0) and, on
    // rank 0, takes in the other ranks' points as they arrive.
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::pair<std::size_t, PointOutput>> finished;
    std::atomic<std::size_t> next_point{0};
    std::atomic<bool> abandon{false};
    std::size_t failed_point = SIZE_MAX;
    std::exception_ptr point_failure;
    const std::size_t worker_count = std::min(side_by_side, std::max<std::size_t>(1, mine.size()));
    std::size_t workers_left = worker_count; // under the mutex once the workers start
    std::vector<std::thread> workers;
    for (std::size_t w = 0; w < worker_count; ++w) {
        workers.emplace_back([&] {
            while (!abandon.load()) {
                const std::size_t k = next_point.fetch_add(1);
                if (k >= mine.size()) {
                    break;
                }
                const std::size_t point = mine[k];
                try {
                    PointOutput output =
                        run_point(valid, sweep, design[point], point, threads_per_point, job.stop);
                    if (output.summary.empty()) {
                        abandon.store(true); // stopped: no new points
                    } else if (root) {
                        save_point(out, point, output); // its own files: in parallel
                    }
                    const std::lock_guard lock(mutex);
                    finished.emplace_back(point, std::move(output));
                } catch (...) {
                    abandon.store(true);
                    const std::lock_guard lock(mutex);
                    if (point < failed_point) { // the first failing point, in point order
                        failed_point = point;
                        point_failure = std::current_exception();
                    }
                }
                changed.notify_one();
            }
            const std::lock_guard lock(mutex);
            --workers_left;
            changed.notify_one();
        });
    }
    // Whatever happens below, no worker outlives this function.
    struct JoinWorkers {
        std::vector<std::thread>& threads;
        std::atomic<bool>& abandon;
        ~JoinWorkers() {
            abandon.store(true);
            for (auto& thread : threads) {
                if (thread.joinable()) {
                    thread.join();
                }
            }
        }
    } join_workers{workers, abandon};
    try {
        while (true) {
            std::unique_lock lock(mutex);
            changed.wait_for(lock, std::chrono::milliseconds(root ? 50 : 1000),
                             [&] { return !finished.empty() || workers_left == 0; });
            auto batch = std::move(finished);
            finished.clear();
            const bool all_done = workers_left == 0;
            lock.unlock();
            for (auto& [point, output] : batch) {
                if (output.summary.empty()) {
                    stopped = true;
                } else if (root) {
                    job.say(fmt::format("  point {} of {} done\n", point + 1, design.size()));
                } else {
                    cluster.send_to_root(
                        kTagPoint, fmt::format("{}\n{}\n{}", point, output.summary, output.csv));
                }
            }
            while (root && cluster.message_waiting()) {
                handle_message(cluster.receive());
            }
            if (all_done) {
                break;
            }
        }
        for (auto& worker : workers) {
            worker.join();
        }
        if (point_failure) {
            std::rethrow_exception(point_failure);
        }
        if (root) {
            while (finished_ranks < cluster.size() - 1) {
                handle_message(cluster.receive());
            }
        } else {
            cluster.send_to_root(kTagRankFinished, stopped ? "stopped" : "done");
        }
    } catch (const std::exception& e) {
        // A refused point is bad input (2); anything else could not be done (1). Every
        // rank reports to the root, so no rank waits for one that has gone.
        const int code = dynamic_cast<const std::invalid_argument*>(&e) != nullptr ? kExitBadInput
                                                                                   : kExitFailure;
        if (!root) {
            cluster.send_to_root(kTagRankFinished, fmt::format("failed {} {}", code, e.what()));
            return code;
        }
        job.warn(fmt::format("error: {}; the finished points are kept in {}\n", e.what(),
                             (out / "points").string()));
        return code;
    }
    if (!failure.empty()) {
        job.warn(fmt::format("error: {}; the finished points are kept in {}\n", failure,
                             (out / "points").string()));
        return failure_status;
    }
    if (stopped || stop_requested(job)) {
        if (root) {
            job.warn(fmt::format("stopped; the finished points are kept in {}: run the same "
                                 "command again to go on.\n",
                                 (out / "points").string()));
        }
        return kExitCancelled;
    }
    if (!root) {
        return kExitOk;
    }
    // Assemble: one tidy CSV over every point, the summary and the manifest.
    try {
        // Streamed point by point (the whole sweep never sits in memory), each point
        // copied into its own place, known from the sizes of the files before it, with
        // the points side by side: one thread's copying was a tenth of a 64-point
        // sweep's time, all at its end.
        auto csv = std::make_unique<AtomicFile>(out / "sweep.csv");
        std::string header = "point";
        for (const auto& p : sweep.parameters) {
            header += fmt::format(",{}", csv_field(p.key));
        }
        header += ",statistic,month,area,role,metric,value\n";
        csv->write(header);
        std::vector<std::uint64_t> offsets{header.size()}; // point p's rows start here
        for (std::size_t p = 0; p < design.size(); ++p) {
            offsets.push_back(offsets.back() + fs::file_size(point_file(out, p, "csv")));
        }
        std::vector<nlohmann::json> summaries(design.size());
        nlohmann::json points = nlohmann::json::array();
        std::vector<std::string> errors(design.size()); // per point: why it could not be copied
        std::atomic<bool> interrupted{false};
        detail::parallel_for_each_index(
            design.size(),
            [&](std::size_t p) {
                if (stop_requested(job)) {
                    interrupted.store(true);
                    return;
                }
                try {
                    // Checked at the start (resumed points) or written by this sweep,
                    // under the folder's lock: read, not hashed again.
                    const auto marker = nlohmann::json::parse(read_text(point_file(out, p, "json")),
                                                              nullptr, false);
                    const std::string rows = read_text(point_file(out, p, "csv"));
                    if (marker.is_discarded() || !marker.contains("summary") ||
                        rows.size() != offsets[p + 1] - offsets[p]) {
                        errors[p] = fmt::format("{} changed while the sweep ran; run the same "
                                                "command again to recompute it",
                                                point_file(out, p, "json").string());
                        return;
                    }
                    csv->write_at(offsets[p], rows);
                    summaries[p] = marker["summary"];
                } catch (const std::exception& e) {
                    errors[p] = e.what();
                }
            },
            static_cast<std::size_t>(threads));
        if (interrupted.load()) {
            job.warn(fmt::format("stopped while assembling; the points are kept in {}: run the "
                                 "same command again to go on.\n",
                                 (out / "points").string()));
            return kExitCancelled;
        }
        for (const auto& error : errors) {
            if (!error.empty()) {
                throw std::runtime_error(error);
            }
        }
        for (std::size_t p = 0; p < design.size(); ++p) {
            nlohmann::json entry{{"point", p},
                                 {"files",
                                  {point_file(out, p, "csv").filename().string(),
                                   point_file(out, p, "json").filename().string()}}};
            for (std::size_t k = 0; k < sweep.parameters.size(); ++k) {
                entry["parameters"][sweep.parameters[k].key] = design[p][k];
            }
            points.push_back(entry);
        }
        folder->stage("sweep.csv", std::move(csv));
        std::string summary_csv;
        const std::string table = summary_table(sweep, summaries, summary_csv);
        folder->stage("summary.csv", summary_csv);
        nlohmann::json manifest{{"carecast_version", CARECAST_VERSION},
                                {"sweep", {{"name", sweep.name}, {"source", sweep.source}}},
                                {"scenario",
                                 {{"name", scenario.name},
                                  {"source", scenario.source},
                                  {"hash", fmt::format("fnv1a64:{:016x}", scenario.source_hash)}}},
                                {"hash", hash},
                                {"overrides", job.sets},
                                {"seed", scenario.seed},
                                {"replicates_per_point", sweep.replicates},
                                {"design", sweep.latin_hypercube ? "latin_hypercube" : "grid"},
                                {"ranks", cluster.size()},
                                {"threads_per_rank", threads},
                                {"points", points},
                                {"outputs", {"sweep.csv", "summary.csv"}}};
        folder->stage("manifest.json", manifest.dump(2) + "\n");
        folder->publish({"sweep.csv", "summary.csv"});
        job.say(fmt::format("\n{}\nWrote {}, {} and {}\n", table, (out / "sweep.csv").string(),
                            (out / "summary.csv").string(), (out / "manifest.json").string()));
    } catch (const std::exception& e) {
        job.warn(fmt::format("error: {}\n", e.what()));
        return kExitFailure;
    }
    return kExitOk;
}

} // namespace

SweepStatus run_sweep(const SweepJob& job, const Cluster& cluster) {
    return static_cast<SweepStatus>(run(job, cluster));
}

} // namespace carecast::batch
