// The numeric parameters a scenario file sets and an edit may change, bound to the
// members they fill: the loader reads with these and the editor (set_parameter) checks
// against them, and each takes its range, default and whether it is required from the
// schema (schema_table.hpp), so a value is allowed in an edit exactly when it is allowed
// in a file, and a key the schema lacks does not compile.
#pragma once

#include "schema_table.hpp"
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

template <typename T>
constexpr NumberField<T> number_field(std::string_view section, const char* key,
                                      double T::*member) {
    const SchemaKey& k = schema_entry(section, key);
    return {key, member, *k.range, k.default_text == "required", k.fallback.value_or(0)};
}

inline constexpr NumberField<Role> kRoleNumbers[] = {
    number_field("roles", "turnover", &Role::turnover),
    number_field("roles", "within_sector_share", &Role::within_sector_share),
    number_field("roles", "matching_efficiency", &Role::matching_efficiency),
    number_field("roles", "external_first_share", &Role::external_first_share),
    number_field("roles", "supply_domestic", &Role::supply_domestic),
    number_field("roles", "fte_per_post", &Role::fte_per_post),
    number_field("roles", "supply_international", &Role::supply_international),
};

inline constexpr NumberField<Programme> kProgrammeNumbers[] = {
    number_field("programmes", "baseline_places_per_year", &Programme::baseline_places_per_year),
    number_field("programmes", "max_funded_places_per_year",
                 &Programme::max_funded_places_per_year),
    number_field("programmes", "cost_per_place", &Programme::cost_per_place),
    number_field("programmes", "completion_rate", &Programme::completion_rate),
    number_field("programmes", "readiness_boost", &Programme::readiness_boost),
    number_field("programmes", "promotion_multiplier", &Programme::promotion_multiplier),
    number_field("programmes", "retention_multiplier", &Programme::retention_multiplier),
};

// Scenario-wide numbers: `table` is the file's [table], and "table.key" the edit's key.
struct ScenarioNumber {
    const char* table;
    const char* key;
    double Scenario::*member;
    Range range;
    double fallback;
};

constexpr ScenarioNumber scenario_number(const char* table, const char* key,
                                         double Scenario::*member) {
    const SchemaKey& k = schema_entry(table, key);
    return {table, key, member, *k.range, k.fallback.value_or(0)};
}

inline constexpr ScenarioNumber kScenarioNumbers[] = {
    scenario_number("demand", "annual_growth", &Scenario::demand_growth),
    scenario_number("supply", "domestic_multiplier", &Scenario::domestic_supply_multiplier),
    scenario_number("supply", "international_multiplier",
                    &Scenario::international_supply_multiplier),
    scenario_number("training", "annual_budget", &Scenario::training_budget),
    scenario_number("workforce", "readiness_per_month", &Scenario::readiness_per_month),
    scenario_number("workforce", "turnover_multiplier", &Scenario::turnover_multiplier),
    scenario_number("workforce", "moves_multiplier", &Scenario::moves_multiplier),
    scenario_number("workforce", "newcomer_leaving_ratio", &Scenario::newcomer_leaving_ratio),
    scenario_number("workforce", "older_leaving_ratio", &Scenario::older_leaving_ratio),
    scenario_number("labour_market", "matching_elasticity", &Scenario::matching_elasticity),
    scenario_number("labour_market", "relative_pay", &Scenario::relative_pay),
    scenario_number("labour_market", "pay_elasticity", &Scenario::pay_elasticity),
    scenario_number("labour_market", "turnover_pay_elasticity", &Scenario::turnover_pay_elasticity),
    scenario_number("labour_market", "market_tightness", &Scenario::market_tightness),
    scenario_number("labour_market", "tightness_elasticity", &Scenario::tightness_elasticity),
};

// A role's demand growth is optional (absent: the scenario's).
inline constexpr Range kRoleDemandGrowth = *schema_entry("roles", "demand_growth").range;

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
