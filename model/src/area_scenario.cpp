#include <carecast/model/area_scenario.hpp>
#include <carecast/model/scenario_edit.hpp>
#include <carecast/model/scenario_loader.hpp>
#include <carecast/model/uncertainty.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace carecast::model {
namespace {

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

// The most places a local budget may fund a year, as a share of the people in a
// programme's eligible roles (see write_area_scenario).
constexpr double kLocalFundedShare = 0.2;

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

// To 4 decimal places, as a file would give a rate: the double nearest k / 10^4.
double four_places(double value) {
    return std::round(value * 1e4) / 1e4;
}

// Four significant figures, as a file would give a scaled count.
double four_figures(double value) {
    return std::stod(fmt::format("{:.4g}", value));
}

AgeProfile rounded(AgeProfile profile) {
    for (auto& share : profile) {
        share = four_places(share);
    }
    return profile;
}

bool is_supply_key(std::string_view key) {
    return key.ends_with("supply_domestic") || key.ends_with("supply_international");
}

// The base scaled to the area as a scenario, every changed number with a note saying
// where it came from; the one writer (to_toml) writes it.
class AreaBuilder {
  public:
    AreaBuilder(const Scenario& base, const std::string& base_name, const LocalFigures& local,
                double base_workers)
        : base_(base), name_(base_name), local_(local), base_workers_(base_workers),
          scale_(local.workers / base_workers),
          scaled_(fmt::format("{} x {:.6g}", base_name, scale_)),
          rm_(base.role_index("registered manager")), area_(base) {
        filled_ = local_filled(base, local, scale_, rm_);
        rate_factors();
    }

    Scenario build() {
        scenario_fields();
        for (std::size_t r = 0; r < area_.roles.size(); ++r) {
            role_counts(r);
            role_rates(r);
            role_supply_and_ages(r);
        }
        for (std::size_t p = 0; p < area_.programmes.size(); ++p) {
            programme(p);
        }
        timeline();
        uncertainty();
        return std::move(area_);
    }

  private:
    // A value the area changes, with its note: how it was derived, and the base's note
    // for the number it came from.
    void note(const std::string& key, double value, std::string how) {
        const auto given = base_.source_notes.find(key);
        if (given != base_.source_notes.end()) {
            how += fmt::format("; {}'s figure: {}", name_, given->second.note);
        }
        area_.source_notes[key] = SourceNote{value, std::move(how)};
    }
    std::string role_key(std::size_t r, std::string_view field) const {
        return fmt::format("roles.{}.{}", base_.roles[r].name, field);
    }
    void rate_factors();
    void scenario_fields();
    std::string header() const;
    void role_counts(std::size_t r);
    void role_rates(std::size_t r);
    void role_supply_and_ages(std::size_t r);
    void programme(std::size_t p);
    void timeline();
    void uncertainty();
    // External supply follows the workforce and its turnover.
    double supply_scale() const { return scale_ * turnover_factor_; }
    // What a count of people (supply, places) is multiplied by in the area; 0 where the
    // key is not a count.
    double count_scale(std::string_view key) const {
        if (is_supply_key(key)) {
            return supply_scale();
        }
        return key.ends_with("places_per_year") ? scale_ : 0;
    }

    const Scenario& base_;
    const std::string& name_;
    const LocalFigures& local_;
    double base_workers_;
    double scale_;
    std::string scaled_;
    int rm_;
    Scenario area_;
    std::vector<double> filled_;
    std::vector<double> base_vacancy_;
    double vacancy_factor_ = 1;
    double turnover_factor_ = 1;
};

// Each role's base vacancy and turnover times one factor each, chosen so the all-role
// rates equal the local figures.
void AreaBuilder::rate_factors() {
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

std::string AreaBuilder::header() const {
    std::string text = fmt::format(
        "# {}: a scenario for one area, written by `carecast new-area`.\n#\n"
        "# Derived from {} (\"{}\"):\n"
        "# its roles, rates, career edges, programmes, events and declared uncertainty,\n"
        "# scaled by {:.0f} / {:.0f} workers = {:.6g} (assumption: the area's role mix, ages\n"
        "# and career rates are the base's unless a local figure is given). A number whose\n"
        "# note does not say how it was scaled is the base's, with the base's note.\n"
        "# Local figures given:\n"
        "#   workers {:.0f}\n",
        local_.name, name_, base_.name, local_.workers, base_workers_, scale_, local_.workers);
    if (local_.vacancy_rate) {
        text += fmt::format("#   vacancy rate {:.4g} (each role's base rate x {:.4f})\n",
                            *local_.vacancy_rate, vacancy_factor_);
    }
    if (local_.turnover) {
        text += fmt::format("#   turnover {:.4g} a year (each role's base rate x {:.4f})\n",
                            *local_.turnover, turnover_factor_);
    }
    if (local_.registered_managers) {
        text += fmt::format("#   registered managers {:.0f}\n", *local_.registered_managers);
    }
    if (local_.share_aged_55_plus) {
        text += fmt::format("#   share aged 55 and over {:.4g}\n", *local_.share_aged_55_plus);
    }
    if (!local_.source_note.empty()) {
        text += fmt::format("# Source of the local figures: {}\n", local_.source_note);
    }
    return text +
           "# Matching efficiencies move with turnover over vacancies, and external supply with\n"
           "# the workforce and turnover, so the month-0 vacancy rate holds (assumption, as in\n"
           "# the base). Programmes' baseline places are the area's share of the base's (they\n"
           "# happen anyway); max funded places are what the training budget may buy on top.\n"
           "# Edit any number; `carecast validate` checks the file.\n";
}

void AreaBuilder::scenario_fields() {
    area_.name = local_.name;
    area_.description =
        fmt::format("{}: {:.0f} workers, derived from {}", local_.name, local_.workers, name_);
    area_.source = name_;
    area_.header = header();
    area_.areas = {Area{local_.name, 1.0}};
    area_.area_growth.assign(1, std::nullopt);
    area_.area_rates.clear();
    area_.funded_allocation.clear(); // the base's places are not the area's
    area_.training_budget = local_.training_budget;
    area_.source_notes.erase("training.funded_places");
    area_.source_notes["training.annual_budget"] = SourceNote{
        local_.training_budget, "GBP a year on top of baseline training (the local budget)"};
}

void AreaBuilder::role_counts(std::size_t r) {
    Role& role = area_.roles[r];
    const bool local_rm = static_cast<int>(r) == rm_ && local_.registered_managers;
    role.filled = filled_[r];
    if (local_rm) {
        area_.source_notes[role_key(r, "filled")] =
            SourceNote{role.filled, "local figure (registered managers)"};
    } else {
        note(role_key(r, "filled"), role.filled,
             fmt::format("{}, rounded so roles add up to {:.0f}", scaled_, local_.workers));
    }
    // Roles whose posts the base fixes (one director per council) keep at least one post.
    if (base_.source_notes.contains(role_key(r, "posts"))) {
        const double fixed = std::max(1.0, std::round(base_.roles[r].posts * scale_));
        role.posts = std::max(fixed, role.filled);
        note(role_key(r, "posts"), role.posts,
             fmt::format("fixed posts: {} scaled, at least one", name_));
        return;
    }
    const double v = four_places(std::min(0.9, base_vacancy_[r] * vacancy_factor_));
    role.posts = std::round(role.filled / (1 - v));
    note(role_key(r, "vacancy_rate"), v,
         local_.vacancy_rate ? fmt::format("{}'s {:.4f} x {:.4f} (local all-role rate)", name_,
                                           base_vacancy_[r], vacancy_factor_)
                             : name_);
}

void AreaBuilder::role_rates(std::size_t r) {
    Role& role = area_.roles[r];
    const double base_turnover = base_.roles[r].turnover;
    role.turnover = four_places(std::min(1.0, base_turnover * turnover_factor_));
    note(role_key(r, "turnover"), role.turnover,
         local_.turnover ? fmt::format("{}'s {:.4g} x {:.4f} (local all-role rate)", name_,
                                       base_turnover, turnover_factor_)
                         : name_);
    // Constant returns: a smaller area's hires, posts and seekers scale alike. Hires
    // follow turnover and open posts the vacancy rate, so the efficiency that holds the
    // local rate moves by their ratio to the power of the posts' elasticity.
    const double exponent = 1 - base_.matching_elasticity;
    role.matching_efficiency = four_places(std::clamp(
        base_.roles[r].matching_efficiency * std::pow(turnover_factor_ / vacancy_factor_, exponent),
        0.001, 10.0));
    area_.source_notes[role_key(r, "matching_efficiency")] = SourceNote{
        role.matching_efficiency,
        fmt::format("{} x (turnover factor / vacancy factor)^{:.2f} (assumption: holds the "
                    "month-0 vacancy rate; `carecast calibrate` fits it)",
                    name_, exponent)};
}

void AreaBuilder::role_supply_and_ages(std::size_t r) {
    Role& role = area_.roles[r];
    if (role.supply_domestic > 0) {
        role.supply_domestic = four_figures(role.supply_domestic * supply_scale());
        note(role_key(r, "supply_domestic"), role.supply_domestic,
             fmt::format("{} x {:.6g} (workforce x turnover factor)", name_, supply_scale()));
    }
    if (role.supply_international > 0) {
        role.supply_international = four_figures(role.supply_international * supply_scale());
        note(role_key(r, "supply_international"), role.supply_international,
             fmt::format("{} x {:.6g}", name_, supply_scale()));
    }
    if (!local_.share_aged_55_plus) {
        return;
    }
    // The front-line profile takes the local share; other roles keep their distance
    // from it, their 55+ share scaled alike.
    const AgeProfile& front = base_.roles.front().age_profile;
    const AgeProfile& own = base_.roles[r].age_profile;
    const double front_old = std::max(1e-9, front[4] + front[5]);
    const double share =
        own == front ? *local_.share_aged_55_plus
                     : std::min(0.95, (own[4] + own[5]) * *local_.share_aged_55_plus / front_old);
    role.age_profile = rounded(with_share_55_plus(own, share));
    area_.source_notes[role_key(r, "age_profile")] =
        SourceNote{0, fmt::format("{}'s profile, 55+ scaled with the local share", name_)};
}

void AreaBuilder::programme(std::size_t p) {
    Programme& programme = area_.programmes[p];
    const std::string key = "programmes." + programme.name + ".";
    programme.areas.clear();
    programme.baseline_places_per_year = std::round(programme.baseline_places_per_year * scale_);
    note(key + "baseline_places_per_year", programme.baseline_places_per_year, scaled_);
    double eligible_people = 0;
    for (auto r : programme.eligible_roles) {
        eligible_people += filled_[r];
    }
    // England's limits scaled would let a local budget buy almost nothing beyond the
    // baseline: an area may fund places for up to a fifth of the people in the eligible
    // roles a year (assumption: the council example's limits are 11-34%).
    const double scaled_limit = std::round(programme.max_funded_places_per_year * scale_);
    const double local_limit = std::round(kLocalFundedShare * eligible_people);
    if (local_limit > scaled_limit) {
        programme.max_funded_places_per_year = local_limit;
        area_.source_notes[key + "max_funded_places_per_year"] =
            SourceNote{local_limit, fmt::format("assumption: a fifth of the area's {:.0f} people "
                                                "in the eligible roles a year ({} gives {:.0f})",
                                                eligible_people, scaled_, scaled_limit)};
    } else {
        programme.max_funded_places_per_year = scaled_limit;
        note(key + "max_funded_places_per_year", scaled_limit, scaled_);
    }
}

// The base's events and paths hold in the area too (a visa rule is national); a count
// they set is scaled with the area.
void AreaBuilder::timeline() {
    for (auto& event : area_.events) {
        if (const double scale = count_scale(event.parameter); event.value && scale > 0) {
            *event.value = four_figures(*event.value * scale);
        }
    }
    for (auto& path : area_.paths) {
        if (const double scale = count_scale(path.parameter); scale > 0) {
            for (auto& value : path.values) {
                value = four_figures(value * scale);
            }
        }
    }
}

// The base's declared uncertainty, kept: a council's answer hinges on the same
// assumptions. A count given as values becomes a factor of the base's value, so it
// scales with the area.
void AreaBuilder::uncertainty() {
    for (auto& u : area_.uncertainties) {
        const double value = get_parameter(base_, u.key).value_or(0);
        if (u.relative || count_scale(u.key) == 0 || value <= 0) {
            continue;
        }
        u.relative = true;
        u.low /= value;
        u.high /= value;
        if (u.mode) {
            *u.mode /= value;
        }
        u.sd /= value;
    }
}

} // namespace

AreaScenarioText write_area_scenario(const Scenario& base, const std::string& base_name,
                                     const LocalFigures& local) {
    AreaScenarioText result;
    const double base_workers =
        std::accumulate(base.roles.begin(), base.roles.end(), 0.0,
                        [](double s, const Role& r) { return s + r.filled; });
    result.errors = check_figures(local, base_workers, base.role_index("registered manager"));
    if (result.errors.empty()) {
        result.toml = to_toml(AreaBuilder(base, base_name, local, base_workers).build());
    }
    return result;
}

} // namespace carecast::model
