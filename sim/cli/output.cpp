#include "output.hpp"

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

namespace {

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) {
        return text;
    }
    std::string quoted = "\"";
    for (char c : text) {
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return quoted + "\"";
}

struct Column {
    std::string name;
    sim::Selection selection;
    bool leadership; // bench strength and the other pipeline metrics apply
};

void append_count(std::string& out, int month, const std::string& area, const std::string& role,
                  const char* metric, std::int64_t value) {
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{}\n", month, area, role, metric, value);
}

void append_rate(std::string& out, int month, const std::string& area, const std::string& role,
                 const char* metric, std::optional<double> value) {
    if (value) {
        fmt::format_to(std::back_inserter(out), "{},{},{},{},{:.6f}\n", month, area, role, metric,
                       *value);
    }
}

} // namespace

std::string results_csv(const model::Scenario& scenario, const sim::Results& results) {
    std::vector<Column> roles;
    for (std::size_t r = 0; r < scenario.roles.size(); ++r) {
        sim::Selection s;
        s.role = static_cast<model::RoleId>(r);
        roles.push_back(
            {csv_field(scenario.roles[r].name), s, model::is_leadership(scenario.roles[r].level)});
    }
    for (int g = 0; g < model::kRoleGroups; ++g) {
        sim::Selection s;
        s.group = static_cast<model::RoleGroup>(g);
        roles.push_back({csv_field(fmt::format("group:{}", model::to_string(*s.group))), s,
                         g == static_cast<int>(model::RoleGroup::Managerial)});
    }
    roles.push_back({"all", {}, false});
    std::vector<std::pair<std::string, std::optional<model::AreaId>>> areas;
    for (std::size_t a = 0; a < scenario.areas.size(); ++a) {
        areas.emplace_back(csv_field(scenario.areas[a].name), static_cast<model::AreaId>(a));
    }
    areas.emplace_back("England", std::nullopt);

    std::string out = "month,area,role,metric,value\n";
    out.reserve(static_cast<std::size_t>(results.completed_months + 1) * roles.size() *
                areas.size() * 17 * 48);
    for (int m = 0; m <= results.completed_months; ++m) {
        for (const auto& [area_name, area] : areas) {
            for (const auto& column : roles) {
                sim::Selection s = column.selection;
                s.area = area;
                const sim::CellMonth c = results.total(m, s);
                const std::string& role = column.name;
                append_count(out, m, area_name, role, "posts", c.posts);
                append_count(out, m, area_name, role, "filled", c.filled);
                append_count(out, m, area_name, role, "vacancies", c.vacancies());
                append_rate(out, m, area_name, role, "vacancy_rate", results.vacancy_rate(m, s));
                append_count(out, m, area_name, role, "starters_internal",
                             c.starters_moved + c.starters_promoted);
                append_count(out, m, area_name, role, "starters_external", c.starters_external);
                append_count(out, m, area_name, role, "leavers", c.leavers());
                append_count(out, m, area_name, role, "leavers_left_sector",
                             c.leavers_exit + c.leavers_retired);
                append_count(out, m, area_name, role, "leavers_retired", c.leavers_retired);
                append_count(out, m, area_name, role, "leavers_moved_employer", c.leavers_moved);
                append_count(out, m, area_name, role, "leavers_promoted", c.leavers_promoted);
                append_rate(out, m, area_name, role, "turnover_rate_12m",
                            results.turnover_rate_12m(m, s));
                append_count(out, m, area_name, role, "programme_places", c.programme_places);
                fmt::format_to(std::back_inserter(out), "{},{},{},programme_spend_gbp,{:.2f}\n", m,
                               area_name, role, c.programme_spend);
                if (column.leadership) {
                    append_rate(out, m, area_name, role, "bench_strength",
                                results.bench_strength(m, s));
                    append_rate(out, m, area_name, role, "internal_fill_share_12m",
                                results.internal_fill_share(m, s));
                    append_rate(out, m, area_name, role, "mean_months_vacant_12m",
                                results.mean_months_vacant(m, s));
                }
            }
        }
    }
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
