#include "uncertainty_reader.hpp"

#include <carecast/model/scenario_edit.hpp>
#include <carecast/model/schema.hpp>
#include <carecast/model/uncertainty.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace carecast::model::detail {
namespace {

const std::vector<std::string_view> kDistributions{"uniform", "triangular", "normal"};

// [low, high] from `range` (values) or `factor` (multiples of the value), one of them.
void read_bounds(TomlReader& reader, const toml::table& t, const std::string& path,
                 Uncertainty& u) {
    const bool has_range = t.contains("range");
    if (has_range == t.contains("factor")) {
        reader.error(t, path,
                     "give range = [low, high] (values) or factor = [low, high] (multiples of "
                     "the value), one of them");
        return;
    }
    const char* key = has_range ? "range" : "factor";
    u.relative = !has_range;
    const auto bounds = reader.numbers(t, path, key, kAnyValue, true);
    if (!bounds) {
        return;
    }
    if (bounds->size() != 2 || (*bounds)[0] > (*bounds)[1]) {
        reader.error(*t.get(key), TomlReader::join(path, key),
                     "allowed: two numbers [low, high] with low <= high");
        return;
    }
    u.low = (*bounds)[0];
    u.high = (*bounds)[1];
}

} // namespace

void read_uncertainties(TomlReader& reader, const toml::table& root, Scenario& s) {
    const auto tables = reader.tables(root, "", "uncertainty", false);
    for (std::size_t i = 0; i < tables.size(); ++i) {
        const toml::table& t = *tables[i];
        const std::string path = TomlReader::indexed("", "uncertainty", i);
        reader.check_schema_keys(t, path, "uncertainty");
        Uncertainty u;
        u.key = reader.string(t, path, "key", true).value_or("");
        u.distribution = static_cast<Distribution>(
            reader.choice(t, path, "distribution", kDistributions, false).value_or(0));
        read_bounds(reader, t, path, u);
        u.mode = reader.number(t, path, "mode", kAnyValue, false);
        u.sd =
            reader.number(t, path, "sd", {0, 1e13, "a standard deviation >= 0"}, false).value_or(0);
        if (u.mode && u.distribution != Distribution::Triangular) {
            reader.error(*t.get("mode"), path + ".mode",
                         "mode is for distribution = \"triangular\" only");
        }
        if (u.distribution == Distribution::Normal && !t.contains("sd")) {
            reader.error(t, path, "a normal distribution needs sd (cut at the range's ends)");
        }
        u.source = reader.string(t, path, "source", true).value_or("");
        if (t.contains("source") && u.source.find_first_not_of(" \t") == std::string::npos) {
            reader.error(*t.get("source"), path + ".source",
                         "allowed: a published source, or \"assumption: why\"");
        }
        s.uncertainties.push_back(u);
    }
}

void check_uncertainties(const Scenario& s, const toml::table& root, TomlReader& reader) {
    const auto* list = root.get_as<toml::array>("uncertainty");
    const auto node_of = [&](std::size_t i, const char* key) -> const toml::node& {
        const toml::table& entry = *list->at(i).as_table();
        const toml::node* found = entry.get(key);
        return found != nullptr ? *found : entry;
    };
    const auto parameters = describe_parameters(s);
    std::vector<std::string> allowed;
    for (const auto& key : parameter_keys(s)) {
        // The concrete keys, and each entry's fields given together ("roles.X.<a|b>").
        const auto fields = key.find(".<");
        if (fields != std::string::npos || may_change_during_run(key)) {
            allowed.push_back(key);
        }
    }
    const auto ranges = parameter_ranges(s);
    for (std::size_t i = 0; i < s.uncertainties.size(); ++i) {
        const Uncertainty& u = s.uncertainties[i];
        const std::string path = fmt::format("uncertainty[{}]", i);
        const auto info = std::find_if(parameters.begin(), parameters.end(),
                                       [&](const ParameterInfo& p) { return p.key == u.key; });
        if (info == parameters.end() || !info->during_run) {
            reader.error(node_of(i, "key"), path + ".key",
                         fmt::format("'{}' cannot be uncertain; allowed: a numeric parameter key "
                                     "(as in a sweep or an event) other than scenario.*, e.g. {}",
                                     u.key, fmt::join(allowed, ", ")));
            continue;
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (s.uncertainties[j].key == u.key) {
                reader.error(node_of(i, "key"), path + ".key",
                             fmt::format("'{}' is declared again (first in uncertainty[{}]); "
                                         "allowed: one declaration a parameter",
                                         u.key, j));
            }
        }
        const ParameterRange& r = ranges[i];
        const char* bounds = u.relative ? "factor" : "range";
        if (r.low < info->min || r.high > info->max) {
            reader.error(node_of(i, bounds), path + "." + bounds,
                         fmt::format("{} spans [{:g}, {:g}] for {}; allowed: {}", bounds, r.low,
                                     r.high, u.key, info->allowed));
        }
        if (u.distribution == Distribution::Triangular && (r.mode < r.low || r.mode > r.high)) {
            reader.error(node_of(i, u.mode ? "mode" : bounds), path + ".mode",
                         fmt::format("the mode {:g} is outside [{:g}, {:g}]; allowed: a mode "
                                     "within the range (without one, the value is the mode)",
                                     r.mode, r.low, r.high));
        }
    }
}

} // namespace carecast::model::detail
