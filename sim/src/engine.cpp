#include "engine.hpp"

#include <carecast/sim/detail/due_slots.hpp>

#include <carecast/model/labour_market.hpp>
#include <carecast/model/leaving_by_age.hpp>
#include <carecast/model/retirement.hpp>
#include <carecast/model/tenure.hpp>
#include <carecast/model/training_plan.hpp>
#include <carecast/sim/detail/leaving_draw.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace carecast::sim {

using detail::AgentStore;
using detail::Applicant;
using detail::ChunkEvents;
using detail::kNever;
using detail::Month;
using detail::Purpose;
using detail::Random;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Slots for everyone the run may hold, reserved once: a run never moves its records.
std::size_t store_room(const model::Scenario& scenario) {
    return static_cast<std::size_t>(model::peak_posts(scenario) * 1.03) + 1024;
}

// The scenario less what a month-0 population does not depend on: how the training
// budget is spent (nobody takes a funded place before month 1), the timeline built from
// the scenario's events and paths (read from month 1 on; the events and paths
// themselves still count), and what only describes the file.
model::Scenario people_key(const model::Scenario& scenario) {
    model::Scenario key = scenario;
    key.funded_allocation.clear();
    key.training_budget = 0;
    key.timeline.clear();
    key.name.clear();
    key.description.clear();
    key.source.clear();
    key.source_hash = 0;
    key.header.clear();
    key.source_notes = {};
    key.key_order.clear();
    key.notes.clear();
    return key;
}

// Distinguishes draws of one purpose made in the same month for different reasons.
enum Reason : std::uint32_t { kAfterMove = 1, kAfterEnrolment, kAfterCompletion, kEpoch };

// How far ahead the bench schedule looks: "ready within 5 years".
constexpr int kReadyAhead = 60;

// A completed programme whose multipliers (promotion, retention) follow the person.
bool trained_on_programme(const detail::Person& person) {
    return (person.flags & detail::kTrained) != 0 && person.programme != detail::kNoProgramme;
}

Month clamp_month(std::int64_t month) {
    return month >= kNever || month < 0 ? kNever : static_cast<Month>(month);
}

// An age from a role's profile with one draw: the band where the draw falls, then the
// age within the band from how far into the band's share it fell (given the band, that
// is uniform), so a hire's four words come from one call. The band is counted without
// a branch on the draw, which the processor cannot predict: the cumulative shares only
// rise, so the count of those at most u is the band.
double draw_age(const model::AgeProfile& profile, double u) {
    double cumulative = 0;
    double band_start = 0; // the cumulative share below the band
    int band = 0;
    for (int b = 0; b + 1 < model::kAgeBands; ++b) {
        cumulative += profile[b];
        const bool past = u >= cumulative;
        band += static_cast<int>(past);
        band_start = past ? cumulative : band_start;
    }
    const double share = profile[band];
    const double within = share > 0 ? std::min((u - band_start) / share, 1.0) : 0.5;
    const double lo = model::kAgeBandEdgesYears[band];
    const double hi = model::kAgeBandEdgesYears[band + 1];
    return lo + (hi - lo) * within;
}

} // namespace

void detail::ChunkEvents::clear() {
    exits.clear();
    seekers.clear();
    applicants.clear();
}

void detail::WorkerCounters::assign(std::size_t tallies, std::size_t later_months,
                                    std::size_t ready_months) {
    for (auto* counts : {&filled, &trained, &between_jobs, &ready_now, &birth_month_sum}) {
        counts->assign(tallies, 0);
    }
    ready_later.assign(ready_months * tallies, 0);
    for (std::size_t k = 0; k < kCensusThresholds; ++k) {
        census_now[k].assign(tallies, 0);
        census_later[k].assign(later_months * tallies, 0);
    }
}

namespace {

// The counters held in these arrays (per tally; the later ones per (month, tally)).
detail::Counters
counters_of(std::vector<std::int64_t>& filled, std::vector<std::int64_t>& trained,
            std::vector<std::int64_t>& between_jobs, std::vector<std::int64_t>& ready_now,
            std::vector<std::int64_t>& ready_later,
            std::array<std::vector<std::int64_t>, detail::kCensusThresholds>& census_now,
            std::array<std::vector<std::int64_t>, detail::kCensusThresholds>& census_later,
            std::vector<std::int64_t>& birth_month_sum) {
    detail::Counters to;
    to.filled = filled.data();
    to.trained = trained.data();
    to.between_jobs = between_jobs.data();
    to.ready_now = ready_now.data();
    to.ready_later = ready_later.data();
    for (std::size_t k = 0; k < detail::kCensusThresholds; ++k) {
        to.census_now[k] = census_now[k].data();
        to.census_later[k] = census_later[k].data();
    }
    to.birth_month_sum = birth_month_sum.data();
    return to;
}

} // namespace

detail::Counters detail::WorkerCounters::view() {
    return counters_of(filled, trained, between_jobs, ready_now, ready_later, census_now,
                       census_later, birth_month_sum);
}

// One rule per (role, area): areas may differ in turnover and moves.
void Simulation::Engine::build_rules() {
    const std::size_t roles = scenario.roles.size();
    const std::size_t areas = scenario.areas.size();
    rules.assign(roles * areas, detail::RoleRules{});
    retirement.emplace(scenario);
    const auto breaks = model::leaving_age_breaks(scenario);
    leaving_break_months.clear();
    for (const double age : breaks) {
        leaving_break_months.push_back(std::llround(age * 12));
    }
    for (std::size_t c = 0; c < rules.size(); ++c) {
        const std::size_t r = c / areas;
        const auto& role = scenario.roles[r];
        const auto& rates = scenario.cells[c];
        auto& rule = rules[c];
        for (std::size_t e = 0; e < scenario.edges.size(); ++e) {
            const auto& edge = scenario.edges[e];
            if (edge.from != r) {
                continue;
            }
            rule.out_edges.push_back(static_cast<std::uint16_t>(e));
            if (model::is_leadership(scenario.roles[edge.to].level)) {
                rule.leadership_edges.push_back(static_cast<std::uint16_t>(e));
            }
        }
        rule.leave_hazard = rates.established_leave_hazard;
        for (std::size_t k = 0; k <= breaks.size(); ++k) {
            const double age = k == 0 ? 0.0 : breaks[k - 1];
            const double retiring = retirement->monthly_hazard(age);
            for (const double tenure : {1.0, scenario.newcomer_leaving_ratio}) {
                const double chance =
                    std::isinf(retiring)
                        ? 0.0
                        : model::job_leaving_chance(rates.base_leave_chance * tenure, age,
                                                    scenario.older_leaving_ratio, retiring);
                rule.leave_chances.push_back(chance);
                rule.per_log_stays.push_back(Random::per_log_survival(chance));
            }
        }
        rule.within_sector_share = rates.within_sector_share;
        rule.min_months_to_apply = INT32_MAX;
        for (auto e : rule.out_edges) {
            rule.min_months_to_apply =
                std::min(rule.min_months_to_apply, scenario.edges[e].min_months_in_role);
        }
        rule.senior_entry =
            model::is_leadership(role.level) || role.group == model::RoleGroup::Professional;
        for (auto e : rule.out_edges) {
            rule.apply_rate += std::min(scenario.edges[e].monthly_rate, 1.0);
        }
        rule.per_log_not_apply = Random::per_log_survival(std::min(rule.apply_rate, 1.0));
        // The stationary tenures people in post at month 0 are drawn from.
        // (From the average hazard: the people in post at month 0 are a mix of newcomers
        // and the rest.)
        rule.leave_sector = rates.monthly_leave_hazard * (1 - rule.within_sector_share) +
                            rates.monthly_retirement_hazard;
        rule.leave_role = rule.leave_sector;
        for (auto e : rule.out_edges) {
            rule.leave_role += scenario.edges[e].monthly_rate;
        }
        rule.per_log_stay_in_role = Random::per_log_survival(rule.leave_role);
        rule.per_log_stay_in_sector = Random::per_log_survival(rule.leave_sector);
    }
    // Per edge: the qualifications someone must hold to count as ready for it.
    edge_qualifications_.assign(scenario.edges.size(), 0);
    for (std::size_t e = 0; e < scenario.edges.size(); ++e) {
        const auto& edge = scenario.edges[e];
        for (auto q : {edge.required_qualification, model::entry_qualification(scenario, edge)}) {
            if (q != model::kNoQualification) {
                edge_qualifications_[e] |= static_cast<std::uint8_t>(1u << q);
            }
        }
    }
    // Per edge and readiness at the start of the role (a byte): the months in the role
    // until ready for the edge, worked out once rather than divided out per event.
    months_to_ready_.assign(scenario.edges.size() * kReadinessBases, kNever);
    for (std::size_t e = 0; e < scenario.edges.size(); ++e) {
        const auto& edge = scenario.edges[e];
        for (std::size_t base = 0; base < kReadinessBases; ++base) {
            int months = edge.min_months_in_role;
            const double missing = edge.min_readiness - static_cast<double>(base);
            if (missing > 0) {
                if (scenario.readiness_per_month <= 0) {
                    continue; // never ready
                }
                months = std::max(
                    months, static_cast<int>(std::ceil(missing / scenario.readiness_per_month)));
            }
            months_to_ready_[e * kReadinessBases + base] = months;
        }
    }
}

Simulation::Engine::Engine(const model::Scenario& s, const RunConfig& c, const MonthZero* start)
    : scenario(s), config(c), random(s.seed, c.replicate), arena(std::max(1, c.threads)),
      demand(scenario), results(scenario, scenario.horizon_months) {
    const std::size_t roles = scenario.roles.size();
    timeline_ = scenario.timeline;
    build_rules();
    for (const auto& edge : scenario.edges) {
        before_edges_.push_back(edge.monthly_rate);
    }
    fill_rank_.resize(roles);
    for (std::size_t i = 0; i < scenario.fill_order.size(); ++i) {
        fill_rank_[scenario.fill_order[i]] = static_cast<int>(i);
    }
    filled_.assign(roles * scenario.areas.size(), 0);
    trained_.assign(filled_.size(), 0);
    between_jobs_.assign(filled_.size(), 0);
    seekers_.resize(filled_.size());
    seeker_head_.assign(filled_.size(), 0);
    supply_carry_.assign(filled_.size(), 0.0);
    appointment_places_.assign(scenario.programmes.size(), 0);
    taken_share_.assign(scenario.programmes.size(), 0.25); // a first guess: sizes batches only
    for (const auto& programme : scenario.programmes) {
        ProgrammeRule rule;
        for (auto r : programme.eligible_roles) {
            rule.roles |= 1ull << r;
        }
        rule.areas.assign(scenario.areas.size(), programme.areas.empty() ? 1 : 0);
        for (auto a : programme.areas) {
            rule.areas[a] = 1;
        }
        // Nobody is enrolled on a programme whose qualification they already hold.
        if (programme.grants != model::kNoQualification) {
            rule.grant_bit = static_cast<std::uint8_t>(1u << programme.grants);
        }
        programme_rules_.push_back(std::move(rule));
    }
    ready_now_.assign(filled_.size(), 0);
    for (std::size_t k = 0; k < kCensusThresholds; ++k) {
        census_now_[k].assign(filled_.size(), 0);
        census_later_[k].assign(
            static_cast<std::size_t>(scenario.horizon_months + 1) * filled_.size(), 0);
    }
    birth_month_sum_.assign(filled_.size(), 0);
    // Readiness up to five years past the horizon, for "ready within 5 years" at its end.
    const auto ready_months = static_cast<std::size_t>(scenario.horizon_months + kReadyAhead + 2);
    ready_later_.assign(ready_months * filled_.size(), 0);
    own_ = counters_of(filled_, trained_, between_jobs_, ready_now_, ready_later_, census_now_,
                       census_later_, birth_month_sum_);
    const auto started = Clock::now();
    if (start != nullptr) {
        start_from(*start);
    } else {
        create_initial_population();
    }
    order_areas_by_size();
    record(0);
    times.initialise = seconds_since(started);
}

// The order areas' tasks are handed out in: the most people in post first (ties in
// area order), from the counts at month 0.
void Simulation::Engine::order_areas_by_size() {
    const std::size_t roles = scenario.roles.size();
    std::vector<std::int64_t> people(scenario.areas.size());
    for (std::size_t a = 0; a < people.size(); ++a) {
        // Counters are area-major: an area's roles are adjacent.
        const auto first = filled_.begin() + static_cast<std::ptrdiff_t>(tally(0, a));
        people[a] =
            std::accumulate(first, first + static_cast<std::ptrdiff_t>(roles), std::int64_t{0});
    }
    area_order_.resize(people.size());
    std::iota(area_order_.begin(), area_order_.end(), std::size_t{0});
    std::stable_sort(area_order_.begin(), area_order_.end(),
                     [&](std::size_t x, std::size_t y) { return people[x] > people[y]; });
}

void Simulation::Engine::create_initial_population() {
    const std::size_t areas = scenario.areas.size();
    std::vector<std::int64_t> offsets{0}; // first slot of each cell, role-major
    for (std::size_t r = 0; r < scenario.roles.size(); ++r) {
        for (std::size_t a = 0; a < areas; ++a) {
            const auto filled = scenario.cells[cell(r, a)].filled;
            filled_[tally(r, a)] = filled;
            offsets.push_back(offsets.back() + filled);
        }
    }
    // Then people between jobs at month 0, as in a steady state: the last
    // months_between_jobs months' movers, free to start from month 1 on.
    const std::size_t cells = filled_.size();
    const int gap = scenario.months_between_jobs;
    for (std::size_t c = 0; c < cells; ++c) {
        const double monthly = static_cast<double>(filled_[tally(c / areas, c % areas)]) *
                               rules[c].leave_hazard * rules[c].within_sector_share;
        offsets.push_back(offsets.back() + std::llround(monthly * gap));
    }
    const auto population = static_cast<std::size_t>(offsets.back());
    store.reserve(store_room(scenario));
    store.resize(population);
    next_id_ = static_cast<std::uint32_t>(population);
    // Those in post count on the bench and in the census as they are set up, on their
    // worker's counters (integer sums: the same whoever counts).
    const auto in_post = static_cast<std::size_t>(offsets[cells]);
    provide_workers(population);
    for_each_chunk(
        population, [&](std::size_t, std::size_t begin, std::size_t end, std::size_t worker) {
            const detail::Counters& to = counters_of_worker(worker);
            // The chunk's first cell found once; then cells follow in slot order.
            auto range = static_cast<std::size_t>(
                std::upper_bound(offsets.begin(), offsets.end(), static_cast<std::int64_t>(begin)) -
                offsets.begin() - 1);
            for (std::size_t slot = begin; slot < end; ++slot) {
                while (static_cast<std::int64_t>(slot) >= offsets[range + 1]) {
                    ++range;
                }
                const std::size_t c = range % cells;
                const auto person = static_cast<std::uint32_t>(slot);
                initialise_person(person, static_cast<int>(c / areas), static_cast<int>(c % areas));
                if (slot < in_post) {
                    add_to_bench(person, 0, +1, to);
                    add_to_census(person, 0, +1, to);
                }
            }
        });
    add_worker_counters(0);
    for (std::size_t c = 0; c < cells; ++c) {
        const auto first = static_cast<std::size_t>(offsets[cells + c]);
        const auto count = static_cast<std::size_t>(offsets[cells + c + 1]) - first;
        for (std::size_t k = 0; k < count; ++k) {
            const auto available =
                static_cast<Month>(1 + k * static_cast<std::size_t>(gap) / count);
            start_seeking(static_cast<std::uint32_t>(first + k), available);
        }
    }
}

// Each count set-up makes, paired with the place MonthZero keeps it: one list for
// keeping them and for starting from them. `kept` and `engine` may each be const.
template <typename Kept, typename Run, typename Copy>
void Simulation::Engine::each_count(Kept& kept, Run& engine, const Copy& copy) {
    copy(kept.next_id, engine.next_id_);
    copy(kept.filled, engine.filled_);
    copy(kept.trained, engine.trained_);
    copy(kept.between_jobs, engine.between_jobs_);
    copy(kept.seekers, engine.seekers_);
    copy(kept.seeker_head, engine.seeker_head_);
    copy(kept.ready_now, engine.ready_now_);
    copy(kept.ready_later, engine.ready_later_);
    copy(kept.census_now, engine.census_now_);
    copy(kept.census_later, engine.census_later_);
    copy(kept.birth_month_sum, engine.birth_month_sum_);
}

std::shared_ptr<const MonthZero> Simulation::Engine::month_zero() const {
    if (month != 0) {
        throw std::logic_error("a run's people at month 0 can be kept only before its first month");
    }
    auto kept = std::make_shared<MonthZero>();
    kept->scenario = people_key(scenario);
    kept->replicate = config.replicate;
    kept->store = store;
    each_count(*kept, *this, [](auto& to, const auto& from) { to = from; });
    return kept;
}

// Another run's people, as create_initial_population would have set them up here: the
// same scenario (but for the training budget's use) and replicate draw the same people.
void Simulation::Engine::start_from(const MonthZero& start) {
    if (start.replicate != config.replicate) {
        throw std::invalid_argument(
            "a run can start only from the people of a run of the same replicate");
    }
    if (!(people_key(scenario) == start.scenario)) {
        throw std::invalid_argument(
            "a run can start only from the people of a run of the same scenario (it may "
            "differ only in its funded places and training budget)");
    }
    // Room for the run's growth, as set-up makes it (a copy holds only what is in use).
    store.reserve(std::max(store_room(scenario), start.store.slots()));
    store.next_event.assign(start.store.next_event.begin(), start.store.next_event.end());
    store.person.assign(start.store.person.begin(), start.store.person.end());
    store.seeking_id.assign(start.store.seeking_id.begin(), start.store.seeking_id.end());
    each_count(start, *this, [](const auto& from, auto& to) { to = from; });
}

// A person in post at month 0: age from the role's profile; time in role and in the
// sector from the stationary tenure of a role with these hazards.
void Simulation::Engine::initialise_person(std::uint32_t slot, int r, int a) {
    detail::Person& person = store.person[slot];
    const auto& role = scenario.roles[r];
    const auto& rates = scenario.cells[cell(r, a)];
    const auto& rule = rules[cell(r, a)];
    person.id = slot;
    person.role = static_cast<std::uint8_t>(r);
    person.area = static_cast<std::uint8_t>(a);
    person.flags = detail::kAlive;
    person.programme = detail::kNoProgramme;
    person.programme_end = kNever;
    person.readiness_base = 0;

    // Every draw first, back to back: none depends on another, so the processor works on
    // them together, before the branches on their values (a mispredicted one would
    // throw away the work on the draws after it): set-up and filling 6% faster. Two
    // calls give all six words.
    const auto age_words = random.words(slot, 0, Purpose::InitialAge);
    const auto start_words = random.words(slot, 0, Purpose::InitialStart);
    const std::uint32_t age_draw = age_words[0];
    const std::uint32_t role_tenure_draw = age_words[1];
    const std::uint32_t sector_tenure_draw = age_words[2];
    const std::uint32_t retire_draw = age_words[3];
    const std::uint32_t leave_draw = start_words[0];
    const std::uint32_t apply_draw = start_words[1];

    const double age = draw_age(rates.age_profile, Random::uniform(age_draw));
    person.birth_month = static_cast<Month>(-std::lround(age * 12));
    const std::int64_t working_months = static_cast<std::int64_t>((age - 16) * 12);

    auto in_role =
        Random::geometric_months(rule.leave_role, rule.per_log_stay_in_role, role_tenure_draw) - 1;
    auto in_sector_before = Random::geometric_months(rule.leave_sector, rule.per_log_stay_in_sector,
                                                     sector_tenure_draw) -
                            1;
    if (in_role < 0 || in_role > working_months) {
        in_role = working_months;
    }
    if (in_sector_before < 0 || in_role + in_sector_before > working_months) {
        in_sector_before = working_months - in_role;
    }
    person.role_start = static_cast<Month>(-in_role);
    person.sector_start = static_cast<Month>(-(in_role + in_sector_before));

    std::uint8_t qualifications = 0;
    if (role.entry_requires != model::kNoQualification) {
        qualifications |= static_cast<std::uint8_t>(1u << role.entry_requires);
    }
    // Four qualifications to a draw; a draw none of whose shares is above 0 would grant
    // nothing, so it is not made (keyed draws do not depend on one another).
    static_assert(model::kMaxQualifications % 4 == 0, "four qualifications to a draw");
    for (int block = 0; block * 4 < model::kMaxQualifications; ++block) {
        bool any = false;
        for (int q = block * 4; q < block * 4 + 4; ++q) {
            any = any || role.qualified_share[q] > 0;
        }
        if (!any) {
            continue;
        }
        const auto words = random.words(slot, 0, Purpose::InitialQualifications,
                                        static_cast<std::uint32_t>(block));
        for (int q = block * 4; q < block * 4 + 4; ++q) {
            const bool held = Random::uniform(words[q - block * 4]) < role.qualified_share[q];
            qualifications |= static_cast<std::uint8_t>(static_cast<unsigned>(held) << q);
        }
    }
    person.qualifications = qualifications;
    person.retire_month = compute_retirement_month(slot, retire_draw);
    schedule_leave_with(slot, 0, leave_draw);
    schedule_application_with(slot, 0, apply_draw);
    update_next_event(slot);
}

detail::Month Simulation::Engine::compute_retirement_month(std::uint32_t slot,
                                                           std::uint32_t word) const {
    const detail::Person& person = store.person[slot];
    const int reference = std::max<int>(person.sector_start, 0);
    const double reference_age = (reference - person.birth_month) / 12.0;
    const double age = retirement->retirement_age(reference_age, Random::uniform(word));
    const auto month = person.birth_month + static_cast<int>(std::ceil(age * 12));
    return clamp_month(std::max(month, reference + 1));
}

void Simulation::Engine::schedule_leave(std::uint32_t slot, int m, std::uint32_t reason) {
    schedule_leave_with(slot, m, random.words(store.person[slot].id, m, Purpose::Leave, reason)[0]);
}

void Simulation::Engine::schedule_leave_with(std::uint32_t slot, int m, std::uint32_t word) {
    detail::Person& person = store.person[slot];
    const auto& rule = rule_of(slot);
    const double retention =
        (person.flags & detail::kRetained) != 0 && person.programme != detail::kNoProgramme
            ? scenario.programmes[person.programme].retention_multiplier
            : 1.0;
    const detail::LeavingChances chances{leaving_break_months, rule.leave_chances,
                                         rule.per_log_stays};
    const std::int64_t months =
        detail::job_leaving_months(chances, person.sector_start + model::kNewcomerMonths - m,
                                   m - person.birth_month, retention, word);
    const std::int64_t leave = months < 0 ? kNever : m + months;
    const int retire = person.retire_month;
    if (retire <= leave) {
        person.leave_month = clamp_month(std::max(retire, m + 1));
        person.flags |= detail::kRetiring;
    } else {
        person.leave_month = clamp_month(leave);
        person.flags &= static_cast<std::uint8_t>(~detail::kRetiring);
    }
}

double Simulation::Engine::application_rate(std::uint32_t slot, std::size_t e) const {
    const detail::Person& person = store.person[slot];
    const auto& edge = scenario.edges[e];
    double rate = edge.monthly_rate;
    if (edge.kind == model::EdgeKind::Promotion && trained_on_programme(person)) {
        rate *= scenario.programmes[person.programme].promotion_multiplier;
    }
    return std::min(rate, 1.0);
}

double Simulation::Engine::total_application_rate(std::uint32_t slot) const {
    // The trained may apply faster (their programme's multiplier); everyone else at the
    // role's own rate, summed once with the rules.
    const auto& rule = rule_of(slot);
    if (!trained_on_programme(store.person[slot])) {
        return rule.apply_rate;
    }
    double total = 0;
    for (auto e : rule.out_edges) {
        total += application_rate(slot, e);
    }
    return total;
}

std::uint32_t Simulation::Engine::apply_word(std::uint32_t id, int m, std::uint32_t reason) const {
    return random.words(id, m, Purpose::Apply, reason)[0];
}

void Simulation::Engine::schedule_application(std::uint32_t slot, int m, std::uint32_t reason) {
    schedule_application_with(slot, m, apply_word(store.person[slot].id, m, reason));
}

// A word drawn for a role nobody applies from is not used.
void Simulation::Engine::schedule_application_with(std::uint32_t slot, int m, std::uint32_t word) {
    detail::Person& person = store.person[slot];
    const auto& rule = rule_of(slot);
    const bool trained = trained_on_programme(person);
    const double total = total_application_rate(slot);
    if (total <= 0) {
        person.apply_month = kNever;
        return;
    }
    const int earliest = std::max(m, person.role_start + rule.min_months_to_apply - 1);
    const auto months =
        trained ? Random::geometric_months(std::min(total, 1.0), word)
                : Random::geometric_months(std::min(total, 1.0), rule.per_log_not_apply, word);
    person.apply_month = months < 0 ? kNever : clamp_month(earliest + months);
}

void Simulation::Engine::update_next_event(std::uint32_t slot) {
    detail::Person& person = store.person[slot];
    store.next_event[slot] =
        std::min({person.leave_month, person.apply_month, person.programme_end});
}

double Simulation::Engine::readiness(std::uint32_t slot, int m) const {
    const detail::Person& person = store.person[slot];
    const double grown =
        person.readiness_base + scenario.readiness_per_month * (m - person.role_start);
    return std::min(100.0, grown);
}

bool Simulation::Engine::eligible(std::uint32_t slot, std::size_t e, int m) const {
    const detail::Person& person = store.person[slot];
    const auto& edge = scenario.edges[e];
    if (m - person.role_start < edge.min_months_in_role) {
        return false;
    }
    if (readiness(slot, m) < edge.min_readiness) {
        return false;
    }
    const std::uint8_t required = edge_qualifications_[e];
    return (person.qualifications & required) == required;
}

unsigned Simulation::Engine::handle_due_events(std::uint32_t slot, int m, ChunkEvents& out) {
    detail::Person& person = store.person[slot];
    const std::uint32_t id = person.id;
    unsigned happened = 0;
    if (person.programme_end == m) {
        const auto& programme = scenario.programmes[person.programme];
        person.flags &= static_cast<std::uint8_t>(~detail::kEnrolled);
        person.programme_end = kNever;
        const double u = Random::uniform(random.words(id, m, Purpose::Completion)[0]);
        if (u < programme.completion_rate) {
            happened |= kCompleted; // its effects apply after this person's move, if any
        }
    }
    if (person.leave_month == m) {
        // A retirement is never a move: no draw.
        const bool retiring = (person.flags & detail::kRetiring) != 0;
        // The next leave comes from the same call as the choice, used only if they move.
        const auto move_words =
            retiring ? std::array<std::uint32_t, 4>{} : random.words(id, m, Purpose::MoveOrExit);
        const std::uint32_t move_draw = move_words[0];
        const std::uint32_t next_leave_draw = move_words[1];
        if (!retiring && Random::uniform(move_draw) < rule_of(slot).within_sector_share) {
            // A job change within the sector: same role and area, another employer. One
            // already between jobs keeps looking.
            if ((person.flags & detail::kSeeking) == 0) {
                happened |= kMoved;
                person.flags &= static_cast<std::uint8_t>(~detail::kRetained);
            }
            schedule_leave_with(slot, m, next_leave_draw);
        } else {
            out.exits.push_back(slot);
            store.next_event[slot] = kNever;
            return happened | kExited;
        }
    }
    if (person.apply_month == m && (person.flags & detail::kSeeking) == 0) {
        const auto& rule = rule_of(slot);
        const auto words = random.words(id, m, Purpose::ChooseEdge); // edge, tie-break, next
        const std::uint32_t next_apply_draw = words[2];
        double pick = Random::uniform(words[0]) * total_application_rate(slot);
        std::uint16_t chosen = rule.out_edges.back();
        for (auto e : rule.out_edges) {
            pick -= application_rate(slot, e);
            if (pick < 0) {
                chosen = e;
                break;
            }
        }
        if (eligible(slot, chosen, m)) {
            const auto key = Applicant::key(
                fill_rank_[scenario.edges[chosen].to], (person.flags & detail::kTrained) != 0,
                static_cast<std::uint8_t>(readiness(slot, m)), words[1]);
            out.applicants.all.push_back({key, slot, chosen});
        }
        schedule_application_with(slot, m, next_apply_draw);
    }
    update_next_event(slot);
    return happened;
}

int Simulation::Engine::ready_from(std::uint32_t slot, std::size_t e) const {
    const detail::Person& person = store.person[slot];
    const std::uint8_t required = edge_qualifications_[e];
    if ((person.qualifications & required) != required) {
        return kNever;
    }
    const int months = months_to_ready_[e * kReadinessBases + person.readiness_base];
    return months == kNever ? kNever : person.role_start + months;
}

// In their first 12 months in the sector at month m (tenure.hpp).
bool Simulation::Engine::is_newcomer(const detail::Person& person, int m) {
    return m - person.sector_start < model::kNewcomerMonths;
}

// The census of people in post, kept by events as the bench is: a person counts in their
// cell's ages and years in the sector from the month they cross each threshold.
void Simulation::Engine::add_to_census(std::uint32_t slot, int m, int sign,
                                       const detail::Counters& to) {
    const detail::Person& person = store.person[slot];
    const std::size_t c = tally(person.role, person.area);
    to.birth_month_sum[c] += sign * static_cast<std::int64_t>(person.birth_month);
    const std::array<int, kCensusThresholds> crossing{
        person.birth_month + 55 * 12, person.birth_month + 45 * 12, person.sector_start + 120,
        person.sector_start + model::kNewcomerMonths};
    for (std::size_t k = 0; k < kCensusThresholds; ++k) {
        if (crossing[k] <= m) {
            to.census_now[k][c] += sign;
        } else if (crossing[k] <= scenario.horizon_months) {
            to.census_later[k][static_cast<std::size_t>(crossing[k]) * filled_.size() + c] += sign;
        }
    }
}

void Simulation::Engine::add_to_bench(std::uint32_t slot, int m, int sign,
                                      const detail::Counters& to) {
    for (auto e : rule_of(slot).leadership_edges) {
        const int from = ready_from(slot, e);
        const std::size_t c = tally(scenario.edges[e].to, store.person[slot].area);
        if (from <= m) {
            to.ready_now[c] += sign;
        } else if (from <= scenario.horizon_months + kReadyAhead) {
            to.ready_later[static_cast<std::size_t>(from) * filled_.size() + c] += sign;
        }
    }
}

void Simulation::Engine::scan(int m) {
    const std::size_t slots = store.slots();
    const std::size_t chunk_count = (slots + detail::kChunkSlots - 1) / detail::kChunkSlots;
    if (chunks_.size() < chunk_count) {
        chunks_.resize(chunk_count);
    }
    provide_workers(slots);
    for_each_chunk(slots, [&](std::size_t c, std::size_t begin, std::size_t end,
                              std::size_t worker) {
        ChunkEvents& out = chunks_[c];
        out.clear();
        // The due first, from the dense array; then their records, asked for ahead (a
        // few in a hundred are due: without the hint each waits on memory).
        out.due.clear();
        detail::list_due_slots(store.next_event.data(), begin, end, static_cast<Month>(m), out.due);
        scan_chunk(m, out, worker);
        out.applicants.group(scenario.areas.size(),
                             [&](const Applicant& x) { return store.person[x.slot].area; });
    });
    // Chunks past the end hold nothing this month.
    for (std::size_t c = chunk_count; c < chunks_.size(); ++c) {
        chunks_[c].clear();
    }
}

// A chunk's due people, each person's departures applied with their events while their
// record is at hand (applied later, one area at a time, each record was fetched from
// memory again).
void Simulation::Engine::scan_chunk(int m, ChunkEvents& out, std::size_t worker) {
    const detail::Counters& to = counters_of_worker(worker);
    detail::DepartureCounts* counts = departure_counts_[worker].data();
    for_each_slot(out.due, [&](std::uint32_t slot) {
        const unsigned happened = handle_due_events(slot, m, out);
        if ((happened & kMoved) != 0) {
            depart_to_seek(slot, m, to, counts, out);
        }
        if ((happened & kCompleted) != 0) {
            complete_programme(slot, m, to, counts);
        }
        if ((happened & kExited) != 0) {
            depart_sector(slot, m, to, counts);
        }
    });
}

// A mover leaves a vacancy behind and is between jobs until placed.
void Simulation::Engine::depart_to_seek(std::uint32_t slot, int m, const detail::Counters& to,
                                        detail::DepartureCounts* counts, ChunkEvents& out) {
    const detail::Person& person = store.person[slot];
    const auto here = static_cast<std::uint32_t>(tally(person.role, person.area));
    ++counts[here].moved;
    leave_post(slot, m, to, counts[here]);
    out.seekers.push_back(
        {here, begin_seeking(slot, clamp_month(m + scenario.months_between_jobs))});
    ++to.between_jobs[here];
}

void Simulation::Engine::complete_programme(std::uint32_t slot, int m, const detail::Counters& to,
                                            detail::DepartureCounts* counts) {
    detail::Person& person = store.person[slot];
    const std::size_t here = tally(person.role, person.area);
    ++counts[here].completions;
    const auto& programme = scenario.programmes[person.programme];
    const bool in_post = (person.flags & detail::kSeeking) == 0;
    if (in_post) {
        add_to_bench(slot, m, -1, to);
        if ((person.flags & detail::kTrained) == 0) {
            ++to.trained[here];
        }
    }
    person.readiness_base = static_cast<std::uint8_t>(
        std::min(255.0, person.readiness_base + programme.readiness_boost));
    person.flags |= detail::kTrained;
    if (programme.grants != model::kNoQualification) {
        person.qualifications |= static_cast<std::uint8_t>(1u << programme.grants);
    }
    if (in_post) {
        add_to_bench(slot, m, +1, to);
        if (programme.promotion_multiplier != 1.0) {
            schedule_application(slot, m, kAfterCompletion);
            update_next_event(slot);
        }
    }
}

void Simulation::Engine::depart_sector(std::uint32_t slot, int m, const detail::Counters& to,
                                       detail::DepartureCounts* counts) {
    const detail::Person& person = store.person[slot];
    const std::size_t here = tally(person.role, person.area);
    if ((person.flags & detail::kSeeking) != 0) {
        // Between jobs: no post to leave; the seekers' queue drops them lazily.
        ++counts[here].left_between_jobs;
        --to.between_jobs[here];
    } else {
        ++((person.flags & detail::kRetiring) != 0 ? counts[here].retired : counts[here].exits);
        leave_post(slot, m, to, counts[here]);
    }
    clear_departed(slot);
}

// A job left (a move or an exit): the post, the bench and the census lose the person.
void Simulation::Engine::leave_post(std::uint32_t slot, int m, const detail::Counters& to,
                                    detail::DepartureCounts& counts) {
    const detail::Person& person = store.person[slot];
    const std::size_t here = tally(person.role, person.area);
    counts.newcomer_job_leavers += is_newcomer(person, m) ? 1 : 0;
    --to.filled[here];
    if ((person.flags & detail::kTrained) != 0) {
        --to.trained[here];
    }
    add_to_bench(slot, m, -1, to);
    add_to_census(slot, m, -1, to);
}

// Counters for as many workers as a pass over `slots` can use (one a chunk at most,
// however many threads were asked for): each after the first holds about 0.7 MB for
// England's ten years.
void Simulation::Engine::provide_workers(std::size_t slots) {
    const std::size_t chunk_count = (slots + detail::kChunkSlots - 1) / detail::kChunkSlots;
    const std::size_t workers = std::max<std::size_t>(
        1, std::min(static_cast<std::size_t>(std::max(1, config.threads)), chunk_count));
    const std::size_t tallies = filled_.size();
    if (departure_counts_.size() < workers) {
        departure_counts_.resize(workers, std::vector<detail::DepartureCounts>(tallies));
    }
    while (worker_counters_.size() + 1 < workers) {
        auto& counters = worker_counters_.emplace_back();
        counters.assign(tallies, census_later_[0].size() / tallies, ready_later_.size() / tallies);
        worker_views_.push_back(counters.view());
    }
}

// What the workers after the first counted on their own, added into the engine's
// counters; only months from `first_later` on can hold a count still to come.
void Simulation::Engine::add_worker_counters(int first_later) {
    const auto add_into = [](auto& into, auto& from, std::size_t begin) {
        for (std::size_t i = begin; i < from.size(); ++i) {
            into[i] += from[i];
            from[i] = 0;
        }
    };
    const auto next = static_cast<std::size_t>(first_later) * filled_.size();
    for (auto& worker : worker_counters_) {
        add_into(filled_, worker.filled, 0);
        add_into(trained_, worker.trained, 0);
        add_into(between_jobs_, worker.between_jobs, 0);
        add_into(ready_now_, worker.ready_now, 0);
        add_into(birth_month_sum_, worker.birth_month_sum, 0);
        add_into(ready_later_, worker.ready_later, next);
        for (std::size_t k = 0; k < kCensusThresholds; ++k) {
            add_into(census_now_[k], worker.census_now[k], 0);
            add_into(census_later_[k], worker.census_later[k], next);
        }
    }
}

void Simulation::Engine::gather_departures(int m) {
    const auto serial_start = Clock::now();
    const std::size_t tallies = filled_.size();
    // Nothing crosses a threshold before next month.
    add_worker_counters(m + 1);
    const std::size_t roles = scenario.roles.size();
    for (auto& counts : departure_counts_) {
        for (std::size_t i = 0; i < tallies; ++i) {
            auto& c = results.cell(m, static_cast<model::RoleId>(i % roles),
                                   static_cast<model::AreaId>(i / roles));
            c.leavers_moved += counts[i].moved;
            c.newcomer_job_leavers += counts[i].newcomer_job_leavers;
            c.programme_completions += counts[i].completions;
            c.left_between_jobs += counts[i].left_between_jobs;
            c.leavers_retired += counts[i].retired;
            c.leavers_exit += counts[i].exits;
            counts[i] = {};
        }
    }
    // Movers join their queues, and freed slots the month's hires, in chunk order.
    for (const auto& chunk : chunks_) {
        for (const auto& mover : chunk.seekers) {
            seekers_[mover.tally].push_back(mover.seeker);
        }
        free_slots_.insert(free_slots_.end(), chunk.exits.begin(), chunk.exits.end());
    }
    times.serial += seconds_since(serial_start);
}

bool Simulation::Engine::can_enrol(std::uint32_t slot, const ProgrammeRule& rule) const {
    const detail::Person& person = store.person[slot];
    const std::uint8_t flags = person.flags;
    return (flags & detail::kAlive) != 0 && (flags & (detail::kEnrolled | detail::kSeeking)) == 0 &&
           ((rule.roles >> person.role) & 1u) != 0 && rule.areas[person.area] != 0 &&
           (person.qualifications & rule.grant_bit) == 0;
}

// Each month every programme takes its baseline places and its share of the year's
// funded plan, drawn uniformly among the eligible people not already enrolled.
// Candidates are listed per chunk in parallel and joined in chunk order, and draws are
// keyed by (programme, month, draw), so the choice never depends on threads.
void Simulation::Engine::enrol(int m) {
    const std::size_t programmes = scenario.programmes.size();
    if (programmes == 0) {
        return;
    }
    if ((m - 1) % 12 == 0) {
        plan_ = model::plan_training_year(scenario);
    }
    std::vector<std::int64_t> baseline(programmes);
    std::vector<std::int64_t> funded(programmes);
    bool any = false;
    for (std::size_t p = 0; p < programmes; ++p) {
        baseline[p] =
            model::baseline_places_in_month(scenario.programmes[p].baseline_places_per_year, m);
        // Places taken by appointees working towards their role's qualification come
        // out of the baseline's next places.
        const std::int64_t used = std::min(baseline[p], appointment_places_[p]);
        baseline[p] -= used;
        appointment_places_[p] -= used;
        funded[p] = model::funded_places_in_month(plan_.funded_places[p], m);
        any = any || baseline[p] + funded[p] > 0;
    }
    if (!any) {
        return;
    }
    enrolled_.assign(store.slots(), false);
    for (std::size_t p = 0; p < programmes; ++p) {
        auto& record = results.programme(m, p);
        record.planned_baseline = baseline[p];
        record.planned_funded = funded[p];
        const std::int64_t wanted = baseline[p] + funded[p];
        if (wanted == 0) {
            continue;
        }
        const std::int64_t taken = enrol_programme(p, wanted, m);
        // The baseline's places are taken first; a shortfall falls on funded places,
        // so the budget pays only for places someone took.
        const auto& programme = scenario.programmes[p];
        record.enrolled_baseline = std::min(baseline[p], taken);
        record.enrolled_funded = taken - record.enrolled_baseline;
        record.spend_baseline +=
            static_cast<double>(record.enrolled_baseline) * programme.cost_per_place;
        record.spend_funded =
            static_cast<double>(record.enrolled_funded) * programme.cost_per_place;
    }
    apply_enrolments(m);
}

// Draws up to `wanted` people uniformly among those who can enrol on programme p, one
// at a time without replacement. Where they are many, a keyed uniform slot is drawn
// and kept if eligible (each kept draw is uniform over the eligible not yet enrolled);
// where few, or once draws stop finding them, everyone eligible is listed (chunks in
// parallel, joined in chunk order) and the rest drawn from that list. Both are exact.
std::int64_t Simulation::Engine::enrol_programme(std::size_t p, std::int64_t wanted, int m) {
    const auto& rule = programme_rules_[p];
    const std::size_t slots = store.slots();
    std::int64_t in_post = 0; // people in post in eligible cells: at least the eligible
    for (std::size_t r = 0; r < scenario.roles.size(); ++r) {
        if (((rule.roles >> r) & 1u) == 0) {
            continue;
        }
        for (std::size_t a = 0; a < scenario.areas.size(); ++a) {
            in_post += rule.areas[a] != 0 ? filled_[tally(r, a)] : 0;
        }
    }
    std::int64_t taken = 0;
    if (slots > 0 && in_post >= 4 * wanted) {
        const auto attempts = static_cast<std::int64_t>(
            16 * wanted * static_cast<std::int64_t>(slots) / std::max<std::int64_t>(1, in_post) +
            64);
        // Anyone enrolled earlier this month is skipped: the only change enrolling makes
        // to whether someone can. Places are counted in the order they are taken.
        // One thread sets each person up at once, while their record is at hand; more
        // set them up together afterwards.
        const bool at_once = config.threads <= 1;
        const auto take = [&](const JudgedDraw& draw) {
            if (!enrolled_[draw.slot]) {
                enrolled_[draw.slot] = true;
                if (at_once) {
                    start_programme(draw.slot, p, m);
                } else {
                    pending_.push_back({draw.slot, static_cast<std::uint8_t>(p)});
                }
                count_place(draw.role, draw.area, p, m);
                ++taken;
            }
            return taken < wanted;
        };
        if (at_once) {
            // One thread: each draw is judged as it comes, up to the last place.
            for_each_candidate(p, m, 0, attempts, take);
        } else {
            // The draws are judged in parallel, in batches sized from the share of draws
            // taken last month, then those who could enrol are taken in order.
            std::int64_t attempt = 0; // draws used: only for sizing the next batches
            while (attempt < attempts && taken < wanted) {
                const double share = std::max(1e-4, taken_share_[p]);
                const auto batch =
                    static_cast<std::int64_t>(static_cast<double>(wanted - taken) / share * 1.1) +
                    16;
                const std::int64_t end = std::min(attempts, attempt + (batch + 3) / 4 * 4);
                judge_draws(p, m, attempt, end);
                attempt = end;
                for (const auto& task : judged_) {
                    for (const JudgedDraw& draw : task) {
                        if (taken < wanted && !take(draw)) {
                            attempt = draw.attempt + 1;
                        }
                    }
                }
            }
            taken_share_[p] = static_cast<double>(taken) /
                              static_cast<double>(std::max<std::int64_t>(1, attempt));
        }
    }
    if (taken == wanted) {
        return taken;
    }
    apply_enrolments(m); // the listing reads who is enrolled from the records
    const auto listing = Clock::now();
    const std::size_t chunk_count = (slots + detail::kChunkSlots - 1) / detail::kChunkSlots;
    candidates_.resize(chunk_count);
    for_each_chunk(slots, [&](std::size_t c, std::size_t begin, std::size_t end) {
        auto& list = candidates_[c];
        list.clear();
        for (std::size_t i = begin; i < end; ++i) {
            if (can_enrol(static_cast<std::uint32_t>(i), rule)) {
                list.push_back(static_cast<std::uint32_t>(i));
            }
        }
    });
    parallel_passes_ += seconds_since(listing);
    pool_.clear();
    for (std::size_t c = 0; c < chunk_count; ++c) {
        pool_.insert(pool_.end(), candidates_[c].begin(), candidates_[c].end());
    }
    const auto available = static_cast<std::int64_t>(pool_.size());
    const std::int64_t more = std::min(wanted - taken, available);
    for (std::int64_t i = 0; i < more; ++i) {
        // A partial Fisher-Yates shuffle, keyed apart from the slot draws above.
        const auto word = random.words(static_cast<std::uint32_t>(p), m, Purpose::EnrolListed,
                                       static_cast<std::uint32_t>(i))[0];
        const auto span = static_cast<std::uint64_t>(available - i);
        const auto j = static_cast<std::size_t>(i) +
                       static_cast<std::size_t>((static_cast<std::uint64_t>(word) * span) >> 32);
        std::swap(pool_[static_cast<std::size_t>(i)], pool_[j]);
        enrol_one(pool_[static_cast<std::size_t>(i)], p, m);
        enrolled_[pool_[static_cast<std::size_t>(i)]] = true;
    }
    return taken + more;
}

// Walks draws [begin, end) of programme p's month in order, each a keyed uniform slot,
// the records asked for kDrawAhead draws before they are read (each may be a cache
// miss), and hands each draw whose person could enrol before anyone enrols this month
// to `found`, until it returns false.
template <typename Found>
void Simulation::Engine::for_each_candidate(std::size_t p, int m, std::int64_t begin,
                                            std::int64_t end, const Found& found) const {
    constexpr std::int64_t kDrawAhead = 64;
    const auto& rule = programme_rules_[p];
    const std::size_t slots = store.slots();
    std::array<std::uint32_t, kDrawAhead> ahead{}; // draw a's slot at a % kDrawAhead
    // Draws a to a + 3 (before `end`; a is a multiple of 4) from one word.
    const auto draw_four = [&](std::int64_t a) {
        const auto words = random.words(static_cast<std::uint32_t>(p), m, Purpose::Enrol,
                                        static_cast<std::uint32_t>(a / 4));
        for (std::int64_t d = a; d < std::min(end, a + 4); ++d) {
            const auto slot = static_cast<std::uint32_t>(
                (static_cast<std::uint64_t>(words[static_cast<std::size_t>(d - a)]) * slots) >> 32);
            ahead[static_cast<std::size_t>(d % kDrawAhead)] = slot;
            store.prefetch(slot);
        }
    };
    for (std::int64_t a = begin; a < std::min(end, begin + kDrawAhead); a += 4) {
        draw_four(a);
    }
    for (std::int64_t a = begin; a < end; ++a) {
        const auto slot = ahead[static_cast<std::size_t>(a % kDrawAhead)];
        if (a % 4 == 3 && a + 1 + kDrawAhead - 4 < end) {
            draw_four(a + 1 + kDrawAhead - 4); // refills the four just read
        }
        if (can_enrol(slot, rule) &&
            !found(JudgedDraw{a, slot, store.person[slot].role, store.person[slot].area})) {
            return;
        }
    }
}

// Draws [begin, end) of programme p's month judged in parallel chunks: those whose
// person could enrol, per chunk in draw order (judged_).
void Simulation::Engine::judge_draws(std::size_t p, int m, std::int64_t begin, std::int64_t end) {
    constexpr std::int64_t kPerTask = 1024; // a multiple of 4: draws come four to a word
    const auto started = Clock::now();
    const auto tasks = static_cast<std::size_t>((end - begin + kPerTask - 1) / kPerTask);
    judged_.resize(std::max(judged_.size(), tasks));
    for (auto& task : judged_) {
        task.clear();
    }
    for_each_task(tasks, [&](std::size_t t) {
        const std::int64_t first = begin + static_cast<std::int64_t>(t) * kPerTask;
        for_each_candidate(p, m, first, std::min(end, first + kPerTask),
                           [&](const JudgedDraw& draw) {
                               judged_[t].push_back(draw);
                               return true;
                           });
    });
    parallel_passes_ += seconds_since(started);
}

// The enrolments taken so far this month (counted as they were taken), their people
// set up in parallel: each touches only its own record.
void Simulation::Engine::apply_enrolments(int m) {
    constexpr std::size_t kPerTask = 512;
    const auto started = Clock::now();
    for_each_task((pending_.size() + kPerTask - 1) / kPerTask, [&](std::size_t t) {
        const auto mine = std::span<const Enrolment>(pending_).subspan(
            t * kPerTask, std::min(kPerTask, pending_.size() - t * kPerTask));
        for (std::size_t i = 0; i < mine.size(); ++i) {
            prefetch_ahead(mine, i, [](const Enrolment& e) { return e.slot; });
            start_programme(mine[i].slot, mine[i].programme, m);
        }
    });
    pending_.clear();
    parallel_passes_ += seconds_since(started);
}

void Simulation::Engine::enrol_one(std::uint32_t slot, std::size_t p, int m) {
    start_programme(slot, p, m);
    count_place(store.person[slot].role, store.person[slot].area, p, m);
}

void Simulation::Engine::start_programme(std::uint32_t slot, std::size_t p, int m) {
    detail::Person& person = store.person[slot];
    const auto& programme = scenario.programmes[p];
    person.flags |= detail::kEnrolled;
    person.programme = static_cast<std::uint8_t>(p);
    person.programme_end = clamp_month(m + programme.duration_months);
    if (programme.retention_multiplier != 1.0) {
        person.flags |= detail::kRetained;
        schedule_leave(slot, m, kAfterEnrolment);
    }
    update_next_event(slot);
}

void Simulation::Engine::count_place(std::uint8_t role, std::uint8_t area, std::size_t p, int m) {
    auto& c = results.cell(m, role, area);
    ++c.programme_places;
    c.programme_spend += scenario.programmes[p].cost_per_place;
}

void Simulation::Engine::promote(const Applicant& applicant, int m, AreaFill& fill) {
    const auto slot = applicant.slot;
    detail::Person& person = store.person[slot];
    // The draws first (see initialise_person), both from one call.
    const auto words = random.words(person.id, m, Purpose::Promotion);
    const std::uint32_t leave_draw = words[0];
    const std::uint32_t apply_draw = words[1];
    const auto& edge = scenario.edges[applicant.edge];
    const auto area = person.area;
    ++results.cell(m, edge.from, area).leavers_promoted;
    auto& arrival = results.cell(m, edge.to, area);
    ++arrival.starters_promoted;
    arrival.promoted_sector_months += m - person.sector_start;
    --filled_[tally(edge.from, area)];
    ++filled_[tally(edge.to, area)];
    if ((person.flags & detail::kTrained) != 0) {
        --trained_[tally(edge.from, area)];
        ++trained_[tally(edge.to, area)];
    }
    add_to_bench(slot, m, -1);
    add_to_census(slot, m, -1);
    person.role = edge.to;
    person.role_start = static_cast<Month>(m);
    const auto& target = scenario.roles[edge.to];
    const bool working_towards = target.entry_within_months > 0 &&
                                 target.entry_requires != model::kNoQualification &&
                                 (person.qualifications & (1u << target.entry_requires)) == 0;
    if (!working_towards && target.entry_requires != model::kNoQualification) {
        // Held already, or gained along a qualification edge.
        person.qualifications |= static_cast<std::uint8_t>(1u << target.entry_requires);
    }
    person.readiness_base = 0; // readiness is for the next step up, built again in the new role
    person.flags &= static_cast<std::uint8_t>(~detail::kRetained);
    add_to_bench(slot, m, +1);
    add_to_census(slot, m, +1);
    if (working_towards) {
        // The place itself is counted against the programme after all areas are filled.
        const auto p = static_cast<std::size_t>(target.entry_programme);
        enrol_one(slot, p, m);
        ++fill.appointees[p];
    }
    schedule_leave_with(slot, m, leave_draw);
    schedule_application_with(slot, m, apply_draw);
    update_next_event(slot);
}

// New people: in the fill order (role rank, then area), as one thread would take
// them, each hire gets a freed slot (the last freed first), then a new one, and the next
// id. Where each (rank, area)'s hires start in that order is counted first, so each
// area's task sets up its own hires with nothing listed one by one.
void Simulation::Engine::hire_external(int m) {
    const auto serial_start = Clock::now();
    const std::size_t areas = scenario.areas.size();
    const std::size_t ranks = scenario.fill_order.size();
    hire_start_.resize(ranks * areas);
    std::size_t total = 0;
    for (std::size_t rank = 0; rank < ranks; ++rank) {
        for (std::size_t a = 0; a < areas; ++a) {
            hire_start_[rank * areas + a] = total;
            total += static_cast<std::size_t>(area_fill_[a].hires[rank]);
        }
    }
    const std::size_t freed = free_slots_.size();
    const std::size_t first_new = store.slots();
    const std::uint32_t first_id = next_id_;
    const auto slot_of = [&](std::size_t k) {
        return static_cast<std::uint32_t>(k < freed ? free_slots_[freed - 1 - k]
                                                    : first_new + (k - freed));
    };
    if (total > freed) {
        store.resize(first_new + (total - freed));
    }
    next_id_ += static_cast<std::uint32_t>(total);
    times.serial += seconds_since(serial_start);
    for_each_area([&](std::size_t a) {
        for (std::size_t rank = 0; rank < ranks; ++rank) {
            const std::size_t begin = hire_start_[rank * areas + a];
            const std::size_t end = begin + static_cast<std::size_t>(area_fill_[a].hires[rank]);
            const auto role = static_cast<std::uint8_t>(scenario.fill_order[rank]);
            for (std::size_t k = begin; k < end; ++k) {
                if (k + detail::kPrefetchAhead < end) {
                    store.prefetch(slot_of(k + detail::kPrefetchAhead));
                }
                initialise_hire({slot_of(k), first_id + static_cast<std::uint32_t>(k), role,
                                 static_cast<std::uint8_t>(a)},
                                m);
            }
        }
    });
    free_slots_.resize(freed - std::min(freed, total));
}

void Simulation::Engine::initialise_hire(const Hire& hire, int m) {
    // Every draw first, as for the people in post at month 0.
    // Age, retirement, first leave and first application: one call.
    const auto hire_words = random.words(hire.id, m, Purpose::NewHire);
    const std::uint32_t retire_draw = hire_words[1];
    const std::uint32_t leave_draw = hire_words[2];
    const std::uint32_t apply_draw = hire_words[3];
    const auto slot = hire.slot;
    detail::Person& person = store.person[slot];
    const int r = hire.role;
    const int a = hire.area;
    const auto& role = scenario.roles[r];
    person.id = hire.id;
    person.role = hire.role;
    person.area = hire.area;
    person.flags = detail::kAlive;
    person.programme = detail::kNoProgramme;
    person.programme_end = kNever;
    person.role_start = static_cast<Month>(m);
    person.sector_start = static_cast<Month>(m);
    person.readiness_base = 0;
    person.qualifications = role.entry_requires == model::kNoQualification
                                ? 0
                                : static_cast<std::uint8_t>(1u << role.entry_requires);
    const auto& profile = rules[cell(r, a)].senior_entry ? scenario.cells[cell(r, a)].age_profile
                                                         : scenario.entrant_age_profile;
    const double age = draw_age(profile, Random::uniform(hire_words[0]));
    person.birth_month = static_cast<Month>(m - std::lround(age * 12));
    person.retire_month = compute_retirement_month(slot, retire_draw);
    ++filled_[tally(r, a)];
    add_to_bench(slot, m, +1);
    add_to_census(slot, m, +1);
    ++results.cell(m, static_cast<model::RoleId>(r), static_cast<model::AreaId>(a))
          .starters_external;
    schedule_leave_with(slot, m, leave_draw);
    schedule_application_with(slot, m, apply_draw);
    update_next_event(slot);
}

void Simulation::Engine::fill_vacancies(int m) {
    // Promotions, moves and hires stay in their area: each area ranks its own
    // applicants and fills its own posts, in parallel. What areas share is settled
    // afterwards in a fixed order: appointees' programme places, and new people's slots
    // and ids.
    const std::size_t areas = scenario.areas.size();
    area_fill_.resize(areas);
    for_each_area([&](std::size_t a) { fill_area(a, m); });
    const auto serial_start = Clock::now();
    for (std::size_t p = 0; p < scenario.programmes.size(); ++p) {
        std::int64_t appointees = 0;
        for (const auto& fill : area_fill_) {
            appointees += fill.appointees[p];
        }
        auto& record = results.programme(m, p);
        record.enrolled_on_appointment += appointees;
        record.spend_baseline +=
            static_cast<double>(appointees) * scenario.programmes[p].cost_per_place;
        appointment_places_[p] += appointees; // taken from the baseline's next places
    }
    // Slots of those who left while seeking, in area order, for the month's hires.
    for (const auto& fill : area_fill_) {
        free_slots_.insert(free_slots_.end(), fill.freed.begin(), fill.freed.end());
    }
    times.serial += seconds_since(serial_start);
    hire_external(m);
}

void Simulation::Engine::fill_area(std::size_t area, int m) {
    AreaFill& fill = area_fill_[area];
    fill.hires.assign(scenario.fill_order.size(), 0);
    fill.freed.clear();
    fill.appointees.assign(scenario.programmes.size(), 0);
    // This area's applicants in chunk order, ranked per target role: the trained
    // first, then the most ready, then a keyed random tie-break.
    auto& applicants = fill.applicants;
    applicants.clear();
    for (const auto& chunk : chunks_) {
        const auto mine = chunk.applicants.in(area);
        applicants.insert(applicants.end(), mine.begin(), mine.end());
    }
    std::sort(applicants.begin(), applicants.end());

    const bool push = scenario.recruitment == model::Recruitment::Push;
    std::size_t next = 0;
    for (std::size_t rank = 0; rank < scenario.fill_order.size(); ++rank) {
        const int r = scenario.fill_order[rank];
        const std::size_t own = tally(r, area);
        // This rank's applicants: [next, last), those still able to take the post counted.
        std::size_t last = next;
        std::int64_t internal = 0;
        for (; last < applicants.size() && applicants[last].fill_rank() == static_cast<int>(rank);
             ++last) {
            // Scattered records, read here first: asked for ahead.
            prefetch_ahead(applicants, last, [](const Applicant& x) { return x.slot; });
            internal += can_take(applicants[last]) ? 1 : 0;
        }
        drop_expired_seekers(own, m, fill);
        const std::int64_t between = seekers_ready(own, m);
        // This month's recruits from outside the sector; those not hired go elsewhere and
        // only the fraction carries.
        double& carry = supply_carry_[own];
        carry += model::monthly_supply(scenario, static_cast<model::RoleId>(r)) *
                 scenario.cells[cell(r, area)].supply_share;
        const auto external = static_cast<std::int64_t>(std::floor(carry));
        carry -= static_cast<double>(external);
        auto& counts =
            results.cell(m, static_cast<model::RoleId>(r), static_cast<model::AreaId>(area));
        counts.job_seekers = internal + between + external;
        const CellHires hires =
            push ? CellHires{internal, between, external,
                             std::llround(static_cast<double>(external) *
                                          model::international_share(
                                              scenario, static_cast<model::RoleId>(r)))}
                 : match_cell(r, area, m, internal, between, external);
        // Promotions open vacancies lower down, filled later this month because the fill
        // order goes down the graph. The ranked take the internal hires.
        std::int64_t promoted = 0;
        for (; next < last; ++next) {
            prefetch_ahead(applicants, next, [](const Applicant& x) { return x.slot; });
            if (promoted < hires.internal && can_take(applicants[next])) {
                promote(applicants[next], m, fill);
                ++promoted;
            }
        }
        place_seekers(own, hires.between_jobs, m);
        // Recruits are set up after every area is filled: nothing later in this area reads
        // this role's stock.
        fill.hires[rank] = hires.external;
        counts.starters_international = hires.international;
    }
}

// Whether an applicant can still take the post applied for: nothing this month moved
// them out of their role or into a search for another employer.
bool Simulation::Engine::can_take(const Applicant& applicant) const {
    const detail::Person& person = store.person[applicant.slot];
    return person.role == scenario.edges[applicant.edge].from &&
           (person.flags & detail::kSeeking) == 0;
}

// One cell's hires this month from the matching function (labour_market.hpp), each
// source's expected hires rounded with a keyed draw, never more than its seekers or,
// together, the open posts.
Simulation::Engine::CellHires Simulation::Engine::match_cell(int r, std::size_t area, int m,
                                                             std::int64_t internal,
                                                             std::int64_t between,
                                                             std::int64_t external) {
    const std::size_t here = cell(r, area);
    const std::int64_t open = std::max<std::int64_t>(
        0, demand.posts(static_cast<model::RoleId>(r), static_cast<model::AreaId>(area)) -
               filled_[tally(r, area)]);
    const model::Hiring expected = model::hire_by_matching(
        static_cast<double>(open), static_cast<double>(internal), static_cast<double>(between),
        static_cast<double>(external), scenario.cells[here].matching_efficiency,
        scenario.matching_elasticity, scenario.roles[r].external_first_share);
    const auto words = random.words(static_cast<std::uint32_t>(here), m, Purpose::Matching);
    const auto round = [&](double x, std::uint32_t word, std::int64_t most) {
        return std::min(most, static_cast<std::int64_t>(std::floor(x + Random::uniform(word))));
    };
    CellHires hires{round(expected.internal, words[0], internal),
                    round(expected.between_jobs, words[1], between),
                    round(expected.external, words[2], external)};
    // Rounding up in all three may pass the open posts: outsiders give way first.
    std::int64_t excess = hires.internal + hires.between_jobs + hires.external - open;
    for (std::int64_t* part : {&hires.external, &hires.between_jobs, &hires.internal}) {
        const std::int64_t cut = std::clamp<std::int64_t>(excess, 0, *part);
        *part -= cut;
        excess -= cut;
    }
    // Outsiders come from within England and from abroad in their supply's shares.
    hires.international =
        round(static_cast<double>(hires.external) *
                  model::international_share(scenario, static_cast<model::RoleId>(r)),
              words[3], hires.external);
    return hires;
}

// The person's own side of changing employer: between jobs, applying for nothing.
detail::Seeker Simulation::Engine::begin_seeking(std::uint32_t slot, Month available) {
    detail::Person& person = store.person[slot];
    person.flags |= detail::kSeeking;
    person.apply_month = kNever;
    update_next_event(slot);
    store.set_seeking(slot, person.id);
    return {slot, person.id, available};
}

void Simulation::Engine::start_seeking(std::uint32_t slot, Month available) {
    const detail::Person& person = store.person[slot];
    const std::size_t here = tally(person.role, person.area);
    seekers_[here].push_back(begin_seeking(slot, available));
    ++between_jobs_[here];
}

// A person who left the sector: no role, no events; the slot is free for a hire.
void Simulation::Engine::clear_departed(std::uint32_t slot) {
    detail::Person& person = store.person[slot];
    person.flags = 0;
    person.role = detail::kNoRole;
    store.set_seeking(slot, detail::AgentStore::kNotSeeking);
    store.next_event[slot] = kNever;
    person.leave_month = kNever;
    person.apply_month = kNever;
    person.programme_end = kNever;
}

// Skips the queue's head past those no longer seeking here (they left the sector
// while waiting; the slot may hold someone new).
void Simulation::Engine::skip_stale_seekers(std::size_t here) {
    auto& queue = seekers_[here];
    std::size_t& head = seeker_head_[here];
    while (head < queue.size()) {
        if (store.seeking(queue[head].slot, queue[head].id)) {
            return;
        }
        ++head;
    }
}

// Those who could start months_seeking months ago and found no post leave the sector.
// The queue is in the order people could start, so they are at its head.
void Simulation::Engine::drop_expired_seekers(std::size_t here, int m, AreaFill& fill) {
    auto& queue = seekers_[here];
    std::size_t& head = seeker_head_[here];
    for (skip_stale_seekers(here);
         head < queue.size() && queue[head].available + scenario.months_seeking <= m;
         skip_stale_seekers(here)) {
        const auto slot = queue[head].slot;
        ++head;
        detail::Person& person = store.person[slot];
        auto& counts = results.cell(m, person.role, person.area);
        ++counts.left_between_jobs;
        ++counts.gave_up;
        --between_jobs_[here];
        clear_departed(slot);
        fill.freed.push_back(slot);
    }
}

// People between jobs here who can start this month: all of them (between_jobs_), less
// those still in their gap. The queue holds everyone seeking here from its head on, in
// the order they can start, so those are at its tail: a month's movers or a few,
// where counting the ready from the head checked every waiting entry against memory.
std::int64_t Simulation::Engine::seekers_ready(std::size_t here, int m) const {
    const auto& queue = seekers_[here];
    std::int64_t in_gap = 0;
    for (std::size_t i = queue.size(); i-- > seeker_head_[here] && queue[i].available > m;) {
        in_gap += store.seeking(queue[i].slot, queue[i].id) ? 1 : 0;
    }
    return between_jobs_[here] - in_gap;
}

// Places `count` people between jobs (no more than are ready), the longest seeking first.
void Simulation::Engine::place_seekers(std::size_t here, std::int64_t count, int m) {
    auto& queue = seekers_[here];
    std::size_t& head = seeker_head_[here];
    for (std::int64_t placed = 0; placed < count; ++placed) {
        skip_stale_seekers(here);
        if (head >= queue.size() || queue[head].available > m) {
            break;
        }
        prefetch_ahead(queue, head, [](const detail::Seeker& x) { return x.slot; });
        if (head + detail::kPrefetchAhead < queue.size()) {
            store.prefetch_seeking(queue[head + detail::kPrefetchAhead].slot); // checked first
        }
        const detail::Seeker seeker = queue[head];
        detail::Person& person = store.person[seeker.slot];
        ++head;
        const auto slot = seeker.slot;
        const auto apply_draw = apply_word(seeker.id, m, kAfterMove); // first, as above
        person.flags &= static_cast<std::uint8_t>(~detail::kSeeking);
        store.set_seeking(slot, detail::AgentStore::kNotSeeking);
        ++filled_[here];
        --between_jobs_[here];
        if ((person.flags & detail::kTrained) != 0) {
            ++trained_[here];
        }
        ++results.cell(m, person.role, person.area).starters_moved;
        add_to_bench(slot, m, +1);
        add_to_census(slot, m, +1);
        schedule_application_with(slot, m, apply_draw);
        update_next_event(slot);
    }
    if (head > 64 && head * 2 > queue.size()) {
        queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(head));
        head = 0;
    }
}

void Simulation::Engine::record(int m) {
    for (std::size_t r = 0; r < scenario.roles.size(); ++r) {
        for (std::size_t a = 0; a < scenario.areas.size(); ++a) {
            auto& c = results.cell(m, static_cast<model::RoleId>(r), static_cast<model::AreaId>(a));
            c.posts = demand.posts(static_cast<model::RoleId>(r), static_cast<model::AreaId>(a));
            c.filled = filled_[tally(r, a)];
            c.trained = trained_[tally(r, a)];
            c.between_jobs = between_jobs_[tally(r, a)];
            c.fte_posts = static_cast<double>(c.posts) * scenario.roles[r].fte_per_post;
            c.fte_filled = static_cast<double>(c.filled) * scenario.roles[r].fte_per_post;
        }
    }
    for (std::size_t i = 0; i < ready_now_.size(); ++i) {
        ready_now_[i] += ready_later_[static_cast<std::size_t>(m) * filled_.size() + i];
        ready_later_[static_cast<std::size_t>(m) * filled_.size() + i] = 0;
        const auto r = static_cast<model::RoleId>(i % scenario.roles.size());
        const auto a = static_cast<model::AreaId>(i / scenario.roles.size());
        auto& out = results.cell(m, r, a);
        out.ready_successors = ready_now_[i];
        // Those ready within 1, 2 and 5 years: the schedule of who becomes ready when.
        std::int64_t within = ready_now_[i];
        for (int ahead = 1; ahead <= kReadyAhead; ++ahead) {
            within += ready_later_[static_cast<std::size_t>(m + ahead) * filled_.size() + i];
            if (ahead == 12) {
                out.ready_within_1y = within;
            } else if (ahead == 24) {
                out.ready_within_2y = within;
            }
        }
        out.ready_within_5y = within;
    }
    for (std::size_t i = 0; i < filled_.size(); ++i) {
        for (std::size_t k = 0; k < kCensusThresholds; ++k) {
            census_now_[k][i] += census_later_[k][static_cast<std::size_t>(m) * filled_.size() + i];
        }
        auto& out = results.cell(m, static_cast<model::RoleId>(i % scenario.roles.size()),
                                 static_cast<model::AreaId>(i / scenario.roles.size()));
        out.aged_55_plus = census_now_[0][i];
        out.aged_45_plus = census_now_[1][i];
        out.ten_years_in_sector = census_now_[2][i];
        out.one_year_in_sector = census_now_[3][i];
        out.birth_month_sum = birth_month_sum_[i];
    }
    results.completed_months = m;
}

void Simulation::Engine::check_invariants(int m) const {
    std::vector<std::int64_t> counted(filled_.size(), 0);
    std::vector<std::int64_t> seeking(filled_.size(), 0);
    for (std::size_t slot = 0; slot < store.slots(); ++slot) {
        const detail::Person& person = store.person[slot];
        if ((person.flags & detail::kAlive) != 0) {
            ++((person.flags & detail::kSeeking) == 0 ? counted
                                                      : seeking)[tally(person.role, person.area)];
        }
    }
    for (std::size_t i = 0; i < counted.size(); ++i) {
        if (counted[i] != filled_[i] || filled_[i] < 0) {
            throw std::logic_error("stock accounting broke at month " + std::to_string(m));
        }
        // seekers_ready counts on it.
        if (seeking[i] != between_jobs_[i]) {
            throw std::logic_error("between-jobs accounting broke at month " + std::to_string(m));
        }
    }
    // The bench kept by events is who is ready now, counted afresh.
    std::vector<std::int64_t> ready(ready_now_.size(), 0);
    for (std::size_t slot = 0; slot < store.slots(); ++slot) {
        const detail::Person& person = store.person[slot];
        if ((person.flags & detail::kAlive) == 0 || (person.flags & detail::kSeeking) != 0) {
            continue;
        }
        for (auto e : rule_of(static_cast<std::uint32_t>(slot)).leadership_edges) {
            if (ready_from(static_cast<std::uint32_t>(slot), e) <= m) {
                ++ready[tally(scenario.edges[e].to, person.area)];
            }
        }
    }
    if (ready != ready_now_) {
        throw std::logic_error("bench accounting broke at month " + std::to_string(m));
    }
}

// Readiness grows at a new pace (a path or an event on workforce.readiness_per_month):
// the month each person in post becomes ready for each leadership edge moves, so the
// bench scheduled by the old pace is counted again, as of the month just ended.
void Simulation::Engine::recount_bench(int m) {
    std::fill(ready_now_.begin(), ready_now_.end(), 0);
    std::fill(ready_later_.begin(), ready_later_.end(), 0);
    provide_workers(store.slots());
    for_each_chunk(store.slots(),
                   [&](std::size_t, std::size_t begin, std::size_t end, std::size_t worker) {
                       const detail::Counters& to = counters_of_worker(worker);
                       for (std::size_t i = begin; i < end; ++i) {
                           const auto slot = static_cast<std::uint32_t>(i);
                           const std::uint8_t flags = store.person[slot].flags;
                           if ((flags & detail::kAlive) != 0 && (flags & detail::kSeeking) == 0) {
                               add_to_bench(slot, m - 1, +1, to);
                           }
                       }
                   });
    add_worker_counters(m);
}

// A policy event or a path changes the parameters from month m: the month's rules are
// rebuilt, and since leaving and applying are memoryless, everyone draws their next
// leaving month again from the new rates, and those in post their next application
// (keyed draws, so the same at any thread count).
void Simulation::Engine::enter_epoch(int m, const model::Scenario& next) {
    const auto before = rules;
    std::vector<double> multipliers_before;
    for (const auto& p : scenario.programmes) {
        multipliers_before.push_back(p.retention_multiplier);
        multipliers_before.push_back(p.promotion_multiplier);
    }
    const auto months_to_ready_before = months_to_ready_;
    scenario = next;
    build_rules();
    demand.refresh();
    if (months_to_ready_ != months_to_ready_before) {
        recount_bench(m);
    }
    bool changed = false;
    for (std::size_t c = 0; c < rules.size(); ++c) {
        changed = changed || rules[c].leave_chances != before[c].leave_chances ||
                  rules[c].apply_rate != before[c].apply_rate;
    }
    for (std::size_t p = 0; p < scenario.programmes.size(); ++p) {
        changed = changed ||
                  scenario.programmes[p].retention_multiplier != multipliers_before[2 * p] ||
                  scenario.programmes[p].promotion_multiplier != multipliers_before[2 * p + 1];
    }
    for (std::size_t e = 0; e < scenario.edges.size(); ++e) {
        changed = changed || scenario.edges[e].monthly_rate != before_edges_[e];
    }
    before_edges_.clear();
    for (const auto& edge : scenario.edges) {
        before_edges_.push_back(edge.monthly_rate);
    }
    if (!changed) {
        return;
    }
    for_each_chunk(store.slots(), [&](std::size_t, std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
            const auto slot = static_cast<std::uint32_t>(i);
            const std::uint8_t flags = store.person[slot].flags;
            if ((flags & detail::kAlive) == 0) {
                continue;
            }
            // People between jobs leave at the new rates too; they apply only once placed.
            schedule_leave(slot, m - 1, kEpoch);
            if ((flags & detail::kSeeking) == 0) {
                schedule_application(slot, m - 1, kEpoch);
            }
            update_next_event(slot);
        }
    });
}

void Simulation::Engine::step() {
    const int m = month + 1;
    while (next_epoch_ < timeline_.size() && timeline_[next_epoch_].month <= m) {
        enter_epoch(m, *timeline_[next_epoch_].scenario);
        ++next_epoch_;
    }
    auto mark = Clock::now();
    const auto lap = [&mark](double& phase) {
        const auto now = Clock::now();
        phase += std::chrono::duration<double>(now - mark).count();
        mark = now;
    };
    const double enrolment_before = times.enrolment;
    const double recording_before = times.recording;
    scan(m);
    lap(times.scan);
    gather_departures(m);
    lap(times.departures);
    demand.advance_to(m);
    enrol(m);
    lap(times.enrolment);
    fill_vacancies(m);
    lap(times.filling);
    record(m);
    lap(times.recording);
    // Enrolment and recording are serial but for their full passes over the people.
    times.serial +=
        times.enrolment - enrolment_before + times.recording - recording_before - parallel_passes_;
    parallel_passes_ = 0;
#ifdef CARECAST_VALIDATE
    check_invariants(m);
#endif
    month = m;
}

std::int64_t Simulation::Engine::agents() const {
    return std::accumulate(filled_.begin(), filled_.end(), std::int64_t{0});
}

// ---- public surface -------------------------------------------------------------

std::size_t bytes_per_agent() {
    return AgentStore::kBytesPerAgent;
}

Simulation::Simulation(const model::ValidScenario& scenario, const RunConfig& config)
    : engine_(std::make_unique<Engine>(*scenario, config)) {}
Simulation::Simulation(const model::ValidScenario& scenario, const RunConfig& config,
                       const MonthZero& start)
    : engine_(std::make_unique<Engine>(*scenario, config, &start)) {}
Simulation::~Simulation() = default;

void Simulation::step() {
    if (!finished()) {
        engine_->step();
    }
}
int Simulation::month() const {
    return engine_->month;
}
bool Simulation::finished() const {
    return engine_->month >= engine_->scenario.horizon_months;
}
std::int64_t Simulation::agents() const {
    return engine_->agents();
}
const Results& Simulation::results() const {
    return engine_->results;
}
const PhaseTimes& Simulation::phase_times() const {
    return engine_->times;
}
Results Simulation::take_results() {
    return std::move(engine_->results);
}
std::shared_ptr<const MonthZero> Simulation::month_zero() const {
    return engine_->month_zero();
}

Results run(Simulation& simulation, const RunCallbacks& callbacks) {
    const int horizon = simulation.engine_->scenario.horizon_months;
    while (!simulation.finished() &&
           (callbacks.last_month < 0 || simulation.month() < callbacks.last_month)) {
        if (callbacks.cancel != nullptr && callbacks.cancel->load()) {
            Results partial = simulation.take_results();
            partial.cancelled = true;
            return partial;
        }
        simulation.step();
        if (callbacks.on_month) {
            callbacks.on_month(simulation.month(), horizon);
        }
    }
    return simulation.take_results();
}

Results run(const model::ValidScenario& scenario, const RunConfig& config,
            const RunCallbacks& callbacks) {
    Simulation simulation(scenario, config);
    return run(simulation, callbacks);
}

Results run(const model::ValidScenario& scenario, const RunConfig& config, const MonthZero& start,
            const RunCallbacks& callbacks) {
    Simulation simulation(scenario, config, start);
    return run(simulation, callbacks);
}

} // namespace carecast::sim
