#include "output_folder.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/file.h>
#include <unistd.h>

namespace carecast::io {

namespace fs = std::filesystem;

OutputFolder::OutputFolder(const fs::path& dir) : dir_(dir) {
    if (dir.empty()) {
        throw std::runtime_error("--out is empty; allowed: a folder to write into");
    }
    std::error_code error;
    if (fs::exists(dir, error) && !fs::is_directory(dir, error)) {
        throw std::runtime_error(
            fmt::format("--out {} is a file; allowed: a folder to write into", dir.string()));
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
            "--out",
            dir.string()));
    }
    // Nobody else writes here now: temporaries left are a killed run's.
    for (const auto& entry : fs::directory_iterator(dir, error)) {
        if (entry.path().filename().string().find(".partial-") != std::string::npos) {
            fs::remove(entry.path(), error);
        }
    }
}

OutputFolder::~OutputFolder() {
    if (fd_ >= 0) {
        ::close(fd_); // releases the lock
    }
}

void OutputFolder::begin(const std::vector<std::string>& stale) const {
    std::error_code error;
    fs::remove(dir_ / "manifest.json", error);
    for (const auto& name : stale) {
        fs::remove(dir_ / name, error);
    }
}

} // namespace carecast::io
