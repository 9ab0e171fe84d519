#include <carecast/batch/ensemble.hpp>

#include "parallel.hpp"

#include <algorithm>

namespace carecast::batch {

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
            sim::RunCallbacks callbacks;
            callbacks.cancel = options.cancel;
            callbacks.last_month = options.last_month;
            if (options.months_done != nullptr) {
                callbacks.on_month = [&](int, int) { options.months_done->fetch_add(1); };
            }
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

} // namespace carecast::batch
