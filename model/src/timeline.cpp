// Events and paths turned into the scenario in force month by month.
#include <carecast/model/scenario_edit.hpp>
#include <carecast/model/scenario_loader.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace carecast::model {
namespace {

struct Change {
    std::string parameter;
    int month = 1;
    std::optional<double> value;
    std::optional<double> multiply;
    int ramp_months = 1;
    bool from_path = false;
    std::size_t index = 0;
    double from = 0; // the value before the change, read when it starts
};

std::vector<Change> changes_of(const Scenario& s) {
    std::vector<Change> changes;
    for (std::size_t i = 0; i < s.events.size(); ++i) {
        const Event& e = s.events[i];
        changes.push_back(
            {e.parameter, e.month, e.value, e.multiply, std::max(1, e.ramp_months), false, i, 0});
    }
    for (std::size_t i = 0; i < s.paths.size(); ++i) {
        const ParameterPath& p = s.paths[i];
        for (std::size_t k = 0; k < p.years.size() && k < p.values.size(); ++k) {
            const int month = (p.years[k] - s.start_year) * 12 + 1;
            changes.push_back({p.parameter, month, p.values[k], std::nullopt, 1, true, i, 0});
        }
    }
    std::stable_sort(changes.begin(), changes.end(),
                     [](const Change& a, const Change& b) { return a.month < b.month; });
    return changes;
}

} // namespace

Timeline build_timeline(const Scenario& base) {
    Timeline out;
    auto changes = changes_of(base);
    if (changes.empty()) {
        return out;
    }
    std::set<int> months;
    for (const auto& c : changes) {
        for (int k = 0; k < c.ramp_months; ++k) {
            if (c.month + k >= 1 && c.month + k <= base.horizon_months) {
                months.insert(c.month + k);
            }
        }
    }
    Scenario current = base;
    current.events.clear();
    current.paths.clear();
    current.timeline.clear();
    std::set<std::pair<bool, std::size_t>> failed; // reported once per event or path
    for (int month : months) {
        bool changed = false;
        for (auto& c : changes) {
            if (month < c.month || month >= c.month + c.ramp_months) {
                continue;
            }
            if (month == c.month) {
                const auto before = get_parameter(current, c.parameter);
                if (!before) {
                    if (failed.insert({c.from_path, c.index}).second) {
                        out.problems.push_back(
                            {c.from_path, c.index,
                             fmt::format("unknown parameter '{}'; allowed: {}", c.parameter,
                                         fmt::join(parameter_keys(base), ", "))});
                    }
                    continue;
                }
                c.from = *before;
            }
            const double target = c.value ? *c.value : c.from * c.multiply.value_or(1);
            const double done = static_cast<double>(month - c.month + 1) / c.ramp_months;
            const double value =
                month - c.month + 1 == c.ramp_months ? target : c.from + (target - c.from) * done;
            if (auto error = assign_parameter(current, c.parameter, value)) {
                if (failed.insert({c.from_path, c.index}).second) {
                    out.problems.push_back({c.from_path, c.index, *error});
                }
                continue;
            }
            changed = true;
        }
        if (!changed) {
            continue;
        }
        derive_role_rates(current);
        derive_cell_rates(current, &base.cells);
        out.epochs.push_back({month, std::make_shared<const Scenario>(current)});
    }
    return out;
}

} // namespace carecast::model
