// Sweep-file loader on arbitrary bytes, checked against a small fixed scenario.
#include <carecast/model/sweep.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

const carecast::model::Scenario& base() {
    static const carecast::model::Scenario scenario = [] {
        const auto result = carecast::model::parse_scenario(R"(
[scenario]
name = "fuzz base"
[[areas]]
name = "A"
share = 1.0
[[roles]]
name = "care worker"
group = "direct care"
level = "front-line worker"
filled = 100
posts = 110
turnover = 0.3
supply_domestic = 5
[[roles]]
name = "registered manager"
group = "managerial"
level = "operational leader"
filled = 10
posts = 10
turnover = 0.2
supply_domestic = 1
[[programmes]]
name = "diploma"
eligible = ["care worker"]
baseline_places_per_year = 10
cost_per_place = 100
duration_months = 6
)",
                                                            "base.toml");
        return **result.scenario;
    }();
    return scenario;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto result = carecast::model::parse_sweep(text, "fuzz.sweep.toml");
    if (result.ok()) {
        (void)carecast::model::check_sweep_against(*result.sweep, base());
        double points = result.sweep->latin_hypercube ? result.sweep->points : 1;
        for (const auto& p : result.sweep->parameters) {
            points *= result.sweep->latin_hypercube ? 1 : static_cast<double>(p.values.size());
        }
        if (points <= 10000) { // the loader allows a million; keep each input fast
            const auto design = result.sweep->design();
            (void)design.size();
        }
    }
    return 0;
}
