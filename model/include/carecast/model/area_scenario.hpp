// A council's own scenario from a few local figures: the base scenario's roles, rates
// and programmes scaled to the area, the local figures overriding, every line saying
// where its number came from.
#pragma once

#include <carecast/model/scenario.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carecast::model {

struct LocalFigures {
    std::string name;                          // the area, and the scenario's name
    double workers = 0;                        // filled posts (people in post) at the start
    std::optional<double> vacancy_rate;        // all roles, at the start
    std::optional<double> turnover;            // all roles, a year
    std::optional<double> registered_managers; // in post
    std::optional<double> share_aged_55_plus;  // of the workforce
    double training_budget = 0;                // GBP a year on top of baseline training
    std::string source_note; // where the local figures come from, said in the file
};

// One area of `base` as a scenario of its own: each role's posts, vacancy, turnover,
// moves, fill rate, age profile, growth and external supply from the area's own rates
// (its cell), programme places scaled to the area's share. A council can then start
// from its region's rates rather than England's.
Scenario regional_scenario(const Scenario& base, AreaId area);

// A local figure that cannot be used: which (LocalFigures' field name, e.g.
// "vacancy_rate") and why, with what is allowed. Front ends name their own flag or field.
struct FigureError {
    std::string figure;
    std::string message;
};

struct AreaScenarioText {
    std::string toml;                // empty when errors is not
    std::vector<FigureError> errors; // what is wrong with the figures
};

// The area's scenario file, written by to_toml: `base` (named `base_name` in its notes)
// scaled to the area, each changed number's note saying how, after the base's note for
// it (the base's source notes, as its file gave them).
AreaScenarioText write_area_scenario(const Scenario& base, const std::string& base_name,
                                     const LocalFigures& local);

} // namespace carecast::model
