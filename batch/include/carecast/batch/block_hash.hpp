// The FNV-1a hash of a file written in blocks, worked out on a thread of its own while
// the blocks are written: on the writing thread, hashing England's 24 MB results.csv
// took as long as formatting it, and was half the time from a run's end to its files.
#pragma once

#include <carecast/model/hash.hpp>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace carecast::batch {

class BlockHash {
  public:
    explicit BlockHash(std::uint64_t start = model::kFnv1aStart);
    ~BlockHash(); // stops the thread, whatever was handed to it
    BlockHash(const BlockHash&) = delete;
    BlockHash& operator=(const BlockHash&) = delete;

    // Hands on a copy of the next block; waits while kMaxWaiting blocks are waiting
    // (the text is never held whole).
    void add(std::string_view block);
    // The hash of every block added, once the thread has caught up.
    std::uint64_t finish();

  private:
    static constexpr std::size_t kMaxWaiting = 8;
    void hash_blocks();
    void close(); // no more blocks: the thread hashes those waiting and ends

    std::uint64_t hash_;
    std::deque<std::string> waiting_;
    bool closed_ = false;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::thread thread_;
};

} // namespace carecast::batch
