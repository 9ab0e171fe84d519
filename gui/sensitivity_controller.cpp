#include "sensitivity_controller.hpp"

namespace carecast::gui {

void SensitivityController::start(batch::SensitivityJob job) {
    BackgroundJob::start(
        [job = std::move(job)](const std::atomic<bool>& stop, const auto& progress) mutable
        -> std::shared_ptr<const batch::SensitivityResult> {
            job.stop = &stop;
            job.progress = progress;
            auto result = std::make_shared<batch::SensitivityResult>(batch::run_sensitivity(job));
            return result->stopped ? nullptr : result;
        });
}

} // namespace carecast::gui
