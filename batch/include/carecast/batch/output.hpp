// Writing a run's results: a tidy CSV and a JSON manifest, each written under a
// temporary name and renamed into place, so a reader never sees half a file.
#pragma once

#include <carecast/model/scenario.hpp>
#include <carecast/sim/results.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace carecast::batch {

// Whether a file's bytes are flushed to disk before it is renamed into place. Every
// output a person reads is. A file whose reader checks it against a hash recorded
// elsewhere (a sweep's point, checked on resume) need not be: one a crash cut short
// fails its check and is made again, and its flush cost a sweep of small points a
// tenth of its time.
enum class Durability { flushed, checked_on_read };

// A file written under a temporary name beside its final one and renamed into place
// on commit(); removed if never committed. The temporary is created exclusively and
// never through a link, so nothing planted at its name is written through.
class AtomicFile {
  public:
    // Throws std::runtime_error.
    explicit AtomicFile(std::filesystem::path path, Durability durability = Durability::flushed);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    void write(std::string_view bytes);
    // Writes at a position, leaving the file's own offset alone: threads may each fill
    // their own part of the file at once.
    void write_at(std::uint64_t offset, std::string_view bytes);
    // Flushes to disk (unless checked on read) and closes: every write error is known
    // here, before anything is renamed (so a full disk never replaces an earlier file).
    void close();
    void commit(); // close() if still open, then rename into place

  private:
    std::filesystem::path path_;
    std::filesystem::path temporary_;
    static constexpr std::uint64_t kWritebackBytes = 4 << 20;
    void start_writeback(std::uint64_t offset, std::uint64_t size) const;

    Durability durability_;
    int fd_ = -1;
    bool renamed_ = false;
    std::uint64_t written_ = 0; // by write(), from the start
    std::uint64_t sent_ = 0;    // of those, asked to go to disk already
};

// Writes `content` to `path` atomically; throws std::runtime_error naming the path.
void write_atomically(const std::filesystem::path& path, const std::string& content,
                      Durability durability = Durability::flushed);

// One value per row: month,area,role,metric,value. Areas include "England" (all),
// roles include each job role group ("group:direct care") and "all". The same rows as
// a stream: kResultsCsvHeader, then write_tidy_rows (tidy.hpp) with no selection.
inline constexpr std::string_view kResultsCsvHeader = "month,area,role,metric,value\n";
std::string results_csv(const model::Scenario& scenario, const sim::Results& results);

struct RunFacts {
    int threads = 1;
    double wall_seconds = 0;
    std::int64_t agents_start = 0;
    std::int64_t agents_end = 0;
};

nlohmann::json manifest(const model::Scenario& scenario, const sim::Results& results,
                        const RunFacts& facts, const std::string& csv_name);

} // namespace carecast::batch
