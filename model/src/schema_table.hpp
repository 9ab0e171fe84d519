// The scenario schema: every key a file may hold, with its type and default as
// docs/scenario-format.md gives them (tests/model/test_schema_docs.cpp holds the page
// to this table), the range the reader and every edit enforce, and who may change it.
// A key added here is accepted by the reader; one missing here is refused as unknown.
#pragma once

#include <carecast/model/schema.hpp>

#include <stdexcept>

namespace carecast::model::detail {

namespace row {

constexpr SchemaKey text(std::string_view section, std::string_view key, std::string_view type,
                         std::string_view default_text) {
    return {section, key, type, default_text, nullptr, std::nullopt, KeyUse::File, std::nullopt};
}

constexpr SchemaKey number(std::string_view section, std::string_view key, std::string_view type,
                           std::string_view default_text, const Range& range,
                           std::optional<double> fallback, KeyUse use = KeyUse::File,
                           std::optional<WindowControl> window = std::nullopt) {
    return {section, key, type, default_text, &range, fallback, use, window};
}

constexpr SchemaKey retired(std::string_view section, std::string_view key) {
    return {section, key, "", "", nullptr, std::nullopt, KeyUse::Retired, std::nullopt};
}

constexpr auto kTimeline = KeyUse::Timeline;
constexpr WindowControl kGrowthSlider{-0.02, 0.06, false};
constexpr WindowControl kSupplySlider{0, 2, false};
constexpr WindowControl kPlacesDrag{0, 200000, false};

} // namespace row

inline constexpr SchemaKey kSchema[] = {
    // The top level: the file's tables (`extends` is read before these, scenario_extends.cpp).
    row::text("", "scenario", "table", "required"),
    row::text("", "workforce", "table", ""),
    row::text("", "retirement", "table", ""),
    row::text("", "demand", "table", ""),
    row::text("", "supply", "table", ""),
    row::text("", "labour_market", "table", ""),
    row::text("", "training", "table", ""),
    row::text("", "areas", "tables", ""),
    row::text("", "area_rates", "tables", ""),
    row::text("", "roles", "tables", "required"),
    row::text("", "edges", "tables", ""),
    row::text("", "programmes", "tables", ""),
    row::text("", "events", "tables", ""),
    row::text("", "paths", "tables", ""),
    row::text("", "uncertainty", "tables", ""),

    row::text("scenario", "name", "string", "required"),
    row::text("scenario", "description", "string", "\"\""),
    row::number("scenario", "start_year", "integer, 1900-2300", "2025", kYear, 2025),
    row::number("scenario", "horizon_years", "integer, 1-100", "10", kHorizonYears, 10,
                KeyUse::Edit, WindowControl{1, 30, false}),
    row::number("scenario", "horizon_months", "integer, 1-1200", "", kHorizonMonths, std::nullopt,
                KeyUse::Edit),
    row::number("scenario", "seed", "integer >= 0", "1", kSeed, 1, KeyUse::Edit),
    row::text("scenario", "recruitment", "`\"pull\"` or `\"push\"`", "`\"pull\"`"),

    row::number("workforce", "readiness_per_month", "points a month, 0-100", "1.0", kPoints, 1,
                row::kTimeline),
    row::number("workforce", "turnover_multiplier", "multiplier, 0-10", "1.0", kEffectMultiplier, 1,
                row::kTimeline),
    row::number("workforce", "within_sector_share", "rate", "0.67", kRate, 0.67),
    row::text("workforce", "age_profile", "6 shares adding to 1",
              "0.096, 0.210, 0.201, 0.256, 0.199, 0.038"),
    row::text("workforce", "entrant_age_profile", "6 shares", "0.30, 0.25, 0.20, 0.15, 0.09, 0.01"),
    row::number("workforce", "months_between_jobs", "months, 0-12", "0", kMonthsBetweenJobs, 0),
    row::number("workforce", "moves_multiplier", "multiplier, 0-10", "1", kEffectMultiplier, 1,
                row::kTimeline),
    row::number("workforce", "newcomer_leaving_ratio", "multiplier, 0-10", "1", kEffectMultiplier,
                1, row::kTimeline),
    row::number("workforce", "older_leaving_ratio", "multiplier, 0-10", "1", kEffectMultiplier, 1,
                row::kTimeline),
    row::number("workforce", "months_seeking", "months, 1-24", "3", kMonthsSeeking, 3),

    row::number("labour_market", "matching_elasticity", "0.05-0.95", "0.5", kMatchingElasticity,
                0.5, row::kTimeline),
    row::number("labour_market", "relative_pay", "index, 0.1-10", "1", kIndex, 1, row::kTimeline),
    row::number("labour_market", "pay_elasticity", "0-10", "0", kElasticity, 0, row::kTimeline),
    row::number("labour_market", "turnover_pay_elasticity", "0-10", "0", kElasticity, 0,
                row::kTimeline),
    row::number("labour_market", "market_tightness", "index, 0.1-10", "1", kIndex, 1,
                row::kTimeline),
    row::number("labour_market", "tightness_elasticity", "0-10", "0", kElasticity, 0,
                row::kTimeline),

    row::number("retirement", "from_age", "ages, rising", "[60, 65, 70]", kRetirementAges,
                std::nullopt),
    row::number("retirement", "annual_hazard", "rates, one per age", "[0.05, 0.15, 0.30]", kRate,
                std::nullopt),
    row::number("retirement", "max_age", "years, 50-100", "80", kMaxAge, 80),

    row::number("demand", "annual_growth", "rate a year, -0.5 to 1", "0", kGrowth, 0,
                row::kTimeline, row::kGrowthSlider),
    row::text("demand", "path", "tables", ""),
    row::text("demand", "areas", "table `\"Area name\" = growth`", ""),
    row::number("demand.path", "year", "year 1.., rate", "", kRunYear, std::nullopt),
    row::number("demand.path", "growth", "year 1.., rate", "", kGrowth, std::nullopt),

    row::number("supply", "domestic_multiplier", "0-100", "1", kSupplyMultiplier, 1, row::kTimeline,
                row::kSupplySlider),
    row::number("supply", "international_multiplier", "0-100", "1", kSupplyMultiplier, 1,
                row::kTimeline, row::kSupplySlider),

    row::number("training", "annual_budget", "GBP a year", "0", kMoney, 0, row::kTimeline,
                WindowControl{0, 200e6, false}),
    row::text("training", "priority", "programme names", "the programmes' order"),
    row::text("training", "funded_places", "table `\"programme\" = places a year`", ""),

    row::text("events", "name", "string", "required"),
    row::text("events", "date", "`\"YYYY-MM\"` / whole number", "one of them"),
    row::number("events", "month", "`\"YYYY-MM\"` / whole number", "one of them", kRunMonth,
                std::nullopt),
    row::text("events", "parameter", "a key `carecast run --set` takes", "required"),
    row::number("events", "value", "number", "one of them", kAnyValue, std::nullopt),
    row::number("events", "multiply", "number", "one of them", kEffectMultiplier, std::nullopt),
    row::number("events", "ramp_months", "whole number", "1", kRunMonth, 1),

    row::text("paths", "parameter", "as above", ""),
    row::number("paths", "years", "ascending whole years", "", kYear, std::nullopt),
    row::number("paths", "values", "one per year", "", kAnyValue, std::nullopt),

    row::text("uncertainty", "key", "a key `carecast run --set` takes, other than `scenario.*`",
              "required"),
    row::number("uncertainty", "range", "`[low, high]`", "one of them", kAnyValue, std::nullopt),
    row::number("uncertainty", "factor", "`[low, high]`", "one of them", kAnyValue, std::nullopt),
    row::text("uncertainty", "distribution", "`\"uniform\"`, `\"triangular\"` or `\"normal\"`",
              "`\"uniform\"`"),
    row::number("uncertainty", "mode", "number", "the value", kAnyValue, std::nullopt),
    row::number("uncertainty", "sd", "number >= 0", "required for normal", kAnyValue, std::nullopt),
    row::text("uncertainty", "source", "string", "required"),

    row::text("areas", "name", "string, unique", "required"),
    row::number("areas", "share", "rate; all add to 1", "required", kRate, std::nullopt),

    row::text("area_rates", "area", "area name", ""),
    row::text("area_rates", "role", "role name", ""),
    row::number("area_rates", "vacancy_rate", "rate in [0, 0.95] / multiplier in [0, 10]", "",
                kVacancyRate, std::nullopt),
    row::number("area_rates", "vacancy_multiplier", "rate in [0, 0.95] / multiplier in [0, 10]", "",
                kEffectMultiplier, 1),
    row::number("area_rates", "turnover", "rate / multiplier", "", kRate, std::nullopt),
    row::number("area_rates", "turnover_multiplier", "rate / multiplier", "", kEffectMultiplier, 1),
    row::number("area_rates", "within_sector_share", "rate / multiplier", "", kRate, std::nullopt),
    row::number("area_rates", "within_sector_multiplier", "rate / multiplier", "",
                kEffectMultiplier, 1),
    row::number("area_rates", "matching_efficiency", "efficiency in [0, 10] / multiplier", "",
                kEfficiency, std::nullopt),
    row::number("area_rates", "matching_efficiency_multiplier",
                "efficiency in [0, 10] / multiplier", "", kEffectMultiplier, 1),
    row::number("area_rates", "supply_multiplier", "multiplier in [0, 100]", "", kSupplyMultiplier,
                1),
    row::number("area_rates", "annual_growth", "annual growth rate", "", kGrowth, std::nullopt),
    row::text("area_rates", "age_profile", "6 shares adding to 1", ""),
    row::number("area_rates", "posts_share", "rate", "", kRate, std::nullopt),
    row::retired("area_rates", "fill_rate"),
    row::retired("area_rates", "fill_rate_multiplier"),

    row::text("roles", "name", "string, unique", "required"),
    row::text("roles", "group",
              "`\"direct care\"`, `\"managerial\"`, `\"professional\"`, `\"other\"`", "required"),
    row::text("roles", "level",
              "`\"front-line worker\"`, `\"front-line leader\"`, `\"operational "
              "leader\"`, `\"strategic leader\"`",
              "required"),
    row::number("roles", "filled", "people", "required", kCount, std::nullopt),
    row::number("roles", "posts", "posts >= filled", "", kCount, std::nullopt),
    row::number("roles", "vacancy_rate", "rate, 0-0.99", "", kMonth0VacancyRate, std::nullopt),
    row::number("roles", "turnover", "rate a year", "required", kRate, std::nullopt, row::kTimeline,
                WindowControl{0.5, 1.5, true}),
    row::number("roles", "within_sector_share", "rate", "`[workforce]`'s", kRate, 0,
                row::kTimeline),
    row::number("roles", "matching_efficiency", "0-10", "1", kEfficiency, 1, row::kTimeline),
    row::number("roles", "fte_per_post", "0.05-1.5", "1", kFte, 1, row::kTimeline),
    row::number("roles", "external_first_share", "rate", "0", kRate, 0, row::kTimeline),
    row::number("roles", "supply_domestic", "people a month", "0", kCount, 0, row::kTimeline),
    row::number("roles", "supply_international", "people a month", "0", kCount, 0, row::kTimeline),
    row::number("roles", "demand_growth", "rate a year", "the demand path", kGrowth, std::nullopt,
                row::kTimeline, row::kGrowthSlider),
    row::text("roles", "age_profile", "6 shares", "`[workforce]`'s"),
    row::text("roles", "entry_requires", "qualification name", "none"),
    row::number("roles", "entry_within_months", "months, 0-600", "0", kMonthsInRole, 0),
    row::text("roles", "qualified_share", "table `\"name\" = rate`", ""),
    row::retired("roles", "fill_rate"),

    row::text("edges", "from", "role names", "required"),
    row::text("edges", "to", "role names", "required"),
    row::text("edges", "kind", "`\"promotion\"`, `\"lateral\"`, `\"qualification\"`", "required"),
    row::number("edges", "monthly_rate", "rate a month", "required", kRate, std::nullopt,
                row::kTimeline),
    row::number("edges", "min_months", "months, 0-600", "0", kMonthsInRole, 0),
    row::number("edges", "min_readiness", "points, 0-100", "0", kPoints, 0),
    row::text("edges", "requires", "qualification name", "none"),

    row::text("programmes", "name", "string, unique", "required"),
    row::text("programmes", "eligible", "role names", "required"),
    row::text("programmes", "areas", "area names", "every area"),
    row::number("programmes", "baseline_places_per_year", "places a year", "0", kCount, 0,
                row::kTimeline, row::kPlacesDrag),
    row::number("programmes", "max_funded_places_per_year", "places a year", "0", kCount, 0,
                row::kTimeline, row::kPlacesDrag),
    row::number("programmes", "cost_per_place", "GBP", "required", kMoney, std::nullopt,
                row::kTimeline, WindowControl{0, 50000, false}),
    row::number("programmes", "duration_months", "months, 1-120", "required", kDurationMonths,
                std::nullopt),
    row::number("programmes", "completion_rate", "rate", "1", kRate, 1, row::kTimeline),
    row::number("programmes", "readiness_boost", "points, 0-100", "0", kPoints, 0, row::kTimeline,
                WindowControl{0, 50, false}),
    row::number("programmes", "promotion_multiplier", "0-10", "1", kEffectMultiplier, 1,
                row::kTimeline),
    row::number("programmes", "retention_multiplier", "0-10", "1", kEffectMultiplier, 1,
                row::kTimeline),
    row::text("programmes", "grants", "qualification name", "none"),

    // Not a file's key: an edit that sets the demand growth of every role in a group.
    row::number("groups", "demand_growth", "rate a year", "", kGrowth, std::nullopt, row::kTimeline,
                row::kGrowthSlider),
};

// The entry for `section`.`key`; in a constant expression, a key the table lacks does not
// compile.
constexpr const SchemaKey& schema_entry(std::string_view section, std::string_view key) {
    for (const auto& k : kSchema) {
        if (k.section == section && k.key == key) {
            return k;
        }
    }
    throw std::logic_error("no such key in the scenario schema");
}

} // namespace carecast::model::detail
