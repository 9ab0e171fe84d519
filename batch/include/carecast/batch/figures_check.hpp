// carecast check: a run or an ensemble against a table of published figures.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace carecast::batch {

// One published figure: the run's row it is compared with (month, area, role, metric,
// as in results.csv), its value, and how far the model may be from it.
struct Figure {
    std::string label;
    int month = 0;
    std::string area;
    std::string role;
    std::string metric;
    double published = 0;
    double tolerance = 0;  // absolute, or a share of `published` when relative
    bool relative = false; // written "5%"
    std::string source;
    int line = 0; // in the figures file
};

struct FiguresFile {
    std::vector<Figure> figures;
    std::vector<std::string> errors; // "file:line: what is wrong; allowed: ..."
};

// Columns: figure,month,area,role,metric,published,tolerance,source (quoted fields may
// hold commas); tolerance an absolute number or a percentage of the published value.
FiguresFile parse_figures(const std::string& text, const std::string& source);

struct FigureCheck {
    Figure figure;
    double mean = 0; // a single run: its value, P5 = P95 = it
    double p5 = 0;
    double p95 = 0;
    bool within = false;
};

struct CheckResult {
    std::vector<FigureCheck> checks;
    std::vector<std::string> errors; // figures the run has no row for, unreadable files
    std::string run_file;            // results.csv or ensemble.csv
};

// Reads the run folder's ensemble.csv (mean, P5, P95) or results.csv.
CheckResult check_run(const std::filesystem::path& run, const std::vector<Figure>& figures);

// The comparison as a table, with a closing count.
std::string check_report(const CheckResult& result);
// The same as CSV (figure,month,area,role,metric,published,mean,p5,p95,difference,
// tolerance,within,source), for charts.
std::string check_csv(const CheckResult& result);

} // namespace carecast::batch
