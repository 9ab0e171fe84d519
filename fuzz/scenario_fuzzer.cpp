// Scenario loader and validator on arbitrary bytes; a scenario that passes is also
// run for a few months, so the engine meets every odd-but-valid input too.
#include <carecast/model/demand.hpp>
#include <carecast/model/scenario_edit.hpp>
#include <carecast/model/scenario_loader.hpp>
#include <carecast/sim/simulation.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    carecast::model::LoadLimits limits;
    limits.max_agents = 20000; // keep each run small
    limits.max_agents_reason = "fuzzing";
    const auto result = carecast::model::parse_scenario(text, "fuzz.toml", limits);
    if (result.ok()) {
        carecast::model::ValidScenario s = *result.scenario;
        const double months = std::min(s->horizon_months, 3);
        if (carecast::model::apply_edits(s, {{"scenario.horizon_months", months}}, limits)) {
            std::abort(); // a shorter horizon of a valid scenario must stay valid
        }
        carecast::sim::Simulation simulation(s, {1, 0});
        while (!simulation.finished()) {
            simulation.step();
        }
    }
    return 0;
}
