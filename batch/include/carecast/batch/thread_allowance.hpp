// Lets a front end run as many threads as its user asked for, past the core count too:
// TBB otherwise caps its workers at the cores, leaves the extra threads idle and
// prints a warning. Held for as long as the work runs.
#pragma once

#include <tbb/global_control.h>
#include <tbb/info.h>

#include <cstddef>
#include <optional>

namespace carecast::batch {

class ThreadAllowance {
  public:
    explicit ThreadAllowance(int asked) {
        if (asked > tbb::info::default_concurrency()) {
            control_.emplace(tbb::global_control::max_allowed_parallelism,
                             static_cast<std::size_t>(asked));
        }
    }

  private:
    std::optional<tbb::global_control> control_;
};

} // namespace carecast::batch
