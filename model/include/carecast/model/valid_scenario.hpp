// A scenario that has passed every check of the loader (and its size limits), frozen.
// The engine takes only this type, so a scenario that was never checked, or was
// changed after it was, cannot reach it: every change goes through the one door
// (model::apply_edits), which checks the whole scenario again and issues a new one.
#pragma once

#include <carecast/model/scenario.hpp>

#include <memory>

namespace carecast::model {

class ValidScenario {
  public:
    const Scenario& operator*() const { return *scenario_; }
    const Scenario* operator->() const { return scenario_.get(); }
    const Scenario& get() const { return *scenario_; }

  private:
    // Only the loader issues one (model/src/scenario_loader.cpp).
    friend class ValidScenarioIssuer;
    explicit ValidScenario(Scenario scenario)
        : scenario_(std::make_shared<const Scenario>(std::move(scenario))) {}
    std::shared_ptr<const Scenario> scenario_; // copies share one frozen scenario
};

} // namespace carecast::model
