#include <carecast/batch/scenario_file.hpp>

#include <carecast/embedded_scenarios.hpp>
#include <carecast/sim/simulation.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace carecast::batch {

std::optional<std::string> memory_budget_problem() {
    const char* gb = std::getenv("CARECAST_MEMORY_GB");
    if (gb == nullptr) {
        return std::nullopt;
    }
    char* end = nullptr;
    const double value = std::strtod(gb, &end);
    if (end == gb || *end != '\0' || !std::isfinite(value) || value <= 0 || value > 1e6) {
        return fmt::format("CARECAST_MEMORY_GB='{}'; allowed: a number of GiB above 0 and at "
                           "most 1000000, e.g. 8",
                           gb);
    }
    return std::nullopt;
}

double memory_budget_bytes() {
    if (const char* gb = std::getenv("CARECAST_MEMORY_GB");
        gb != nullptr && !memory_budget_problem()) {
        return std::strtod(gb, nullptr) * 1024 * 1024 * 1024;
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

std::optional<std::string> read_input(const std::string& path, std::string& text) {
    // Opened without blocking (a FIFO would wait for a writer), then checked to be a
    // regular file before a byte is read, and read no further than the bound.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        return fmt::format("cannot open the file for reading: {}", std::strerror(errno));
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd);
        return std::string("not a regular file; allowed: a TOML file");
    }
    if (info.st_size > static_cast<off_t>(kMaxInputBytes)) {
        ::close(fd);
        return fmt::format("{} bytes; allowed: at most {} MiB",
                           static_cast<long long>(info.st_size), kMaxInputBytes >> 20);
    }
    text.clear();
    char buffer[65536];
    while (text.size() <= kMaxInputBytes) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            break;
        }
        text.append(buffer, static_cast<std::size_t>(got));
    }
    ::close(fd);
    if (text.size() > kMaxInputBytes) {
        return fmt::format("more than {} MiB; allowed: at most {} MiB", kMaxInputBytes >> 20,
                           kMaxInputBytes >> 20);
    }
    return std::nullopt;
}

model::ParentScenario read_parent_scenario(const std::string& name,
                                           const std::string& extending_source) {
    model::ParentScenario parent;
    const auto extending = std::filesystem::path(extending_source);
    const auto path = std::filesystem::path(name).is_absolute() ? std::filesystem::path(name)
                                                                : extending.parent_path() / name;
    if (std::filesystem::exists(path) || name != "england.toml") {
        parent.source = path.lexically_normal().string();
        if (auto error = read_input(parent.source, parent.text)) {
            parent.error = *error;
        }
        return parent;
    }
    // The England baseline is in the binary too: a scenario beside no copy of it can
    // still extend it.
    parent.text = std::string(england_baseline_toml());
    parent.source = kEnglandBaselineName;
    return parent;
}

model::LoadResult load_scenario(const std::optional<std::string>& path,
                                const model::LoadLimits& limits) {
    if (!path) {
        return model::parse_scenario(england_baseline_toml(), kEnglandBaselineName, limits);
    }
    std::string text;
    if (const auto error = read_input(*path, text)) {
        model::LoadResult result;
        result.errors.push_back({*path, 0, 0, "(file)", *error});
        return result;
    }
    return model::parse_scenario(text, *path, limits, read_parent_scenario);
}

} // namespace carecast::batch
