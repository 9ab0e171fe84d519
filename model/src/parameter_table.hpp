// The numeric parameters a scenario file sets and an edit may change: one table of
// keys, members, ranges and defaults that the loader reads with and the editor
// (set_parameter) checks against, so a value is allowed in an edit exactly when it is
// allowed in a file.
#pragma once

#include "toml_reader.hpp"

#include <carecast/model/scenario.hpp>

namespace carecast::model::detail {

template <typename T> struct NumberField {
    const char* key; // as written in the file, and after "roles.<name>." in an edit
    double T::*member;
    Range range;
    bool required;
    double fallback; // when absent (roles' within_sector_share: the [workforce] value)
};

inline constexpr NumberField<Role> kRoleNumbers[] = {
    {"turnover", &Role::turnover, kRate, true, 0},
    {"within_sector_share", &Role::within_sector_share, kRate, false, 0},
    {"matching_efficiency", &Role::matching_efficiency, kEfficiency, false, 1},
    {"external_first_share", &Role::external_first_share, kRate, false, 0},
    {"supply_domestic", &Role::supply_domestic, kCount, false, 0},
    {"fte_per_post", &Role::fte_per_post, kFte, false, 1},
    {"supply_international", &Role::supply_international, kCount, false, 0},
};

inline constexpr NumberField<Programme> kProgrammeNumbers[] = {
    {"baseline_places_per_year", &Programme::baseline_places_per_year, kCount, false, 0},
    {"max_funded_places_per_year", &Programme::max_funded_places_per_year, kCount, false, 0},
    {"cost_per_place", &Programme::cost_per_place, kMoney, true, 0},
    {"completion_rate", &Programme::completion_rate, kRate, false, 1},
    {"readiness_boost", &Programme::readiness_boost, kPoints, false, 0},
    {"promotion_multiplier", &Programme::promotion_multiplier, kEffectMultiplier, false, 1},
    {"retention_multiplier", &Programme::retention_multiplier, kEffectMultiplier, false, 1},
};

// Scenario-wide numbers: `table` is the file's [table], and "table.key" the edit's key.
struct ScenarioNumber {
    const char* table;
    const char* key;
    double Scenario::*member;
    Range range;
    double fallback;
};

inline constexpr ScenarioNumber kScenarioNumbers[] = {
    {"demand", "annual_growth", &Scenario::demand_growth, kGrowth, 0},
    {"supply", "domestic_multiplier", &Scenario::domestic_supply_multiplier, kSupplyMultiplier, 1},
    {"supply", "international_multiplier", &Scenario::international_supply_multiplier,
     kSupplyMultiplier, 1},
    {"training", "annual_budget", &Scenario::training_budget, kMoney, 0},
    {"workforce", "readiness_per_month", &Scenario::readiness_per_month, kPoints, 1},
    {"workforce", "turnover_multiplier", &Scenario::turnover_multiplier, kEffectMultiplier, 1},
    {"workforce", "moves_multiplier", &Scenario::moves_multiplier, kEffectMultiplier, 1},
    {"workforce", "newcomer_leaving_ratio", &Scenario::newcomer_leaving_ratio, kEffectMultiplier,
     1},
    {"workforce", "older_leaving_ratio", &Scenario::older_leaving_ratio, kEffectMultiplier, 1},
    {"labour_market", "matching_elasticity", &Scenario::matching_elasticity, kMatchingElasticity,
     0.5},
    {"labour_market", "relative_pay", &Scenario::relative_pay, kIndex, 1},
    {"labour_market", "pay_elasticity", &Scenario::pay_elasticity, kElasticity, 0},
    {"labour_market", "turnover_pay_elasticity", &Scenario::turnover_pay_elasticity, kElasticity,
     0},
    {"labour_market", "market_tightness", &Scenario::market_tightness, kIndex, 1},
    {"labour_market", "tightness_elasticity", &Scenario::tightness_elasticity, kElasticity, 0},
};

// A role's demand growth is optional (absent: the scenario's); its range is kGrowth.
inline constexpr Range kRoleDemandGrowth = kGrowth;

// Reads every field of `fields` from `table` into `object`.
template <typename T, std::size_t N>
void read_numbers(TomlReader& reader, const toml::table& table, const std::string& path,
                  const NumberField<T> (&fields)[N], T& object) {
    for (const auto& f : fields) {
        object.*f.member =
            reader.number(table, path, f.key, f.range, f.required).value_or(f.fallback);
    }
}

// Reads the scenario-wide numbers that live in [table_name].
inline void read_scenario_numbers(TomlReader& reader, const toml::table& table,
                                  const char* table_name, Scenario& s) {
    for (const auto& f : kScenarioNumbers) {
        if (std::string_view(f.table) == table_name) {
            s.*f.member =
                reader.number(table, table_name, f.key, f.range, false).value_or(f.fallback);
        }
    }
}

} // namespace carecast::model::detail
