// Every shipped scenario, written by the writer every edit, sweep point and save goes
// through, reads back to the same scenario field by field: the comparison is the
// compiler's (defaulted operator== on every struct), so a field added to the model and
// forgotten by the writer fails here without anyone listing it.
#include "test_support.hpp"

#include <carecast/batch/scenario_file.hpp>
#include <carecast/model/scenario_edit.hpp>
#include <carecast/model/scenario_loader.hpp>

#include <catch2/catch.hpp>

#include <filesystem>

using namespace carecast;

namespace {

// The scenario as the writer leaves it, with what only says where it was read from
// taken from the original.
model::Scenario written_and_read(const model::Scenario& s) {
    const auto again = model::parse_scenario(model::to_toml(s), s.source);
    for (const auto& error : again.errors) {
        UNSCOPED_INFO(error.to_string());
    }
    REQUIRE(again.ok());
    model::Scenario t = **again.scenario;
    t.source_hash = s.source_hash;
    return t;
}

} // namespace

TEST_CASE("every shipped scenario reads back field by field after the writer") {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(test::source_path("scenarios"))) {
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() == ".toml" && name.find(".sweep.") == std::string::npos) {
            files.push_back(entry.path().string());
        }
    }
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 8);
    for (const auto& file : files) {
        INFO(file);
        const auto loaded = batch::load_scenario(file, {});
        REQUIRE(loaded.ok());
        model::Scenario s = **loaded.scenario;
        // [workforce] age_profile is written as each role's own profile, with no note.
        s.source_notes.erase("workforce.age_profile");
        std::erase(s.key_order, "workforce.age_profile");
        const model::Scenario t = written_and_read(s);
        // The parts first, so a failure says where; then the whole, which holds every
        // field whether listed here or not.
        CHECK(t.roles == s.roles);
        CHECK(t.areas == s.areas);
        CHECK(t.area_rates == s.area_rates);
        CHECK(t.edges == s.edges);
        CHECK(t.programmes == s.programmes);
        CHECK(t.events == s.events);
        CHECK(t.paths == s.paths);
        CHECK(t.uncertainties == s.uncertainties);
        CHECK(t.source_notes == s.source_notes);
        CHECK(t.cells == s.cells);
        CHECK(t.timeline == s.timeline);
        CHECK(t.header == s.header);
        // The file's order is kept: its sections and keys come in the same order, those it
        // left to their defaults after them.
        std::size_t next = 0;
        for (const auto& key : s.key_order) {
            const auto at = std::find(t.key_order.begin(), t.key_order.end(), key);
            INFO(key);
            REQUIRE(at != t.key_order.end());
            CHECK(static_cast<std::size_t>(at - t.key_order.begin()) >= next);
            next = static_cast<std::size_t>(at - t.key_order.begin());
        }
        model::Scenario same_order = t;
        same_order.key_order = s.key_order;
        CHECK(same_order == s);
    }
}

TEST_CASE("the round-trip comparison sees a field the writer would lose") {
    // The comparison itself can fail: one changed field anywhere makes the scenarios differ.
    const model::Scenario s = test::england();
    model::Scenario t = s;
    CHECK(t == s);
    t.roles.back().age_profile[0] += 1e-12;
    CHECK_FALSE(t == s);
    t = s;
    t.uncertainties.front().source += " ";
    CHECK_FALSE(t == s);
    t = s;
    REQUIRE_FALSE(t.timeline.empty());
    auto changed = std::make_shared<model::Scenario>(*t.timeline.front().scenario);
    changed->months_seeking += 1;
    t.timeline.front().scenario = changed;
    CHECK_FALSE(t == s);
}
