// Reading a scenario's [[uncertainty]] tables: their form on their own, then their
// keys and bounds against the whole scenario.
#pragma once

#include "toml_reader.hpp"

#include <carecast/model/scenario.hpp>

namespace carecast::model::detail {

void read_uncertainties(TomlReader& reader, const toml::table& root, Scenario& scenario);
void check_uncertainties(const Scenario& scenario, const toml::table& root, TomlReader& reader);

} // namespace carecast::model::detail
