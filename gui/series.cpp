#include "series.hpp"

#include <carecast/batch/tidy.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace carecast::gui {

std::string all_areas_label(const model::Scenario& scenario) {
    return scenario.areas.size() == 1 ? scenario.areas.front().name : std::string("England");
}

// 1234567.8 -> "1,234,568": figures a planner reads at a glance.
std::string grouped(double value, int decimals) {
    std::string digits = fmt::format("{:.{}f}", std::abs(value), decimals);
    const auto point = digits.find('.');
    const std::string integer = digits.substr(0, point);
    std::string whole;
    for (std::size_t i = 0; i < integer.size(); ++i) {
        if (i > 0 && (integer.size() - i) % 3 == 0) {
            whole.push_back(',');
        }
        whole.push_back(integer[i]);
    }
    return fmt::format("{}{}{}", value < 0 ? "-" : "", whole,
                       point == std::string::npos ? std::string() : digits.substr(point));
}

sim::Selection selection(const ViewState& view) {
    sim::Selection s;
    if (view.area >= 0) {
        s.area = static_cast<model::AreaId>(view.area);
    }
    if (view.roles >= 0 && view.roles < model::kRoleGroups) {
        s.group = static_cast<model::RoleGroup>(view.roles);
    } else if (view.roles >= model::kRoleGroups) {
        s.role = static_cast<model::RoleId>(view.roles - model::kRoleGroups);
    }
    return s;
}

std::string selection_label(const App& app) {
    const auto& s = app.working();
    std::string roles = "all roles";
    if (app.view.roles >= 0 && app.view.roles < model::kRoleGroups) {
        roles = model::to_string(static_cast<model::RoleGroup>(app.view.roles));
    } else if (app.view.roles >= model::kRoleGroups) {
        roles = s.roles[static_cast<std::size_t>(app.view.roles - model::kRoleGroups)].name;
    }
    const std::string area = app.view.area < 0 ? all_areas_label(s) : s.areas[app.view.area].name;
    return roles + ", " + area;
}

namespace {

bool in(const sim::Selection& s, const model::Scenario& scenario, std::size_t r, std::size_t a) {
    return (!s.role || *s.role == r) && (!s.group || *s.group == scenario.roles[r].group) &&
           (!s.area || *s.area == a);
}

} // namespace

Series ensemble_series(const Ensemble& ensemble, const Metric& metric, std::string label,
                       ImU32 colour) {
    Series series;
    series.label = label;
    series.colour = colour;
    series.from_run = [metric, label, colour](const void* other) {
        return ensemble_series(*static_cast<const Ensemble*>(other), metric, label, colour);
    };
    if (ensemble.replicates.empty()) {
        return series;
    }
    const int months = ensemble.replicates.front().completed_months;
    const bool band = ensemble.replicates.size() > 1;
    std::vector<double> values;
    for (int m = 0; m <= months; ++m) {
        values.clear();
        for (const auto& results : ensemble.replicates) {
            if (const auto v = metric(results, m)) {
                values.push_back(*v);
            }
        }
        if (values.empty()) {
            series.values.push_back(NAN);
            if (band) {
                series.low.push_back(NAN);
                series.high.push_back(NAN);
            }
            continue;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        series.values.push_back(static_cast<float>(sum / static_cast<double>(values.size())));
        if (band) { // P5 and P95 as ensemble.csv and Compare give them
            std::sort(values.begin(), values.end());
            series.low.push_back(static_cast<float>(batch::quantile(values, 0.05)));
            series.high.push_back(static_cast<float>(batch::quantile(values, 0.95)));
        }
    }
    return series;
}

Series twin_series(const App& app, const std::vector<double> model::TwinMonth::*field,
                   std::string label, ImU32 colour) {
    Series series;
    series.label = std::move(label);
    series.colour = colour;
    series.dashed = true;
    const auto& s = app.working();
    const auto chosen = selection(app.view);
    for (const auto& month : app.twin()) {
        double sum = 0;
        for (std::size_t r = 0; r < s.roles.size(); ++r) {
            for (std::size_t a = 0; a < s.areas.size(); ++a) {
                if (in(chosen, s, r, a)) {
                    sum += (month.*field)[r * s.areas.size() + a];
                }
            }
        }
        series.values.push_back(static_cast<float>(sum));
    }
    return series;
}

Series twin_vacancy_rate(const App& app, std::string label, ImU32 colour) {
    Series posts = twin_series(app, &model::TwinMonth::posts, "", colour);
    const Series filled = twin_series(app, &model::TwinMonth::filled, "", colour);
    Series rate = posts;
    rate.label = std::move(label);
    for (std::size_t m = 0; m < posts.values.size(); ++m) {
        rate.values[m] = posts.values[m] > 0 ? 1 - filled.values[m] / posts.values[m] : NAN;
    }
    return rate;
}

} // namespace carecast::gui
