// People in paid adult social care, structure-of-arrays. A slot holds one person
// at a time; the stable id (never reused) keys that person's random streams.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace carecast::sim::detail {

using Month = std::int16_t; // months from the scenario start; kNever = no event
inline constexpr Month kNever = std::numeric_limits<Month>::max();

enum AgentFlag : std::uint8_t {
    kAlive = 1 << 0,
    kEnrolled = 1 << 1, // in a programme now
    kTrained = 1 << 2,  // completed a programme
    kRetained = 1 << 3, // retention effect of a programme until the next job change
    kRetiring = 1 << 4, // the scheduled leave is a retirement
    kSeeking = 1 << 5,  // changed employer and is between jobs: not in post
};

struct AgentStore {
    // Hot: read for every person every month.
    std::vector<Month> next_event;  // 2 B: earliest of leave, apply, programme end
    std::vector<std::uint8_t> role; // 1 B
    // Warm: read when an event is due, or for feeder roles' bench strength.
    std::vector<std::uint8_t> area;           // 1 B
    std::vector<std::uint8_t> flags;          // 1 B: AgentFlag bits
    std::vector<std::uint8_t> programme;      // 1 B: current or last programme
    std::vector<Month> leave_month;           // 2 B: sector exit, move or retirement
    std::vector<Month> apply_month;           // 2 B: next application along a career edge
    std::vector<Month> programme_end;         // 2 B
    std::vector<Month> role_start;            // 2 B
    std::vector<std::uint8_t> readiness_base; // 1 B: readiness when the role began, plus boosts
    std::vector<std::uint8_t> qualifications; // 1 B: bit per qualification
    // Cold: read at job changes only.
    std::vector<std::uint32_t> id;   // 4 B
    std::vector<Month> birth_month;  // 2 B
    std::vector<Month> sector_start; // 2 B
    std::vector<Month> retire_month; // 2 B: fixed once per person
    // 26 bytes a person in all.

    static constexpr std::size_t kBytesPerAgent =
        sizeof(Month) * 8 + sizeof(std::uint8_t) * 6 + sizeof(std::uint32_t);

    std::size_t slots() const { return next_event.size(); }

    // Asks for a person's record ahead of use: loops over scattered slots (movers,
    // leavers, people between jobs, appointees, hires, enrolment draws) otherwise wait
    // on a cache miss in each array in turn (about 5% of a run). A hint only: nothing
    // depends on it.
    void prefetch(std::size_t slot) const {
        if (slot >= slots()) {
            return;
        }
        __builtin_prefetch(&next_event[slot], 1);
        __builtin_prefetch(&role[slot], 1);
        __builtin_prefetch(&area[slot], 1);
        __builtin_prefetch(&flags[slot], 1);
        __builtin_prefetch(&programme[slot], 1);
        __builtin_prefetch(&leave_month[slot], 1);
        __builtin_prefetch(&apply_month[slot], 1);
        __builtin_prefetch(&programme_end[slot], 1);
        __builtin_prefetch(&role_start[slot], 1);
        __builtin_prefetch(&readiness_base[slot], 1);
        __builtin_prefetch(&qualifications[slot], 1);
        __builtin_prefetch(&id[slot], 1);
        __builtin_prefetch(&birth_month[slot], 1);
        __builtin_prefetch(&sector_start[slot], 1);
        __builtin_prefetch(&retire_month[slot], 1);
    }

    void resize(std::size_t n) {
        next_event.resize(n, kNever);
        role.resize(n);
        area.resize(n);
        flags.resize(n);
        programme.resize(n);
        leave_month.resize(n, kNever);
        apply_month.resize(n, kNever);
        programme_end.resize(n, kNever);
        role_start.resize(n);
        readiness_base.resize(n);
        qualifications.resize(n);
        id.resize(n);
        birth_month.resize(n);
        sector_start.resize(n);
        retire_month.resize(n);
    }

    void reserve(std::size_t n) {
        next_event.reserve(n);
        role.reserve(n);
        area.reserve(n);
        flags.reserve(n);
        programme.reserve(n);
        leave_month.reserve(n);
        apply_month.reserve(n);
        programme_end.reserve(n);
        role_start.reserve(n);
        readiness_base.reserve(n);
        qualifications.reserve(n);
        id.reserve(n);
        birth_month.reserve(n);
        sector_start.reserve(n);
        retire_month.reserve(n);
    }
};

} // namespace carecast::sim::detail
