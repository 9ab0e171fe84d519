// carecast sensitivity, as a library: which declared assumptions (a scenario's
// [[uncertainty]]) decide an output. Every input is screened by Morris's elementary
// effects on the twin; the ones that matter get Sobol' first- and total-order indices
// on the twin; the top few are then run with agent-based ensembles at the ends of
// their ranges to check the twin's ranking. Prints nothing itself.
#pragma once

#include <carecast/batch/sensitivity_design.hpp>
#include <carecast/model/goal.hpp>
#include <carecast/model/uncertainty.hpp>
#include <carecast/model/valid_scenario.hpp>

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace carecast::batch {

struct SensitivityJob {
    explicit SensitivityJob(model::ValidScenario scenario) : base(std::move(scenario)) {}
    model::ValidScenario base;
    std::vector<model::Goal> outputs; // what the answer is about (the optimiser's syntax)
    int trajectories = 10;            // Morris
    int levels = 4;
    int sobol_inputs = 12; // the most influential after screening
    int samples = 256;     // Sobol' base samples (N): N (k + 2) twin runs
    int bootstrap = 500;
    int verify_inputs = 3; // agent ensembles at each end of each output's top inputs
    int verify_replicates = 2;
    int threads = 1;
    std::uint64_t seed = 1; // the Morris design and the bootstrap
    const std::atomic<bool>* stop = nullptr;
    std::function<void(const std::string&)> progress;
};

// The twin's agreement with agent ensembles at the two ends of one input's range.
struct EndsCheck {
    std::size_t input = 0;  // into SensitivityResult::inputs
    std::size_t output = 0; // into the job's outputs
    double twin_low = 0;    // the output with the input at its low end, others at value
    double twin_high = 0;
    double agents_low = 0; // mean of the replicates
    double agents_high = 0;
    double difference_low = 0; // 95% interval of the agents' high - low (paired)
    double difference_high = 0;
};

struct SensitivityResult {
    std::vector<model::ParameterRange> inputs;          // every declared range, in file order
    std::vector<std::string> outputs;                   // the goals as given
    std::vector<std::vector<ElementaryEffects>> morris; // [output][input]
    std::vector<std::size_t> sobol_inputs;              // into inputs, screened in
    std::vector<SobolResult> sobol;                     // [output], indices by sobol_inputs
    std::vector<double> central;                        // [output] the twin at every value
    // [output][input] the twin with one input at its low (high) end, the others at their
    // values: a tornado chart's bars.
    std::vector<std::vector<double>> swing_low;
    std::vector<std::vector<double>> swing_high;
    // [output] P5 and P95 of the output over the Sobol' sample: the spread the declared
    // ranges give.
    std::vector<std::pair<double, double>> spread;
    std::vector<model::GoalMetric> metrics; // [output]
    std::vector<std::string> described;     // [output] in words: "the care worker vacancy
                                            // rate in 2030"
    std::vector<EndsCheck> checks;
    int twin_runs = 0;
    int agent_runs = 0;
    bool stopped = false;

    // Inputs ranked for one output: by total-order index where screened in, then the
    // rest by Morris mu*.
    std::vector<std::size_t> ranking(std::size_t output) const;
    // The input's total-order index for the output, or nothing if it was not screened in.
    std::optional<SobolIndex> sobol_of(std::size_t output, std::size_t input) const;
};

// Runs the job; throws std::invalid_argument where the scenario declares no uncertain
// parameter or an output has no months within the horizon.
SensitivityResult run_sensitivity(const SensitivityJob& job);

// sensitivity.csv: output,parameter,method,statistic,value,low,high,rank; methods
// sobol (total, first, with 95% intervals), swing (the output at the input's low_end
// and high_end) and morris (mu_star, mu, sigma); rank by total index, then mu*.
std::string sensitivity_csv(const SensitivityResult& result);
// The ranking in words, one paragraph per output, and the agent check's table.
std::string sensitivity_report(const SensitivityResult& result);

// A goal in words, its years as calendar years: "the registered manager vacancy rate in
// 2030", "the bench strength of managerial roles in London, 2027-2029".
std::string in_words(const model::Goal& goal, const model::Scenario& scenario);

// An output as the optimiser's objective without "min": "vacancy_rate, care worker,
// year 6". The goal, or a message quoting the text.
std::variant<model::Goal, std::string> parse_output(const std::string& text,
                                                    const model::Scenario& scenario);

} // namespace carecast::batch
