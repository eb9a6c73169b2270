// timeseries.csv reduced to what the charts draw: queues across replications, closures, one replication's replay.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "viz/results_folder.hpp"

namespace bordersim::viz {

struct StageClosure {
  std::string stage;
  double from_h = 0, to_h = 0;
};

/// A crossing-direction's queue of one kind over time, across replications: the vehicles waiting at all its
/// vehicle stages, or the people waiting at all its people's stages. The two are never added.
struct QueueSeries {
  std::string crossing, direction;
  std::string kind = "vehicle"; // "vehicle" or "person"
  std::vector<double> time_h;
  std::vector<double> mean_waiting, min_waiting, max_waiting; // vehicles or people, as `kind`
  std::vector<double> mean_km, min_km, max_km;
  std::vector<StageClosure> closures; // times when a stage had no open lane, in any replication
};

struct ReplayStage {
  std::string crossing, direction, stage;
  std::string kind = "vehicle";
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

/// What queues at each stage, by "crossing/direction/stage": "vehicle" or "person" (stages.csv's kind column).
/// A stage not listed is a vehicle stage, as in folders written before that column.
using StageKinds = std::map<std::string, std::string>;

/// Reads `path` once, streaming and strictly (ResultsFileReader); each crossing-direction's vehicle stages and
/// people's stages are summed apart (`kinds`). Throws std::runtime_error("file:line:col: ...") when a needed
/// column is missing or a record is malformed.
TimeseriesDigest digest_timeseries(const std::string& path, const DigestLimits& limits = {}, const StageKinds& kinds = {});

/// The stage kinds of a run's stages.csv (none without the file or its kind column).
StageKinds stage_kinds(const RunFolder& run);

/// The run's timeseries.csv digested with its stage kinds.
TimeseriesDigest digest_run_timeseries(const RunFolder& run, const DigestLimits& limits = {});

} // namespace bordersim::viz
