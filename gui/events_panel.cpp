// Policy events in the window: a list of the scenario's events with Edit and Remove,
// and a form to add one. Every change goes through the loader's checks (overlaps,
// dates outside the run, values out of range) before the scenario changes.
#include "panels.hpp"

#include <carecast/model/scenario_edit.hpp>

#include <imgui.h>

#include <fmt/format.h>

#include <algorithm>

namespace carecast::gui {
namespace {

// The keys an event may change: parameter_keys' forms with alternatives written out,
// less the scenario's own (horizon, seed), which cannot change during a run.
std::vector<std::string> event_parameters(const model::Scenario& s) {
    std::vector<std::string> keys;
    for (const auto& key : model::parameter_keys(s)) {
        if (key.rfind("scenario.", 0) == 0) {
            continue;
        }
        const auto open = key.find('<');
        const auto close = key.find('>', open);
        if (open == std::string::npos || close == std::string::npos) {
            keys.push_back(key);
            continue;
        }
        const std::string head = key.substr(0, open);
        std::string options = key.substr(open + 1, close - open - 1);
        std::size_t start = 0;
        while (start <= options.size()) {
            const auto bar = options.find('|', start);
            keys.push_back(head + options.substr(start, bar - start));
            if (bar == std::string::npos) {
                break;
            }
            start = bar + 1;
        }
    }
    return keys;
}

struct EventForm {
    char name[96] = "New event";
    int year = 0;
    int month = 1;
    int parameter = 0;
    bool multiply = false;
    double value = 1.0;
    int ramp_months = 1;
    int editing = -1; // index of the event being edited; -1: a new one
};

EventForm& form() {
    static EventForm f;
    return f;
}

std::string describe(const model::Scenario& s, const model::Event& e) {
    const std::string date =
        fmt::format("{:04}-{:02}", s.start_year + (e.month - 1) / 12, (e.month - 1) % 12 + 1);
    const std::string change =
        e.multiply ? fmt::format("x {:g}", *e.multiply) : fmt::format("= {:g}", *e.value);
    return fmt::format("{}: {} {}{}", date, model::parameter_words(e.parameter), change,
                       e.ramp_months > 1 ? fmt::format(" over {} months", e.ramp_months) : "");
}

} // namespace

namespace {

// The scenario's events, each with Edit (fills the form) and Remove; the index of the one
// to remove, or -1.
int draw_event_list(const model::Scenario& base, EventForm& f) {
    if (base.events.empty()) {
        ImGui::TextDisabled("No events: every rate holds for the whole run.");
    }
    int remove = -1;
    for (std::size_t i = 0; i < base.events.size(); ++i) {
        const auto& e = base.events[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::TextWrapped("%s", e.name.c_str());
        ImGui::TextDisabled("  %s", describe(base, e).c_str());
        if (ImGui::SmallButton("Edit")) {
            f.editing = static_cast<int>(i);
            fmt::format_to_n(f.name, sizeof f.name - 1, "{}", e.name).out[0] = '\0';
            const auto keys = event_parameters(base);
            const auto at = std::find(keys.begin(), keys.end(), e.parameter);
            f.parameter = at == keys.end() ? 0 : static_cast<int>(at - keys.begin());
            f.year = base.start_year + (e.month - 1) / 12;
            f.month = (e.month - 1) % 12 + 1;
            f.multiply = e.multiply.has_value();
            f.value = e.multiply ? *e.multiply : e.value.value_or(0);
            f.ramp_months = e.ramp_months;
        }
        ImGui::SameLine();
        if (ImGui::SmallButton("Remove")) {
            remove = static_cast<int>(i);
        }
        ImGui::PopID();
    }
    return remove;
}

// The width that leaves room for the label and no more, so a parameter's words are not cut.
float wide_item(const char* label) {
    return ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize(label).x -
           ImGui::GetStyle().ItemInnerSpacing.x - 4;
}

// The parameter an event changes, named in words (the key on hover).
void draw_parameter_choice(const model::Scenario& base, const std::vector<std::string>& keys,
                           EventForm& f) {
    f.parameter = std::clamp(f.parameter, 0, std::max(0, static_cast<int>(keys.size()) - 1));
    ImGui::SetNextItemWidth(wide_item("parameter"));
    if (keys.empty() ||
        !ImGui::BeginCombo(
            "parameter",
            model::parameter_words(keys[static_cast<std::size_t>(f.parameter)]).c_str())) {
        return;
    }
    for (std::size_t k = 0; k < keys.size(); ++k) {
        ImGui::PushID(static_cast<int>(k));
        const bool picked = ImGui::Selectable(model::parameter_words(keys[k]).c_str(),
                                              static_cast<int>(k) == f.parameter);
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("%s (the key --set and scenario files use)", keys[k].c_str());
        }
        ImGui::PopID();
        if (picked) {
            f.parameter = static_cast<int>(k);
            // Start from the value in force, so "set to" begins where it is.
            f.value = f.multiply ? 1.0 : model::get_parameter(base, keys[k]).value_or(0);
        }
    }
    ImGui::EndCombo();
}

// The form; the scenario's events with the form's event added or edited in, when its
// button was pressed.
std::optional<std::vector<model::Event>> draw_form(const model::Scenario& base, EventForm& f) {
    ImGui::TextUnformatted(f.editing >= 0 ? "Edit the event" : "Add an event");
    ImGui::SetNextItemWidth(wide_item("name"));
    ImGui::InputText("name", f.name, sizeof f.name);
    ImGui::SetNextItemWidth(90);
    ImGui::InputInt("year", &f.year);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(80);
    ImGui::InputInt("month", &f.month);
    f.month = std::clamp(f.month, 1, 12);
    const auto keys = event_parameters(base);
    draw_parameter_choice(base, keys, f);
    if (ImGui::RadioButton("set to", !f.multiply)) {
        f.multiply = false;
    }
    ImGui::SameLine();
    if (ImGui::RadioButton("multiply by", f.multiply)) {
        f.multiply = true;
    }
    ImGui::InputDouble("value", &f.value, 0, 0, "%.4g");
    ImGui::SetNextItemWidth(90);
    ImGui::InputInt("ramp months", &f.ramp_months);
    f.ramp_months = std::max(1, f.ramp_months);
    std::optional<std::vector<model::Event>> pending;
    if (ImGui::Button(f.editing >= 0 ? "Save event" : "Add event") && !keys.empty()) {
        model::Event e;
        e.name = f.name;
        e.parameter = keys[static_cast<std::size_t>(f.parameter)];
        e.month = (f.year - base.start_year) * 12 + f.month;
        if (f.multiply) {
            e.multiply = f.value;
        } else {
            e.value = f.value;
        }
        e.ramp_months = f.ramp_months;
        auto events = base.events;
        if (f.editing >= 0 && f.editing < static_cast<int>(events.size())) {
            events[static_cast<std::size_t>(f.editing)] = e;
        } else {
            events.push_back(e);
        }
        pending = std::move(events);
    }
    if (f.editing >= 0) {
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) {
            f.editing = -1;
        }
    }
    return pending;
}

} // namespace

void draw_events(App& app) {
    const model::Scenario& base = app.base();
    EventForm& f = form();
    static std::uint64_t seen = 0;
    if (seen != app.loads) {
        f = EventForm{}; // a new scenario: the form starts afresh
        seen = app.loads;
    }
    if (f.year == 0) {
        f.year = base.start_year + 1;
    }
    const int remove = draw_event_list(base, f);
    ImGui::Separator();
    if (auto pending = draw_form(base, f)) {
        const auto error = app.set_events(std::move(*pending));
        app.event_error = error.value_or("");
        if (!error) {
            f.editing = -1;
        }
        return; // the scenario changed under `base`
    }
    // Last: a change replaces the scenario `base` refers to.
    if (remove >= 0) {
        auto events = base.events;
        events.erase(events.begin() + remove);
        f.editing = -1;
        app.event_error = app.set_events(events).value_or("");
    }
    if (!app.event_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(200, 40, 40, 255));
        ImGui::TextWrapped("Not changed: %s", app.event_error.c_str());
        ImGui::PopStyleColor();
    }
}

} // namespace carecast::gui
