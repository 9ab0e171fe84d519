#include <carecast/model/career_graph.hpp>
#include <carecast/model/demand.hpp>
#include <carecast/model/labour_market.hpp>
#include <carecast/model/retirement.hpp>
#include <carecast/model/scenario_edit.hpp>
#include <carecast/model/scenario_loader.hpp>
#include <carecast/model/schema.hpp>

#include "parameter_table.hpp"
#include "scenario_extends.hpp"
#include "source_notes.hpp"
#include "toml_guard.hpp"
#include "toml_reader.hpp"
#include "uncertainty_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <sstream>

namespace carecast::model {
namespace {

using detail::kAnyValue;
using detail::kCount;
using detail::kEffectMultiplier;
using detail::kGrowth;
using detail::kMoney;
using detail::kPoints;
using detail::kRate;
using detail::kSupplyMultiplier;
using detail::kVacancyRate;
using detail::kYear;
using detail::Range;
using detail::TomlReader;

const std::vector<std::string_view> kGroupNames{"direct care", "managerial", "professional",
                                                "other"};
const std::vector<std::string_view> kLevelNames{"front-line worker", "front-line leader",
                                                "operational leader", "strategic leader"};
const std::vector<std::string_view> kEdgeKindNames{"promotion", "lateral", "qualification"};

// Defaults, each documented with its source in docs/scenario-format.md.
// Job age bands, NMDS-SC workforce estimates 2017/18.
constexpr AgeProfile kDefaultAgeProfile{0.096, 0.210, 0.201, 0.256, 0.199, 0.038};
// Assumption: new entrants are younger than the workforce (almost half of under-25s
// leave in their first year, Skills for Care 2021/22, so the young churn through).
constexpr AgeProfile kDefaultEntrantAgeProfile{0.30, 0.25, 0.20, 0.15, 0.09, 0.01};
// 67% of job leavers stayed in the sector in 2019/20 (Skills for Care).
constexpr double kDefaultWithinSectorShare = 0.67;
// Assumption: 9 English regions split by their approximate share of England's
// population aged 65+ (Census 2021), where no regional shares of posts are given.
const std::vector<Area> kDefaultAreas{
    {"North East", 0.054},    {"North West", 0.129},    {"Yorkshire and The Humber", 0.098},
    {"East Midlands", 0.089}, {"West Midlands", 0.104}, {"East of England", 0.124},
    {"London", 0.102},        {"South East", 0.175},    {"South West", 0.125}};

class ScenarioParser {
  public:
    ScenarioParser(const std::string& file, std::vector<ScenarioError>& errors)
        : reader_(file, errors) {}

    void parse(const toml::table& root) {
        reader_.check_schema_keys(root, "", "");
        parse_header(root);
        parse_workforce(root);
        parse_retirement(root);
        parse_areas(root);
        parse_roles(root);
        parse_demand(root);
        parse_area_rates(root);
        parse_supply_and_training(root);
        parse_edges(root);
        parse_programmes(root);
        parse_training(root);
        parse_events(root);
        detail::read_uncertainties(reader_, root, s_);
    }

    Scenario& scenario() { return s_; }
    TomlReader& reader() { return reader_; }

  private:
    void parse_header(const toml::table& root) {
        const toml::table* t = reader_.table(root, "", "scenario", true);
        if (t == nullptr) {
            return;
        }
        reader_.check_schema_keys(*t, "scenario", "scenario");
        s_.name = reader_.string(*t, "scenario", "name", true).value_or("");
        s_.description = reader_.string(*t, "scenario", "description", false).value_or("");
        s_.start_year = static_cast<int>(
            reader_.schema_integer(*t, "scenario", "scenario", "start_year").value_or(2025));
        const auto years = reader_.schema_integer(*t, "scenario", "scenario", "horizon_years");
        const auto months = reader_.schema_integer(*t, "scenario", "scenario", "horizon_months");
        if (years && months) {
            reader_.error(*t->get("horizon_months"), "scenario.horizon_months",
                          "give horizon_years or horizon_months, not both");
        }
        s_.horizon_months = static_cast<int>(months ? *months : years ? *years * 12 : 120);
        s_.recruitment = static_cast<Recruitment>(
            reader_.choice(*t, "scenario", "recruitment", {"pull", "push"}, false).value_or(0));
        s_.seed = static_cast<std::uint64_t>(
            reader_.schema_integer(*t, "scenario", "scenario", "seed").value_or(1));
    }

    void parse_age_profile(const toml::table& t, const std::string& path, std::string_view key,
                           AgeProfile& out) {
        const auto shares = reader_.numbers(t, path, key, kRate, false);
        if (!shares) {
            return;
        }
        const std::string where = TomlReader::join(path, key);
        if (shares->size() != kAgeBands) {
            reader_.error(*t.get(key), where,
                          fmt::format("expected {} shares for ages 16-24, 25-34, 35-44, 45-54, "
                                      "55-64, 65-74; got {}",
                                      kAgeBands, shares->size()));
            return;
        }
        const double sum = std::accumulate(shares->begin(), shares->end(), 0.0);
        if (std::abs(sum - 1.0) > 0.01) {
            reader_.error(
                *t.get(key), where,
                fmt::format("shares add up to {:.4f}; allowed: shares adding up to 1", sum));
            return;
        }
        for (int b = 0; b < kAgeBands; ++b) {
            out[b] = (*shares)[b] / sum;
        }
    }

    void parse_workforce(const toml::table& root) {
        age_profile_ = kDefaultAgeProfile;
        s_.entrant_age_profile = kDefaultEntrantAgeProfile;
        within_sector_share_ = kDefaultWithinSectorShare;
        const toml::table* t = reader_.table(root, "", "workforce", false);
        if (t == nullptr) {
            return;
        }
        reader_.check_schema_keys(*t, "workforce", "workforce");
        s_.months_between_jobs = static_cast<int>(
            reader_.schema_integer(*t, "workforce", "workforce", "months_between_jobs")
                .value_or(0));
        s_.months_seeking = static_cast<int>(
            reader_.schema_integer(*t, "workforce", "workforce", "months_seeking").value_or(3));
        detail::read_scenario_numbers(reader_, *t, "workforce", s_);
        within_sector_share_ =
            reader_.schema_number(*t, "workforce", "workforce", "within_sector_share")
                .value_or(kDefaultWithinSectorShare);
        parse_age_profile(*t, "workforce", "age_profile", age_profile_);
        parse_age_profile(*t, "workforce", "entrant_age_profile", s_.entrant_age_profile);
    }

    void parse_retirement(const toml::table& root) {
        // Assumption (no published hazard): retirement rises from 60 and is certain by 80.
        s_.retirement = {{60, 0.05}, {65, 0.15}, {70, 0.30}};
        s_.max_working_age = 80;
        const toml::table* t = reader_.table(root, "", "retirement", false);
        if (t == nullptr) {
            return;
        }
        reader_.check_schema_keys(*t, "retirement", "retirement");
        s_.max_working_age =
            reader_.schema_number(*t, "retirement", "retirement", "max_age").value_or(80);
        const auto ages =
            reader_.numbers(*t, "retirement", "from_age", detail::kRetirementAges, true);
        const auto hazards = reader_.numbers(*t, "retirement", "annual_hazard", kRate, true);
        if (!ages || !hazards) {
            return;
        }
        if (ages->size() != hazards->size()) {
            reader_.error(*t->get("annual_hazard"), "retirement.annual_hazard",
                          fmt::format("has {} entries but from_age has {}; allowed: one hazard "
                                      "per age",
                                      hazards->size(), ages->size()));
            return;
        }
        s_.retirement.clear();
        for (std::size_t i = 0; i < ages->size(); ++i) {
            if (i > 0 && (*ages)[i] <= (*ages)[i - 1]) {
                reader_.error(*t->get("from_age"), "retirement.from_age",
                              "ages must rise strictly");
                return;
            }
            s_.retirement.push_back({(*ages)[i], (*hazards)[i]});
        }
    }

    // Names become CSV fields and terminal text: no control characters, and none of the
    // names the outputs use for totals.
    void check_name(const toml::table& t, const std::string& path, const std::string& name,
                    const std::vector<std::string_view>& reserved,
                    const std::vector<std::string_view>& reserved_prefixes) {
        const toml::node* node = t.get("name");
        if (node == nullptr) {
            return;
        }
        for (const unsigned char c : name) {
            if (c < 0x20 || c == 0x7f) {
                reader_.error(*node, path + ".name",
                              fmt::format("the name holds a control character (code {}); "
                                          "allowed: printable text",
                                          static_cast<int>(c)));
                return;
            }
        }
        for (const auto word : reserved) {
            if (name == word) {
                reader_.error(*node, path + ".name",
                              fmt::format("\"{}\" is reserved for totals in the outputs; "
                                          "allowed: another name",
                                          name));
                return;
            }
        }
        for (const auto prefix : reserved_prefixes) {
            if (name.rfind(prefix, 0) == 0) {
                reader_.error(*node, path + ".name",
                              fmt::format("names starting \"{}\" are reserved for the outputs' "
                                          "rows; allowed: another name",
                                          prefix));
                return;
            }
        }
    }

    void parse_areas(const toml::table& root) {
        if (root.get("areas") == nullptr) {
            s_.areas = kDefaultAreas;
            return;
        }
        const auto tables = reader_.tables(root, "", "areas", true);
        std::set<std::string> names;
        double total = 0;
        for (std::size_t i = 0; i < tables.size(); ++i) {
            const std::string path = TomlReader::indexed("", "areas", i);
            reader_.check_schema_keys(*tables[i], path, "areas");
            Area area;
            area.name = reader_.string(*tables[i], path, "name", true).value_or("");
            check_name(*tables[i], path, area.name, {"England"}, {});
            area.share = reader_.schema_number(*tables[i], path, "areas", "share").value_or(0);
            if (!area.name.empty() && !names.insert(area.name).second) {
                reader_.error(*tables[i]->get("name"), path + ".name",
                              fmt::format("area \"{}\" is named twice", area.name));
            }
            total += area.share;
            s_.areas.push_back(area);
        }
        if (s_.areas.empty()) {
            reader_.error(*root.get("areas"), "areas", "at least one area is needed");
        } else if (std::abs(total - 1.0) > 0.001) {
            reader_.error(*root.get("areas"), "areas",
                          fmt::format("area shares add up to {:.4f}; allowed: shares adding up "
                                      "to 1",
                                      total));
        } else if (s_.areas.size() > kMaxAreas) {
            reader_.error(*root.get("areas"), "areas",
                          fmt::format("{} areas; allowed: at most {}", s_.areas.size(), kMaxAreas));
        }
    }

    QualificationId qualification(const std::string& name) {
        for (std::size_t i = 0; i < s_.qualifications.size(); ++i) {
            if (s_.qualifications[i] == name) {
                return static_cast<QualificationId>(i);
            }
        }
        if (s_.qualifications.size() >= kMaxQualifications) {
            return kNoQualification;
        }
        s_.qualifications.push_back(name);
        return static_cast<QualificationId>(s_.qualifications.size() - 1);
    }

    QualificationId qualification_at(const toml::node& node, const std::string& key,
                                     const std::string& name) {
        const QualificationId id = qualification(name);
        if (id == kNoQualification) {
            reader_.error(node, key,
                          fmt::format("qualification \"{}\" would be number {}; allowed: at "
                                      "most {} distinct qualifications",
                                      name, s_.qualifications.size() + 1, kMaxQualifications));
        }
        return id;
    }

    void parse_roles(const toml::table& root) {
        const auto tables = reader_.tables(root, "", "roles", true);
        std::set<std::string> names;
        for (std::size_t i = 0; i < tables.size(); ++i) {
            const toml::table& t = *tables[i];
            const std::string path = TomlReader::indexed("", "roles", i);
            reader_.check_schema_keys(t, path, "roles");
            Role role;
            role.name = reader_.string(t, path, "name", true).value_or("");
            refuse_fill_rate(t, path, "fill_rate");
            check_name(t, path, role.name, {"all"}, {"group:", "programme:"});
            if (!role.name.empty() && !names.insert(role.name).second) {
                reader_.error(*t.get("name"), path + ".name",
                              fmt::format("role \"{}\" is named twice", role.name));
            }
            role.group = static_cast<RoleGroup>(
                reader_.choice(t, path, "group", kGroupNames, true).value_or(0));
            role.level = static_cast<LeadershipLevel>(
                reader_.choice(t, path, "level", kLevelNames, true).value_or(0));
            role.filled = reader_.schema_number(t, path, "roles", "filled").value_or(0);
            const auto posts = reader_.schema_number(t, path, "roles", "posts");
            const auto vacancy = reader_.schema_number(t, path, "roles", "vacancy_rate");
            if (posts && vacancy) {
                reader_.error(*t.get("vacancy_rate"), path + ".vacancy_rate",
                              "give posts or vacancy_rate, not both");
            } else if (!posts && !vacancy && t.get("posts") == nullptr &&
                       t.get("vacancy_rate") == nullptr) {
                reader_.error(t.source(), path + ".posts",
                              "required key is missing; allowed: posts (a count) or "
                              "vacancy_rate (a rate in [0, 0.99])");
            }
            role.posts = posts ? *posts : std::round(role.filled / (1.0 - vacancy.value_or(0)));
            if (posts && *posts < role.filled) {
                reader_.error(*t.get("posts"), path + ".posts",
                              fmt::format("{} posts is fewer than {} filled; allowed: posts >= "
                                          "filled",
                                          *posts, role.filled));
            }
            detail::read_numbers(reader_, t, path, detail::kRoleNumbers, role);
            if (t.get("within_sector_share") == nullptr) {
                role.within_sector_share = within_sector_share_; // the [workforce] value
            }
            role.demand_growth = reader_.schema_number(t, path, "roles", "demand_growth");
            role.age_profile = age_profile_;
            parse_age_profile(t, path, "age_profile", role.age_profile);
            if (const auto required = reader_.string(t, path, "entry_requires", false)) {
                role.entry_requires =
                    qualification_at(*t.get("entry_requires"), path + ".entry_requires", *required);
            }
            role.entry_within_months = static_cast<int>(
                reader_.schema_integer(t, path, "roles", "entry_within_months").value_or(0));
            if (role.entry_within_months > 0 && t.get("entry_requires") == nullptr) {
                reader_.error(*t.get("entry_within_months"), path + ".entry_within_months",
                              "needs entry_requires: the qualification appointees work towards");
            }
            if (const toml::table* q = reader_.table(t, path, "qualified_share", false)) {
                for (const auto& [key, node] : *q) {
                    const std::string name(key.str());
                    const std::string where = TomlReader::join(path + ".qualified_share", name);
                    const auto share = node.value<double>();
                    if (!node.is_number() || !share || *share < 0 || *share > 1) {
                        reader_.error(node, where, "allowed: a share in [0, 1]");
                        continue;
                    }
                    const QualificationId id = qualification_at(node, where, name);
                    if (id != kNoQualification) {
                        role.qualified_share[id] = *share;
                    }
                }
            }
            s_.roles.push_back(role);
        }
        if (s_.roles.empty() && root.get("roles") != nullptr) {
            reader_.error(*root.get("roles"), "roles", "at least one role is needed");
        }
        if (s_.roles.size() > kMaxRoles) {
            reader_.error(*root.get("roles"), "roles",
                          fmt::format("{} roles; allowed: at most {}", s_.roles.size(), kMaxRoles));
        }
    }

    void parse_demand(const toml::table& root) {
        s_.area_growth.assign(s_.areas.size(), std::nullopt);
        const toml::table* t = reader_.table(root, "", "demand", false);
        if (t == nullptr) {
            return;
        }
        reader_.check_schema_keys(*t, "demand", "demand");
        detail::read_scenario_numbers(reader_, *t, "demand", s_);
        const auto steps = reader_.tables(*t, "demand", "path", false);
        for (std::size_t i = 0; i < steps.size(); ++i) {
            const std::string path = TomlReader::indexed("demand", "path", i);
            reader_.check_schema_keys(*steps[i], path, "demand.path");
            const auto year = reader_.schema_integer(*steps[i], path, "demand.path", "year");
            const auto growth = reader_.schema_number(*steps[i], path, "demand.path", "growth");
            if (year && growth) {
                s_.demand_path.push_back({static_cast<int>(*year), *growth});
            }
        }
        if (const toml::table* areas = reader_.table(*t, "demand", "areas", false)) {
            for (const auto& [key, node] : *areas) {
                const std::string name(key.str());
                const std::string where = "demand.areas." + name;
                const int area = s_.area_index(name);
                if (area < 0) {
                    reader_.error(
                        key.source(), where,
                        fmt::format("no area is named \"{}\"; allowed: {}", name, area_list()));
                    continue;
                }
                const auto growth = node.value<double>();
                if (!node.is_number() || !growth || *growth < kGrowth.min ||
                    *growth > kGrowth.max) {
                    reader_.error(node, where, fmt::format("allowed: {}", kGrowth.allowed));
                    continue;
                }
                s_.area_growth[area] = *growth;
            }
        }
    }

    // [[area_rates]]: one area (and optionally one role) with overrides and multipliers
    // on the national rates.
    void parse_area_rates(const toml::table& root) {
        const auto tables = reader_.tables(root, "", "area_rates", false);
        std::set<std::pair<int, int>> seen;
        for (std::size_t i = 0; i < tables.size(); ++i) {
            const toml::table& t = *tables[i];
            const std::string path = TomlReader::indexed("", "area_rates", i);
            reader_.check_schema_keys(t, path, "area_rates");
            AreaRates rates;
            const auto area_name = reader_.string(t, path, "area", true);
            if (!area_name) {
                continue;
            }
            const int area = s_.area_index(*area_name);
            if (area < 0) {
                reader_.error(
                    *t.get("area"), path + ".area",
                    fmt::format("no area is named \"{}\"; allowed: {}", *area_name, area_list()));
                continue;
            }
            rates.area = static_cast<AreaId>(area);
            if (t.get("role") != nullptr) {
                rates.role = role_ref(t, path, "role");
                if (!rates.role) {
                    continue;
                }
            }
            if (!seen.insert({area, rates.role ? *rates.role : -1}).second) {
                reader_.error(t, path,
                              fmt::format("area \"{}\"{} has rates twice; allowed: one entry "
                                          "per area and role",
                                          *area_name,
                                          rates.role
                                              ? " with role \"" + s_.roles[*rates.role].name + "\""
                                              : std::string()));
            }
            const auto pair = [&](std::string_view value_key, std::string_view multiplier_key,
                                  Range range, std::optional<double>& value, double& multiplier) {
                value = reader_.number(t, path, value_key, range, false);
                multiplier =
                    reader_.number(t, path, multiplier_key, kEffectMultiplier, false).value_or(1);
                if (value && t.get(multiplier_key) != nullptr) {
                    reader_.error(
                        *t.get(multiplier_key), TomlReader::join(path, multiplier_key),
                        fmt::format("give {} or {}, not both", value_key, multiplier_key));
                }
            };
            pair("vacancy_rate", "vacancy_multiplier", kVacancyRate, rates.vacancy_rate,
                 rates.vacancy_multiplier);
            pair("turnover", "turnover_multiplier", kRate, rates.turnover,
                 rates.turnover_multiplier);
            pair("within_sector_share", "within_sector_multiplier", kRate,
                 rates.within_sector_share, rates.within_sector_multiplier);
            pair("matching_efficiency", "matching_efficiency_multiplier", detail::kEfficiency,
                 rates.matching_efficiency, rates.matching_efficiency_multiplier);
            refuse_fill_rate(t, path, "fill_rate");
            refuse_fill_rate(t, path, "fill_rate_multiplier");
            rates.supply_multiplier =
                reader_.schema_number(t, path, "area_rates", "supply_multiplier").value_or(1);
            rates.annual_growth = reader_.schema_number(t, path, "area_rates", "annual_growth");
            rates.posts_share = reader_.schema_number(t, path, "area_rates", "posts_share");
            if (rates.posts_share && !rates.role) {
                reader_.error(*t.get("posts_share"), path + ".posts_share",
                              "posts_share is one role's share of its posts in the area; "
                              "allowed: with a role");
            }
            if (t.get("age_profile") != nullptr) {
                AgeProfile profile{};
                const auto before = reader_.error_count();
                parse_age_profile(t, path, "age_profile", profile);
                if (reader_.error_count() == before) {
                    rates.age_profile = profile;
                }
            }
            s_.area_rates.push_back(rates);
            area_rates_table_.push_back(i); // entries skipped above have no rates
        }
        check_area_rates_in_range(tables);
        check_posts_shares(tables);
    }

    // A role spread by its own shares is spread by them in every area, and they add up.
    void check_posts_shares(const std::vector<const toml::table*>& tables) {
        for (std::size_t r = 0; r < s_.roles.size(); ++r) {
            std::size_t given = 0;
            double sum = 0;
            const toml::table* last = nullptr;
            std::string last_path;
            for (std::size_t i = 0; i < s_.area_rates.size(); ++i) {
                const AreaRates& rates = s_.area_rates[i];
                const std::size_t at = area_rates_table_[i];
                if (rates.role == r && rates.posts_share && tables[at]->get("posts_share")) {
                    ++given;
                    sum += *rates.posts_share;
                    last = tables[at];
                    last_path = TomlReader::indexed("", "area_rates", at);
                }
            }
            if (given == 0 || last == nullptr) {
                continue;
            }
            if (given != s_.areas.size() || std::abs(sum - 1) > 0.005) {
                reader_.error(*last->get("posts_share"), last_path + ".posts_share",
                              fmt::format("role \"{}\" has posts_share in {} of {} areas, "
                                          "summing to {:.4f}; allowed: one in every area, "
                                          "summing to 1",
                                          s_.roles[r].name, given, s_.areas.size(), sum));
            }
        }
    }

    // Multipliers may push a share past 1: said at the entry that does it.
    void check_area_rates_in_range(const std::vector<const toml::table*>& tables) {
        for (std::size_t k = 0; k < s_.area_rates.size(); ++k) {
            const AreaRates& rates = s_.area_rates[k];
            const std::size_t i = area_rates_table_[k]; // the entry in the file
            std::set<std::string> reported;             // once per key, at the first role it fails
            for (std::size_t r = 0; r < s_.roles.size(); ++r) {
                if (rates.role && *rates.role != r) {
                    continue;
                }
                const Role& role = s_.roles[r];
                const double vacancy = role.posts > 0 ? 1 - role.filled / role.posts : 0;
                const auto check = [&](std::string_view key, double value, double limit) {
                    if (value > limit && tables[i]->get(key) != nullptr &&
                        reported.insert(std::string(key)).second) {
                        reader_.error(
                            *tables[i]->get(key),
                            TomlReader::join(TomlReader::indexed("", "area_rates", i), key),
                            fmt::format("gives role \"{}\" {:.4g} in area \"{}\"; allowed: "
                                        "at most {}",
                                        role.name, value, s_.areas[rates.area].name, limit));
                    }
                };
                check("vacancy_multiplier", vacancy * rates.vacancy_multiplier, kVacancyRate.max);
                check("turnover_multiplier", role.turnover * rates.turnover_multiplier, 1.0);
                check("within_sector_multiplier",
                      role.within_sector_share * rates.within_sector_multiplier, 1.0);
            }
        }
    }

    // [[events]]: a named change to one parameter from a date; [[paths]]: a
    // parameter's values by year. Checked here where they can be on their own; their
    // values, once the scenario is whole (check_timeline).
    void parse_events(const toml::table& root) {
        const auto tables = reader_.tables(root, "", "events", false);
        for (std::size_t i = 0; i < tables.size(); ++i) {
            const toml::table& t = *tables[i];
            const std::string path = TomlReader::indexed("", "events", i);
            reader_.check_schema_keys(t, path, "events");
            Event event;
            event.name = reader_.string(t, path, "name", true).value_or("");
            event.parameter = reader_.string(t, path, "parameter", true).value_or("");
            const auto date = reader_.string(t, path, "date", false);
            const auto month = reader_.schema_integer(t, path, "events", "month");
            if (date.has_value() == month.has_value()) {
                reader_.error(t, path, "give date (\"YYYY-MM\") or month, one of them");
            } else if (date) {
                event.month = date_month(t, path, *date).value_or(1);
            } else {
                event.month = static_cast<int>(*month);
            }
            event.value = reader_.schema_number(t, path, "events", "value");
            event.multiply = reader_.schema_number(t, path, "events", "multiply");
            if (event.value.has_value() == event.multiply.has_value()) {
                reader_.error(t, path, "give value or multiply, one of them");
            }
            event.ramp_months = static_cast<int>(
                reader_.schema_integer(t, path, "events", "ramp_months").value_or(1));
            s_.events.push_back(event);
        }
        const auto path_tables = reader_.tables(root, "", "paths", false);
        for (std::size_t i = 0; i < path_tables.size(); ++i) {
            const toml::table& t = *path_tables[i];
            const std::string path = TomlReader::indexed("", "paths", i);
            reader_.check_schema_keys(t, path, "paths");
            ParameterPath p;
            p.parameter = reader_.string(t, path, "parameter", true).value_or("");
            const auto years = reader_.numbers(t, path, "years", kYear, true);
            const auto values = reader_.numbers(t, path, "values", kAnyValue, true);
            if (years && values) {
                if (years->size() != values->size() || years->empty()) {
                    reader_.error(*t.get("values"), path + ".values",
                                  fmt::format("{} values for {} years; allowed: one value per "
                                              "year",
                                              values->size(), years->size()));
                }
                for (std::size_t k = 0; k < years->size(); ++k) {
                    const double y = (*years)[k];
                    if (y != std::floor(y) || (k > 0 && y <= (*years)[k - 1])) {
                        reader_.error(*t.get("years"), path + ".years",
                                      "allowed: whole years in ascending order");
                        break;
                    }
                    p.years.push_back(static_cast<int>(y));
                }
                p.values = *values;
            }
            s_.paths.push_back(p);
        }
    }

    // "YYYY-MM" as the run's month: month 1 is January of start_year.
    std::optional<int> date_month(const toml::table& t, const std::string& path,
                                  const std::string& date) {
        int year = 0;
        int month = 0;
        char dash = 0;
        std::istringstream in(date);
        if (date.size() != 7 || !(in >> year >> dash >> month) || dash != '-' || month < 1 ||
            month > 12) {
            reader_.error(*t.get("date"), path + ".date",
                          fmt::format("\"{}\" is not a date; allowed: \"YYYY-MM\", e.g. "
                                      "\"2025-07\"",
                                      date));
            return std::nullopt;
        }
        return (year - s_.start_year) * 12 + month;
    }

    void parse_supply_and_training(const toml::table& root) {
        if (const toml::table* t = reader_.table(root, "", "supply", false)) {
            reader_.check_schema_keys(*t, "supply", "supply");
            detail::read_scenario_numbers(reader_, *t, "supply", s_);
        }
        if (const toml::table* t = reader_.table(root, "", "labour_market", false)) {
            reader_.check_schema_keys(*t, "labour_market", "labour_market");
            detail::read_scenario_numbers(reader_, *t, "labour_market", s_);
        }
    }

    // Hires follow a matching function now (labour_market.hpp): a file written for the
    // old fill rate is refused with what replaced it, never silently read another way.
    void refuse_fill_rate(const toml::table& t, const std::string& path, std::string_view key) {
        if (const toml::node* node = t.get(key)) {
            reader_.error(*node, TomlReader::join(path, key),
                          "fill_rate was replaced by matching_efficiency (hires are matched "
                          "from open posts and job seekers); allowed: matching_efficiency "
                          "(an efficiency in [0, 10]) or matching_efficiency_multiplier; "
                          "`carecast calibrate FILE` fits the values");
        }
    }

    std::string programme_list() const {
        std::string list;
        for (const auto& p : s_.programmes) {
            list += fmt::format("{}\"{}\"", list.empty() ? "" : ", ", p.name);
        }
        return list;
    }

    // [training]: the budget, and how it becomes a yearly plan (priority order, or
    // explicit funded places per programme). Parsed after the programmes it names.
    void parse_training(const toml::table& root) {
        for (std::size_t p = 0; p < s_.programmes.size(); ++p) {
            s_.training_priority.push_back(static_cast<ProgrammeId>(p));
        }
        const toml::table* t = reader_.table(root, "", "training", false);
        if (t == nullptr) {
            return;
        }
        reader_.check_schema_keys(*t, "training", "training");
        detail::read_scenario_numbers(reader_, *t, "training", s_);
        if (const auto priority = reader_.strings(*t, "training", "priority", false)) {
            std::vector<ProgrammeId> order;
            for (std::size_t k = 0; k < priority->size(); ++k) {
                const auto& name = (*priority)[k];
                const auto found = std::find_if(s_.programmes.begin(), s_.programmes.end(),
                                                [&](const Programme& p) { return p.name == name; });
                const auto& where = t->get("priority")->as_array()->at(k);
                const std::string key = TomlReader::indexed("training", "priority", k);
                if (found == s_.programmes.end()) {
                    reader_.error(where, key,
                                  fmt::format("no programme is named \"{}\"; allowed: {}", name,
                                              programme_list()));
                    continue;
                }
                const auto id = static_cast<ProgrammeId>(found - s_.programmes.begin());
                if (std::find(order.begin(), order.end(), id) != order.end()) {
                    reader_.error(where, key,
                                  fmt::format("programme \"{}\" is listed twice", name));
                    continue;
                }
                order.push_back(id);
            }
            // Programmes the list leaves out come last, in file order.
            for (auto id : s_.training_priority) {
                if (std::find(order.begin(), order.end(), id) == order.end()) {
                    order.push_back(id);
                }
            }
            s_.training_priority = order;
        }
        if (const toml::table* places = reader_.table(*t, "training", "funded_places", false)) {
            s_.funded_allocation.assign(s_.programmes.size(), 0.0);
            double cost = 0;
            for (const auto& [key, node] : *places) {
                const std::string name(key.str());
                const std::string path = TomlReader::join("training.funded_places", name);
                const auto found = std::find_if(s_.programmes.begin(), s_.programmes.end(),
                                                [&](const Programme& p) { return p.name == name; });
                if (found == s_.programmes.end()) {
                    reader_.error(node, path,
                                  fmt::format("no programme is named \"{}\"; allowed: {}", name,
                                              programme_list()));
                    continue;
                }
                const auto value = reader_.number(*places, "training.funded_places", key.str(),
                                                  Range{0, 1e9, "whole places a year >= 0"}, true);
                if (!value) {
                    continue;
                }
                if (*value != std::floor(*value)) {
                    reader_.error(node, path,
                                  fmt::format("{} is not a whole number of places", *value));
                    continue;
                }
                if (*value > found->max_funded_places_per_year) {
                    reader_.error(node, path,
                                  fmt::format("{:.0f} places a year; allowed: at most the "
                                              "programme's max_funded_places_per_year ({:g})",
                                              *value, found->max_funded_places_per_year));
                }
                const auto id = static_cast<std::size_t>(found - s_.programmes.begin());
                s_.funded_allocation[id] = *value;
                cost += *value * found->cost_per_place;
            }
            if (cost > s_.training_budget + 0.005) {
                reader_.error(*places, "training.funded_places",
                              fmt::format("the funded places cost GBP {:.0f} a year, more than "
                                          "training.annual_budget (GBP {:.0f}); allowed: places "
                                          "whose cost fits the budget",
                                          cost, s_.training_budget));
            }
        }
    }

    std::string role_list() const {
        std::string list;
        for (const auto& role : s_.roles) {
            list += fmt::format("{}\"{}\"", list.empty() ? "" : ", ", role.name);
        }
        return list;
    }
    std::string area_list() const {
        std::string list;
        for (const auto& area : s_.areas) {
            list += fmt::format("{}\"{}\"", list.empty() ? "" : ", ", area.name);
        }
        return list;
    }

    std::optional<RoleId> role_ref(const toml::table& t, const std::string& path,
                                   std::string_view key) {
        const auto name = reader_.string(t, path, key, true);
        if (!name) {
            return std::nullopt;
        }
        const int index = s_.role_index(*name);
        if (index < 0) {
            reader_.error(*t.get(key), TomlReader::join(path, key),
                          fmt::format("no role is named \"{}\"; allowed: {}", *name, role_list()));
            return std::nullopt;
        }
        return static_cast<RoleId>(index);
    }

    void parse_edges(const toml::table& root) {
        const auto tables = reader_.tables(root, "", "edges", false);
        for (std::size_t i = 0; i < tables.size(); ++i) {
            const toml::table& t = *tables[i];
            const std::string path = TomlReader::indexed("", "edges", i);
            reader_.check_schema_keys(t, path, "edges");
            CareerEdge edge;
            const auto from = role_ref(t, path, "from");
            const auto to = role_ref(t, path, "to");
            const auto kind = reader_.choice(t, path, "kind", kEdgeKindNames, true);
            const auto rate = reader_.schema_number(t, path, "edges", "monthly_rate");
            edge.min_months_in_role = static_cast<int>(
                reader_.schema_integer(t, path, "edges", "min_months").value_or(0));
            edge.min_readiness =
                reader_.schema_number(t, path, "edges", "min_readiness").value_or(0);
            if (const auto required = reader_.string(t, path, "requires", false)) {
                edge.required_qualification =
                    qualification_at(*t.get("requires"), path + ".requires", *required);
            }
            if (!from || !to || !kind || !rate) {
                continue;
            }
            if (*from == *to) {
                reader_.error(*t.get("to"), path + ".to",
                              fmt::format("edge from \"{}\" to itself; allowed: another role",
                                          s_.roles[*to].name));
                continue;
            }
            edge.from = *from;
            edge.to = *to;
            edge.kind = static_cast<EdgeKind>(*kind);
            edge.monthly_rate = *rate;
            s_.edges.push_back(edge);
        }
        if (const auto cycle = find_promotion_cycle(s_.roles, s_.edges)) {
            std::string names;
            for (RoleId role : *cycle) {
                names += fmt::format("\"{}\" -> ", s_.roles[role].name);
            }
            names += fmt::format("\"{}\"", s_.roles[cycle->front()].name);
            reader_.error(*root.get("edges"), "edges",
                          fmt::format("promotion cycle {}; allowed: promotion and qualification "
                                      "edges that never lead back to where they started (use "
                                      "kind = \"lateral\" for moves both ways)",
                                      names));
        }
    }

    void parse_programmes(const toml::table& root) {
        const auto tables = reader_.tables(root, "", "programmes", false);
        std::set<std::string> names;
        for (std::size_t i = 0; i < tables.size(); ++i) {
            const toml::table& t = *tables[i];
            const std::string path = TomlReader::indexed("", "programmes", i);
            reader_.check_schema_keys(t, path, "programmes");
            Programme p;
            p.name = reader_.string(t, path, "name", true).value_or("");
            check_name(t, path, p.name, {"all"}, {});
            if (!p.name.empty() && !names.insert(p.name).second) {
                reader_.error(*t.get("name"), path + ".name",
                              fmt::format("programme \"{}\" is named twice", p.name));
            }
            if (const auto eligible = reader_.strings(t, path, "eligible", true)) {
                for (std::size_t k = 0; k < eligible->size(); ++k) {
                    const int role = s_.role_index((*eligible)[k]);
                    if (role < 0) {
                        reader_.error(t.get("eligible")->as_array()->at(k),
                                      TomlReader::indexed(path, "eligible", k),
                                      fmt::format("no role is named \"{}\"; allowed: {}",
                                                  (*eligible)[k], role_list()));
                        continue;
                    }
                    p.eligible_roles.push_back(static_cast<RoleId>(role));
                }
                if (eligible->empty()) {
                    reader_.error(*t.get("eligible"), path + ".eligible",
                                  "allowed: a list of at least one role name");
                }
            }
            if (const auto areas = reader_.strings(t, path, "areas", false)) {
                for (std::size_t k = 0; k < areas->size(); ++k) {
                    const int area = s_.area_index((*areas)[k]);
                    if (area < 0) {
                        reader_.error(t.get("areas")->as_array()->at(k),
                                      TomlReader::indexed(path, "areas", k),
                                      fmt::format("no area is named \"{}\"; allowed: {}",
                                                  (*areas)[k], area_list()));
                        continue;
                    }
                    p.areas.push_back(static_cast<AreaId>(area));
                }
            }
            detail::read_numbers(reader_, t, path, detail::kProgrammeNumbers, p);
            p.duration_months = static_cast<int>(
                reader_.schema_integer(t, path, "programmes", "duration_months").value_or(1));
            if (const auto grants = reader_.string(t, path, "grants", false)) {
                p.grants = qualification_at(*t.get("grants"), path + ".grants", *grants);
            }
            s_.programmes.push_back(p);
        }
        // "Working towards" an entry qualification needs a programme that grants it, short
        // enough to finish within the months allowed.
        for (std::size_t r = 0; r < s_.roles.size(); ++r) {
            Role& role = s_.roles[r];
            if (role.entry_within_months == 0 || role.entry_requires == kNoQualification) {
                continue;
            }
            for (std::size_t p = 0; p < s_.programmes.size(); ++p) {
                if (s_.programmes[p].grants == role.entry_requires) {
                    role.entry_programme = static_cast<int>(p);
                    break;
                }
            }
            const std::string key = TomlReader::indexed("", "roles", r) + ".entry_within_months";
            const auto* where =
                (*root.get("roles")->as_array())[r].as_table()->get("entry_within_months");
            const std::string& qualification =
                s_.qualifications[static_cast<std::size_t>(role.entry_requires)];
            if (role.entry_programme < 0) {
                reader_.error(*where, key,
                              fmt::format("no programme grants \"{}\"; allowed: 0 (needed "
                                          "before appointment), or add a programme that grants it",
                                          qualification));
            } else if (s_.programmes[static_cast<std::size_t>(role.entry_programme)]
                           .duration_months > role.entry_within_months) {
                reader_.error(
                    *where, key,
                    fmt::format("{} months is shorter than \"{}\" ({} months), which grants "
                                "\"{}\"; allowed: at least its duration",
                                role.entry_within_months,
                                s_.programmes[static_cast<std::size_t>(role.entry_programme)].name,
                                s_.programmes[static_cast<std::size_t>(role.entry_programme)]
                                    .duration_months,
                                qualification));
            }
        }
        if (s_.programmes.size() > kMaxProgrammes) {
            reader_.error(*root.get("programmes"), "programmes",
                          fmt::format("{} programmes; allowed: at most {}", s_.programmes.size(),
                                      kMaxProgrammes));
        }
    }

    TomlReader reader_;
    Scenario s_;
    std::vector<std::size_t> area_rates_table_; // per s_.area_rates entry: its [[area_rates]] index
    AgeProfile age_profile_{};
    double within_sector_share_ = kDefaultWithinSectorShare;
};

// Checks that need the whole scenario, then the derived quantities the engine uses.
// Events and paths against the whole scenario: known parameters, months within the
// horizon, no two changes to one parameter at once, values within range (`problems`:
// what building the timeline found).
void check_timeline(Scenario& s, const toml::table& root, TomlReader& reader,
                    const std::vector<TimelineProblem>& problems) {
    const auto node_of = [&](const char* table, std::size_t i, const char* key) {
        const toml::node* entry = root.get_as<toml::array>(table)->at(i).as_table();
        const toml::node* found = entry->as_table()->get(key);
        return found != nullptr ? found : entry;
    };
    struct Span {
        std::string parameter;
        int first;
        int last;
        const toml::node* where;
        std::string key;
    };
    std::vector<Span> spans;
    const auto check_parameter = [&](const std::string& parameter, const toml::node* where,
                                     const std::string& key) {
        if (get_parameter(s, parameter) && !may_change_during_run(parameter)) {
            reader.error(*where, key,
                         fmt::format("'{}' cannot change during a run; allowed: any other "
                                     "parameter",
                                     parameter));
            return false;
        }
        if (!get_parameter(s, parameter)) {
            reader.error(*where, key,
                         fmt::format("unknown parameter '{}'; allowed: {}", parameter,
                                     fmt::join(parameter_keys(s), ", ")));
            return false;
        }
        return true;
    };
    for (std::size_t i = 0; i < s.events.size(); ++i) {
        const Event& e = s.events[i];
        const std::string path = fmt::format("events[{}]", i);
        const bool known =
            check_parameter(e.parameter, node_of("events", i, "parameter"), path + ".parameter");
        const toml::node* when =
            root.get_as<toml::array>("events")->at(i).as_table()->get("date") != nullptr
                ? node_of("events", i, "date")
                : node_of("events", i, "month");
        if (e.month > s.horizon_months) {
            s.notes.push_back(fmt::format("{}: event \"{}\" starts in month {}, after the run's "
                                          "{} months: not applied",
                                          path, e.name, e.month, s.horizon_months));
        } else if (e.month < 1) {
            reader.error(*when, path,
                         fmt::format("event \"{}\" starts in month {}, before the run; allowed: "
                                     "months 1 to {} ({}-01 to the horizon's end)",
                                     e.name, e.month, s.horizon_months, s.start_year));
        } else if (known) {
            spans.push_back(
                {e.parameter, e.month, e.month + std::max(1, e.ramp_months) - 1, when, path});
        }
    }
    for (std::size_t i = 0; i < s.paths.size(); ++i) {
        const ParameterPath& p = s.paths[i];
        const std::string path = fmt::format("paths[{}]", i);
        if (!check_parameter(p.parameter, node_of("paths", i, "parameter"), path + ".parameter")) {
            continue;
        }
        for (int year : p.years) {
            const int month = (year - s.start_year) * 12 + 1;
            if (month > s.horizon_months) {
                s.notes.push_back(fmt::format("{}: {} from {} on is after the run's end: not "
                                              "applied",
                                              path, p.parameter, year));
                break;
            }
            if (month < 1) {
                reader.error(*node_of("paths", i, "years"), path + ".years",
                             fmt::format("year {} is before the run; allowed: {} to {}", year,
                                         s.start_year, s.start_year + (s.horizon_months - 1) / 12));
                break;
            }
            spans.push_back(
                {p.parameter, month, month, node_of("paths", i, "years"), path + ".years"});
        }
    }
    for (std::size_t i = 0; i < spans.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            if (spans[i].parameter == spans[j].parameter && spans[i].first <= spans[j].last &&
                spans[j].first <= spans[i].last) {
                reader.error(*spans[i].where, spans[i].key,
                             fmt::format("changes '{}' in months {}-{}, while {} changes it "
                                         "(months {}-{}); allowed: one change at a time",
                                         spans[i].parameter, spans[i].first, spans[i].last,
                                         spans[j].key, spans[j].first, spans[j].last));
            }
        }
    }
    if (reader.error_count() > 0) {
        return;
    }
    for (const auto& problem : problems) {
        const char* table = problem.from_path ? "paths" : "events";
        const bool multiplied = !problem.from_path && s.events[problem.index].multiply;
        const char* key = problem.from_path ? "values" : multiplied ? "multiply" : "value";
        reader.error(*node_of(table, problem.index, key),
                     fmt::format("{}[{}].{}", table, problem.index, key), problem.message);
    }
}

void check_and_derive(Scenario& s, const toml::table& root, TomlReader& reader,
                      const LoadLimits& limits) {
    bool has_entry = false;
    // The timeline is built once: its epochs go into the scenario, its problems to
    // check_timeline (a sensitivity analysis loads the scenario at every design point).
    derive_role_rates(s);
    derive_cell_rates(s);
    Timeline timeline = build_timeline(s);
    s.timeline = std::move(timeline.epochs);
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        const Role& role = s.roles[r];
        has_entry = has_entry || role.supply_domestic + role.supply_international > 0;
        if (role.turnover / 12.0 < role.monthly_retirement_hazard) {
            const auto* node = root.get_as<toml::array>("roles")->at(r).as_table()->get("turnover");
            reader.error(*node, fmt::format("roles[{}].turnover", r),
                         fmt::format("turnover {:.3f} is below the {:.3f} a year that "
                                     "retirement alone takes from this age profile; allowed: a "
                                     "turnover that includes retirements",
                                     role.turnover, role.monthly_retirement_hazard * 12));
        }
    }
    if (!s.roles.empty() && !has_entry) {
        reader.error(*root.get("roles"), "roles",
                     "no role has external supply; allowed: at least one role with "
                     "supply_domestic or supply_international > 0 (an entry role)");
    }
    check_timeline(s, root, reader, timeline.problems);
    detail::check_uncertainties(s, root, reader);
    for (const auto& step : s.demand_path) {
        if (step.year * 12 > s.horizon_months + 11) {
            reader.error_without_place("demand.path",
                                       fmt::format("year {} is beyond the horizon of {} months",
                                                   step.year, s.horizon_months));
        }
    }
    if (limits.max_agents > 0) {
        const double peak = peak_people(s);
        if (peak > static_cast<double>(limits.max_agents)) {
            reader.error_without_place(
                "roles",
                fmt::format("the scenario can reach {:.0f} people within its horizon ({}), "
                            "more agents than the limit of {} ({}); allowed: fewer posts, less "
                            "growth or supply, or a shorter horizon",
                            peak,
                            s.recruitment == Recruitment::Push
                                ? "push recruitment hires all supply whatever the posts"
                                : "its peak posts",
                            limits.max_agents, limits.max_agents_reason));
        }
    }
    const double cells = (s.horizon_months + 1.0) * static_cast<double>(s.roles.size()) *
                         static_cast<double>(s.areas.size());
    if (limits.max_result_cells > 0 && cells > static_cast<double>(limits.max_result_cells)) {
        reader.error_without_place(
            "scenario.horizon_months",
            fmt::format("{} months x {} roles x {} areas make {:.0f} result cells, more than the "
                        "limit of {} ({}); allowed: fewer months, roles or areas",
                        s.horizon_months + 1, s.roles.size(), s.areas.size(), cells,
                        limits.max_result_cells, limits.max_agents_reason));
    }
    const auto names = [&](const std::vector<RoleId>& ids) {
        std::string list;
        for (RoleId id : ids) {
            list += fmt::format("{}\"{}\"", list.empty() ? "" : ", ", s.roles[id].name);
        }
        return list;
    };
    if (const auto orphans = orphan_roles(s.roles, s.edges); !orphans.empty() && has_entry) {
        reader.error(*root.get("roles"), "roles",
                     fmt::format("no way into {}: no external supply and no career edge leads "
                                 "there; allowed: roles with supply_domestic or "
                                 "supply_international > 0, or an edge into them",
                                 names(orphans)));
    }
    if (const auto lost = unreachable_leadership_roles(s.roles, s.edges);
        !lost.empty() && has_entry) {
        reader.error(*root.get("roles"), "edges",
                     fmt::format("leadership role{} {} cannot be reached from any entry role; "
                                 "allowed: a path of career edges from a role with external "
                                 "supply, or external supply of its own",
                                 lost.size() == 1 ? "" : "s", names(lost)));
    }
}

} // namespace

void derive_rates(Scenario& s) {
    derive_role_rates(s);
    derive_cell_rates(s);
    s.timeline = build_timeline(s).epochs;
}

void derive_role_rates(Scenario& s) {
    for (auto& role : s.roles) {
        role.monthly_retirement_hazard = expected_monthly_retirement(s, role.age_profile);
        role.monthly_leave_hazard =
            std::max(0.0, role.turnover * s.turnover_multiplier * turnover_pay_factor(s) / 12.0 -
                              role.monthly_retirement_hazard);
    }
    s.fill_order = vacancy_fill_order(s.roles, s.edges);
}

std::string ScenarioError::to_string() const {
    if (line > 0) {
        return fmt::format("{}:{}:{}: {}: {}", file, line, column, key, message);
    }
    return fmt::format("{}: {}: {}", file, key, message);
}

class ValidScenarioIssuer {
  public:
    static ValidScenario issue(Scenario scenario) { return ValidScenario(std::move(scenario)); }
};

LoadResult parse_scenario(std::string_view toml_text, const std::string& source_name,
                          const LoadLimits& limits) {
    return parse_scenario(toml_text, source_name, limits, ParentReader{});
}

LoadResult parse_scenario(std::string_view toml_text, const std::string& source_name,
                          const LoadLimits& limits, const ParentReader& read_parent) {
    LoadResult result;
    std::uint64_t hash = 0;
    detail::FileComments comments;
    auto parsed =
        detail::parse_extended(toml_text, source_name, &read_parent, result.errors, hash, comments);
    if (!parsed) {
        return result;
    }
    const toml::table& root = *parsed;
    ScenarioParser parser(source_name, result.errors);
    parser.parse(root);
    if (!result.errors.empty()) {
        return result;
    }
    Scenario& s = parser.scenario();
    check_and_derive(s, root, parser.reader(), limits);
    if (!result.errors.empty()) {
        return result;
    }
    s.source = source_name;
    s.source_hash = hash;
    s.source_notes = std::move(comments.notes);
    s.key_order = std::move(comments.key_order);
    s.header = detail::leading_comment(toml_text);
    result.scenario = ValidScenarioIssuer::issue(std::move(s));
    return result;
}

ValidScenario with_seed(const ValidScenario& scenario, std::uint64_t seed) {
    Scenario reseeded = *scenario;
    reseeded.seed = seed;
    return ValidScenarioIssuer::issue(std::move(reseeded));
}

LoadResult validate(const Scenario& scenario, const LoadLimits& limits) {
    LoadResult checked = parse_scenario(to_toml(scenario), scenario.source, limits);
    if (checked.ok()) {
        Scenario same = **checked.scenario;
        same.source_hash = scenario.source_hash; // the file it came from, not its TOML form
        checked.scenario = ValidScenarioIssuer::issue(std::move(same));
    }
    return checked;
}

} // namespace carecast::model
