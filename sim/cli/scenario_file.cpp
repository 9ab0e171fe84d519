#include "scenario_file.hpp"

#include <carecast/embedded_scenarios.hpp>
#include <carecast/sim/simulation.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace carecast::io {

double memory_budget_bytes() {
    if (const char* gb = std::getenv("CARECAST_MEMORY_GB")) {
        char* end = nullptr;
        const double value = std::strtod(gb, &end);
        if (end != gb && value > 0) {
            return value * 1024 * 1024 * 1024;
        }
    }
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long page_size = sysconf(_SC_PAGE_SIZE);
    const double memory = pages > 0 && page_size > 0 ? static_cast<double>(pages) * page_size : 8e9;
    return memory / 2; // half the machine by default
}

model::LoadLimits machine_limits() {
    const double budget = memory_budget_bytes();
    // Agents at twice their record size (growth headroom); results at their cell size
    // plus the bench-strength schedule.
    const auto per_agent = static_cast<double>(2 * sim::bytes_per_agent());
    const auto per_cell = static_cast<double>(sizeof(sim::CellMonth) + sizeof(std::int64_t));
    model::LoadLimits limits;
    limits.max_agents = static_cast<std::uint64_t>(budget / 2 / per_agent);
    limits.max_result_cells = static_cast<std::uint64_t>(budget / 2 / per_cell);
    limits.max_agents_reason = fmt::format(
        "a memory budget of {:.1f} GiB, half for people at {} bytes each and half for results; "
        "set CARECAST_MEMORY_GB to change the budget (default: half the machine's memory)",
        budget / (1024.0 * 1024 * 1024), 2 * sim::bytes_per_agent());
    return limits;
}

model::LoadResult load_scenario(const std::optional<std::string>& path,
                                const model::LoadLimits& limits) {
    if (!path) {
        return model::parse_scenario(england_baseline_toml(), kEnglandBaselineName, limits);
    }
    std::ifstream file(*path, std::ios::binary);
    if (!file) {
        model::LoadResult result;
        result.errors.push_back({*path, 0, 0, "(file)", "cannot open the file for reading"});
        return result;
    }
    std::ostringstream text;
    text << file.rdbuf();
    return model::parse_scenario(text.str(), *path, limits);
}

} // namespace carecast::io
