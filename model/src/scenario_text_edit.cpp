// Saving an edited scenario over the text it came from: each changed number (and the
// name and description) is replaced where it stands, so the file's header, comments,
// sources and order survive a save. Changes a line cannot take in place (a key the file
// does not give, a changed structure) are left to the caller's full writer.
#include <carecast/model/scenario_edit.hpp>

#include "toml_reader.hpp"
#include "toml_writer.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <sstream>

namespace carecast::model {
namespace {

// Same roles, areas, programmes, edges, events and paths, in the same order: then every
// difference is a value on a line.
bool same_structure(const Scenario& a, const Scenario& b) {
    if (names_of(a.roles) != names_of(b.roles) || names_of(a.areas) != names_of(b.areas) ||
        names_of(a.programmes) != names_of(b.programmes) || a.edges.size() != b.edges.size() ||
        a.area_rates.size() != b.area_rates.size() || a.paths.size() != b.paths.size() ||
        a.events.size() != b.events.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.events.size(); ++i) {
        const auto& x = a.events[i];
        const auto& y = b.events[i];
        if (x.name != y.name || x.parameter != y.parameter || x.month != y.month ||
            x.value != y.value || x.multiply != y.multiply || x.ramp_months != y.ramp_months) {
            return false;
        }
    }
    return a.funded_allocation == b.funded_allocation;
}

// The entry of a [[list]] whose `field` is `value` (roles and programmes by name).
const toml::table* entry(const toml::table& root, std::string_view list, std::string_view field,
                         const std::string& value) {
    const auto* array = root.get_as<toml::array>(list);
    for (std::size_t i = 0; array != nullptr && i < array->size(); ++i) {
        const auto* table = array->get(i)->as_table();
        const auto* name = table != nullptr ? table->get_as<std::string>(field) : nullptr;
        if (name != nullptr && name->get() == value) {
            return table;
        }
    }
    return nullptr;
}

// The node a parameter key names in the file's own text, if the file gives it there.
const toml::node* locate(const toml::table& root, const std::string& key) {
    const auto first = key.find('.');
    const auto last = key.rfind('.');
    if (first == std::string::npos) {
        return nullptr;
    }
    const std::string head = key.substr(0, first);
    const std::string field = key.substr(last + 1);
    if (first == last) {
        const auto* table = root.get_as<toml::table>(head);
        return table != nullptr ? table->get(field) : nullptr;
    }
    const std::string name = key.substr(first + 1, last - first - 1);
    if (head == "roles" || head == "programmes") {
        const auto* table = entry(root, head, "name", name);
        return table != nullptr ? table->get(field) : nullptr;
    }
    if (head == "edges") {
        const auto arrow = name.find("->");
        const auto* edges = root.get_as<toml::array>("edges");
        for (std::size_t i = 0; edges != nullptr && arrow != std::string::npos && i < edges->size();
             ++i) {
            const auto* table = edges->get(i)->as_table();
            const auto* from = table != nullptr ? table->get_as<std::string>("from") : nullptr;
            const auto* to = table != nullptr ? table->get_as<std::string>("to") : nullptr;
            if (from != nullptr && to != nullptr && from->get() == name.substr(0, arrow) &&
                to->get() == name.substr(arrow + 2)) {
                return table->get(field);
            }
        }
    }
    return nullptr;
}

struct Replacement {
    std::size_t line = 0; // 1-based
    std::size_t begin = 0;
    std::size_t end = 0; // columns, 1-based, end exclusive
    std::string text;
    std::string was;
};

std::optional<Replacement> replace(const toml::node* node, std::string text, std::string was) {
    if (node == nullptr) {
        return std::nullopt;
    }
    const auto& region = node->source();
    if (region.begin.line == 0 || region.begin.line != region.end.line) {
        return std::nullopt;
    }
    return Replacement{region.begin.line, region.begin.column, region.end.column, std::move(text),
                       std::move(was)};
}

} // namespace

std::optional<std::string> edit_in_place(std::string_view text, const Scenario& before,
                                         const Scenario& after) {
    if (!same_structure(before, after)) {
        return std::nullopt;
    }
    std::vector<ScenarioError> ignored;
    const auto root = detail::parse_toml(text, "edited", ignored);
    if (!root || root->get("extends") != nullptr) {
        return std::nullopt; // an extending file holds only some keys: written whole
    }
    std::vector<Replacement> edits;
    for (const auto& [key, value] : std::vector<std::pair<const char*, const std::string*>>{
             {"scenario.name", &after.name}, {"scenario.description", &after.description}}) {
        const std::string old =
            key == std::string("scenario.name") ? before.name : before.description;
        if (*value != old) {
            auto r = replace(locate(*root, key), detail::quoted(*value), old);
            if (!r) {
                return std::nullopt;
            }
            edits.push_back(*r);
        }
    }
    for (const auto& info : describe_parameters(after)) {
        const auto old = get_parameter(before, info.key);
        if (old && *old == info.value) {
            continue;
        }
        const toml::node* node = locate(*root, info.key);
        if (node == nullptr || !(node->is_integer() || node->is_floating_point())) {
            return std::nullopt;
        }
        auto r = replace(node,
                         node->is_integer() ? fmt::format("{:.0f}", info.value)
                                            : fmt::format("{}", info.value),
                         old ? fmt::format("{}", *old) : std::string("none"));
        if (!r) {
            return std::nullopt;
        }
        edits.push_back(*r);
    }
    std::vector<std::string> lines;
    std::istringstream in{std::string(text)};
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    // Right to left within a line, so earlier columns stay where they were.
    std::sort(edits.begin(), edits.end(), [](const auto& a, const auto& b) {
        return a.line != b.line ? a.line < b.line : a.begin > b.begin;
    });
    for (const auto& e : edits) {
        std::string& line = lines[e.line - 1];
        line.replace(e.begin - 1, e.end - e.begin, e.text);
        // The line's source note now describes the old value: say so.
        const auto hash = line.find('#', e.begin - 1 + e.text.size());
        if (hash == std::string::npos) {
            line += fmt::format("  # changed from {}", e.was);
        } else {
            line.insert(hash + 1, fmt::format(" changed from {};", e.was));
        }
    }
    std::string out;
    for (const auto& line : lines) {
        out += line + '\n';
    }
    return out;
}

} // namespace carecast::model
