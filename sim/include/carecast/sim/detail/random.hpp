// Counter-based randomness: every draw is a pure function of (seed, replicate, who,
// month, purpose), so results never depend on threads or the order of work. One call
// gives four 32-bit words; an event takes all the words it needs from one call (a
// person set up, a move with its next leave, an application with its next one).
#pragma once

#include <Random123/philox.h>

#include <array>
#include <cmath>
#include <cstdint>

namespace carecast::sim::detail {

// Each value is part of every draw's key: a value never changes or is reused, or every
// result would change (unused ones stay reserved).
enum class Purpose : std::uint32_t {
    InitialAge = 1,   // with time in role and in the sector before month 0, and retirement
    InitialStart = 2, // first leave and first application of someone in post
    InitialQualifications = 3,
    Leave = 4,
    MoveOrExit = 5, // and, for a move, the next leave
    Apply = 6,
    ChooseEdge = 7, // and the tie-break and the next application
    Promotion = 8,  // the new role's leave and application
    Rank = 9,       // reserved: unused
    Completion = 10,
    Enrol = 11,
    NewHire = 12,           // age, retirement, first leave and first application
    FillableVacancies = 13, // reserved: the fill rate's rounding before matching
    EnrolListed = 14,
    ExternalFirst = 15, // reserved: before matching
    Matching = 16,      // a cell's month of hires: their rounding by source
};
static_assert(static_cast<std::uint32_t>(Purpose::Matching) < 256,
              "a purpose is one byte of the counter, beside the replicate");

class Random {
  public:
    Random(std::uint64_t seed, std::uint32_t replicate) {
        key_ = {{seed}};
        replicate_ = replicate; // below 2^24: shares a counter word with the purpose
    }

    [[gnu::always_inline]] std::array<std::uint32_t, 4>
    words(std::uint32_t who, int month, Purpose purpose, std::uint32_t extra = 0) const {
        const r123::Philox2x64::ctr_type counter{
            {who | std::uint64_t{static_cast<std::uint32_t>(month)} << 32,
             (static_cast<std::uint32_t>(purpose) | (replicate_ << 8)) | std::uint64_t{extra}
                                                                             << 32}};
        const auto out = philox_(counter, key_);
        return {static_cast<std::uint32_t>(out[0]), static_cast<std::uint32_t>(out[0] >> 32),
                static_cast<std::uint32_t>(out[1]), static_cast<std::uint32_t>(out[1] >> 32)};
    }

    // Uniform in the open interval (0, 1), from one 32-bit word.
    static double uniform(std::uint32_t word) { return (word + 0.5) * (1.0 / 4294967296.0); }

    // Whole months until an event with this monthly probability (>= 1), or -1 for never.
    static std::int64_t geometric_months(double monthly_probability, std::uint32_t word) {
        return geometric_months(monthly_probability, per_log_survival(monthly_probability), word);
    }
    // 1 / log(1 - p), the factor geometric_months uses: worked out once per rate where
    // the rate is shared by many people, so each draw multiplies instead of dividing.
    static double per_log_survival(double monthly_probability) {
        return monthly_probability > 0 && monthly_probability < 1
                   ? 1.0 / std::log1p(-monthly_probability)
                   : 0.0;
    }
    static std::int64_t geometric_months(double monthly_probability, double per_log_survival,
                                         std::uint32_t word) {
        if (monthly_probability <= 0) {
            return -1;
        }
        if (monthly_probability >= 1) {
            return 1;
        }
        const double months = std::log(uniform(word)) * per_log_survival;
        return months > 1e9 ? -1 : 1 + static_cast<std::int64_t>(months);
    }

  private:
    // Philox2x64-10: the same 128 bits a call as Philox4x32-10, the same ten rounds,
    // in half the multiplications (5.7 against 9.6 ns a call on this machine).
    r123::Philox2x64 philox_;
    r123::Philox2x64::key_type key_;
    std::uint32_t replicate_ = 0;
};

} // namespace carecast::sim::detail
