// Shared helpers for the tests: loading scenarios from the source tree.
#pragma once

#include <carecast/model/scenario.hpp>
#include <carecast/model/scenario_loader.hpp>

#include <string>

namespace carecast::test {

std::string source_path(const std::string& relative);
std::string read_file(const std::string& path);
// Parses scenario text that must be valid (fails the test otherwise, listing errors).
model::Scenario parse_valid(const std::string& text, const std::string& name);
// Loads a scenario that must be valid (fails the test otherwise).
model::Scenario load_valid(const std::string& relative);
model::Scenario england();
// A scenario built or changed in a test, checked as a file would be (fails the test
// otherwise): the engine runs only checked scenarios.
model::ValidScenario valid(const model::Scenario& scenario);

} // namespace carecast::test
