// The analytic report: the Markov twin's expectations and the career graph's
// pipeline figures, as JSON (for machines) and as text rendered from that JSON.
#pragma once

#include <carecast/model/scenario.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace carecast::batch {

// `years`: the horizon of the expected stocks and training figures (1-100).
nlohmann::json analyse(const model::Scenario& scenario, int years = 10);
std::string analysis_report(const nlohmann::json& analysis);

} // namespace carecast::batch
