// An output folder held by one run or sweep at a time.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace carecast::io {

// Creates the folder (refusing an empty path or a file in its place) and takes its
// lock: `.carecast.lock` held with flock(), so a second run or sweep into the same
// folder is refused at once, and a killed one's lock goes with its process. Holding
// the lock, it removes the `*.partial-*` temporaries killed runs left behind. Throws
// std::runtime_error with a message for the user.
class OutputFolder {
  public:
    explicit OutputFolder(const std::filesystem::path& dir);
    ~OutputFolder();
    OutputFolder(const OutputFolder&) = delete;
    OutputFolder& operator=(const OutputFolder&) = delete;
    const std::filesystem::path& path() const { return dir_; }

    // Before new outputs are written: removes the old manifest (so a run that fails
    // midway leaves a folder with no manifest: unfinished) and the earlier outputs in
    // `stale` this run will not replace, so files of two runs never sit together.
    void begin(const std::vector<std::string>& stale) const;

  private:
    std::filesystem::path dir_;
    int fd_ = -1;
};

} // namespace carecast::io
