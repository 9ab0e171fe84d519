// The scenario schema (model/src/schema_table.hpp) drives the reader, the one door for
// edits, events and paths, and the window's controls: each is checked against it here,
// so a key added in one place only fails.
#include "test_support.hpp"

#include <carecast/model/scenario_edit.hpp>
#include <carecast/model/schema.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <set>

using namespace carecast;

namespace {

bool editable(const model::SchemaKey& k) {
    return k.use == model::KeyUse::Edit || k.use == model::KeyUse::Timeline;
}

// The council example has every kind of entry an edit names: roles, programmes, edges.
model::Scenario council() {
    return test::load_valid("scenarios/council-example.toml");
}

} // namespace

TEST_CASE("every key an edit may change is the schema's, with the schema's range") {
    const model::Scenario s = council();
    REQUIRE_FALSE(s.programmes.empty());
    std::set<const model::SchemaKey*> seen;
    for (const auto& info : model::describe_parameters(s)) {
        INFO(info.key);
        const model::SchemaKey* k = model::schema_key_of_edit(info.key);
        REQUIRE(k != nullptr);
        CHECK(editable(*k));
        CHECK(info.min == k->range->min);
        CHECK(info.max == k->range->max);
        CHECK(info.allowed == k->range->allowed);
        CHECK(info.during_run == (k->use == model::KeyUse::Timeline));
        seen.insert(k);
    }
    for (const auto& k : model::scenario_schema()) {
        if (editable(k) && k.key != "horizon_months") { // horizon_years in months
            INFO(k.section << "." << k.key << " is editable in the schema");
            CHECK(seen.count(&k) == 1);
        }
    }
}

TEST_CASE("an edit takes each key's whole range, as a file does, and nothing past it") {
    const model::Scenario s = council();
    for (const auto& info : model::describe_parameters(s)) {
        INFO(info.key);
        model::Scenario changed = s;
        CHECK_FALSE(model::set_parameter(changed, info.key, info.value).has_value());
        const double above = info.max + std::max(1.0, std::abs(info.max));
        const auto refused = model::set_parameter(changed, info.key, above);
        REQUIRE(refused.has_value());
        CHECK_THAT(*refused, Catch::Contains(fmt::format("allowed: {}", info.allowed)));
    }
    // A key only a file gives is no edit's.
    model::Scenario changed = s;
    for (const auto& [section, key] :
         {std::pair{"workforce", "months_seeking"}, std::pair{"retirement", "max_age"},
          std::pair{"roles", "filled"}, std::pair{"scenario", "start_year"}}) {
        const model::SchemaKey* k = model::find_schema_key(section, key);
        REQUIRE(k != nullptr);
        CHECK(k->use == model::KeyUse::File);
        const std::string edit = std::string(section) == "roles"
                                     ? fmt::format("roles.care worker.{}", key)
                                     : fmt::format("{}.{}", section, key);
        INFO(edit);
        CHECK_THAT(model::set_parameter(changed, edit, 1).value_or(""), Catch::Contains("unknown"));
    }
}

TEST_CASE("events may change exactly the keys the schema marks for the timeline") {
    const model::Scenario s = council();
    model::Scenario with_events = s;
    int fixed = 0;
    for (const auto& info : model::describe_parameters(s)) {
        if (info.during_run) {
            with_events.events.push_back({info.key, info.key, 13, info.value, std::nullopt, 1});
        } else {
            ++fixed;
            model::Scenario one = s;
            one.events.push_back({info.key, info.key, 13, info.value, std::nullopt, 1});
            const auto refused = model::validate(one);
            INFO(info.key);
            REQUIRE_FALSE(refused.ok());
            CHECK_THAT(refused.errors.front().message,
                       Catch::Contains("cannot change during a run"));
        }
    }
    CHECK(fixed == 2); // the horizon and the seed
    const auto checked = model::validate(with_events);
    INFO((checked.ok() ? std::string() : checked.errors.front().message));
    CHECK(checked.ok());
}

TEST_CASE("the reader refuses a key the schema lacks, naming the schema's keys") {
    std::vector<std::string_view> workforce;
    for (const auto& k : model::scenario_schema()) {
        if (k.section == "workforce" && k.use != model::KeyUse::Retired) {
            workforce.push_back(k.key);
        }
    }
    const std::string text = test::read_file(test::source_path("tests/scenarios/small.toml")) +
                             "\n[workforce]\nreadiness_per_year = 12\n";
    const auto loaded = model::parse_scenario(text, "small.toml");
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.errors.front().message ==
          fmt::format("unknown key 'readiness_per_year'; allowed here: {}",
                      fmt::join(workforce, ", ")));
}

TEST_CASE("the window's controls lie within what a file allows") {
    int controls = 0;
    for (const auto& k : model::scenario_schema()) {
        if (!k.window) {
            continue;
        }
        INFO(k.section << "." << k.key);
        ++controls;
        CHECK(editable(k));
        CHECK(k.window->min < k.window->max);
        if (!k.window->factor) {
            CHECK(k.window->min >= k.range->min);
            CHECK(k.window->max <= k.range->max);
        }
        CHECK(model::window_control(k.section, k.key).max == k.window->max);
    }
    CHECK(controls >= 10);
    CHECK_THROWS_AS(model::window_control("workforce", "months_seeking"), std::logic_error);
}

TEST_CASE("each section's keys are named once, and every number has a range") {
    std::set<std::pair<std::string_view, std::string_view>> keys;
    for (const auto& k : model::scenario_schema()) {
        INFO(k.section << "." << k.key);
        CHECK(keys.insert({k.section, k.key}).second);
        if (k.fallback || editable(k)) {
            REQUIRE(k.range != nullptr);
            if (k.fallback) {
                CHECK(*k.fallback >= k.range->min);
                CHECK(*k.fallback <= k.range->max);
            }
        }
    }
}
