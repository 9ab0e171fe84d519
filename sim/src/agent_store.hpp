// People in paid adult social care: arrays split by how they are read (the month's
// scan reads one dense array; an event reads one record). A slot holds one person at a
// time; the stable id (never reused) keys that person's random streams.
#pragma once

#include <carecast/model/scenario.hpp>
#include <carecast/sim/detail/left_unwritten.hpp>

#include <atomic>
#include <cstdint>
#include <limits>
#include <type_traits>
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
    std::uint32_t id;            // 4 B: stable, never reused; keys the draws
    Month leave_month;           // 2 B: sector exit, move or retirement
    Month apply_month;           // 2 B: next application along a career edge
    Month programme_end;         // 2 B
    Month role_start;            // 2 B
    Month birth_month;           // 2 B
    Month sector_start;          // 2 B
    Month retire_month;          // 2 B: fixed once per person
    std::uint8_t role;           // 1 B
    std::uint8_t area;           // 1 B
    std::uint8_t flags;          // 1 B: AgentFlag bits
    std::uint8_t programme;      // 1 B: current or last programme
    std::uint8_t readiness_base; // 1 B: readiness when the role began, plus boosts
    std::uint8_t qualifications; // 1 B: bit per qualification
};
static_assert(sizeof(Person) == 24, "a person's record is 24 bytes");
// The limits the record and the engine's masks assume (scenario.hpp's, checked on reading).
static_assert(model::kMaxRoles <= 64, "a programme's eligible roles are one 64-bit mask");
static_assert(model::kMaxRoles < 0xFF, "a role is a byte; 0xFF is no role");
static_assert(model::kMaxAreas <= 0xFF, "an area is a byte");
static_assert(model::kMaxProgrammes < 0xFF, "a programme is a byte; 0xFF is none");
static_assert(model::kMaxQualifications <= 8, "qualifications are the bits of a byte");
static_assert(model::kMaxHorizonMonths + 100 * 12 < 32767,
              "months (a birth up to 100 years before the start, to the horizon) fit in 16 bits");
static_assert(std::is_trivially_default_constructible_v<Person>,
              "new slots are left unwritten until their person is set up");

// The array scanned for every person every month is dense on its own; the records the
// events touch are the other.
struct AgentStore {
    // Slots added by resize hold nothing until their person is set up, which writes
    // every field and the next event, on the thread that owns the slot's chunk: England's
    // 42 MB are first touched in parallel, not zeroed by one thread beforehand
    // (initialisation at 2 threads: 146 -> 140 ms).
    std::vector<Month, LeftUnwritten<Month>> next_event; // 2 B, hot: earliest event
    std::vector<Person, LeftUnwritten<Person>> person;   // 24 B, read and written at events
    // The id of the person seeking a post from this slot, or kNotSeeking: what a queue of
    // people between jobs checks its entries against. Read and written only through
    // std::atomic_ref, relaxed: one area's queue may hold a stale entry for a slot another
    // area's thread has since filled, and checking it must not touch that person.
    std::vector<std::uint32_t> seeking_id; // 4 B
    static constexpr std::uint32_t kNotSeeking = UINT32_MAX;
    // 30 bytes a person in all.

    static constexpr std::size_t kBytesPerAgent =
        sizeof(Month) + sizeof(Person) + sizeof(std::uint32_t);

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

    // The same for the entry a queue of people between jobs checks.
    [[gnu::always_inline]] void prefetch_seeking(std::size_t slot) const {
        if (slot < seeking_id.size()) {
            __builtin_prefetch(&seeking_id[slot]);
        }
    }

    void resize(std::size_t n) {
        next_event.resize(n);
        person.resize(n);
        seeking_id.resize(n, kNotSeeking);
    }

    void reserve(std::size_t n) {
        next_event.reserve(n);
        person.reserve(n);
        seeking_id.reserve(n);
    }

    // Whether the queue entry (slot, id) is someone still seeking a post from that slot.
    bool seeking(std::uint32_t slot, std::uint32_t id) const {
        return std::atomic_ref<const std::uint32_t>(seeking_id[slot])
                   .load(std::memory_order_relaxed) == id;
    }
    void set_seeking(std::uint32_t slot, std::uint32_t id) {
        std::atomic_ref<std::uint32_t>(seeking_id[slot]).store(id, std::memory_order_relaxed);
    }
};

} // namespace carecast::sim::detail
