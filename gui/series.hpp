// Turning results into chart series: the selected roles and area, the mean and the
// P5-P95 band over replicates, and the twin's expected values.
#pragma once

#include "app.hpp"
#include "chart.hpp"

#include <carecast/sim/results.hpp>

#include <functional>
#include <optional>

namespace carecast::gui {

sim::Selection selection(const ViewState& view);
// What all of a scenario's areas together are called: its own area's name when it has one
// (a council), else England.
std::string all_areas_label(const model::Scenario& scenario);

// 1234567.8 -> "1,234,568": figures a planner reads at a glance.
std::string grouped(double value, int decimals = 0);
std::string selection_label(const App& app);

using Metric = std::function<std::optional<double>(const sim::Results&, int month)>;

// Mean over replicates, with the P5-P95 band when there are several.
Series ensemble_series(const Ensemble& ensemble, const Metric& metric, std::string label,
                       ImU32 colour);

// A twin quantity summed over the selected cells, per month.
Series twin_series(const App& app, const std::vector<double> model::TwinMonth::*field,
                   std::string label, ImU32 colour);
Series twin_vacancy_rate(const App& app, std::string label, ImU32 colour);

} // namespace carecast::gui
