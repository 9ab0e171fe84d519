#include <carecast/batch/sensitivity_design.hpp>

#include <carecast/batch/tidy.hpp>

#include <Random123/philox.h>
#include <boost/random/sobol.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace carecast::batch {
namespace {

// Counter-based uniforms keyed by (seed, stream, index): a design or a bootstrap is the
// same whatever runs it.
class KeyedUniform {
  public:
    KeyedUniform(std::uint64_t seed, std::uint64_t stream) : key_{{seed}}, stream_(stream) {}
    double operator()(std::uint64_t index) const {
        const r123::Philox2x64::ctr_type counter{{index, stream_}};
        const auto out = r123::Philox2x64()(counter, key_);
        return (static_cast<double>(out[0] >> 11) + 0.5) * 0x1.0p-53;
    }

  private:
    r123::Philox2x64::key_type key_;
    std::uint64_t stream_;
};

constexpr std::uint64_t kMorrisStream = 1;
constexpr std::uint64_t kBootstrapStream = 2;

std::vector<std::vector<double>> sobol_points(int dimension, int count) {
    boost::random::sobol sequence(static_cast<std::size_t>(dimension));
    sequence.discard(static_cast<std::uintmax_t>(dimension)); // the first point is all zeros
    std::vector<std::vector<double>> out(static_cast<std::size_t>(count),
                                         std::vector<double>(static_cast<std::size_t>(dimension)));
    for (auto& point : out) {
        for (auto& u : point) {
            u = std::ldexp(static_cast<double>(sequence()), -64);
        }
    }
    return out;
}

double mean_of(const std::vector<double>& v) {
    return v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

} // namespace

MorrisDesign morris_design(int inputs, int trajectories, int levels, std::uint64_t seed) {
    if (inputs < 1 || trajectories < 1 || levels < 2 || levels % 2 != 0) {
        throw std::invalid_argument("Morris design: at least one input and trajectory, and an "
                                    "even number of levels");
    }
    MorrisDesign d{inputs, trajectories, levels, {}, {}, {}};
    const double delta = levels / (2.0 * (levels - 1));
    const int starts = levels / 2; // start levels from which +delta stays in [0, 1]
    const KeyedUniform uniform(seed, kMorrisStream);
    std::uint64_t draw = 0;
    const auto k = static_cast<std::size_t>(inputs);
    for (int t = 0; t < trajectories; ++t) {
        std::vector<double> x(k);
        std::vector<bool> up(k);
        for (std::size_t i = 0; i < k; ++i) {
            const int level = std::min(starts - 1, static_cast<int>(uniform(draw++) * starts));
            up[i] = uniform(draw++) < 0.5;
            // Going down starts delta higher, so every step stays on the grid.
            x[i] = level / static_cast<double>(levels - 1) + (up[i] ? 0 : delta);
        }
        std::vector<int> order(k);
        std::iota(order.begin(), order.end(), 0);
        for (std::size_t i = k; i > 1; --i) { // Fisher-Yates on keyed draws
            const auto j = std::min(i - 1, static_cast<std::size_t>(uniform(draw++) * i));
            std::swap(order[i - 1], order[j]);
        }
        d.points.push_back(x);
        for (int i : order) {
            const auto u = static_cast<std::size_t>(i);
            const double change = up[u] ? delta : -delta;
            x[u] += change;
            d.points.push_back(x);
            d.moved.push_back(i);
            d.step.push_back(change);
        }
    }
    return d;
}

std::vector<ElementaryEffects> morris_effects(const MorrisDesign& d, const std::vector<double>& y) {
    const auto k = static_cast<std::size_t>(d.inputs);
    if (y.size() != d.points.size()) {
        throw std::invalid_argument("Morris effects: one output per design point");
    }
    std::vector<std::vector<double>> effects(k);
    for (int t = 0; t < d.trajectories; ++t) {
        for (std::size_t s = 0; s < k; ++s) {
            const std::size_t step = static_cast<std::size_t>(t) * k + s;
            const std::size_t at = static_cast<std::size_t>(t) * (k + 1) + s;
            effects[static_cast<std::size_t>(d.moved[step])].push_back((y[at + 1] - y[at]) /
                                                                       d.step[step]);
        }
    }
    std::vector<ElementaryEffects> out(k);
    for (std::size_t i = 0; i < k; ++i) {
        const auto& e = effects[i];
        out[i].mu = mean_of(e);
        double absolute = 0;
        double squares = 0;
        for (double v : e) {
            absolute += std::abs(v);
            squares += (v - out[i].mu) * (v - out[i].mu);
        }
        out[i].mu_star = absolute / static_cast<double>(e.size());
        out[i].sigma = e.size() > 1 ? std::sqrt(squares / static_cast<double>(e.size() - 1)) : 0;
    }
    return out;
}

SaltelliDesign saltelli_design(int inputs, int samples) {
    if (inputs < 1 || samples < 2) {
        throw std::invalid_argument("Saltelli design: at least one input and two samples");
    }
    const auto k = static_cast<std::size_t>(inputs);
    const auto n = static_cast<std::size_t>(samples);
    const auto base = sobol_points(2 * inputs, samples);
    SaltelliDesign d{inputs, samples, {}};
    d.points.reserve(n * (k + 2));
    for (const auto& p : base) {
        d.points.emplace_back(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(k));
    }
    for (const auto& p : base) {
        d.points.emplace_back(p.begin() + static_cast<std::ptrdiff_t>(k), p.end());
    }
    for (std::size_t i = 0; i < k; ++i) {
        for (std::size_t r = 0; r < n; ++r) {
            auto point = d.points[r];
            point[i] = d.points[n + r][i];
            d.points.push_back(std::move(point));
        }
    }
    return d;
}

namespace {

// The estimators over the rows `rows` (a bootstrap resample, or every row once).
std::vector<SobolIndex> estimate(const SaltelliDesign& d, const std::vector<double>& y,
                                 const std::vector<std::size_t>& rows, double* variance_out) {
    const auto k = static_cast<std::size_t>(d.inputs);
    const auto n = static_cast<std::size_t>(d.samples);
    double sum = 0;
    double squares = 0;
    for (std::size_t r : rows) {
        sum += y[r] + y[n + r];
        squares += y[r] * y[r] + y[n + r] * y[n + r];
    }
    const double count = 2.0 * static_cast<double>(rows.size());
    const double mean = sum / count;
    const double variance = squares / count - mean * mean;
    if (variance_out != nullptr) {
        *variance_out = variance;
    }
    std::vector<SobolIndex> out(k);
    if (variance <= 0) {
        return out; // the output does not vary: no input explains anything
    }
    for (std::size_t i = 0; i < k; ++i) {
        double first = 0;
        double total = 0;
        for (std::size_t r : rows) {
            // Centred on the mean: the first-order estimator's products are then of
            // deviations, not of levels, which keeps its sampling error small.
            const double fa = y[r] - mean;
            const double fb = y[n + r] - mean;
            const double fab = y[(2 + i) * n + r] - mean;
            first += fb * (fab - fa);         // Saltelli et al. (2010), eq. (b)
            total += (fa - fab) * (fa - fab); // Jansen (1999)
        }
        out[i].first = first / static_cast<double>(rows.size()) / variance;
        out[i].total = total / (2.0 * static_cast<double>(rows.size())) / variance;
    }
    return out;
}

} // namespace

SobolResult sobol_indices(const SaltelliDesign& d, const std::vector<double>& y, int bootstrap,
                          std::uint64_t seed) {
    const auto k = static_cast<std::size_t>(d.inputs);
    const auto n = static_cast<std::size_t>(d.samples);
    if (y.size() != n * (k + 2)) {
        throw std::invalid_argument("Sobol indices: one output per design point");
    }
    std::vector<std::size_t> all(n);
    std::iota(all.begin(), all.end(), 0);
    SobolResult result;
    result.indices = estimate(d, y, all, &result.variance);
    double sum = 0;
    for (std::size_t r = 0; r < 2 * n; ++r) {
        sum += y[r];
    }
    result.mean = sum / (2.0 * static_cast<double>(n));
    std::vector<std::vector<double>> firsts(k);
    std::vector<std::vector<double>> totals(k);
    const KeyedUniform uniform(seed, kBootstrapStream);
    std::vector<std::size_t> rows(n);
    for (int b = 0; b < bootstrap; ++b) {
        for (std::size_t r = 0; r < n; ++r) {
            const auto draw = static_cast<std::uint64_t>(b) * n + r;
            rows[r] =
                std::min(n - 1, static_cast<std::size_t>(uniform(draw) * static_cast<double>(n)));
        }
        const auto again = estimate(d, y, rows, nullptr);
        for (std::size_t i = 0; i < k; ++i) {
            firsts[i].push_back(again[i].first);
            totals[i].push_back(again[i].total);
        }
    }
    for (std::size_t i = 0; i < k && bootstrap > 1; ++i) {
        std::sort(firsts[i].begin(), firsts[i].end());
        std::sort(totals[i].begin(), totals[i].end());
        result.indices[i].first_low = quantile(firsts[i], 0.025);
        result.indices[i].first_high = quantile(firsts[i], 0.975);
        result.indices[i].total_low = quantile(totals[i], 0.025);
        result.indices[i].total_high = quantile(totals[i], 0.975);
    }
    return result;
}

std::vector<std::vector<double>> space_filling_points(int inputs, int count) {
    return sobol_points(std::max(1, inputs), count);
}

} // namespace carecast::batch
