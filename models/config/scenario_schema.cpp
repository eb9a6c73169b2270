#include "models/config/scenario_schema.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <set>

#include "models/config/config_values.hpp"
#include "models/formats/units.hpp"

namespace bordersim {
namespace {

using K = ValueKind;
constexpr std::optional<double> none = std::nullopt;

// Text lengths in characters: a name fits a table cell, a description a paragraph, a path PATH_MAX.
constexpr int kMaxNameCharacters = 200;
constexpr int kMaxDescriptionCharacters = 2000;
constexpr int kMaxPathCharacters = 4096;
// The busiest road crossings count tens of thousands a day; a million an hour is a wrong unit.
constexpr double kMaxArrivalsPerHour = 1e6;
// Two windows an hour is more than any post keeps; one range a day is every closed day of a year.
constexpr int kMaxDailyWindows = 48;
constexpr int kMaxClosedRanges = 366;

// The one declaration of every scenario key. Order is the order of the docs.
const std::array kSchema = std::to_array<KeySpec>({
    {"scenario", K::Id, "", "", "", none, none, true, false, {}, 0, "Scenario name; it labels every output row."},
    {"description", K::Text, "", "", "empty", none, none, false, false, {}, kMaxDescriptionCharacters,
     "One line saying what the scenario is."},
    {"extends", K::Text, "", "", "none", none, none, false, false, {}, kMaxPathCharacters,
     "Path of a base scenario (relative to this file); this file then states only what differs."},
    {"only", K::TextList, "", "", "every crossing", none, none, false, false, {}, 0,
     "Crossing ids to keep from the merged scenario, e.g. one crossing of the network's base; the others are left out."},
    {"simulation", K::Map, "", "", "", none, none, true, false, {}, 0, "Run settings."},
    {"simulation.horizon", K::Duration, "s", "", "", 0.0, kMaxDuration_s, true, true, {}, 0, "Simulated time per replication."},
    {"simulation.warmup", K::Duration, "s", "0s", "", 0.0, kMaxDuration_s, false, false, {}, 0,
     "Initial time left out of the statistics; must be shorter than the horizon."},
    {"simulation.replications", K::Integer, "", "5", "", 1.0, 10000.0, false, false, {}, 0,
     "Independent replications; intervals are taken over their means."},
    {"simulation.seed", K::Integer, "", "1", "", 0.0, 9.0e15, false, false, {}, 0,
     "Seed from which every named random stream is derived."},
    {"simulation.demand_scale", K::Number, "", "1", "", 0.0, 1000.0, false, true, {}, 0,
     "Factor on every demand rate (growth scenarios)."},
    {"simulation.sample_interval", K::Duration, "s", "1h", "", 0.0, kMaxDuration_s, false, true, {}, 0,
     "Interval of the rows of timeseries.csv."},
    {"simulation.start_date", K::Date, "", "2025-01-01", "", none, none, false, false, {}, 0,
     "Calendar date at time zero; sets weekdays, months and closed date ranges."},
    {"classes", K::List, "", "", "truck, car, bus, pedestrian", none, none, false, false, "id", 0,
     "Classes of traffic; the four built-in ones (pedestrian a person, the others vehicles) may be redefined and more added (merged by id)."},
    {"classes[].id", K::Id, "", "", "", none, none, true, false, {}, 0, "Class name used in demand, lanes and service."},
    {"classes[].length_m", K::Number, "m", "", "", 0.0, 1000.0, true, false, {}, 0,
     "Room one vehicle takes in a queue, gap included; turns queues into kilometres."},
    {"classes[].kind", K::Id, "", "", "", none, none, true, false, {}, 0,
     "vehicle or person: what a queue of the class counts. Outputs never add people to vehicles, and a stage queues one kind."},
    {"classes[].value_of_time_usd_per_hour", K::Number, "USD/h", "", "not costed", 0.0, 1e6, false, false, {}, 0,
     "What an hour of waiting costs, per vehicle-hour (or person-hour): summary.csv and network.csv give the cost of the waits a day. "
     "Built-in truck: 36.28, the US delay cost of a truck, time 31.36 and fuel 4.92 (Texas A&M Transportation Institute 2017) [assumption: "
     "no Kazakh or Kyrgyz figure; IRU uses EUR 55 in Europe]."},
    {"classes[].idle_fuel_l_per_hour", K::Number, "L/h", "", "not counted", 0.0, 1000.0, false, false, {}, 0,
     "Fuel a vehicle of the class burns idling in a queue, per hour: summary.csv and network.csv give the fuel of the waits a day. "
     "Built-in truck 1.85 (a combination truck), bus 3.7 (US DOE Fact #861, 2015) [assumption: long-haul trucks are often quoted near 3]."},
    {"classes[].co2_kg_per_l", K::Number, "kg/L", "", "not counted", 0.0, 100.0, false, false, {}, 0,
     "CO2 equivalent per litre of the class's fuel: turns idle fuel into emissions. Built-in truck and bus 2.66, diesel (UK DEFRA "
     "conversion factors 2024) [assumption: no Kazakh figure]."},
    {"crossings", K::List, "", "", "", none, none, true, false, "id", 0, "The crossings (pairs of border posts)."},
    {"crossings[].id", K::Id, "", "", "", none, none, true, false, {}, 0, "Short name used in outputs and key paths."},
    {"crossings[].name", K::Text, "", "", "the id", none, none, false, false, {}, kMaxNameCharacters, "Full name."},
    {"crossings[].directions", K::List, "", "", "", none, none, true, false, "id", 0, "Directions of travel, e.g. kz_to_kg."},
    {"crossings[].directions[].id", K::Id, "", "", "", none, none, true, false, {}, 0, "Direction name."},
    {"crossings[].directions[].demand", K::List, "", "", "", none, none, true, false, "class", 0,
     "Arrival flows, one per class (merged by class)."},
    {"crossings[].directions[].demand[].class", K::Id, "", "", "", none, none, true, false, {}, 0, "Vehicle class of the flow."},
    {"crossings[].directions[].demand[].per_hour", K::Number, "1/h", "", "", 0.0, kMaxArrivalsPerHour, false, true, {}, 0,
     "Mean arrivals per hour (give this or per_day)."},
    {"crossings[].directions[].demand[].per_day", K::Number, "1/d", "", "", 0.0, 24 * kMaxArrivalsPerHour, false, true, {}, 0,
     "Mean arrivals per day (give this or per_hour)."},
    {"crossings[].directions[].demand[].profile", K::Map, "", "", "flat", none, none, false, false, {}, 0,
     "Weights that shape the rate over the day, week and year; each list is normalised to mean 1."},
    {"crossings[].directions[].demand[].profile.hourly", K::Weights, "", "", "flat", 0.0, kMaxWeight, false, false, {}, 24,
     "24 weights, hour 0 (00:00-01:00) first."},
    {"crossings[].directions[].demand[].profile.weekday", K::Weights, "", "", "flat", 0.0, kMaxWeight, false, false, {}, 7,
     "7 weights, Monday first."},
    {"crossings[].directions[].demand[].profile.monthly", K::Weights, "", "", "flat", 0.0, kMaxWeight, false, false, {}, 12,
     "12 weights, January first."},
    {"crossings[].directions[].demand[].scale", K::Number, "", "1", "", 0.0, 1000.0, false, true, {}, 0,
     "Factor on this flow alone, on top of simulation.demand_scale (used by `bordersim capacity`)."},
    {"crossings[].directions[].demand[].priority", K::Map, "", "", "none", none, none, false, false, {}, 0,
     "Shares of the flow served ahead of the others in every lane queue, without preempting service."},
    {"crossings[].directions[].demand[].priority.out_of_turn", K::Probability, "", "0", "", 0.0, 0.05, false, false, {}, 0,
     "Out-of-turn share (perishables, live animals, post, dangerous goods, humanitarian); Kazakh rules cap it at 5%."},
    {"crossings[].directions[].demand[].priority.fast_track", K::Probability, "", "0", "", 0.0, 0.01, false, false, {}, 0,
     "Paid accelerated share, served after out-of-turn vehicles; Kazakh rules cap it at 1%."},
    {"crossings[].directions[].demand[].alternatives", K::List, "", "", "none", none, none, false, false, "crossing", 0,
     "Other crossings this flow may divert to; each arriving vehicle takes the least expected time."},
    {"crossings[].directions[].demand[].alternatives[].crossing", K::Id, "", "", "", none, none, true, false, {}, 0,
     "Crossing id of the alternative."},
    {"crossings[].directions[].demand[].alternatives[].direction", K::Id, "", "", "the same direction id", none, none, false, false,
     {}, 0, "Direction id at the alternative crossing."},
    {"crossings[].directions[].demand[].alternatives[].detour", K::Duration, "s", "", "", 0.0, kMaxDuration_s, true, false, {}, 0,
     "Extra travel time to reach the alternative; added to its expected time and spent before arriving there."},
    {"crossings[].directions[].demand[].divert_share", K::Probability, "", "1", "", 0.0, 1.0, false, false, {}, 0,
     "Share of the flow free to choose another crossing (the rest always stays); drawn per vehicle."},
    {"crossings[].directions[].demand[].divert_queue_over", K::Integer, "vehicles", "", "never", 0.0, 1.0e9, false, false, {}, 0,
     "A vehicle that finds more than this many waiting at the first stage its class visits leaves for the best alternative."},
    {"crossings[].directions[].demand[].patience", K::Distribution, "s", "", "never gives up", none, none, false, false, {}, 0,
     "How long a vehicle waits in the queue of the first stage its class visits before it gives up, e.g. {dist: exponential, mean: 3h}: it leaves "
     "the border (abandoned), or, free to use the alternatives, drives to the best of them (diverted_impatient)."},
    {"crossings[].directions[].demand[].balk_queue_over", K::Integer, "vehicles", "", "never", 0.0, 1.0e9, false, false, {}, 0,
     "A vehicle that finds more than this many waiting at the first stage its class visits does not join and leaves the border (balked)."},
    {"crossings[].directions[].demand[].stay_home", K::Map, "", "", "none", none, none, false, false, {}, 0,
     "Demand that does not set out while the queue of the first stage its class visits is long (not counted as arrived: suppressed)."},
    {"crossings[].directions[].demand[].stay_home.queue_over", K::Integer, "vehicles", "", "", 0.0, 1.0e9, true, false, {}, 0,
     "While more than this many wait at the first stage its class visits, ..."},
    {"crossings[].directions[].demand[].stay_home.share", K::Probability, "", "", "", 0.0, 1.0, true, false, {}, 0,
     "... this share of the would-be arrivals stays home, drawn per vehicle."},
    {"crossings[].directions[].demand[].booking", K::Map, "", "", "nobody books", none, none, false, false, {}, 0,
     "The electronic queue: a share of the flow books a time slot and waits for it off-site, then arrives at the first "
     "stage at the slot (see models/booking.hpp). Out-of-turn and fast-track vehicles do not book: they pass by their priority. "
     "Booked vehicles neither stay home, balk, divert nor give up."},
    {"crossings[].directions[].demand[].booking.share", K::Probability, "", "", "", 0.0, 1.0, true, false, {}, 0,
     "Share of the flow's regular vehicles (neither out-of-turn nor fast-track) that books, drawn per vehicle."},
    {"crossings[].directions[].demand[].booking.slots_per_hour", K::Number, "1/h", "", "", 0.0, kMaxArrivalsPerHour, true, true, {}, 0,
     "Slots this flow is offered per hour, one vehicle each, evenly spaced round the clock from time zero."},
    {"crossings[].directions[].demand[].booking.no_show", K::Probability, "", "0", "", 0.0, 1.0, false, false, {}, 0,
     "Share of the booked that never come; their slots go unused."},
    {"crossings[].directions[].demand[].booking.lateness", K::Distribution, "s", "", "on time", none, none, false, false, {}, 0,
     "Time after its slot's start at which a booked vehicle arrives at the first stage, e.g. {dist: uniform, min: 0s, max: 30min}."},
    {"crossings[].directions[].stages", K::List, "", "", "", none, none, true, false, "id", 0,
     "Stages in the order vehicles pass them: exit post first, then entry post."},
    {"crossings[].directions[].stages[].id", K::Id, "", "", "", none, none, true, false, {}, 0, "Stage name."},
    {"crossings[].directions[].stages[].name", K::Text, "", "", "the id", none, none, false, false, {}, kMaxNameCharacters,
     "Full name."},
    {"crossings[].directions[].stages[].lanes", K::List, "", "", "", none, none, true, false, "id", 0,
     "Lane groups; each has one FIFO queue shared by its lanes."},
    {"crossings[].directions[].stages[].lanes[].id", K::Id, "", "", "its position (0, 1, ...)", none, none, false, false, {}, 0,
     "Lane group name; give one to merge or --set it by name."},
    {"crossings[].directions[].stages[].lanes[].count", K::Integer, "", "", "", 1.0, 10000.0, true, false, {}, 0,
     "Number of lanes (booths) in the group."},
    {"crossings[].directions[].stages[].lanes[].serves", K::TextList, "", "", "", none, none, true, false, {}, 0,
     "Classes the group serves; a class served by several groups joins the shortest queue."},
    {"crossings[].directions[].stages[].lanes[].open", K::TimeWindows, "", "", "the stage's hours", none, none, false, false,
     {}, kMaxDailyWindows,
     "Daily opening windows of this group, overriding the stage's."},
    {"crossings[].directions[].stages[].lanes[].closed", K::DateRanges, "", "", "the stage's dates", none, none, false, false, {},
     kMaxClosedRanges, "Closed date ranges of this group, overriding the stage's."},
    {"crossings[].directions[].stages[].lanes[].roster", K::List, "", "", "every built lane staffed while open", none, none, false,
     false, "id", 0,
     "Recurring shifts saying how many of the built lanes are staffed, by weekday and time of day (\"of 12 windows only 2-3 "
     "work\"); outside every shift no lane is staffed. Within the group's hours; scheduled events still apply on top."},
    {"crossings[].directions[].stages[].lanes[].roster[].id", K::Id, "", "", "its position (0, 1, ...)", none, none, false, false, {},
     0, "Shift name; give one to merge or --set it by name."},
    {"crossings[].directions[].stages[].lanes[].roster[].days", K::Text, "", "", "", none, none, true, false, {}, 100,
     "Weekdays of the shift: Mon, Tue, Wed, Thu, Fri, Sat, Sun, ranges and lists, e.g. \"Mon-Fri\" or \"Sat,Sun\"."},
    {"crossings[].directions[].stages[].lanes[].roster[].open", K::TimeWindows, "", "", "all day", none, none, false, false, {},
     kMaxDailyWindows,
     "Daily windows of the shift, e.g. [\"08:00-20:00\"]; a window past midnight belongs to the day it starts on."},
    {"crossings[].directions[].stages[].lanes[].roster[].lanes", K::Integer, "lanes", "", "", 0.0, 10000.0, true, false, {}, 0,
     "Lanes staffed during the shift; at most the group's count."},
    {"crossings[].directions[].stages[].lanes[].staff_cost_usd_per_lane_hour", K::Number, "USD/lane-hour", "", "not costed", 0.0,
     1.0e6, false, false, {}, 0,
     "What an hour of one staffed lane costs; stages.csv then gives the staff cost a day."},
    {"crossings[].directions[].stages[].lanes[].failures", K::Map, "", "", "none", none, none, false, false, {}, 0,
     "Breakdowns: each lane fails on its own, up-time exponential with mean mtbf counted on the clock (open, closed, "
     "idle or serving alike), then is repaired; a vehicle in service waits on the lane and resumes its service after "
     "the repair (preemptive resume); a broken lane serves nobody."},
    {"crossings[].directions[].stages[].lanes[].failures.mtbf", K::Duration, "s", "", "", 0.0, kMaxDuration_s, true, true, {}, 0,
     "Mean time between failures of one lane: the mean of its exponential up-time."},
    {"crossings[].directions[].stages[].lanes[].failures.repair", K::Distribution, "s", "", "", none, none, true, false, {}, 0,
     "Time to repair one lane, a distribution, e.g. {dist: exponential, mean: 2h}; see the distribution table."},
    {"crossings[].directions[].stages[].service", K::ClassMap, "", "", "", none, none, true, false, {}, 0,
     "Service time per class: {class: distribution}."},
    {"crossings[].directions[].stages[].service.*", K::Distribution, "s", "", "", none, none, false, false, {}, 0,
     "A distribution, e.g. {dist: exponential, mean: 1min}; see the distribution table."},
    {"crossings[].directions[].stages[].visit_probability", K::ClassMap, "", "", "1 for every class", none, none, false, false, {},
     0, "Share of each class that visits the stage, e.g. {truck: 0.08}; the others skip it."},
    {"crossings[].directions[].stages[].visit_probability.*", K::Probability, "", "", "", 0.0, 1.0, false, false, {}, 0,
     "Probability for one class."},
    {"crossings[].directions[].stages[].queue_capacity", K::Integer, "vehicles", "", "unbounded", 0.0, 1.0e9, false, false, {}, 0,
     "Waiting places; when full, vehicles done upstream stay in their lanes and block them. Not on a stage some class may meet first (the route's first, or one every stage before which it may skip)."},
    {"crossings[].directions[].stages[].queue_capacity_m", K::Number, "m", "", "unbounded", 0.0, 1.0e7, false, false, {}, 0,
     "The waiting area as road length: vehicles wait while their length_m adds up to at most this (a bus takes more than a car). Not on a stage some class may meet first."},
    {"crossings[].directions[].stages[].waiting_zone", K::Map, "", "", "none: the whole queue is on the road", none, none, false, false,
     {}, 0,
     "A waiting zone before the stage (a truck park before the post), with its own capacity: the first vehicles of the queue, "
     "in the order they joined it, wait in the zone, the rest on the road behind it, the first of them moving in when it "
     "fits (none overtakes). Give capacity, capacity_m or both; at most the stage's queue_capacity (queue_capacity_m). It "
     "changes no wait: stages.csv and timeseries.csv report the road's queue apart from the zone."},
    {"crossings[].directions[].stages[].waiting_zone.capacity", K::Integer, "vehicles", "", "unbounded", 0.0, 1.0e9, false, false,
     {}, 0, "Vehicles the zone holds."},
    {"crossings[].directions[].stages[].waiting_zone.capacity_m", K::Number, "m", "", "unbounded", 0.0, 1.0e7, false, false, {}, 0,
     "The zone as road length: vehicles fit while their length_m adds up to at most this."},
    {"crossings[].directions[].stages[].priority_first", K::Boolean, "", "true", "", none, none, false, false, {}, 0,
     "Serve out-of-turn and fast-track vehicles first here (the Kazakh rules); false: strictly in turn (a Kyrgyz post)."},
    {"crossings[].directions[].stages[].open", K::TimeWindows, "", "", "always (24 h)", none, none, false, false,
     {}, kMaxDailyWindows,
     "Daily opening windows, e.g. [\"08:00-20:00\"]; a window may run past midnight."},
    {"crossings[].directions[].stages[].closed", K::DateRanges, "", "", "never", none, none, false, false, {}, kMaxClosedRanges,
     "Closed date ranges, inclusive, e.g. [\"11-01..03-31\"]."},
    {"crossings[].directions[].stages[].events", K::List, "", "", "none", none, none, false, false, "id", 0,
     "Scheduled changes for a time window: close the stage, change its lane count, or slow its service."},
    {"crossings[].directions[].stages[].events[].id", K::Id, "", "", "", none, none, true, false, {}, 0, "Event name."},
    {"crossings[].directions[].stages[].events[].start", K::Moment, "", "", "", none, none, true, false, {}, 0,
     "When it starts: a duration after time zero (\"30d\") or a date and time (\"2025-10-03 08:00\")."},
    {"crossings[].directions[].stages[].events[].duration", K::Duration, "s", "", "", 0.0, kMaxDuration_s, true, true, {}, 0,
     "How long it lasts."},
    {"crossings[].directions[].stages[].events[].close", K::Boolean, "", "false", "", none, none, false, false, {}, 0,
     "No service starts while it lasts (an IT outage)."},
    {"crossings[].directions[].stages[].events[].lanes", K::Integer, "lanes", "", "unchanged", 0.0, 10000.0, false, false, {}, 0,
     "Lanes open in each affected group while it lasts (works, extra booths)."},
    {"crossings[].directions[].stages[].events[].service_factor", K::Number, "", "1", "", 0.0, 100.0, false, true, {}, 0,
     "Factor on the service times of services that start while it lasts (tightened inspections)."},
    {"crossings[].directions[].stages[].events[].group", K::Id, "", "", "every group", none, none, false, false, {}, 0,
     "Lane group id the event applies to."},
    {"provenance", K::List, "", "", "none", none, none, false, false, "key", 0,
     "Where each scenario-wide figure comes from (simulation.demand_scale, simulation.start_date, ...)."},
    {"provenance[].key", K::Text, "", "", "", none, none, true, false, {}, kMaxNameCharacters,
     "Key path of the figure, e.g. simulation.demand_scale."},
    {"provenance[].status", K::Text, "", "", "", none, none, true, false, {}, kMaxNameCharacters,
     "sourced, assumption, or calibrated."},
    {"provenance[].source", K::Text, "", "", "", none, none, true, false, {}, kMaxDescriptionCharacters,
     "The fact and its source, or why the assumption."},
    {"provenance[].calibrated_to", K::Text, "", "", "none", none, none, false, false, {}, kMaxDescriptionCharacters,
     "For a calibrated figure: the observation it was calibrated to."},
    {"crossings[].provenance", K::List, "", "", "none", none, none, false, false, "key", 0,
     "Where each figure of this crossing comes from: one entry per figure."},
    {"crossings[].provenance[].key", K::Text, "", "", "", none, none, true, false, {}, kMaxNameCharacters,
     "Key path of the figure inside this crossing, e.g. directions.kg_to_kz.demand.truck.per_day."},
    {"crossings[].provenance[].status", K::Text, "", "", "", none, none, true, false, {}, kMaxNameCharacters,
     "sourced (a fact of the data sheet), assumption, or calibrated (changed to match an observation)."},
    {"crossings[].provenance[].source", K::Text, "", "", "", none, none, true, false, {}, kMaxDescriptionCharacters,
     "The fact and its source, or why the assumption was made."},
    {"crossings[].provenance[].calibrated_to", K::Text, "", "", "none", none, none, false, false, {}, kMaxDescriptionCharacters,
     "For a calibrated figure: the observation it was calibrated to."},
});

std::string pattern_of_item(const std::string& list_pattern) { return list_pattern + "[]"; }

std::string display_child(const std::string& path, std::string_view key)
{
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string valid_keys(const std::string& map_pattern)
{
  std::string out;
  const std::string prefix = map_pattern.empty() ? "" : map_pattern + ".";
  for (const auto& spec : kSchema) {
    const std::string_view p = spec.pattern;
    if (!p.starts_with(prefix)) continue;
    const std::string_view rest = p.substr(prefix.size());
    if (rest.empty() || rest.find('.') != std::string_view::npos || rest.find('[') != std::string_view::npos) continue;
    out += (out.empty() ? "" : ", ") + std::string(rest);
  }
  return out;
}

void check_node(const ConfigNode& node, const KeySpec& spec, const std::string& pattern, const std::string& path,
                Diagnostics& diagnostics);

void check_map(const ConfigNode& node, const std::string& pattern, const std::string& path, Diagnostics& diagnostics)
{
  if (!node.is_map()) {
    diagnostics.error(node.location, path, "expected a mapping of keys to values");
    return;
  }
  for (const auto& entry : node.entries) {
    const std::string child = child_pattern(pattern, entry.key);
    const KeySpec* spec = find_key_spec(child);
    if (!spec) {
      diagnostics.error(entry.key_location, display_child(path, entry.key),
                        "unknown key '" + entry.key + "'; valid keys: " + valid_keys(pattern));
      continue;
    }
    check_node(entry.value, *spec, child, display_child(path, entry.key), diagnostics);
  }
  const std::string prefix = pattern.empty() ? "" : pattern + ".";
  for (const auto& spec : kSchema) {
    if (!spec.required) continue;
    const std::string_view p = spec.pattern;
    if (!p.starts_with(prefix)) continue;
    const std::string_view rest = p.substr(prefix.size());
    if (rest.empty() || rest.find('.') != std::string_view::npos || rest.find('[') != std::string_view::npos) continue;
    if (!node.find(rest)) diagnostics.error(node.location, path, "missing required key '" + std::string(rest) + "'");
  }
}

/// A bound as the user writes the value: durations with their unit ("7305d"), numbers plainly.
std::string bound_text(const KeySpec& spec, double bound)
{
  return spec.kind == ValueKind::Duration ? format_duration(bound) : format_number(bound);
}

void check_bounds(const KeySpec& spec, double value, const ConfigNode& node, const std::string& path,
                  Diagnostics& diagnostics, std::string_view what = {})
{
  const std::string label = what.empty() ? std::string("value") : std::string(what);
  if (spec.min) {
    const bool below = spec.min_exclusive ? value <= *spec.min : value < *spec.min;
    if (below)
      diagnostics.error(node.location, path,
                        label + " must be " + (spec.min_exclusive ? "> " : ">= ") + bound_text(spec, *spec.min) + ", got " +
                            node.scalar);
  }
  if (spec.max && value > *spec.max)
    diagnostics.error(node.location, path, label + " must be <= " + bound_text(spec, *spec.max) + ", got " + node.scalar);
}

/// Lists of windows and date ranges hold at most `spec.length` entries.
bool within_length(const KeySpec& spec, const ConfigNode& node, std::string_view what,
                   const std::function<void(const std::string&)>& report)
{
  if (spec.length <= 0 || !node.is_sequence() || node.items.size() <= static_cast<std::size_t>(spec.length)) return true;
  report("at most " + std::to_string(spec.length) + " " + std::string(what) + ", got " + std::to_string(node.items.size()));
  return false;
}

void check_node(const ConfigNode& node, const KeySpec& spec, const std::string& pattern, const std::string& path,
                Diagnostics& diagnostics)
{
  auto report = [&](const std::string& error) { diagnostics.error(node.location, path, error); };
  switch (spec.kind) {
  case K::Id:
    if (auto r = read_id(node); !r.value) report(r.error);
    // Crossing, direction, stage and class ids are steps of key paths (--set, provenance keys), which '.' divides.
    else if (pattern != "scenario" && r.value->find('.') != std::string::npos)
      report("character '.' is not allowed: an id is a step of key paths such as crossings.ID.directions, which '.' "
             "divides; use '_' or '-'");
    break;
  case K::Text:
    if (auto r = read_free_text(node, spec.length); !r.value) report(r.error);
    else if (r.value->empty() && spec.required) report("must not be empty");
    break;
  case K::Integer:
    // Bounds are checked on the number as written: a seed of 1e300 is out of range, not "not whole".
    if (auto r = read_number(node); !r.value || *r.value != std::floor(*r.value))
      report("expected a whole number" + (node.is_scalar() ? ", got '" + node.scalar + "'" : std::string{}));
    else check_bounds(spec, *r.value, node, path, diagnostics);
    break;
  case K::Number:
  case K::Probability:
    if (auto r = read_number(node); !r.value) report(r.error);
    else check_bounds(spec, *r.value, node, path, diagnostics);
    break;
  case K::Duration:
    if (auto r = read_duration_s(node); !r.value) report(r.error);
    else check_bounds(spec, *r.value, node, path, diagnostics, "duration");
    break;
  case K::Date:
    if (auto r = read_date(node); !r.value) report(r.error);
    break;
  case K::Moment:
    if (auto r = read_moment(node); !r.value) report(r.error);
    break;
  case K::Boolean:
    if (auto r = read_boolean(node); !r.value) report(r.error);
    break;
  case K::TextList:
    if (auto r = read_text_list(node); !r.value) {
      report(r.error);
    } else {
      for (const auto& item : node.items)
        if (auto id = read_id(item); !id.value) diagnostics.error(item.location, path, "'" + item.scalar + "': " + id.error);
    }
    break;
  case K::TimeWindows:
    if (!within_length(spec, node, "windows", report)) break;
    if (auto r = read_time_windows(node); !r.value) report(r.error);
    break;
  case K::DateRanges:
    if (!within_length(spec, node, "date ranges", report)) break;
    if (auto r = read_date_ranges(node); !r.value) report(r.error);
    break;
  case K::Weights:
    if (auto r = read_number_list(node); !r.value) {
      report(r.error);
    } else if (static_cast<int>(r.value->size()) != spec.length) {
      report("expected " + std::to_string(spec.length) + " weights, got " + std::to_string(r.value->size()));
    } else {
      double sum = 0;
      bool negative = false;
      for (double w : *r.value) {
        sum += w;
        negative = negative || w < 0;
      }
      const bool too_large = spec.max && std::any_of(r.value->begin(), r.value->end(), [&](double w) { return w > *spec.max; });
      if (negative) report("weights must be >= 0");
      else if (too_large) report("weights must be <= " + format_number(*spec.max));
      else if (sum <= 0) report("weights must not all be zero");
    }
    break;
  case K::Distribution:
    if (auto r = read_distribution(node); !r.value) report(r.error);
    break;
  case K::Map:
    check_map(node, pattern, path, diagnostics);
    break;
  case K::ClassMap: {
    if (!node.is_map()) {
      report("expected a mapping from class to value, e.g. {truck: ...}");
      break;
    }
    const KeySpec* value_spec = find_key_spec(pattern + ".*");
    for (const auto& entry : node.entries)
      check_node(entry.value, *value_spec, pattern + ".*", display_child(path, entry.key), diagnostics);
    break;
  }
  case K::List: {
    if (!node.is_sequence()) {
      report("expected a list");
      break;
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < node.items.size(); ++i) {
      const ConfigNode& item = node.items[i];
      std::string id;
      if (item.is_map() && !spec.identity_key.empty())
        if (const ConfigNode* id_node = item.find(spec.identity_key); id_node && id_node->is_scalar()) id = id_node->scalar;
      const std::string item_path = path + "." + (id.empty() ? std::to_string(i) : id);
      if (!id.empty() && !seen.insert(id).second)
        diagnostics.error(item.location, item_path, "duplicate " + std::string(spec.identity_key) + " '" + id + "'");
      check_map(item, pattern_of_item(pattern), item_path, diagnostics);
    }
    break;
  }
  }
}

void fill_map(ConfigNode& node, const std::string& pattern)
{
  if (!node.is_map()) return;
  const std::string prefix = pattern.empty() ? "" : pattern + ".";
  for (const auto& spec : kSchema) {
    const std::string_view p = spec.pattern;
    if (!p.starts_with(prefix)) continue;
    const std::string_view rest = p.substr(prefix.size());
    if (rest.empty() || rest.find('.') != std::string_view::npos || rest.find('[') != std::string_view::npos) continue;
    if (!spec.default_value.empty() && !node.find(rest))
      node.set(std::string(rest), ConfigNode::make_scalar(std::string(spec.default_value), {kDefaultOrigin, 0, 0}),
               {kDefaultOrigin, 0, 0});
  }
  for (auto& entry : node.entries) {
    const std::string child = child_pattern(pattern, entry.key);
    const KeySpec* spec = find_key_spec(child);
    if (!spec) continue;
    if (spec->kind == K::Map) fill_map(entry.value, child);
    if (spec->kind == K::List && entry.value.is_sequence())
      for (auto& item : entry.value.items) fill_map(item, pattern_of_item(child));
  }
}

std::string escape_cell(std::string_view text)
{
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else out += c;
  }
  return out;
}

} // namespace

std::span<const KeySpec> scenario_schema() { return kSchema; }

const KeySpec* find_key_spec(std::string_view pattern)
{
  for (const auto& spec : kSchema)
    if (spec.pattern == pattern) return &spec;
  return nullptr;
}

std::string_view identity_key_for(std::string_view list_pattern)
{
  const KeySpec* spec = find_key_spec(list_pattern);
  return spec && spec->kind == K::List ? spec->identity_key : std::string_view{};
}

std::string_view value_kind_name(ValueKind kind)
{
  switch (kind) {
  case K::Id: return "id";
  case K::Text: return "text";
  case K::Integer: return "integer";
  case K::Number: return "number";
  case K::Duration: return "duration";
  case K::Probability: return "probability";
  case K::Date: return "date";
  case K::Moment: return "duration or date-time";
  case K::Boolean: return "true or false";
  case K::TextList: return "list of names";
  case K::TimeWindows: return "list of HH:MM-HH:MM";
  case K::DateRanges: return "list of MM-DD..MM-DD";
  case K::Weights: return "list of weights";
  case K::Distribution: return "distribution";
  case K::Map: return "mapping";
  case K::ClassMap: return "mapping by class";
  case K::List: return "list";
  }
  return "?";
}

void check_against_schema(const ConfigNode& root, Diagnostics& diagnostics) { check_map(root, "", "", diagnostics); }

void fill_defaults(ConfigNode& root) { fill_map(root, ""); }

std::string schema_markdown()
{
  std::string out = "| key | type | unit | default | bounds | description |\n|---|---|---|---|---|---|\n";
  for (const auto& spec : kSchema) {
    std::string type(value_kind_name(spec.kind));
    if (spec.kind == K::Weights) type = std::to_string(spec.length) + " weights";
    if (spec.kind == K::List && !spec.identity_key.empty()) type += " (merged by " + std::string(spec.identity_key) + ")";
    std::string default_text = spec.required ? "required" : std::string(spec.default_value);
    if (default_text.empty()) default_text = spec.default_note.empty() ? "none" : std::string(spec.default_note);
    std::string bounds;
    if (spec.min) bounds += (spec.min_exclusive ? "> " : ">= ") + bound_text(spec, *spec.min);
    if (spec.max) bounds += (bounds.empty() ? "" : ", ") + std::string("<= ") + bound_text(spec, *spec.max);
    if (spec.kind == K::Id) bounds = "at most " + std::to_string(kMaxIdCharacters) + " characters";
    if (spec.kind == K::Text) bounds = "at most " + std::to_string(spec.length) + " characters";
    if (spec.kind == K::TimeWindows) bounds = "at most " + std::to_string(spec.length) + " windows";
    if (spec.kind == K::DateRanges) bounds = "at most " + std::to_string(spec.length) + " ranges";
    const std::string years = std::to_string(kFirstYear) + "-01-01 to " + std::to_string(kLastYear) + "-12-31";
    if (spec.kind == K::Date) bounds = years;
    if (spec.kind == K::Moment) bounds = "<= " + format_duration(kMaxDuration_s) + ", or a date " + years;
    out += "| `" + std::string(spec.pattern) + "` | " + type + " | " + std::string(spec.unit) + " | " + escape_cell(default_text) +
           " | " + bounds + " | " + escape_cell(spec.help) + " |\n";
  }
  out += "\nDistributions (`dist:` and its parameters; times are durations with units, each at most " +
         format_duration(kMaxDuration_s) +
         "; a lognormal's `cv` is > 0 and <= " + format_number(kMaxLognormalCv) + ", an empirical one's `weights` >= 0 and <= " +
         format_number(kMaxWeight) + "):\n\n| dist | parameters |\n|---|---|\n";
  for (const auto& [name, params] : Distribution::kinds()) {
    std::string list;
    for (auto p : params) list += (list.empty() ? "" : ", ") + std::string("`") + std::string(p) + "`";
    out += "| `" + std::string(name) + "` | " + list + " |\n";
  }
  return out;
}

} // namespace bordersim
