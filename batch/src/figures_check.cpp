#include <carecast/batch/figures_check.hpp>

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

namespace carecast::batch {
namespace {

const std::vector<std::string> kColumns{"figure", "month",     "area",      "role",
                                        "metric", "published", "tolerance", "source"};

// One CSV line into fields; a field in double quotes may hold commas and "" for a quote.
std::optional<std::vector<std::string>> split_csv(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    if (quoted) {
        return std::nullopt;
    }
    return fields;
}

std::optional<double> number(const std::string& text) {
    double value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

using RowKey = std::tuple<int, std::string, std::string, std::string>;

} // namespace

FiguresFile parse_figures(const std::string& text, const std::string& source) {
    FiguresFile out;
    std::istringstream in(text);
    std::string line;
    int number_of_line = 0;
    const auto error = [&](const std::string& what) {
        out.errors.push_back(fmt::format("{}:{}: {}", source, number_of_line, what));
    };
    bool header = false;
    while (std::getline(in, line)) {
        ++number_of_line;
        if (line.empty() || line[0] == '#') {
            continue;
        }
        const auto fields = split_csv(line);
        if (!fields) {
            error("a quoted field is not closed; allowed: \"text, with commas\"");
            continue;
        }
        if (!header) {
            header = true;
            if (*fields != kColumns) {
                error(fmt::format("the header is \"{}\"; allowed: \"{}\"", line,
                                  fmt::join(kColumns, ",")));
                return out;
            }
            continue;
        }
        if (fields->size() != kColumns.size()) {
            error(fmt::format("{} fields; allowed: {} ({})", fields->size(), kColumns.size(),
                              fmt::join(kColumns, ",")));
            continue;
        }
        const auto& f = *fields;
        Figure figure;
        figure.line = number_of_line;
        figure.label = f[0];
        figure.area = f[2];
        figure.role = f[3];
        figure.metric = f[4];
        figure.source = f[7];
        const auto month = number(f[1]);
        if (!month || *month < 0 || *month != std::floor(*month) || *month > 1e6) {
            error(fmt::format("month \"{}\"; allowed: a whole number of months from the run's "
                              "start (0: the starting stocks)",
                              f[1]));
            continue;
        }
        figure.month = static_cast<int>(*month);
        const auto published = number(f[5]);
        if (!published) {
            error(fmt::format("published \"{}\"; allowed: a number (rates as fractions: 0.07 "
                              "for 7%)",
                              f[5]));
            continue;
        }
        figure.published = *published;
        std::string tolerance = f[6];
        if (!tolerance.empty() && tolerance.back() == '%') {
            figure.relative = true;
            tolerance.pop_back();
        }
        const auto tol = number(tolerance);
        if (!tol || *tol < 0) {
            error(fmt::format("tolerance \"{}\"; allowed: a number at least 0 (in the metric's "
                              "units) or a percentage of the published value, e.g. 5%",
                              f[6]));
            continue;
        }
        figure.tolerance = figure.relative ? *tol / 100 : *tol;
        if (figure.label.empty() || figure.area.empty() || figure.role.empty() ||
            figure.metric.empty()) {
            error("figure, area, role and metric must not be empty");
            continue;
        }
        out.figures.push_back(figure);
    }
    if (!header) {
        out.errors.push_back(fmt::format("{}: no header; allowed: \"{}\" then one figure a line",
                                         source, fmt::join(kColumns, ",")));
    } else if (out.figures.empty() && out.errors.empty()) {
        out.errors.push_back(fmt::format("{}: no figures after the header", source));
    }
    return out;
}

CheckResult check_run(const std::filesystem::path& run, const std::vector<Figure>& figures) {
    CheckResult result;
    const bool ensemble = std::filesystem::exists(run / "ensemble.csv");
    const auto file = run / (ensemble ? "ensemble.csv" : "results.csv");
    result.run_file = file.string();
    std::ifstream in(file);
    if (!in) {
        result.errors.push_back(fmt::format("{}: no results.csv or ensemble.csv there; allowed: "
                                            "a folder carecast run wrote",
                                            run.string()));
        return result;
    }
    std::map<RowKey, std::array<double, 3>> wanted; // mean, p5, p95
    std::map<RowKey, std::array<bool, 3>> seen;
    for (const auto& f : figures) {
        wanted[{f.month, f.area, f.role, f.metric}] = {0, 0, 0};
    }
    std::string line;
    std::getline(in, line); // header
    int last_month = 0;
    while (std::getline(in, line)) {
        // statistic,month,area,role,metric,value (ensemble) or month,area,role,metric,value
        std::vector<std::string> f;
        std::size_t start = 0;
        for (std::size_t i = 0; i <= line.size(); ++i) {
            if (i == line.size() || line[i] == ',') {
                f.push_back(line.substr(start, i - start));
                start = i + 1;
            }
        }
        const std::size_t o = ensemble ? 1 : 0;
        if (f.size() != 5 + o) {
            continue;
        }
        const auto month = number(f[o]);
        if (!month) {
            continue;
        }
        last_month = std::max(last_month, static_cast<int>(*month));
        const RowKey key{static_cast<int>(*month), f[o + 1], f[o + 2], f[o + 3]};
        const auto it = wanted.find(key);
        if (it == wanted.end()) {
            continue;
        }
        const double value = number(f[o + 4]).value_or(NAN);
        int slot = 0;
        if (ensemble) {
            slot = f[0] == "mean" ? 0 : f[0] == "p5" ? 1 : f[0] == "p95" ? 2 : -1;
        }
        if (slot < 0) {
            continue;
        }
        if (ensemble) {
            it->second[static_cast<std::size_t>(slot)] = value;
            seen[key][static_cast<std::size_t>(slot)] = true;
        } else {
            it->second = {value, value, value};
            seen[key] = {true, true, true};
        }
    }
    for (const auto& f : figures) {
        const RowKey key{f.month, f.area, f.role, f.metric};
        if (!seen[key][0]) {
            result.errors.push_back(fmt::format(
                "line {}: \"{}\": {} has no row for month {}, area \"{}\", role \"{}\", metric "
                "\"{}\"; allowed: months 0 to {} and the areas, roles and metrics it holds",
                f.line, f.label, file.filename().string(), f.month, f.area, f.role, f.metric,
                last_month));
            continue;
        }
        const auto& v = wanted[key];
        FigureCheck check{f, v[0], v[1], v[2], false};
        const double allowed = f.relative ? f.tolerance * std::abs(f.published) : f.tolerance;
        check.within = std::abs(check.mean - f.published) <= allowed;
        result.checks.push_back(check);
    }
    return result;
}

namespace {

std::string shown(double value, const std::string& metric) {
    if (metric.find("rate") != std::string::npos || metric.find("share") != std::string::npos) {
        return fmt::format("{:.1f}%", value * 100);
    }
    return fmt::format("{:.0f}", value);
}

std::string tolerance_text(const Figure& f) {
    if (f.relative) {
        return fmt::format("{:g}%", f.tolerance * 100);
    }
    const bool rate =
        f.metric.find("rate") != std::string::npos || f.metric.find("share") != std::string::npos;
    return rate ? fmt::format("{:g} pts", f.tolerance * 100) : shown(f.tolerance, f.metric);
}

} // namespace

std::string check_report(const CheckResult& result) {
    std::string out;
    const auto line = [&](const std::string& text) {
        out += text;
        out += '\n';
    };
    line(fmt::format("{:<44} {:>5} {:>10} {:>10} {:>21} {:>10} {:>8}  {}", "figure", "month",
                     "published", "model", "P5-P95", "diff.", "tol.", "within"));
    int outside = 0;
    for (const auto& c : result.checks) {
        const auto& f = c.figure;
        const double diff = c.mean - f.published;
        const bool rate = f.metric.find("rate") != std::string::npos ||
                          f.metric.find("share") != std::string::npos;
        const std::string difference =
            rate ? fmt::format("{:+.1f} pts", diff * 100)
                 : fmt::format("{:+.1f}%", f.published != 0 ? diff / f.published * 100 : 0.0);
        outside += c.within ? 0 : 1;
        line(fmt::format("{:<44} {:>5} {:>10} {:>10} {:>21} {:>10} {:>8}  {}",
                         f.label.substr(0, 44), f.month, shown(f.published, f.metric),
                         shown(c.mean, f.metric),
                         fmt::format("{} - {}", shown(c.p5, f.metric), shown(c.p95, f.metric)),
                         difference, tolerance_text(f), c.within ? "yes" : "NO"));
    }
    line(fmt::format("{} of {} figures within tolerance ({}).", result.checks.size() - outside,
                     result.checks.size(), result.run_file));
    return out;
}

std::string check_csv(const CheckResult& result) {
    std::string out =
        "figure,month,area,role,metric,published,mean,p5,p95,difference,tolerance,within,source\n";
    const auto quoted = [](const std::string& text) {
        std::string q = "\"";
        for (char c : text) {
            q += c == '"' ? std::string("\"\"") : std::string(1, c);
        }
        return q + "\"";
    };
    for (const auto& c : result.checks) {
        const auto& f = c.figure;
        out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", quoted(f.label), f.month,
                           quoted(f.area), quoted(f.role), f.metric, f.published, c.mean, c.p5,
                           c.p95, c.mean - f.published, tolerance_text(f), c.within ? "yes" : "no",
                           quoted(f.source));
    }
    return out;
}

} // namespace carecast::batch
