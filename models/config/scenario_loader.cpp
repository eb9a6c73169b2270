#include "models/config/scenario_loader.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "models/config/config_values.hpp"
#include "models/config/scenario_schema.hpp"
#include "models/formats/units.hpp"

namespace bordersim {
namespace {

// Built-in classes. Lengths are assumptions (vehicle plus gap in a standing queue), documented in
// configs/README.md; scenarios may redefine them by id.
constexpr const char* kBuiltInDefaults = R"(classes:
  - {id: truck, length_m: 20, kind: vehicle, value_of_time_usd_per_hour: 36.28, idle_fuel_l_per_hour: 1.85, co2_kg_per_l: 2.66}
  - {id: car, length_m: 7, kind: vehicle}
  - {id: bus, length_m: 15, kind: vehicle, idle_fuel_l_per_hour: 3.7, co2_kg_per_l: 2.66}
  - {id: pedestrian, length_m: 0.75, kind: person}
)";

// Beyond these a run would take hours and gigabytes: almost surely a wrong rate, horizon or interval.
constexpr double kMaxVehiclesPerReplication = 1e9;
constexpr double kMaxSamplesPerReplication = 2e6;
// timeseries.csv takes about 100 bytes a row: 1e8 rows are 10 GB.
constexpr double kMaxTimeseriesRows = 1e8;
// Each change is a timer of the engine; the whole KZ-KG network over 20 years schedules about 3e6.
constexpr double kMaxHoursChangesPerReplication = 1e8;
// Each breakdown is a failure and a repair on the calendar: as many as opening-hours changes are allowed.
constexpr double kMaxBreakdownsPerReplication = 1e8;

std::string_view identity_key(std::string_view pattern) { return identity_key_for(pattern); }

/// Reads the already schema-checked tree into the typed scenario; adds the cross-reference checks.
class ScenarioBuilder {
public:
  /// `layers`: the files of the extends chain, base first, as the nodes' locations name them (--set comes after all).
  ScenarioBuilder(const ConfigNode& root, Diagnostics& diagnostics, std::vector<std::string> layers = {})
      : root_(root), diagnostics_(diagnostics), layers_(std::move(layers))
  {
  }

  Scenario build()
  {
    Scenario s;
    s.name = text(root_.find("scenario"));
    s.description = text(root_.find("description"));
    read_simulation(s);
    if (const ConfigNode* classes = root_.find("classes"); classes && classes->is_sequence()) {
      for (const auto& item : classes->items) {
        const std::string id = text(item.find("id"));
        s.classes.push_back({id, number(item.find("length_m")).value_or(0), read_kind(item.find("kind"), "classes." + id + ".kind"),
                             number(item.find("value_of_time_usd_per_hour")), number(item.find("idle_fuel_l_per_hour")),
                             number(item.find("co2_kg_per_l"))});
      }
    }
    if (const ConfigNode* crossings = root_.find("crossings"); crossings && crossings->is_sequence()) {
      require_items(*crossings, "crossings", "crossing");
      for (const auto& item : crossings->items) {
        s_crossing_ = s.crossings.size();
        s.crossings.push_back(read_crossing(s, item, "crossings." + text(item.find("id"))));
      }
    }
    resolve_alternatives(s);
    s.provenance = read_provenance(root_, "", "", "the scenario");
    return s;
  }

private:
  static std::string text(const ConfigNode* node) { return node && node->is_scalar() ? node->scalar : std::string{}; }
  static std::optional<double> number(const ConfigNode* node) { return node ? read_number(*node).value : std::nullopt; }
  static std::optional<double> duration(const ConfigNode* node) { return node ? read_duration_s(*node).value : std::nullopt; }
  /// A number or duration that passed its schema bounds; empty otherwise, so that a value already reported
  /// never reaches a cast (undefined out of range) nor a check derived from it.
  static std::optional<double> checked(const ConfigNode* node, std::string_view pattern)
  {
    const KeySpec* spec = find_key_spec(pattern);
    if (!node || !spec) return std::nullopt;
    const auto value = spec->kind == ValueKind::Duration ? duration(node) : number(node);
    if (!value) return std::nullopt;
    if (spec->min && (spec->min_exclusive ? *value <= *spec->min : *value < *spec->min)) return std::nullopt;
    if (spec->max && *value > *spec->max) return std::nullopt;
    return value;
  }

  void read_simulation(Scenario& s)
  {
    const ConfigNode* sim = root_.find("simulation");
    if (!sim || !sim->is_map()) return;
    auto& out = s.simulation;
    out.horizon_s = checked(sim->find("horizon"), "simulation.horizon").value_or(0);
    out.warmup_s = checked(sim->find("warmup"), "simulation.warmup").value_or(0);
    out.replications = static_cast<int>(checked(sim->find("replications"), "simulation.replications").value_or(1));
    out.seed = static_cast<std::uint64_t>(checked(sim->find("seed"), "simulation.seed").value_or(1));
    out.demand_scale = checked(sim->find("demand_scale"), "simulation.demand_scale").value_or(1);
    out.sample_interval_s = checked(sim->find("sample_interval"), "simulation.sample_interval").value_or(3600);
    if (const ConfigNode* date = sim->find("start_date"))
      if (auto ymd = read_date(*date).value) out.calendar = SimCalendar(*ymd);
    const ConfigNode* warmup = sim->find("warmup");
    if (out.horizon_s > 0 && out.warmup_s >= out.horizon_s && warmup)
      diagnostics_.error(warmup->location, "simulation.warmup",
                         "warm-up (" + warmup->scalar + ") must be shorter than the horizon (" +
                             format_duration(out.horizon_s) + ")");
    const ConfigNode* interval = sim->find("sample_interval");
    const bool interval_defaulted = interval && interval->location.file == kDefaultOrigin;
    if (out.horizon_s > 0 && out.sample_interval_s > out.horizon_s && interval_defaulted)
      out.sample_interval_s = out.horizon_s; // a short run still gets one sample; the default must not be an error
    else if (out.horizon_s > 0 && out.sample_interval_s > out.horizon_s && interval)
      diagnostics_.error(interval->location, "simulation.sample_interval", "must not be longer than the horizon");
    else if (out.horizon_s > 0 && out.horizon_s / out.sample_interval_s > kMaxSamplesPerReplication && interval) {
      // Point at what the user wrote: the horizon when the interval is the default.
      const bool defaulted = interval->location.file == kDefaultOrigin;
      const ConfigNode* culprit = defaulted ? sim->find("horizon") : interval;
      diagnostics_.error(culprit->location, defaulted ? "simulation.horizon" : "simulation.sample_interval",
                         "gives more than 2,000,000 samples of timeseries.csv per replication; choose a longer "
                         "simulation.sample_interval");
    }
  }

  ClassKind read_kind(const ConfigNode* node, const std::string& path)
  {
    if (!node || !node->is_scalar()) return ClassKind::vehicle; // a missing one is reported by the schema
    if (const auto kind = parse_class_kind(node->scalar)) return *kind;
    diagnostics_.error(node->location, path, "expected vehicle or person, not '" + node->scalar + "'");
    return ClassKind::vehicle;
  }

  int class_ref(const Scenario& s, const ConfigNode& node, const std::string& path)
  {
    const int index = s.class_index(node.scalar);
    if (index < 0) {
      std::string valid;
      for (const auto& c : s.classes) valid += (valid.empty() ? "" : ", ") + c.id;
      diagnostics_.error(node.location, path, "unknown class '" + node.scalar + "'; defined classes: " + valid);
    }
    return index;
  }

  OpeningHours read_hours(const ConfigNode& map, const OpeningHours* fallback)
  {
    const ConfigNode* open = map.find("open");
    const ConfigNode* closed = map.find("closed");
    if (!open && !closed && fallback) return *fallback;
    std::vector<DailyWindow> windows;
    std::vector<ClosedDateRange> ranges;
    if (open) windows = read_time_windows(*open).value.value_or(std::vector<DailyWindow>{});
    if (closed) ranges = read_date_ranges(*closed).value.value_or(std::vector<ClosedDateRange>{});
    return OpeningHours(std::move(windows), std::move(ranges));
  }

  /// The group's roster, when it has one: its shifts' weekdays parsed, their lanes within the built ones, and no two
  /// staffing the same hour.
  std::optional<Roster> read_roster(const ConfigNode& node, const LaneGroup& group, const std::string& group_path)
  {
    const ConfigNode* roster = node.find("roster");
    if (!roster || !roster->is_sequence()) return std::nullopt;
    require_items(*roster, group_path + ".roster", "shift");
    std::vector<RosterShift> shifts;
    for (std::size_t i = 0; i < roster->items.size(); ++i) {
      const ConfigNode& item = roster->items[i];
      const std::string path = group_path + ".roster." + (item.find("id") ? text(item.find("id")) : std::to_string(i));
      RosterShift shift;
      if (const ConfigNode* days = item.find("days"); days && days->is_scalar()) {
        std::string problem;
        if (auto parsed = parse_weekdays(days->scalar, problem)) shift.days = *parsed;
        else diagnostics_.error(days->location, path + ".days", problem);
      }
      if (const ConfigNode* open = item.find("open")) shift.windows = read_time_windows(*open).value.value_or(std::vector<DailyWindow>{});
      if (shift.windows.empty()) shift.windows.push_back({0, 0}); // all day: from midnight round to midnight
      shift.lanes = static_cast<int>(checked(item.find("lanes"), "crossings[].directions[].stages[].lanes[].roster[].lanes").value_or(0));
      if (shift.lanes > group.lane_count)
        diagnostics_.error(item.find("lanes")->location, path + ".lanes",
                           "staffs " + std::to_string(shift.lanes) + " lanes of a group of " + std::to_string(group.lane_count) +
                               ": a roster staffs built lanes (raise count for more)");
      shifts.push_back(std::move(shift));
    }
    Roster result(std::move(shifts));
    if (const std::string overlap = result.overlap(); !overlap.empty()) diagnostics_.error(roster->location, group_path + ".roster", overlap);
    warn_unstaffed_count(node, *roster, result, group.lane_count, group_path);
    // Each shift's windows open and close once a day at most.
    for (const auto& shift : result.shifts()) hours_changes_per_day_ += 2.0 * static_cast<double>(shift.windows.size());
    return result;
  }

  /// Where a value was written, in the order the layers apply: the files of the extends chain (base first), then every
  /// --set; -1 for a built-in default or a place not known.
  int layer_of(const SourceLocation& where) const
  {
    if (where.file == "--set") return static_cast<int>(layers_.size());
    const auto it = std::find(layers_.begin(), layers_.end(), where.file);
    return it == layers_.end() ? -1 : static_cast<int>(it - layers_.begin());
  }

  /// The trap of "12 windows, 3 staffed": a count written after the roster (a --set, or a file extending the roster's)
  /// that is more than the roster ever staffs adds lanes nobody works, so it changes nothing. Said, not refused: building
  /// lanes the staff cannot work is a scenario one may mean. When the same layer writes both (the file that states "12
  /// built, 3 staffed", or a --set of the count with a --set of a shift's lanes), the count is taken as meant.
  void warn_unstaffed_count(const ConfigNode& group, const ConfigNode& roster, const Roster& parsed, int lane_count,
                            const std::string& group_path)
  {
    const ConfigNode* count = group.find("count");
    if (!count || parsed.shifts().empty()) return;
    int most = 0;
    for (const auto& shift : parsed.shifts()) most = std::max(most, shift.lanes);
    if (most >= lane_count) return;
    int roster_layer = layer_of(roster.location);
    std::string shift_key = "0";
    for (std::size_t i = 0; i < roster.items.size(); ++i) {
      const ConfigNode& item = roster.items[i];
      if (const ConfigNode* lanes = item.find("lanes")) roster_layer = std::max(roster_layer, layer_of(lanes->location));
      if (i == 0) shift_key = item.find("id") ? text(item.find("id")) : "0";
    }
    const int count_layer = layer_of(count->location);
    if (count_layer <= roster_layer || roster_layer < 0) return;
    const std::string roster_from = static_cast<std::size_t>(roster_layer) < layers_.size() ? layers_[static_cast<std::size_t>(roster_layer)]
                                                                                            : std::string("--set");
    diagnostics_.warning(count->location, group_path + ".count",
                         "count " + std::to_string(lane_count) + " is more lanes than the roster of " + roster_from +
                             " ever staffs (at most " + std::to_string(most) +
                             "): the lanes working stay the roster's, whatever the count; to work more, set the shifts' lanes "
                             "too (" +
                             group_path + ".roster." + shift_key + ".lanes=N)");
  }

  Crossing read_crossing(const Scenario& s, const ConfigNode& node, const std::string& path)
  {
    Crossing c;
    c.id = text(node.find("id"));
    c.name = node.find("name") ? text(node.find("name")) : c.id;
    if (const ConfigNode* dirs = node.find("directions"); dirs && dirs->is_sequence()) {
      require_items(*dirs, path + ".directions", "direction");
      for (const auto& d : dirs->items) {
        s_direction_ = c.directions.size();
        c.directions.push_back(read_direction(s, d, path + ".directions." + text(d.find("id"))));
      }
    }
    c.provenance = read_provenance(node, path, "crossings[]", "crossing '" + c.id + "'");
    return c;
  }

  Direction read_direction(const Scenario& s, const ConfigNode& node, const std::string& path)
  {
    Direction d;
    d.id = text(node.find("id"));
    std::map<int, const ConfigNode*> demand_nodes;
    if (const ConfigNode* demand = node.find("demand"); demand && demand->is_sequence()) {
      for (const auto& item : demand->items) {
        const std::string item_path = path + ".demand." + text(item.find("class"));
        const ConfigNode* class_node = item.find("class");
        if (!class_node || !class_node->is_scalar()) continue;
        const int class_index = class_ref(s, *class_node, item_path + ".class");
        const ConfigNode* per_hour = item.find("per_hour");
        const ConfigNode* per_day = item.find("per_day");
        if (per_hour && per_day) {
          diagnostics_.error(per_day->location, item_path, "give per_hour or per_day, not both");
          continue;
        }
        if (!per_hour && !per_day) {
          diagnostics_.error(item.location, item_path, "missing the rate: give per_hour or per_day");
          continue;
        }
        auto rate = checked(per_hour ? per_hour : per_day, per_hour ? "crossings[].directions[].demand[].per_hour"
                                                                    : "crossings[].directions[].demand[].per_day");
        if (class_index < 0 || !rate || *rate <= 0) continue;
        DemandFlow flow;
        flow.class_index = class_index;
        flow.mean_rate_per_s = *rate / (per_hour ? kSecondsPerHour : kSecondsPerDay);
        if (const ConfigNode* profile = item.find("profile"); profile && profile->is_map()) read_profile(*profile, flow.profile);
        flow.flat = flow.profile.is_flat();
        flow.scale = checked(item.find("scale"), "crossings[].directions[].demand[].scale").value_or(1.0);
        if (const ConfigNode* priority = item.find("priority"); priority && priority->is_map()) {
          flow.out_of_turn_share = number(priority->find("out_of_turn")).value_or(0);
          flow.fast_track_share = number(priority->find("fast_track")).value_or(0);
        }
        flow.divert_share = number(item.find("divert_share")).value_or(1.0);
        if (const ConfigNode* over = item.find("divert_queue_over"))
          flow.divert_queue_over = static_cast<int>(
              checked(over, "crossings[].directions[].demand[].divert_queue_over").value_or(-1));
        read_impatience(item, flow.impatience);
        read_booking(item, flow.booking);
        if (const ConfigNode* alternatives = item.find("alternatives"); alternatives && alternatives->is_sequence())
          pending_alternatives_.push_back({&item, item_path, static_cast<int>(s_crossing_), static_cast<int>(s_direction_),
                                           static_cast<int>(d.demand.size())});
        demand_nodes[class_index] = &item;
        d.demand.push_back(flow);
      }
    }
    if (const ConfigNode* stages = node.find("stages"); stages && stages->is_sequence()) {
      require_items(*stages, path + ".stages", "stage");
      for (std::size_t i = 0; i < stages->items.size(); ++i) {
        const ConfigNode& st = stages->items[i];
        const std::string stage_path = path + ".stages." + text(st.find("id"));
        d.stages.push_back(read_stage(s, st, stage_path, i == 0));
        check_coverage(s, d.stages.back(), st, stage_path, demand_nodes);
        for (const auto& [class_index, demand_node] : demand_nodes) {
          const std::string first = may_meet_first_bounded(s, d.stages, i, class_index);
          if (first.empty()) continue;
          const char* key = st.find("queue_capacity") ? "queue_capacity" : "queue_capacity_m";
          diagnostics_.error(st.find(key)->location, stage_path + "." + key, first);
        }
      }
    }
    return d;
  }

  /// Not empty when class `class_index`, skipping the stages before stage `index` (visit_probability below 1 at
  /// each), may meet that stage first although its waiting area is bounded: the queue a vehicle meets first is on the
  /// road and unbounded, as at a crossing's first stage.
  static std::string may_meet_first_bounded(const Scenario& s, const std::vector<Stage>& stages, std::size_t index, int class_index)
  {
    const auto ci = static_cast<std::size_t>(class_index);
    const Stage& st = stages[index];
    if (index == 0 || st.visit_probability[ci] <= 0 ||
        (st.queue_capacity == kUnboundedQueue && !std::isfinite(st.queue_capacity_m)))
      return {};
    for (std::size_t k = 0; k < index; ++k)
      if (stages[k].visit_probability[ci] >= 1) return {};
    return "class '" + s.classes[ci].id + "' may skip every stage before '" + st.id +
           "' (visit_probability below 1) and meet this one first; the queue before the first stage a class meets is "
           "unbounded, so a waiting area belongs on a later stage";
  }

  /// Patience, balking and staying home; a value the schema check refused leaves its part off.
  static void read_impatience(const ConfigNode& item, Impatience& out)
  {
    constexpr std::string_view kDemand = "crossings[].directions[].demand[].";
    auto pattern = [&](std::string_view key) { return std::string(kDemand) + std::string(key); };
    if (const ConfigNode* patience = item.find("patience")) out.patience = read_distribution(*patience).value;
    if (const ConfigNode* over = item.find("balk_queue_over"))
      out.balk_queue_over = static_cast<int>(checked(over, pattern("balk_queue_over")).value_or(-1));
    if (const ConfigNode* home = item.find("stay_home"); home && home->is_map()) {
      const auto over = checked(home->find("queue_over"), pattern("stay_home.queue_over"));
      const auto share = checked(home->find("share"), pattern("stay_home.share"));
      if (over && share) {
        out.stay_home_queue_over = static_cast<int>(*over);
        out.stay_home_share = *share;
      }
    }
  }

  /// The electronic queue; a value the schema check refused leaves it off.
  static void read_booking(const ConfigNode& item, Booking& out)
  {
    const ConfigNode* booking = item.find("booking");
    if (!booking || !booking->is_map()) return;
    constexpr std::string_view kBooking = "crossings[].directions[].demand[].booking.";
    auto pattern = [&](std::string_view key) { return std::string(kBooking) + std::string(key); };
    const auto share = checked(booking->find("share"), pattern("share"));
    const auto slots = checked(booking->find("slots_per_hour"), pattern("slots_per_hour"));
    if (!share || !slots) return;
    out.share = *share;
    out.slots_per_hour = *slots;
    out.no_show = checked(booking->find("no_show"), pattern("no_show")).value_or(0);
    if (const ConfigNode* lateness = booking->find("lateness")) out.lateness = read_distribution(*lateness).value;
  }

  static void read_profile(const ConfigNode& profile, DemandProfile& out)
  {
    auto fill = [&](const char* key, auto& target) {
      const ConfigNode* node = profile.find(key);
      if (!node) return;
      auto weights = read_number_list(*node).value;
      if (!weights || weights->size() != target.size() || !normalise_weights(*weights)) return;
      std::copy(weights->begin(), weights->end(), target.begin());
    };
    fill("hourly", out.hourly);
    fill("weekday", out.weekday);
    fill("monthly", out.monthly);
  }

  Stage read_stage(const Scenario& s, const ConfigNode& node, const std::string& path, bool first)
  {
    Stage st;
    st.id = text(node.find("id"));
    st.name = node.find("name") ? text(node.find("name")) : st.id;
    st.service.resize(s.classes.size());
    st.visit_probability.assign(s.classes.size(), 1.0);
    const OpeningHours stage_hours = read_hours(node, nullptr);
    if (const ConfigNode* lanes = node.find("lanes"); lanes && lanes->is_sequence()) {
      require_items(*lanes, path + ".lanes", "lane group");
      std::set<std::string> ids;
      for (std::size_t i = 0; i < lanes->items.size(); ++i) {
        const ConfigNode& g = lanes->items[i];
        LaneGroup group;
        group.id = g.find("id") ? text(g.find("id")) : std::to_string(i); // as key paths address it
        const std::string group_path = path + ".lanes." + group.id;
        if (!g.find("id") && !ids.insert(group.id).second)
          diagnostics_.error(g.location, group_path, "duplicate lane group id '" + group.id + "'");
        ids.insert(group.id);
        group.lane_count = static_cast<int>(
            checked(g.find("count"), "crossings[].directions[].stages[].lanes[].count").value_or(1));
        if (const ConfigNode* serves = g.find("serves"); serves && serves->is_sequence()) {
          for (const auto& c : serves->items) {
            if (!c.is_scalar()) continue;
            const int index = class_ref(s, c, group_path + ".serves");
            if (index >= 0) group.served_classes.push_back(index);
          }
        }
        group.hours = read_hours(g, &stage_hours);
        group.roster = read_roster(g, group, group_path);
        group.staff_cost_usd_per_lane_hour =
            checked(g.find("staff_cost_usd_per_lane_hour"), "crossings[].directions[].stages[].lanes[].staff_cost_usd_per_lane_hour")
                .value_or(0);
        if (const ConfigNode* failures = g.find("failures"); failures && failures->is_map()) {
          const auto mtbf = checked(failures->find("mtbf"), "crossings[].directions[].stages[].lanes[].failures.mtbf");
          const ConfigNode* repair = failures->find("repair");
          std::optional<Distribution> repair_time = repair ? read_distribution(*repair).value : std::nullopt;
          if (mtbf && repair_time) group.failures = LaneFailures{*mtbf, std::move(*repair_time)};
        }
        // Each window opens and closes once a day, each closed range once a year (at most).
        const ConfigNode& hours = g.find("open") || g.find("closed") ? g : node;
        if (const ConfigNode* open = hours.find("open")) hours_changes_per_day_ += 2.0 * static_cast<double>(open->items.size());
        if (const ConfigNode* closed = hours.find("closed"))
          hours_changes_per_year_ += 2.0 * static_cast<double>(closed->items.size());
        st.lane_groups.push_back(std::move(group));
      }
    }
    if (const ConfigNode* service = node.find("service"); service && service->is_map()) {
      for (const auto& entry : service->entries) {
        const int index = class_ref_key(s, entry, path + ".service");
        if (index >= 0) st.service[static_cast<std::size_t>(index)] = read_distribution(entry.value).value;
      }
    }
    if (const ConfigNode* visits = node.find("visit_probability"); visits && visits->is_map()) {
      for (const auto& entry : visits->entries) {
        const int index = class_ref_key(s, entry, path + ".visit_probability");
        if (index >= 0) st.visit_probability[static_cast<std::size_t>(index)] = number(&entry.value).value_or(1.0);
      }
    }
    if (const ConfigNode* order = node.find("priority_first")) st.priority_first = read_boolean(*order).value.value_or(true);
    if (const ConfigNode* events = node.find("events"); events && events->is_sequence()) {
      for (const auto& e : events->items) st.scheduled_changes.push_back(read_scheduled_change(s, st, e, path + ".events." + text(e.find("id"))));
    }
    if (const ConfigNode* room = node.find("queue_capacity_m")) {
      if (first)
        diagnostics_.error(room->location, path + ".queue_capacity_m",
                           "the queue before a crossing's first stage is unbounded; queue_capacity_m belongs on a later stage");
      else if (auto v = number(room))
        st.queue_capacity_m = *v;
    }
    if (const ConfigNode* capacity = node.find("queue_capacity")) {
      if (first)
        diagnostics_.error(capacity->location, path + ".queue_capacity",
                           "the queue before a crossing's first stage is unbounded; queue_capacity belongs on a later stage");
      else if (auto v = checked(capacity, "crossings[].directions[].stages[].queue_capacity"))
        st.queue_capacity = static_cast<int>(*v);
    }
    if (const ConfigNode* zone = node.find("waiting_zone"); zone && zone->is_map())
      st.waiting_zone = read_waiting_zone(*zone, st, path + ".waiting_zone");
    return st;
  }

  /// A stage's waiting zone, in vehicles, metres or both; empty when a value was refused. The zone is the front of
  /// the stage's waiting area, so a finite area bounds it in the same unit.
  std::optional<WaitingZone> read_waiting_zone(const ConfigNode& node, const Stage& st, const std::string& path)
  {
    const ConfigNode* vehicles = node.find("capacity");
    const ConfigNode* metres = node.find("capacity_m");
    if (!vehicles && !metres) {
      diagnostics_.error(node.location, path, "give the zone's capacity (vehicles), capacity_m (metres), or both");
      return std::nullopt;
    }
    WaitingZone zone;
    bool valid = true;
    if (vehicles) {
      const auto v = checked(vehicles, "crossings[].directions[].stages[].waiting_zone.capacity");
      valid = valid && v;
      if (v) zone.capacity = static_cast<int>(*v);
      if (v && st.queue_capacity != kUnboundedQueue && zone.capacity > st.queue_capacity)
        diagnostics_.error(vehicles->location, path + ".capacity",
                           "a zone of " + vehicles->scalar + " vehicles is larger than the stage's waiting area (queue_capacity " +
                               std::to_string(st.queue_capacity) +
                               "), of which it is the front; give the zone at most that, or raise queue_capacity");
    }
    if (metres) {
      const auto m = checked(metres, "crossings[].directions[].stages[].waiting_zone.capacity_m");
      valid = valid && m;
      if (m) zone.capacity_m = *m;
      if (m && std::isfinite(st.queue_capacity_m) && zone.capacity_m > st.queue_capacity_m)
        diagnostics_.error(metres->location, path + ".capacity_m",
                           "a zone of " + metres->scalar + " m is larger than the stage's waiting area (queue_capacity_m " +
                               format_number(st.queue_capacity_m) +
                               "), of which it is the front; give the zone at most that, or raise queue_capacity_m");
    }
    if (!valid) return std::nullopt;
    return zone;
  }

  void require_items(const ConfigNode& list, const std::string& path, const char* what)
  {
    if (list.items.empty()) diagnostics_.error(list.location, path, std::string("needs at least one ") + what);
  }

  /// A provenance block: every key must name a figure of `owner` (a crossing, or the whole scenario).
  std::vector<Provenance> read_provenance(const ConfigNode& owner, const std::string& path, const std::string& pattern,
                                          const std::string& owner_name)
  {
    std::vector<Provenance> out;
    const ConfigNode* provenance = owner.find("provenance");
    if (!provenance || !provenance->is_sequence()) return out;
    const std::string prefix = path.empty() ? "provenance." : path + ".provenance.";
    for (const auto& item : provenance->items) {
      Provenance p{text(item.find("key")), text(item.find("status")), text(item.find("source")), text(item.find("calibrated_to"))};
      const std::string item_path = prefix + p.key;
      if (const ConfigNode* status = item.find("status");
          status && p.status != "sourced" && p.status != "assumption" && p.status != "calibrated")
        diagnostics_.error(status->location, item_path + ".status", "unknown status '" + p.status + "'; valid: sourced, assumption, calibrated");
      if (p.status == "calibrated" && p.calibrated_to.empty())
        diagnostics_.error(item.location, item_path, "a calibrated figure must name the observation in calibrated_to");
      if (const ConfigNode* key = item.find("key"); key && !p.key.empty() && !find_key_path(owner, p.key, identity_key, pattern))
        diagnostics_.error(key->location, item_path + ".key", "no figure '" + p.key + "' in " + owner_name);
      out.push_back(std::move(p));
    }
    return out;
  }

  ScheduledChange read_scheduled_change(const Scenario& s, const Stage& st, const ConfigNode& node, const std::string& path)
  {
    ScheduledChange e;
    e.id = text(node.find("id"));
    if (const ConfigNode* start = node.find("start")) {
      if (auto m = read_moment(*start).value) {
        if (m->after_start_s) {
          e.start_s = *m->after_start_s;
        } else {
          const auto date = parse_date(m->date_text.substr(0, 10));
          const auto clock = parse_clock_time_s(m->date_text.substr(11, 5));
          e.start_s = s.simulation.calendar.seconds_until(*date, *clock);
          if (e.start_s < 0)
            diagnostics_.error(start->location, path + ".start",
                               "starts before the simulation's start_date (" + s.simulation.calendar.date_text() + ")");
        }
      }
    }
    e.end_s = e.start_s + checked(node.find("duration"), "crossings[].directions[].stages[].events[].duration").value_or(0);
    if (const ConfigNode* close = node.find("close")) e.close = read_boolean(*close).value.value_or(false);
    if (const ConfigNode* lanes = node.find("lanes")) {
      if (auto n = checked(lanes, "crossings[].directions[].stages[].events[].lanes")) e.lanes = static_cast<int>(*n);
    }
    e.service_factor = number(node.find("service_factor")).value_or(1.0);
    if (const ConfigNode* group = node.find("group"); group && group->is_scalar()) {
      std::string valid;
      for (std::size_t g = 0; g < st.lane_groups.size(); ++g) {
        if (st.lane_groups[g].id == group->scalar) e.group = static_cast<int>(g);
        valid += (valid.empty() ? "" : ", ") + st.lane_groups[g].id;
      }
      if (e.group < 0)
        diagnostics_.error(group->location, path + ".group", "no lane group '" + group->scalar + "' at this stage; valid: " + valid);
    }
    if (!e.close && !node.find("lanes") && e.service_factor == 1.0)
      diagnostics_.error(node.location, path, "the event changes nothing: give close, lanes or service_factor");
    return e;
  }

  /// Alternatives name crossings that may come later in the file: resolved once all are read.
  void resolve_alternatives(Scenario& s)
  {
    for (const auto& pending : pending_alternatives_) {
      auto& crossing = s.crossings[static_cast<std::size_t>(pending.crossing)];
      auto& flow = crossing.directions[static_cast<std::size_t>(pending.direction)].demand[static_cast<std::size_t>(pending.flow)];
      const std::string own_direction = crossing.directions[static_cast<std::size_t>(pending.direction)].id;
      for (const auto& alt : pending.node->find("alternatives")->items) {
        const ConfigNode* id = alt.find("crossing");
        if (!id || !id->is_scalar()) continue;
        const std::string alt_path = pending.path + ".alternatives." + id->scalar;
        Alternative a;
        std::string valid;
        for (std::size_t c = 0; c < s.crossings.size(); ++c) {
          if (s.crossings[c].id == id->scalar) a.crossing = static_cast<int>(c);
          valid += (valid.empty() ? "" : ", ") + s.crossings[c].id;
        }
        if (a.crossing < 0) {
          diagnostics_.error(id->location, alt_path + ".crossing", "unknown crossing '" + id->scalar + "'; valid: " + valid);
          continue;
        }
        if (a.crossing == pending.crossing) {
          diagnostics_.error(id->location, alt_path + ".crossing", "a crossing cannot be its own alternative");
          continue;
        }
        const Crossing& target = s.crossings[static_cast<std::size_t>(a.crossing)];
        const ConfigNode* dir = alt.find("direction");
        const std::string dir_id = dir && dir->is_scalar() ? dir->scalar : own_direction;
        a.direction = target.direction_index(dir_id);
        if (a.direction < 0) {
          diagnostics_.error(dir ? dir->location : id->location, alt_path + ".direction",
                             "crossing '" + target.id + "' has no direction '" + dir_id + "'");
          continue;
        }
        a.detour_s = checked(alt.find("detour"), "crossings[].directions[].demand[].alternatives[].detour").value_or(0);
        // The diverted class must be able to pass every stage it visits there.
        for (const auto& st : target.directions[static_cast<std::size_t>(a.direction)].stages) {
          const auto ci = static_cast<std::size_t>(flow.class_index);
          if (st.visit_probability[ci] <= 0) continue;
          const bool served = std::any_of(st.lane_groups.begin(), st.lane_groups.end(),
                                          [&](const LaneGroup& g) { return g.serves(flow.class_index); });
          if (!served || !st.service[ci])
            diagnostics_.error(id->location, alt_path,
                               "class '" + s.classes[ci].id + "' cannot pass stage '" + st.id + "' of crossing '" + target.id + "'");
          const auto& target_stages = target.directions[static_cast<std::size_t>(a.direction)].stages;
          const std::string first = may_meet_first_bounded(s, target_stages, static_cast<std::size_t>(&st - target_stages.data()), flow.class_index);
          if (!first.empty()) diagnostics_.error(id->location, alt_path, "diverted to crossing '" + target.id + "', " + first);
          const auto& target_demand = target.directions[static_cast<std::size_t>(a.direction)].demand;
          const std::string mixed = mixed_kinds(s, st, [&](auto&& visit) {
            visit(flow.class_index);
            for (const auto& other : target_demand) visit(other.class_index);
          });
          if (!mixed.empty()) diagnostics_.error(id->location, alt_path, "diverted here, " + mixed);
        }
        flow.alternatives.push_back(a);
      }
    }
  }

  int class_ref_key(const Scenario& s, const ConfigNode::Entry& entry, const std::string& path)
  {
    ConfigNode key = ConfigNode::make_scalar(entry.key, entry.key_location);
    return class_ref(s, key, path + "." + entry.key);
  }

  /// Why a stage would queue vehicles and people together, or "" when it queues one kind. `each_class` calls
  /// its argument with every class index that may reach the stage.
  template <class EachClass> static std::string mixed_kinds(const Scenario& s, const Stage& st, EachClass each_class)
  {
    std::string vehicles, people;
    each_class([&](int class_index) {
      const auto c = static_cast<std::size_t>(class_index);
      if (st.visit_probability[c] <= 0) return;
      std::string& list = s.classes[c].kind == ClassKind::person ? people : vehicles;
      if (list.find("'" + s.classes[c].id + "'") == std::string::npos) list += (list.empty() ? "'" : ", '") + s.classes[c].id + "'";
    });
    if (vehicles.empty() || people.empty()) return {};
    return "stage '" + st.id + "' would queue vehicles (" + vehicles + ") and people (" + people +
           ") together; give people their own stage, or keep them out with visit_probability";
  }

  void check_coverage(const Scenario& s, const Stage& st, const ConfigNode& node, const std::string& path,
                      const std::map<int, const ConfigNode*>& demand)
  {
    const std::string mixed = mixed_kinds(s, st, [&](auto&& visit) { for (const auto& [class_index, node_] : demand) visit(class_index); });
    if (!mixed.empty()) diagnostics_.error(node.location, path, mixed);
    for (const auto& [class_index, demand_node] : demand) {
      const auto c = static_cast<std::size_t>(class_index);
      if (st.visit_probability[c] <= 0) continue;
      const bool served = std::any_of(st.lane_groups.begin(), st.lane_groups.end(),
                                      [k = class_index](const LaneGroup& g) { return g.serves(k); });
      if (!served)
        diagnostics_.error(node.location, path + ".lanes",
                           "class '" + s.classes[c].id + "' has demand but no lane serves it at stage '" + st.id + "'");
      const ConfigNode* service = node.find("service");
      const bool written = service && service->is_map() && service->find(s.classes[c].id);
      if (!st.service[c] && !written) // a written but invalid one is reported where it stands
        diagnostics_.error(node.location, path + ".service",
                           "class '" + s.classes[c].id + "' has demand but no service time at stage '" + st.id + "'");
    }
  }

  struct PendingAlternatives {
    const ConfigNode* node;
    std::string path;
    int crossing;
    int direction;
    int flow;
  };

public:
  /// At most how often the lane groups' opening hours change over `horizon_s`.
  double hours_changes(double horizon_s) const
  {
    const double days = std::ceil(horizon_s / kSecondsPerDay);
    return hours_changes_per_day_ * days + hours_changes_per_year_ * (std::ceil(days / 365) + 1);
  }

private:
  const ConfigNode& root_;
  Diagnostics& diagnostics_;
  std::vector<std::string> layers_;
  double hours_changes_per_day_ = 0;  // two per daily window of each lane group
  double hours_changes_per_year_ = 0; // two per closed date range of each lane group
  std::size_t s_crossing_ = 0;
  std::size_t s_direction_ = 0;
  std::vector<PendingAlternatives> pending_alternatives_;
};

const ConfigNode* stage_node(const ConfigNode& root, std::size_t c, std::size_t d, std::size_t st)
{
  const ConfigNode* crossings = root.find("crossings");
  if (!crossings || c >= crossings->items.size()) return nullptr;
  const ConfigNode* dirs = crossings->items[c].find("directions");
  if (!dirs || d >= dirs->items.size()) return nullptr;
  const ConfigNode* stages = dirs->items[d].find("stages");
  if (!stages || st >= stages->items.size()) return nullptr;
  return &stages->items[st];
}

/// Warns where a flow books more vehicles on average than it has slots: its slot waits then grow without bound.
void warn_of_short_booking(const Scenario& scenario, const ConfigNode& root, const std::string& path, Diagnostics& diagnostics)
{
  const ConfigNode* crossings = root.find("crossings");
  for (std::size_t c = 0; c < scenario.crossings.size(); ++c) {
    const auto& crossing = scenario.crossings[c];
    for (std::size_t d = 0; d < crossing.directions.size(); ++d) {
      for (const auto& flow : crossing.directions[d].demand) {
        if (!flow.booking.on()) continue;
        // Over the run, profile included (an autumn run books more than the year's mean).
        const auto& sim = scenario.simulation;
        const double regular_share = 1 - flow.out_of_turn_share - flow.fast_track_share;
        const double booked_per_hour = flow.booking.share * regular_share * flow.mean_rate_per_s *
                                       flow.mean_factor(sim.calendar, 0, sim.horizon_s) * flow.scale * sim.demand_scale * kSecondsPerHour;
        if (booked_per_hour < flow.booking.slots_per_hour) continue;
        const std::string& class_id = scenario.classes[static_cast<std::size_t>(flow.class_index)].id;
        const ConfigNode* node = nullptr;
        const ConfigNode* dirs = crossings && c < crossings->items.size() ? crossings->items[c].find("directions") : nullptr;
        const ConfigNode* demand = dirs && d < dirs->items.size() ? dirs->items[d].find("demand") : nullptr;
        if (demand)
          for (const ConfigNode& item : demand->items)
            if (const ConfigNode* id = item.find("class"); id && id->is_scalar() && id->scalar == class_id) node = item.find("booking");
        diagnostics.warning(node ? node->location : SourceLocation{path, 1, 1},
                            "crossings." + crossing.id + ".directions." + crossing.directions[d].id + ".demand." + class_id + ".booking",
                            "books " + format_number(booked_per_hour, 3) + " vehicles an hour on average over the run for " +
                                format_number(flow.booking.slots_per_hour, 3) + " slots: the wait for a slot grows over the horizon");
      }
    }
  }
}

/// Refuses what a run could not finish, or could not write: from values the schema accepted (see checked()).
void check_run_size(const Scenario& scenario, const ConfigNode& root, double hours_changes, Diagnostics& diagnostics)
{
  const auto& sim = scenario.simulation;
  const ConfigNode* simulation = root.find("simulation");
  const ConfigNode* horizon = simulation ? simulation->find("horizon") : nullptr;
  if (!horizon) return; // reported as missing
  double expected_vehicles = 0;
  double expected_breakdowns = 0;
  std::size_t stages = 0;
  for (const auto& c : scenario.crossings) {
    for (const auto& d : c.directions) {
      stages += d.stages.size();
      for (const auto& f : d.demand) expected_vehicles += f.mean_rate_per_s * f.scale * sim.demand_scale * sim.horizon_s;
      for (const auto& st : d.stages)
        for (const auto& g : st.lane_groups)
          if (g.failures) expected_breakdowns += g.lane_count * sim.horizon_s / (g.failures->mtbf_s + g.failures->repair.mean());
    }
  }
  if (expected_vehicles > kMaxVehiclesPerReplication)
    diagnostics.error(horizon->location, "simulation.horizon",
                      "demand over this horizon is about " + format_number(expected_vehicles, 3) +
                          " vehicles per replication, more than the " + format_number(kMaxVehiclesPerReplication) +
                          " a run accepts; shorten the horizon or check the rates");
  if (hours_changes > kMaxHoursChangesPerReplication)
    diagnostics.error(horizon->location, "simulation.horizon",
                      "gives up to " + format_number(hours_changes) + " opening-hours changes per replication, more than the " +
                          format_number(kMaxHoursChangesPerReplication) +
                          " a run accepts; shorten the horizon or use fewer daily windows");
  if (expected_breakdowns > kMaxBreakdownsPerReplication)
    diagnostics.error(horizon->location, "simulation.horizon",
                      "lanes break down about " + format_number(expected_breakdowns, 3) + " times per replication, more than the " +
                          format_number(kMaxBreakdownsPerReplication) +
                          " a run accepts; shorten the horizon or check the failures' mtbf");
  // Point at the interval where the user wrote one, else at the horizon.
  const ConfigNode* interval = simulation->find("sample_interval");
  const bool interval_written = interval && interval->location.file != kDefaultOrigin;
  const double samples = sim.sample_interval_s > 0 ? std::floor(sim.horizon_s / sim.sample_interval_s) : 0;
  const double rows = sim.replications * samples * static_cast<double>(stages);
  if (samples <= kMaxSamplesPerReplication && rows > kMaxTimeseriesRows)
    diagnostics.error(interval_written ? interval->location : horizon->location,
                      interval_written ? "simulation.sample_interval" : "simulation.horizon",
                      "gives " + format_number(rows) + " rows of timeseries.csv (" + std::to_string(sim.replications) +
                          " replications x " + format_number(samples) + " samples x " + std::to_string(stages) +
                          " stages), more than " + format_number(kMaxTimeseriesRows) +
                          "; choose a longer simulation.sample_interval or fewer replications");
}

} // namespace

namespace {

/// Lanes of a group able to serve at t, with its hours and the scheduled events active then, and its breakdowns in
/// the long run (the model's rule, working_lanes, in expectation).
double lanes_at(const Stage& st, std::size_t group, const SimCalendar& calendar, double t_s, double& service_factor)
{
  const LaneGroup& g = st.lane_groups[group];
  std::vector<const ScheduledChange*> active;
  for (const auto& e : st.scheduled_changes)
    if (t_s >= e.start_s && t_s < e.end_s && (e.group < 0 || static_cast<std::size_t>(e.group) == group)) active.push_back(&e);
  const ChangeEffect effect = apply_changes(g.lanes_at(calendar, t_s), active);
  service_factor = effect.service_factor;
  return g.failures ? expected_working_lanes(effect.lanes, g.lane_count, g.availability()) : effect.lanes;
}

} // namespace

std::vector<StageLoad> offered_loads(const Scenario& scenario)
{
  std::vector<StageLoad> loads;
  const auto& sim = scenario.simulation;
  const double span_s = std::max(sim.horizon_s, kSecondsPerDay);
  const int days = static_cast<int>(std::min(std::ceil(span_s / kSecondsPerDay), 3660.0));
  for (std::size_t c = 0; c < scenario.crossings.size(); ++c) {
    const auto& crossing = scenario.crossings[c];
    for (std::size_t d = 0; d < crossing.directions.size(); ++d) {
      const auto& dir = crossing.directions[d];
      // Per class, the share of its demand that gets past the stages so far: an overloaded stage passes only what
      // it serves (1 / utilisation of those who visit it), so a stage behind it is offered no more than that.
      std::vector<double> passed(scenario.classes.size(), 1.0);
      int capped_by = -1;
      for (std::size_t k = 0; k < dir.stages.size(); ++k) {
        const Stage& st = dir.stages[k];
        double work = 0, demand_work = 0;
        for (const auto& flow : dir.demand) {
          const auto ci = static_cast<std::size_t>(flow.class_index);
          if (!st.service[ci]) continue;
          const double w = flow.mean_rate_per_s * flow.scale * sim.demand_scale * st.visit_probability[ci] * st.service[ci]->mean();
          demand_work += w;
          work += w * passed[ci];
        }
        double lanes = 0;
        for (const auto& g : st.lane_groups) lanes += g.mean_lanes(sim.calendar, 0, span_s) * g.availability();
        StageLoad load{static_cast<int>(c), static_cast<int>(d), static_cast<int>(k), lanes > 0 ? work / lanes : 1e9};
        load.demand_utilisation = lanes > 0 ? demand_work / lanes : 1e9;
        load.capped_by = capped_by;
        if (load.utilisation > 1) {
          for (std::size_t ci = 0; ci < passed.size(); ++ci)
            if (st.service[ci]) passed[ci] *= 1 - st.visit_probability[ci] + st.visit_probability[ci] / load.utilisation;
          capped_by = static_cast<int>(k);
        }
        // Day by day, sampled at the middle of each hour, then the worst seven-day window.
        std::vector<double> day_work(static_cast<std::size_t>(days), 0.0), day_lanes(static_cast<std::size_t>(days), 0.0);
        for (int day = 0; day < days; ++day) {
          for (int hour = 0; hour < 24; ++hour) {
            const double t = day * kSecondsPerDay + (hour + 0.5) * kSecondsPerHour;
            if (t >= span_s) break;
            double factor = 1;
            for (std::size_t g = 0; g < st.lane_groups.size(); ++g) day_lanes[static_cast<std::size_t>(day)] += lanes_at(st, g, sim.calendar, t, factor);
            for (const auto& flow : dir.demand) {
              const auto ci = static_cast<std::size_t>(flow.class_index);
              if (!st.service[ci]) continue;
              // The long-run share passed upstream: a stage upstream that falls behind in a peak week is warned of itself.
              day_work[static_cast<std::size_t>(day)] += flow.mean_rate_per_s * flow.scale * sim.demand_scale * flow.profile.factor(sim.calendar, t) *
                                                         st.visit_probability[ci] * st.service[ci]->mean() * factor * passed[ci];
            }
          }
        }
        const int window = std::min(7, days);
        for (int first = 0; first + window <= days; ++first) {
          double w = 0, l = 0;
          for (int day = first; day < first + window; ++day) {
            w += day_work[static_cast<std::size_t>(day)];
            l += day_lanes[static_cast<std::size_t>(day)];
          }
          const double u = l > 0 ? w / l : (w > 0 ? 1e9 : 0);
          if (u > load.peak_week_utilisation) {
            load.peak_week_utilisation = u;
            load.peak_week_start_s = first * kSecondsPerDay;
          }
        }
        loads.push_back(load);
      }
    }
  }
  return loads;
}

namespace {

/// `only: [ids]`: the crossings not listed are left out, so that one crossing can be run from a network's base
/// with the very same description. An id that names no crossing is an error at its item. A crossing kept whose
/// demand turns to one left out is reported by the alternatives' own check.
void keep_only_listed_crossings(ConfigNode& tree, Diagnostics& diagnostics)
{
  const ConfigNode* only = tree.find("only");
  ConfigNode* crossings = tree.find("crossings");
  if (!only || !only->is_sequence() || !crossings || !crossings->is_sequence()) return;
  const auto id_of = [](const ConfigNode& crossing) {
    const ConfigNode* id = crossing.find("id");
    return id && id->is_scalar() ? id->scalar : std::string();
  };
  std::string known;
  for (const auto& c : crossings->items) known += (known.empty() ? "" : ", ") + id_of(c);
  for (const auto& item : only->items) {
    if (!item.is_scalar()) continue; // the schema said so
    const bool found = std::any_of(crossings->items.begin(), crossings->items.end(), [&](const ConfigNode& c) { return id_of(c) == item.scalar; });
    if (!found) diagnostics.error(item.location, "only", "'" + item.scalar + "' is not a crossing of the scenario; its crossings: " + known);
  }
  std::erase_if(crossings->items, [&](const ConfigNode& c) {
    return std::none_of(only->items.begin(), only->items.end(), [&](const ConfigNode& item) { return item.scalar == id_of(c); });
  });
}

} // namespace

LoadedScenario load_scenario(const std::string& path, const std::vector<std::string>& overrides)
{
  LoadedScenario out;
  auto& diagnostics = out.diagnostics;
  std::vector<std::string> layers;
  auto file_tree = load_with_extends(path, identity_key, diagnostics, &layers);
  if (!file_tree) return out;
  auto tree = parse_yaml_text(kBuiltInDefaults, {"(built-in defaults)", 1, 1}, diagnostics);
  merge_into(*tree, *file_tree, identity_key, "");
  tree->location = {path, 1, 1}; // what the scenario lacks is missing from the user's file, not from the defaults
  // Keys in the order a reader expects, whatever the layering did.
  for (const char* key : {"crossings", "classes", "simulation", "description", "scenario"}) {
    auto it = std::find_if(tree->entries.begin(), tree->entries.end(), [&](const auto& e) { return e.key == key; });
    if (it != tree->entries.end()) std::rotate(tree->entries.begin(), it, it + 1);
  }
  for (std::size_t i = 0; i < overrides.size(); ++i)
    apply_override(*tree, overrides[i], static_cast<int>(i + 1), identity_key, diagnostics);
  check_against_schema(*tree, diagnostics);
  keep_only_listed_crossings(*tree, diagnostics);
  fill_defaults(*tree);
  out.effective_config = *tree;
  ScenarioBuilder builder(*tree, diagnostics, std::move(layers));
  Scenario scenario = builder.build();
  scenario.source_file = path;
  check_run_size(scenario, *tree, builder.hours_changes(scenario.simulation.horizon_s), diagnostics);
  if (diagnostics.has_errors()) return out;
  for (const auto& load : offered_loads(scenario)) {
    if (load.utilisation < 1.0 && load.peak_week_utilisation < 1.0) continue;
    const auto& crossing = scenario.crossings[static_cast<std::size_t>(load.crossing)];
    const auto& dir = crossing.directions[static_cast<std::size_t>(load.direction)];
    const auto& st = dir.stages[static_cast<std::size_t>(load.stage)];
    const ConfigNode* node = stage_node(*tree, static_cast<std::size_t>(load.crossing), static_cast<std::size_t>(load.direction),
                                        static_cast<std::size_t>(load.stage));
    const std::string key = "crossings." + crossing.id + ".directions." + dir.id + ".stages." + st.id;
    const SourceLocation where = node ? node->location : SourceLocation{path, 1, 1};
    const std::string upstream =
        load.capped_by < 0 ? std::string()
                           : " (of what '" + dir.stages[static_cast<std::size_t>(load.capped_by)].id + "' upstream passes; its demand alone offers " +
                                 format_number(load.demand_utilisation, 3) + ")";
    // Drivers who give up or do not join hold the first stage's queue, where every flow has them.
    const bool held_by_impatience =
        load.stage == 0 && std::all_of(dir.demand.begin(), dir.demand.end(), [](const DemandFlow& flow) {
          return flow.impatience.patience || flow.impatience.balk_queue_over >= 0;
        });
    if (load.utilisation >= 1.0 && held_by_impatience) {
      diagnostics.warning(where, key,
                          "offered utilisation " + format_number(load.utilisation, 3) + upstream +
                              " >= 1: the queue is held only by drivers who give up or do not join (see abandoned_per_day and "
                              "balked_per_day)");
    } else if (load.utilisation >= 1.0) {
      diagnostics.warning(where, key,
                          "offered utilisation " + format_number(load.utilisation, 3) + upstream +
                              " >= 1: the queue is unstable and grows over the horizon");
    } else {
      const int day = static_cast<int>(load.peak_week_start_s / kSecondsPerDay);
      diagnostics.warning(where, key,
                          "offered utilisation reaches " + format_number(load.peak_week_utilisation, 3) + upstream +
                              " in the week from day " + std::to_string(day) + " (" + scenario.simulation.calendar.date_after(day) +
                              "; profiles, hours and events included): the queue grows that week");
    }
  }
  warn_of_short_booking(scenario, *tree, path, diagnostics);
  out.scenario = std::move(scenario);
  return out;
}

} // namespace bordersim
