#include <carecast/model/goal.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace carecast::model {
namespace {

constexpr const char* kMetricNames[] = {"vacancy_rate", "bench_strength", "internal_fill_share",
                                        "filled", "leadership_filled_internally"};
constexpr const char* kAllowedMetrics = "vacancy_rate, bench_strength, internal_fill_share, "
                                        "filled or leadership_filled_internally";

std::string trim(std::string_view text) {
    const auto begin = text.find_first_not_of(" \t");
    if (begin == std::string_view::npos) {
        return {};
    }
    const auto end = text.find_last_not_of(" \t");
    return std::string(text.substr(begin, end - begin + 1));
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto at = text.find(separator, start);
        parts.push_back(trim(std::string_view(text).substr(start, at - start)));
        if (at == std::string::npos) {
            return parts;
        }
        start = at + 1;
    }
}

std::optional<int> whole(const std::string& text) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
        return std::nullopt;
    }
    return value;
}

bool selects(const Goal& goal, const Scenario& s, std::size_t role) {
    if (goal.role) {
        return *goal.role == role;
    }
    if (goal.group) {
        return s.roles[role].group == *goal.group;
    }
    return true;
}

bool counts_leadership(GoalMetric metric) {
    return metric == GoalMetric::BenchStrength || metric == GoalMetric::LeadershipFilledInternally;
}

} // namespace

const char* to_string(GoalMetric metric) {
    return kMetricNames[static_cast<int>(metric)];
}

bool Goal::higher_is_better() const {
    if (threshold) {
        return !at_most;
    }
    return maximise;
}

double Goal::shortfall(double value) const {
    if (!threshold) {
        return 0;
    }
    return at_most ? std::max(0.0, value - *threshold) : std::max(0.0, *threshold - value);
}

std::variant<Goal, std::string> parse_goal(const std::string& text, const Scenario& s,
                                           bool target) {
    Goal goal;
    goal.text = text;
    const auto fail = [&](const std::string& why) -> std::variant<Goal, std::string> {
        return fmt::format("\"{}\": {}", text, why);
    };
    std::string body = text;
    if (target) {
        const auto at = std::min(text.find("<="), text.find(">="));
        if (at == std::string::npos) {
            return fail("a target ends with \"<= VALUE\" or \">= VALUE\", e.g. \"vacancy_rate, "
                        "registered manager, year 5 <= 0.08\"");
        }
        goal.at_most = text.compare(at, 2, "<=") == 0;
        const std::string number = trim(std::string_view(text).substr(at + 2));
        double value = 0;
        const auto [end, error] =
            std::from_chars(number.data(), number.data() + number.size(), value);
        if (error != std::errc() || end != number.data() + number.size() || number.empty() ||
            !std::isfinite(value)) {
            return fail(fmt::format("\"{}\" is not a number", number));
        }
        goal.threshold = value;
        body = text.substr(0, at);
    }
    const auto parts = split(body, ',');
    if (parts.size() < 3 || parts.size() > 4) {
        return fail(target ? "allowed: \"METRIC, ROLE[, AREA], year Y <= VALUE\" (or years A-B, "
                             "or >=)"
                           : "allowed: \"min|max METRIC, ROLE[, AREA], year Y\" (or years A-B)");
    }
    std::string metric = parts[0];
    if (!target) {
        const auto words = split(metric, ' ');
        if (words.size() != 2 || (words[0] != "min" && words[0] != "max")) {
            return fail(fmt::format("\"{}\": allowed: \"min METRIC\" or \"max METRIC\"", metric));
        }
        goal.maximise = words[0] == "max";
        metric = words[1];
    }
    const auto* found = std::find(std::begin(kMetricNames), std::end(kMetricNames), metric);
    if (found == std::end(kMetricNames)) {
        return fail(fmt::format("unknown metric \"{}\"; allowed: {}", metric, kAllowedMetrics));
    }
    goal.metric = static_cast<GoalMetric>(found - std::begin(kMetricNames));

    const std::string& subject = parts[1];
    if (subject.rfind("group:", 0) == 0) {
        const std::string name = subject.substr(6);
        for (int g = 0; g < kRoleGroups; ++g) {
            if (name == to_string(static_cast<RoleGroup>(g))) {
                goal.group = static_cast<RoleGroup>(g);
            }
        }
        if (!goal.group) {
            return fail(fmt::format("no job role group \"{}\"; allowed: direct care, managerial, "
                                    "professional, other",
                                    name));
        }
    } else if (subject != "all") {
        const int role = s.role_index(subject);
        if (role < 0) {
            return fail(fmt::format("no role is named \"{}\"; allowed: a role of the scenario, "
                                    "group:<group> or all",
                                    subject));
        }
        goal.role = static_cast<RoleId>(role);
    }
    if (counts_leadership(goal.metric)) {
        bool any = false;
        for (std::size_t r = 0; r < s.roles.size(); ++r) {
            any = any || (selects(goal, s, r) && is_leadership(s.roles[r].level));
        }
        if (!any) {
            return fail(
                fmt::format("{} needs a leadership role; \"{}\" has none", metric, subject));
        }
    }
    if (parts.size() == 4 && parts[2] != "England") {
        const int area = s.area_index(parts[2]);
        if (area < 0) {
            return fail(fmt::format("no area is named \"{}\"; allowed: an area of the scenario "
                                    "or England",
                                    parts[2]));
        }
        goal.area = static_cast<AreaId>(area);
    }
    const std::string& when = parts.back();
    const int horizon_years = s.horizon_months / 12;
    const auto years_allowed = fmt::format("allowed: \"year Y\" or \"years A-B\" within the "
                                           "horizon (1 to {})",
                                           horizon_years);
    if (when.rfind("year ", 0) == 0) {
        const auto year = whole(trim(when.substr(5)));
        if (!year) {
            return fail(fmt::format("\"{}\": {}", when, years_allowed));
        }
        goal.first_year = goal.last_year = *year;
    } else if (when.rfind("years ", 0) == 0) {
        const auto range = split(when.substr(6), '-');
        const auto first = range.size() == 2 ? whole(range[0]) : std::nullopt;
        const auto last = range.size() == 2 ? whole(range[1]) : std::nullopt;
        if (!first || !last || *first > *last) {
            return fail(fmt::format("\"{}\": {}", when, years_allowed));
        }
        goal.first_year = *first;
        goal.last_year = *last;
    } else {
        return fail(fmt::format("\"{}\": {}", when, years_allowed));
    }
    if (goal.first_year < 1 || goal.last_year > horizon_years) {
        return fail(fmt::format("\"{}\" is outside the horizon; {}", when, years_allowed));
    }
    return goal;
}

double measure(const Goal& goal, const Scenario& s, const MarkovTwin& twin,
               const std::vector<TwinMonth>& path) {
    const std::size_t areas = s.areas.size();
    const auto in_area = [&](std::size_t a) { return !goal.area || *goal.area == a; };
    double sum = 0;
    double numerator = 0;
    double denominator = 0;
    const int months = goal.last_month() - goal.first_month() + 1;
    for (int m = goal.first_month(); m <= goal.last_month(); ++m) {
        const TwinMonth& t = path[static_cast<std::size_t>(m)];
        double posts = 0;
        double filled = 0;
        double ready = 0;
        for (std::size_t r = 0; r < s.roles.size(); ++r) {
            if (!selects(goal, s, r)) {
                continue;
            }
            const bool leader = is_leadership(s.roles[r].level);
            for (std::size_t a = 0; a < areas; ++a) {
                if (!in_area(a)) {
                    continue;
                }
                const std::size_t c = r * areas + a;
                switch (goal.metric) {
                case GoalMetric::VacancyRate:
                case GoalMetric::Filled:
                    posts += t.posts[c];
                    filled += t.filled[c];
                    break;
                case GoalMetric::InternalFillShare:
                    numerator += t.moved_in[c] + t.promoted_in[c];
                    denominator += t.moved_in[c] + t.promoted_in[c] + t.external[c];
                    break;
                case GoalMetric::LeadershipFilledInternally:
                    numerator += leader ? t.promoted_in[c] : 0.0;
                    break;
                case GoalMetric::BenchStrength:
                    if (leader) {
                        posts += t.posts[c];
                        // The twin keeps no readiness stocks: the feeders' people times
                        // the share eligible for the edge (a guide; the agents decide).
                        for (std::size_t e = 0; e < s.edges.size(); ++e) {
                            if (s.edges[e].to == r) {
                                ready +=
                                    t.filled[s.edges[e].from * areas + a] * twin.eligible_share(e);
                            }
                        }
                    }
                    break;
                }
            }
        }
        switch (goal.metric) {
        case GoalMetric::VacancyRate:
            sum += posts > 0 ? (posts - filled) / posts : 0.0;
            break;
        case GoalMetric::Filled:
            sum += filled;
            break;
        case GoalMetric::BenchStrength:
            sum += posts > 0 ? ready / posts : 0.0;
            break;
        default:
            break;
        }
    }
    switch (goal.metric) {
    case GoalMetric::InternalFillShare:
        return denominator > 0 ? numerator / denominator : 0.0;
    case GoalMetric::LeadershipFilledInternally:
        return numerator / (goal.last_year - goal.first_year + 1);
    default:
        return sum / months;
    }
}

} // namespace carecast::model
