#include "scenario_extends.hpp"

#include "source_notes.hpp"
#include "toml_reader.hpp"

#include <carecast/model/hash.hpp>

#include <fmt/format.h>

namespace carecast::model::detail {
namespace {

constexpr int kMaxDepth = 8;

// Moves a node into `table` under `key`, keeping where both came from (toml++ keeps a
// node's source when moved, not when copied; a key's is given again), so messages name
// the right file, line and column.
void put(toml::table& table, const toml::key& key, toml::node&& node) {
    std::move(node).visit([&](auto&& concrete) {
        table.insert_or_assign(toml::key(key.str(), toml::source_region(key.source())),
                               std::move(concrete));
    });
}

void merge_table(toml::table& into, toml::table&& from);

// The identity of an entry in a list merged by name: roles, programmes, areas and
// events by name, uncertainty by key (a scenario may restate a base's policy event, to undo it in a
// counterfactual), edges by (from, to); nothing for lists that are only added to.
std::optional<std::string> identity(std::string_view list, const toml::table& entry) {
    const auto text = [&](const char* key) {
        const auto* v = entry.get_as<std::string>(key);
        return v != nullptr ? std::optional<std::string>(v->get()) : std::nullopt;
    };
    if (list == "roles" || list == "programmes" || list == "areas" || list == "events") {
        return text("name");
    }
    if (list == "uncertainty") {
        return text("key");
    }
    if (list == "edges") {
        const auto from = text("from");
        const auto to = text("to");
        if (from && to) {
            return *from + "\n" + *to;
        }
    }
    return std::nullopt;
}

void merge_list(std::string_view key, toml::array& into, toml::array&& from) {
    for (auto& element : from) {
        auto* table = element.as_table();
        std::optional<std::string> id;
        if (table != nullptr) {
            id = identity(key, *table);
        }
        toml::table* same = nullptr;
        if (id) {
            for (auto& existing : into) {
                auto* t = existing.as_table();
                if (t != nullptr && identity(key, *t) == id) {
                    same = t;
                }
            }
        }
        if (same != nullptr && (key == "events" || key == "uncertainty")) {
            // Replaced whole: value and multiply (range and factor) exclude each other.
            *same = std::move(*table);
        } else if (same != nullptr) {
            merge_table(*same, std::move(*table));
        } else {
            std::move(element).visit([&](auto&& concrete) { into.push_back(std::move(concrete)); });
        }
    }
}

void merge_table(toml::table& into, toml::table&& from) {
    for (auto&& [key, node] : from) {
        auto* existing = into.get(key);
        if (existing != nullptr && existing->is_table() && node.is_table()) {
            merge_table(*existing->as_table(), std::move(*node.as_table()));
        } else if (existing != nullptr && existing->is_array_of_tables() &&
                   node.is_array_of_tables()) {
            merge_list(key.str(), *existing->as_array(), std::move(*node.as_array()));
        } else {
            put(into, key, std::move(node));
        }
    }
}

} // namespace

std::optional<toml::table> parse_extended(std::string_view text, const std::string& source,
                                          const ParentReader* read_parent,
                                          std::vector<ScenarioError>& errors, std::uint64_t& hash,
                                          FileComments& comments, int depth) {
    auto parsed = parse_toml(text, source, errors);
    hash = hash == 0 ? fnv1a(text) : fnv1a(fmt::format("{:016x}", hash) + std::string(text));
    if (!parsed) {
        return std::nullopt;
    }
    const toml::node* extends = parsed->get("extends");
    if (extends == nullptr) {
        collect_file_comments(*parsed, text, comments);
        return parsed;
    }
    TomlReader reader(source, errors);
    const auto* name = extends->as_string();
    if (name == nullptr || name->get().empty()) {
        reader.error(*extends, "extends",
                     "allowed: the name of a scenario file, e.g. \"england.toml\"");
        return std::nullopt;
    }
    if (depth >= kMaxDepth) {
        reader.error(*extends, "extends",
                     fmt::format("more than {} files extend one another (a loop?); allowed: "
                                 "at most {}",
                                 kMaxDepth, kMaxDepth));
        return std::nullopt;
    }
    if (read_parent == nullptr || !*read_parent) {
        reader.error(*extends, "extends",
                     "this scenario extends another, and there is no file to read it from; "
                     "allowed: load it from a file");
        return std::nullopt;
    }
    const ParentScenario parent = (*read_parent)(name->get(), source);
    if (parent.error) {
        reader.error(*extends, "extends",
                     fmt::format("cannot read \"{}\": {}", name->get(), *parent.error));
        return std::nullopt;
    }
    auto base =
        parse_extended(parent.text, parent.source, read_parent, errors, hash, comments, depth + 1);
    if (!base) {
        return std::nullopt;
    }
    collect_file_comments(*parsed, text, comments);
    parsed->erase("extends");
    merge_table(*base, std::move(*parsed));
    return base;
}

} // namespace carecast::model::detail
