#include "scenario_file.hpp"

#include <carecast/embedded_scenarios.hpp>
#include <carecast/sim/simulation.hpp>

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <unistd.h>

namespace carecast::io {

model::LoadLimits machine_limits() {
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long page_size = sysconf(_SC_PAGE_SIZE);
    const double memory = pages > 0 && page_size > 0 ? static_cast<double>(pages) * page_size : 8e9;
    // Half the memory for agents, at twice their record size (growth headroom, results).
    const auto per_agent = static_cast<double>(2 * sim::bytes_per_agent());
    model::LoadLimits limits;
    limits.max_agents = static_cast<std::uint64_t>(memory / 2 / per_agent);
    limits.max_agents_reason =
        fmt::format("half of this machine's {:.1f} GiB at {} bytes a person; run on a machine "
                    "with more memory to raise it",
                    memory / (1024.0 * 1024 * 1024), 2 * sim::bytes_per_agent());
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
