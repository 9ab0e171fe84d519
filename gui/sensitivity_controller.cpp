#include "sensitivity_controller.hpp"

namespace carecast::gui {

SensitivityController::~SensitivityController() {
    cancel();
    join();
}

void SensitivityController::join() {
    if (thread_.joinable()) {
        thread_.join();
    }
}

void SensitivityController::start(batch::SensitivityJob job) {
    cancel();
    join(); // the previous one stops between twin runs
    cancel_.store(false);
    running_.store(true);
    {
        const std::lock_guard lock(mutex_);
        error_.clear();
        progress_ = "starting";
    }
    job.stop = &cancel_;
    job.progress = [this](const std::string& text) {
        const std::lock_guard lock(mutex_);
        progress_ = text;
    };
    thread_ = std::thread([this, job] {
        try {
            auto result = std::make_shared<batch::SensitivityResult>(batch::run_sensitivity(job));
            const std::lock_guard lock(mutex_);
            if (!result->stopped) {
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

std::string SensitivityController::progress() const {
    const std::lock_guard lock(mutex_);
    return progress_;
}

std::shared_ptr<const batch::SensitivityResult> SensitivityController::outcome() const {
    const std::lock_guard lock(mutex_);
    return outcome_;
}

std::string SensitivityController::error() const {
    const std::lock_guard lock(mutex_);
    return error_;
}

} // namespace carecast::gui
