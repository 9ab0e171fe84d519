// Results as a tidy table: one value per (month, area, role, metric) in a fixed row
// order, so single runs, ensembles and sweeps share one layout and one writer.
#pragma once

#include <carecast/model/scenario.hpp>
#include <carecast/sim/results.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace carecast::batch {

enum class MetricKind : std::uint8_t { Count, Rate, Money };

// Which rows to keep: sweeps keep a few months and England only.
struct TidySelection {
    int every_months = 1; // months 0, k, 2k, ... and the last
    bool regions = true;  // each area as well as England
};

struct TidyTable {
    std::vector<std::string> areas; // CSV-ready names; the last is "England"
    std::vector<std::string> roles; // roles, "group:...", "all"
    struct Key {
        std::int32_t month;
        std::uint16_t area;
        std::uint16_t role;
        std::uint8_t metric;
    };
    std::vector<Key> keys;
    std::vector<double> values; // NaN: undefined here (no row is written)
};

const char* metric_name(std::uint8_t metric);
std::size_t metric_count(); // metrics are 0 .. metric_count() - 1
// The most metrics one (month, area, role) row of the table carries: for size estimates.
std::size_t metrics_per_role_row();
MetricKind metric_kind(std::uint8_t metric);

TidyTable tidy_table(const model::Scenario& scenario, const sim::Results& results,
                     const TidySelection& selection = {});

std::string csv_field(const std::string& text);
// "month,area,role,metric,value" rows (the single-run format).
void append_rows(std::string& out, const TidyTable& table, const std::string& prefix = "");
// The same rows handed to `sink` in order, a block at a time, as they are formatted (in
// parallel): a file is written and hashed while the rest is still being formatted.
void write_rows(const TidyTable& table, const std::string& prefix,
                const std::function<void(std::string_view)>& sink);
// tidy_table's rows, formatted as append_rows does, without building the table: a few
// months at a time, in parallel, handed to `sink` in order.
void write_tidy_rows(const model::Scenario& scenario, const sim::Results& results,
                     const TidySelection& selection, const std::string& prefix,
                     const std::function<void(std::string_view)>& sink);
std::string format_value(double value, MetricKind kind);
// Type-7 quantile (linear between order statistics) of sorted, non-empty values.
double quantile(const std::vector<double>& sorted, double q);

// Mean, P5, P50 and P95 over replicates' tables (same keys), as rows of
// "statistic,month,area,role,metric,value" after `prefix`.
void append_statistics(std::string& out, const std::vector<TidyTable>& replicates,
                       const std::string& prefix = "");
// The same rows handed to `sink` in order as they are worked out (in parallel).
void write_statistics(const std::vector<TidyTable>& replicates, const std::string& prefix,
                      const std::function<void(std::string_view)>& sink);
// One table per replicate, built in parallel.
std::vector<TidyTable> tidy_tables(const model::Scenario& scenario,
                                   const std::vector<sim::Results>& results,
                                   const TidySelection& selection = {});

} // namespace carecast::batch
