// Runs body(i) for i = 0..count-1 on plain threads (`workers` of them, 0: as many as
// the machine has cores; at most count), each taking the next index. Plain threads, not TBB's: the
// batch layer's own parallel loops stay visible to ThreadSanitizer (Debian's TBB is not
// instrumented).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace carecast::io::detail {

template <typename Body>
void parallel_for_each_index(std::size_t count, const Body& body, std::size_t workers = 0) {
    if (workers == 0) {
        workers = std::max(1u, std::thread::hardware_concurrency());
    }
    workers = std::min(workers, count);
    if (workers <= 1) {
        for (std::size_t i = 0; i < count; ++i) {
            body(i);
        }
        return;
    }
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> threads;
    for (std::size_t w = 0; w < workers; ++w) {
        threads.emplace_back([&] {
            for (std::size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) {
                body(i);
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
}

} // namespace carecast::io::detail
