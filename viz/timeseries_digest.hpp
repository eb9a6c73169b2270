// timeseries.csv reduced to what the charts draw: queues across replications, closures, one replication's replay.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace bordersim::viz {

struct StageClosure {
  std::string stage;
  double from_h = 0, to_h = 0;
};

/// A crossing-direction's queue (vehicles waiting at all its stages) over time, across replications.
struct QueueSeries {
  std::string crossing, direction;
  std::vector<double> time_h;
  std::vector<double> mean_vehicles, min_vehicles, max_vehicles;
  std::vector<double> mean_km, min_km, max_km;
  std::vector<StageClosure> closures; // times when a stage had no open lane, in any replication
};

struct ReplayStage {
  std::string crossing, direction, stage;
  std::vector<double> queue_len, busy_lanes, open_lanes;
};

/// One replication's samples, every `stride`-th kept, for the time slider.
struct Replay {
  int replication = 0;
  std::size_t stride = 1;
  std::vector<double> time_h;
  std::vector<ReplayStage> stages;
};

struct TimeseriesDigest {
  std::size_t samples = 0;      // sample times per replication in the file
  std::size_t queue_stride = 1; // samples per point of a QueueSeries
  int replications = 0;
  double interval_h = 0;        // time between two samples
  std::vector<QueueSeries> queues;
  Replay replay;
};

struct DigestLimits {
  std::size_t max_points = 2000; // per queue series
  std::size_t max_frames = 3000; // replay frames
};

/// Reads `path` once, streaming and strictly (ResultsFileReader). Throws std::runtime_error("file:line:col: ...")
/// when a needed column is missing or a record is malformed.
TimeseriesDigest digest_timeseries(const std::string& path, const DigestLimits& limits = {});

} // namespace bordersim::viz
