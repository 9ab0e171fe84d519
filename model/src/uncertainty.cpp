#include <carecast/model/scenario_edit.hpp>
#include <carecast/model/uncertainty.hpp>

#include <boost/math/distributions/normal.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace carecast::model {

const char* to_string(Distribution distribution) {
    switch (distribution) {
    case Distribution::Uniform:
        return "uniform";
    case Distribution::Triangular:
        return "triangular";
    case Distribution::Normal:
        return "normal";
    }
    return "?";
}

double ParameterRange::at(double u) const {
    u = std::clamp(u, 0.0, 1.0);
    if (high <= low) {
        return low;
    }
    switch (distribution) {
    case Distribution::Uniform:
        return low + u * (high - low);
    case Distribution::Triangular: {
        const double split = (mode - low) / (high - low);
        return u < split ? low + std::sqrt(u * (high - low) * (mode - low))
                         : high - std::sqrt((1 - u) * (high - low) * (high - mode));
    }
    case Distribution::Normal: {
        if (sd <= 0) {
            return std::clamp(value, low, high);
        }
        const boost::math::normal_distribution<double> normal(value, sd);
        const double from = boost::math::cdf(normal, low);
        const double to = boost::math::cdf(normal, high);
        const double p = from + u * (to - from);
        if (p <= 0 || p >= 1) {
            return p <= 0 ? low : high; // the cut lies far in a tail
        }
        return std::clamp(boost::math::quantile(normal, p), low, high);
    }
    }
    return value;
}

std::vector<ParameterRange> parameter_ranges(const Scenario& s) {
    std::vector<ParameterRange> out;
    for (const auto& u : s.uncertainties) {
        ParameterRange r;
        r.key = u.key;
        r.distribution = u.distribution;
        r.value = get_parameter(s, u.key).value_or(0);
        const double scale = u.relative ? r.value : 1.0;
        r.low = std::min(u.low * scale, u.high * scale);
        r.high = std::max(u.low * scale, u.high * scale);
        r.mode = u.mode ? *u.mode * scale : r.value;
        r.sd = std::abs(u.sd * scale);
        r.source = u.source;
        out.push_back(r);
    }
    return out;
}

std::string describe(const ParameterRange& r, bool relative) {
    std::string shape = to_string(r.distribution);
    if (r.distribution == Distribution::Triangular) {
        shape += fmt::format(" (mode {:g})", r.mode);
    } else if (r.distribution == Distribution::Normal) {
        shape += fmt::format(" (sd {:g})", r.sd);
    }
    std::string text = fmt::format("{:g} in [{:g}, {:g}], {}", r.value, r.low, r.high, shape);
    if (relative && r.value != 0) {
        text += fmt::format(", x{:g}-{:g} of the value", r.low / r.value, r.high / r.value);
    }
    return text;
}

} // namespace carecast::model
