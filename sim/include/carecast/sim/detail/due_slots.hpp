// Which people have an event this month: the scan's first pass over the dense
// next-event array, the one loop that reads every person every month.
#pragma once

#include <carecast/sim/detail/left_unwritten.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define CARECAST_DUE_SLOTS_AVX512 1
#endif

namespace carecast::sim::detail {

// The scan's own list: growing it writes nothing (every entry is written before use).
using DueList = std::vector<std::uint32_t, LeftUnwritten<std::uint32_t>>;

// Writes to out[0..] every i in [begin, end) with next[i] == now, in increasing order,
// and returns how many. A few people in a hundred are due in a month: sixteen are
// compared at once and the rest skipped, rather than a branch per person (one in 37
// taken, unpredictably). out must hold end - begin entries.
inline std::size_t list_due_slots_sse2(const std::int16_t* next, std::size_t begin, std::size_t end,
                                       std::int16_t now, std::uint32_t* out) {
    std::size_t count = 0;
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
            out[count++] =
                static_cast<std::uint32_t>(i) + static_cast<std::uint32_t>(__builtin_ctz(mask));
            mask &= mask - 1;
        }
    }
#endif
    for (; i < end; ++i) {
        out[count] = static_cast<std::uint32_t>(i);
        count += static_cast<std::size_t>(next[i] == now);
    }
    return count;
}

#if defined(CARECAST_DUE_SLOTS_AVX512)
// The same with AVX-512, where the processor has it: thirty-two compared at once, and
// the due ones' slot numbers packed into place sixteen at a time, with no branch on
// whether any is due (half the time of the loop above). out must hold end - begin + 16
// entries: each packing stores sixteen, of which only the due count.
[[gnu::target("avx512f,avx512bw")]] inline std::size_t
list_due_slots_avx512(const std::int16_t* next, std::size_t begin, std::size_t end,
                      std::int16_t now, std::uint32_t* out) {
    const __m512i wanted = _mm512_set1_epi16(now);
    const __m512i lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m512i sixteen = _mm512_set1_epi32(16);
    std::size_t count = 0;
    std::size_t i = begin;
    for (; i + 32 <= end; i += 32) {
        const __mmask32 due = _mm512_cmpeq_epi16_mask(_mm512_loadu_si512(next + i), wanted);
        const auto low = static_cast<__mmask16>(due);
        const auto high = static_cast<__mmask16>(due >> 16);
        const __m512i first = _mm512_add_epi32(lanes, _mm512_set1_epi32(static_cast<int>(i)));
        _mm512_storeu_si512(out + count, _mm512_maskz_compress_epi32(low, first));
        count += static_cast<std::size_t>(__builtin_popcount(low));
        _mm512_storeu_si512(out + count,
                            _mm512_maskz_compress_epi32(high, _mm512_add_epi32(first, sixteen)));
        count += static_cast<std::size_t>(__builtin_popcount(high));
    }
    for (; i < end; ++i) {
        out[count] = static_cast<std::uint32_t>(i);
        count += static_cast<std::size_t>(next[i] == now);
    }
    return count;
}

inline bool has_avx512bw() {
    static const bool yes = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
    return yes;
}
#endif

// Appends to `due`, in increasing order, every i in [begin, end) with next[i] == now,
// with AVX-512 where the processor has it and SSE2 otherwise (the same list).
template <class Allocator>
void list_due_slots(const std::int16_t* next, std::size_t begin, std::size_t end, std::int16_t now,
                    std::vector<std::uint32_t, Allocator>& due) {
    const std::size_t before = due.size();
    due.resize(before + (end - begin) + 16);
    std::size_t count = 0;
#if defined(CARECAST_DUE_SLOTS_AVX512)
    if (has_avx512bw()) {
        count = list_due_slots_avx512(next, begin, end, now, due.data() + before);
    } else {
        count = list_due_slots_sse2(next, begin, end, now, due.data() + before);
    }
#else
    count = list_due_slots_sse2(next, begin, end, now, due.data() + before);
#endif
    due.resize(before + count);
}

} // namespace carecast::sim::detail
