// sensitivity.csv and the ranking in words.
#include <carecast/batch/sensitivity.hpp>
#include <carecast/batch/tidy.hpp>

#include <fmt/format.h>

#include <cctype>
#include <cmath>

namespace carecast::batch {
namespace {

bool in_percent(model::GoalMetric metric) {
    return metric == model::GoalMetric::VacancyRate ||
           metric == model::GoalMetric::InternalFillShare;
}

std::string value_text(model::GoalMetric metric, double value) {
    return in_percent(metric) ? fmt::format("{:.1f}%", 100 * value) : fmt::format("{:.3g}", value);
}

std::string number(double v) {
    return std::isfinite(v) ? fmt::format("{:.6g}", v) : "";
}

} // namespace

std::string in_words(const model::Goal& goal, const model::Scenario& s) {
    std::string subject = goal.role    ? s.roles[*goal.role].name
                          : goal.group ? fmt::format("{} roles", to_string(*goal.group))
                                       : std::string("all-role");
    if (goal.area) {
        subject += fmt::format(" ({})", s.areas[*goal.area].name);
    }
    const char* metric = "vacancy rate";
    switch (goal.metric) {
    case model::GoalMetric::VacancyRate:
        break;
    case model::GoalMetric::BenchStrength:
        metric = "bench (ready-now successors per post)";
        break;
    case model::GoalMetric::InternalFillShare:
        metric = "share of starters from within the sector";
        break;
    case model::GoalMetric::Filled:
        metric = "people in post";
        break;
    case model::GoalMetric::LeadershipFilledInternally:
        metric = "leadership posts filled by promotion";
        break;
    }
    const int first = s.start_year + goal.first_year - 1;
    const int last = s.start_year + goal.last_year - 1;
    return fmt::format("the {} {} in {}", subject, metric,
                       first == last ? fmt::format("{}", first)
                                     : fmt::format("{}-{}", first, last));
}

std::string sensitivity_csv(const SensitivityResult& r) {
    std::string out = "output,parameter,method,statistic,value,low,high,rank\n";
    for (std::size_t o = 0; o < r.outputs.size(); ++o) {
        const auto order = r.ranking(o);
        for (std::size_t k = 0; k < order.size(); ++k) {
            const std::size_t i = order[k];
            const auto row = [&](const char* method, const char* statistic, double value,
                                 double low, double high) {
                out += fmt::format("{},{},{},{},{},{},{},{}\n", csv_field(r.outputs[o]),
                                   csv_field(r.inputs[i].key), method, statistic, number(value),
                                   number(low), number(high), k + 1);
            };
            const double nan = std::nan("");
            if (const auto s = r.sobol_of(o, i)) {
                row("sobol", "total", s->total, s->total_low, s->total_high);
                row("sobol", "first", s->first, s->first_low, s->first_high);
            }
            row("swing", "low_end", r.swing_low[o][i], nan, nan);
            row("swing", "high_end", r.swing_high[o][i], nan, nan);
            const auto& m = r.morris[o][i];
            row("morris", "mu_star", m.mu_star, nan, nan);
            row("morris", "mu", m.mu, nan, nan);
            row("morris", "sigma", m.sigma, nan, nan);
        }
    }
    return out;
}

namespace {

void describe_output(const SensitivityResult& r, std::size_t o, std::string& out) {
    const auto metric = r.metrics[o];
    std::string output = r.described[o];
    if (!output.empty()) {
        output[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(output[0])));
    }
    out += fmt::format("{} (\"{}\"): {} with every input at its value", output, r.outputs[o],
                       value_text(metric, r.central[o]));
    if (o < r.spread.size()) {
        out += fmt::format("; {} to {} (P5-P95) across the declared ranges",
                           value_text(metric, r.spread[o].first),
                           value_text(metric, r.spread[o].second));
    }
    out += ".\n";
    const auto order = r.ranking(o);
    int named = 0;
    double rest = 0;
    for (std::size_t i : order) {
        const auto s = r.sobol_of(o, i);
        if (!s) {
            continue;
        }
        if (named < 10 && s->total >= 0.01) {
            out += fmt::format(
                "  {}. {}: total-order index {:.2f} [{:.2f}-{:.2f}], first-order {:.2f}\n", ++named,
                r.inputs[i].key, s->total, s->total_low, s->total_high, s->first);
        } else {
            rest = std::max(rest, s->total);
        }
    }
    if (named == 0) {
        out += "  No declared input moves it: its spread comes from none of them.\n";
        return;
    }
    const std::size_t first = order.front();
    const double share = r.sobol_of(o, first)->total;
    out += fmt::format("  {} depends most on {}: with its interactions, that range alone "
                       "accounts for {} of its variance across the declared ranges.",
                       output, r.inputs[first].key,
                       share >= 0.95 ? std::string("nearly all")
                                     : fmt::format("about {:.0f}%", 100 * share));
    std::size_t fixed = 0;
    for (const auto& input : r.inputs) {
        fixed += input.width() > 0 ? 0 : 1;
    }
    const std::size_t screened_out = r.inputs.size() - r.sobol_inputs.size() - fixed;
    if (screened_out > 0) {
        out += fmt::format(" {} other input{} had small effects in screening (Morris) and "
                           "kept {} value{}.",
                           screened_out, screened_out == 1 ? "" : "s",
                           screened_out == 1 ? "its" : "their", screened_out == 1 ? "" : "s");
    }
    out += "\n";
}

} // namespace

std::string sensitivity_report(const SensitivityResult& r) {
    std::string out;
    for (std::size_t o = 0; o < r.outputs.size(); ++o) {
        describe_output(r, o, out);
    }
    if (!r.checks.empty()) {
        out += "\nChecked with agent-based runs (each output's top inputs at the ends of their "
               "ranges, the others at their values; the quick model's values beside them):\n";
    }
    for (std::size_t o = 0; o < r.outputs.size(); ++o) {
        const auto metric = r.metrics[o];
        const auto v = [&](double x) { return value_text(metric, x); };
        const auto change = [&](double x) {
            return in_percent(metric) ? fmt::format("{:+.2f} pp", 100 * x)
                                      : fmt::format("{:+.3g}", x);
        };
        bool header = false;
        for (const auto& c : r.checks) {
            if (c.output != o) {
                continue;
            }
            if (!header) {
                out += fmt::format("  {}\n  {:<44} {:>17} {:>17} {:>24}\n", r.described[o], "input",
                                   "quick low-high", "agents low-high", "agents' change, 95%");
                header = true;
            }
            out += fmt::format("  {:<44} {:>17} {:>17} {:>24}\n", r.inputs[c.input].key,
                               v(c.twin_low) + "-" + v(c.twin_high),
                               v(c.agents_low) + "-" + v(c.agents_high),
                               change(c.difference_low) + " to " + change(c.difference_high));
        }
    }
    return out;
}

} // namespace carecast::batch
