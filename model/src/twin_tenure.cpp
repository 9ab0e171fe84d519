// Months in the role per cell: who is past an edge's tenure and readiness bars.
#include "twin_run.hpp"

#include <algorithm>
#include <cmath>

namespace carecast::model::detail {

// Month 0: months in the role from the stationary tenure of the role's hazards, as the
// engine draws them (geometric in the chance of leaving the role in any way).
void TwinRun::set_up_tenure(const TwinMonth& first) {
    tenure.assign(cells * tenure_bins, 0.0);
    tenure_past.assign(cells * (tenure_bins + 1), 0.0);
    for (std::size_t cell = 0; cell < cells; ++cell) {
        const double leave = std::clamp(twin_.leave_role_[cell / areas], 0.0, 1.0);
        double staying = 1;
        for (std::size_t k = 0; k + 1 < tenure_bins; ++k) {
            tenure[cell * tenure_bins + k] = first.filled[cell] * staying * leave;
            staying *= 1 - leave;
        }
        tenure[cell * tenure_bins + tenure_bins - 1] = first.filled[cell] * staying;
    }
}

// People starting in the role (at no months), or joining it with its people's shape
// (movers, whose months in the role carry on).
void TwinRun::add_tenure(std::size_t cell, double people, bool as_the_role) {
    double* months = &tenure[cell * tenure_bins];
    if (!as_the_role) {
        months[0] += people;
        return;
    }
    double total = 0;
    for (std::size_t k = 0; k < tenure_bins; ++k) {
        total += months[k];
    }
    if (total <= 0) {
        months[0] += people;
        return;
    }
    for (std::size_t k = 0; k < tenure_bins; ++k) {
        months[k] += people * months[k] / total;
    }
}

// People leaving the role who had at least `from_month` months in it (promotions: only
// those past the bars apply), evenly across them; any more than there are, evenly
// across everyone.
void TwinRun::remove_tenure(std::size_t cell, double people, int from_month) {
    double* months = &tenure[cell * tenure_bins];
    const auto first = std::min(tenure_bins - 1, static_cast<std::size_t>(std::max(0, from_month)));
    double past = 0;
    double total = 0;
    for (std::size_t k = 0; k < tenure_bins; ++k) {
        total += months[k];
        past += k >= first ? months[k] : 0.0;
    }
    const double from_past = std::min(people, past);
    for (std::size_t k = first; k < tenure_bins && past > 0; ++k) {
        months[k] -= from_past * months[k] / past;
    }
    const double rest = people - from_past;
    if (rest > 0 && total - from_past > 0) {
        const double keep = std::max(0.0, 1 - rest / (total - from_past));
        for (std::size_t k = 0; k < tenure_bins; ++k) {
            months[k] *= keep;
        }
    }
}

} // namespace carecast::model::detail
