#include "sim/results/replication_result.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <system_error>

#include "models/formats/input_file.hpp"

namespace bordersim {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

class Writer {
public:
  explicit Writer(const std::string& path) : path_(path), file_(std::fopen(path.c_str(), "wb"))
  {
    if (!file_) throw std::system_error(errno, std::generic_category(), "cannot create " + path);
  }
  template <class T> void put(const T& value) { std::fwrite(&value, sizeof value, 1, file_.get()); }
  void put(const LogHistogram& h)
  {
    const auto sparse = h.sparse();
    put(h.zeros());
    put(static_cast<std::uint64_t>(sparse.size()));
    for (const auto& [b, n] : sparse) {
      put(b);
      put(n);
    }
  }
  /// Throws, naming the file and the system's reason, when any write failed (a full disk).
  void close()
  {
    std::FILE* file = file_.release();
    const bool write_failed = std::ferror(file) != 0; // the error of an earlier put() sticks to the stream
    if (std::fclose(file) != 0 || write_failed) throw std::system_error(errno, std::generic_category(), "cannot write " + path_);
  }

private:
  std::string path_;
  File file_;
};

// The file starts with a magic number and a format version, and ends where its last stage ends: a file of
// zeros, one from another version, a cut one or one with bytes after the result is refused. Worker and parent
// are the same binary, so the version only changes with the format.
constexpr char kMagic[8] = {'B', 'S', 'I', 'M', 'R', 'E', 'P', 'L'};
constexpr std::uint32_t kFormatVersion = 7; // 6: flows' electronic queue; 7: stages' queue split by a waiting zone
// Far beyond a real result (a few MB for the whole network): only garbage comes near it.
constexpr std::uint64_t kMaxResultBytes = kGiB;
// The fewest bytes each element takes, to bound a count by what is left of the file before allocating.
constexpr std::uint64_t kHistogramMinBytes = 2 * sizeof(std::uint64_t);
constexpr std::uint64_t kBucketBytes = sizeof(std::uint32_t) + sizeof(std::uint64_t);
constexpr std::uint64_t kHourMinBytes = sizeof(std::uint32_t) + sizeof(std::uint64_t) + sizeof(double) + kHistogramMinBytes;
constexpr std::uint64_t kFlowMinBytes = 20 * sizeof(std::uint64_t) + 8 * sizeof(double) + 3 * kHistogramMinBytes;
constexpr std::uint64_t kStageMinBytes = 3 * sizeof(std::uint64_t) + 16 * sizeof(double) + kHistogramMinBytes;
// One past the highest bucket a finite double can fall in (exponent 1023).
constexpr std::uint64_t kBucketLimit = std::uint64_t{1024 - LogHistogram::kLowestExponent} << LogHistogram::kSubBucketBits;

class Reader {
public:
  explicit Reader(const std::string& path) : path_(path), bytes_(read_input_file(path, kMaxResultBytes)) {}
  [[noreturn]] void fail(const std::string& message) const { throw std::runtime_error(path_ + ": " + message); }
  std::uint64_t left() const { return bytes_.size() - at_; }
  template <class T> void get(T& value)
  {
    if (left() < sizeof value) fail("truncated replication result");
    std::memcpy(&value, bytes_.data() + at_, sizeof value);
    at_ += sizeof value;
  }
  /// A count of elements of at least `min_bytes` each: no more than what is left of the file can hold.
  std::uint64_t count(std::uint64_t min_bytes, const char* what)
  {
    std::uint64_t n = 0;
    get(n);
    if (n > left() / min_bytes) fail("truncated or garbled replication result: " + std::to_string(n) + " " + what + " announced");
    return n;
  }
  void get(LogHistogram& h)
  {
    std::uint64_t zeros = 0;
    get(zeros);
    auto& sparse = sparse_; // one buffer for every histogram of the file: a result holds thousands
    sparse.resize(count(kBucketBytes, "histogram buckets"));
    for (std::size_t k = 0; k < sparse.size(); ++k) {
      get(sparse[k].first);
      get(sparse[k].second);
      if (sparse[k].first >= kBucketLimit || (k > 0 && sparse[k].first <= sparse[k - 1].first))
        fail("garbled replication result: histogram bucket " + std::to_string(sparse[k].first));
      if (sparse[k].second == 0 || sparse[k].second > LogHistogram::kMaxBucketCount)
        fail("garbled replication result: a histogram bucket counting " + std::to_string(sparse[k].second));
    }
    h.restore(zeros, sparse);
  }
  void header()
  {
    char magic[sizeof kMagic] = {};
    for (char& c : magic) get(c);
    if (std::memcmp(magic, kMagic, sizeof kMagic) != 0) fail("not a replication result");
    std::uint32_t version = 0;
    get(version);
    if (version != kFormatVersion)
      fail("a replication result in format " + std::to_string(version) + "; this bordersim reads format " +
           std::to_string(kFormatVersion));
  }
  void end() const
  {
    if (left() != 0) fail(std::to_string(left()) + " bytes after the end of the replication result");
  }

private:
  std::string path_;
  std::string bytes_;
  std::size_t at_ = 0;
  std::vector<std::pair<std::uint32_t, std::uint64_t>> sparse_;
};

template <class Archive, class Flow> void visit_flow(Archive& a, Flow& f)
{
  a.put_or_get(f.arrivals, f.departures, f.in_system_at_warmup, f.in_system_at_end, f.cohort_done, f.diverted_out, f.diverted_in,
               f.wait_sum_s, f.wait_max_s, f.system_sum_s, f.system_max_s, f.wait, f.system_time, f.cohort_unfinished,
               f.unfinished_wait_sum_s, f.cohort_still_in_system_after_drain);
  a.arrival_hours(f.by_arrival_hour);
  a.put_or_get(f.abandoned, f.diverted_impatient, f.balked, f.suppressed, f.cohort_gave_up, f.gave_up_wait_sum_s);
  a.put_or_get(f.booked, f.no_shows, f.arrivals_booked, f.awaiting_slot_at_warmup, f.awaiting_slot_at_end, f.slot_wait_sum_s,
               f.slot_wait_max_s, f.slot_wait);
}

template <class Archive, class Stage> void visit_stage(Archive& a, Stage& s)
{
  a.put_or_get(s.served, s.cohort_waits, s.wait_sum_s, s.wait_max_s, s.wait, s.queue_integral, s.queue_m_integral,
               s.serving_integral, s.holding_integral, s.open_integral, s.staff_cost_integral, s.queue_max, s.queue_m_max, s.broken_integral);
  a.put_or_get(s.zone_integral, s.road_integral, s.road_m_integral, s.road_max, s.road_m_max);
  a.values(s.queue_batch_means);
}

// The hours of arrival are written sparsely, only those with vehicles: most flows of a network are empty (a class
// with no demand on a route), and most of a night post's hours too.
using ArrivalHours = std::array<ArrivalHourTally, kHoursPerDay>;
struct Out {
  Writer& w;
  template <class... T> void put_or_get(const T&... values) { (w.put(values), ...); }
  void values(const std::vector<double>& v)
  {
    w.put(static_cast<std::uint64_t>(v.size()));
    for (double x : v) w.put(x);
  }
  void arrival_hours(const ArrivalHours& hours)
  {
    const auto used = static_cast<std::uint64_t>(std::count_if(hours.begin(), hours.end(), [](const auto& h) { return h.count > 0; }));
    w.put(used);
    for (std::uint32_t hour = 0; hour < kHoursPerDay; ++hour)
      if (hours[hour].count > 0) put_or_get(hour, hours[hour].count, hours[hour].wait_sum_s, hours[hour].wait);
  }
};
struct In {
  Reader& r;
  template <class... T> void put_or_get(T&... values) { (r.get(values), ...); }
  void values(std::vector<double>& v)
  {
    v.resize(r.count(sizeof(double), "batch means"));
    for (double& x : v) r.get(x);
  }
  void arrival_hours(ArrivalHours& hours)
  {
    const std::uint64_t used = r.count(kHourMinBytes, "hours of arrival");
    std::int64_t last = -1;
    for (std::uint64_t k = 0; k < used; ++k) {
      std::uint32_t hour = 0;
      r.get(hour);
      if (hour >= kHoursPerDay || static_cast<std::int64_t>(hour) <= last) r.fail("garbled replication result: hour of arrival " + std::to_string(hour));
      last = hour;
      put_or_get(hours[hour].count, hours[hour].wait_sum_s, hours[hour].wait);
    }
  }
};

} // namespace

void ReplicationResult::write(const std::string& path) const
{
  Writer w(path);
  Out out{w};
  for (const char c : kMagic) w.put(c);
  w.put(kFormatVersion);
  w.put(replication);
  w.put(window_s);
  w.put(vehicles);
  w.put(static_cast<std::uint64_t>(flows.size()));
  for (const auto& f : flows) visit_flow(out, f);
  w.put(static_cast<std::uint64_t>(stages.size()));
  for (const auto& s : stages) visit_stage(out, s);
  w.close();
}

ReplicationResult ReplicationResult::read(const std::string& path)
{
  Reader r(path);
  In in{r};
  ReplicationResult result;
  r.header();
  r.get(result.replication);
  r.get(result.window_s);
  // per_day() divides by the window.
  if (!(result.window_s > 0) || !std::isfinite(result.window_s))
    r.fail("garbled replication result: a measurement window of " + std::to_string(result.window_s) + " s");
  r.get(result.vehicles);
  result.flows.resize(r.count(kFlowMinBytes, "flows"));
  for (auto& f : result.flows) visit_flow(in, f);
  result.stages.resize(r.count(kStageMinBytes, "stages"));
  for (auto& s : result.stages) visit_stage(in, s);
  r.end();
  return result;
}

} // namespace bordersim
