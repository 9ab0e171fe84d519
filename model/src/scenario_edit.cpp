#include <carecast/model/scenario_edit.hpp>
#include <carecast/model/scenario_loader.hpp>
#include <carecast/model/schema.hpp>
#include <carecast/model/uncertainty.hpp>

#include "parameter_table.hpp"
#include "source_notes.hpp"
#include "toml_writer.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <set>
#include <sstream>

namespace carecast::model {
namespace {

using detail::Range;

std::optional<std::string> check(const std::string& key, double value, Range range) {
    if (!std::isfinite(value) || value < range.min || value > range.max) {
        return fmt::format("{}: {:.6g} is out of range; allowed: {}", key, value, range.allowed);
    }
    return std::nullopt;
}

// A career edge's name in keys: "care worker->senior care worker".
std::string edge_name(const Scenario& s, const CareerEdge& edge) {
    return s.roles[edge.from].name + "->" + s.roles[edge.to].name;
}

CareerEdge* find_edge(Scenario& s, const std::string& name) {
    for (auto& edge : s.edges) {
        if (edge_name(s, edge) == name) {
            return &edge;
        }
    }
    return nullptr;
}

// Splits "roles.care worker.turnover" into ("roles", "care worker", "turnover").
bool split_three(const std::string& key, std::string& head, std::string& name, std::string& field) {
    const auto first = key.find('.');
    const auto last = key.rfind('.');
    if (first == std::string::npos || last == first) {
        return false;
    }
    head = key.substr(0, first);
    name = key.substr(first + 1, last - first - 1);
    field = key.substr(last + 1);
    return true;
}

// Sets the field `name` of `object` if the loader's table `fields` has it: checked
// before it is assigned, so a refused value leaves the object as it was. Nothing if
// there is no such field.
template <typename T, std::size_t N>
std::optional<std::optional<std::string>>
set_field(T& object, const detail::NumberField<T> (&fields)[N], const std::string& key,
          const std::string& name, double value) {
    for (const auto& f : fields) {
        if (name == f.key) {
            if (auto error = check(key, value, f.range)) {
                return error;
            }
            object.*f.member = value;
            return std::optional<std::string>{};
        }
    }
    return std::nullopt;
}

template <typename T, std::size_t N>
std::string field_list(const detail::NumberField<T> (&fields)[N]) {
    std::string list;
    for (const auto& f : fields) {
        list += fmt::format("{}{}", list.empty() ? "" : ", ", f.key);
    }
    return list;
}

std::optional<std::string> set_role(Role& role, const std::string& key, const std::string& field,
                                    double value) {
    if (auto done = set_field(role, detail::kRoleNumbers, key, field, value)) {
        return *done;
    }
    if (field == "demand_growth") {
        if (auto error = check(key, value, detail::kRoleDemandGrowth)) {
            return error;
        }
        role.demand_growth = value;
        return std::nullopt;
    }
    return fmt::format("{}: unknown role parameter '{}'; allowed: {}, demand_growth", key, field,
                       field_list(detail::kRoleNumbers));
}

std::optional<std::string> set_programme(Programme& p, const std::string& key,
                                         const std::string& field, double value) {
    if (auto done = set_field(p, detail::kProgrammeNumbers, key, field, value)) {
        return *done;
    }
    return fmt::format("{}: unknown programme parameter '{}'; allowed: {}", key, field,
                       field_list(detail::kProgrammeNumbers));
}

} // namespace

std::optional<std::string> set_parameter(Scenario& s, const std::string& key, double value) {
    if (auto error = assign_parameter(s, key, value)) {
        return error;
    }
    derive_rates(s);
    return std::nullopt;
}

std::optional<std::string> assign_parameter(Scenario& s, const std::string& key, double value) {
    // Each value is checked before anything is assigned: a refused edit changes nothing.
    const auto whole = [&](Range range) -> std::optional<std::string> {
        if (auto error = check(key, value, range)) {
            return error;
        }
        if (value != std::floor(value)) {
            return fmt::format("{}: {} is not a whole number", key, value);
        }
        return std::nullopt;
    };
    const detail::ScenarioNumber* scenario_number = nullptr;
    for (const auto& f : detail::kScenarioNumbers) {
        if (key == fmt::format("{}.{}", f.table, f.key)) {
            scenario_number = &f;
        }
    }
    if (key == "scenario.horizon_years") {
        if (auto error = whole(detail::kHorizonYears)) {
            return error;
        }
        s.horizon_months = static_cast<int>(value) * 12;
    } else if (key == "scenario.horizon_months") {
        if (auto error = whole(detail::kHorizonMonths)) {
            return error;
        }
        s.horizon_months = static_cast<int>(value);
    } else if (key == "scenario.seed") {
        // As in a file: a whole number from 0 to 2^63 - 1 (exactly, through Edit::whole).
        if (auto error = whole(detail::kSeed)) {
            return error;
        }
        if (value >= 9223372036854775808.0) {
            return fmt::format("{}: {} is out of range; allowed: {}", key, value,
                               detail::kSeed.allowed);
        }
        s.seed = static_cast<std::uint64_t>(value);
    } else if (scenario_number != nullptr) {
        if (auto error = check(key, value, scenario_number->range)) {
            return error;
        }
        s.*scenario_number->member = value;
        if (key == "training.annual_budget") {
            s.funded_allocation.clear(); // a new budget is bought in priority order
        }
    } else {
        std::string head;
        std::string name;
        std::string field;
        if (!split_three(key, head, name, field)) {
            return fmt::format("unknown parameter '{}'; allowed: {}", key,
                               fmt::join(parameter_keys(s), ", "));
        }
        std::optional<std::string> error;
        if (head == "roles") {
            const int r = s.role_index(name);
            if (r < 0) {
                return fmt::format("{}: no role is named \"{}\"", key, name);
            }
            error = set_role(s.roles[static_cast<std::size_t>(r)], key, field, value);
        } else if (head == "programmes") {
            Programme* found = nullptr;
            for (auto& p : s.programmes) {
                found = p.name == name ? &p : found;
            }
            if (found == nullptr) {
                return fmt::format("{}: no programme is named \"{}\"", key, name);
            }
            error = set_programme(*found, key, field, value);
        } else if (head == "edges" && field == "monthly_rate") {
            CareerEdge* edge = find_edge(s, name);
            if (edge == nullptr) {
                return fmt::format("{}: no career edge is named \"{}\"; allowed: \"FROM->TO\" "
                                   "for an edge of the scenario",
                                   key, name);
            }
            if (auto bad =
                    check(key, value, *detail::schema_entry("edges", "monthly_rate").range)) {
                return bad;
            }
            edge->monthly_rate = value;
        } else if (head == "groups" && field == "demand_growth") {
            if (auto bad = check(key, value, detail::kRoleDemandGrowth)) {
                return bad;
            }
            bool any = false;
            for (const auto& role : s.roles) {
                any = any || name == to_string(role.group);
            }
            if (!any) {
                return fmt::format("{}: no role is in the group \"{}\"", key, name);
            }
            for (auto& role : s.roles) {
                if (name == to_string(role.group)) {
                    role.demand_growth = value;
                }
            }
        } else {
            return fmt::format("unknown parameter '{}'; allowed: {}", key,
                               fmt::join(parameter_keys(s), ", "));
        }
        if (error) {
            return error;
        }
    }
    return std::nullopt;
}

std::optional<double> get_parameter(const Scenario& s, const std::string& key) {
    if (key == "scenario.horizon_years") {
        return s.horizon_months / 12.0;
    }
    if (key == "scenario.horizon_months") {
        return s.horizon_months;
    }
    if (key == "scenario.seed") {
        return static_cast<double>(s.seed);
    }
    for (const auto& f : detail::kScenarioNumbers) {
        if (key == fmt::format("{}.{}", f.table, f.key)) {
            return s.*f.member;
        }
    }
    std::string head;
    std::string name;
    std::string field;
    if (!split_three(key, head, name, field)) {
        return std::nullopt;
    }
    const auto growth_of = [&](const Role& role) {
        return role.demand_growth.value_or(s.demand_growth);
    };
    if (head == "roles") {
        const int r = s.role_index(name);
        if (r < 0) {
            return std::nullopt;
        }
        const Role& role = s.roles[static_cast<std::size_t>(r)];
        for (const auto& f : detail::kRoleNumbers) {
            if (field == f.key) {
                return role.*f.member;
            }
        }
        if (field == "demand_growth") {
            return growth_of(role);
        }
    } else if (head == "programmes") {
        for (const auto& p : s.programmes) {
            if (p.name != name) {
                continue;
            }
            for (const auto& f : detail::kProgrammeNumbers) {
                if (field == f.key) {
                    return p.*f.member;
                }
            }
        }
    } else if (head == "edges" && field == "monthly_rate") {
        for (const auto& edge : s.edges) {
            if (edge_name(s, edge) == name) {
                return edge.monthly_rate;
            }
        }
    } else if (head == "groups" && field == "demand_growth") {
        for (const auto& role : s.roles) {
            if (name == to_string(role.group)) {
                return growth_of(role);
            }
        }
    }
    return std::nullopt;
}

std::variant<std::vector<Edit>, std::string>
parse_assignments(const std::vector<std::string>& assignments) {
    std::vector<Edit> edits;
    for (const auto& assignment : assignments) {
        const auto parsed = parse_assignment(assignment);
        if (!parsed) {
            return fmt::format("'{}': expected key=value with a number", assignment);
        }
        edits.push_back(*parsed);
    }
    return edits;
}

std::optional<Edit> parse_assignment(const std::string& assignment) {
    const auto equals = assignment.find('=');
    if (equals == std::string::npos) {
        return std::nullopt;
    }
    const std::string text = assignment.substr(equals + 1);
    std::size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (used == 0 || used != text.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    Edit parsed{assignment.substr(0, equals), value};
    std::uint64_t whole = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), whole);
    if (error == std::errc() && end == text.data() + text.size()) {
        parsed.whole = whole;
    }
    return parsed;
}

std::optional<std::uint64_t> parse_seed(const std::string& text) {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty() ||
        value > static_cast<std::uint64_t>(INT64_MAX)) {
        return std::nullopt;
    }
    return value;
}

namespace {

// An edit assigned without deriving rates: a seed typed as a whole number exactly (a
// double would round one above 2^53), anything else as assign_parameter checks it.
std::optional<std::string> assign_edit(Scenario& s, const Edit& edit) {
    if (edit.key != "scenario.seed" || !edit.whole) {
        return assign_parameter(s, edit.key, edit.value);
    }
    if (*edit.whole > static_cast<std::uint64_t>(INT64_MAX)) {
        return fmt::format("scenario.seed: {} is out of range; allowed: {}", *edit.whole,
                           detail::kSeed.allowed);
    }
    s.seed = *edit.whole;
    return std::nullopt;
}

} // namespace

std::optional<std::string> apply_edits(ValidScenario& scenario, const std::vector<Edit>& edits,
                                       const LoadLimits& limits) {
    if (edits.empty()) {
        return std::nullopt; // a valid scenario has been through the loader already
    }
    Scenario edited = *scenario;
    for (const auto& edit : edits) {
        // Checked and assigned; the rates are derived once, by the loader below, not
        // after every edit (each derivation fits the areas' fill rates in the twin).
        if (auto error = assign_edit(edited, edit)) {
            return error;
        }
    }
    // The whole scenario through the loader's checks and limits, as if it were a file.
    auto checked = validate(edited, limits);
    if (!checked.ok()) {
        std::string what;
        for (const auto& edit : edits) {
            what += fmt::format("{}{} = {}", what.empty() ? "" : ", ", edit.key, edit.value);
        }
        std::string problems;
        for (const auto& error : checked.errors) {
            problems +=
                fmt::format("{}{}: {}", problems.empty() ? "" : "; ", error.key, error.message);
        }
        return fmt::format("with {}: {}", what, problems);
    }
    scenario = std::move(*checked.scenario);
    return std::nullopt;
}

std::optional<std::string> set_parameter(Scenario& s, const std::string& assignment) {
    const auto equals = assignment.find('=');
    if (equals == std::string::npos) {
        return fmt::format("'{}': expected key=value", assignment);
    }
    const auto edit = parse_assignment(assignment);
    if (!edit) {
        return fmt::format("{}: '{}' is not a number", assignment.substr(0, equals),
                           assignment.substr(equals + 1));
    }
    if (auto error = assign_edit(s, *edit)) {
        return error;
    }
    derive_rates(s); // as set_parameter does
    return std::nullopt;
}

std::string parameter_words(const std::string& key) {
    const auto words = [](std::string text) {
        std::replace(text.begin(), text.end(), '_', ' ');
        return text;
    };
    const auto first = key.find('.');
    const auto last = key.rfind('.');
    if (first == std::string::npos) {
        return words(key);
    }
    const std::string head = key.substr(0, first);
    if (first != last &&
        (head == "roles" || head == "programmes" || head == "groups" || head == "edges")) {
        std::string name = key.substr(first + 1, last - first - 1);
        if (head == "edges") {
            const auto arrow = name.find("->");
            if (arrow != std::string::npos) {
                name = name.substr(0, arrow) + " -> " + name.substr(arrow + 2);
            }
        }
        return fmt::format("{}: {}", name, words(key.substr(last + 1)));
    }
    return fmt::format("{}: {}", words(head), words(key.substr(first + 1)));
}

namespace {

// Sections whose keys name an entry: "roles.care worker.turnover".
bool of_named_entries(std::string_view section) {
    return section == "roles" || section == "programmes" || section == "edges" ||
           section == "groups";
}

// The names a section's keys take in this scenario, in the scenario's order.
std::vector<std::string> entry_names(const Scenario& s, std::string_view section) {
    std::vector<std::string> names;
    if (section == "roles") {
        for (const auto& role : s.roles) {
            names.push_back(role.name);
        }
    } else if (section == "programmes") {
        for (const auto& p : s.programmes) {
            names.push_back(p.name);
        }
    } else if (section == "edges") {
        for (const auto& edge : s.edges) {
            names.push_back(edge_name(s, edge));
        }
    } else if (section == "groups") {
        std::set<std::string> groups;
        for (const auto& role : s.roles) {
            groups.insert(to_string(role.group));
        }
        names.assign(groups.begin(), groups.end());
    }
    return names;
}

bool editable(const SchemaKey& k) {
    return k.use == KeyUse::Edit || k.use == KeyUse::Timeline;
}

// The schema's sections with keys an edit may change, in the schema's order.
std::vector<std::string_view> editable_sections() {
    std::vector<std::string_view> sections;
    for (const auto& k : scenario_schema()) {
        if (editable(k) &&
            std::find(sections.begin(), sections.end(), k.section) == sections.end()) {
            sections.push_back(k.section);
        }
    }
    return sections;
}

} // namespace

std::vector<std::string> parameter_keys(const Scenario& s) {
    std::vector<std::string> keys;
    for (const auto section : editable_sections()) {
        std::vector<std::string_view> fields;
        for (const auto& k : scenario_schema()) {
            if (k.section == section && editable(k)) {
                fields.push_back(k.key);
            }
        }
        if (!of_named_entries(section)) {
            for (const auto field : fields) {
                keys.push_back(fmt::format("{}.{}", section, field));
            }
            continue;
        }
        const std::string field_text = fields.size() == 1
                                           ? std::string(fields.front())
                                           : fmt::format("<{}>", fmt::join(fields, "|"));
        for (const auto& name : entry_names(s, section)) {
            keys.push_back(fmt::format("{}.{}.{}", section, name, field_text));
        }
    }
    return keys;
}

std::vector<ParameterInfo> describe_parameters(const Scenario& s) {
    std::vector<ParameterInfo> out;
    const auto add = [&](const std::string& key, const SchemaKey& k) {
        const auto value = get_parameter(s, key);
        const auto note = s.source_notes.find(key);
        out.push_back({key, value.value_or(0), k.range->min, k.range->max, k.range->allowed,
                       note == s.source_notes.end() ? std::string() : note->second.note,
                       k.use == KeyUse::Timeline});
    };
    for (const auto section : editable_sections()) {
        std::vector<const SchemaKey*> fields;
        for (const auto& k : scenario_schema()) {
            // horizon_months is horizon_years in months: listed once.
            if (k.section == section && editable(k) && k.key != "horizon_months") {
                fields.push_back(&k);
            }
        }
        if (!of_named_entries(section)) {
            for (const SchemaKey* k : fields) {
                add(fmt::format("{}.{}", section, k->key), *k);
            }
            continue;
        }
        for (const auto& name : entry_names(s, section)) { // an entry's keys together
            for (const SchemaKey* k : fields) {
                add(fmt::format("{}.{}.{}", section, name, k->key), *k);
            }
        }
    }
    return out;
}

namespace {

toml::array numbers(const auto& values) {
    toml::array out;
    for (double v : values) {
        out.push_back(v);
    }
    return out;
}

// [labour_market]: every scenario number kept there, from the one table of keys.
toml::table labour_market_table(const Scenario& s) {
    toml::table table;
    for (const auto& f : detail::kScenarioNumbers) {
        if (std::string_view(f.table) == "labour_market") {
            table.insert(f.key, s.*f.member);
        }
    }
    return table;
}

} // namespace

namespace {

toml::table workforce_table(const Scenario& s) {
    toml::table t{{"readiness_per_month", s.readiness_per_month},
                  {"turnover_multiplier", s.turnover_multiplier},
                  {"moves_multiplier", s.moves_multiplier},
                  {"newcomer_leaving_ratio", s.newcomer_leaving_ratio},
                  {"older_leaving_ratio", s.older_leaving_ratio},
                  {"months_between_jobs", s.months_between_jobs},
                  {"months_seeking", s.months_seeking},
                  {"entrant_age_profile", numbers(s.entrant_age_profile)}};
    // The default share of leavers staying in the sector is every written role's own
    // value already; kept with its source where the file gave it, as the published figure.
    const auto shared = s.source_notes.find("workforce.within_sector_share");
    if (shared != s.source_notes.end()) {
        t.insert("within_sector_share", shared->second.value);
    }
    return t;
}

toml::table retirement_table(const Scenario& s) {
    toml::array ages;
    toml::array hazards;
    for (const auto& step : s.retirement) {
        ages.push_back(step.from_age);
        hazards.push_back(step.annual_hazard);
    }
    return toml::table{
        {"from_age", ages}, {"annual_hazard", hazards}, {"max_age", s.max_working_age}};
}

toml::table demand_table(const Scenario& s) {
    toml::table demand{{"annual_growth", s.demand_growth}};
    toml::array path;
    for (const auto& step : s.demand_path) {
        path.push_back(toml::table{{"year", step.year}, {"growth", step.growth}});
    }
    if (!path.empty()) {
        demand.insert("path", path);
    }
    toml::table area_growth;
    for (std::size_t a = 0; a < s.areas.size(); ++a) {
        if (a < s.area_growth.size() && s.area_growth[a]) {
            area_growth.insert(s.areas[a].name, *s.area_growth[a]);
        }
    }
    if (!area_growth.empty()) {
        demand.insert("areas", area_growth);
    }
    return demand;
}

toml::table training_table(const Scenario& s) {
    toml::table training{{"annual_budget", s.training_budget}};
    toml::array priority;
    for (auto p : s.training_priority) {
        priority.push_back(s.programmes[p].name);
    }
    if (!priority.empty()) {
        training.insert("priority", priority);
    }
    if (!s.funded_allocation.empty()) {
        toml::table places;
        for (std::size_t p = 0; p < s.programmes.size(); ++p) {
            places.insert(s.programmes[p].name, s.funded_allocation[p]);
        }
        training.insert("funded_places", places);
    }
    return training;
}

toml::table area_rates_table(const Scenario& s, const AreaRates& rates) {
    toml::table t{{"area", s.areas[rates.area].name}};
    if (rates.role) {
        t.insert("role", s.roles[*rates.role].name);
    }
    const auto put = [&](std::string_view key, const std::optional<double>& value) {
        if (value) {
            t.insert(key, *value);
        }
    };
    const auto put_multiplier = [&](std::string_view key, double value) {
        if (value != 1) {
            t.insert(key, value);
        }
    };
    put("vacancy_rate", rates.vacancy_rate);
    put_multiplier("vacancy_multiplier", rates.vacancy_multiplier);
    put("turnover", rates.turnover);
    put_multiplier("turnover_multiplier", rates.turnover_multiplier);
    put("within_sector_share", rates.within_sector_share);
    put_multiplier("within_sector_multiplier", rates.within_sector_multiplier);
    put("matching_efficiency", rates.matching_efficiency);
    put_multiplier("matching_efficiency_multiplier", rates.matching_efficiency_multiplier);
    put_multiplier("supply_multiplier", rates.supply_multiplier);
    put("posts_share", rates.posts_share);
    put("annual_growth", rates.annual_growth);
    if (rates.age_profile) {
        t.insert("age_profile", numbers(*rates.age_profile));
    }
    return t;
}

toml::array timeline_events(const Scenario& s) {
    toml::array events;
    for (const auto& e : s.events) {
        toml::table t{{"name", e.name},
                      {"date", fmt::format("{:04}-{:02}", s.start_year + (e.month - 1) / 12,
                                           (e.month - 1) % 12 + 1)},
                      {"parameter", e.parameter}};
        if (e.value) {
            t.insert("value", *e.value);
        }
        if (e.multiply) {
            t.insert("multiply", *e.multiply);
        }
        if (e.ramp_months > 1) {
            t.insert("ramp_months", e.ramp_months);
        }
        events.push_back(t);
    }
    return events;
}

toml::array timeline_paths(const Scenario& s) {
    toml::array paths;
    for (const auto& p : s.paths) {
        toml::array years;
        for (int y : p.years) {
            years.push_back(y);
        }
        paths.push_back(toml::table{
            {"parameter", p.parameter}, {"years", years}, {"values", numbers(p.values)}});
    }
    return paths;
}

toml::array uncertainty_tables(const Scenario& s) {
    toml::array out;
    for (const auto& u : s.uncertainties) {
        toml::table t{{"key", u.key}, {"distribution", to_string(u.distribution)}};
        t.insert(u.relative ? "factor" : "range", numbers(std::array{u.low, u.high}));
        if (u.mode) {
            t.insert("mode", *u.mode);
        }
        if (u.distribution == Distribution::Normal) {
            t.insert("sd", u.sd);
        }
        t.insert("source", u.source);
        out.push_back(t);
    }
    return out;
}

toml::table role_table(const Scenario& s, const Role& role) {
    toml::table t{{"name", role.name},
                  {"group", to_string(role.group)},
                  {"level", to_string(role.level)},
                  {"filled", role.filled},
                  {"turnover", role.turnover},
                  {"within_sector_share", role.within_sector_share},
                  {"matching_efficiency", role.matching_efficiency},
                  {"supply_domestic", role.supply_domestic},
                  {"supply_international", role.supply_international},
                  {"fte_per_post", role.fte_per_post},
                  {"age_profile", numbers(role.age_profile)}};
    // A file that gave the published vacancy rate keeps it, and its source, while the
    // posts still follow from it as they were read; otherwise the posts.
    const auto given = s.source_notes.find("roles." + role.name + ".vacancy_rate");
    if (given != s.source_notes.end() &&
        std::round(role.filled / (1.0 - given->second.value)) == role.posts) {
        t.insert("vacancy_rate", given->second.value);
    } else {
        t.insert("posts", role.posts);
    }
    if (role.external_first_share > 0) {
        t.insert("external_first_share", role.external_first_share);
    }
    if (role.demand_growth) {
        t.insert("demand_growth", *role.demand_growth);
    }
    if (role.entry_requires != kNoQualification) {
        t.insert("entry_requires", s.qualifications[role.entry_requires]);
        if (role.entry_within_months > 0) {
            t.insert("entry_within_months", role.entry_within_months);
        }
    }
    toml::table qualified;
    for (std::size_t q = 0; q < s.qualifications.size(); ++q) {
        if (role.qualified_share[q] > 0) {
            qualified.insert(s.qualifications[q], role.qualified_share[q]);
        }
    }
    if (!qualified.empty()) {
        t.insert("qualified_share", qualified);
    }
    return t;
}

toml::table edge_table(const Scenario& s, const CareerEdge& edge) {
    toml::table t{{"from", s.roles[edge.from].name},       {"to", s.roles[edge.to].name},
                  {"kind", to_string(edge.kind)},          {"monthly_rate", edge.monthly_rate},
                  {"min_months", edge.min_months_in_role}, {"min_readiness", edge.min_readiness}};
    if (edge.required_qualification != kNoQualification) {
        t.insert("requires", s.qualifications[edge.required_qualification]);
    }
    return t;
}

toml::table programme_table(const Scenario& s, const Programme& p) {
    toml::array eligible;
    for (auto r : p.eligible_roles) {
        eligible.push_back(s.roles[r].name);
    }
    toml::table t{{"name", p.name},
                  {"eligible", eligible},
                  {"baseline_places_per_year", p.baseline_places_per_year},
                  {"max_funded_places_per_year", p.max_funded_places_per_year},
                  {"cost_per_place", p.cost_per_place},
                  {"duration_months", p.duration_months},
                  {"completion_rate", p.completion_rate},
                  {"readiness_boost", p.readiness_boost},
                  {"promotion_multiplier", p.promotion_multiplier},
                  {"retention_multiplier", p.retention_multiplier}};
    if (!p.areas.empty()) {
        toml::array areas_of;
        for (auto a : p.areas) {
            areas_of.push_back(s.areas[a].name);
        }
        t.insert("areas", areas_of);
    }
    if (p.grants != kNoQualification) {
        t.insert("grants", s.qualifications[p.grants]);
    }
    return t;
}

toml::table scenario_table(const Scenario& s) {
    toml::table t{{"name", s.name},
                  {"description", s.description},
                  {"start_year", s.start_year},
                  {"seed", static_cast<std::int64_t>(s.seed)},
                  {"recruitment", s.recruitment == Recruitment::Push ? "push" : "pull"}};
    // The horizon as the file gave it, in years where it did and still can.
    const bool in_years =
        s.horizon_months % 12 == 0 && std::find(s.key_order.begin(), s.key_order.end(),
                                                "scenario.horizon_years") != s.key_order.end();
    if (in_years) {
        t.insert("horizon_years", s.horizon_months / 12);
    } else {
        t.insert("horizon_months", s.horizon_months);
    }
    return t;
}

// A list of tables, one per item; left out of the file when empty.
template <typename Items, typename Table>
void insert_list(toml::table& root, std::string_view key, const Items& items, const Table& table) {
    toml::array list;
    for (const auto& item : items) {
        list.push_back(table(item));
    }
    if (!list.empty()) {
        root.insert(key, list);
    }
}

} // namespace

std::string to_toml(const Scenario& s) {
    toml::table root;
    root.insert("scenario", scenario_table(s));
    root.insert("workforce", workforce_table(s));
    root.insert("labour_market", labour_market_table(s));
    root.insert("retirement", retirement_table(s));
    root.insert("demand", demand_table(s));
    root.insert("supply",
                toml::table{{"domestic_multiplier", s.domestic_supply_multiplier},
                            {"international_multiplier", s.international_supply_multiplier}});
    root.insert("training", training_table(s));
    toml::array areas;
    for (const auto& area : s.areas) {
        areas.push_back(toml::table{{"name", area.name}, {"share", area.share}});
    }
    root.insert("areas", areas);
    insert_list(root, "area_rates", s.area_rates,
                [&](const AreaRates& rates) { return area_rates_table(s, rates); });
    if (auto events = timeline_events(s); !events.empty()) {
        root.insert("events", events);
    }
    if (auto paths = timeline_paths(s); !paths.empty()) {
        root.insert("paths", paths);
    }
    if (auto declared = uncertainty_tables(s); !declared.empty()) {
        root.insert("uncertainty", declared);
    }
    toml::array roles;
    for (const auto& role : s.roles) {
        roles.push_back(role_table(s, role));
    }
    root.insert("roles", roles);
    insert_list(root, "edges", s.edges,
                [&](const CareerEdge& edge) { return edge_table(s, edge); });
    insert_list(root, "programmes", s.programmes,
                [&](const Programme& p) { return programme_table(s, p); });
    std::ostringstream out;
    if (s.header.empty()) {
        out << detail::kWriterStamp << "\"" << s.source
            << "\"; numbers' sources are in that file.\n";
    } else {
        std::istringstream lines(s.header);
        for (std::string line; std::getline(lines, line);) {
            out << (line.empty() || line.front() == '#' ? "" : "# ") << line << "\n";
        }
    }
    out << detail::write_toml(root, &s.source_notes, &s.key_order);
    return out.str();
}

} // namespace carecast::model
