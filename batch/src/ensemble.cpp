#include <carecast/batch/ensemble.hpp>

#include "parallel.hpp"

#include <carecast/batch/tidy.hpp>
#include <carecast/model/demand.hpp>

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>

namespace carecast::batch {
namespace {

// What each run of an ensemble is told: when to stop, and whom to tell of its months.
sim::RunCallbacks callbacks_for(const EnsembleOptions& options) {
    sim::RunCallbacks callbacks;
    callbacks.cancel = options.cancel;
    callbacks.last_month = options.last_month;
    if (options.months_done != nullptr) {
        callbacks.on_month = [done = options.months_done](int, int) { done->fetch_add(1); };
    }
    return callbacks;
}

} // namespace

std::vector<sim::Results> run_replicates(const model::ValidScenario& scenario,
                                         const EnsembleOptions& options) {
    const int count = std::max(1, options.replicates);
    // Replicates in parallel first (plain threads, each taking the next replicate);
    // leftover threads go inside each run.
    const int outer = std::min(count, std::max(1, options.threads));
    const int inner = std::max(1, options.threads / outer);
    std::vector<std::optional<sim::Results>> slots(static_cast<std::size_t>(count));
    detail::parallel_for_each_index(
        static_cast<std::size_t>(count),
        [&](std::size_t index) {
            const int i = static_cast<int>(index);
            // After a cancel the replicates not yet started are not set up at all: with
            // thousands left, setting each up only to stop it would take minutes.
            if (options.cancel != nullptr && options.cancel->load()) {
                return;
            }
            const sim::RunCallbacks callbacks = callbacks_for(options);
            sim::RunConfig config;
            config.threads = inner;
            config.replicate = static_cast<std::uint32_t>(options.first_replicate + i);
            slots[static_cast<std::size_t>(i)] = sim::run(scenario, config, callbacks);
        },
        static_cast<std::size_t>(outer));
    std::vector<sim::Results> results;
    for (auto& slot : slots) {
        if (!slot || slot->cancelled) {
            return {};
        }
        results.push_back(std::move(*slot));
    }
    return results;
}

bool run_allocations(const std::vector<const model::ValidScenario*>& scenarios,
                     const EnsembleOptions& options, const TakeResults& take) {
    const int count = std::max(1, options.replicates);
    const int outer = std::min(count, std::max(1, options.threads));
    const int inner = std::max(1, options.threads / outer);
    const std::size_t runs = scenarios.size();
    if (runs == 0) {
        return true;
    }
    const auto cancelled = [&] { return options.cancel != nullptr && options.cancel->load(); };
    std::atomic<bool> stopped{false};
    detail::parallel_for_each_index(
        static_cast<std::size_t>(count),
        [&](std::size_t index) {
            if (cancelled()) {
                stopped = true;
                return;
            }
            const sim::RunCallbacks callbacks = callbacks_for(options);
            sim::RunConfig config;
            config.threads = inner;
            const int replicate = options.first_replicate + static_cast<int>(index);
            config.replicate = static_cast<std::uint32_t>(replicate);
            const auto finish = [&](std::size_t k, sim::Results&& results) {
                if (results.cancelled) {
                    stopped = true;
                    return false;
                }
                take(k, replicate, std::move(results));
                return true;
            };
            // The first scenario's run sets the replicate's people up; the others start
            // from a copy of them (the first run's own people freed before they do).
            std::shared_ptr<const sim::MonthZero> people;
            {
                sim::Simulation first(*scenarios[0], config);
                people = runs > 1 ? first.month_zero() : nullptr;
                if (!finish(0, sim::run(first, callbacks))) {
                    return;
                }
            }
            for (std::size_t k = 1; k < runs; ++k) {
                if (cancelled()) {
                    stopped = true;
                    return;
                }
                if (!finish(k, sim::run(*scenarios[k], config, *people, callbacks))) {
                    return;
                }
            }
        },
        static_cast<std::size_t>(outer));
    return !stopped && !cancelled();
}

RunSize run_size(const model::Scenario& scenario, int replicates, int threads,
                 bool keep_replicates) {
    const double rows =
        (scenario.horizon_months + 1.0) * (scenario.areas.size() + 1.0) *
        (scenario.roles.size() + scenario.programmes.size() + model::kRoleGroups + 2.0) *
        static_cast<double>(metrics_per_role_row());
    const double csv_rows =
        replicates == 1 ? rows : rows * (4 + (keep_replicates ? replicates : 0));
    return {std::min(replicates, threads) * model::peak_people(scenario) * 2 *
                    static_cast<double>(sim::bytes_per_agent()) +
                replicates * rows * kTableBytesPerRow,
            csv_rows * kCsvBytesPerRow};
}

PairedDifference paired_difference(const std::vector<double>& base,
                                   const std::vector<double>& other) {
    const std::size_t n = other.size();
    PairedDifference out;
    for (std::size_t i = 0; i < n; ++i) {
        out.mean += other[i] - base[i];
    }
    out.mean /= static_cast<double>(n);
    out.low = out.high = out.mean;
    if (n < 2) {
        return out;
    }
    double squares = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double d = other[i] - base[i] - out.mean;
        squares += d * d;
    }
    const double sd = std::sqrt(squares / static_cast<double>(n - 1));
    const boost::math::students_t t(static_cast<double>(n - 1));
    const double half = boost::math::quantile(t, 0.975) * sd / std::sqrt(static_cast<double>(n));
    out.low = out.mean - half;
    out.high = out.mean + half;
    return out;
}

} // namespace carecast::batch
