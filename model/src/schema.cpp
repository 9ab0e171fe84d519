#include <carecast/model/scenario.hpp>
#include <carecast/model/schema.hpp>

#include "schema_table.hpp"

#include <fmt/format.h>

#include <stdexcept>
#include <string>

namespace carecast::model {

// The schema's limits are the model's storage limits.
static_assert(detail::kHorizonMonths.max == kMaxHorizonMonths);
static_assert(detail::kHorizonYears.max == kMaxHorizonMonths / 12);
static_assert(detail::kRunMonth.max == kMaxHorizonMonths);
static_assert(detail::kRunYear.max == kMaxHorizonMonths / 12);

std::span<const SchemaKey> scenario_schema() {
    return detail::kSchema;
}

const SchemaKey* find_schema_key(std::string_view section, std::string_view key) {
    for (const auto& k : detail::kSchema) {
        if (k.section == section && k.key == key) {
            return &k;
        }
    }
    return nullptr;
}

const SchemaKey* schema_key_of_edit(std::string_view edit_key) {
    const auto first = edit_key.find('.');
    const auto last = edit_key.rfind('.');
    if (first == std::string_view::npos) {
        return nullptr;
    }
    const SchemaKey* k = find_schema_key(edit_key.substr(0, first), edit_key.substr(last + 1));
    // A named entry's key has three parts ("roles.NAME.field"), a table's two.
    const bool named = first != last;
    const bool of_named_entries =
        k != nullptr && (k->section == "roles" || k->section == "programmes" ||
                         k->section == "edges" || k->section == "groups");
    return k != nullptr && named == of_named_entries ? k : nullptr;
}

bool may_change_during_run(std::string_view edit_key) {
    const SchemaKey* k = schema_key_of_edit(edit_key);
    return k != nullptr && k->use == KeyUse::Timeline;
}

WindowControl window_control(std::string_view section, std::string_view key) {
    const SchemaKey* k = find_schema_key(section, key);
    if (k == nullptr || !k->window) {
        throw std::logic_error(
            fmt::format("the scenario schema gives {}.{} no control in the window", section, key));
    }
    return *k->window;
}

} // namespace carecast::model
