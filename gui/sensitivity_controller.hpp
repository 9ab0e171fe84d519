// The Sensitivity tab's work, off the GUI thread: carecast sensitivity on the working
// scenario (screening, Sobol' indices, the tornado's ends).
#pragma once

#include "background_job.hpp"

#include <carecast/batch/sensitivity.hpp>

namespace carecast::gui {

class SensitivityController : public BackgroundJob<batch::SensitivityResult> {
  public:
    void start(batch::SensitivityJob job);
};

} // namespace carecast::gui
