// Counter-based randomness: every draw is a pure function of (seed, replicate, who,
// month, purpose), so results never depend on threads or the order of work.
#pragma once

#include <Random123/philox.h>

#include <array>
#include <cmath>
#include <cstdint>

namespace carecast::sim::detail {

enum class Purpose : std::uint32_t {
    InitialAge = 1,
    InitialTenure,
    InitialQualifications,
    Retirement,
    Leave,
    MoveOrExit,
    Apply,
    ChooseEdge,
    Rank,
    Completion,
    Enrol,
    NewAge,
    FillableVacancies,
    EnrolListed,
    ExternalFirst,
};

class Random {
  public:
    Random(std::uint64_t seed, std::uint32_t replicate) {
        key_ = {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
        replicate_ = replicate; // below 2^24: shares a counter word with the purpose
    }

    [[gnu::always_inline]] std::array<std::uint32_t, 4>
    words(std::uint32_t who, int month, Purpose purpose, std::uint32_t extra = 0) const {
        const r123::Philox4x32::ctr_type counter{
            {who, static_cast<std::uint32_t>(month),
             static_cast<std::uint32_t>(purpose) | (replicate_ << 8), extra}};
        const auto out = philox_(counter, key_);
        return {out[0], out[1], out[2], out[3]};
    }

    // Uniform in the open interval (0, 1), from one 32-bit word.
    static double uniform(std::uint32_t word) { return (word + 0.5) * (1.0 / 4294967296.0); }

    // Whole months until an event with this monthly probability (>= 1), or -1 for never.
    static std::int64_t geometric_months(double monthly_probability, std::uint32_t word) {
        return geometric_months(monthly_probability, log_survival(monthly_probability), word);
    }
    // log(1 - p), the same value geometric_months uses: computed once per rate where
    // the rate is shared by many people.
    static double log_survival(double monthly_probability) {
        return monthly_probability > 0 && monthly_probability < 1 ? std::log1p(-monthly_probability)
                                                                  : 0.0;
    }
    static std::int64_t geometric_months(double monthly_probability, double log_survival,
                                         std::uint32_t word) {
        if (monthly_probability <= 0) {
            return -1;
        }
        if (monthly_probability >= 1) {
            return 1;
        }
        const double months = std::log(uniform(word)) / log_survival;
        return months > 1e9 ? -1 : 1 + static_cast<std::int64_t>(months);
    }

  private:
    r123::Philox4x32 philox_;
    r123::Philox4x32::key_type key_;
    std::uint32_t replicate_ = 0;
};

} // namespace carecast::sim::detail
