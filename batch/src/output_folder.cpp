#include <carecast/batch/output_folder.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <string>
#include <sys/file.h>
#include <unistd.h>
#include <vector>

namespace carecast::batch {

namespace fs = std::filesystem;

std::optional<double> free_bytes_at(const fs::path& dir) {
    std::error_code error;
    fs::path probe = dir.empty() ? fs::path(".") : dir;
    while (!fs::exists(probe, error) && probe.has_parent_path() && probe.parent_path() != probe) {
        probe = probe.parent_path();
    }
    const auto space = fs::space(probe.empty() ? fs::path(".") : probe, error);
    if (error) {
        return std::nullopt;
    }
    return static_cast<double>(space.available);
}

namespace {

struct FolderKind {
    FolderUse use;
    const char* name;
    std::vector<const char*> markers; // files only this kind writes
};

const std::vector<FolderKind>& folder_kinds() {
    static const std::vector<FolderKind> kinds = {
        {FolderUse::Run, "a run's", {"results.csv", "ensemble.csv"}},
        {FolderUse::Sweep, "a sweep's", {"sweep.csv", "sweep-state.json", "points"}},
        {FolderUse::Optimise, "an optimisation's", {"optimum.toml", "candidates.csv"}},
        {FolderUse::Sensitivity, "a sensitivity analysis's", {"sensitivity.csv"}},
    };
    return kinds;
}

// Throws when the folder holds another kind's results.
void check_kind(const fs::path& dir, FolderUse use) {
    std::error_code error;
    for (const auto& kind : folder_kinds()) {
        if (kind.use == use) {
            continue;
        }
        std::vector<std::string> found;
        for (const char* marker : kind.markers) {
            if (fs::exists(dir / marker, error)) {
                found.emplace_back(marker);
            }
        }
        if (!found.empty()) {
            throw std::runtime_error(
                fmt::format("{} holds {} results ({}), which this would mix with its own; allowed: "
                            "another output folder, or remove those first",
                            dir.string(), kind.name, fmt::join(found, ", ")));
        }
    }
}

} // namespace

OutputFolder::OutputFolder(const fs::path& dir, FolderUse use) : dir_(dir) {
    if (dir.empty()) {
        throw std::runtime_error(
            "the output folder is empty (no path); allowed: a folder to write into");
    }
    std::error_code error;
    if (fs::exists(dir, error) && !fs::is_directory(dir, error)) {
        throw std::runtime_error(fmt::format(
            "the output folder {} is a file; allowed: a folder to write into", dir.string()));
    }
    fs::create_directories(dir, error);
    if (error) {
        throw std::runtime_error(
            fmt::format("cannot create {}: {}", dir.string(), error.message()));
    }
    const fs::path lock = dir / ".carecast.lock";
    fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        throw std::runtime_error(
            fmt::format("cannot open {}: {}", lock.string(), std::strerror(errno)));
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd_);
        fd_ = -1;
        throw std::runtime_error(fmt::format(
            "{} is in use by another carecast run or sweep; allowed: wait for it, or another "
            "output folder",
            dir.string()));
    }
    try {
        check_kind(dir, use);
    } catch (...) {
        ::close(fd_);
        fd_ = -1;
        throw;
    }
    // Nobody else writes here now: temporaries left are a killed run's.
    for (const auto& entry : fs::directory_iterator(dir, error)) {
        if (entry.path().filename().string().find(".partial-") != std::string::npos) {
            fs::remove(entry.path(), error);
        }
    }
}

OutputFolder::~OutputFolder() {
    staged_.clear(); // unpublished temporaries go while the lock is still held
    if (fd_ >= 0) {
        ::close(fd_); // releases the lock
    }
}

void OutputFolder::stage(const std::string& name, std::string_view content) {
    auto file = std::make_unique<AtomicFile>(dir_ / name);
    file->write(content);
    stage(name, std::move(file));
}

void OutputFolder::stage(const std::string& name, std::unique_ptr<AtomicFile> file) {
    file->close();
    staged_.emplace_back(name, std::move(file));
}

void OutputFolder::publish(const std::vector<std::string>& stale) {
    std::error_code error;
    fs::remove(dir_ / "manifest.json", error);
    const auto is_staged = [&](const std::string& name) {
        return std::any_of(staged_.begin(), staged_.end(),
                           [&](const auto& file) { return file.first == name; });
    };
    for (const auto& name : stale) {
        if (!is_staged(name)) {
            fs::remove(dir_ / name, error);
        }
    }
    std::stable_partition(staged_.begin(), staged_.end(),
                          [](const auto& file) { return file.first != "manifest.json"; });
    for (auto& file : staged_) {
        file.second->commit();
    }
    staged_.clear();
}

} // namespace carecast::batch
