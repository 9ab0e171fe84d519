#include "test_support.hpp"

#include <carecast/io/output.hpp>
#include <carecast/io/summary.hpp>

#include <carecast/sim/simulation.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <filesystem>
#include <map>
#include <sstream>

using namespace carecast;

TEST_CASE("the CSV is tidy: one value per row, five fields, known metrics") {
    model::Scenario s = test::load_valid("tests/scenarios/small.toml");
    s.horizon_months = 2;
    const std::string csv = io::results_csv(s, sim::run(test::valid(s), {1, 0}));
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
    io::write_atomically(path, "old\n");
    io::write_atomically(path, "new\n");
    CHECK(test::read_file(path.string()) == "new\n");
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder)) {
        ++files;
    }
    CHECK(files == 1); // no temporary left behind
    CHECK_THROWS_WITH(io::write_atomically(folder / "missing" / "x.csv", "x"),
                      Catch::Contains("cannot write"));
    std::filesystem::remove_all(folder);
}

TEST_CASE("the manifest names the scenario, seed, threads and agents") {
    const model::Scenario s = test::load_valid("tests/scenarios/small.toml");
    const auto results = sim::run(test::valid(s), {1, 0});
    const auto j = io::manifest(s, results, {3, 1.5, 23619, 24000}, "results.csv");
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
    const auto benches = io::weakest_benches(short_run, results);
    REQUIRE(benches.size() >= 3);
    for (std::size_t i = 1; i < benches.size(); ++i) {
        CHECK(benches[i - 1].bench_strength <= benches[i].bench_strength);
    }
    CHECK(io::summary(short_run, results).find("Weakest leadership benches") != std::string::npos);
}

TEST_CASE("the succession outputs in results.csv add up: 5 years >= 2 >= 1 >= now") {
    const auto s = test::load_valid("tests/scenarios/small.toml");
    const std::string csv = io::results_csv(s, sim::run(test::valid(s), {2, 0}));
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
