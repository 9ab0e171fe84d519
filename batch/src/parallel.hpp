// Runs body(i) for i = 0..count-1 on plain threads (`workers` of them, 0: as many as
// the machine has cores; at most count), each taking the next index. Plain threads, not
// TBB's: the batch layer's own parallel loops stay visible to ThreadSanitizer (Debian's
// TBB is not instrumented). If a body throws, no new index is started, and the first
// exception is rethrown here, on the caller's thread (an exception leaving a thread
// would end the process).
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace carecast::batch::detail {

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
    std::mutex mutex;
    std::exception_ptr failure;
    std::vector<std::thread> threads;
    for (std::size_t w = 0; w < workers; ++w) {
        threads.emplace_back([&] {
            for (std::size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) {
                try {
                    body(i);
                } catch (...) {
                    const std::lock_guard lock(mutex);
                    if (!failure) {
                        failure = std::current_exception();
                    }
                    next.store(count); // the others stop at their next index
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    if (failure) {
        std::rethrow_exception(failure);
    }
}

// An ordered pipeline: make(i) for i = 0..count-1 on `workers` plain threads (0: as
// many as the machine has cores), and take(i, made) on the calling thread in order of
// i, as each is ready; at most two per worker made and not yet taken (bounded memory).
// Serial work (writing, hashing) overlaps the parallel making. If make or take throws,
// the rest is abandoned and the first exception rethrown here.
template <typename Make, typename Take>
void parallel_ordered(std::size_t count, const Make& make, const Take& take,
                      std::size_t workers = 0) {
    using Made = decltype(make(std::size_t{0}));
    if (workers == 0) {
        workers = std::max(1u, std::thread::hardware_concurrency());
    }
    workers = std::min(workers, count);
    if (workers <= 1) {
        for (std::size_t i = 0; i < count; ++i) {
            take(i, make(i));
        }
        return;
    }
    const std::size_t window = 2 * workers;
    std::vector<std::optional<Made>> ready(window); // index i waits at i % window
    std::mutex mutex;
    std::condition_variable made_one; // the taker waits for the next index
    std::condition_variable took_one; // makers wait for room in the window
    std::size_t next_to_make = 0;
    std::size_t taken = 0;
    bool stop = false;
    std::exception_ptr failure;
    std::vector<std::thread> threads;
    for (std::size_t w = 0; w < workers; ++w) {
        threads.emplace_back([&] {
            while (true) {
                std::size_t i = 0;
                {
                    std::unique_lock lock(mutex);
                    took_one.wait(lock, [&] {
                        return stop || next_to_make >= count || next_to_make < taken + window;
                    });
                    if (stop || next_to_make >= count) {
                        return;
                    }
                    i = next_to_make++;
                }
                try {
                    Made result = make(i);
                    const std::lock_guard lock(mutex);
                    ready[i % window].emplace(std::move(result));
                } catch (...) {
                    const std::lock_guard lock(mutex);
                    stop = true;
                    if (!failure) {
                        failure = std::current_exception();
                    }
                }
                made_one.notify_one();
            }
        });
    }
    for (std::size_t i = 0; i < count; ++i) {
        std::optional<Made> result;
        {
            std::unique_lock lock(mutex);
            made_one.wait(lock, [&] { return stop || ready[i % window].has_value(); });
            if (stop) {
                break;
            }
            result.swap(ready[i % window]);
        }
        bool take_failed = false;
        try {
            take(i, std::move(*result));
        } catch (...) {
            take_failed = true;
            const std::lock_guard lock(mutex);
            stop = true;
            if (!failure) {
                failure = std::current_exception();
            }
        }
        {
            const std::lock_guard lock(mutex);
            ++taken;
        }
        took_one.notify_all();
        if (take_failed) {
            break;
        }
    }
    {
        const std::lock_guard lock(mutex);
        stop = true;
    }
    took_one.notify_all();
    for (auto& thread : threads) {
        thread.join();
    }
    if (failure) {
        std::rethrow_exception(failure);
    }
}

} // namespace carecast::batch::detail
