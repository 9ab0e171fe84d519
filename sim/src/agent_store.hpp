// People in paid adult social care: arrays split by how they are read (the month's
// scan reads one dense array; an event reads one record). A slot holds one person at a
// time; the stable id (never reused) keys that person's random streams.
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

// Everything an event reads or writes about one person, in one 24-byte record: an
// event on a scattered person costs one or two cache lines, not one per field (a field
// per array, 14 lines an event, took England's 10 years 2.8 s at 1 thread against 1.7 s
// with the record: benchmarks/results/2026-11-23.md).
struct Person {
    std::uint32_t id = 0;            // 4 B: stable, never reused; keys the draws
    Month leave_month = kNever;      // 2 B: sector exit, move or retirement
    Month apply_month = kNever;      // 2 B: next application along a career edge
    Month programme_end = kNever;    // 2 B
    Month role_start = 0;            // 2 B
    Month birth_month = 0;           // 2 B
    Month sector_start = 0;          // 2 B
    Month retire_month = 0;          // 2 B: fixed once per person
    std::uint8_t role = 0;           // 1 B
    std::uint8_t area = 0;           // 1 B
    std::uint8_t flags = 0;          // 1 B: AgentFlag bits
    std::uint8_t programme = 0;      // 1 B: current or last programme
    std::uint8_t readiness_base = 0; // 1 B: readiness when the role began, plus boosts
    std::uint8_t qualifications = 0; // 1 B: bit per qualification
};
static_assert(sizeof(Person) == 24, "a person's record is 24 bytes");

// The array scanned for every person every month is dense on its own; the records the
// events touch are the other.
struct AgentStore {
    std::vector<Month> next_event; // 2 B, hot: earliest of leave, apply, programme end
    std::vector<Person> person;    // 24 B, read and written when an event is due
    // 26 bytes a person in all.

    static constexpr std::size_t kBytesPerAgent = sizeof(Month) + sizeof(Person);

    std::size_t slots() const { return next_event.size(); }

    // Asks for a person's record ahead of use: loops over scattered slots (movers,
    // leavers, people between jobs, appointees, hires, enrolment draws) otherwise wait
    // on a cache miss. A hint only: nothing depends on it.
    [[gnu::always_inline]] void prefetch(std::size_t slot) const {
        if (slot >= slots()) {
            return;
        }
        const char* record = reinterpret_cast<const char*>(&person[slot]);
        __builtin_prefetch(&next_event[slot], 1);
        __builtin_prefetch(record, 1);
        __builtin_prefetch(record + sizeof(Person) - 1, 1); // the record may span two lines
    }

    void resize(std::size_t n) {
        next_event.resize(n, kNever);
        person.resize(n);
    }

    void reserve(std::size_t n) {
        next_event.reserve(n);
        person.reserve(n);
    }
};

} // namespace carecast::sim::detail
