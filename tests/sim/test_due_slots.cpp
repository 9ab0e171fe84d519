// The scan's first pass: the due slots listed sixteen (SSE2) or thirty-two (AVX-512) at a
// time are the ones a plain loop finds.
#include <carecast/sim/detail/due_slots.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <vector>

using carecast::sim::detail::list_due_slots;

namespace {

std::vector<std::uint32_t> one_by_one(const std::vector<std::int16_t>& next, std::size_t begin,
                                      std::size_t end, std::int16_t now) {
    std::vector<std::uint32_t> due;
    for (std::size_t i = begin; i < end; ++i) {
        if (next[i] == now) {
            due.push_back(static_cast<std::uint32_t>(i));
        }
    }
    return due;
}

} // namespace

TEST_CASE("the due slots are exactly those whose next event is this month, in order") {
    // Months that differ from `now` in one byte only, the never-month, negative months
    // and ranges that start and end off a block of sixteen.
    const std::int16_t now = 0x0107;
    std::vector<std::int16_t> next(203);
    for (std::size_t i = 0; i < next.size(); ++i) {
        const std::int16_t others[] = {
            0x0007, 0x0106, 0x0207, std::numeric_limits<std::int16_t>::max(), -1, 0};
        next[i] = (i * 7) % 5 == 0 || i % 16 == 15 ? now : others[i % 6];
    }
    for (std::size_t begin : {std::size_t{0}, std::size_t{1}, std::size_t{15}, std::size_t{16}}) {
        for (std::size_t end : {std::size_t{16}, std::size_t{17}, std::size_t{200}, next.size()}) {
            std::vector<std::uint32_t> due;
            list_due_slots(next.data(), begin, end, now, due);
            CHECK(due == one_by_one(next, begin, end, now));
        }
    }
    std::vector<std::uint32_t> due{99};
    list_due_slots(next.data(), 3, 3, now, due);
    CHECK(due == std::vector<std::uint32_t>{99}); // appends; an empty range adds nothing
    std::vector<std::int16_t> all(40, now);
    due.clear();
    list_due_slots(all.data(), 0, all.size(), now, due);
    CHECK(due.size() == 40);
    CHECK(due.back() == 39);
}

TEST_CASE("both ways of listing due slots give the plain loop's list") {
    // Each path on its own (the engine takes AVX-512 where the processor has it), over
    // blocks of 32 with none, one, some and all due, and ranges off a block's edges.
    const std::int16_t now = 0x0203;
    std::vector<std::int16_t> next(1000);
    for (std::size_t i = 0; i < next.size(); ++i) {
        const std::size_t block = i / 32;
        const bool due = block % 4 == 1   ? i % 32 == 7
                         : block % 4 == 2 ? (i * 13) % 7 < 3
                         : block % 4 == 3 ? true
                                          : false;
        next[i] = due ? now : static_cast<std::int16_t>(now ^ (1 << (i % 16)));
    }
    for (std::size_t begin : {std::size_t{0}, std::size_t{5}, std::size_t{32}, std::size_t{33}}) {
        for (std::size_t end : {std::size_t{64}, std::size_t{95}, std::size_t{999}, next.size()}) {
            const auto expected = one_by_one(next, begin, end, now);
            std::vector<std::uint32_t> out(end - begin + 16);
            const auto count = carecast::sim::detail::list_due_slots_sse2(next.data(), begin, end,
                                                                          now, out.data());
            CHECK(std::vector<std::uint32_t>(out.begin(), out.begin() + count) == expected);
#if defined(CARECAST_DUE_SLOTS_AVX512)
            if (carecast::sim::detail::has_avx512bw()) {
                const auto wide = carecast::sim::detail::list_due_slots_avx512(
                    next.data(), begin, end, now, out.data());
                CHECK(std::vector<std::uint32_t>(out.begin(), out.begin() + wide) == expected);
            }
#endif
        }
    }
#if defined(CARECAST_DUE_SLOTS_AVX512)
    if (!carecast::sim::detail::has_avx512bw()) {
        WARN("this processor has no AVX-512BW: only the SSE2 path was checked");
    }
#else
    WARN("built without the AVX-512 path: only the SSE2 path was checked");
#endif
}
