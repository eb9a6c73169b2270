#include "viz/timeseries_digest.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include "models/formats/output_files.hpp"
#include "models/formats/units.hpp"
#include "viz/results_folder.hpp"

namespace bordersim::viz {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
const std::string kVehicle = "vehicle";

/// Per sample time, across replications: sum, min and max of one quantity.
struct Spread {
  std::vector<double> sum, min, max;
  std::vector<int> count;

  void add(std::size_t k, double x)
  {
    if (k >= sum.size()) {
      sum.resize(k + 1, 0.0);
      min.resize(k + 1, kInf);
      max.resize(k + 1, -kInf);
      count.resize(k + 1, 0);
    }
    sum[k] += x;
    min[k] = std::min(min[k], x);
    max[k] = std::max(max[k], x);
    ++count[k];
  }
};

struct DirectionAccumulator {
  std::string crossing, direction, kind;
  Spread waiting, km;                       // vehicles or people, as `kind`
  double sample_waiting = 0, sample_km = 0; // the sample being read
  bool in_sample = false;
};

struct StageAccumulator {
  std::size_t direction = 0; // index of its DirectionAccumulator
  std::string stage;
  std::vector<char> closed;                     // per sample time: no open lane in some replication
  std::vector<double> queue_len, busy, open;    // the replay replication, every sample
};

/// A required column: ResultsFileReader has refused a file without it (and a row with it empty).
std::size_t required(const ResultsFileReader& reader, const char* name) { return *reader.column(name); }

double number_or_zero(const std::string& field)
{
  const auto v = parse_number_exact(field);
  return v ? *v : 0.0;
}

template <typename T> void put(std::vector<T>& v, std::size_t k, T x)
{
  if (k >= v.size()) v.resize(k + 1, T{});
  v[k] = x;
}

std::size_t stride_for(std::size_t samples, std::size_t limit)
{
  limit = std::max<std::size_t>(limit, 1);
  return samples <= limit ? 1 : (samples + limit - 1) / limit;
}

/// Buckets of `stride` consecutive samples: the mean of the means, the lowest minimum, the highest maximum, so
/// the band keeps every peak. A bucket's time is its last sample's (a sample closes its interval).
void downsample(const Spread& s, const std::vector<double>& times, std::size_t stride, std::vector<double>& out_time,
                std::vector<double>& out_mean, std::vector<double>& out_min, std::vector<double>& out_max)
{
  const std::size_t n = std::min(times.size(), s.sum.size());
  for (std::size_t first = 0; first < n; first += stride) {
    const std::size_t last = std::min(n, first + stride);
    double mean_sum = 0, lo = kInf, hi = -kInf;
    int used = 0;
    for (std::size_t k = first; k < last; ++k) {
      if (s.count[k] == 0) continue;
      mean_sum += s.sum[k] / s.count[k];
      lo = std::min(lo, s.min[k]);
      hi = std::max(hi, s.max[k]);
      ++used;
    }
    if (used == 0) continue;
    out_time.push_back(times[last - 1]);
    out_mean.push_back(mean_sum / used);
    out_min.push_back(lo);
    out_max.push_back(hi);
  }
}

} // namespace

TimeseriesDigest digest_timeseries(const std::string& path, const DigestLimits& limits, const StageKinds& kinds)
{
  ResultsFileReader reader(path);
  const std::size_t c_rep = required(reader, "replication"), c_time = required(reader, "time_h"),
                    c_crossing = required(reader, "crossing"), c_direction = required(reader, "direction"),
                    c_stage = required(reader, "stage"), c_queue = required(reader, "queue_len"),
                    c_km = required(reader, "queue_km"), c_busy = required(reader, "busy_lanes"),
                    c_open = required(reader, "open_lanes");

  std::vector<DirectionAccumulator> directions;
  std::vector<StageAccumulator> stages;
  std::map<std::string, std::size_t> direction_of, stage_of;
  std::vector<double> times; // sample times, from whichever replication reached them first
  std::string replication, replay_replication;
  double time_h = -kInf;
  std::size_t k = 0; // sample index within the replication
  int replications = 0;
  bool any = false;

  const auto close_sample = [&] {
    for (auto& d : directions) {
      if (!d.in_sample) continue;
      d.waiting.add(k, d.sample_waiting);
      d.km.add(k, d.sample_km);
      d.sample_waiting = d.sample_km = 0;
      d.in_sample = false;
    }
  };

  std::vector<std::string> f;
  while (reader.next(f)) {
    const double t = reader.number(c_time);
    if (!any || f[c_rep] != replication) {
      if (any) close_sample();
      if (!any) replay_replication = f[c_rep];
      replication = f[c_rep];
      ++replications;
      k = 0;
      time_h = t;
      any = true;
    } else if (t != time_h) {
      close_sample();
      ++k;
      time_h = t;
    }
    if (k >= times.size()) times.push_back(t);

    // People and vehicles are summed apart: a series per crossing, direction and kind.
    const std::string direction_key = f[c_crossing] + '\x1f' + f[c_direction];
    const auto kind_it = kinds.find(f[c_crossing] + '/' + f[c_direction] + '/' + f[c_stage]);
    const std::string& kind = kind_it == kinds.end() ? kVehicle : kind_it->second;
    auto [dit, new_direction] = direction_of.try_emplace(direction_key + '\x1f' + kind, directions.size());
    if (new_direction) directions.push_back({f[c_crossing], f[c_direction], kind, {}, {}, 0, 0, false});
    DirectionAccumulator& d = directions[dit->second];
    const double queue = reader.number(c_queue);
    d.sample_waiting += queue;
    d.sample_km += reader.number(c_km);
    d.in_sample = true;

    auto [sit, new_stage] = stage_of.try_emplace(direction_key + '\x1f' + f[c_stage], stages.size());
    if (new_stage) stages.push_back({dit->second, f[c_stage], {}, {}, {}, {}});
    StageAccumulator& s = stages[sit->second];
    const double open = reader.number(c_open);
    if (open == 0) put<char>(s.closed, k, 1);
    if (replication == replay_replication) {
      put(s.queue_len, k, queue);
      put(s.busy, k, reader.number(c_busy));
      put(s.open, k, open);
    }
  }
  if (any) close_sample();

  TimeseriesDigest out;
  out.samples = times.size();
  out.replications = replications;
  out.interval_h = times.size() >= 2 ? times[1] - times[0] : (times.empty() ? 0.0 : times[0]);
  out.queue_stride = stride_for(times.size(), limits.max_points);

  for (const auto& d : directions) {
    QueueSeries q;
    q.crossing = d.crossing;
    q.direction = d.direction;
    q.kind = d.kind;
    std::vector<double> km_time;
    downsample(d.waiting, times, out.queue_stride, q.time_h, q.mean_waiting, q.min_waiting, q.max_waiting);
    downsample(d.km, times, out.queue_stride, km_time, q.mean_km, q.min_km, q.max_km);
    out.queues.push_back(std::move(q));
  }
  // A closed sample shades half an interval either side of its instant; runs of closed samples merge.
  const double half = out.interval_h / 2;
  for (const auto& s : stages) {
    auto& closures = out.queues[s.direction].closures;
    for (std::size_t i = 0; i < s.closed.size(); ++i) {
      if (!s.closed[i]) continue;
      std::size_t j = i;
      while (j + 1 < s.closed.size() && s.closed[j + 1]) ++j;
      closures.push_back({s.stage, std::max(0.0, times[i] - half), times[j] + half});
      i = j;
    }
  }

  out.replay.replication = static_cast<int>(number_or_zero(replay_replication));
  out.replay.stride = stride_for(times.size(), limits.max_frames);
  for (std::size_t i = 0; i < times.size(); i += out.replay.stride) out.replay.time_h.push_back(times[i]);
  for (const auto& s : stages) {
    ReplayStage r;
    r.crossing = directions[s.direction].crossing;
    r.direction = directions[s.direction].direction;
    r.kind = directions[s.direction].kind;
    r.stage = s.stage;
    for (std::size_t i = 0; i < times.size(); i += out.replay.stride) {
      const auto at = [i](const std::vector<double>& v) { return i < v.size() ? v[i] : 0.0; };
      r.queue_len.push_back(at(s.queue_len));
      r.busy_lanes.push_back(at(s.busy));
      r.open_lanes.push_back(at(s.open));
    }
    out.replay.stages.push_back(std::move(r));
  }
  return out;
}

StageKinds stage_kinds(const RunFolder& run)
{
  StageKinds kinds;
  if (!run.stages || !run.stages->column("kind")) return kinds;
  const CsvTable& t = *run.stages;
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    kinds[t.cell(r, "crossing") + '/' + t.cell(r, "direction") + '/' + t.cell(r, "stage")] = t.cell(r, "kind");
  return kinds;
}

TimeseriesDigest digest_run_timeseries(const RunFolder& run, const DigestLimits& limits)
{
  return digest_timeseries(run.file(output_file::timeseries), limits, stage_kinds(run));
}

} // namespace bordersim::viz
