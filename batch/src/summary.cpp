#include <carecast/batch/ensemble.hpp>
#include <carecast/batch/summary.hpp>
#include <carecast/sim/rates.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace carecast::batch {
namespace {

// Over the last year: seekers per open post. Fewer seekers than open posts: posts stay
// open for want of willing candidates; more: for matching friction (the time it takes
// posts and seekers to meet), which more candidates ease but do not remove.
std::string what_keeps_posts_open(const sim::Results& results, const sim::Selection& s, int last) {
    double seekers = 0;
    double open = 0;
    for (int m = std::max(1, last - 11); m <= last; ++m) {
        seekers += static_cast<double>(results.total(m, s).job_seekers);
        open += static_cast<double>(std::max<std::int64_t>(0, results.total(m - 1, s).vacancies()));
    }
    if (open <= 0) {
        return "(none open)";
    }
    const double per_post = seekers / open;
    return fmt::format("{} ({:.1f} seekers per open post)",
                       per_post < 1 ? "willing candidates" : "matching", per_post);
}

double percent_of(std::int64_t part, std::int64_t whole) {
    return whole > 0 ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

double mean_age(const sim::CellMonth& c, int month) {
    return c.filled > 0
               ? (static_cast<double>(c.filled) * month - static_cast<double>(c.birth_month_sum)) /
                     static_cast<double>(c.filled) / 12.0
               : 0.0;
}

} // namespace

std::vector<LeadershipBench> weakest_benches(const model::Scenario& scenario,
                                             const sim::Results& results) {
    std::vector<LeadershipBench> benches;
    const int last = results.completed_months;
    for (std::size_t r = 0; r < scenario.roles.size(); ++r) {
        if (!model::is_leadership(scenario.roles[r].level)) {
            continue;
        }
        sim::Selection s;
        s.role = static_cast<model::RoleId>(r);
        if (const auto bench = results.bench_strength(last, s)) {
            benches.push_back({scenario.roles[r].name, *bench});
        }
    }
    std::stable_sort(benches.begin(), benches.end(), [](const auto& a, const auto& b) {
        return a.bench_strength < b.bench_strength;
    });
    return benches;
}

std::string area_summary(const model::Scenario& scenario, const sim::Results& results) {
    const int last = results.completed_months;
    const int end_year = scenario.start_year + last / 12;
    std::string out;
    auto line = [&]<typename... Args>(fmt::format_string<Args...> format, Args&&... args) {
        fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
        out += '\n';
    };
    // Turnover over a year needs twelve months; a shorter run shows what it has.
    const int first_year = std::min(12, last);
    line("{:<26} {:>10} {:>10} {:>9} {:>9} {:>9} {:>9}  {}", "area",
         fmt::format("posts {}", scenario.start_year), fmt::format("posts {}", end_year), "vac. 0",
         fmt::format("vac. {}", end_year), "turn. y1", "turn. end",
         fmt::format("weakest leadership bench {}", end_year));
    std::vector<std::pair<double, std::string>> by_end_vacancy;
    for (std::size_t a = 0; a < scenario.areas.size(); ++a) {
        sim::Selection where;
        where.area = static_cast<model::AreaId>(a);
        const auto start = results.total(0, where);
        const auto end = results.total(last, where);
        std::string weakest = "-";
        double weakest_bench = 0;
        for (std::size_t r = 0; r < scenario.roles.size(); ++r) {
            if (!model::is_leadership(scenario.roles[r].level)) {
                continue;
            }
            sim::Selection cell = where;
            cell.role = static_cast<model::RoleId>(r);
            const auto bench = results.bench_strength(last, cell);
            if (bench && (weakest == "-" || *bench < weakest_bench)) {
                weakest = scenario.roles[r].name;
                weakest_bench = *bench;
            }
        }
        const double v_end = results.vacancy_rate(last, where).value_or(0);
        line("{:<26} {:>10} {:>10} {:>8.1f}% {:>8.1f}% {:>8.1f}% {:>8.1f}%  {} {}",
             scenario.areas[a].name, start.posts, end.posts,
             results.vacancy_rate(0, where).value_or(0) * 100, v_end * 100,
             results.turnover_rate_12m(first_year, where).value_or(0) * 100,
             results.turnover_rate_12m(last, where).value_or(0) * 100, weakest,
             weakest == "-" ? std::string() : fmt::format("{:.2f}", weakest_bench));
        by_end_vacancy.emplace_back(v_end, scenario.areas[a].name);
    }
    std::stable_sort(by_end_vacancy.begin(), by_end_vacancy.end(),
                     [](const auto& x, const auto& y) { return x.first > y.first; });
    std::string order;
    for (std::size_t i = 0; i < std::min<std::size_t>(3, by_end_vacancy.size()); ++i) {
        order += fmt::format("{}{} ({:.1f}%)", i == 0 ? "" : ", ", by_end_vacancy[i].second,
                             by_end_vacancy[i].first * 100);
    }
    line("Highest vacancy rates in {}: {}.", end_year, order);
    line("(turn. y1: job leavers over the first 12 months per filled post; turn. end: over "
         "the last 12; bench: ready-now successors per post in the area.)");
    return out;
}

std::string summary(const model::Scenario& scenario, const sim::Results& results) {
    const int last = results.completed_months;
    const int start_year = scenario.start_year;
    const int end_year = scenario.start_year + last / 12;
    std::string out;
    auto line = [&]<typename... Args>(fmt::format_string<Args...> format, Args&&... args) {
        fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
        out += '\n';
    };
    line("{:<14} {:>12} {:>12} {:>12} {:>12} {:>8} {:>8}", "job role group",
         fmt::format("posts {}", start_year), fmt::format("posts {}", end_year),
         fmt::format("filled {}", start_year), fmt::format("filled {}", end_year), "vac. 0",
         fmt::format("vac. {}", end_year));
    auto row = [&](const std::string& name, const sim::Selection& s) {
        const auto a = results.total(0, s);
        const auto b = results.total(last, s);
        line("{:<14} {:>12} {:>12} {:>12} {:>12} {:>7.1f}% {:>7.1f}%", name, a.posts, b.posts,
             a.filled, b.filled, results.vacancy_rate(0, s).value_or(0) * 100,
             results.vacancy_rate(last, s).value_or(0) * 100);
    };
    for (int g = 0; g < model::kRoleGroups; ++g) {
        sim::Selection s;
        s.group = static_cast<model::RoleGroup>(g);
        row(model::to_string(*s.group), s);
    }
    row("all", {});
    {
        // Full-time equivalents, for setting carecast beside FTE-based projections.
        const auto a = results.total(0, {});
        const auto b = results.total(last, {});
        line("{:<14} {:>12.0f} {:>12.0f} {:>12.0f} {:>12.0f}   (full-time equivalents: "
             "fte_per_post)",
             "all, FTE", a.fte_posts, b.fte_posts, a.fte_filled, b.fte_filled);
    }
    {
        const auto a = results.total(0, {});
        const auto b = results.total(last, {});
        line("People in post aged 55 and over: {:.1f}% in {}, {:.1f}% in {} (29% in 2023/24, "
             "Skills for Care); mean age {:.1f} -> {:.1f}; 10+ years in the sector {:.0f}% -> "
             "{:.0f}%.",
             percent_of(a.aged_55_plus, a.filled), start_year, percent_of(b.aged_55_plus, b.filled),
             end_year, mean_age(a, 0), mean_age(b, last),
             percent_of(a.ten_years_in_sector, a.filled),
             percent_of(b.ten_years_in_sector, b.filled));
        // Realised turnover drifts with the workforce's make-up (newcomers leave more).
        const auto total_of = [&](int m) { return results.total(m, {}); };
        const int first = std::min(12, last);
        const auto pct = [](std::optional<double> v) { return v ? 100 * *v : NAN; };
        line("Turnover: {:.1f}% in the first year, {:.1f}% in the last; people in their first "
             "year in the sector {:.1f}% and {:.1f}%, the rest {:.1f}% and {:.1f}% (Skills for "
             "Care, 2021/22: 43.7% in the first year, 20.4% at 20+ years).",
             pct(sim::rates::turnover_12m(first, total_of)),
             pct(sim::rates::turnover_12m(last, total_of)),
             pct(sim::rates::first_year_turnover_12m(first, total_of)),
             pct(sim::rates::first_year_turnover_12m(last, total_of)),
             pct(sim::rates::later_years_turnover_12m(first, total_of)),
             pct(sim::rates::later_years_turnover_12m(last, total_of)));
    }
    out += '\n';
    const auto benches = weakest_benches(scenario, results);
    line("Weakest leadership benches in {} (ready-now successors per post):", end_year);
    for (std::size_t i = 0; i < std::min<std::size_t>(3, benches.size()); ++i) {
        line("  {:<36} {:>6.2f}", benches[i].role, benches[i].bench_strength);
    }
    out += leadership_summary(scenario, results);
    out += training_summary(scenario, results);
    // What changed during the run, so no reader takes a shock for the baseline.
    if (!scenario.events.empty() || !scenario.paths.empty()) {
        out += '\n';
        line("Events in force during the run:");
        for (const auto& e : scenario.events) {
            line("  {:04}-{:02} {}: {} {}{}", scenario.start_year + (e.month - 1) / 12,
                 (e.month - 1) % 12 + 1, e.name, e.parameter,
                 e.multiply ? fmt::format("x {:g}", *e.multiply) : fmt::format("= {:g}", *e.value),
                 e.ramp_months > 1 ? fmt::format(" over {} months", e.ramp_months) : "");
        }
        for (const auto& p : scenario.paths) {
            std::string steps;
            for (std::size_t k = 0; k < p.years.size() && k < p.values.size(); ++k) {
                steps += fmt::format("{}{} {:g}", k == 0 ? "" : ", ", p.years[k], p.values[k]);
            }
            line("  path {}: {}", p.parameter, steps);
        }
    }
    return out;
}

std::string leadership_summary(const model::Scenario& scenario, const sim::Results& results) {
    const int last = results.completed_months;
    std::string out;
    auto line = [&]<typename... Args>(fmt::format_string<Args...> format, Args&&... args) {
        fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
        out += '\n';
    };
    const int end_year = scenario.start_year + last / 12;
    out += '\n';
    line("Leadership roles          vacancy rate {} -> {}    bench (ready-now per post)   "
         "posts open in {} for want of",
         scenario.start_year, end_year, end_year);
    std::vector<std::string> flags;
    for (std::size_t r = 0; r < scenario.roles.size(); ++r) {
        if (!model::is_leadership(scenario.roles[r].level)) {
            continue;
        }
        sim::Selection s;
        s.role = static_cast<model::RoleId>(r);
        const double v0 = results.vacancy_rate(0, s).value_or(0);
        const double v1 = results.vacancy_rate(last, s).value_or(0);
        line("  {:<36} {:>6.1f}% -> {:>5.1f}%    {:>5.2f} -> {:>5.2f}   {}", scenario.roles[r].name,
             v0 * 100, v1 * 100, results.bench_strength(0, s).value_or(0),
             results.bench_strength(last, s).value_or(0), what_keeps_posts_open(results, s, last));
        if (v1 > 2 * v0 && v1 - v0 > 0.005) {
            flags.push_back(
                fmt::format("{} ({:.1f}% -> {:.1f}%)", scenario.roles[r].name, v0 * 100, v1 * 100));
        }
    }
    for (const auto& flag : flags) {
        line("Warning: the vacancy rate of {} more than doubles.", flag);
    }
    if (const int rm = scenario.role_index("registered manager"); rm >= 0) {
        sim::Selection s;
        s.role = static_cast<model::RoleId>(rm);
        double months = 0;
        double appointed = 0;
        double external = 0;
        for (int m = 1; m <= last; ++m) {
            const auto c = results.total(m, s);
            months += static_cast<double>(c.promoted_sector_months);
            appointed += static_cast<double>(c.starters_promoted);
            external += static_cast<double>(c.starters_external);
        }
        if (appointed > 0) {
            line("Registered managers appointed from within: {:.0f} a year, after {:.1f} years in "
                 "the sector on average; from outside the sector: {:.0f} a year.",
                 appointed * 12 / last, months / appointed / 12, external * 12 / last);
        }
        const auto share = [&](int m) {
            const auto c = results.total(m, s);
            return c.filled > 0 ? 100.0 * static_cast<double>(c.ten_years_in_sector) /
                                      static_cast<double>(c.filled)
                                : 0.0;
        };
        line("Registered managers with 10+ years in the sector: {:.0f}% in {}, {:.0f}% in {} "
             "(78% in 2021/22, Skills for Care).",
             share(0), scenario.start_year, share(last), end_year);
        const auto start = results.total(0, s);
        const auto end = results.total(last, s);
        line("Registered managers aged 55 and over: {} ({:.0f}%) in {}, {} ({:.0f}%) in {} "
             "(\"due to retire within 15 years\": about 7,500, 32%, in 2021/22, Skills for "
             "Care); reaching 60 within 15 years (aged 45+): {} in {}, {} in {}.",
             start.aged_55_plus, percent_of(start.aged_55_plus, start.filled), scenario.start_year,
             end.aged_55_plus, percent_of(end.aged_55_plus, end.filled), end_year,
             start.aged_45_plus, scenario.start_year, end.aged_45_plus, end_year);
    }
    return out;
}

std::string training_summary(const model::Scenario& scenario, const sim::Results& results) {
    const int last = results.completed_months;
    if (scenario.programmes.empty() || last < 1) {
        return "";
    }
    std::string out;
    auto line = [&]<typename... Args>(fmt::format_string<Args...> format, Args&&... args) {
        fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
        out += '\n';
    };
    const double years = last / 12.0;
    out += '\n';
    line("Training places a year (mean over {:.0f} years): baseline = happens anyway; funded = "
         "bought by the budget",
         years);
    line("  {:<44} {:>9} {:>9} {:>9} {:>9} {:>9} {:>11}", "programme", "baseline", "taken",
         "funded", "taken", "unfilled", "appointees");
    std::int64_t unfilled_total = 0;
    for (std::size_t p = 0; p < scenario.programmes.size(); ++p) {
        sim::ProgrammeMonth sum;
        for (int m = 1; m <= last; ++m) {
            sum.add(results.programme(m, p));
        }
        unfilled_total += sum.unfilled();
        line("  {:<44} {:>9.0f} {:>9.0f} {:>9.0f} {:>9.0f} {:>9.0f} {:>11.0f}",
             scenario.programmes[p].name.substr(0, 44),
             static_cast<double>(sum.planned_baseline) / years,
             static_cast<double>(sum.enrolled_baseline) / years,
             static_cast<double>(sum.planned_funded) / years,
             static_cast<double>(sum.enrolled_funded) / years,
             static_cast<double>(sum.unfilled()) / years,
             static_cast<double>(sum.enrolled_on_appointment) / years);
    }
    sim::ProgrammeMonth all;
    for (int m = 1; m <= last; ++m) {
        all.add(results.programme_total(m));
    }
    line("Budget GBP {:.0f} a year: bought {:.0f} funded places a year for GBP {:.0f}, "
         "GBP {:.0f} a year unspent; baseline training cost GBP {:.0f} a year (not charged to "
         "the budget).",
         scenario.training_budget, static_cast<double>(all.enrolled_funded) / years,
         all.spend_funded / years, scenario.training_budget - all.spend_funded / years,
         all.spend_baseline / years);
    line("(appointees: people appointed while working towards the role's entry qualification, "
         "enrolled on appointment; each takes one of the baseline's places.)");
    if (unfilled_total > 0) {
        line("Warning: {} planned places went unfilled because too few eligible people were "
             "there to take them (programme_unfilled in results.csv).",
             unfilled_total);
    }
    return out;
}

int focus_role(const model::Scenario& s, const std::string& named) {
    if (!named.empty()) {
        return s.role_index(named);
    }
    if (const int rm = s.role_index("registered manager"); rm >= 0) {
        return rm;
    }
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
        if (model::is_leadership(s.roles[r].level)) {
            return static_cast<int>(r);
        }
    }
    return -1;
}

LeadershipTotals leadership_totals(const sim::Results& results) {
    LeadershipTotals totals;
    for (int m = 1; m <= results.completed_months; ++m) {
        totals.spend += results.total(m, {}).programme_spend;
        totals.funded_spend += results.programme_total(m).spend_funded;
        for (int role = 0; role < results.roles(); ++role) {
            if (results.leadership()[static_cast<std::size_t>(role)]) {
                sim::Selection one;
                one.role = static_cast<model::RoleId>(role);
                totals.internal_fills +=
                    static_cast<double>(results.total(m, one).starters_promoted);
            }
        }
    }
    return totals;
}

CostPerExtraPost cost_per_extra_post(const std::vector<LeadershipTotals>& base,
                                     const std::vector<LeadershipTotals>& other) {
    CostPerExtraPost cost;
    if (base.empty() || base.size() != other.size()) {
        cost.why_not = "runs of unequal replicates";
        return cost;
    }
    std::vector<double> fills_base;
    std::vector<double> fills_other;
    double spend_base = 0;
    double spend_other = 0;
    for (std::size_t i = 0; i < base.size(); ++i) {
        fills_base.push_back(base[i].internal_fills);
        fills_other.push_back(other[i].internal_fills);
        spend_base += base[i].funded_spend;
        spend_other += other[i].funded_spend;
    }
    const auto n = static_cast<double>(base.size());
    const PairedDifference fills = paired_difference(fills_base, fills_other);
    const double extra_spend = (spend_other - spend_base) / n;
    if (fills.mean <= 0) {
        cost.why_not = "no extra posts filled";
    } else if (base.size() >= 2 && !fills.clear()) {
        cost.why_not = "no clear difference in posts filled";
    } else if (extra_spend <= 0) {
        cost.why_not = "no extra spend";
    } else {
        cost.gbp = extra_spend / fills.mean;
        cost.checked = base.size() >= 2;
    }
    return cost;
}

} // namespace carecast::batch
