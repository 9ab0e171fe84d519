// The leadership pipeline: promotion driven by open posts, "held or working towards"
// entry qualifications, and moves that leave a vacancy behind.
#include "test_support.hpp"

#include <carecast/model/scenario_loader.hpp>
#include <carecast/sim/simulation.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>

using namespace carecast;

namespace {

model::Scenario load_text(const std::string& text) {
    return test::parse_valid(text, "pipeline-test.toml");
}

// Workers below one leadership role that only promotion can fill.
std::string ladder(double lead_posts, const std::string& lead_extra = "",
                   const std::string& more = "") {
    return fmt::format(R"(
[scenario]
name = "ladder"
horizon_months = 24
seed = 11
[retirement]
from_age = [99]
annual_hazard = [0.0]
max_age = 100
[[areas]]
name = "Here"
share = 1.0
[[roles]]
name = "worker"
group = "direct care"
level = "front-line worker"
filled = 20000
vacancy_rate = 0.0
turnover = 0.1
matching_efficiency = 1.0
supply_domestic = 300
[[roles]]
name = "lead"
group = "managerial"
level = "front-line leader"
filled = 100
posts = {}
turnover = 0.1
matching_efficiency = 1.0
{}
[[edges]]
from = "worker"
to = "lead"
kind = "promotion"
monthly_rate = 0.05
{}
)",
                       lead_posts, lead_extra, more);
}

// Posts that leads left in a month (out of the sector, retired or to another employer):
// open that month on top of those open at the start.
std::int64_t leads_left(const sim::Results& r, int m) {
    sim::Selection lead;
    lead.role = 1;
    return r.total(m, lead).job_leavers();
}

std::int64_t promoted_into(const sim::Results& r, model::RoleId role, int from, int to) {
    sim::Selection one;
    one.role = role;
    std::int64_t sum = 0;
    for (int m = from; m <= to; ++m) {
        sum += r.total(m, one).starters_promoted;
    }
    return sum;
}

} // namespace

TEST_CASE("promotions rise with the open posts above a large ready pool") {
    // 20,000 workers, each taking an open post above with a 5% chance a month: about
    // 1,000 willing a month, far more than either count of open posts.
    const auto fewer = sim::run(test::valid(load_text(ladder(200))), {2, 0});
    const auto more = sim::run(test::valid(load_text(ladder(400))), {2, 0});
    // Hires are matched from the open posts and the seekers (the willing, leads between
    // jobs, recruits): with seekers far more than posts, every open post is filled, and
    // by the promoted in proportion to their number.
    sim::Selection lead;
    lead.role = 1;
    const auto a = promoted_into(fewer, 1, 1, 1);
    const auto b = promoted_into(more, 1, 1, 1);
    INFO("promoted in month 1 with 100 open posts: " << a << ", with 300: " << b);
    // (Each source's hires are rounded by a draw of its own: together at most two short.)
    CHECK(fewer.total(1, lead).starters() >= 100 + leads_left(fewer, 1) - 2);
    CHECK(fewer.total(1, lead).starters() <= 100 + leads_left(fewer, 1));
    CHECK(more.total(1, lead).starters() >= 300 + leads_left(more, 1) - 2);
    CHECK(more.total(1, lead).starters() <= 300 + leads_left(more, 1));
    CHECK(b > 2.5 * a);
    // Capped by the willing ready pool when posts outnumber it.
    const auto flood = sim::run(test::valid(load_text(ladder(20'100))), {2, 0});
    const auto c = promoted_into(flood, 1, 1, 1);
    CHECK(c > 850);
    CHECK(c < 1150);
}

TEST_CASE("a share of leadership hires goes first to candidates from outside the sector") {
    // 200 open lead posts in month 1, a large ready pool, 100 external recruits a month.
    const std::string supply = "supply_domestic = 100";
    const auto none = sim::run(test::valid(load_text(ladder(300, supply))), {2, 0});
    const auto quarter = sim::run(
        test::valid(load_text(ladder(300, supply + "\nexternal_first_share = 0.25"))), {2, 0});
    sim::Selection lead;
    lead.role = 1;
    // Without a first share, recruits are matched like the others: in proportion to
    // their number among about 1,000 willing workers and 100 recruits.
    const auto matched = none.total(1, lead).starters_external;
    CHECK(matched > 0);
    CHECK(matched < 200 / 5);
    CHECK(none.total(1, lead).starters() >= 200 + leads_left(none, 1) - 2);
    // A quarter of the hires go to recruits first, then they compete for the rest.
    const std::int64_t open = 200 + leads_left(quarter, 1);
    const auto first = quarter.total(1, lead).starters_external;
    CHECK(first >= open / 4);
    CHECK(first <= (open + 3) / 4 + matched + 10);
    CHECK(quarter.total(1, lead).starters() >= open - 2);
    // The same posts are filled either way; only who fills them differs.
    CHECK(quarter.total(1, lead).filled == none.total(1, lead).filled);
    // Limited by external supply: 10 a month give 10, the rest go to internal candidates.
    const auto scarce = sim::run(
        test::valid(load_text(ladder(300, "supply_domestic = 10\nexternal_first_share = 0.25"))),
        {2, 0});
    CHECK(scarce.total(1, lead).starters_external == 10);
    CHECK(scarce.total(1, lead).starters() >= 200 + leads_left(scarce, 1) - 2);
}

TEST_CASE("an appointee working towards the entry qualification is enrolled and gains it") {
    const std::string towards = R"(entry_requires = "certificate"
entry_within_months = 12)";
    const std::string programme = R"(
[[programmes]]
name = "certificate course"
eligible = ["lead"]
cost_per_place = 500
duration_months = 6
completion_rate = 1.0
grants = "certificate")";
    const auto s = load_text(ladder(300, towards, programme));
    const auto r = sim::run(test::valid(s), {2, 0});
    // Nobody below holds the certificate: every appointee is enrolled on appointment.
    const auto appointed = promoted_into(r, 1, 1, 1);
    CHECK(appointed == 200 + leads_left(r, 1));
    CHECK(r.programme(1, 0).enrolled_on_appointment == appointed);
    CHECK(r.programme(1, 0).spend_baseline == Approx(appointed * 500.0));
    // Six months on, those still in post have completed it.
    sim::Selection lead;
    lead.role = 1;
    CHECK(r.total(6, lead).trained == 0);
    CHECK(r.total(7, lead).trained > 150);
    std::int64_t completions = 0;
    for (int m = 1; m <= 7; ++m) {
        completions += r.total(m, lead).programme_completions;
    }
    CHECK(completions >= r.total(7, lead).trained);
    CHECK(completions <= appointed);

    // Required outright, with no route to the certificate: nobody is appointed.
    const auto outright = sim::run(
        test::valid(load_text(ladder(300, R"(entry_requires = "certificate")", programme))),
        {2, 0});
    CHECK(promoted_into(outright, 1, 1, 24) == 0);
}

TEST_CASE("a move leaves a vacancy that is then filled") {
    const std::string text = R"(
[scenario]
name = "movers"
horizon_months = 6
seed = 3
[workforce]
months_between_jobs = 1
[retirement]
from_age = [99]
annual_hazard = [0.0]
max_age = 100
[[areas]]
name = "Here"
share = 1.0
[[roles]]
name = "worker"
group = "direct care"
level = "front-line worker"
filled = 10000
vacancy_rate = 0.0
turnover = 0.24
within_sector_share = 1.0
matching_efficiency = 1.0
supply_domestic = 0.01
)";
    const auto r = sim::run(test::valid(load_text(text)), {2, 0});
    const auto m0 = r.total(0, {});
    const auto m1 = r.total(1, {});
    const auto m2 = r.total(2, {});
    // At month 0 a month's movers are between jobs, free to start in month 1.
    CHECK(m0.between_jobs > 150);
    CHECK(m1.leavers_moved > 150);
    // Those take the posts open in month 1, as many as there are people or posts.
    CHECK(m1.starters_moved == std::min(m0.between_jobs, m0.vacancies() + m1.leavers_moved));
    CHECK(m1.between_jobs ==
          m0.between_jobs - m1.starters_moved + m1.leavers_moved - m1.left_between_jobs);
    // Every post is filled or vacant: this month's movers left vacancies behind.
    CHECK(m1.vacancies() == m1.leavers_moved - m1.starters_moved + m0.vacancies());
    // In month 2 those still between jobs take the open posts, longest waiting first:
    // as many as there are people or posts, whichever is fewer.
    const auto waiting =
        m0.between_jobs - m1.starters_moved + m1.leavers_moved - m2.left_between_jobs;
    const auto open = m1.vacancies() + m2.leavers_moved;
    CHECK(m2.starters_moved == std::min(waiting, open));
    CHECK(m1.leavers_exit == 0);
}

TEST_CASE("halving job-to-job moves lowers the vacancy rate when supply is limited") {
    model::Scenario base = test::load_valid("tests/scenarios/small.toml");
    base.months_between_jobs = 1;
    // Halve the moves and keep the exits: turnover T(1 - w/2), within share (w/2)/(1 - w/2).
    model::Scenario halved = base;
    for (auto& role : halved.roles) {
        const double w = role.within_sector_share;
        role.turnover = role.turnover * (1 - w / 2);
        role.within_sector_share = (w / 2) / (1 - w / 2);
    }
    model::derive_rates(halved);
    const auto a = sim::run(test::valid(base), {2, 0});
    const auto b = sim::run(test::valid(halved), {2, 0});
    double mean_a = 0;
    double mean_b = 0;
    for (int m = 1; m <= base.horizon_months; ++m) {
        mean_a += *a.vacancy_rate(m, {}) / base.horizon_months;
        mean_b += *b.vacancy_rate(m, {}) / base.horizon_months;
    }
    INFO("mean vacancy rate over 3 years: " << mean_a << " with moves, " << mean_b << " halved");
    CHECK(mean_b < mean_a - 0.002);
}

TEST_CASE("nobody is enrolled on a programme whose only grant they hold") {
    // Every lead already holds the certificate: no place can be taken.
    const std::string extra = R"(qualified_share = { "certificate" = 1.0 })";
    const std::string programme = R"(
[[programmes]]
name = "certificate course"
eligible = ["lead"]
baseline_places_per_year = 120
cost_per_place = 500
duration_months = 6
grants = "certificate")";
    // No promotions (rate 0), so the leads are the month-0 holders.
    std::string text = ladder(100, extra, programme);
    text.replace(text.find("monthly_rate = 0.05"), 19, "monthly_rate = 0.00");
    const auto r = sim::run(test::valid(load_text(text)), {2, 0});
    for (int m = 1; m <= 12; ++m) {
        CHECK(r.programme(m, 0).enrolled_baseline == 0);
        CHECK(r.programme(m, 0).unfilled() == 10);
    }
}
