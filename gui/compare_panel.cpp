#include "panels.hpp"

#include "series.hpp"
#include <carecast/model/scenario_edit.hpp>

#include <carecast/batch/ensemble.hpp>
#include <carecast/batch/summary.hpp>
#include <carecast/batch/tidy.hpp>

#include <algorithm>
#include <imgui.h>
#include <numeric>

#include <fmt/format.h>

#include <cmath>
#include <functional>
#include <optional>

namespace carecast::gui {
namespace {

// Outcomes a planner compares, at a chosen month of a run: one value per replicate,
// so the table can give the mean and the P5-P95 range.
struct Outcomes {
    std::vector<double> filled;
    std::vector<double> vacancy_rate;
    std::vector<double> leader_vacancies; // the focus leadership role
    std::vector<double> leader_vacancy_rate;
    std::vector<double> leader_bench;
    std::vector<batch::LeadershipTotals> totals; // whole run: promotions into leadership, spend

    // One whole-run figure per replicate.
    std::vector<double> whole_run(double batch::LeadershipTotals::*field) const {
        std::vector<double> v;
        for (const auto& t : totals) {
            v.push_back(t.*field);
        }
        return v;
    }
};

Outcomes outcomes(const Ensemble& e, int month) {
    Outcomes o;
    const int focus = batch::focus_role(e.scenario);
    for (const auto& r : e.replicates) {
        const int m = std::min(month, r.completed_months);
        o.filled.push_back(static_cast<double>(r.total(m, {}).filled));
        o.vacancy_rate.push_back(r.vacancy_rate(m, {}).value_or(0));
        if (focus >= 0) {
            sim::Selection one;
            one.role = static_cast<model::RoleId>(focus);
            o.leader_vacancies.push_back(static_cast<double>(r.total(m, one).vacancies()));
            o.leader_vacancy_rate.push_back(r.vacancy_rate(m, one).value_or(0));
            o.leader_bench.push_back(r.bench_strength(m, one).value_or(0));
        }
        o.totals.push_back(batch::leadership_totals(r));
    }
    return o;
}

double mean(const std::vector<double>& v) {
    return v.empty() ? 0.0
                     : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// P5 and P95 as results.csv and ensemble.csv give them (batch::quantile).
std::pair<double, double> band(std::vector<double> v) {
    if (v.empty()) {
        return {0, 0};
    }
    std::sort(v.begin(), v.end());
    return {batch::quantile(v, 0.05), batch::quantile(v, 0.95)};
}

// A caution, wrapped to the panel so it is never cut off at the window's edge.
template <typename... Args> void warn(const char* format, Args... args) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.35f, 0.0f, 1));
    ImGui::TextWrapped(format, args...);
    ImGui::PopStyleColor();
}

// An event in words: when, what it changes, and how.
std::string event_text(const model::Scenario& s, const model::Event& e) {
    const std::string change = e.value ? fmt::format("= {:.4g}", *e.value)
                                       : fmt::format("x {:.4g}", e.multiply.value_or(1));
    return fmt::format("{:04}-{:02} {}: {} {}", s.start_year + (e.month - 1) / 12,
                       (e.month - 1) % 12 + 1, e.name, model::parameter_words(e.parameter), change);
}

// What changed in a programme, and only that: "funded places 150 -> 0 a year".
std::string programme_change(const model::Programme& a, const model::Programme& b) {
    std::string text = a.name + ":";
    const auto field = [&](bool differs, const std::string& words) {
        if (differs) {
            text += (text.back() == ':' ? " " : "; ") + words;
        }
    };
    field(a.baseline_places_per_year != b.baseline_places_per_year,
          fmt::format("places without funding {:.0f} -> {:.0f} a year", a.baseline_places_per_year,
                      b.baseline_places_per_year));
    field(a.max_funded_places_per_year != b.max_funded_places_per_year,
          fmt::format("funded places up to {:.0f} -> {:.0f} a year", a.max_funded_places_per_year,
                      b.max_funded_places_per_year));
    field(a.cost_per_place != b.cost_per_place,
          fmt::format("GBP {} -> GBP {} a place", grouped(a.cost_per_place),
                      grouped(b.cost_per_place)));
    field(a.readiness_boost != b.readiness_boost,
          fmt::format("readiness boost {:.2f} -> {:.2f}", a.readiness_boost, b.readiness_boost));
    return text;
}

// What differs between the two scenarios' roles, programmes and events, matched by name.
void changed_by_name(const model::Scenario& a, const model::Scenario& b,
                     const std::function<void(const std::string&)>& note) {
    for (const auto& ra : a.roles) {
        const int at = b.role_index(ra.name);
        if (at < 0) {
            note(fmt::format("role {} only in the baseline", ra.name));
            continue;
        }
        const auto& rb = b.roles[static_cast<std::size_t>(at)];
        if (ra.turnover != rb.turnover) {
            note(fmt::format("{} turnover {:.1f}% -> {:.1f}%", ra.name, ra.turnover * 100,
                             rb.turnover * 100));
        }
        if (ra.demand_growth != rb.demand_growth) {
            note(fmt::format("{} growth changed", ra.name));
        }
    }
    for (const auto& pa : a.programmes) {
        const auto pb = std::find_if(b.programmes.begin(), b.programmes.end(),
                                     [&](const auto& p) { return p.name == pa.name; });
        if (pb == b.programmes.end()) {
            note(fmt::format("programme {} only in the baseline", pa.name));
        } else if (pa.baseline_places_per_year != pb->baseline_places_per_year ||
                   pa.max_funded_places_per_year != pb->max_funded_places_per_year ||
                   pa.cost_per_place != pb->cost_per_place ||
                   pa.readiness_boost != pb->readiness_boost) {
            note(programme_change(pa, *pb));
        }
    }
    // Events: a policy change during the run is an assumption like any other.
    const auto find = [](const model::Scenario& s, const model::Event& e) {
        return std::find_if(s.events.begin(), s.events.end(),
                            [&](const auto& other) { return other.name == e.name; });
    };
    for (const auto& e : a.events) {
        const auto other = find(b, e);
        if (other == b.events.end()) {
            note("event removed: " + event_text(a, e));
        } else if (event_text(a, e) != event_text(b, *other) ||
                   e.ramp_months != other->ramp_months) {
            note(fmt::format("event changed: {} -> {}", event_text(a, e), event_text(b, *other)));
        }
    }
    for (const auto& e : b.events) {
        if (find(a, e) == a.events.end()) {
            note("event added: " + event_text(b, e));
        }
    }
}

void changed_assumptions(const model::Scenario& a, const model::Scenario& b) {
    int shown = 0;
    const auto note = [&](const std::string& text) {
        ImGui::BulletText("%s", text.c_str());
        ++shown;
    };
    if (a.name != b.name) {
        note(fmt::format("scenario \"{}\" -> \"{}\"", a.name, b.name));
    }
    if (a.horizon_months != b.horizon_months) {
        note(fmt::format("horizon {} -> {} months", a.horizon_months, b.horizon_months));
    }
    if (a.seed != b.seed) {
        note(fmt::format("seed {} -> {}", a.seed, b.seed));
    }
    if (a.demand_growth != b.demand_growth) {
        note(fmt::format("demand growth {:.1f}% -> {:.1f}% a year", a.demand_growth * 100,
                         b.demand_growth * 100));
    }
    if (a.domestic_supply_multiplier != b.domestic_supply_multiplier) {
        note(fmt::format("domestic supply x{:.2f} -> x{:.2f}", a.domestic_supply_multiplier,
                         b.domestic_supply_multiplier));
    }
    if (a.international_supply_multiplier != b.international_supply_multiplier) {
        note(fmt::format("international supply x{:.2f} -> x{:.2f}",
                         a.international_supply_multiplier, b.international_supply_multiplier));
    }
    if (a.training_budget != b.training_budget) {
        note(fmt::format("training budget GBP {} -> GBP {} a year", grouped(a.training_budget),
                         grouped(b.training_budget)));
    }
    changed_by_name(a, b, note);
    if (shown == 0) {
        ImGui::TextDisabled("no assumption changed");
    }
}

// Whether the current side's mean differs from the baseline's beyond chance: the paired
// differences of replicates with the same seed (common random numbers) have a 95%
// interval clear of zero, as the optimiser judges. Unknown with fewer than two pairs.
std::optional<bool> clear_of_chance(const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size() || x.size() < 2) {
        return std::nullopt;
    }
    return batch::paired_difference(x, y).clear();
}

// How a row's values read: a count, a rate (in %, its change in points), a figure per
// post, or money.
enum class Kind { Count, Rate, PerPost, Money };

std::string value_text(Kind kind, double v) {
    switch (kind) {
    case Kind::Rate:
        return fmt::format("{:.2f}%", v * 100);
    case Kind::PerPost:
        return fmt::format("{:.2f}", v);
    case Kind::Money:
        return fmt::format("GBP {}", grouped(v));
    case Kind::Count:
        break;
    }
    return grouped(v);
}

std::string change_text(Kind kind, double d) {
    // A change that rounds to nothing reads as none, not "-0.00".
    const double shown = kind == Kind::Rate ? d * 100 : d;
    if (kind != Kind::Count && kind != Kind::Money && std::abs(shown) < 0.005) {
        return kind == Kind::Rate ? "0.00 pp" : "0.00";
    }
    switch (kind) {
    case Kind::Rate:
        return fmt::format("{:+.2f} pp", d * 100);
    case Kind::PerPost:
        return fmt::format("{:+.2f}", d);
    case Kind::Money:
        return fmt::format("{}GBP {}", d < 0 ? "-" : "+", grouped(std::abs(d)));
    case Kind::Count:
        break;
    }
    return fmt::format("{}{}", d < 0 ? "" : "+", grouped(d));
}

// A note in a table cell, greyed and wrapped at the cell's edge.
void disabled_wrapped(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

// One measure: each side's mean with its P5-P95, and the change, marked where the paired
// replicates cannot tell it from chance.
void compare_row(const std::string& name, const std::vector<double>& x,
                 const std::vector<double>& y, Kind kind) {
    const auto cell = [&](const std::vector<double>& v) {
        const auto [lo, hi] = band(v);
        ImGui::TextUnformatted(value_text(kind, mean(v)).c_str());
        if (v.size() > 1) { // the band on its own line: a narrow column never cuts it
            disabled_wrapped(
                fmt::format("({} - {})", value_text(kind, lo), value_text(kind, hi)).c_str());
        }
    };
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", name.c_str());
    ImGui::TableNextColumn();
    cell(x);
    ImGui::TableNextColumn();
    cell(y);
    ImGui::TableNextColumn();
    const double d = mean(y) - mean(x);
    ImGui::TextUnformatted(change_text(kind, d).c_str());
    const auto clear = clear_of_chance(x, y);
    if (d != 0 && clear.has_value() && !*clear) {
        ImGui::TextDisabled("within chance");
    }
}

// The cost per extra leadership post filled: only where the extra posts are clear of
// chance and cost more; otherwise n/a, with the reason.
void cost_per_extra_post(const Outcomes& a, const Outcomes& b) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextWrapped("cost per extra leadership post filled");
    ImGui::TableNextColumn();
    ImGui::TableNextColumn();
    ImGui::TableNextColumn();
    // As the sweep summary gives it (batch::cost_per_extra_post): the budget's extra
    // spend over the extra posts, shown only where they are clear of chance.
    const auto cost = batch::cost_per_extra_post(a.totals, b.totals);
    if (cost.gbp && cost.checked) {
        ImGui::TextUnformatted(fmt::format("GBP {}", grouped(*cost.gbp)).c_str());
    } else {
        disabled_wrapped(
            fmt::format("n/a ({})", cost.gbp ? "too few replicates" : cost.why_not).c_str());
    }
}

void outcomes_table(const model::Scenario& s, const Outcomes& a, const Outcomes& b) {
    if (!ImGui::BeginTable("compare", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) {
        return;
    }
    // Columns share the width; long names and notes wrap within their cells.
    ImGui::TableSetupColumn("measure", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn("baseline", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("current", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("change", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    compare_row("filled posts, all roles (people)", a.filled, b.filled, Kind::Count);
    compare_row("vacancy rate, all roles", a.vacancy_rate, b.vacancy_rate, Kind::Rate);
    const int focus = batch::focus_role(s);
    if (focus >= 0) {
        const std::string& leader = s.roles[static_cast<std::size_t>(focus)].name;
        compare_row(leader + " vacancies (posts)", a.leader_vacancies, b.leader_vacancies,
                    Kind::Count);
        compare_row(leader + " vacancy rate", a.leader_vacancy_rate, b.leader_vacancy_rate,
                    Kind::Rate);
        compare_row(leader + " bench strength (per post)", a.leader_bench, b.leader_bench,
                    Kind::PerPost);
    }
    using Totals = batch::LeadershipTotals;
    compare_row("leadership posts filled from within, whole run",
                a.whole_run(&Totals::internal_fills), b.whole_run(&Totals::internal_fills),
                Kind::Count);
    compare_row("training spend, whole run", a.whole_run(&Totals::spend),
                b.whole_run(&Totals::spend), Kind::Money);
    cost_per_extra_post(a, b);
    ImGui::EndTable();
}

// Pin, Unpin; true where there are two runs to compare.
bool draw_pinning(App& app) {
    const auto current = app.shown();
    if (current && ImGui::Button("Pin the current run as the baseline")) {
        app.pinned = current;
        app.status = "pinned the current run as the baseline";
    }
    if (app.pinned) {
        ImGui::SameLine();
        if (ImGui::Button("Unpin")) {
            app.pinned.reset();
            app.status = "unpinned the baseline run";
        }
    }
    if (!app.pinned || !current) {
        ImGui::TextWrapped("Pin a run, change parameters, and the differences show here: which "
                           "assumptions changed and what they did.");
        return false;
    }
    return true;
}

} // namespace

void draw_compare(App& app) {
    if (!draw_pinning(app)) {
        return;
    }
    const auto current = app.shown();
    const auto& s = current->scenario;
    ImGui::Text("Assumptions changed (baseline -> current):");
    changed_assumptions(app.pinned->scenario, s);
    ImGui::Separator();
    // The year to compare: the end by default.
    static int chosen_year = -1;
    const int months = std::min(current->replicates.front().completed_months,
                                app.pinned->replicates.front().completed_months);
    const int years = std::max(1, months / 12);
    int year = chosen_year < 1 ? years : std::min(chosen_year, years);
    // The slider is in calendar years, so a typed year (ctrl+click) means that year.
    int calendar = s.start_year + year;
    ImGui::SetNextItemWidth(220);
    if (ImGui::SliderInt("year compared", &calendar, s.start_year + 1, s.start_year + years, "%d",
                         ImGuiSliderFlags_AlwaysClamp)) {
        chosen_year = std::clamp(calendar - s.start_year, 1, years);
        year = chosen_year;
    }
    const int month = std::min(months, year * 12);
    const std::size_t na = app.pinned->replicates.size();
    const std::size_t nb = current->replicates.size();
    ImGui::Text("Outcomes in %d: means over replicates, P5-P95 in brackets (baseline %zu "
                "replicate%s, current %zu).",
                s.start_year + year, na, na == 1 ? "" : "s", nb);
    if (na < 5 || nb < 5) {
        warn("With fewer than 5 replicates a side, small differences may be chance "
             "alone: \"within chance\" marks those the paired replicates cannot "
             "tell apart (raise replicates on the left).");
    }
    if (na != nb) {
        warn("The two sides have different numbers of replicates: set the same "
             "count before reading small differences.");
    }
    outcomes_table(s, outcomes(*app.pinned, month), outcomes(*current, month));
    ImGui::TextDisabled("The pinned run is drawn thin, faded and dotted on every chart, "
                        "labelled \"(pinned)\".");
}

} // namespace carecast::gui
