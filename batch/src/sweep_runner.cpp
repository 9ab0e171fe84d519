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
#include <variant>

namespace carecast::batch {
namespace {

namespace fs = std::filesystem;

// The status every rank ends with: the one of highest rank in SweepStatus's order.
SweepStatus on_every_rank(const Cluster& cluster, SweepStatus status) {
    return static_cast<SweepStatus>(cluster.all_max(static_cast<int>(status)));
}

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
        const auto totals_of = [&](const nlohmann::json& point) {
            LeadershipTotals t;
            t.internal_fills = point["leadership_posts_filled_internally"].get<double>();
            t.funded_spend = funded_of(point);
            return t;
        };
        // A point's means against the first point's (one pair: the figure unchecked).
        std::string cost;
        if (&j != &points.front()) {
            const auto per_post = cost_per_extra_post({totals_of(points.front())}, {totals_of(j)});
            cost = per_post.gbp ? fmt::format("{:.0f}", *per_post.gbp) : "";
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

// What a sweep runs: the sweep, its scenario with the command line's changes, the
// points, the threads and how many points run side by side, and the hash that says
// whether an earlier run's points may be reused.
struct SweepPlan {
    model::Sweep sweep;
    model::ValidScenario scenario;
    std::vector<std::vector<double>> design;
    int threads = 1;
    int in_flight_points = 1;
    std::string hash;
};

// Input errors, said once (by the root); the status to end with.
SweepStatus refuse(const SweepJob& job, const Cluster& cluster,
                   const std::vector<model::ScenarioError>& errors, const char* what) {
    if (cluster.root()) {
        for (const auto& error : errors) {
            job.warn(fmt::format("error: {}\n", error.to_string()));
        }
        job.warn(fmt::format("{} error{} in the {}; nothing was run or written.\n", errors.size(),
                             errors.size() == 1 ? "" : "s", what));
    }
    return SweepStatus::BadInput;
}

// The sweep's scenario with its seed and horizon and the command line's --set (the same
// door and keys as `run --set`; a sweep's points then change the rest).
std::variant<model::ValidScenario, SweepStatus>
sweep_scenario(const SweepJob& job, const Cluster& cluster, const model::Sweep& sweep) {
    std::optional<std::string> scenario_path;
    if (sweep.scenario) {
        scenario_path = (fs::path(job.sweep_file).parent_path() / *sweep.scenario).string();
    }
    auto base = load_scenario(scenario_path, machine_limits());
    if (!base.ok()) {
        return refuse(job, cluster, base.errors, "sweep's scenario");
    }
    model::ValidScenario valid = std::move(*base.scenario);
    if (sweep.seed) {
        valid = model::with_seed(valid, *sweep.seed);
    }
    if (sweep.horizon_years) {
        const double years = *sweep.horizon_years;
        if (const auto error =
                model::apply_edits(valid, {{"scenario.horizon_years", years}}, machine_limits())) {
            return refuse(job, cluster, {{job.sweep_file, 0, 0, "sweep.horizon_years", *error}},
                          "sweep");
        }
    }
    auto parsed = model::parse_assignments(job.sets);
    if (const auto* why = std::get_if<std::string>(&parsed)) {
        return refuse(job, cluster, {{"command line", 0, 0, "parameter changes", *why}},
                      "command line");
    }
    const auto edits = std::get<std::vector<model::Edit>>(std::move(parsed));
    if (!edits.empty()) {
        if (const auto error = model::apply_edits(valid, edits, machine_limits())) {
            return refuse(
                job, cluster,
                {{"parameter changes", 0, 0, fmt::format("{}", fmt::join(job.sets, " ")), *error}},
                "command line");
        }
    }
    return valid;
}

// Rows a point writes at most: the longest horizon any point runs (a swept horizon
// counts at its largest), times areas, roles and metrics kept.
double rows_per_point(const model::Sweep& sweep, const model::Scenario& scenario) {
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
    return months_kept * areas_kept *
           (scenario.roles.size() + scenario.programmes.size() + model::kRoleGroups + 2.0) *
           static_cast<double>(metrics_per_role_row()) * 4;
}

// Refuses before running what would not fit: rows on disk, people in memory.
std::optional<model::ScenarioError> size_problem(const SweepJob& job, const SweepPlan& plan) {
    const model::Scenario& scenario = *plan.scenario;
    const double rows = rows_per_point(plan.sweep, scenario);
    const double disk_needed = rows * kCsvBytesPerRow * static_cast<double>(plan.design.size()) * 2;
    // About `threads` runs in flight, and each point in flight holds its replicates' tables.
    const int replicates = plan.sweep.replicates;
    const double memory_needed = std::max(std::min(replicates, plan.threads),
                                          std::min(plan.in_flight_points, plan.threads)) *
                                     model::sweep_peak_people(plan.sweep, scenario) * 2 *
                                     static_cast<double>(sim::bytes_per_agent()) +
                                 plan.in_flight_points * replicates * rows / 4 *
                                     kTableBytesPerRow; // rows: the four statistics' rows
    const auto free_bytes = free_bytes_at(job.out);
    if (free_bytes && disk_needed > *free_bytes) {
        return model::ScenarioError{
            job.sweep_file, 0, 0, "(size)",
            fmt::format("the sweep would write about {:.1f} GB ({} points x {:.0f} rows, twice), "
                        "but {} has {:.1f} GB free; allowed: fewer points, a larger [output] "
                        "every_months, regions = false, or an output folder with more space",
                        disk_needed / 1e9, plan.design.size(), rows, job.out.string(),
                        *free_bytes / 1e9)};
    }
    if (memory_needed > memory_budget_bytes()) {
        return model::ScenarioError{
            job.sweep_file, 0, 0, "(size)",
            fmt::format("each point needs about {:.1f} GB of memory, more than the budget of "
                        "{:.1f} GB; allowed: fewer replicates or threads, or set "
                        "CARECAST_MEMORY_GB to raise the budget",
                        memory_needed / 1e9, memory_budget_bytes() / 1e9)};
    }
    return std::nullopt;
}

// The sweep file, its scenario and the command line's changes, checked: the plan, or
// the status to end with.
std::variant<SweepPlan, SweepStatus> plan_sweep(const SweepJob& job, const Cluster& cluster) {
    std::string text;
    if (const auto error = read_input(job.sweep_file, text)) {
        return refuse(job, cluster, {{job.sweep_file, 0, 0, "(file)", *error}}, "sweep");
    }
    const auto loaded = model::parse_sweep(text, job.sweep_file);
    if (!loaded.ok()) {
        return refuse(job, cluster, loaded.errors, "sweep");
    }
    auto scenario = sweep_scenario(job, cluster, *loaded.sweep);
    if (const SweepStatus* status = std::get_if<SweepStatus>(&scenario)) {
        return *status;
    }
    SweepPlan plan{*loaded.sweep, std::get<model::ValidScenario>(scenario), {}, 1, 1, {}};
    if (const auto errors = model::check_sweep_against(plan.sweep, *plan.scenario);
        !errors.empty()) {
        return refuse(job, cluster, errors, "sweep");
    }
    plan.design = plan.sweep.design();
    plan.threads = job.threads > 0 ? job.threads
                                   : std::max(1, tbb::info::default_concurrency() / cluster.size());
    // Points run side by side where a point has fewer replicates than threads.
    plan.in_flight_points =
        std::max(1, plan.threads / std::max(1, std::min(plan.sweep.replicates, plan.threads)));
    if (const auto problem = size_problem(job, plan)) {
        return refuse(job, cluster, {*problem}, "sweep");
    }
    // Points are reused on resume only under the same sweep, scenario and overrides.
    plan.hash = fmt::format("{:016x}-{:016x}", plan.sweep.source_hash, plan.scenario->source_hash);
    if (!job.sets.empty()) {
        plan.hash +=
            fmt::format("-{:016x}", model::fnv1a(fmt::format("{}", fmt::join(job.sets, "\n"))));
    }
    return plan;
}

// The root takes --out for the whole sweep, refuses another sweep's folder and finds
// the points already finished; every rank learns which. The status to go on with.
SweepStatus resume_state(const SweepJob& job, const Cluster& cluster, const SweepPlan& plan,
                         std::unique_ptr<OutputFolder>& folder, std::vector<char>& done) {
    const fs::path& out = job.out;
    done.assign(plan.design.size(), 0);
    SweepStatus status = SweepStatus::Done;
    if (cluster.root()) {
        try {
            folder = std::make_unique<OutputFolder>(out, FolderUse::Sweep);
        } catch (const std::exception& e) {
            job.warn(fmt::format("error: {}; nothing was run or written.\n", e.what()));
            status = SweepStatus::BadInput;
        }
    }
    if (cluster.root() && status == SweepStatus::Done) {
        try {
            fs::create_directories(out / "points");
            const fs::path state = out / "sweep-state.json";
            if (fs::exists(state)) {
                const auto previous = nlohmann::json::parse(read_text(state), nullptr, false);
                if (previous.is_discarded() || previous.value("hash", "") != plan.hash) {
                    job.warn(fmt::format(
                        "error: {} holds another sweep's points (its sweep file or "
                        "scenario changed); allowed: the same sweep, or another output folder\n",
                        out.string()));
                    status = SweepStatus::BadInput;
                }
            } else {
                write_atomically(state, nlohmann::json{{"hash", plan.hash}}.dump() + "\n");
            }
            if (status == SweepStatus::Done) {
                // Each finished point's files are read and hashed: in parallel.
                detail::parallel_for_each_index(plan.design.size(), [&](std::size_t p) {
                    done[p] = finished_point(out, p) ? 1 : 0;
                });
            }
        } catch (const std::exception& e) {
            job.warn(fmt::format("error: {}\n", e.what()));
            status = SweepStatus::Failed;
        }
    }
    status = on_every_rank(cluster, status);
    if (status == SweepStatus::Done) {
        cluster.broadcast(done);
    }
    return status;
}

// How a rank's run of its points ended, as it tells the root: typed, not a status read
// from one character of a string.
struct RankEnd {
    bool stopped = false;
    SweepStatus failure_status = SweepStatus::Done; // Done: no point failed
    std::string failure;                            // why the first failing point failed
};

std::string encode(const RankEnd& end) {
    return nlohmann::json{
        {"stopped", end.stopped}, {"failure_status", end.failure_status}, {"failure", end.failure}}
        .dump();
}

RankEnd decode(const std::string& message) {
    const auto j = nlohmann::json::parse(message, nullptr, false);
    if (j.is_discarded()) {
        return {false, SweepStatus::Failed, "a rank sent an unreadable report"};
    }
    return {j.value("stopped", false), j.value("failure_status", SweepStatus::Failed),
            j.value("failure", std::string())};
}

// One rank's points: workers take the next point as they finish one (several side by
// side where a point has fewer replicates than the rank has threads; each point's result
// does not depend on which ran beside it); the rank's own thread reports each finished
// point (rank 0 prints it, the others send it to rank 0) and, on rank 0, takes in the
// other ranks' points and reports as they arrive.
class RankRun {
  public:
    RankRun(const SweepJob& job, const Cluster& cluster, const SweepPlan& plan,
            std::vector<std::size_t> points)
        : job_(job), cluster_(cluster), plan_(plan), mine_(std::move(points)) {}
    ~RankRun() { join(); }
    RankRun(const RankRun&) = delete;
    RankRun& operator=(const RankRun&) = delete;

    // The status this rank ends with (the root's is the sweep's, bar assembling).
    SweepStatus run();

  private:
    void start_workers();
    void work();
    void report(std::size_t point, const PointOutput& output);
    void take(const std::pair<int, std::string>& message);
    SweepStatus failed(const std::exception& e);
    void join();

    const SweepJob& job_;
    const Cluster& cluster_;
    const SweepPlan& plan_;
    std::vector<std::size_t> mine_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::pair<std::size_t, PointOutput>> finished_;
    std::atomic<std::size_t> next_point_{0};
    std::atomic<bool> abandon_{false};
    std::size_t failed_point_ = SIZE_MAX;
    std::exception_ptr point_failure_;
    std::size_t workers_left_ = 0; // under the mutex once the workers start
    std::vector<std::thread> workers_;
    bool stopped_ = false;
    int finished_ranks_ = 0;
    RankEnd other_failure_; // the first point another rank could not run
};

void RankRun::work() {
    const auto side_by_side = static_cast<std::size_t>(plan_.in_flight_points);
    const int threads_per_point = std::max(1, plan_.threads / static_cast<int>(side_by_side));
    while (!abandon_.load()) {
        const std::size_t k = next_point_.fetch_add(1);
        if (k >= mine_.size()) {
            break;
        }
        const std::size_t point = mine_[k];
        try {
            PointOutput output = run_point(plan_.scenario, plan_.sweep, plan_.design[point], point,
                                           threads_per_point, job_.stop);
            if (output.summary.empty()) {
                abandon_.store(true); // stopped: no new points
            } else if (cluster_.root()) {
                save_point(job_.out, point, output); // its own files: in parallel
            }
            const std::lock_guard lock(mutex_);
            finished_.emplace_back(point, std::move(output));
        } catch (...) {
            abandon_.store(true);
            const std::lock_guard lock(mutex_);
            if (point < failed_point_) { // the first failing point, in point order
                failed_point_ = point;
                point_failure_ = std::current_exception();
            }
        }
        changed_.notify_one();
    }
    const std::lock_guard lock(mutex_);
    --workers_left_;
    changed_.notify_one();
}

void RankRun::start_workers() {
    const auto side_by_side = static_cast<std::size_t>(plan_.in_flight_points);
    const std::size_t count = std::min(side_by_side, std::max<std::size_t>(1, mine_.size()));
    workers_left_ = count;
    for (std::size_t w = 0; w < count; ++w) {
        workers_.emplace_back([this] { work(); });
    }
}

void RankRun::join() {
    abandon_.store(true);
    for (auto& worker : workers_) {
        if (worker.joinable()) {
            worker.join();
        }
    }
}

void RankRun::report(std::size_t point, const PointOutput& output) {
    if (output.summary.empty()) {
        stopped_ = true;
    } else if (cluster_.root()) {
        job_.say(fmt::format("  point {} of {} done\n", point + 1, plan_.design.size()));
    } else {
        cluster_.send_to_root(kTagPoint,
                              fmt::format("{}\n{}\n{}", point, output.summary, output.csv));
    }
}

// On the root: another rank's finished point (saved) or its final report.
void RankRun::take(const std::pair<int, std::string>& message) {
    if (message.first == kTagRankFinished) {
        ++finished_ranks_;
        const RankEnd end = decode(message.second);
        stopped_ = stopped_ || end.stopped;
        if (end.failure_status != SweepStatus::Done &&
            other_failure_.failure_status == SweepStatus::Done) {
            other_failure_ = end;
        }
        return;
    }
    const auto first = message.second.find('\n');
    const auto second = message.second.find('\n', first + 1);
    const std::size_t point = std::stoull(message.second.substr(0, first));
    save_point(
        job_.out, point,
        {message.second.substr(first + 1, second - first - 1), message.second.substr(second + 1)});
}

// A refused point is bad input; anything else could not be done. Every rank
// reports to the root, so no rank waits for one that has gone.
SweepStatus RankRun::failed(const std::exception& e) {
    const SweepStatus code = dynamic_cast<const std::invalid_argument*>(&e) != nullptr
                                 ? SweepStatus::BadInput
                                 : SweepStatus::Failed;
    if (!cluster_.root()) {
        cluster_.send_to_root(kTagRankFinished, encode({false, code, e.what()}));
        return code;
    }
    job_.warn(fmt::format("error: {}; the finished points are kept in {}\n", e.what(),
                          (job_.out / "points").string()));
    return code;
}

SweepStatus RankRun::run() {
    start_workers();
    try {
        while (true) {
            std::unique_lock lock(mutex_);
            changed_.wait_for(lock, std::chrono::milliseconds(cluster_.root() ? 50 : 1000),
                              [&] { return !finished_.empty() || workers_left_ == 0; });
            auto batch = std::move(finished_);
            finished_.clear();
            const bool all_done = workers_left_ == 0;
            lock.unlock();
            for (const auto& [point, output] : batch) {
                report(point, output);
            }
            while (cluster_.root() && cluster_.message_waiting()) {
                take(cluster_.receive());
            }
            if (all_done) {
                break;
            }
        }
        join();
        if (point_failure_) {
            std::rethrow_exception(point_failure_);
        }
        if (cluster_.root()) {
            while (finished_ranks_ < cluster_.size() - 1) {
                take(cluster_.receive());
            }
        } else {
            cluster_.send_to_root(kTagRankFinished, encode({stopped_, SweepStatus::Done, {}}));
        }
    } catch (const std::exception& e) {
        return failed(e);
    }
    if (other_failure_.failure_status != SweepStatus::Done) {
        job_.warn(fmt::format("error: {}; the finished points are kept in {}\n",
                              other_failure_.failure, (job_.out / "points").string()));
        return other_failure_.failure_status;
    }
    if (stopped_ || stop_requested(job_)) {
        if (cluster_.root()) {
            job_.warn(fmt::format("stopped; the finished points are kept in {}: run the same "
                                  "command again to go on.\n",
                                  (job_.out / "points").string()));
        }
        return SweepStatus::Stopped;
    }
    return SweepStatus::Done;
}

// Copies every point's rows into sweep.csv, each into its own place (known from the
// sizes of the files before it), the points side by side: streamed point by point, the
// whole sweep never in memory. Returns each point's summary, or nothing if stopped.
std::optional<std::vector<nlohmann::json>> copy_points(const SweepJob& job, const SweepPlan& plan,
                                                       OutputFolder& folder) {
    const fs::path& out = job.out;
    auto csv = std::make_unique<AtomicFile>(out / "sweep.csv");
    std::string header = "point";
    for (const auto& p : plan.sweep.parameters) {
        header += fmt::format(",{}", csv_field(p.key));
    }
    header += ",statistic,month,area,role,metric,value\n";
    csv->write(header);
    const std::size_t points = plan.design.size();
    std::vector<std::uint64_t> offsets{header.size()}; // point p's rows start here
    for (std::size_t p = 0; p < points; ++p) {
        offsets.push_back(offsets.back() + fs::file_size(point_file(out, p, "csv")));
    }
    std::vector<nlohmann::json> summaries(points);
    std::vector<std::string> errors(points); // per point: why it could not be copied
    std::atomic<bool> interrupted{false};
    detail::parallel_for_each_index(
        points,
        [&](std::size_t p) {
            if (stop_requested(job)) {
                interrupted.store(true);
                return;
            }
            try {
                // Checked at the start (resumed points) or written by this sweep, under
                // the folder's lock: read, not hashed again.
                const auto marker =
                    nlohmann::json::parse(read_text(point_file(out, p, "json")), nullptr, false);
                const std::string rows = read_text(point_file(out, p, "csv"));
                if (marker.is_discarded() || !marker.contains("summary") ||
                    rows.size() != offsets[p + 1] - offsets[p]) {
                    errors[p] = fmt::format("{} changed while the sweep ran; run the same command "
                                            "again to recompute it",
                                            point_file(out, p, "json").string());
                    return;
                }
                csv->write_at(offsets[p], rows);
                summaries[p] = marker["summary"];
            } catch (const std::exception& e) {
                errors[p] = e.what();
            }
        },
        static_cast<std::size_t>(plan.threads));
    if (interrupted.load()) {
        return std::nullopt;
    }
    for (const auto& error : errors) {
        if (!error.empty()) {
            throw std::runtime_error(error);
        }
    }
    folder.stage("sweep.csv", std::move(csv));
    return summaries;
}

nlohmann::json sweep_manifest(const SweepJob& job, const Cluster& cluster, const SweepPlan& plan) {
    const model::Scenario& scenario = *plan.scenario;
    nlohmann::json points = nlohmann::json::array();
    for (std::size_t p = 0; p < plan.design.size(); ++p) {
        nlohmann::json entry{{"point", p},
                             {"files",
                              {point_file(job.out, p, "csv").filename().string(),
                               point_file(job.out, p, "json").filename().string()}}};
        for (std::size_t k = 0; k < plan.sweep.parameters.size(); ++k) {
            entry["parameters"][plan.sweep.parameters[k].key] = plan.design[p][k];
        }
        points.push_back(entry);
    }
    return {{"carecast_version", CARECAST_VERSION},
            {"sweep", {{"name", plan.sweep.name}, {"source", plan.sweep.source}}},
            {"scenario",
             {{"name", scenario.name},
              {"source", scenario.source},
              {"hash", fmt::format("fnv1a64:{:016x}", scenario.source_hash)}}},
            {"hash", plan.hash},
            {"overrides", job.sets},
            {"seed", scenario.seed},
            {"replicates_per_point", plan.sweep.replicates},
            {"design", plan.sweep.latin_hypercube ? "latin_hypercube" : "grid"},
            {"ranks", cluster.size()},
            {"threads_per_rank", plan.threads},
            {"points", points},
            {"outputs", {"sweep.csv", "summary.csv"}}};
}

// On the root, once every point is done: one tidy CSV over every point, the summary and
// the manifest, published together.
SweepStatus assemble(const SweepJob& job, const Cluster& cluster, const SweepPlan& plan,
                     OutputFolder& folder) {
    const fs::path& out = job.out;
    try {
        const auto summaries = copy_points(job, plan, folder);
        if (!summaries) {
            job.warn(fmt::format("stopped while assembling; the points are kept in {}: run the "
                                 "same command again to go on.\n",
                                 (out / "points").string()));
            return SweepStatus::Stopped;
        }
        std::string summary_csv;
        const std::string table = summary_table(plan.sweep, *summaries, summary_csv);
        folder.stage("summary.csv", summary_csv);
        folder.stage("manifest.json", sweep_manifest(job, cluster, plan).dump(2) + "\n");
        folder.publish({"sweep.csv", "summary.csv"});
        job.say(fmt::format("\n{}\nWrote {}, {} and {}\n", table, (out / "sweep.csv").string(),
                            (out / "summary.csv").string(), (out / "manifest.json").string()));
    } catch (const std::exception& e) {
        job.warn(fmt::format("error: {}\n", e.what()));
        return SweepStatus::Failed;
    }
    return SweepStatus::Done;
}

SweepStatus run(const SweepJob& job, const Cluster& cluster) {
    auto planned = plan_sweep(job, cluster);
    if (const SweepStatus* status = std::get_if<SweepStatus>(&planned)) {
        return *status;
    }
    const SweepPlan& plan = std::get<SweepPlan>(planned);
    std::unique_ptr<OutputFolder> folder; // the root holds --out for the whole sweep
    std::vector<char> done;
    if (const SweepStatus status = resume_state(job, cluster, plan, folder, done);
        status != SweepStatus::Done) {
        return status;
    }
    std::vector<std::size_t> todo;
    for (std::size_t p = 0; p < plan.design.size(); ++p) {
        if (done[p] == 0) {
            todo.push_back(p);
        }
    }
    if (cluster.root()) {
        job.say(fmt::format(
            "carecast sweep \"{}\": {} points x {} replicates, {} already done, {} rank{}\n",
            plan.sweep.name, plan.design.size(), plan.sweep.replicates,
            plan.design.size() - todo.size(), cluster.size(), cluster.size() == 1 ? "" : "s"));
    }
    // Points are dealt round-robin to the ranks.
    std::vector<std::size_t> mine;
    for (std::size_t k = 0; k < todo.size(); ++k) {
        if (static_cast<int>(k % static_cast<std::size_t>(cluster.size())) == cluster.rank()) {
            mine.push_back(todo[k]);
        }
    }
    const SweepStatus status = RankRun(job, cluster, plan, std::move(mine)).run();
    if (status != SweepStatus::Done || !cluster.root()) {
        return status;
    }
    return assemble(job, cluster, plan, *folder);
}

} // namespace

SweepStatus run_sweep(const SweepJob& job, const Cluster& cluster) {
    return run(job, cluster);
}

} // namespace carecast::batch
