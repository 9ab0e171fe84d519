#include "test_support.hpp"

#include <carecast/model/markov_twin.hpp>

#include <catch2/catch.hpp>

using namespace carecast;

namespace {

// A textbook 3-grade hierarchy: monthly stay / promote, the rest leave.
Eigen::MatrixXd three_grades() {
    Eigen::MatrixXd q(3, 3);
    q << 0.80, 0.10, 0.00, //
        0.00, 0.85, 0.05,  //
        0.00, 0.00, 0.90;
    return q;
}

} // namespace

TEST_CASE("textbook: one month of n(t+1) = n(t) Q + r, by hand") {
    Eigen::RowVectorXd n0(3);
    n0 << 100, 50, 20;
    Eigen::RowVectorXd r(3);
    r << 20, 0, 0;
    const auto stocks = model::project_push(three_grades(), n0, r, 2);
    // Grade 1: 100 x 0.8 + 20; grade 2: 100 x 0.1 + 50 x 0.85; grade 3: 50 x 0.05 + 20 x 0.9.
    CHECK(stocks(1, 0) == Approx(100.0));
    CHECK(stocks(1, 1) == Approx(52.5));
    CHECK(stocks(1, 2) == Approx(20.5));
    // Month 2 from month 1: 100 x 0.8 + 20; 100 x 0.1 + 52.5 x 0.85; 52.5 x 0.05 + 20.5 x 0.9.
    CHECK(stocks(2, 0) == Approx(100.0));
    CHECK(stocks(2, 1) == Approx(54.625));
    CHECK(stocks(2, 2) == Approx(21.075));
}

TEST_CASE("textbook: fundamental matrix, by hand") {
    const Eigen::MatrixXd n = model::fundamental_matrix(three_grades());
    // (I - Q) is upper triangular: N11 = 1/0.2, N12 = 0.1 / (0.2 x 0.15), N13 = 0.1 x 0.05 /
    // (0.2 x 0.15 x 0.1), N22 = 1/0.15, N23 = 0.05 / (0.15 x 0.1), N33 = 1/0.1.
    CHECK(n(0, 0) == Approx(5.0));
    CHECK(n(0, 1) == Approx(10.0 / 3));
    CHECK(n(0, 2) == Approx(5.0 / 3));
    CHECK(n(1, 1) == Approx(20.0 / 3));
    CHECK(n(1, 2) == Approx(10.0 / 3));
    CHECK(n(2, 2) == Approx(10.0));
    CHECK(n(1, 0) == Approx(0.0).margin(1e-12));
    CHECK(n.row(0).sum() == Approx(10.0)); // expected months in the sector from grade 1
}

TEST_CASE("textbook: chance and time to reach the top grade, by hand") {
    // From grade 1 half move up (0.1 of the 0.2 that leave grade 1 a month); from grade 2
    // a third (0.05 of 0.15). Time: 1/0.2 months in grade 1, then 1/0.15 in grade 2.
    const auto top = model::reach(three_grades(), 0, 2);
    CHECK(top.probability == Approx(1.0 / 6));
    CHECK(top.expected_months == Approx(5.0 + 20.0 / 3));
    const auto middle = model::reach(three_grades(), 0, 1);
    CHECK(middle.probability == Approx(0.5));
    CHECK(middle.expected_months == Approx(5.0));
    const auto down = model::reach(three_grades(), 2, 0);
    CHECK(down.probability == 0);
}

TEST_CASE("the twin of a push scenario is the closed-form chain") {
    const model::Scenario s = test::load_valid("tests/scenarios/push_three_grades.toml");
    const model::MarkovTwin twin(s);
    const Eigen::MatrixXd q = twin.transition_matrix();
    // Exit e = turnover/12 x (1 - within share); promotion = (1 - e) x rate.
    const double e0 = 0.30 / 12 * 0.5;
    const double e1 = 0.18 / 12 * 0.5;
    CHECK(q(0, 1) == Approx((1 - e0) * 0.004));
    CHECK(q(0, 0) == Approx(1 - e0 - (1 - e0) * 0.004));
    CHECK(q(1, 2) == Approx((1 - e1) * 0.006));
    CHECK(q(2, 2) == Approx(1 - 0.15 / 12 * 0.4));

    // Its projection equals n(t+1) = n(t) Q + r with the supply as r.
    Eigen::RowVectorXd n0(3);
    n0 << 4000, 800, 200;
    Eigen::RowVectorXd r(3);
    r << 60, 0, 1.5;
    const auto closed = model::project_push(q, n0, r, 120);
    const auto path = twin.project(120);
    for (int m : {1, 12, 60, 120}) {
        for (model::RoleId role = 0; role < 3; ++role) {
            CHECK(twin.total(path[m].filled, role) == Approx(closed(m, role)).epsilon(1e-9));
        }
    }
}

namespace {

int states_of(const model::MarkovTwin& twin, int programme) {
    int count = 0;
    for (const auto& state : twin.states()) {
        count += state.programme == programme ? 1 : 0;
    }
    return count;
}

} // namespace

TEST_CASE("the twin keeps no states for a programme no one can join, and keeps them for "
          "places that open later in the run") {
    const std::string coaching = "Registered manager coaching and mentoring";
    const model::Scenario england = test::england();
    int p = -1;
    for (std::size_t i = 0; i < england.programmes.size(); ++i) {
        p = england.programmes[i].name == coaching ? static_cast<int>(i) : p;
    }
    REQUIRE(p >= 0);
    REQUIRE(england.programmes[static_cast<std::size_t>(p)].baseline_places_per_year == 0);
    CHECK(states_of(model::MarkovTwin(england), p) == 0);
    CHECK(states_of(model::MarkovTwin(england), 0) > 0); // the care certificate's places

    // Places from April 2027 only (month 28): the twin must hold the programme's months
    // from the start, and people complete it once they have served them.
    const std::string text = test::read_file(test::source_path("scenarios/england.toml")) + R"(
[[events]]
name = "coaching begins"
date = "2027-04"
parameter = "programmes.Registered manager coaching and mentoring.baseline_places_per_year"
value = 600
)";
    const model::Scenario later = test::parse_valid(text, "england-coaching.toml");
    const model::MarkovTwin twin(later);
    const int months = later.programmes[static_cast<std::size_t>(p)].duration_months;
    CHECK(states_of(twin, p) == (months + 1) * 4);
    const auto path = twin.project(60);
    const auto completed = [&](int month) {
        return path[static_cast<std::size_t>(month)].completions[static_cast<std::size_t>(p)];
    };
    CHECK(completed(27) == 0);
    CHECK(completed(28 + months) > 0);
}
