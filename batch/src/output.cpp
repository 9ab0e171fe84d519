#include <carecast/batch/output.hpp>
#include <carecast/batch/tidy.hpp>

#include <carecast/sim/simulation.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace carecast::batch {

AtomicFile::AtomicFile(std::filesystem::path path, Durability durability)
    : path_(std::move(path)), durability_(durability) {
    for (int attempt = 0; attempt < 2 && fd_ < 0; ++attempt) {
        temporary_ = path_.string() + fmt::format(".partial-{}", static_cast<long>(getpid()));
        fd_ =
            ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd_ < 0 && errno == EEXIST) {
            ::unlink(temporary_.c_str()); // a leftover of a killed run, or a planted link
        }
    }
    if (fd_ < 0) {
        throw std::runtime_error(
            fmt::format("cannot write {}: {}", temporary_.string(), std::strerror(errno)));
    }
}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
    if (!renamed_) {
        ::unlink(temporary_.c_str());
    }
}

namespace {

// Hands `bytes` to write_some (a write or pwrite of what is left, at `done` bytes in)
// until all are written, retrying where a signal interrupted it; throws naming `path`.
template <typename WriteSome>
void write_all(std::string_view bytes, const std::filesystem::path& path,
               const WriteSome& write_some) {
    std::uint64_t done = 0;
    while (!bytes.empty()) {
        const ssize_t written = write_some(bytes, done);
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw std::runtime_error(
                fmt::format("writing {} failed: {}", path.string(), std::strerror(errno)));
        }
        bytes.remove_prefix(static_cast<std::size_t>(written));
        done += static_cast<std::uint64_t>(written);
    }
}

} // namespace

void AtomicFile::write(std::string_view bytes) {
    write_all(bytes, temporary_, [&](std::string_view rest, std::uint64_t) {
        return ::write(fd_, rest.data(), rest.size());
    });
    written_ += bytes.size();
    if (written_ - sent_ >= kWritebackBytes) {
        start_writeback(sent_, written_ - sent_);
        sent_ = written_;
    }
}

// A large file's bytes are sent towards the disk as it is written (a request, not a
// wait), so the flush before its rename has little left to wait for: England's 24 MB
// results.csv waited 10-15 ms in its fsync, the 64-point sweep's 81 MB 25 ms.
void AtomicFile::start_writeback(std::uint64_t offset, std::uint64_t size) const {
#ifdef __linux__
    if (durability_ == Durability::flushed) {
        ::sync_file_range(fd_, static_cast<off_t>(offset), static_cast<off_t>(size),
                          SYNC_FILE_RANGE_WRITE);
    }
#endif
}

void AtomicFile::write_at(std::uint64_t offset, std::string_view bytes) {
    write_all(bytes, temporary_, [&](std::string_view rest, std::uint64_t done) {
        return ::pwrite(fd_, rest.data(), rest.size(), static_cast<off_t>(offset + done));
    });
    // Each large piece on its own: threads write pieces at once, in no set order.
    if (bytes.size() >= kWritebackBytes / 4) {
        start_writeback(offset, bytes.size());
    }
}

void AtomicFile::close() {
    if (fd_ < 0) {
        return;
    }
    // Closed whatever fsync says; the first error is the one reported.
    int error = durability_ == Durability::flushed && ::fsync(fd_) != 0 ? errno : 0;
    if (::close(fd_) != 0 && error == 0) {
        error = errno;
    }
    fd_ = -1;
    if (error != 0) {
        throw std::runtime_error(
            fmt::format("writing {} failed: {}", temporary_.string(), std::strerror(error)));
    }
}

void AtomicFile::commit() {
    close();
    if (::rename(temporary_.c_str(), path_.c_str()) != 0) {
        throw std::runtime_error(
            fmt::format("cannot move {} into place: {}", path_.string(), std::strerror(errno)));
    }
    renamed_ = true;
}

void write_atomically(const std::filesystem::path& path, const std::string& content,
                      Durability durability) {
    AtomicFile file(path, durability);
    file.write(content);
    file.commit();
}

std::string results_csv(const model::Scenario& scenario, const sim::Results& results) {
    std::string out(kResultsCsvHeader);
    write_tidy_rows(scenario, results, {}, "", [&out](std::string_view rows) { out += rows; });
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
    // What changes during the run: each event with the months it is in force from, and
    // each path.
    j["events"] = nlohmann::json::array();
    for (const auto& e : scenario.events) {
        nlohmann::json event = {
            {"name", e.name},
            {"parameter", e.parameter},
            {"month", e.month},
            {"date", fmt::format("{:04}-{:02}", scenario.start_year + (e.month - 1) / 12,
                                 (e.month - 1) % 12 + 1)},
            {"ramp_months", e.ramp_months}};
        if (e.value) {
            event["value"] = *e.value;
        }
        if (e.multiply) {
            event["multiply"] = *e.multiply;
        }
        j["events"].push_back(event);
    }
    j["paths"] = nlohmann::json::array();
    for (const auto& p : scenario.paths) {
        j["paths"].push_back(
            {{"parameter", p.parameter}, {"years", p.years}, {"values", p.values}});
    }
    j["outputs"] = {{{"file", csv_name},
                     {"format", "tidy CSV: month,area,role,metric,value"},
                     {"units",
                      {{"posts", "posts"},
                       {"filled", "people in post (headcount)"},
                       {"rates", "fractions, 0.07 = 7%"},
                       {"programme_spend_gbp", "GBP in the month"}}}}};
    return j;
}

} // namespace carecast::batch
