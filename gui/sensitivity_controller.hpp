// The Sensitivity tab's work, off the GUI thread: carecast sensitivity on the working
// scenario (screening, Sobol' indices, the tornado's ends). Cancel stops it between runs.
#pragma once

#include <carecast/batch/sensitivity.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace carecast::gui {

class SensitivityController {
  public:
    SensitivityController() = default;
    ~SensitivityController();
    SensitivityController(const SensitivityController&) = delete;
    SensitivityController& operator=(const SensitivityController&) = delete;

    void start(batch::SensitivityJob job); // cancels one in progress
    void cancel() { cancel_.store(true); }
    bool running() const { return running_.load(); }
    std::string progress() const;
    std::shared_ptr<const batch::SensitivityResult> outcome() const;
    std::string error() const;

  private:
    void join();
    std::thread thread_;
    std::atomic<bool> running_{false};
    std::atomic<bool> cancel_{false};
    mutable std::mutex mutex_;
    std::string progress_;
    std::string error_;
    std::shared_ptr<const batch::SensitivityResult> outcome_;
};

} // namespace carecast::gui
