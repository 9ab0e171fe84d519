#include "test_support.hpp"

#include <carecast/batch/scenario_file.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace carecast::test {

std::string source_path(const std::string& relative) {
    return std::string(CARECAST_SOURCE_DIR) + "/" + relative;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

model::Scenario parse_valid(const std::string& text, const std::string& name) {
    const auto result = model::parse_scenario(text, name);
    for (const auto& error : result.errors) {
        UNSCOPED_INFO(error.to_string());
    }
    REQUIRE(result.ok());
    return **result.scenario;
}

model::ValidScenario valid(const model::Scenario& scenario) {
    auto result = model::validate(scenario);
    for (const auto& error : result.errors) {
        UNSCOPED_INFO(error.to_string());
    }
    REQUIRE(result.ok());
    return std::move(*result.scenario);
}

model::Scenario load_valid(const std::string& relative) {
    return parse_valid(read_file(source_path(relative)), relative);
}

model::Scenario england() {
    const auto result = batch::load_scenario(std::nullopt, {});
    REQUIRE(result.ok());
    return **result.scenario;
}

} // namespace carecast::test
