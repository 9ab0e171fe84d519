// Long calls from Python: the work runs on its own thread with the GIL released, so
// other Python threads go on, while the calling thread wakes every tenth of a second,
// with the GIL, to report progress and look for Ctrl+C.
#pragma once

#include <pybind11/pybind11.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <future>
#include <optional>
#include <thread>

namespace carecast::python {

// `work(cancel, done)` returns the result; it stops early when `cancel` is set and
// counts its progress in `done` (of `total`). Ctrl+C, or an exception raised by the
// progress callback, sets `cancel` and is raised here once the work has stopped.
template <typename Result, typename Work>
Result run_in_background(Work&& work, int total, const pybind11::object& progress) {
    std::atomic<bool> cancel{false};
    std::atomic<int> done{0};
    std::promise<Result> promise;
    auto future = promise.get_future();
    std::thread worker([&] {
        try {
            promise.set_value(work(cancel, done));
        } catch (...) {
            promise.set_exception(std::current_exception());
        }
    });
    std::optional<pybind11::error_already_set> raised;
    for (;;) {
        bool ready = false;
        {
            pybind11::gil_scoped_release free;
            ready = future.wait_for(std::chrono::milliseconds(100)) == std::future_status::ready;
        }
        if (ready) {
            break;
        }
        if (raised) {
            continue; // stopping: wait for the work to notice
        }
        try {
            if (PyErr_CheckSignals() != 0) {
                throw pybind11::error_already_set();
            }
            if (!progress.is_none()) {
                progress(done.load(), total);
            }
        } catch (pybind11::error_already_set& error) {
            raised.emplace(std::move(error));
            cancel = true;
        }
    }
    worker.join();
    if (raised) {
        throw *raised;
    }
    Result result = future.get();
    if (!progress.is_none()) {
        progress(done.load(), total);
    }
    return result;
}

} // namespace carecast::python
