#include "sim/results/replication_result.hpp"

#include <cstdio>
#include <memory>
#include <stdexcept>

namespace bordersim {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

class Writer {
public:
  explicit Writer(const std::string& path) : file_(std::fopen(path.c_str(), "wb"))
  {
    if (!file_) throw std::runtime_error("cannot write " + path);
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
  void close()
  {
    if (std::fclose(file_.release()) != 0) throw std::runtime_error("cannot finish writing a replication result");
  }

private:
  File file_;
};

class Reader {
public:
  explicit Reader(const std::string& path) : file_(std::fopen(path.c_str(), "rb"))
  {
    if (!file_) throw std::runtime_error("cannot read " + path);
  }
  template <class T> void get(T& value)
  {
    if (std::fread(&value, sizeof value, 1, file_.get()) != 1) throw std::runtime_error("truncated replication result");
  }
  void get(LogHistogram& h)
  {
    std::uint64_t zeros = 0;
    std::uint64_t size = 0;
    get(zeros);
    get(size);
    std::vector<std::pair<std::uint32_t, std::uint64_t>> sparse(size);
    for (auto& [b, n] : sparse) {
      get(b);
      get(n);
    }
    h.restore(zeros, sparse);
  }

private:
  File file_;
};

template <class Archive, class Flow> void visit_flow(Archive& a, Flow& f)
{
  a.put_or_get(f.arrivals, f.departures, f.in_system_at_warmup, f.in_system_at_end, f.cohort_done, f.diverted_out, f.diverted_in,
               f.wait_sum_s, f.wait_max_s,
               f.system_sum_s, f.system_max_s, f.wait, f.system_time);
}

template <class Archive, class Stage> void visit_stage(Archive& a, Stage& s)
{
  a.put_or_get(s.served, s.cohort_waits, s.wait_sum_s, s.wait_max_s, s.wait, s.queue_integral, s.queue_m_integral,
               s.serving_integral, s.holding_integral, s.open_integral, s.queue_max, s.queue_m_max);
}

struct Out {
  Writer& w;
  template <class... T> void put_or_get(const T&... values) { (w.put(values), ...); }
};
struct In {
  Reader& r;
  template <class... T> void put_or_get(T&... values) { (r.get(values), ...); }
};

} // namespace

void ReplicationResult::write(const std::string& path) const
{
  Writer w(path);
  Out out{w};
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
  r.get(result.replication);
  r.get(result.window_s);
  r.get(result.vehicles);
  std::uint64_t n = 0;
  r.get(n);
  result.flows.resize(n);
  for (auto& f : result.flows) visit_flow(in, f);
  r.get(n);
  result.stages.resize(n);
  for (auto& s : result.stages) visit_stage(in, s);
  return result;
}

} // namespace bordersim
