// The readable end-of-run summary the command line prints.
#pragma once

#include <carecast/model/scenario.hpp>
#include <carecast/sim/results.hpp>

#include <string>
#include <vector>

namespace carecast::io {

struct LeadershipBench {
    std::string role;
    double bench_strength;
};

// Leadership roles by bench strength at the last month, weakest first.
std::vector<LeadershipBench> weakest_benches(const model::Scenario& scenario,
                                             const sim::Results& results);

std::string summary(const model::Scenario& scenario, const sim::Results& results);

} // namespace carecast::io
