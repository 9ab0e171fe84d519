// Work off the GUI thread with progress, cancel and a published result: the Optimise
// and Sensitivity tabs' jobs. Starting again cancels the one in progress and waits for
// it to stop (each stops between model runs); an exception becomes the error shown.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace carecast::gui {

template <typename Result> class BackgroundJob {
  public:
    // The work: given the stop flag and a progress callback, the result, or nothing
    // when it was stopped.
    using Work = std::function<std::shared_ptr<const Result>(
        const std::atomic<bool>& stop, const std::function<void(const std::string&)>& progress)>;

    BackgroundJob() = default;
    ~BackgroundJob() {
        cancel();
        join();
    }
    BackgroundJob(const BackgroundJob&) = delete;
    BackgroundJob& operator=(const BackgroundJob&) = delete;

    void start(Work work) {
        cancel();
        join();
        cancel_.store(false);
        running_.store(true);
        {
            const std::lock_guard lock(mutex_);
            error_.clear();
            progress_ = "starting";
        }
        thread_ = std::thread([this, work = std::move(work)] {
            const auto progress = [this](const std::string& text) {
                const std::lock_guard lock(mutex_);
                progress_ = text;
                while (!progress_.empty() && progress_.back() == '\n') {
                    progress_.pop_back();
                }
            };
            try {
                auto result = work(cancel_, progress);
                const std::lock_guard lock(mutex_);
                if (result && !cancel_.load()) {
                    outcome_ = std::move(result);
                    progress_ = "done";
                } else {
                    progress_ = "cancelled";
                }
            } catch (const std::exception& e) {
                const std::lock_guard lock(mutex_);
                error_ = e.what();
            }
            running_.store(false);
        });
    }
    void cancel() { cancel_.store(true); }
    bool running() const { return running_.load(); }
    std::string progress() const {
        const std::lock_guard lock(mutex_);
        return progress_;
    }
    std::shared_ptr<const Result> outcome() const {
        const std::lock_guard lock(mutex_);
        return outcome_;
    }
    std::string error() const {
        const std::lock_guard lock(mutex_);
        return error_;
    }

  private:
    void join() {
        if (thread_.joinable()) {
            thread_.join();
        }
    }
    std::thread thread_;
    std::atomic<bool> running_{false};
    std::atomic<bool> cancel_{false};
    mutable std::mutex mutex_;
    std::string progress_;
    std::string error_;
    std::shared_ptr<const Result> outcome_;
};

} // namespace carecast::gui
