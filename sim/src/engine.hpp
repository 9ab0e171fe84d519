// The monthly engine behind Simulation. Each month: a parallel scan computes every
// due event from const rules and keyed randomness and applies each person's departures
// at once, counting on its worker's own counters (integer sums) and listing movers and
// leavers per chunk, which are then taken in chunk order; enrolment's draws are judged
// in parallel and taken in draw order; vacancies are filled per area (areas exchange
// nobody within a month). Results never depend on the thread count.
#pragma once

#include <carecast/model/demand.hpp>
#include <carecast/model/retirement.hpp>
#include <carecast/model/scenario.hpp>
#include <carecast/model/training_plan.hpp>
#include <carecast/sim/detail/due_slots.hpp>
#include <carecast/sim/detail/random.hpp>
#include <carecast/sim/simulation.hpp>

#include "agent_store.hpp"

#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <deque>
#include <numeric>
#include <optional>
#include <span>
#include <thread>
#include <type_traits>

#include <cstdint>
#include <vector>

namespace carecast::sim {

namespace detail {

inline constexpr std::uint8_t kNoRole = 0xFF;
inline constexpr std::uint8_t kNoProgramme = 0xFF;
// How far ahead loops over scattered people ask for the next records.
inline constexpr std::size_t kPrefetchAhead = 8;
// Fixed chunking of slots: the unit of parallel work and of deterministic merging.
inline constexpr std::size_t kChunkSlots = 1 << 15;

// Someone applying along a career edge this month. An area ranks its applicants by
// the fill rank of the role applied for, then the trained first, then the most ready,
// then a keyed random tie-break (then slot): all but the slot in one key, worked out
// when they apply, so the sort compares two numbers and looks nothing up.
struct Applicant {
    std::uint64_t rank_key;
    std::uint32_t slot;
    std::uint16_t edge;

    static std::uint64_t key(int fill_rank, bool trained, std::uint8_t readiness,
                             std::uint32_t tie_break) {
        return static_cast<std::uint64_t>(fill_rank) << 41 |
               static_cast<std::uint64_t>(trained ? 0 : 1) << 40 |
               static_cast<std::uint64_t>(255 - readiness) << 32 | tie_break;
    }
    int fill_rank() const { return static_cast<int>(rank_key >> 41); }
    bool operator<(const Applicant& other) const {
        return rank_key != other.rank_key ? rank_key < other.rank_key : slot < other.slot;
    }
};

// Someone between jobs, waiting for a post in their role and area.
struct Seeker {
    std::uint32_t slot;
    std::uint32_t id;       // the slot may be reused once they leave the sector
    std::int16_t available; // month they can start
};

// One kind of a chunk's events, in slot order (`all`) and grouped by area, keeping
// slot order within each area (`by_area`, area a's at [begin[a], begin[a + 1])): each
// area's task reads only its own, in the order a single thread would.
template <typename Event> struct EventList {
    std::vector<Event> all;
    std::vector<Event> by_area;
    std::vector<std::uint32_t> begin;
    template <typename AreaOf> void group(std::size_t areas, const AreaOf& area_of) {
        begin.assign(areas + 1, 0);
        for (const Event& e : all) {
            ++begin[area_of(e) + 1];
        }
        std::partial_sum(begin.begin(), begin.end(), begin.begin());
        by_area.resize(all.size());
        std::vector<std::uint32_t> next(begin.begin(), begin.end() - 1);
        for (const Event& e : all) {
            by_area[next[area_of(e)]++] = e;
        }
    }
    // Area a's events (empty before the first grouping).
    std::span<const Event> in(std::size_t a) const {
        if (begin.empty()) {
            return {};
        }
        return std::span<const Event>(by_area).subspan(begin[a], begin[a + 1] - begin[a]);
    }
    void clear() {
        all.clear();
        by_area.clear();
        std::fill(begin.begin(), begin.end(), 0);
    }
};

// Someone who changed employer this month and now seeks a post in their cell (a tally).
struct NewSeeker {
    std::uint32_t tally;
    Seeker seeker;
};

struct ChunkEvents {
    std::vector<std::uint32_t> exits; // slots leaving the sector (or retiring), in order
    std::vector<NewSeeker> seekers;   // movers, in slot order: queued after the scan
    EventList<Applicant> applicants;
    DueList due; // this month's due slots, in order (the scan's own)
    void clear();
};

// What the scan's departures count for the results, per tally, on one worker.
struct DepartureCounts {
    std::int64_t moved = 0;
    std::int64_t newcomer_job_leavers = 0;
    std::int64_t completions = 0;
    std::int64_t left_between_jobs = 0;
    std::int64_t retired = 0;
    std::int64_t exits = 0;
};

inline constexpr std::size_t kCensusThresholds = 4;

// Where counting goes: the engine's counters, or a worker's own, added into the
// engine's after the scan. Every count is an integer sum, so the totals never depend on
// which worker counted what, nor on the thread count.
struct Counters {
    std::int64_t* filled = nullptr; // per tally
    std::int64_t* trained = nullptr;
    std::int64_t* between_jobs = nullptr;
    std::int64_t* ready_now = nullptr;   // per tally of a leadership role
    std::int64_t* ready_later = nullptr; // per (month, tally)
    std::array<std::int64_t*, kCensusThresholds> census_now{};
    std::array<std::int64_t*, kCensusThresholds> census_later{};
    std::int64_t* birth_month_sum = nullptr;
};

// A worker's own counters while the scan runs (workers after the first; the first
// counts straight into the engine's).
struct WorkerCounters {
    std::vector<std::int64_t> filled, trained, between_jobs, ready_now, ready_later,
        birth_month_sum;
    std::array<std::vector<std::int64_t>, kCensusThresholds> census_now, census_later;
    void assign(std::size_t tallies, std::size_t later_months, std::size_t ready_months);
    Counters view();
};

// Per-role rules derived once from the scenario.
struct RoleRules {
    std::vector<std::uint16_t> out_edges;
    std::vector<std::uint16_t> leadership_edges; // out-edges into leadership roles
    double leave_hazard = 0; // monthly, non-retirement, after the first year, on average
    // The monthly chance of leaving the job other than by retiring, by age segment
    // (between the engine's leaving age breaks) and time in the sector:
    // [2 * segment + newcomer] (leaving_by_age.hpp); and 1 / log(1 - chance) of each.
    std::vector<double> leave_chances;
    std::vector<double> per_log_stays;
    double apply_rate = 0;        // all out-edges together, for someone not trained
    double per_log_not_apply = 0; // 1 / log(1 - min(apply_rate, 1))
    double within_sector_share = 0;
    int min_months_to_apply = 0;
    bool senior_entry = false;         // external hires drawn from the role's own age profile
    double leave_role = 0;             // monthly: leaving the role in any way, retiring included
    double leave_sector = 0;           // monthly: leaving the sector, retiring included
    double per_log_stay_in_role = 0;   // 1 / log(1 - leave_role)
    double per_log_stay_in_sector = 0; // 1 / log(1 - leave_sector)
};

} // namespace detail

// What Simulation::month_zero keeps: the people and every count the set-up makes, and
// the scenario they were set up for (less what may differ: people_key, engine.cpp).
class MonthZero {
  public:
    model::Scenario scenario;
    std::uint32_t replicate = 0;
    detail::AgentStore store;
    std::uint32_t next_id = 0;
    std::vector<std::int64_t> filled;
    std::vector<std::int64_t> trained;
    std::vector<std::int64_t> between_jobs;
    std::vector<std::vector<detail::Seeker>> seekers;
    std::vector<std::size_t> seeker_head;
    std::vector<std::int64_t> ready_now;
    std::vector<std::int64_t> ready_later;
    std::array<std::vector<std::int64_t>, detail::kCensusThresholds> census_now;
    std::array<std::vector<std::int64_t>, detail::kCensusThresholds> census_later;
    std::vector<std::int64_t> birth_month_sum;
};

struct Simulation::Engine {
    // Sets the people up, or (start not null) starts from those of another run.
    Engine(const model::Scenario& scenario, const RunConfig& config,
           const MonthZero* start = nullptr);
    std::shared_ptr<const MonthZero> month_zero() const;

    void step();
    void build_rules();
    void enter_epoch(int month, const model::Scenario& next);
    std::int64_t agents() const;

    model::Scenario scenario; // the run's own frozen copy
    RunConfig config;
    detail::Random random;
    tbb::task_arena arena;
    detail::AgentStore store;
    std::vector<detail::RoleRules> rules;
    std::optional<model::RetirementSchedule> retirement; // set with the rules
    std::vector<std::int64_t> leaving_break_months;      // ages (months) where leaving changes
    model::DemandPath demand;
    PhaseTimes times;
    Results results;
    int month = 0;

  private:
    // A (role, area) cell as the scenario indexes it (role-major): rules, rates, keys.
    std::size_t cell(std::size_t role, std::size_t area) const {
        return role * scenario.areas.size() + area;
    }
    // The same cell in the engine's own counters, which areas' tasks write at once:
    // area-major, so each area writes its own cache lines (role-major, every area's
    // count of a role shared one line, and the threads took it from each other).
    std::size_t tally(std::size_t role, std::size_t area) const {
        return area * scenario.roles.size() + role;
    }
    const detail::RoleRules& rule_of(std::uint32_t slot) const {
        return rules[cell(store.person[slot].role, store.person[slot].area)];
    }
    void create_initial_population();
    void start_from(const MonthZero& start);
    template <typename Kept, typename Run, typename Copy>
    static void each_count(Kept& kept, Run& engine, const Copy& copy);
    void order_areas_by_size();
    void initialise_person(std::uint32_t slot, int role, int area);

    // Runs body(task) for task = 0..count-1 in parallel in the run's arena. Tasks must
    // touch disjoint state; which thread runs which task never matters. Each free thread
    // takes the next task in order, so tasks listed largest first end together.
    template <typename Body> void for_each_task(std::size_t count, const Body& body) {
        if (count == 0) {
            return;
        }
        const auto threads = static_cast<std::size_t>(std::max(1, config.threads));
        // body(task) or body(task, worker): a worker is one of the at most `threads`
        // loops running at once (0 the caller's), for state of its own.
        const auto run = [&](std::size_t task, std::size_t worker) {
            if constexpr (std::is_invocable_v<const Body&, std::size_t, std::size_t>) {
                body(task, worker);
            } else {
                body(task);
            }
        };
        if (count == 1 || threads == 1) {
            // One thread (each replicate of an ensemble): no dispatch to pay for, a cost
            // that shows on small areas' runs, with several parallel loops a month.
            for (std::size_t task = 0; task < count; ++task) {
                run(task, 0);
            }
            return;
        }
        std::atomic<std::size_t> next{0};
        const auto drain = [&](std::size_t worker) {
            for (std::size_t task = next++; task < count; task = next++) {
                run(task, worker);
            }
        };
        const std::size_t helpers = std::min(count, threads) - 1;
#ifdef CARECAST_PLAIN_THREADS
        // Under ThreadSanitizer: plain threads, whose start and join it sees (Debian's
        // TBB is not instrumented), so the engine's own parallel loops are checked.
        std::vector<std::thread> pool;
        for (std::size_t h = 0; h < helpers; ++h) {
            pool.emplace_back(drain, h + 1);
        }
        drain(0);
        for (auto& thread : pool) {
            thread.join();
        }
#else
        arena.execute([&] {
            tbb::task_group group;
            for (std::size_t h = 0; h < helpers; ++h) {
                group.run([&drain, h] { drain(h + 1); });
            }
            drain(0);
            group.wait();
        });
#endif
    }

    // Runs body(area) for every area in parallel, the largest first: the areas are the
    // month's units of applying and filling, and of unequal size (England's largest
    // region holds nearly three times its smallest's people); taken in index order, a
    // large area taken last kept one thread busy alone.
    template <typename Body> void for_each_area(const Body& body) {
        for_each_task(area_order_.size(), [&](std::size_t i) { body(area_order_[i]); });
    }

    // Runs body(chunk, first slot, end slot) for each fixed chunk of `slots`, in
    // parallel; whatever the threads, a chunk is the same slots. A body taking a fourth
    // argument is told its worker (for_each_task).
    template <typename Body> void for_each_chunk(std::size_t slots, const Body& body) {
        const std::size_t chunk_count = (slots + detail::kChunkSlots - 1) / detail::kChunkSlots;
        for_each_task(chunk_count, [&](std::size_t c, std::size_t worker) {
            const std::size_t begin = c * detail::kChunkSlots;
            const std::size_t end = std::min(slots, (c + 1) * detail::kChunkSlots);
            if constexpr (std::is_invocable_v<const Body&, std::size_t, std::size_t, std::size_t,
                                              std::size_t>) {
                body(c, begin, end, worker);
            } else {
                body(c, begin, end);
            }
        });
    }

    // Asks for the record of the person kPrefetchAhead places after i in `list`. Always
    // inlined: GCC otherwise judges a function whose only effect is a prefetch pure,
    // and deletes its calls (the hints were silently gone before).
    template <typename List, typename SlotOf>
    [[gnu::always_inline]] void prefetch_ahead(const List& list, std::size_t i,
                                               const SlotOf& slot_of) const {
        if (i + detail::kPrefetchAhead < list.size()) {
            store.prefetch(slot_of(list[i + detail::kPrefetchAhead]));
        }
    }
    // body(slot) for each slot of `slots` in order, their records asked for ahead.
    template <typename Body>
    void for_each_slot(std::span<const std::uint32_t> slots, const Body& body) {
        for (std::size_t i = 0; i < slots.size(); ++i) {
            prefetch_ahead(slots, i, [](std::uint32_t slot) { return slot; });
            body(slots[i]);
        }
    }

    // Parallel, per person: reads the rules, writes only this person, `out` and the
    // worker's counters; then the workers' counts and new seekers are added in.
    void scan(int m);
    void scan_chunk(int m, detail::ChunkEvents& out, std::size_t worker);
    // What happened to a person this month, for the departures applied with it.
    enum Happened : unsigned { kMoved = 1, kCompleted = 2, kExited = 4 };
    unsigned handle_due_events(std::uint32_t slot, int m, detail::ChunkEvents& out);
    // A person's departures, applied as their events are handled (a mover, then a
    // completion, then a leaver: the order their effects on the person need).
    void depart_to_seek(std::uint32_t slot, int m, const detail::Counters& to,
                        detail::DepartureCounts* counts, detail::ChunkEvents& out);
    void complete_programme(std::uint32_t slot, int m, const detail::Counters& to,
                            detail::DepartureCounts* counts);
    void depart_sector(std::uint32_t slot, int m, const detail::Counters& to,
                       detail::DepartureCounts* counts);
    void leave_post(std::uint32_t slot, int m, const detail::Counters& to,
                    detail::DepartureCounts& counts);
    // Bench strength, kept by events: readiness only grows within a role, so the month
    // a person becomes ready for each leadership edge is known when they enter a role.
    int ready_from(std::uint32_t slot, std::size_t edge) const;
    void add_to_bench(std::uint32_t slot, int m, int sign) {
        add_to_bench(slot, m, sign, own_);
    }
    void add_to_bench(std::uint32_t slot, int m, int sign, const detail::Counters& to);
    static bool is_newcomer(const detail::Person& person, int m);
    void add_to_census(std::uint32_t slot, int m, int sign) {
        add_to_census(slot, m, sign, own_);
    }
    void add_to_census(std::uint32_t slot, int m, int sign, const detail::Counters& to);
    bool eligible(std::uint32_t slot, std::size_t edge, int m) const;
    double readiness(std::uint32_t slot, int m) const;
    double application_rate(std::uint32_t slot, std::size_t edge_index) const;
    double total_application_rate(std::uint32_t slot) const; // over the role's out-edges
    // Each draws its word (keyed by id, month, reason), or takes one drawn ahead (*_with):
    // set-up and event paths take all of a person's words from one call first.
    void schedule_leave(std::uint32_t slot, int m, std::uint32_t reason);
    void schedule_leave_with(std::uint32_t slot, int m, std::uint32_t word);
    void schedule_application(std::uint32_t slot, int m, std::uint32_t reason);
    void schedule_application_with(std::uint32_t slot, int m, std::uint32_t word);
    std::uint32_t apply_word(std::uint32_t id, int m, std::uint32_t reason) const;
    detail::Month compute_retirement_month(std::uint32_t slot, std::uint32_t word) const;
    void update_next_event(std::uint32_t slot);

    // What the scan's workers counted, added in; movers queued in chunk order.
    void gather_departures(int m);
    void add_worker_counters(int first_later);
    void provide_workers(std::size_t slots);
    // The first worker counts into the engine's own counters, the others into theirs.
    const detail::Counters& counters_of_worker(std::size_t worker) const {
        return worker == 0 ? own_ : worker_views_[worker - 1];
    }
    void recount_bench(int m);
    struct ProgrammeRule {
        std::uint64_t roles = 0;         // bit per eligible role
        std::vector<std::uint8_t> areas; // per area: 1 = eligible
        std::uint8_t grant_bit = 0;      // qualification bit the programme grants, if any
    };
    bool can_enrol(std::uint32_t slot, const ProgrammeRule& rule) const;
    std::int64_t enrol_programme(std::size_t programme, std::int64_t wanted, int m);
    void enrol_one(std::uint32_t slot, std::size_t programme, int m);
    template <typename Found>
    void for_each_candidate(std::size_t programme, int m, std::int64_t begin, std::int64_t end,
                            const Found& found) const;
    void judge_draws(std::size_t programme, int m, std::int64_t begin, std::int64_t end);
    void apply_enrolments(int m);
    void start_programme(std::uint32_t slot, std::size_t programme, int m); // the person
    void count_place(std::uint8_t role, std::uint8_t area, std::size_t programme, int m);
    struct JudgedDraw { // a draw whose person could enrol
        std::int64_t attempt;
        std::uint32_t slot;
        std::uint8_t role;
        std::uint8_t area;
    };
    struct Enrolment {
        std::uint32_t slot;
        std::uint8_t programme;
    };
    void enrol(int m);
    // One area's month of filling, and what it leaves for the areas' shared step.
    struct AreaFill {
        std::vector<detail::Applicant> applicants;
        std::vector<std::int64_t> hires;      // per fill rank: external hires this month
        std::vector<std::int64_t> appointees; // per programme: enrolled on appointment
        std::vector<std::uint32_t> freed;     // slots of those who left while seeking
    };
    struct CellHires {
        std::int64_t internal;
        std::int64_t between_jobs;
        std::int64_t external;
        std::int64_t international = 0; // of the external
    };
    struct Hire {
        std::uint32_t slot;
        std::uint32_t id;
        std::uint8_t role;
        std::uint8_t area;
    };
    void fill_vacancies(int m);
    void fill_area(std::size_t area, int m);
    void promote(const detail::Applicant& applicant, int m, AreaFill& fill);
    void hire_external(int m);
    void initialise_hire(const Hire& hire, int m);
    bool can_take(const detail::Applicant& applicant) const;
    CellHires match_cell(int role, std::size_t area, int m, std::int64_t internal,
                         std::int64_t between, std::int64_t external);
    void skip_stale_seekers(std::size_t own);
    void clear_departed(std::uint32_t slot);
    void drop_expired_seekers(std::size_t own, int m, AreaFill& fill);
    std::int64_t seekers_ready(std::size_t own, int m) const;
    void place_seekers(std::size_t own, std::int64_t count, int m);
    void start_seeking(std::uint32_t slot, detail::Month available); // month 0's
    detail::Seeker begin_seeking(std::uint32_t slot, detail::Month available);
    void record(int m);
    void check_invariants(int m) const;

    std::vector<detail::ChunkEvents> chunks_;
    std::vector<std::uint32_t> free_slots_;
    std::uint32_t next_id_ = 0;
    // Per cell, indexed by tally(role, area):
    std::vector<std::int64_t> filled_;                 // now
    std::vector<std::int64_t> trained_;                // now: people who completed a programme
    std::vector<std::int64_t> between_jobs_;           // now
    std::vector<std::vector<detail::Seeker>> seekers_; // in the order they moved
    std::vector<std::size_t> seeker_head_;             // first not yet placed
    std::vector<double> supply_carry_;                 // fractional external recruits
    std::vector<ProgrammeRule> programme_rules_;
    std::vector<std::int64_t> appointment_places_;       // per programme: owed by the baseline
    model::TrainingPlan plan_;                           // this financial year's funded places
    std::vector<std::vector<std::uint32_t>> candidates_; // per chunk: one programme's
    std::vector<std::uint32_t> pool_;                    // one programme's candidates
    std::vector<bool> enrolled_;                  // per slot: enrolled this month (enrolment only)
    std::vector<Enrolment> pending_;              // taken this month, not yet set up
    std::vector<std::vector<JudgedDraw>> judged_; // per task of a batch, in draw order
    std::vector<double> taken_share_;            // per programme: last month's share of draws taken
    std::vector<model::ScenarioEpoch> timeline_; // events and paths, from the scenario
    std::size_t next_epoch_ = 0;
    std::vector<double> before_edges_;              // the edges' rates in force, to see a change
    std::vector<std::uint8_t> edge_qualifications_; // per edge: bits an eligible person holds
    static constexpr std::size_t kReadinessBases = 256; // Person::readiness_base is a byte
    std::vector<int> months_to_ready_;      // per (edge, readiness base); kNever: never ready
    std::vector<int> fill_rank_;            // per role: position in the fill order
    std::vector<AreaFill> area_fill_;       // per area
    std::vector<std::size_t> area_order_;   // areas, the most people at month 0 first
    double parallel_passes_ = 0;            // s: parallel passes within serial phases
    std::vector<std::size_t> hire_start_;   // per (fill rank, area): its first hire this month
    std::vector<std::int64_t> ready_now_;   // per tally of a leadership role
    std::vector<std::int64_t> ready_later_; // per (month, tally): people becoming ready then
    // The census of people in post per tally: aged 55+, aged 45+ (reaching 60 within 15
    // years), 10+ years in the sector; now, and per (month, tally) those crossing then.
    static constexpr std::size_t kCensusThresholds = detail::kCensusThresholds;
    std::array<std::vector<std::int64_t>, kCensusThresholds> census_now_;
    std::array<std::vector<std::int64_t>, kCensusThresholds> census_later_;
    std::vector<std::int64_t> birth_month_sum_; // per tally, for the mean age
    detail::Counters own_;                      // the counters above
    // The scan's workers: each's results counts per tally, and the counters of those
    // after the first (the first counts into own_).
    std::vector<std::vector<detail::DepartureCounts>> departure_counts_;
    std::deque<detail::WorkerCounters> worker_counters_; // a deque: views stay valid
    std::vector<detail::Counters> worker_views_;
};

} // namespace carecast::sim
