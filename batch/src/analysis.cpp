#include <carecast/batch/analysis.hpp>

#include <carecast/model/career_graph.hpp>
#include <carecast/model/markov_twin.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace carecast::batch {
namespace {

// The role whose entrants' prospects the report follows: care workers where the
// scenario has them, else the entry role with the most people.
int prospects_origin(const model::Scenario& s) {
    if (const int care = s.role_index("care worker"); care >= 0) {
        return care;
    }
    int best = -1;
    const auto entry = model::entry_roles(s.roles);
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        if (entry[r] && (best < 0 || s.roles[r].filled > s.roles[best].filled)) {
            best = static_cast<int>(r);
        }
    }
    return best;
}

nlohmann::json number_or_null(double value) {
    return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

// Per area, each leadership level's narrowest step: the max-flow with each edge's
// capacity from the area's own people in post, and per 100 posts of the level there,
// so areas of different sizes compare.
nlohmann::json area_bottlenecks(const model::Scenario& s, const model::MarkovTwin& twin) {
    nlohmann::json areas = nlohmann::json::array();
    for (std::size_t a = 0; a < s.areas.size(); ++a) {
        const auto area = static_cast<model::AreaId>(a);
        const auto capacity = twin.edge_capacity(area);
        nlohmann::json levels = nlohmann::json::array();
        for (const auto& level : model::pipeline_bottlenecks(s.roles, s.edges, capacity)) {
            double posts = 0;
            for (std::size_t r = 0; r < s.roles.size(); ++r) {
                if (s.roles[r].level == level.level) {
                    posts += static_cast<double>(model::split_by_area(
                        s, static_cast<model::RoleId>(r), s.roles[r].posts)[a]);
                }
            }
            nlohmann::json cut = nlohmann::json::array();
            for (const auto& edge : level.cut) {
                cut.push_back({{"from", s.roles[s.edges[edge.edge].from].name},
                               {"to", s.roles[s.edges[edge.edge].to].name},
                               {"capacity_per_month", edge.capacity}});
            }
            levels.push_back({{"level", model::to_string(level.level)},
                              {"max_flow_per_month", level.max_flow},
                              {"per_100_posts", posts > 0 ? level.max_flow / posts * 100 : 0.0},
                              {"min_cut", cut}});
        }
        areas.push_back({{"area", s.areas[a].name}, {"levels", levels}});
    }
    return areas;
}

} // namespace

// Expected stocks once they stop changing, where posts are fixed (no demand growth):
// the twin run on until no cell moves by more than 1e-7 of the workforce in a month.
nlohmann::json steady_state(const model::Scenario& s) {
    bool grows = s.demand_growth != 0;
    for (const auto& step : s.demand_path) {
        grows = grows || step.growth != 0;
    }
    for (const auto& g : s.area_growth) {
        grows = grows || (g && *g != 0);
    }
    for (const auto& role : s.roles) {
        grows = grows || (role.demand_growth && *role.demand_growth != 0);
    }
    if (grows) {
        return {{"exists", false}, {"why", "posts grow with demand, so stocks keep changing"}};
    }
    model::Scenario long_run = s;
    long_run.horizon_months = model::kMaxHorizonMonths;
    const model::MarkovTwin twin(long_run);
    const auto path = twin.project(model::kMaxHorizonMonths);
    for (std::size_t m = 13; m < path.size(); ++m) {
        double change = 0;
        double total = 0;
        for (std::size_t c = 0; c < path[m].filled.size(); ++c) {
            change = std::max(change, std::abs(path[m].filled[c] - path[m - 1].filled[c]));
            total += path[m].filled[c];
        }
        if (change < 1e-7 * std::max(1.0, total)) {
            nlohmann::json roles = nlohmann::json::array();
            for (std::size_t r = 0; r < s.roles.size(); ++r) {
                const auto role = static_cast<model::RoleId>(r);
                roles.push_back({{"role", s.roles[r].name},
                                 {"filled", twin.total(path[m].filled, role)},
                                 {"posts", twin.total(path[m].posts, role)}});
            }
            return {{"exists", true}, {"reached_after_months", m}, {"roles", roles}};
        }
    }
    return {{"exists", false},
            {"why", fmt::format("stocks still change after {} months", path.size() - 1)}};
}

namespace {

using Path = std::vector<model::TwinMonth>;

nlohmann::json expected_stocks(const model::Scenario& s, const model::MarkovTwin& twin,
                               const Path& path, int months, int mid) {
    nlohmann::json stocks = nlohmann::json::array();
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        const auto role = static_cast<model::RoleId>(r);
        nlohmann::json row{{"role", s.roles[r].name}};
        for (const auto& [label, month] :
             std::vector<std::pair<const char*, int>>{{"month_0", 0},
                                                      {"year_1", std::min(12, months)},
                                                      {"middle", mid},
                                                      {"end", months}}) {
            row["filled"][label] = twin.total(path[month].filled, role);
            row["posts"][label] = twin.total(path[month].posts, role);
        }
        stocks.push_back(row);
    }
    return stocks;
}

// Training as expected flows: each programme's places a year by funder, places no one
// eligible was there to take, and completions.
nlohmann::json expected_training(const model::Scenario& s, const Path& path, int months) {
    nlohmann::json training = nlohmann::json::array();
    for (std::size_t p = 0; p < s.programmes.size(); ++p) {
        double baseline = 0;
        double funded = 0;
        double unfilled = 0;
        double completions = 0;
        for (int m = 1; m <= months; ++m) {
            baseline += path[m].enrolled_baseline[p];
            funded += path[m].enrolled_funded[p];
            unfilled += path[m].unfilled[p];
            completions += path[m].completions[p];
        }
        const double span = months / 12.0;
        training.push_back({{"programme", s.programmes[p].name},
                            {"baseline_places_per_year", baseline / span},
                            {"funded_places_per_year", funded / span},
                            {"unfilled_per_year", unfilled / span},
                            {"completions_per_year", completions / span}});
    }
    return training;
}

// Each leadership role's vacancy rate with the budget and without it: the same twin
// with the budget set to zero is the counterfactual.
nlohmann::json leadership_outlook(const model::Scenario& s, const model::MarkovTwin& twin,
                                  const Path& path, int horizon_months, int months, int mid) {
    model::Scenario baseline_only = s;
    baseline_only.training_budget = 0;
    baseline_only.funded_allocation.clear();
    baseline_only.horizon_months = horizon_months;
    const auto counterfactual = model::MarkovTwin(baseline_only).project(months);
    const auto vacancy = [&](const Path& p, int month, model::RoleId role) {
        const double posts = twin.total(p[month].posts, role);
        return posts > 0 ? 1 - twin.total(p[month].filled, role) / posts : 0.0;
    };
    nlohmann::json outlook = nlohmann::json::array();
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        if (!model::is_leadership(s.roles[r].level)) {
            continue;
        }
        const auto role = static_cast<model::RoleId>(r);
        nlohmann::json row{{"role", s.roles[r].name}};
        for (const auto& [label, month] :
             std::vector<std::pair<const char*, int>>{{"middle", mid}, {"end", months}}) {
            row["vacancy_rate"][label] = vacancy(path, month, role);
            row["vacancy_rate_baseline_training_only"][label] =
                vacancy(counterfactual, month, role);
            row["trained_in_post"][label] = twin.total(path[month].trained, role);
        }
        outlook.push_back(row);
    }
    return outlook;
}

// Expected months in each role and in the sector (the fundamental matrix), and the
// chance of reaching each leadership role from the front-line entry role.
void careers(const model::Scenario& s, const model::MarkovTwin& twin, nlohmann::json& j) {
    const Eigen::MatrixXd q = twin.transition_matrix();
    const Eigen::MatrixXd n = model::fundamental_matrix(q);
    nlohmann::json tenure = nlohmann::json::array();
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        const auto i = static_cast<Eigen::Index>(r);
        tenure.push_back({{"role", s.roles[r].name},
                          {"months_in_role", n(i, i)},
                          {"months_in_sector", n.row(i).sum()}});
    }
    j["expected_time"] = tenure;
    const int origin = prospects_origin(s);
    nlohmann::json prospects = nlohmann::json::array();
    for (std::size_t r = 0; r < s.roles.size() && origin >= 0; ++r) {
        if (!model::is_leadership(s.roles[r].level)) {
            continue;
        }
        const auto reached = model::reach(q, origin, static_cast<int>(r));
        prospects.push_back({{"from", s.roles[origin].name},
                             {"to", s.roles[r].name},
                             {"probability", reached.probability},
                             {"expected_months", number_or_null(reached.expected_months)}});
    }
    j["prospects"] = prospects;
    const auto depth = model::pipeline_depth(s.roles, s.edges, true);
    nlohmann::json depths = nlohmann::json::array();
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        depths.push_back({{"role", s.roles[r].name}, {"depth", depth[r]}});
    }
    j["pipeline_depth"] = depths;
}

// Each edge carries at most the eligible people in its source role times its rate: the
// most that can reach each leadership level, and the minimum cut that limits it.
nlohmann::json bottlenecks(const model::Scenario& s, const model::MarkovTwin& twin) {
    const auto capacity = twin.edge_capacity();
    nlohmann::json out = nlohmann::json::array();
    for (const auto& level : model::pipeline_bottlenecks(s.roles, s.edges, capacity)) {
        nlohmann::json cut = nlohmann::json::array();
        for (const auto& edge : level.cut) {
            cut.push_back({{"from", s.roles[s.edges[edge.edge].from].name},
                           {"to", s.roles[s.edges[edge.edge].to].name},
                           {"capacity_per_month", edge.capacity}});
        }
        out.push_back({{"level", model::to_string(level.level)},
                       {"max_flow_per_month", level.max_flow},
                       {"min_cut", cut}});
    }
    return out;
}

// Text, a line at a time.
class Report {
  public:
    template <typename... Args> void line(fmt::format_string<Args...> format, Args&&... args) {
        fmt::format_to(std::back_inserter(out_), format, std::forward<Args>(args)...);
        out_ += '\n';
    }
    std::string take() { return std::move(out_); }

  private:
    std::string out_;
};

void report_stocks(Report& r, const nlohmann::json& j) {
    const int year = j["start_year"].get<int>();
    const int years = j["years"].get<int>();
    r.line("Expected filled posts (people)       {:>10} {:>10} {:>10} {:>10}", year,
           year + std::min(1, years), year + j["middle_year"].get<int>(), year + years);
    for (const auto& row : j["expected_stocks"]) {
        const auto& f = row["filled"];
        r.line("  {:<34} {:>10.0f} {:>10.0f} {:>10.0f} {:>10.0f}", row["role"].get<std::string>(),
               f["month_0"].get<double>(), f["year_1"].get<double>(), f["middle"].get<double>(),
               f["end"].get<double>());
    }
    const auto& steady = j["steady_state"];
    if (steady["exists"].get<bool>()) {
        r.line("Steady state (posts fixed), reached after about {} months:",
               steady["reached_after_months"].get<int>());
        for (const auto& row : steady["roles"]) {
            r.line("  {:<34} {:>10.0f} filled of {:>10.0f} posts", row["role"].get<std::string>(),
                   row["filled"].get<double>(), row["posts"].get<double>());
        }
    } else {
        r.line("No steady state: {}.", steady["why"].get<std::string>());
    }
    r.line("");
}

void report_training(Report& r, const nlohmann::json& j) {
    if (j["training"].empty()) {
        return;
    }
    const int year = j["start_year"].get<int>();
    const int years = j["years"].get<int>();
    r.line("Training, expected places a year over {} years (baseline: happens anyway; funded: "
           "bought by the GBP {:.0f} budget)",
           years, j["training_budget"].get<double>());
    r.line("  {:<44} {:>9} {:>9} {:>9} {:>12}", "programme", "baseline", "funded", "unfilled",
           "completions");
    for (const auto& t : j["training"]) {
        r.line("  {:<44} {:>9.0f} {:>9.0f} {:>9.0f} {:>12.0f}",
               t["programme"].get<std::string>().substr(0, 44),
               t["baseline_places_per_year"].get<double>(),
               t["funded_places_per_year"].get<double>(), t["unfilled_per_year"].get<double>(),
               t["completions_per_year"].get<double>());
    }
    r.line("");
    r.line("Leadership vacancy rates expected: this scenario vs baseline training only (no "
           "budget)");
    r.line("  {:<34} {:>12} {:>12} {:>12} {:>12} {:>12}", "role",
           fmt::format("{}", year + j["middle_year"].get<int>()), "baseline",
           fmt::format("{}", year + years), "baseline", "trained");
    for (const auto& o : j["leadership_outlook"]) {
        const auto& v = o["vacancy_rate"];
        const auto& b = o["vacancy_rate_baseline_training_only"];
        r.line("  {:<34} {:>11.1f}% {:>11.1f}% {:>11.1f}% {:>11.1f}% {:>12.0f}",
               o["role"].get<std::string>(), v["middle"].get<double>() * 100,
               b["middle"].get<double>() * 100, v["end"].get<double>() * 100,
               b["end"].get<double>() * 100, o["trained_in_post"]["end"].get<double>());
    }
    r.line("");
}

void report_careers(Report& r, const nlohmann::json& j) {
    r.line("Expected months (for someone entering the role)   in the role   in the sector");
    for (const auto& row : j["expected_time"]) {
        r.line("  {:<46} {:>11.1f} {:>15.1f}", row["role"].get<std::string>(),
               row["months_in_role"].get<double>(), row["months_in_sector"].get<double>());
    }
    r.line("");
    if (!j["prospects"].empty()) {
        r.line("Prospects of someone starting as a {}:",
               j["prospects"][0]["from"].get<std::string>());
        for (const auto& p : j["prospects"]) {
            const auto& months = p["expected_months"];
            r.line("  reaches {:<34} {:>7.2f}%  {}", p["to"].get<std::string>(),
                   p["probability"].get<double>() * 100,
                   months.is_null()
                       ? std::string("never")
                       : fmt::format("after {:.0f} months on average", months.get<double>()));
        }
        r.line("");
    }
    r.line("Pipeline depth (fewest career steps from a front-line entry role):");
    for (const auto& d : j["pipeline_depth"]) {
        const int depth = d["depth"].get<int>();
        r.line("  {:<34} {}", d["role"].get<std::string>(),
               depth < 0 ? std::string("only from outside the sector") : std::to_string(depth));
    }
    r.line("");
}

void report_bottlenecks(Report& r, const nlohmann::json& j) {
    r.line("Bottlenecks: most people a month who can reach each leadership level from below,");
    r.line("and the edges of the minimum cut that limit it (capacity = eligible people x rate):");
    for (const auto& b : j["bottlenecks"]) {
        r.line("  {:<20} {:>9.1f} a month", b["level"].get<std::string>(),
               b["max_flow_per_month"].get<double>());
        for (const auto& c : b["min_cut"]) {
            r.line("      {} -> {}: {:.1f} a month", c["from"].get<std::string>(),
                   c["to"].get<std::string>(), c["capacity_per_month"].get<double>());
        }
    }
}

// The narrowest leadership level per area, and its largest cut edge.
void report_area_bottlenecks(Report& r, const nlohmann::json& by_area) {
    if (by_area.size() <= 1) {
        return;
    }
    r.line("");
    r.line("Bottleneck per area: people a month who can reach each leadership level from below,");
    r.line("per 100 posts of the level there; the narrowest level, and its largest cut edge:");
    const auto smallest = [](const nlohmann::json& list, const char* key, bool largest) {
        const nlohmann::json* found = nullptr;
        for (const auto& item : list) {
            const double value = item[key].get<double>();
            if (found == nullptr || (largest ? value > (*found)[key].get<double>()
                                             : value < (*found)[key].get<double>())) {
                found = &item;
            }
        }
        return found;
    };
    for (const auto& area : by_area) {
        const nlohmann::json* narrowest = smallest(area["levels"], "per_100_posts", false);
        if (narrowest == nullptr || (*narrowest)["min_cut"].empty()) {
            continue;
        }
        const nlohmann::json* widest =
            smallest((*narrowest)["min_cut"], "capacity_per_month", true);
        r.line("  {:<26} {:<20} {:>6.2f}  {} -> {}", area["area"].get<std::string>(),
               (*narrowest)["level"].get<std::string>(),
               (*narrowest)["per_100_posts"].get<double>(), (*widest)["from"].get<std::string>(),
               (*widest)["to"].get<std::string>());
    }
}

} // namespace

nlohmann::json analyse(const model::Scenario& s, int years) {
    const model::MarkovTwin twin(s);
    const int months = std::clamp(years, 1, model::kMaxHorizonMonths / 12) * 12;
    model::Scenario horizon = s;
    horizon.horizon_months = std::max(s.horizon_months, months);
    const auto path = model::MarkovTwin(horizon).project(months);
    const int mid = std::min(months, std::max(12, months / 2));
    nlohmann::json j;
    j["scenario"] = s.name;
    j["start_year"] = s.start_year;
    j["recruitment"] = s.recruitment == model::Recruitment::Push ? "push" : "pull";
    j["expected_stocks"] = expected_stocks(s, twin, path, months, mid);
    j["years"] = months / 12;
    j["middle_year"] = mid / 12;
    j["steady_state"] = steady_state(s);
    j["training"] = expected_training(s, path, months);
    j["leadership_outlook"] =
        leadership_outlook(s, twin, path, horizon.horizon_months, months, mid);
    j["training_budget"] = s.training_budget;
    careers(s, twin, j);
    j["bottlenecks"] = bottlenecks(s, twin);
    j["bottlenecks_by_area"] = area_bottlenecks(s, twin);
    return j;
}

std::string analysis_report(const nlohmann::json& j) {
    Report r;
    r.line("carecast analyse: \"{}\" ({} recruitment)", j["scenario"].get<std::string>(),
           j["recruitment"].get<std::string>());
    r.line("Expected values from the Markov twin: the engine's rules applied to expected stocks.");
    r.line("");
    report_stocks(r, j);
    report_training(r, j);
    report_careers(r, j);
    report_bottlenecks(r, j);
    report_area_bottlenecks(r, j["bottlenecks_by_area"]);
    return r.take();
}

} // namespace carecast::batch
