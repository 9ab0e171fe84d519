// The frozen, validated description of a workforce scenario. The engine only ever
// sees a Scenario that passed validation; it never changes during a run.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace carecast::model {

using RoleId = std::uint8_t;
using AreaId = std::uint8_t;
using ProgrammeId = std::uint8_t;
using QualificationId = std::int8_t; // -1 = none
inline constexpr QualificationId kNoQualification = -1;

// Hard limits of the agent record (ids are stored in one byte, qualifications as bits).
inline constexpr int kMaxRoles = 64;
inline constexpr int kMaxAreas = 200;
inline constexpr int kMaxProgrammes = 32;
inline constexpr int kMaxQualifications = 8;
inline constexpr int kMaxHorizonMonths = 1200; // months are stored as int16
inline constexpr int kAgeBands = 6;            // 16-24, 25-34, 35-44, 45-54, 55-64, 65-74
inline constexpr std::array<int, kAgeBands + 1> kAgeBandEdgesYears{16, 25, 35, 45, 55, 65, 75};

enum class RoleGroup : std::uint8_t { DirectCare, Managerial, Professional, Other };
inline constexpr int kRoleGroups = 4;

// Leadership Qualities Framework levels.
enum class LeadershipLevel : std::uint8_t {
    FrontLineWorker,
    FrontLineLeader,
    OperationalLeader,
    StrategicLeader
};
inline constexpr int kLeadershipLevels = 4;

enum class EdgeKind : std::uint8_t { Promotion, Lateral, Qualification };

const char* to_string(RoleGroup group);
const char* to_string(LeadershipLevel level);
const char* to_string(EdgeKind kind);
inline bool is_leadership(LeadershipLevel level) {
    return level != LeadershipLevel::FrontLineWorker;
}

using AgeProfile = std::array<double, kAgeBands>; // shares summing to 1

struct Area {
    std::string name;
    double share = 0; // of every role's posts and filled posts

    // Every field, as the compiler lists them: a round trip that loses one is seen.
    bool operator==(const Area&) const = default;
};

// Rates that differ between places, for one area and one role (unset: every role
// there). Each is an override or a multiplier on the national value; an override wins
// over multipliers, and a role's own entry over the area's.
struct AreaRates {
    AreaId area = 0;
    std::optional<RoleId> role;
    std::optional<double> vacancy_rate; // at month 0
    std::optional<double> turnover;
    std::optional<double> within_sector_share;
    std::optional<double> matching_efficiency;
    std::optional<double> annual_growth;
    std::optional<AgeProfile> age_profile;
    double vacancy_multiplier = 1;
    double turnover_multiplier = 1;
    double within_sector_multiplier = 1;
    double matching_efficiency_multiplier = 1;
    double supply_multiplier = 1; // on the area's share of the role's external supply
    // This role's share of its posts (and external supply) in this area, in place of the
    // area's share: for roles spread unlike the workforce (one director per council).
    std::optional<double> posts_share;

    // Every field, as the compiler lists them: a round trip that loses one is seen.
    bool operator==(const AreaRates&) const = default;
};

// What one (role, area) runs with, derived at freeze time from the role's national
// values and the area's rates. The engine and the twin both read it.
struct CellRates {
    double vacancy_rate = 0; // month 0
    std::int64_t filled = 0; // month 0
    double turnover = 0;
    double monthly_leave_hazard = 0; // the average, non-retirement job leaving
    // By time in the sector (tenure.hpp): fewer than 12 months, and the rest.
    double newcomer_leave_hazard = 0;
    double established_leave_hazard = 0;
    double newcomer_share = 0; // the first year's mean share of newcomers, at month 0
    // The monthly chance of leaving (moves and exits, retirement included) of an
    // established person under 60, before the moves multiplier (leaving_by_age.hpp).
    double base_leave_chance = 0;
    double monthly_retirement_hazard = 0;
    double within_sector_share = 0;
    double matching_efficiency = 1; // of the matching function (labour_market.hpp)
    double supply_share = 0;        // of the role's national external supply
    std::optional<double> annual_growth;
    AgeProfile age_profile{};

    // Every field, as the compiler lists them: a round trip that loses one is seen.
    bool operator==(const CellRates&) const = default;
};

struct Role {
    std::string name;
    RoleGroup group = RoleGroup::DirectCare;
    LeadershipLevel level = LeadershipLevel::FrontLineWorker;
    double posts = 0;    // month 0, all areas
    double filled = 0;   // month 0, all areas
    double turnover = 0; // annual job leavers / filled posts (Skills for Care's definition)
    double within_sector_share = 0; // of those leavers, share taking another job in the sector
    // Efficiency of the matching function that turns the month's open posts and job
    // seekers into hires (labour_market.hpp); calibrated so the role's 2024/25 vacancy
    // rate holds over the first year (`carecast calibrate`).
    double matching_efficiency = 1;
    // Share of each month's hires offered first to candidates from outside the sector
    // (within external supply), before the rest are matched: leadership posts some
    // employers fill from the NHS or other sectors, whose appointees start at 0 years in
    // adult social care.
    double external_first_share = 0;
    // Full-time equivalents per post (and per person in post), for FTE-based planning.
    double fte_per_post = 1;
    double supply_domestic = 0;          // external recruits available per month, all areas
    double supply_international = 0;     // international recruits available per month, all areas
    std::optional<double> demand_growth; // annual; unset: the area or scenario path
    AgeProfile age_profile{};
    QualificationId entry_requires = kNoQualification;
    // 0: the entry qualification is needed before appointment. > 0: "held or working
    // towards it": an internal appointee without it is enrolled on entry_programme (the
    // programme granting it) on appointment and gains it within this many months.
    int entry_within_months = 0;
    int entry_programme = -1;
    std::array<double, kMaxQualifications> qualified_share{}; // at month 0

    // Derived at freeze time.
    double monthly_retirement_hazard = 0; // expected, from the age profile
    double monthly_leave_hazard = 0;      // non-retirement job leaving (exits and moves)

    // Every field, as the compiler lists them: a round trip that loses one is seen.
    bool operator==(const Role&) const = default;
};

struct CareerEdge {
    RoleId from = 0;
    RoleId to = 0;
    EdgeKind kind = EdgeKind::Promotion;
    double monthly_rate = 0; // chance an eligible person applies in a month
    int min_months_in_role = 0;
    double min_readiness = 0;
    QualificationId required_qualification = kNoQualification;

    // Every field, as the compiler lists them: a round trip that loses one is seen.
    bool operator==(const CareerEdge&) const = default;
};

struct Programme {
    std::string name;
    std::vector<RoleId> eligible_roles;
    std::vector<AreaId> areas; // empty: every area
    // Two funders: places that happen anyway (employers, the apprenticeship levy,
    // national schemes), not charged to the scenario's budget; and places the
    // scenario's training budget may buy on top, up to a limit.
    double baseline_places_per_year = 0;
    double max_funded_places_per_year = 0;
    double cost_per_place = 0; // GBP
    int duration_months = 1;
    double completion_rate = 1;
    double readiness_boost = 0;      // readiness points on completion
    double promotion_multiplier = 1; // on application rates after completion
    double retention_multiplier = 1; // on leaving hazard from enrolment until the next job change
    QualificationId grants = kNoQualification;

    // Every field, as the compiler lists them: a round trip that loses one is seen.
    bool operator==(const Programme&) const = default;
};

struct DemandStep {
    int year = 0; // 1 = the first simulated year
    double growth = 0;

    // Every field, as the compiler lists them: a round trip that loses one is seen.
    bool operator==(const DemandStep&) const = default;
};

struct RetirementStep {
    double from_age = 0;      // years
    double annual_hazard = 0; // chance of retiring within a year at this age

    // Every field, as the compiler lists them: a round trip that loses one is seen.
    bool operator==(const RetirementStep&) const = default;
};

// A named change to one parameter from a month on (a policy or a shock): to `value`,
// or to the value before it times `multiply`, reached linearly over `ramp_months`
// (1: at once; the value is reached in the last month of the ramp).
struct Event {
    std::string name;
    std::string parameter; // a key `--set` takes, e.g. "supply.international_multiplier"
    int month = 1;         // 1 = the first simulated month
    std::optional<double> value;
    std::optional<double> multiply;
    int ramp_months = 1;

    // Every field, as the compiler lists them: a round trip that loses one is seen.
    bool operator==(const Event&) const = default;
};

// A parameter's values by calendar year, each in force from the first month of its
// year (stepped: a value holds for the whole year).
struct ParameterPath {
    std::string parameter;
    std::vector<int> years;
    std::vector<double> values;

    // Every field, as the compiler lists them: a round trip that loses one is seen.
    bool operator==(const ParameterPath&) const = default;
};

// How uncertain a number is (issue 31): the plausible values of one parameter, by
// set_parameter's key, for sensitivity analysis and assumption-inclusive bands. The
// scenario's value stays the central estimate; a run uses it unless asked to draw.
enum class Distribution : std::uint8_t {
    Uniform,    // every value in [low, high] alike
    Triangular, // peaked at `mode` (the value, unless given)
    Normal      // mean the value, standard deviation `sd`, cut at [low, high]
};
struct Uncertainty {
    std::string key;
    Distribution distribution = Distribution::Uniform;
    // Bounds, as values or (relative) as multiples of the parameter's value, so a range
    // follows the value when an extending file or --set changes it.
    bool relative = false;
    double low = 0;
    double high = 0;
    std::optional<double> mode; // triangular only; as low and high are given
    double sd = 0;              // normal only; as low and high are given
    std::string source;         // a published source, or "assumption: why"

    // Every field, as the compiler lists them: a round trip that loses one is seen.
    bool operator==(const Uncertainty&) const = default;
};

struct Scenario;
// The parameters in force from `month` on, until the next epoch.
struct ScenarioEpoch {
    int month = 0;
    std::shared_ptr<const Scenario> scenario;
    // Equal where the parameters in force are (not where the pointers are).
    bool operator==(const ScenarioEpoch& other) const;
};

// How people are recruited and promoted.
enum class Recruitment : std::uint8_t {
    Pull, // posts drive filling: vacancies are filled top-down, internal first, then external
    Push, // the classical manpower model: supply is hired every month and every eligible
          // applicant is promoted, whatever the posts
};

// Where a number in a scenario file comes from: the comment beside it, and the value it
// was given, so a value changed since says so rather than keep a source it no longer has.
struct SourceNote {
    double value = 0;
    std::string note;

    // Every field, as the compiler lists them: a round trip that loses one is seen.
    bool operator==(const SourceNote&) const = default;
};
using SourceNotes = std::map<std::string, SourceNote>;

struct Scenario {
    std::string name;
    std::string description;
    std::string source; // file name the scenario came from, for messages and manifests
    std::uint64_t source_hash = 0;
    // The comment lines that open the file (its sources and assumptions), written back
    // at the top of the file.
    std::string header;
    // The comment beside each value in the file(s) it came from, by set_parameter's
    // keys ("roles.care worker.turnover"): where it comes from. Written back beside the
    // values.
    SourceNotes source_notes;
    // The sections, and the keys within each, in the order the file(s) gave them
    // ("workforce", "workforce.age_profile", ...): the writer keeps that order.
    std::vector<std::string> key_order;
    int start_year = 2025;
    int horizon_months = 120;
    std::uint64_t seed = 1;
    Recruitment recruitment = Recruitment::Pull;

    double readiness_per_month = 1;
    // Every role's turnover times this (1: as given): a workforce-wide change, such as
    // a year of higher leaving, for events and paths.
    double turnover_multiplier = 1;
    // Job-to-job moves within the sector times this, with the same exits (1: as given).
    double moves_multiplier = 1;
    // People in their first 12 months in the sector leave at this times the rest's rate
    // (tenure.hpp; 1: alike).
    double newcomer_leaving_ratio = 1;
    // People aged 60 and over leave at this times the rate of others with the same time
    // in the sector, retirement counted among their exits (leaving_by_age.hpp; 1: alike).
    double older_leaving_ratio = 1;
    // A job change within the sector leaves a vacancy behind; the mover is between jobs
    // for this many months, then seeks an open post in their role and area among the
    // month's job seekers.
    int months_between_jobs = 0;
    // A mover who finds no post within this many months of seeking leaves the sector.
    int months_seeking = 3;
    AgeProfile entrant_age_profile{};
    std::vector<RetirementStep> retirement; // ascending from_age
    double max_working_age = 80;

    double demand_growth = 0;                       // annual, default for every role and area
    std::vector<DemandStep> demand_path;            // per-year overrides of demand_growth
    std::vector<std::optional<double>> area_growth; // per area; unset: the scenario path

    double domestic_supply_multiplier = 1;
    double international_supply_multiplier = 1;
    // The labour market beyond care (labour_market.hpp): the matching function's
    // elasticity on job seekers, and what draws applicants from within England: care
    // pay relative to competing jobs and the market's tightness (indices, 2024/25 = 1),
    // each with its elasticity.
    double matching_elasticity = 0.5;
    double relative_pay = 1;
    double pay_elasticity = 0;
    double turnover_pay_elasticity = 0; // every role's turnover times relative_pay^-this
    double market_tightness = 1;
    double tightness_elasticity = 0;
    // Training budget, GBP a year: buys funded places on top of the baseline's. At the
    // start of each year it becomes a plan (see training_plan.hpp).
    double training_budget = 0;
    std::vector<ProgrammeId> training_priority; // order a budget funds programmes in
    // Explicit funded places a year per programme (the optimiser's answer); empty: the
    // budget buys places in priority order.
    std::vector<double> funded_allocation;

    std::vector<Area> areas;
    std::vector<Role> roles;
    std::vector<AreaRates> area_rates;
    std::vector<CellRates> cells; // derived, role-major: cells[role * areas + area]
    std::vector<Event> events;
    std::vector<ParameterPath> paths;
    std::vector<Uncertainty> uncertainties; // declared ranges, by key (one each)
    // Derived: the scenario as events and paths change it, at each month where
    // something changes (empty without events or paths).
    std::vector<ScenarioEpoch> timeline;
    // What reading the file noted without refusing it: events and path years after the
    // horizon, which are not applied (a shorter run than its file's policies).
    std::vector<std::string> notes;
    std::vector<CareerEdge> edges;
    std::vector<Programme> programmes;
    std::vector<std::string> qualifications;

    // Roles in the order vacancies are filled: leadership first, then down the
    // promotion graph, so a promotion opens a vacancy that is filled later the same month.
    std::vector<RoleId> fill_order;

    int role_index(const std::string& name) const;
    int area_index(const std::string& name) const;
    double annual_growth(RoleId role, AreaId area, int year) const;
    // The parameters in force in `month` (this scenario before its first change).
    const Scenario& at_month(int month) const;
    const CellRates& cell(RoleId role, AreaId area) const {
        return cells[static_cast<std::size_t>(role) * areas.size() + area];
    }

    // Every field, as the compiler lists them (the derived ones too, which follow from
    // the rest): a writer that forgets one fails the round-trip tests.
    bool operator==(const Scenario&) const = default;
};

// The qualification an edge's target role needs before appointment; a qualification
// edge is itself the route to it, and a role taking appointees "working towards" it
// needs none beforehand. The engine and the twin both use it.
QualificationId entry_qualification(const Scenario& scenario, const CareerEdge& edge);

// External recruits available in a month for a role, all areas: its domestic and
// international supply times the scenario's multipliers. The engine and the twin both
// use it.
double monthly_supply(const Scenario& scenario, RoleId role);
// The share of that supply recruited from abroad.
double international_share(const Scenario& scenario, RoleId role);

// The names of roles, areas or programmes, in order.
template <typename List> std::vector<std::string> names_of(const List& list) {
    std::vector<std::string> names;
    for (const auto& item : list) {
        names.push_back(item.name);
    }
    return names;
}

// A role's share of its posts in an area: the area's share, or the role's own
// (`posts_share`) where the scenario gives one.
double area_share(const Scenario& scenario, RoleId role, AreaId area);

// Filled posts and posts at month 0 per (role, area), split by the role's area shares
// with largest-remainder rounding so each role's totals are exact.
std::vector<std::int64_t> split_by_area(const Scenario& scenario, RoleId role, double total);

} // namespace carecast::model
