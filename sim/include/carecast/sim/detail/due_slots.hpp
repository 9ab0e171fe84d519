// Which people have an event this month: the scan's first pass over the dense
// next-event array, the one loop that reads every person every month.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace carecast::sim::detail {

// Appends to `due`, in increasing order, every i in [begin, end) with next[i] == now.
// A few people in a hundred are due in a month: sixteen are compared at once and the
// rest skipped, rather than a branch per person (one in 37 taken, unpredictably).
inline void list_due_slots(const std::int16_t* next, std::size_t begin, std::size_t end,
                           std::int16_t now, std::vector<std::uint32_t>& due) {
    std::size_t i = begin;
#if defined(__SSE2__)
    const __m128i wanted = _mm_set1_epi16(now);
    for (; i + 16 <= end; i += 16) {
        const __m128i low = _mm_loadu_si128(reinterpret_cast<const __m128i*>(next + i));
        const __m128i high = _mm_loadu_si128(reinterpret_cast<const __m128i*>(next + i + 8));
        const __m128i equal =
            _mm_packs_epi16(_mm_cmpeq_epi16(low, wanted), _mm_cmpeq_epi16(high, wanted));
        auto mask = static_cast<std::uint32_t>(_mm_movemask_epi8(equal)); // bit k: slot i + k
        while (mask != 0) {
            due.push_back(static_cast<std::uint32_t>(i) +
                          static_cast<std::uint32_t>(__builtin_ctz(mask)));
            mask &= mask - 1;
        }
    }
#endif
    for (; i < end; ++i) {
        if (next[i] == now) {
            due.push_back(static_cast<std::uint32_t>(i));
        }
    }
}

} // namespace carecast::sim::detail
