#include <carecast/model/area_scenario.hpp>
#include <carecast/model/scenario_edit.hpp>
#include <carecast/model/scenario_loader.hpp>
#include <carecast/model/uncertainty.hpp>

#include "parameter_table.hpp"
#include "toml_reader.hpp"
#include "toml_writer.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <sstream>

namespace carecast::model {
namespace {

using detail::quoted;

constexpr const char* kGroupNames[] = {"direct care", "managerial", "professional", "other"};
constexpr const char* kLevelNames[] = {"front-line worker", "front-line leader",
                                       "operational leader", "strategic leader"};
constexpr const char* kEdgeKindNames[] = {"promotion", "lateral", "qualification"};

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

namespace {

std::vector<FigureError> check_figures(const LocalFigures& local, double base_workers, int rm) {
    std::vector<FigureError> errors;
    if (local.name.empty() || local.name.find_first_of("\n\r\t") != std::string::npos) {
        errors.push_back({"name", "give the area's name on one line"});
    }
    if (!(local.workers >= 10 && local.workers <= base_workers)) {
        errors.push_back({"workers", fmt::format("{} is out of range; allowed: 10 to {:.0f} (the "
                                                 "base scenario's workforce)",
                                                 local.workers, base_workers)});
    }
    if (local.vacancy_rate && !(*local.vacancy_rate >= 0 && *local.vacancy_rate <= 0.5)) {
        errors.push_back({"vacancy_rate", fmt::format("{} is out of range; allowed: 0 to 0.5 "
                                                      "(0.09 = 9%)",
                                                      *local.vacancy_rate)});
    }
    if (local.turnover && !(*local.turnover >= 0.02 && *local.turnover <= 0.8)) {
        errors.push_back({"turnover", fmt::format("{} is out of range; allowed: 0.02 to 0.8 (0.3 "
                                                  "= 30% a year)",
                                                  *local.turnover)});
    }
    if (local.share_aged_55_plus &&
        !(*local.share_aged_55_plus > 0 && *local.share_aged_55_plus < 0.8)) {
        errors.push_back({"share_aged_55_plus",
                          fmt::format("{} is out of range; allowed: above 0 and below 0.8 (0.29 "
                                      "= 29%)",
                                      *local.share_aged_55_plus)});
    }
    if (!(local.training_budget >= 0 && local.training_budget <= 1e13)) {
        errors.push_back(
            {"training_budget", fmt::format("{} is out of range; allowed: 0 to 1e13 GBP a year",
                                            local.training_budget)});
    }
    if (local.registered_managers) {
        if (rm < 0) {
            errors.push_back({"registered_managers",
                              "the base scenario has no role named \"registered manager\""});
        } else if (!(*local.registered_managers >= 0 &&
                     *local.registered_managers <= local.workers / 2)) {
            errors.push_back({"registered_managers",
                              fmt::format("{} is out of range; allowed: 0 to half the workers",
                                          *local.registered_managers)});
        }
    }
    return errors;
}

// Filled posts: the base's scaled, the local registered managers overriding, rounded by
// largest remainder so the roles add up to the local workforce exactly.
std::vector<double> local_filled(const Scenario& base, const LocalFigures& local, double scale,
                                 int rm) {
    const std::size_t roles = base.roles.size();
    const auto is_local_rm = [&](std::size_t r) {
        return static_cast<int>(r) == rm && local.registered_managers.has_value();
    };
    std::vector<double> filled(roles);
    double free_total = local.workers;
    double free_raw = 0;
    for (std::size_t r = 0; r < roles; ++r) {
        filled[r] = base.roles[r].filled * scale;
        if (is_local_rm(r)) {
            filled[r] = std::round(*local.registered_managers);
            free_total -= filled[r];
        } else {
            free_raw += filled[r];
        }
    }
    std::vector<std::pair<double, std::size_t>> remainders;
    double assigned = 0;
    for (std::size_t r = 0; r < roles; ++r) {
        if (is_local_rm(r)) {
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
    return filled;
}

// Writes the area's file: the base scaled, every number with where it came from.
class AreaWriter {
  public:
    AreaWriter(const Scenario& base, std::string_view base_text, const std::string& base_name,
               const LocalFigures& local, double base_workers)
        : base_(base), name_(base_name), local_(local), notes_(base_text),
          base_workers_(base_workers), scale_(local.workers / base_workers),
          scaled_(fmt::format("{} x {:.6g}", base_name, scale_)),
          rm_(base.role_index("registered manager")) {
        filled_ = local_filled(base, local, scale_, rm_);
        rate_factors();
    }

    std::string write() {
        header();
        scenario_tables();
        for (std::size_t r = 0; r < base_.roles.size(); ++r) {
            role(r);
        }
        edges();
        for (std::size_t p = 0; p < base_.programmes.size(); ++p) {
            programme(p);
        }
        training();
        uncertainty();
        return out_;
    }

  private:
    template <typename... Args> void line(fmt::format_string<Args...> format, Args&&... args) {
        fmt::format_to(std::back_inserter(out_), format, std::forward<Args>(args)...);
        out_ += '\n';
    }
    // "; england.toml's figure: <its comment>" for a key of an entry in the base file.
    std::string note(std::string_view list, std::size_t index, std::string_view key) const {
        const std::string n = notes_.note(list, index, key);
        return n.empty() ? std::string() : fmt::format("; {}'s figure: {}", name_, n);
    }
    void rate_factors();
    void header();
    void scenario_tables();
    void role(std::size_t r);
    void role_rates(std::size_t r);
    void role_supply_and_ages(std::size_t r);
    void edges();
    void programme(std::size_t p);
    void training();
    void uncertainty();

    const Scenario& base_;
    const std::string& name_;
    const LocalFigures& local_;
    const FileNotes notes_;
    double base_workers_;
    double scale_;
    std::string scaled_;
    int rm_;
    std::vector<double> filled_;
    std::vector<double> base_vacancy_;
    double vacancy_factor_ = 1;
    double turnover_factor_ = 1;
    std::string out_;
};

// Each role's base vacancy and turnover times one factor each, chosen so the all-role
// rates equal the local figures.
void AreaWriter::rate_factors() {
    double turnover_weighted = 0;
    double filled_total = 0;
    for (std::size_t r = 0; r < base_.roles.size(); ++r) {
        base_vacancy_.push_back(base_vacancy_rate(base_.roles[r]));
        turnover_weighted += filled_[r] * base_.roles[r].turnover;
        filled_total += filled_[r];
    }
    if (local_.vacancy_rate) {
        double lo = 0;
        double hi = 20;
        for (int i = 0; i < 80; ++i) {
            const double mid = (lo + hi) / 2;
            (vacancy_with(filled_, base_vacancy_, mid) < *local_.vacancy_rate ? lo : hi) = mid;
        }
        vacancy_factor_ = (lo + hi) / 2;
    }
    const double base_turnover = filled_total > 0 ? turnover_weighted / filled_total : 0;
    turnover_factor_ = local_.turnover && base_turnover > 0 ? *local_.turnover / base_turnover : 1;
}

void AreaWriter::header() {
    line("# {}: a scenario for one area, written by `carecast new-area`.", local_.name);
    line("#");
    line("# Derived from {} (\"{}\"): its roles, rates, career edges and", name_, base_.name);
    line("# programmes, scaled by {:.0f} / {:.0f} workers = {:.6g} (assumption: the area's",
         local_.workers, base_workers_, scale_);
    line("# role mix, ages and career rates are the base's unless a local figure is given).");
    line("# Local figures given:");
    line("#   workers {:.0f}", local_.workers);
    if (local_.vacancy_rate) {
        line("#   vacancy rate {:.4g} (each role's base rate x {:.4f})", *local_.vacancy_rate,
             vacancy_factor_);
    }
    if (local_.turnover) {
        line("#   turnover {:.4g} a year (each role's base rate x {:.4f})", *local_.turnover,
             turnover_factor_);
    }
    if (local_.registered_managers) {
        line("#   registered managers {:.0f}", *local_.registered_managers);
    }
    if (local_.share_aged_55_plus) {
        line("#   share aged 55 and over {:.4g}", *local_.share_aged_55_plus);
    }
    if (!local_.source_note.empty()) {
        line("# Source of the local figures: {}", local_.source_note);
    }
    line("# Matching efficiencies move with turnover over vacancies, and external supply with");
    line("# the workforce and turnover, so the month-0 vacancy rate holds (assumption, as in");
    line("# the base). Edit any number; `carecast validate` checks the file.");
    line("");
}

void AreaWriter::scenario_tables() {
    line("[scenario]");
    line("name = {}", quoted(local_.name));
    line("description = {}", quoted(fmt::format("{}: {:.0f} workers, derived from {}", local_.name,
                                                local_.workers, name_)));
    line("start_year = {}", base_.start_year);
    line("horizon_months = {}", base_.horizon_months);
    line("seed = {}", base_.seed);
    line("recruitment = {}", quoted(base_.recruitment == Recruitment::Push ? "push" : "pull"));
    line("");
    const AgeProfile& front = base_.roles.front().age_profile;
    const AgeProfile workforce_profile =
        local_.share_aged_55_plus ? with_share_55_plus(front, *local_.share_aged_55_plus) : front;
    line("[workforce]");
    line("readiness_per_month = {}  # {}", number(base_.readiness_per_month), name_);
    line("within_sector_share = {}  # {}", number(base_.roles.front().within_sector_share), name_);
    line("age_profile = {}  # {}", profile_text(workforce_profile),
         local_.share_aged_55_plus ? "the base's bands rescaled to the local 55+ share"
                                   : name_.c_str());
    line("entrant_age_profile = {}  # {}", profile_text(base_.entrant_age_profile), name_);
    line("months_between_jobs = {}  # {}", base_.months_between_jobs, name_);
    line("months_seeking = {}  # {}", base_.months_seeking, name_);
    line("moves_multiplier = {}  # {}", number(base_.moves_multiplier), name_);
    line("newcomer_leaving_ratio = {}  # {}", number(base_.newcomer_leaving_ratio), name_);
    line("older_leaving_ratio = {}  # {}", number(base_.older_leaving_ratio), name_);
    line("");
    line("[retirement]  # {}", name_);
    std::string ages;
    std::string hazards;
    for (const auto& step : base_.retirement) {
        ages += (ages.empty() ? "" : ", ") + number(step.from_age);
        hazards += (hazards.empty() ? "" : ", ") + number(step.annual_hazard);
    }
    line("from_age = [{}]", ages);
    line("annual_hazard = [{}]", hazards);
    line("max_age = {}", number(base_.max_working_age));
    line("");
    line("[demand]  # {}", name_);
    line("annual_growth = {}", number(base_.demand_growth));
    for (const auto& step : base_.demand_path) {
        line("[[demand.path]]");
        line("year = {}", step.year);
        line("growth = {}", number(step.growth));
    }
    line("");
    line("[supply]  # {}", name_);
    line("domestic_multiplier = {}", number(base_.domestic_supply_multiplier));
    line("international_multiplier = {}", number(base_.international_supply_multiplier));
    line("");
    line("[labour_market]  # {}", name_);
    for (const auto& f : detail::kScenarioNumbers) {
        if (std::string_view(f.table) == "labour_market") {
            line("{} = {}", f.key, number(base_.*f.member));
        }
    }
    line("");
    line("[[areas]]");
    line("name = {}", quoted(local_.name));
    line("share = 1.0");
}

void AreaWriter::role(std::size_t r) {
    const Role& role = base_.roles[r];
    line("");
    line("[[roles]]");
    line("name = {}", quoted(role.name));
    line("group = {}", quoted(kGroupNames[static_cast<int>(role.group)]));
    line("level = {}", quoted(kLevelNames[static_cast<int>(role.level)]));
    const bool local_rm = static_cast<int>(r) == rm_ && local_.registered_managers;
    line("filled = {:.0f}  # {}", filled_[r],
         local_rm ? std::string("local figure (registered managers)")
                  : fmt::format("{}, rounded so roles add up to {:.0f}{}", scaled_, local_.workers,
                                note("roles", r, "filled")));
    // Roles whose posts the base fixes (one director per council) keep at least one post.
    if (notes_.has("roles", r, "posts")) {
        const double fixed = std::max(1.0, std::round(role.posts * scale_));
        line("posts = {:.0f}  # fixed posts: {} scaled, at least one{}",
             std::max(fixed, filled_[r]), name_, note("roles", r, "posts"));
    } else {
        const double v = std::min(0.9, base_vacancy_[r] * vacancy_factor_);
        line("vacancy_rate = {:.4f}  # {}{}", v,
             local_.vacancy_rate ? fmt::format("{}'s {:.4f} x {:.4f} (local all-role rate)", name_,
                                               base_vacancy_[r], vacancy_factor_)
                                 : name_,
             note("roles", r, "vacancy_rate"));
    }
    role_rates(r);
    role_supply_and_ages(r);
}

void AreaWriter::role_rates(std::size_t r) {
    const Role& role = base_.roles[r];
    const double turnover = std::min(1.0, role.turnover * turnover_factor_);
    line("turnover = {:.4f}  # {}{}", turnover,
         local_.turnover ? fmt::format("{}'s {:.4g} x {:.4f} (local all-role rate)", name_,
                                       role.turnover, turnover_factor_)
                         : name_,
         note("roles", r, "turnover"));
    line("fte_per_post = {}  # {}{}", number(role.fte_per_post), name_,
         note("roles", r, "fte_per_post"));
    if (role.within_sector_share != base_.roles.front().within_sector_share) {
        line("within_sector_share = {}  # {}", number(role.within_sector_share), name_);
    }
    // Constant returns: a smaller area's hires, posts and seekers scale alike. Hires
    // follow turnover and open posts the vacancy rate, so the efficiency that holds the
    // local rate moves by their ratio to the power of the posts' elasticity.
    const double efficiency =
        std::clamp(role.matching_efficiency *
                       std::pow(turnover_factor_ / vacancy_factor_, 1 - base_.matching_elasticity),
                   0.001, 10.0);
    line("matching_efficiency = {:.4f}  # {} x (turnover factor / vacancy factor)^{:.2f} "
         "(assumption: holds the month-0 vacancy rate; `carecast calibrate` fits it)",
         efficiency, name_, 1 - base_.matching_elasticity);
    if (role.external_first_share > 0) {
        line("external_first_share = {}  # {}{}", number(role.external_first_share), name_,
             note("roles", r, "external_first_share"));
    }
    if (role.demand_growth) {
        line("demand_growth = {}  # {}", number(*role.demand_growth), name_);
    }
}

void AreaWriter::role_supply_and_ages(std::size_t r) {
    const Role& role = base_.roles[r];
    const double supply_scale = scale_ * turnover_factor_;
    if (role.supply_domestic > 0) {
        line("supply_domestic = {:.4g}  # {} x {:.6g} (workforce x turnover factor){}",
             role.supply_domestic * supply_scale, name_, supply_scale,
             note("roles", r, "supply_domestic"));
    }
    if (role.supply_international > 0) {
        line("supply_international = {:.4g}  # {} x {:.6g}{}",
             role.supply_international * supply_scale, name_, supply_scale,
             note("roles", r, "supply_international"));
    }
    const AgeProfile& front = base_.roles.front().age_profile;
    if (role.age_profile != front) {
        const double front_old = std::max(1e-9, front[4] + front[5]);
        const AgeProfile p =
            local_.share_aged_55_plus
                ? with_share_55_plus(role.age_profile,
                                     std::min(0.95, (role.age_profile[4] + role.age_profile[5]) *
                                                        *local_.share_aged_55_plus / front_old))
                : role.age_profile;
        line("age_profile = {}  # {}{}", profile_text(p),
             local_.share_aged_55_plus ? "the base's role profile, 55+ scaled with the local share"
                                       : name_,
             note("roles", r, "age_profile"));
    }
    if (role.entry_requires != kNoQualification) {
        line("entry_requires = {}",
             quoted(base_.qualifications[static_cast<std::size_t>(role.entry_requires)]));
        if (role.entry_within_months > 0) {
            line("entry_within_months = {}  # {}{}", role.entry_within_months, name_,
                 note("roles", r, "entry_within_months"));
        }
    }
    std::string shares;
    for (std::size_t q = 0; q < base_.qualifications.size(); ++q) {
        if (role.qualified_share[q] > 0 && static_cast<QualificationId>(q) != role.entry_requires) {
            shares += fmt::format("{}{} = {}", shares.empty() ? "" : ", ",
                                  quoted(base_.qualifications[q]), number(role.qualified_share[q]));
        }
    }
    if (!shares.empty()) {
        line("qualified_share = {{ {} }}  # {}", shares, name_);
    }
}

void AreaWriter::edges() {
    line("");
    line("# Career edges: {}'s (rates are per person, so they need no scaling).", name_);
    for (const auto& edge : base_.edges) {
        line("");
        line("[[edges]]");
        line("from = {}", quoted(base_.roles[edge.from].name));
        line("to = {}", quoted(base_.roles[edge.to].name));
        line("kind = {}", quoted(kEdgeKindNames[static_cast<int>(edge.kind)]));
        line("monthly_rate = {}", number(edge.monthly_rate));
        line("min_months = {}", edge.min_months_in_role);
        if (edge.min_readiness > 0) {
            line("min_readiness = {}", number(edge.min_readiness));
        }
        if (edge.required_qualification != kNoQualification) {
            line("requires = {}",
                 quoted(
                     base_.qualifications[static_cast<std::size_t>(edge.required_qualification)]));
        }
    }
    line("");
    line("# Programmes: baseline places are the area's share of {}'s (they happen", name_);
    line("# anyway); max funded places are what the budget below may buy on top.");
}

void AreaWriter::programme(std::size_t p) {
    const Programme& programme = base_.programmes[p];
    line("");
    line("[[programmes]]");
    line("name = {}", quoted(programme.name));
    std::string eligible;
    for (auto r : programme.eligible_roles) {
        eligible += (eligible.empty() ? "" : ", ") + quoted(base_.roles[r].name);
    }
    line("eligible = [{}]", eligible);
    line("baseline_places_per_year = {:.0f}  # {}{}",
         std::round(programme.baseline_places_per_year * scale_), scaled_,
         note("programmes", p, "baseline_places_per_year"));
    if (const auto limit = funded_limit_line(programme, filled_, scale_, scaled_); !limit.empty()) {
        line("{}", limit);
    } else {
        line("max_funded_places_per_year = {:.0f}  # {}{}",
             std::round(programme.max_funded_places_per_year * scale_), scaled_,
             note("programmes", p, "max_funded_places_per_year"));
    }
    line("cost_per_place = {}  # {}{}", number(programme.cost_per_place), name_,
         note("programmes", p, "cost_per_place"));
    line("duration_months = {}", programme.duration_months);
    line("completion_rate = {}", number(programme.completion_rate));
    line("readiness_boost = {}", number(programme.readiness_boost));
    line("promotion_multiplier = {}", number(programme.promotion_multiplier));
    line("retention_multiplier = {}", number(programme.retention_multiplier));
    if (programme.grants != kNoQualification) {
        line("grants = {}",
             quoted(base_.qualifications[static_cast<std::size_t>(programme.grants)]));
    }
}

void AreaWriter::training() {
    line("");
    line("[training]");
    line("annual_budget = {}  # GBP a year on top of baseline training (the local budget)",
         number(local_.training_budget));
    if (!base_.training_priority.empty()) {
        std::string order;
        for (auto p : base_.training_priority) {
            order += (order.empty() ? "" : ", ") + quoted(base_.programmes[p].name);
        }
        line("# The budget funds programmes in this order, each in full before the next.");
        line("priority = [{}]", order);
    }
}

// The base's declared uncertainty, kept: a council's answer hinges on the same
// assumptions. A count given as values is scaled with the area, as a factor of the value.
void AreaWriter::uncertainty() {
    if (base_.uncertainties.empty()) {
        return;
    }
    line("");
    line("# Uncertainty: {}'s declared ranges, with their sources there", name_);
    line("# (counts as factors of the area's value, so they scale with it).");
    for (const auto& u : base_.uncertainties) {
        const double value = get_parameter(base_, u.key).value_or(0);
        const bool count = u.key.ends_with("supply_domestic") ||
                           u.key.ends_with("supply_international") ||
                           u.key.ends_with("places_per_year");
        const bool as_factor = u.relative || (count && value > 0);
        const double scale = u.relative || !as_factor ? 1.0 : 1.0 / value;
        line("");
        line("[[uncertainty]]");
        line("key = {}", quoted(u.key));
        line("distribution = {}", quoted(to_string(u.distribution)));
        line("{} = [{}, {}]", as_factor ? "factor" : "range", number(u.low * scale),
             number(u.high * scale));
        if (u.mode) {
            line("mode = {}", number(*u.mode * scale));
        }
        if (u.distribution == Distribution::Normal) {
            line("sd = {}", number(u.sd * scale));
        }
        line("source = {}", quoted(u.source));
    }
}

} // namespace

AreaScenarioText write_area_scenario(const Scenario& base, std::string_view base_text,
                                     const std::string& base_name, const LocalFigures& local) {
    AreaScenarioText result;
    const double base_workers =
        std::accumulate(base.roles.begin(), base.roles.end(), 0.0,
                        [](double s, const Role& r) { return s + r.filled; });
    result.errors = check_figures(local, base_workers, base.role_index("registered manager"));
    if (result.errors.empty()) {
        result.toml = AreaWriter(base, base_text, base_name, local, base_workers).write();
    }
    return result;
}

} // namespace carecast::model
