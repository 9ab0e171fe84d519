// An output folder held by one run or sweep at a time.
#pragma once

#include <carecast/batch/output.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carecast::batch {

// Creates the folder (refusing an empty path or a file in its place) and takes its
// lock: `.carecast.lock` held with flock(), so a second run or sweep into the same
// folder is refused at once, and a killed one's lock goes with its process. Holding
// the lock, it removes the `*.partial-*` temporaries killed runs left behind. Throws
// std::runtime_error with a message for the user.
// Free bytes on the file system where `dir` is or would be created (its nearest existing
// ancestor), without creating anything; nullopt where that cannot be told.
std::optional<double> free_bytes_at(const std::filesystem::path& dir);

// What a folder's results are: each command writes its own kind, and a folder holding
// another kind's is refused (a run's manifest would replace a sweep's, and the files
// of both would sit side by side unexplained).
enum class FolderUse { Run, Sweep, Optimise, Sensitivity };

class OutputFolder {
  public:
    explicit OutputFolder(const std::filesystem::path& dir, FolderUse use);
    ~OutputFolder();
    OutputFolder(const OutputFolder&) = delete;
    OutputFolder& operator=(const OutputFolder&) = delete;
    const std::filesystem::path& path() const { return dir_; }

    // Writes a file under a temporary name in the folder, flushed to disk; nothing a
    // reader sees changes yet. Throws std::runtime_error (a full disk, say).
    void stage(const std::string& name, std::string_view content);
    // The same for a file written in pieces (too large to hold in memory).
    void stage(const std::string& name, std::unique_ptr<AtomicFile> file);

    // Makes what was staged visible, all together: the old manifest goes first (a
    // folder without one is unfinished), then the earlier outputs in `stale` this run
    // does not replace, then each staged file is renamed into place, the manifest
    // last. Every byte is on disk before the first rename, so a failure while writing
    // (a full disk, Ctrl-C) leaves the folder as it was, and only an interruption
    // between renames can leave it unfinished.
    void publish(const std::vector<std::string>& stale);

  private:
    std::filesystem::path dir_;
    int fd_ = -1;
    std::vector<std::pair<std::string, std::unique_ptr<AtomicFile>>> staged_;
};

} // namespace carecast::batch
