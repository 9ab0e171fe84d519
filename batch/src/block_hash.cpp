#include <carecast/batch/block_hash.hpp>

namespace carecast::batch {

BlockHash::BlockHash(std::uint64_t start) : hash_(start), thread_([this] { hash_blocks(); }) {}

BlockHash::~BlockHash() {
    close();
}

void BlockHash::close() {
    {
        const std::lock_guard lock(mutex_);
        closed_ = true;
    }
    changed_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void BlockHash::add(std::string_view block) {
    std::string copy(block);
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return waiting_.size() < kMaxWaiting; });
    waiting_.push_back(std::move(copy));
    lock.unlock();
    changed_.notify_all();
}

std::uint64_t BlockHash::finish() {
    close();
    return hash_;
}

// Blocks in the order added; the hash is read only after the thread is joined.
void BlockHash::hash_blocks() {
    std::uint64_t hash = hash_;
    while (true) {
        std::string block;
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [&] { return closed_ || !waiting_.empty(); });
            if (waiting_.empty()) {
                break; // closed, and every block hashed
            }
            block = std::move(waiting_.front());
            waiting_.pop_front();
        }
        changed_.notify_all();
        hash = model::fnv1a(block, hash);
    }
    hash_ = hash;
}

} // namespace carecast::batch
