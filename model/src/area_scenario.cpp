#include <carecast/model/area_scenario.hpp>
#include <carecast/model/scenario_loader.hpp>

#include "parameter_table.hpp"
#include "toml_reader.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <sstream>

namespace carecast::model {
namespace {

constexpr const char* kGroupNames[] = {"direct care", "managerial", "professional", "other"};
constexpr const char* kLevelNames[] = {"front-line worker", "front-line leader",
                                       "operational leader", "strategic leader"};
constexpr const char* kEdgeKindNames[] = {"promotion", "lateral", "qualification"};

// A TOML basic string.
std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

std::string number(double value) {
    return fmt::format("{:.10g}", value);
}

// The source comment on the line of each key in the base file, by "roles[3].turnover".
class FileNotes {
  public:
    explicit FileNotes(std::string_view text) {
        std::istringstream lines{std::string(text)};
        for (std::string line; std::getline(lines, line);) {
            lines_.push_back(line);
        }
        std::vector<ScenarioError> ignored; // the base already loaded without errors
        if (auto parsed = detail::parse_toml(text, "base", ignored)) {
            root_ = std::move(*parsed);
        }
    }
    bool has(std::string_view array, std::size_t index, std::string_view key) const {
        return root_[array][index][key].node() != nullptr;
    }
    std::string note(std::string_view array, std::size_t index, std::string_view key) const {
        const toml::node* node = root_[array][index][key].node();
        if (node == nullptr) {
            return "";
        }
        const auto line = static_cast<std::size_t>(node->source().begin.line);
        if (line == 0 || line > lines_.size()) {
            return "";
        }
        const std::string& text = lines_[line - 1];
        const auto hash = text.find('#');
        if (hash == std::string::npos) {
            return "";
        }
        auto note = text.substr(hash + 1);
        note.erase(0, note.find_first_not_of(' '));
        return note;
    }

  private:
    std::vector<std::string> lines_;
    toml::table root_;
};

double base_vacancy_rate(const Role& role) {
    return role.posts > 0 ? 1 - role.filled / role.posts : 0;
}

// All-role vacancy rate when each role's rate is multiplied by `factor`.
double vacancy_with(const std::vector<double>& filled, const std::vector<double>& rates,
                    double factor) {
    double posts = 0;
    double total = 0;
    for (std::size_t r = 0; r < filled.size(); ++r) {
        const double v = std::min(0.9, rates[r] * factor);
        posts += filled[r] / (1 - v);
        total += filled[r];
    }
    return posts > 0 ? 1 - total / posts : 0;
}

AgeProfile with_share_55_plus(AgeProfile profile, double share) {
    const double old = profile[4] + profile[5];
    const double young = 1 - old;
    for (int b = 0; b < kAgeBands; ++b) {
        if (b >= 4) {
            profile[b] = old > 0 ? profile[b] * share / old : share / 2;
        } else {
            profile[b] = young > 0 ? profile[b] * (1 - share) / young : (1 - share) / 4;
        }
    }
    return profile;
}

std::string profile_text(const AgeProfile& p) {
    return fmt::format("[{:.4f}, {:.4f}, {:.4f}, {:.4f}, {:.4f}, {:.4f}]", p[0], p[1], p[2], p[3],
                       p[4], p[5]);
}

// The most places a local budget may fund a year, as a share of the people in a
// programme's eligible roles (see write_area_scenario).
constexpr double kLocalFundedShare = 0.2;

// England's limits scaled would let a local budget buy almost nothing beyond the
// baseline: an area may fund places for up to a fifth of the people in the eligible roles
// a year (assumption: the council example's limits are 11-34%). The line saying so, or
// "" where England's scaled limit is the larger.
std::string funded_limit_line(const Programme& programme, const std::vector<double>& filled,
                              double scale, const std::string& scaled) {
    double eligible_people = 0;
    for (auto r : programme.eligible_roles) {
        eligible_people += filled[r];
    }
    const double scaled_limit = std::round(programme.max_funded_places_per_year * scale);
    const double local_limit = std::round(kLocalFundedShare * eligible_people);
    if (local_limit <= scaled_limit) {
        return "";
    }
    return fmt::format("max_funded_places_per_year = {:.0f}  # assumption: a fifth of the "
                       "area's {:.0f} people in the eligible roles a year ({} gives {:.0f})",
                       local_limit, eligible_people, scaled, scaled_limit);
}

} // namespace

Scenario regional_scenario(const Scenario& base, AreaId area) {
    Scenario s = base;
    const double share = base.areas[area].share;
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        Role& role = s.roles[r];
        const CellRates& cell = base.cell(static_cast<RoleId>(r), area);
        role.posts = static_cast<double>(
            split_by_area(base, static_cast<RoleId>(r), base.roles[r].posts)[area]);
        role.filled = static_cast<double>(cell.filled);
        role.turnover = cell.turnover;
        role.within_sector_share = cell.within_sector_share;
        role.matching_efficiency = cell.matching_efficiency;
        role.age_profile = cell.age_profile;
        if (cell.annual_growth) {
            role.demand_growth = cell.annual_growth;
        }
        role.supply_domestic *= cell.supply_share;
        role.supply_international *= cell.supply_share;
    }
    for (auto& programme : s.programmes) {
        programme.baseline_places_per_year *= share;
        programme.max_funded_places_per_year *= share;
        programme.areas.clear();
    }
    if (area < base.area_growth.size() && base.area_growth[area]) {
        s.demand_growth = *base.area_growth[area];
    }
    s.areas = {Area{base.areas[area].name, 1.0}};
    s.area_growth.assign(1, std::nullopt);
    s.area_rates.clear();
    derive_rates(s);
    return s;
}

AreaScenarioText write_area_scenario(const Scenario& base, std::string_view base_text,
                                     const std::string& base_name, const LocalFigures& local) {
    AreaScenarioText result;
    auto& errors = result.errors;
    const double base_workers =
        std::accumulate(base.roles.begin(), base.roles.end(), 0.0,
                        [](double s, const Role& r) { return s + r.filled; });
    if (local.name.empty() || local.name.find_first_of("\n\r\t") != std::string::npos) {
        errors.push_back("--name: give the area's name on one line");
    }
    if (!(local.workers >= 10 && local.workers <= base_workers)) {
        errors.push_back(fmt::format("--workers: {} is out of range; allowed: 10 to {:.0f} (the "
                                     "base scenario's workforce)",
                                     local.workers, base_workers));
    }
    if (local.vacancy_rate && !(*local.vacancy_rate >= 0 && *local.vacancy_rate <= 0.5)) {
        errors.push_back(fmt::format("--vacancy-rate: {} is out of range; allowed: 0 to 0.5 "
                                     "(0.09 = 9%)",
                                     *local.vacancy_rate));
    }
    if (local.turnover && !(*local.turnover >= 0.02 && *local.turnover <= 0.8)) {
        errors.push_back(fmt::format("--turnover: {} is out of range; allowed: 0.02 to 0.8 "
                                     "(0.3 = 30% a year)",
                                     *local.turnover));
    }
    if (local.share_aged_55_plus &&
        !(*local.share_aged_55_plus > 0 && *local.share_aged_55_plus < 0.8)) {
        errors.push_back(fmt::format("--aged-55-plus: {} is out of range; allowed: above 0 and "
                                     "below 0.8 (0.29 = 29%)",
                                     *local.share_aged_55_plus));
    }
    if (!(local.training_budget >= 0 && local.training_budget <= 1e13)) {
        errors.push_back(fmt::format("--budget: {} is out of range; allowed: 0 to 1e13 GBP a year",
                                     local.training_budget));
    }
    const int rm = base.role_index("registered manager");
    if (local.registered_managers) {
        if (rm < 0) {
            errors.push_back("--registered-managers: the base scenario has no role named "
                             "\"registered manager\"");
        } else if (!(*local.registered_managers >= 0 &&
                     *local.registered_managers <= local.workers / 2)) {
            errors.push_back(fmt::format("--registered-managers: {} is out of range; allowed: 0 "
                                         "to half the workers",
                                         *local.registered_managers));
        }
    }
    if (!errors.empty()) {
        return result;
    }

    const double scale = local.workers / base_workers;
    const std::size_t roles = base.roles.size();
    // Filled posts: the base's scaled, the local registered managers overriding, rounded
    // by largest remainder so the roles add up to the local workforce exactly. Roles
    // whose posts the base fixes (one director per council) keep at least one post.
    const FileNotes notes(base_text);
    std::vector<double> filled(roles);
    std::vector<bool> fixed_posts(roles);
    for (std::size_t r = 0; r < roles; ++r) {
        fixed_posts[r] = notes.has("roles", r, "posts");
        filled[r] = base.roles[r].filled * scale;
    }
    double free_total = local.workers;
    double free_raw = 0;
    for (std::size_t r = 0; r < roles; ++r) {
        if (static_cast<int>(r) == rm && local.registered_managers) {
            filled[r] = std::round(*local.registered_managers);
            free_total -= filled[r];
        } else {
            free_raw += filled[r];
        }
    }
    {
        std::vector<std::pair<double, std::size_t>> remainders;
        double assigned = 0;
        for (std::size_t r = 0; r < roles; ++r) {
            if (static_cast<int>(r) == rm && local.registered_managers) {
                continue;
            }
            const double exact = free_raw > 0 ? filled[r] * free_total / free_raw : 0;
            filled[r] = std::floor(exact);
            assigned += filled[r];
            remainders.emplace_back(exact - filled[r], r);
        }
        std::stable_sort(remainders.begin(), remainders.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        for (std::size_t i = 0; i < remainders.size() && assigned < free_total; ++i) {
            filled[remainders[i].second] += 1;
            assigned += 1;
        }
    }
    // Vacancy and turnover: each role's base rate times one factor, chosen so the
    // all-role rates equal the local figures.
    std::vector<double> base_vacancy(roles);
    double turnover_weighted = 0;
    double filled_total = 0;
    for (std::size_t r = 0; r < roles; ++r) {
        base_vacancy[r] = base_vacancy_rate(base.roles[r]);
        turnover_weighted += filled[r] * base.roles[r].turnover;
        filled_total += filled[r];
    }
    double vacancy_factor = 1;
    if (local.vacancy_rate) {
        double lo = 0;
        double hi = 20;
        for (int i = 0; i < 80; ++i) {
            const double mid = (lo + hi) / 2;
            (vacancy_with(filled, base_vacancy, mid) < *local.vacancy_rate ? lo : hi) = mid;
        }
        vacancy_factor = (lo + hi) / 2;
    }
    const double base_turnover = filled_total > 0 ? turnover_weighted / filled_total : 0;
    const double turnover_factor =
        local.turnover && base_turnover > 0 ? *local.turnover / base_turnover : 1;

    std::string out;
    auto line = [&]<typename... Args>(fmt::format_string<Args...> format, Args&&... args) {
        fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
        out += '\n';
    };
    const std::string scaled = fmt::format("{} x {:.6g}", base_name, scale);
    line("# {}: a scenario for one area, written by `carecast new-area`.", local.name);
    line("#");
    line("# Derived from {} (\"{}\"): its roles, rates, career edges and", base_name, base.name);
    line("# programmes, scaled by {:.0f} / {:.0f} workers = {:.6g} (assumption: the area's",
         local.workers, base_workers, scale);
    line("# role mix, ages and career rates are the base's unless a local figure is given).");
    line("# Local figures given:");
    line("#   workers {:.0f}", local.workers);
    if (local.vacancy_rate) {
        line("#   vacancy rate {:.4g} (each role's base rate x {:.4f})", *local.vacancy_rate,
             vacancy_factor);
    }
    if (local.turnover) {
        line("#   turnover {:.4g} a year (each role's base rate x {:.4f})", *local.turnover,
             turnover_factor);
    }
    if (local.registered_managers) {
        line("#   registered managers {:.0f}", *local.registered_managers);
    }
    if (local.share_aged_55_plus) {
        line("#   share aged 55 and over {:.4g}", *local.share_aged_55_plus);
    }
    if (!local.source_note.empty()) {
        line("# Source of the local figures: {}", local.source_note);
    }
    line("# Fill rates (time to hire) scale with turnover over vacancies, and external supply");
    line("# with the workforce and turnover, so the month-0 vacancy rate holds (assumption, as");
    line("# in the base). Edit any number; `carecast validate` checks the file.");
    line("");
    line("[scenario]");
    line("name = {}", quoted(local.name));
    line("description = {}", quoted(fmt::format("{}: {:.0f} workers, derived from {}", local.name,
                                                local.workers, base_name)));
    line("start_year = {}", base.start_year);
    line("horizon_months = {}", base.horizon_months);
    line("seed = {}", base.seed);
    line("recruitment = {}", quoted(base.recruitment == Recruitment::Push ? "push" : "pull"));
    line("");
    const AgeProfile workforce_profile =
        local.share_aged_55_plus
            ? with_share_55_plus(base.roles.front().age_profile, *local.share_aged_55_plus)
            : base.roles.front().age_profile;
    const double workforce_within = base.roles.front().within_sector_share;
    line("[workforce]");
    line("readiness_per_month = {}  # {}", number(base.readiness_per_month), base_name);
    line("within_sector_share = {}  # {}", number(workforce_within), base_name);
    line("age_profile = {}  # {}", profile_text(workforce_profile),
         local.share_aged_55_plus ? "the base's bands rescaled to the local 55+ share"
                                  : base_name.c_str());
    line("entrant_age_profile = {}  # {}", profile_text(base.entrant_age_profile), base_name);
    line("months_between_jobs = {}  # {}", base.months_between_jobs, base_name);
    line("months_seeking = {}  # {}", base.months_seeking, base_name);
    line("");
    line("[retirement]  # {}", base_name);
    std::string ages;
    std::string hazards;
    for (const auto& step : base.retirement) {
        ages += (ages.empty() ? "" : ", ") + number(step.from_age);
        hazards += (hazards.empty() ? "" : ", ") + number(step.annual_hazard);
    }
    line("from_age = [{}]", ages);
    line("annual_hazard = [{}]", hazards);
    line("max_age = {}", number(base.max_working_age));
    line("");
    line("[demand]  # {}", base_name);
    line("annual_growth = {}", number(base.demand_growth));
    for (const auto& step : base.demand_path) {
        line("[[demand.path]]");
        line("year = {}", step.year);
        line("growth = {}", number(step.growth));
    }
    line("");
    line("[supply]  # {}", base_name);
    line("domestic_multiplier = {}", number(base.domestic_supply_multiplier));
    line("international_multiplier = {}", number(base.international_supply_multiplier));
    line("");
    line("[labour_market]  # {}", base_name);
    for (const auto& f : detail::kScenarioNumbers) {
        if (std::string_view(f.table) == "labour_market") {
            line("{} = {}", f.key, number(base.*f.member));
        }
    }
    line("");
    line("[[areas]]");
    line("name = {}", quoted(local.name));
    line("share = 1.0");
    for (std::size_t r = 0; r < roles; ++r) {
        const Role& role = base.roles[r];
        const auto note = [&](std::string_view key) {
            const std::string n = notes.note("roles", r, key);
            return n.empty() ? std::string() : fmt::format("; {}'s figure: {}", base_name, n);
        };
        line("");
        line("[[roles]]");
        line("name = {}", quoted(role.name));
        line("group = {}", quoted(kGroupNames[static_cast<int>(role.group)]));
        line("level = {}", quoted(kLevelNames[static_cast<int>(role.level)]));
        const bool local_rm = static_cast<int>(r) == rm && local.registered_managers;
        line("filled = {:.0f}  # {}", filled[r],
             local_rm ? std::string("local figure (--registered-managers)")
                      : fmt::format("{}, rounded so roles add up to {:.0f}{}", scaled,
                                    local.workers, note("filled")));
        if (fixed_posts[r]) {
            const double fixed = std::max(1.0, std::round(role.posts * scale));
            line("posts = {:.0f}  # fixed posts: {} scaled, at least one{}",
                 std::max(fixed, filled[r]), base_name, note("posts"));
        } else {
            const double v = std::min(0.9, base_vacancy[r] * vacancy_factor);
            line("vacancy_rate = {:.4f}  # {}{}", v,
                 local.vacancy_rate ? fmt::format("{}'s {:.4f} x {:.4f} (local all-role rate)",
                                                  base_name, base_vacancy[r], vacancy_factor)
                                    : base_name,
                 note("vacancy_rate"));
        }
        const double turnover = std::min(1.0, role.turnover * turnover_factor);
        line("turnover = {:.4f}  # {}{}", turnover,
             local.turnover ? fmt::format("{}'s {:.4g} x {:.4f} (local all-role rate)", base_name,
                                          role.turnover, turnover_factor)
                            : base_name,
             note("turnover"));
        line("fte_per_post = {}  # {}{}", number(role.fte_per_post), base_name,
             note("fte_per_post"));
        if (role.within_sector_share != workforce_within) {
            line("within_sector_share = {}  # {}", number(role.within_sector_share), base_name);
        }
        // Constant returns: a smaller area's hires, posts and seekers scale alike. Hires
        // follow turnover and open posts the vacancy rate, so the efficiency that holds
        // the local rate moves by their ratio to the power of the posts' elasticity.
        const double efficiency =
            std::clamp(role.matching_efficiency *
                           std::pow(turnover_factor / vacancy_factor, 1 - base.matching_elasticity),
                       0.001, 10.0);
        line("matching_efficiency = {:.4f}  # {} x (turnover factor / vacancy factor)^{:.2f} "
             "(assumption: holds the month-0 vacancy rate; `carecast calibrate` fits it)",
             efficiency, base_name, 1 - base.matching_elasticity);
        if (role.external_first_share > 0) {
            line("external_first_share = {}  # {}{}", number(role.external_first_share), base_name,
                 note("external_first_share"));
        }
        const double supply_scale = scale * turnover_factor;
        if (role.supply_domestic > 0) {
            line("supply_domestic = {:.4g}  # {} x {:.6g} (workforce x turnover factor){}",
                 role.supply_domestic * supply_scale, base_name, supply_scale,
                 note("supply_domestic"));
        }
        if (role.supply_international > 0) {
            line("supply_international = {:.4g}  # {} x {:.6g}{}",
                 role.supply_international * supply_scale, base_name, supply_scale,
                 note("supply_international"));
        }
        if (role.demand_growth) {
            line("demand_growth = {}  # {}", number(*role.demand_growth), base_name);
        }
        if (role.age_profile != base.roles.front().age_profile) {
            const AgeProfile p =
                local.share_aged_55_plus
                    ? with_share_55_plus(
                          role.age_profile,
                          std::min(0.95, (role.age_profile[4] + role.age_profile[5]) *
                                             *local.share_aged_55_plus /
                                             std::max(1e-9, base.roles.front().age_profile[4] +
                                                                base.roles.front().age_profile[5])))
                    : role.age_profile;
            line("age_profile = {}  # {}{}", profile_text(p),
                 local.share_aged_55_plus
                     ? "the base's role profile, 55+ scaled with the local share"
                     : base_name,
                 note("age_profile"));
        }
        if (role.entry_requires != kNoQualification) {
            line("entry_requires = {}",
                 quoted(base.qualifications[static_cast<std::size_t>(role.entry_requires)]));
            if (role.entry_within_months > 0) {
                line("entry_within_months = {}  # {}{}", role.entry_within_months, base_name,
                     note("entry_within_months"));
            }
        }
        std::string shares;
        for (std::size_t q = 0; q < base.qualifications.size(); ++q) {
            if (role.qualified_share[q] > 0 &&
                static_cast<QualificationId>(q) != role.entry_requires) {
                shares +=
                    fmt::format("{}{} = {}", shares.empty() ? "" : ", ",
                                quoted(base.qualifications[q]), number(role.qualified_share[q]));
            }
        }
        if (!shares.empty()) {
            line("qualified_share = {{ {} }}  # {}", shares, base_name);
        }
    }
    line("");
    line("# Career edges: {}'s (rates are per person, so they need no scaling).", base_name);
    for (const auto& edge : base.edges) {
        line("");
        line("[[edges]]");
        line("from = {}", quoted(base.roles[edge.from].name));
        line("to = {}", quoted(base.roles[edge.to].name));
        line("kind = {}", quoted(kEdgeKindNames[static_cast<int>(edge.kind)]));
        line("monthly_rate = {}", number(edge.monthly_rate));
        line("min_months = {}", edge.min_months_in_role);
        if (edge.min_readiness > 0) {
            line("min_readiness = {}", number(edge.min_readiness));
        }
        if (edge.required_qualification != kNoQualification) {
            line(
                "requires = {}",
                quoted(base.qualifications[static_cast<std::size_t>(edge.required_qualification)]));
        }
    }
    line("");
    line("# Programmes: baseline places are the area's share of {}'s (they happen", base_name);
    line("# anyway); max funded places are what the budget below may buy on top.");
    for (std::size_t p = 0; p < base.programmes.size(); ++p) {
        const Programme& programme = base.programmes[p];
        const auto note = [&](std::string_view key) {
            const std::string n = notes.note("programmes", p, key);
            return n.empty() ? std::string() : fmt::format("; {}'s figure: {}", base_name, n);
        };
        line("");
        line("[[programmes]]");
        line("name = {}", quoted(programme.name));
        std::string eligible;
        for (auto r : programme.eligible_roles) {
            eligible += (eligible.empty() ? "" : ", ") + quoted(base.roles[r].name);
        }
        line("eligible = [{}]", eligible);
        line("baseline_places_per_year = {:.0f}  # {}{}",
             std::round(programme.baseline_places_per_year * scale), scaled,
             note("baseline_places_per_year"));
        if (const auto local = funded_limit_line(programme, filled, scale, scaled);
            !local.empty()) {
            line("{}", local);
        } else {
            line("max_funded_places_per_year = {:.0f}  # {}{}",
                 std::round(programme.max_funded_places_per_year * scale), scaled,
                 note("max_funded_places_per_year"));
        }
        line("cost_per_place = {}  # {}{}", number(programme.cost_per_place), base_name,
             note("cost_per_place"));
        line("duration_months = {}", programme.duration_months);
        line("completion_rate = {}", number(programme.completion_rate));
        line("readiness_boost = {}", number(programme.readiness_boost));
        line("promotion_multiplier = {}", number(programme.promotion_multiplier));
        line("retention_multiplier = {}", number(programme.retention_multiplier));
        if (programme.grants != kNoQualification) {
            line("grants = {}",
                 quoted(base.qualifications[static_cast<std::size_t>(programme.grants)]));
        }
    }
    line("");
    line("[training]");
    line("annual_budget = {}  # GBP a year on top of baseline training (--budget)",
         number(local.training_budget));
    if (!base.training_priority.empty()) {
        std::string order;
        for (auto p : base.training_priority) {
            order += (order.empty() ? "" : ", ") + quoted(base.programmes[p].name);
        }
        line("# The budget funds programmes in this order, each in full before the next.");
        line("priority = [{}]", order);
    }
    result.toml = out;
    return result;
}

} // namespace carecast::model
