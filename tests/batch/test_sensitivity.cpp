// Global sensitivity: the designs and estimators against functions whose indices are
// known, then carecast's own analysis on small scenarios.
#include <carecast/batch/sensitivity.hpp>
#include <carecast/batch/uncertain_ensemble.hpp>
#include <carecast/model/scenario_edit.hpp>

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

using namespace carecast;

namespace {

std::vector<double> evaluate(const std::vector<std::vector<double>>& points, auto f) {
    std::vector<double> y;
    for (const auto& p : points) {
        y.push_back(f(p));
    }
    return y;
}

} // namespace

TEST_CASE("Sobol' indices of the Ishigami function are recovered") {
    // Ishigami and Homma (1990), a = 7, b = 0.1, inputs uniform on [-pi, pi]: known
    // first-order 0.314, 0.442, 0 and total-order 0.558, 0.442, 0.244.
    const auto design = batch::saltelli_design(3, 8192);
    const auto y = evaluate(design.points, [](const std::vector<double>& u) {
        const double pi = std::numbers::pi;
        const double x1 = -pi + 2 * pi * u[0];
        const double x2 = -pi + 2 * pi * u[1];
        const double x3 = -pi + 2 * pi * u[2];
        return std::sin(x1) + 7 * std::sin(x2) * std::sin(x2) +
               0.1 * std::pow(x3, 4) * std::sin(x1);
    });
    const auto result = batch::sobol_indices(design, y, 200, 7);
    const auto& s = result.indices;
    CHECK(s[0].first == Approx(0.3139).margin(0.03));
    CHECK(s[1].first == Approx(0.4424).margin(0.03));
    CHECK(s[2].first == Approx(0.0).margin(0.03));
    CHECK(s[0].total == Approx(0.5576).margin(0.03));
    CHECK(s[1].total == Approx(0.4424).margin(0.03));
    CHECK(s[2].total == Approx(0.2437).margin(0.03));
    CHECK(result.variance == Approx(13.845).epsilon(0.03)); // a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2
    for (const auto& index : s) {
        CHECK(index.total_low <= index.total);
        CHECK(index.total <= index.total_high);
        CHECK(index.total_high - index.total_low < 0.1);
    }
}

TEST_CASE("a linear model's indices are its terms' shares of the variance") {
    // y = 4 x1 + 2 x2 + x3 on uniform inputs: shares 16/21, 4/21, 1/21, no interactions.
    const auto design = batch::saltelli_design(3, 2048);
    const auto y = evaluate(
        design.points, [](const std::vector<double>& u) { return 4 * u[0] + 2 * u[1] + u[2]; });
    const auto s = batch::sobol_indices(design, y, 0, 1).indices;
    CHECK(s[0].first == Approx(16.0 / 21).margin(0.01));
    CHECK(s[1].first == Approx(4.0 / 21).margin(0.01));
    CHECK(s[2].first == Approx(1.0 / 21).margin(0.01));
    for (const auto& index : s) {
        CHECK(index.total == Approx(index.first).margin(0.01));
    }
}

TEST_CASE("Morris screening ranks a dominant input first and a dead one last") {
    const auto design = batch::morris_design(4, 12, 4, 3);
    REQUIRE(design.points.size() == 12 * 5);
    for (const auto& p : design.points) {
        for (double u : p) {
            REQUIRE(u >= 0);
            REQUIRE(u <= 1 + 1e-12);
        }
    }
    const auto y = evaluate(design.points, [](const std::vector<double>& u) {
        return 10 * u[2] + u[0] * u[1] - 2 * u[0];
    });
    const auto effects = batch::morris_effects(design, y);
    CHECK(effects[2].mu_star == Approx(10));
    CHECK(effects[2].sigma == Approx(0).margin(1e-9)); // linear: every effect alike
    CHECK(effects[3].mu_star == 0);
    CHECK(effects[0].mu < 0);    // -2 + u1 < 0 on [0, 1]
    CHECK(effects[0].sigma > 0); // its effect depends on u1: an interaction
    CHECK(effects[1].mu_star < effects[0].mu_star);
}

namespace {

// The small test scenario with two declared inputs: demand growth, which moves care
// worker vacancies, and the pay elasticity, which cannot while relative pay stays 1.
model::ValidScenario small_with_uncertainty(double growth_low, double growth_high) {
    auto s = test::load_valid("tests/scenarios/small.toml");
    s.uncertainties.push_back({"demand.annual_growth", model::Distribution::Uniform, false,
                               growth_low, growth_high, std::nullopt, 0, "assumption: a test"});
    s.uncertainties.push_back({"labour_market.pay_elasticity", model::Distribution::Uniform, false,
                               1, 5, std::nullopt, 0, "assumption: a test"});
    return test::valid(s);
}

batch::SensitivityJob small_job(int threads) {
    batch::SensitivityJob job(small_with_uncertainty(0, 0.05));
    auto goal = batch::parse_output("vacancy_rate, care worker, year 3", *job.base);
    REQUIRE(std::holds_alternative<model::Goal>(goal));
    job.outputs.push_back(std::get<model::Goal>(goal));
    job.trajectories = 6;
    job.samples = 128;
    job.bootstrap = 100;
    job.verify_inputs = 1;
    job.verify_replicates = 2;
    job.threads = threads;
    return job;
}

} // namespace

TEST_CASE("an output that depends on one declared input gives it the whole index") {
    const auto result = batch::run_sensitivity(small_job(1));
    REQUIRE(result.inputs.size() == 2);
    REQUIRE(result.sobol_inputs.size() == 2);
    const auto growth = result.sobol_of(0, 0);
    const auto pay = result.sobol_of(0, 1);
    CAPTURE(growth->total, pay->total, growth->first);
    CHECK(growth->total > 0.95);
    CHECK(growth->first > 0.9);
    CHECK(pay->total < 0.01);
    CHECK(result.morris[0][1].mu_star == Approx(0).margin(1e-12));
    CHECK(result.ranking(0).front() == 0);
    // The tornado's bars: growth at its ends either side of the central value, pay none.
    CHECK(result.swing_low[0][0] < result.central[0]);
    CHECK(result.central[0] < result.swing_high[0][0]);
    CHECK(result.swing_low[0][1] == result.central[0]);
    CHECK(result.swing_high[0][1] == result.central[0]);
    // The agents agree on the sign: faster growth, more care worker vacancies.
    REQUIRE(result.checks.size() == 1);
    CHECK(result.checks[0].twin_high > result.checks[0].twin_low);
    CHECK(result.checks[0].difference_low > 0);
    const auto words = batch::sensitivity_report(result);
    CHECK(words.find("The care worker vacancy rate in 2027 depends most on demand.annual_growth") !=
          std::string::npos);
}

TEST_CASE("a sensitivity analysis gives the same bytes on 1 and 2 threads", "[threads]") {
    const auto one = batch::run_sensitivity(small_job(1));
    const auto two = batch::run_sensitivity(small_job(2));
    CHECK(batch::sensitivity_csv(one) == batch::sensitivity_csv(two));
    CHECK(batch::sensitivity_report(one) == batch::sensitivity_report(two));
}

TEST_CASE("a scenario without declared uncertainty is refused with what to add") {
    batch::SensitivityJob job(test::valid(test::load_valid("tests/scenarios/small.toml")));
    job.outputs.push_back(
        std::get<model::Goal>(batch::parse_output("vacancy_rate, all, year 1", *job.base)));
    try {
        (void)batch::run_sensitivity(job);
        FAIL("no exception");
    } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()).find("[[uncertainty]]") != std::string::npos);
    }
}

TEST_CASE("declared ranges follow their value when relative, and draw within their bounds") {
    auto s = test::load_valid("tests/scenarios/small.toml");
    s.uncertainties.push_back({"roles.care worker.supply_domestic", model::Distribution::Triangular,
                               true, 0.5, 1.5, std::nullopt, 0, "assumption"});
    s.uncertainties.push_back({"demand.annual_growth", model::Distribution::Normal, false, 0.01,
                               0.03, std::nullopt, 0.01, "assumption"});
    REQUIRE(!model::set_parameter(s, "roles.care worker.supply_domestic", 400));
    const auto ranges = model::parameter_ranges(s);
    CHECK(ranges[0].low == Approx(200));
    CHECK(ranges[0].high == Approx(600));
    CHECK(ranges[0].mode == Approx(400)); // the value, where no mode is given
    CHECK(ranges[0].at(0.5) == Approx(400));
    CHECK(ranges[0].at(0.125) == Approx(300)); // 200 + sqrt(0.125 * 400 * 200)
    CHECK(ranges[1].at(0.5) == Approx(0.02));  // cut evenly: the median is the value
    // Half a standard deviation up: Phi(0.5) = 0.691462 of the normal, within the cut's
    // Phi(-1) = 0.158655 to Phi(1) = 0.841345.
    CHECK(ranges[1].at((0.691462 - 0.158655) / (0.841345 - 0.158655)) == Approx(0.025));
    CHECK(ranges[1].at(0) == Approx(0.01));
    CHECK(ranges[1].at(1) == Approx(0.03));
    for (double u = 0; u <= 1; u += 0.05) {
        CHECK(ranges[1].at(u) >= 0.01);
        CHECK(ranges[1].at(u) <= 0.03);
    }
}

TEST_CASE("declared uncertainty survives the writer and is merged by key through extends") {
    const auto england = test::england();
    REQUIRE(england.uncertainties.size() >= 12);
    const auto again = model::parse_scenario(model::to_toml(england), "england-again.toml");
    REQUIRE(again.ok());
    const auto& back = (*again.scenario)->uncertainties;
    REQUIRE(back.size() == england.uncertainties.size());
    for (std::size_t i = 0; i < back.size(); ++i) {
        CHECK(back[i].key == england.uncertainties[i].key);
        CHECK(back[i].distribution == england.uncertainties[i].distribution);
        CHECK(back[i].relative == england.uncertainties[i].relative);
        CHECK(back[i].low == england.uncertainties[i].low);
        CHECK(back[i].high == england.uncertainties[i].high);
        CHECK(back[i].source == england.uncertainties[i].source);
    }

    const model::ParentReader read_parent = [](const std::string& name, const std::string&) {
        return model::ParentScenario{
            "extends = \"small.toml\"\n"
            "[[uncertainty]]\nkey = \"demand.annual_growth\"\nrange = [0.0, 0.04]\n"
            "source = \"assumption: parent\"\n"
            "[[uncertainty]]\nkey = \"workforce.readiness_per_month\"\nrange = [0.5, 1.5]\n"
            "source = \"assumption: parent\"\n",
            name, std::nullopt};
    };
    const model::ParentReader read_small = [&](const std::string& name, const std::string& from) {
        if (name == "small.toml") {
            return model::ParentScenario{
                test::read_file(test::source_path("tests/scenarios/small.toml")), name,
                std::nullopt};
        }
        return read_parent(name, from);
    };
    const std::string child = "extends = \"parent.toml\"\n"
                              "[[uncertainty]]\nkey = \"demand.annual_growth\"\n"
                              "factor = [0.5, 2]\ndistribution = \"triangular\"\n"
                              "source = \"assumption: child\"\n";
    const auto merged = model::parse_scenario(child, "child.toml", {}, read_small);
    for (const auto& e : merged.errors) {
        UNSCOPED_INFO(e.to_string());
    }
    REQUIRE(merged.ok());
    const auto ranges = model::parameter_ranges(**merged.scenario);
    REQUIRE(ranges.size() == 2);
    CHECK(ranges[0].key == "demand.annual_growth"); // replaced where the parent had it
    CHECK(ranges[0].distribution == model::Distribution::Triangular);
    CHECK(ranges[0].low == Approx(0.01));
    CHECK(ranges[0].high == Approx(0.04));
    CHECK(ranges[0].source == "assumption: child");
    CHECK(ranges[1].key == "workforce.readiness_per_month");
}

TEST_CASE("an output's spread is split into the assumptions' and chance's variance") {
    // Two sets, three replicates each: set means 1 and 3 (variance between 1), each set
    // spread -1, 0, +1 about its mean (variance within 2/3).
    const std::vector<double> values{0, 1, 2, 2, 3, 4};
    const auto spread = batch::spread_sources(values, 3);
    CHECK(spread.mean == Approx(2));
    CHECK(spread.assumptions_variance == Approx(1));
    CHECK(spread.chance_variance == Approx(2.0 / 3));
    CHECK(spread.assumptions_share() == Approx(0.6));
    CHECK(spread.chance_p5 == Approx(0.1));
    CHECK(spread.chance_p95 == Approx(1.9));
    // One set of identical replicates: nothing to split.
    CHECK(batch::spread_sources({5, 5, 5}, 3).assumptions_share() == 0);
}

TEST_CASE("parameter sets come from the declared ranges, and zero-width ranges give one") {
    auto s = test::load_valid("tests/scenarios/small.toml");
    s.uncertainties.push_back({"demand.annual_growth", model::Distribution::Uniform, false, 0.01,
                               0.03, std::nullopt, 0, "assumption"});
    const auto sets = batch::draw_parameter_sets(s, 16);
    REQUIRE(sets.size() == 16);
    double low = 1;
    double high = 0;
    for (const auto& set : sets) {
        REQUIRE(set.values.size() == 1);
        low = std::min(low, set.values[0].value);
        high = std::max(high, set.values[0].value);
    }
    CHECK(low >= 0.01);
    CHECK(high <= 0.03);
    CHECK(high - low > 0.015); // space-filling: the range is covered
    s.uncertainties[0].low = s.uncertainties[0].high = 0.02;
    CHECK(batch::draw_parameter_sets(s, 16).size() == 1);
}
