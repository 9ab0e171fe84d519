// When someone leaves their job (other than by retiring): a monthly chance that changes
// when their first year in the sector ends and at each age break (leaving_by_age.hpp),
// inverted piece by piece from one keyed draw.
#pragma once

#include <carecast/sim/detail/random.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>

namespace carecast::sim::detail {

// A role's chances, by age segment and time in the sector: [2 * segment + newcomer],
// segment k lying below age_breaks[k] (months of age) and the last one above them all;
// per_logs holds 1 / log(1 - chance) of each.
struct LeavingChances {
    std::span<const std::int64_t> age_breaks;
    std::span<const double> chances;
    std::span<const double> per_logs;
};

// Whole months from now until the job is left; -1 for never. `newcomer_months` is how
// many of the coming months the person is still in their first year in the sector,
// `age_months` their age now; `retention` scales every chance (a programme's effect).
inline std::int64_t job_leaving_months(const LeavingChances& pieces, std::int64_t newcomer_months,
                                       std::int64_t age_months, double retention,
                                       std::uint32_t word) {
    const std::size_t breaks = pieces.age_breaks.size();
    std::size_t segment = 0;
    while (segment < breaks && age_months >= pieces.age_breaks[segment]) {
        ++segment;
    }
    double log_u = std::log(Random::uniform(word));
    std::int64_t offset = 0;
    for (;;) {
        const bool newcomer = offset < newcomer_months;
        std::int64_t length = newcomer ? newcomer_months - offset : INT64_MAX;
        if (segment < breaks) {
            length = std::min(length, pieces.age_breaks[segment] - age_months - offset);
        }
        const std::size_t k = 2 * segment + (newcomer ? 1 : 0);
        double chance = pieces.chances[k];
        double per_log = pieces.per_logs[k];
        if (retention != 1.0) {
            chance = std::min(1.0, chance * retention);
            per_log = Random::per_log_survival(chance);
        }
        if (chance >= 1) {
            return offset + 1;
        }
        if (chance > 0) {
            const double months = log_u * per_log;
            if (months < static_cast<double>(length)) {
                return months > 1e9 ? -1 : offset + 1 + static_cast<std::int64_t>(months);
            }
            log_u -= static_cast<double>(length) / per_log; // what the draw has left
        }
        if (length == INT64_MAX) {
            return -1;
        }
        offset += length;
        if (segment < breaks && age_months + offset >= pieces.age_breaks[segment]) {
            ++segment;
        }
    }
}

} // namespace carecast::sim::detail
