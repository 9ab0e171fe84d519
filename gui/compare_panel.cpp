#include "panels.hpp"

#include <carecast/io/summary.hpp>

#include <imgui.h>

#include <fmt/format.h>

#include <cmath>

namespace carecast::gui {
namespace {

// Outcomes a planner compares, at the last month of a run (means over replicates).
struct Outcomes {
    double filled = 0;
    double vacancy_rate = 0;
    double leader_vacancies = 0; // the focus leadership role
    double leader_vacancy_rate = 0;
    double leader_bench = 0;
    double internal_leadership_fills = 0; // promotions into leadership roles, whole run
    double spend = 0;                     // programme spend, whole run
};

Outcomes outcomes(const Ensemble& e) {
    Outcomes o;
    const int focus = io::focus_role(e.scenario);
    for (const auto& r : e.replicates) {
        const int last = r.completed_months;
        const auto all = r.total(last, {});
        o.filled += static_cast<double>(all.filled);
        o.vacancy_rate += r.vacancy_rate(last, {}).value_or(0);
        if (focus >= 0) {
            sim::Selection one;
            one.role = static_cast<model::RoleId>(focus);
            const auto c = r.total(last, one);
            o.leader_vacancies += static_cast<double>(c.vacancies());
            o.leader_vacancy_rate += r.vacancy_rate(last, one).value_or(0);
            o.leader_bench += r.bench_strength(last, one).value_or(0);
        }
        const auto totals = io::leadership_totals(r);
        o.spend += totals.spend;
        o.internal_leadership_fills += totals.internal_fills;
    }
    const double n = std::max<std::size_t>(1, e.replicates.size());
    for (double* v : {&o.filled, &o.vacancy_rate, &o.leader_vacancies, &o.leader_vacancy_rate,
                      &o.leader_bench, &o.internal_leadership_fills, &o.spend}) {
        *v /= n;
    }
    return o;
}

void changed_assumptions(const model::Scenario& a, const model::Scenario& b) {
    int shown = 0;
    auto note = [&](const std::string& text) {
        ImGui::BulletText("%s", text.c_str());
        ++shown;
    };
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
        note(fmt::format("training budget GBP {:.0f} -> GBP {:.0f}", a.training_budget,
                         b.training_budget));
    }
    for (std::size_t r = 0; r < std::min(a.roles.size(), b.roles.size()); ++r) {
        if (a.roles[r].turnover != b.roles[r].turnover) {
            note(fmt::format("{} turnover {:.1f}% -> {:.1f}%", a.roles[r].name,
                             a.roles[r].turnover * 100, b.roles[r].turnover * 100));
        }
        if (a.roles[r].demand_growth != b.roles[r].demand_growth) {
            note(fmt::format("{} growth changed", a.roles[r].name));
        }
    }
    for (std::size_t p = 0; p < std::min(a.programmes.size(), b.programmes.size()); ++p) {
        const auto& pa = a.programmes[p];
        const auto& pb = b.programmes[p];
        if (pa.baseline_places_per_year != pb.baseline_places_per_year ||
            pa.max_funded_places_per_year != pb.max_funded_places_per_year ||
            a.programmes[p].cost_per_place != b.programmes[p].cost_per_place ||
            a.programmes[p].readiness_boost != b.programmes[p].readiness_boost) {
            note(fmt::format("{}: baseline {:.0f} -> {:.0f}, funded up to {:.0f} -> {:.0f} places "
                             "a year at GBP {:.0f} -> {:.0f}",
                             pa.name, pa.baseline_places_per_year, pb.baseline_places_per_year,
                             pa.max_funded_places_per_year, pb.max_funded_places_per_year,
                             pa.cost_per_place, pb.cost_per_place));
        }
    }
    if (shown == 0) {
        ImGui::TextDisabled("no assumption changed");
    }
}

} // namespace

void draw_compare(App& app) {
    const auto current = app.shown();
    if (current && ImGui::Button("Pin the current run as the baseline")) {
        app.pinned = current;
    }
    if (!app.pinned || !current) {
        ImGui::TextWrapped("Pin a run, change parameters, and the differences show here: which "
                           "assumptions changed and what they did.");
        return;
    }
    const auto& s = current->scenario;
    const int focus = io::focus_role(s);
    const std::string leader = focus >= 0 ? s.roles[focus].name : "leadership";
    const int end_year = s.start_year + current->replicates.front().completed_months / 12;
    ImGui::Text("Assumptions changed (baseline -> current):");
    changed_assumptions(app.pinned->scenario, s);
    ImGui::Separator();
    const Outcomes a = outcomes(*app.pinned);
    const Outcomes b = outcomes(*current);
    ImGui::Text("Outcomes at the end of the run (%d), means over replicates:", end_year);
    if (ImGui::BeginTable("compare", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) {
        ImGui::TableSetupColumn("measure", ImGuiTableColumnFlags_WidthFixed, 330);
        ImGui::TableSetupColumn("baseline");
        ImGui::TableSetupColumn("current");
        ImGui::TableSetupColumn("change");
        ImGui::TableHeadersRow();
        auto row = [](const std::string& name, double x, double y, const char* format) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(name.c_str());
            ImGui::TableNextColumn();
            ImGui::Text(format, x);
            ImGui::TableNextColumn();
            ImGui::Text(format, y);
            ImGui::TableNextColumn();
            ImGui::Text(format, y - x);
        };
        row("filled posts, all roles (people)", a.filled, b.filled, "%.0f");
        row("vacancy rate, all roles (%)", a.vacancy_rate * 100, b.vacancy_rate * 100, "%.2f");
        row(leader + " vacancies (posts)", a.leader_vacancies, b.leader_vacancies, "%.0f");
        row(leader + " vacancy rate (%)", a.leader_vacancy_rate * 100, b.leader_vacancy_rate * 100,
            "%.2f");
        row(leader + " bench strength (per post)", a.leader_bench, b.leader_bench, "%.2f");
        row("leadership posts filled internally (people)", a.internal_leadership_fills,
            b.internal_leadership_fills, "%.0f");
        row("training spend (GBP m)", a.spend / 1e6, b.spend / 1e6, "%.2f");
        const double extra_fills = b.internal_leadership_fills - a.internal_leadership_fills;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted("cost per extra leadership post filled (GBP)");
        ImGui::TableNextColumn();
        ImGui::TableNextColumn();
        ImGui::TableNextColumn();
        if (extra_fills > 0) {
            ImGui::Text("%.0f", (b.spend - a.spend) / extra_fills);
        } else {
            ImGui::TextDisabled("no extra posts filled");
        }
        ImGui::EndTable();
    }
}

} // namespace carecast::gui
