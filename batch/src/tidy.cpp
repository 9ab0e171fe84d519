#include <carecast/batch/tidy.hpp>

#include "parallel.hpp"

#include <carecast/sim/rates.hpp>

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

namespace carecast::batch {
namespace {

enum Metric : std::uint8_t {
    kPosts,
    kFilled,
    kVacancies,
    kVacancyRate,
    kStartersInternal,
    kStartersExternal,
    kLeavers,
    kLeaversLeftSector,
    kLeaversRetired,
    kLeaversMoved,
    kLeaversPromoted,
    kTurnover,
    kPlaces,
    kSpend,
    kBench,
    kInternalShare,
    kMonthsVacant,
    kReadyNow,
    kReadyWithin1y,
    kReadyWithin2y,
    kReadyWithin5y,
    kBetweenJobs,
    kLeftBetweenJobs,
    kGaveUp,
    kJobSeekers,
    kStartersPromoted,
    kStartersBetweenJobs,
    kStartersInternational,
    kFtePosts,
    kFteFilled,
    kAged55Share,
    kMeanAge,
    kTenYearsShare,
    kReaching60,
    kFirstYearTurnover,
    kLaterYearsTurnover,
    kTrained,
    kPlannedBaseline,
    kPlannedFunded,
    kEnrolledBaseline,
    kEnrolledFunded,
    kEnrolledOnAppointment,
    kUnfilled,
    kSpendBaseline,
    kSpendFunded,
    kBudgetLeft,
    kMetricCount
};

constexpr const char* kNames[kMetricCount] = {"posts",
                                              "filled",
                                              "vacancies",
                                              "vacancy_rate",
                                              "starters_internal",
                                              "starters_external",
                                              "leavers",
                                              "leavers_left_sector",
                                              "leavers_retired",
                                              "leavers_moved_employer",
                                              "leavers_promoted",
                                              "turnover_rate_12m",
                                              "programme_places",
                                              "programme_spend_gbp",
                                              "bench_strength",
                                              "internal_fill_share_12m",
                                              "mean_months_vacant_12m",
                                              "ready_now",
                                              "ready_within_1y",
                                              "ready_within_2y",
                                              "ready_within_5y",
                                              "between_jobs",
                                              "left_between_jobs",
                                              "left_seeking_work",
                                              "job_seekers",
                                              "starters_promoted",
                                              "starters_between_jobs",
                                              "starters_international",
                                              "fte_posts",
                                              "fte_filled",
                                              "share_aged_55_plus",
                                              "mean_age",
                                              "share_10y_in_sector",
                                              "reaching_60_within_15y",
                                              "turnover_first_year_12m",
                                              "turnover_after_first_year_12m",
                                              "trained_in_post",
                                              "planned_baseline_places",
                                              "planned_funded_places",
                                              "enrolled_baseline_places",
                                              "enrolled_funded_places",
                                              "enrolled_on_appointment",
                                              "programme_unfilled",
                                              "spend_baseline_gbp",
                                              "spend_funded_gbp",
                                              "budget_left_gbp"};

double or_nan(std::optional<double> v) {
    return v ? *v : NAN;
}

} // namespace

std::size_t metrics_per_role_row() {
    return kTrained + 1; // every metric a (month, area, role) row can carry
}

const char* metric_name(std::uint8_t metric) {
    return kNames[metric];
}

std::size_t metric_count() {
    return kMetricCount;
}

MetricKind metric_kind(std::uint8_t metric) {
    switch (metric) {
    case kVacancyRate:
    case kTurnover:
    case kBench:
    case kInternalShare:
    case kMonthsVacant:
    case kAged55Share:
    case kTenYearsShare:
    case kFirstYearTurnover:
    case kLaterYearsTurnover:
        return MetricKind::Rate;
    case kSpend:
    case kSpendBaseline:
    case kSpendFunded:
    case kBudgetLeft:
        return MetricKind::Money;
    default:
        return MetricKind::Count;
    }
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) {
        return text;
    }
    std::string quoted = "\"";
    for (char c : text) {
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return quoted + "\"";
}

namespace {

// What every month's rows share: the selections behind the rows and their CSV names.
struct Layout {
    TidyTable names; // areas and roles only
    std::vector<sim::Selection> roles;
    std::vector<bool> leadership;
    std::vector<std::optional<model::AreaId>> areas;
    std::size_t first_programme = 0;
};

Layout layout_of(const model::Scenario& scenario, const TidySelection& selection) {
    Layout layout;
    TidyTable& table = layout.names;
    auto& roles = layout.roles;
    auto& leadership = layout.leadership;
    auto& areas = layout.areas;
    for (std::size_t r = 0; r < scenario.roles.size(); ++r) {
        sim::Selection s;
        s.role = static_cast<model::RoleId>(r);
        roles.push_back(s);
        leadership.push_back(model::is_leadership(scenario.roles[r].level));
        table.roles.push_back(csv_field(scenario.roles[r].name));
    }
    for (int g = 0; g < model::kRoleGroups; ++g) {
        sim::Selection s;
        s.group = static_cast<model::RoleGroup>(g);
        roles.push_back(s);
        leadership.push_back(g == static_cast<int>(model::RoleGroup::Managerial));
        table.roles.push_back(csv_field(fmt::format("group:{}", model::to_string(*s.group))));
    }
    roles.emplace_back();
    leadership.push_back(false);
    table.roles.push_back("all");
    if (selection.regions) {
        for (std::size_t a = 0; a < scenario.areas.size(); ++a) {
            areas.emplace_back(static_cast<model::AreaId>(a));
            table.areas.push_back(csv_field(scenario.areas[a].name));
        }
    }
    areas.emplace_back(std::nullopt);
    table.areas.push_back("England");
    // Programme rows (all areas): "programme:<name>", then "programme:all".
    layout.first_programme = table.roles.size();
    for (const auto& p : scenario.programmes) {
        table.roles.push_back(csv_field("programme:" + p.name));
    }
    if (!scenario.programmes.empty()) {
        table.roles.push_back("programme:all");
    }
    return layout;
}

// The months a selection keeps: 0, k, 2k, ... and the last.
std::vector<int> months_of(const sim::Results& results, const TidySelection& selection) {
    std::vector<int> months;
    const int last = results.completed_months;
    for (int m = 0; m <= last; ++m) {
        if (m % std::max(1, selection.every_months) == 0 || m == last) {
            months.push_back(m);
        }
    }
    return months;
}

// Every row's selection's totals for months [first, last], each added up once: a
// month's rows read them a dozen times over (the 12-month windows, the bench's roles),
// and adding the cells up for each read was most of the cost of a table.
class Totals {
  public:
    Totals(const Layout& layout, const sim::Results& results, int first, int last)
        : first_(first), areas_(layout.areas.size()), roles_(layout.roles.size()) {
        cells_.reserve(static_cast<std::size_t>(last - first + 1) * areas_ * roles_);
        for (int m = first; m <= last; ++m) {
            for (std::size_t a = 0; a < areas_; ++a) {
                for (std::size_t r = 0; r < roles_; ++r) {
                    sim::Selection s = layout.roles[r];
                    s.area = layout.areas[a];
                    cells_.push_back(results.total(m, s));
                }
            }
        }
    }
    // The totals of row selection r (layout.roles) in area a (layout.areas) at month m.
    const sim::CellMonth& at(int m, std::size_t a, std::size_t r) const {
        return cells_[(static_cast<std::size_t>(m - first_) * areas_ + a) * roles_ + r];
    }

  private:
    int first_;
    std::size_t areas_;
    std::size_t roles_;
    std::vector<sim::CellMonth> cells_;
};

// The months whose totals month m's rows read: its 12-month window and the month before.
int first_month_read(int m) {
    return std::max(0, m - 12);
}

// Month m's rows, appended to `table`; `totals` holds months first_month_read(m) to m.
void add_month(TidyTable& table, const Layout& layout, const model::Scenario& scenario,
               const sim::Results& results, const Totals& totals, int m) {
    const auto& groups = results.role_groups();
    for (std::size_t a = 0; a < layout.areas.size(); ++a) {
        for (std::size_t r = 0; r < layout.roles.size(); ++r) {
            const sim::Selection& s = layout.roles[r];
            const auto total_of = [&](int month) -> const sim::CellMonth& {
                return totals.at(month, a, r);
            };
            // A leadership role alone within this row's selection (the first rows of the
            // layout are the roles, one each, in role order); zero outside its group.
            const auto role_total_of = [&](model::RoleId role) {
                return s.group && groups[role] != *s.group ? sim::CellMonth{}
                                                           : totals.at(m, a, role);
            };
            const sim::CellMonth& c = total_of(m);
            auto add = [&](Metric metric, double value) {
                table.keys.push_back({m, static_cast<std::uint16_t>(a),
                                      static_cast<std::uint16_t>(r),
                                      static_cast<std::uint8_t>(metric)});
                table.values.push_back(value);
            };
            add(kPosts, static_cast<double>(c.posts));
            add(kFilled, static_cast<double>(c.filled));
            add(kVacancies, static_cast<double>(c.vacancies()));
            add(kVacancyRate, or_nan(sim::rates::vacancy(c)));
            add(kStartersInternal, static_cast<double>(c.starters_moved + c.starters_promoted));
            add(kStartersExternal, static_cast<double>(c.starters_external));
            add(kLeavers, static_cast<double>(c.leavers()));
            add(kLeaversLeftSector, static_cast<double>(c.leavers_exit + c.leavers_retired));
            add(kLeaversRetired, static_cast<double>(c.leavers_retired));
            add(kLeaversMoved, static_cast<double>(c.leavers_moved));
            add(kLeaversPromoted, static_cast<double>(c.leavers_promoted));
            add(kTurnover, or_nan(sim::rates::turnover_12m(m, total_of)));
            add(kFirstYearTurnover, or_nan(sim::rates::first_year_turnover_12m(m, total_of)));
            add(kLaterYearsTurnover, or_nan(sim::rates::later_years_turnover_12m(m, total_of)));
            add(kBetweenJobs, static_cast<double>(c.between_jobs));
            add(kLeftBetweenJobs, static_cast<double>(c.left_between_jobs));
            add(kGaveUp, static_cast<double>(c.gave_up));
            add(kJobSeekers, static_cast<double>(c.job_seekers));
            add(kStartersPromoted, static_cast<double>(c.starters_promoted));
            add(kStartersBetweenJobs, static_cast<double>(c.starters_moved));
            add(kStartersInternational, static_cast<double>(c.starters_international));
            add(kFtePosts, c.fte_posts);
            add(kFteFilled, c.fte_filled);
            const double people = static_cast<double>(c.filled);
            const auto share = [&](std::int64_t count) {
                return people > 0 ? static_cast<double>(count) / people : NAN;
            };
            add(kAged55Share, share(c.aged_55_plus));
            // Mean age in years at the month's end: birth months count from the start.
            add(kMeanAge,
                people > 0 ? (people * m - static_cast<double>(c.birth_month_sum)) / people / 12.0
                           : NAN);
            add(kTenYearsShare, share(c.ten_years_in_sector));
            add(kReaching60, static_cast<double>(c.aged_45_plus));
            add(kTrained, static_cast<double>(c.trained));
            add(kPlaces, static_cast<double>(c.programme_places));
            add(kSpend, c.programme_spend);
            if (layout.leadership[r]) {
                add(kBench, or_nan(sim::rates::ready_per_post(results.leadership(), s.role, 0,
                                                              role_total_of)));
                add(kInternalShare, or_nan(sim::rates::internal_fill_share(m, total_of)));
                add(kMonthsVacant, or_nan(sim::rates::mean_months_vacant(m, total_of)));
                // The succession pipeline: people in feeder roles ready now, and ready
                // within 1, 2 and 5 years (each includes those ready sooner).
                add(kReadyNow, static_cast<double>(c.ready_successors));
                add(kReadyWithin1y, static_cast<double>(c.ready_within_1y));
                add(kReadyWithin2y, static_cast<double>(c.ready_within_2y));
                add(kReadyWithin5y, static_cast<double>(c.ready_within_5y));
            }
        }
    }
    const auto england = static_cast<std::uint16_t>(layout.areas.size() - 1);
    for (std::size_t p = 0; p <= scenario.programmes.size() && !scenario.programmes.empty(); ++p) {
        const bool all = p == scenario.programmes.size();
        const sim::ProgrammeMonth pm = all ? results.programme_total(m) : results.programme(m, p);
        auto add = [&](Metric metric, double value) {
            table.keys.push_back({m, england,
                                  static_cast<std::uint16_t>(layout.first_programme + p),
                                  static_cast<std::uint8_t>(metric)});
            table.values.push_back(value);
        };
        add(kPlannedBaseline, static_cast<double>(pm.planned_baseline));
        add(kPlannedFunded, static_cast<double>(pm.planned_funded));
        add(kEnrolledBaseline, static_cast<double>(pm.enrolled_baseline));
        add(kEnrolledFunded, static_cast<double>(pm.enrolled_funded));
        add(kEnrolledOnAppointment, static_cast<double>(pm.enrolled_on_appointment));
        add(kUnfilled, static_cast<double>(pm.unfilled()));
        add(kSpendBaseline, pm.spend_baseline);
        add(kSpendFunded, pm.spend_funded);
        if (all) {
            add(kBudgetLeft, results.budget_left(m));
        }
    }
}

} // namespace

TidyTable tidy_table(const model::Scenario& scenario, const sim::Results& results,
                     const TidySelection& selection) {
    const Layout layout = layout_of(scenario, selection);
    TidyTable table = layout.names;
    const std::vector<int> months = months_of(results, selection);
    if (months.empty()) {
        return table;
    }
    const Totals totals(layout, results, first_month_read(months.front()), months.back());
    for (int m : months) {
        add_month(table, layout, scenario, results, totals, m);
    }
    return table;
}

namespace {

// Rows are formatted into fmt's own buffer: through a std::string's back_inserter, fmt
// grows the string by resizing it, which first fills the new bytes with zeros (a third
// of England's CSV formatting time).
using TextBuffer = fmt::memory_buffer;

std::string_view view(const TextBuffer& text) {
    return {text.data(), text.size()};
}

template <typename Out> void append_value_to(Out& out, double value, MetricKind kind) {
    // Formats compiled once, not parsed per value: the CSV has millions of them.
    const auto to = std::back_inserter(out);
    switch (kind) {
    case MetricKind::Count:
        // A whole count as an integer: the same text as "{:.0f}" (no minus zero, within
        // the doubles' exact integers), without fixed-precision float formatting.
        if (value == std::floor(value) && std::abs(value) < 0x1p53 &&
            !(value == 0 && std::signbit(value))) {
            fmt::format_to(to, FMT_COMPILE("{}"), static_cast<std::int64_t>(value));
        } else if (value == std::floor(value)) {
            fmt::format_to(to, FMT_COMPILE("{:.0f}"), value);
        } else {
            fmt::format_to(to, FMT_COMPILE("{:.3f}"), value);
        }
        return;
    case MetricKind::Rate:
        fmt::format_to(to, FMT_COMPILE("{:.6f}"), value);
        return;
    case MetricKind::Money:
        fmt::format_to(to, FMT_COMPILE("{:.2f}"), value);
        return;
    }
}

} // namespace

std::string format_value(double value, MetricKind kind) {
    std::string out;
    append_value_to(out, value, kind);
    return out;
}

namespace {

void append_row_range(TextBuffer& out, const TidyTable& table, const std::string& prefix,
                      std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
        const double value = table.values[i];
        if (std::isnan(value)) {
            continue;
        }
        const auto& k = table.keys[i];
        fmt::format_to(std::back_inserter(out), FMT_COMPILE("{}{},{},{},{},"), prefix, k.month,
                       table.areas[k.area], table.roles[k.role], kNames[k.metric]);
        append_value_to(out, value, metric_kind(k.metric));
        out.push_back('\n');
    }
}

} // namespace

void write_rows(const TidyTable& table, const std::string& prefix,
                const std::function<void(std::string_view)>& sink) {
    // Blocks of rows formatted in parallel, handed on in order (the same bytes as one
    // pass) while later blocks are still being formatted.
    constexpr std::size_t kBlock = 1 << 14;
    const std::size_t blocks = (table.keys.size() + kBlock - 1) / kBlock;
    detail::parallel_ordered(
        blocks,
        [&](std::size_t b) {
            TextBuffer text;
            text.reserve(kBlock * 48);
            append_row_range(text, table, prefix, b * kBlock,
                             std::min(table.keys.size(), (b + 1) * kBlock));
            return text;
        },
        [&](std::size_t, const TextBuffer& text) { sink(view(text)); });
}

void append_rows(std::string& out, const TidyTable& table, const std::string& prefix) {
    write_rows(table, prefix, [&out](std::string_view text) { out += text; });
}

void write_tidy_rows(const model::Scenario& scenario, const sim::Results& results,
                     const TidySelection& selection, const std::string& prefix,
                     const std::function<void(std::string_view)>& sink) {
    // A few months' rows at a time, gathered and formatted in parallel, handed on in
    // order: no whole table or whole text is ever held.
    constexpr std::size_t kMonthsPerBlock = 4;
    const Layout layout = layout_of(scenario, selection);
    const std::vector<int> months = months_of(results, selection);
    const std::size_t blocks = (months.size() + kMonthsPerBlock - 1) / kMonthsPerBlock;
    detail::parallel_ordered(
        blocks,
        [&](std::size_t b) {
            TidyTable part = layout.names;
            const std::size_t begin = b * kMonthsPerBlock;
            const std::size_t end = std::min(months.size(), begin + kMonthsPerBlock);
            const Totals totals(layout, results, first_month_read(months[begin]), months[end - 1]);
            for (std::size_t i = begin; i < end; ++i) {
                add_month(part, layout, scenario, results, totals, months[i]);
            }
            TextBuffer text;
            text.reserve(part.keys.size() * 48);
            append_row_range(text, part, prefix, 0, part.keys.size());
            return text;
        },
        [&](std::size_t, const TextBuffer& text) { sink(view(text)); });
}

double quantile(const std::vector<double>& sorted, double q) {
    const double position = q * static_cast<double>(sorted.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const auto above = std::min(sorted.size() - 1, below + 1);
    const double t = position - static_cast<double>(below);
    return sorted[below] * (1 - t) + sorted[above] * t;
}

void write_statistics(const std::vector<TidyTable>& replicates, const std::string& prefix,
                      const std::function<void(std::string_view)>& sink) {
    if (replicates.empty()) {
        return;
    }
    const TidyTable& first = replicates.front();
    static constexpr const char* kStatistics[] = {"mean", "p5", "p50", "p95"};
    // Blocks of keys summarised and formatted in parallel, handed on in order.
    constexpr std::size_t kBlock = 1 << 12;
    const std::size_t blocks = (first.keys.size() + kBlock - 1) / kBlock;
    detail::parallel_ordered(
        blocks,
        [&](std::size_t b) {
            TextBuffer out;
            out.reserve(kBlock * 4 * 56);
            std::vector<double> values;
            for (std::size_t i = b * kBlock; i < std::min(first.keys.size(), (b + 1) * kBlock);
                 ++i) {
                values.clear();
                for (const auto& table : replicates) {
                    if (!std::isnan(table.values[i])) {
                        values.push_back(table.values[i]);
                    }
                }
                if (values.empty()) {
                    continue;
                }
                std::sort(values.begin(), values.end());
                double mean = 0;
                for (double v : values) {
                    mean += v;
                }
                mean /= static_cast<double>(values.size());
                const auto& k = first.keys[i];
                const double statistics[] = {mean, quantile(values, 0.05), quantile(values, 0.5),
                                             quantile(values, 0.95)};
                for (int s = 0; s < 4; ++s) {
                    fmt::format_to(std::back_inserter(out), FMT_COMPILE("{}{},{},{},{},{},"),
                                   prefix, kStatistics[s], k.month, first.areas[k.area],
                                   first.roles[k.role], kNames[k.metric]);
                    append_value_to(out, statistics[s],
                                    metric_kind(k.metric) == MetricKind::Count
                                        ? MetricKind::Money
                                        : metric_kind(k.metric));
                    out.push_back('\n');
                }
            }
            return out;
        },
        [&](std::size_t, const TextBuffer& text) { sink(view(text)); });
}

void append_statistics(std::string& out, const std::vector<TidyTable>& replicates,
                       const std::string& prefix) {
    write_statistics(replicates, prefix, [&out](std::string_view text) { out += text; });
}

std::vector<TidyTable> tidy_tables(const model::Scenario& scenario,
                                   const std::vector<sim::Results>& results,
                                   const TidySelection& selection) {
    std::vector<TidyTable> tables(results.size());
    detail::parallel_for_each_index(results.size(), [&](std::size_t r) {
        tables[r] = tidy_table(scenario, results[r], selection);
    });
    return tables;
}

} // namespace carecast::batch
