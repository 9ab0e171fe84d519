// The batch layer's parallel loops: a failure on a worker thread reaches the caller.
#include "parallel.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>

using carecast::batch::detail::parallel_for_each_index;
using carecast::batch::detail::parallel_ordered;

TEST_CASE("an exception on a worker thread is rethrown on the caller's thread") {
    // A replicate that throws (as the engine does in CARECAST_VALIDATE builds when the
    // accounting breaks): the process does not end; the caller gets the exception.
    std::atomic<int> ran{0};
    const auto replicate = [&](std::size_t i) {
        ++ran;
        if (i == 3) {
            throw std::logic_error("stock accounting broke at month 7");
        }
    };
    CHECK_THROWS_WITH(parallel_for_each_index(64, replicate, 4),
                      "stock accounting broke at month 7");
    CHECK(ran.load() >= 4);
    // One worker: the same, in order.
    ran = 0;
    CHECK_THROWS_AS(parallel_for_each_index(64, replicate, 1), std::logic_error);
    CHECK(ran.load() == 4);
}

TEST_CASE("the ordered pipeline rethrows a maker's exception too") {
    const auto make = [](std::size_t i) -> int {
        if (i == 5) {
            throw std::runtime_error("point 5 failed");
        }
        return static_cast<int>(i);
    };
    int taken = 0;
    CHECK_THROWS_WITH(parallel_ordered(
                          20, make, [&](std::size_t, int) { ++taken; }, 3),
                      "point 5 failed");
    CHECK(taken <= 5); // at most points 0-4, in order: the rest is abandoned
}
