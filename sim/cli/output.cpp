#include "output.hpp"
#include "tidy.hpp"

#include <carecast/sim/simulation.hpp>

#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace carecast::io {

void write_atomically(const std::filesystem::path& path, const std::string& content) {
    const std::filesystem::path temporary =
        path.string() + fmt::format(".partial-{}", static_cast<long>(getpid()));
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) {
            throw std::runtime_error(fmt::format("cannot write {}", temporary.string()));
        }
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.flush();
        if (!out) {
            out.close();
            std::filesystem::remove(temporary);
            throw std::runtime_error(
                fmt::format("writing {} failed (disk full?)", temporary.string()));
        }
    }
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error) {
        std::filesystem::remove(temporary);
        throw std::runtime_error(
            fmt::format("cannot move {} into place: {}", path.string(), error.message()));
    }
}

std::string results_csv(const model::Scenario& scenario, const sim::Results& results) {
    const TidyTable table = tidy_table(scenario, results);
    std::string out = "month,area,role,metric,value\n";
    out.reserve(table.keys.size() * 48);
    append_rows(out, table);
    return out;
}

nlohmann::json manifest(const model::Scenario& scenario, const sim::Results& results,
                        const RunFacts& facts, const std::string& csv_name) {
    nlohmann::json j;
    j["carecast_version"] = CARECAST_VERSION;
    j["scenario"] = {{"name", scenario.name},
                     {"source", scenario.source},
                     {"hash", fmt::format("fnv1a64:{:016x}", scenario.source_hash)}};
    j["seed"] = scenario.seed;
    j["threads"] = facts.threads;
    j["start_year"] = scenario.start_year;
    j["horizon_months"] = scenario.horizon_months;
    j["months_completed"] = results.completed_months;
    j["agents"] = {{"start", facts.agents_start}, {"end", facts.agents_end}};
    j["bytes_per_agent"] = sim::bytes_per_agent();
    j["wall_seconds"] = facts.wall_seconds;
    j["outputs"] = {{{"file", csv_name},
                     {"format", "tidy CSV: month,area,role,metric,value"},
                     {"units",
                      {{"posts", "posts"},
                       {"filled", "people in post (headcount)"},
                       {"rates", "fractions, 0.07 = 7%"},
                       {"programme_spend_gbp", "GBP in the month"}}}}};
    return j;
}

} // namespace carecast::io
