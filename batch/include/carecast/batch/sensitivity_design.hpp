// The designs and estimators of global sensitivity analysis, on the unit cube: Morris's
// elementary effects for screening many inputs cheaply, and Sobol' first- and
// total-order indices (Saltelli's design on a Sobol' sequence, Saltelli 2010's
// first-order and Jansen 1999's total-order estimators) with bootstrap intervals.
// Pure functions of their inputs and a seed; the model runs are the caller's.
#pragma once

#include <cstdint>
#include <vector>

namespace carecast::batch {

// Morris (1991) trajectories as improved by Campolongo et al. (2007, mu*): each starts
// at a random point of a `levels`-level grid and moves one input at a time by
// levels / (2 (levels - 1)), in a random order.
struct MorrisDesign {
    int inputs = 0;
    int trajectories = 0;
    int levels = 4;
    std::vector<std::vector<double>> points; // (inputs + 1) per trajectory, each in [0,1]^k
    std::vector<int> moved;                  // per step (inputs per trajectory): which input
    std::vector<double> step;                // per step: the signed change of that input
};
MorrisDesign morris_design(int inputs, int trajectories, int levels, std::uint64_t seed);

struct ElementaryEffects {
    double mu_star = 0; // mean absolute effect: the input's overall influence
    double mu = 0;      // mean effect: its sign, where effects agree
    double sigma = 0;   // spread of effects: interactions or non-linearity
};
// Effects per input of the outputs y (one per design point), in units of the output
// per whole range of the input.
std::vector<ElementaryEffects> morris_effects(const MorrisDesign& design,
                                              const std::vector<double>& y);

// Saltelli's design: matrices A and B of `samples` rows from a 2k-dimensional Sobol'
// sequence (Boost.Random), then for each input i the matrix A with column i from B.
// Points in run order: A's rows, B's rows, then each A_B^(i)'s rows.
struct SaltelliDesign {
    int inputs = 0;
    int samples = 0;
    std::vector<std::vector<double>> points; // samples * (inputs + 2)
};
SaltelliDesign saltelli_design(int inputs, int samples);

struct SobolIndex {
    double first = 0; // share of the output's variance due to the input alone
    double first_low = 0;
    double first_high = 0;
    double total = 0; // share due to the input with all its interactions
    double total_low = 0;
    double total_high = 0;
};
struct SobolResult {
    std::vector<SobolIndex> indices; // per input
    double mean = 0;
    double variance = 0; // of the output over A and B
};
// Indices from the outputs y at the design's points, with 95% intervals from
// `bootstrap` resamples of the rows (keyed by `seed`).
SobolResult sobol_indices(const SaltelliDesign& design, const std::vector<double>& y, int bootstrap,
                          std::uint64_t seed);

// A space-filling design of `count` points in [0,1]^inputs (a Sobol' sequence, first
// point skipped), for drawing parameter sets.
std::vector<std::vector<double>> space_filling_points(int inputs, int count);

} // namespace carecast::batch
