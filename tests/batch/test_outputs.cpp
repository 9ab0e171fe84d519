#include "test_support.hpp"

#include <carecast/batch/block_hash.hpp>
#include <carecast/batch/output.hpp>
#include <carecast/batch/summary.hpp>
#include <carecast/batch/tidy.hpp>
#include <carecast/model/hash.hpp>

#include <carecast/sim/simulation.hpp>

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>
#include <stdexcept>

using namespace carecast;

TEST_CASE("the CSV is tidy: one value per row, five fields, known metrics") {
    model::Scenario s = test::load_valid("tests/scenarios/small.toml");
    s.horizon_months = 2;
    const std::string csv = batch::results_csv(s, sim::run(test::valid(s), {1, 0}));
    std::istringstream in(csv);
    std::string line;
    std::getline(in, line);
    CHECK(line == "month,area,role,metric,value");
    std::size_t rows = 0;
    bool saw_bench = false;
    while (std::getline(in, line)) {
        ++rows;
        INFO(line);
        REQUIRE(std::count(line.begin(), line.end(), ',') == 4);
        const auto value = line.substr(line.rfind(',') + 1);
        std::size_t used = 0;
        (void)std::stod(value, &used);
        REQUIRE(used == value.size());
        saw_bench =
            saw_bench || line.find(",registered manager,bench_strength,") != std::string::npos;
    }
    CHECK(saw_bench);
    CHECK(rows > 3 * 3 * 4 * 14); // months x areas (+England) x roles x metrics, at least
}

TEST_CASE("outputs are written whole or not at all") {
    const auto folder = std::filesystem::temp_directory_path() / "carecast-test-atomic";
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    const auto path = folder / "results.csv";
    batch::write_atomically(path, "old\n");
    batch::write_atomically(path, "new\n");
    CHECK(test::read_file(path.string()) == "new\n");
    // Unflushed (a file its reader checks by hash) is still written whole and renamed.
    batch::write_atomically(path, "newer\n", batch::Durability::checked_on_read);
    CHECK(test::read_file(path.string()) == "newer\n");
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder)) {
        ++files;
    }
    CHECK(files == 1); // no temporary left behind
    CHECK_THROWS_WITH(batch::write_atomically(folder / "missing" / "x.csv", "x"),
                      Catch::Contains("cannot write"));
    std::filesystem::remove_all(folder);
}

TEST_CASE("the manifest names the scenario, seed, threads and agents") {
    const model::Scenario s = test::load_valid("tests/scenarios/small.toml");
    const auto results = sim::run(test::valid(s), {1, 0});
    const auto j = batch::manifest(s, results, {3, 1.5, 23619, 24000}, "results.csv");
    CHECK(j["seed"] == 42);
    CHECK(j["threads"] == 3);
    CHECK(j["scenario"]["name"] == "small test workforce");
    CHECK(j["scenario"]["hash"].get<std::string>().rfind("fnv1a64:", 0) == 0);
    CHECK(j["agents"]["start"] == 23619);
    CHECK(j["bytes_per_agent"] == sim::bytes_per_agent());
}

TEST_CASE("the summary lists the weakest leadership benches first") {
    const model::Scenario s = test::england();
    model::Scenario short_run = s;
    short_run.horizon_months = 1;
    const auto results = sim::run(test::valid(short_run), {2, 0});
    const auto benches = batch::weakest_benches(short_run, results);
    REQUIRE(benches.size() >= 3);
    for (std::size_t i = 1; i < benches.size(); ++i) {
        CHECK(benches[i - 1].bench_strength <= benches[i].bench_strength);
    }
    CHECK(batch::summary(short_run, results).find("Weakest leadership benches") !=
          std::string::npos);
}

TEST_CASE("the succession outputs in results.csv add up: 5 years >= 2 >= 1 >= now") {
    const auto s = test::load_valid("tests/scenarios/small.toml");
    const std::string csv = batch::results_csv(s, sim::run(test::valid(s), {2, 0}));
    // month,area,role -> ready_now, within_1y, within_2y, within_5y
    std::map<std::string, std::array<double, 4>> rows;
    std::istringstream in(csv);
    std::string line;
    std::getline(in, line);
    const std::map<std::string, int> slot{
        {"ready_now", 0}, {"ready_within_1y", 1}, {"ready_within_2y", 2}, {"ready_within_5y", 3}};
    while (std::getline(in, line)) {
        const auto last = line.rfind(',');
        const auto metric_at = line.rfind(',', last - 1);
        const std::string metric = line.substr(metric_at + 1, last - metric_at - 1);
        const auto it = slot.find(metric);
        if (it != slot.end()) {
            rows[line.substr(0, metric_at)][static_cast<std::size_t>(it->second)] =
                std::stod(line.substr(last + 1));
        }
    }
    // Both leadership roles (and their group) in both areas and England, every month.
    CHECK(rows.size() >= 37 * 2 * 3);
    bool someone_later = false;
    for (const auto& [key, v] : rows) {
        INFO(key);
        CHECK(v[0] >= 0);
        CHECK(v[1] >= v[0]);
        CHECK(v[2] >= v[1]);
        CHECK(v[3] >= v[2]);
        someone_later = someone_later || v[3] > v[0];
    }
    CHECK(someone_later); // the schedule looks ahead: not just the ready-now count again
}

TEST_CASE("the table's rates are Results' own, for every row's selection and month") {
    // The table keeps each selection's totals rather than adding cells up per rate:
    // the same numbers, to the bit, as Results computes them.
    const auto s = test::load_valid("tests/scenarios/small.toml");
    const sim::Results results = sim::run(test::valid(s), {2, 0});
    batch::TidySelection every_fifth;
    every_fifth.every_months = 5;
    for (const auto& selection : {batch::TidySelection{}, every_fifth}) {
        const batch::TidyTable table = batch::tidy_table(s, results, selection);
        std::size_t compared = 0;
        for (std::size_t i = 0; i < table.keys.size(); ++i) {
            const auto& key = table.keys[i];
            const std::string metric = batch::metric_name(key.metric);
            if (table.roles[key.role].rfind("programme:", 0) == 0) {
                continue;
            }
            sim::Selection rows;
            const std::string& role = table.roles[key.role];
            if (role.rfind("group:", 0) == 0) {
                for (int g = 0; g < model::kRoleGroups; ++g) {
                    if (role == std::string("group:") +
                                    model::to_string(static_cast<model::RoleGroup>(g))) {
                        rows.group = static_cast<model::RoleGroup>(g);
                    }
                }
                REQUIRE(rows.group);
            } else if (role != "all") {
                rows.role = static_cast<model::RoleId>(key.role);
            }
            if (key.area + 1u < table.areas.size()) {
                rows.area = static_cast<model::AreaId>(key.area);
            }
            std::optional<double> expected;
            if (metric == "vacancy_rate") {
                expected = results.vacancy_rate(key.month, rows);
            } else if (metric == "turnover_rate_12m") {
                expected = results.turnover_rate_12m(key.month, rows);
            } else if (metric == "bench_strength") {
                expected = results.bench_strength(key.month, rows);
            } else if (metric == "internal_fill_share_12m") {
                expected = results.internal_fill_share(key.month, rows);
            } else if (metric == "mean_months_vacant_12m") {
                expected = results.mean_months_vacant(key.month, rows);
            } else {
                continue;
            }
            INFO(key.month << " " << table.areas[key.area] << " " << role << " " << metric);
            if (expected) {
                CHECK(table.values[i] == *expected);
            } else {
                CHECK(std::isnan(table.values[i]));
            }
            ++compared;
        }
        // Five rates over 3 areas x (4 roles + groups + all) at each kept month, the two
        // leadership roles and the managerial group carrying three of them.
        CHECK(compared > 3 * 100);
    }
}

namespace {

// The tidy table's rows written one at a time with format_value: the reference the
// parallel, streamed writers must match byte for byte.
std::string rows_one_by_one(const batch::TidyTable& table, const std::string& prefix) {
    std::string out;
    for (std::size_t i = 0; i < table.keys.size(); ++i) {
        if (std::isnan(table.values[i])) {
            continue;
        }
        const auto& k = table.keys[i];
        out += fmt::format("{}{},{},{},{},{}\n", prefix, k.month, table.areas[k.area],
                           table.roles[k.role], batch::metric_name(k.metric),
                           batch::format_value(table.values[i], batch::metric_kind(k.metric)));
    }
    return out;
}

} // namespace

TEST_CASE("results.csv streamed into its file is the same bytes, in order, with its hash") {
    model::Scenario s = test::load_valid("tests/scenarios/small.toml");
    s.horizon_months = 30; // several blocks of months
    const auto results = sim::run(test::valid(s), {2, 0});
    const std::string whole = batch::results_csv(s, results);
    CHECK(whole ==
          "month,area,role,metric,value\n" + rows_one_by_one(batch::tidy_table(s, results), ""));

    const auto folder = std::filesystem::temp_directory_path() / "carecast-test-stream";
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    // As the run command writes it: header, then each block written and hashed (on the
    // hash's own thread).
    batch::AtomicFile file(folder / "results.csv");
    batch::BlockHash hash(model::fnv1a(batch::kResultsCsvHeader));
    file.write(batch::kResultsCsvHeader);
    std::size_t blocks = 0;
    batch::write_tidy_rows(s, results, {}, "", [&](std::string_view rows) {
        file.write(rows);
        hash.add(rows);
        ++blocks;
    });
    file.commit();
    CHECK(test::read_file((folder / "results.csv").string()) == whole);
    CHECK(blocks > 2);
    CHECK(hash.finish() == model::fnv1a(whole));
    std::filesystem::remove_all(folder);

    // A sweep's selection (every 12 months, England only) with a prefix, streamed.
    const batch::TidySelection yearly{12, false};
    std::string streamed;
    batch::write_tidy_rows(s, results, yearly, "7,",
                           [&](std::string_view rows) { streamed += rows; });
    CHECK(streamed == rows_one_by_one(batch::tidy_table(s, results, yearly), "7,"));
    CHECK(streamed.find("\n7,30,England,") != std::string::npos); // the last month kept
}

TEST_CASE("a failure while streaming rows stops the writing and is reported") {
    model::Scenario s = test::load_valid("tests/scenarios/small.toml");
    s.horizon_months = 40;
    const auto results = sim::run(test::valid(s), {1, 0});
    int blocks = 0;
    CHECK_THROWS_WITH(batch::write_tidy_rows(s, results, {}, "",
                                             [&](std::string_view) {
                                                 if (++blocks == 3) {
                                                     throw std::runtime_error("disk full");
                                                 }
                                             }),
                      "disk full");
    CHECK(blocks == 3); // nothing handed on after the failure
}

TEST_CASE("whole counts are written as integers, as fixed-point formatting would") {
    for (const double value : {0.0, -0.0, 1.0, -3.0, 1319381.0, 123456789012.0, 0x1p53, 0x1p53 + 2,
                               -0x1p60, 2.5, -0.25}) {
        INFO(value);
        const std::string expected = value == std::floor(value) ? fmt::format("{:.0f}", value)
                                                                : fmt::format("{:.3f}", value);
        CHECK(batch::format_value(value, batch::MetricKind::Count) == expected);
    }
}

TEST_CASE("FNV-1a carries on across pieces as over the whole text") {
    const std::string text = "month,area,role,metric,value\n0,North East,care worker,posts,7\n";
    for (std::size_t cut : {std::size_t{0}, std::size_t{1}, std::size_t{29}, text.size()}) {
        INFO(cut);
        const std::string_view all(text);
        CHECK(model::fnv1a(all.substr(cut), model::fnv1a(all.substr(0, cut))) ==
              model::fnv1a(text));
    }
    CHECK(model::fnv1a("") == model::kFnv1aStart);
}

TEST_CASE("a hash worked out beside the writing is FNV-1a of every block, in order", "[threads]") {
    // Far more blocks than may wait at once, some empty: the adder waits for room.
    std::string whole;
    batch::BlockHash hash;
    for (int i = 0; i < 500; ++i) {
        const std::string block = i % 7 == 0 ? "" : fmt::format("{},row {}\n", i, i * i);
        whole += block;
        hash.add(block);
    }
    CHECK(hash.finish() == model::fnv1a(whole));
    CHECK(batch::BlockHash().finish() == model::kFnv1aStart); // nothing added
    {
        batch::BlockHash abandoned; // a failed write: destroyed unfinished, without waiting on it
        abandoned.add("a,b\n");
    }
}

TEST_CASE("ensemble statistics streamed are the rows of the whole table, in order") {
    model::Scenario s = test::load_valid("tests/scenarios/small.toml");
    s.horizon_months = 24;
    std::vector<sim::Results> runs;
    for (std::uint32_t r = 0; r < 3; ++r) {
        runs.push_back(sim::run(test::valid(s), {1, r}));
    }
    const auto tables = batch::tidy_tables(s, runs);
    REQUIRE(tables.size() == 3);
    for (std::size_t r = 0; r < 3; ++r) {
        CHECK(rows_one_by_one(tables[r], "") == rows_one_by_one(batch::tidy_table(s, runs[r]), ""));
    }
    std::string streamed;
    batch::write_statistics(tables, "", [&](std::string_view rows) { streamed += rows; });
    // Each key's four rows in order; the mean of three runs' posts is their own mean.
    std::istringstream in(streamed);
    std::string line;
    std::getline(in, line);
    CHECK(line.rfind("mean,0,", 0) == 0);
    std::getline(in, line);
    CHECK(line.rfind("p5,0,", 0) == 0);
    std::getline(in, line);
    CHECK(line.rfind("p50,0,", 0) == 0);
    std::getline(in, line);
    CHECK(line.rfind("p95,0,", 0) == 0);
    // Four rows for every key some replicate has a value for.
    std::size_t keys_with_values = 0;
    for (std::size_t i = 0; i < tables[0].keys.size(); ++i) {
        keys_with_values += std::any_of(tables.begin(), tables.end(),
                                        [&](const auto& t) { return !std::isnan(t.values[i]); });
    }
    CHECK(static_cast<std::size_t>(std::count(streamed.begin(), streamed.end(), '\n')) ==
          4 * keys_with_values);
    CHECK(streamed.find("\nmean,24,England,all,posts,") != std::string::npos);
}

TEST_CASE("the cost per extra leadership post: funded spend over extra posts, clear of chance") {
    const auto totals = [](double fills, double funded) {
        batch::LeadershipTotals t;
        t.internal_fills = fills;
        t.funded_spend = funded;
        t.spend = funded + 1e6; // places that happen anyway are not the budget's cost
        return t;
    };
    // One pair (a sweep point against the first): the figure, unchecked.
    auto one = batch::cost_per_extra_post({totals(100, 0)}, {totals(110, 50'000)});
    REQUIRE(one.gbp.has_value());
    CHECK(*one.gbp == Approx(5'000));
    CHECK_FALSE(one.checked);
    // Paired replicates, every one 10 posts and GBP 50,000 more: clear, GBP 5,000 a post.
    const std::vector base{totals(100, 0), totals(90, 0), totals(120, 0)};
    const std::vector more{totals(110, 50'000), totals(100, 50'000), totals(130, 50'000)};
    auto clear = batch::cost_per_extra_post(base, more);
    REQUIRE(clear.gbp.has_value());
    CHECK(*clear.gbp == Approx(5'000));
    CHECK(clear.checked);
    // Extra posts in some replicates and fewer in others: no figure, and why.
    const std::vector mixed{totals(115, 50'000), totals(80, 50'000), totals(130, 50'000)};
    auto unclear = batch::cost_per_extra_post(base, mixed);
    CHECK_FALSE(unclear.gbp.has_value());
    CHECK(unclear.why_not == "no clear difference in posts filled");
    // Fewer posts, or more posts for less money: no figure (never a negative cost).
    CHECK(batch::cost_per_extra_post({totals(100, 0)}, {totals(90, 50'000)}).why_not ==
          "no extra posts filled");
    CHECK(batch::cost_per_extra_post({totals(100, 50'000)}, {totals(110, 0)}).why_not ==
          "no extra spend");
}
