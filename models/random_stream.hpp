// A random stream per stochastic source, derived from the seed and a stable name.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <string_view>

namespace bordersim {

/// Mixes a 64-bit value so that nearby inputs give unrelated outputs (a splitmix-style finaliser).
constexpr std::uint64_t mix64(std::uint64_t x)
{
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// FNV-1a over the bytes of a name: stable across runs, platforms and compilers.
constexpr std::uint64_t hash_name(std::string_view name)
{
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

/// Stream seeds depend only on (seed, replication, name): adding a source never shifts another's draws,
/// and two scenarios with the same seed share draws source by source (common random numbers).
constexpr std::uint64_t derive_stream_seed(std::uint64_t seed, std::uint64_t replication, std::string_view name)
{
  return mix64(mix64(seed) ^ mix64(replication + 0x632be59bd9b4e019ULL) ^ hash_name(name));
}

class RandomStream {
public:
  RandomStream() = default;
  explicit RandomStream(std::uint64_t stream_seed) : engine_(stream_seed) {}

  /// Uniform on the open interval (0, 1): never 0, so log() is always finite.
  double uniform_open()
  {
    return (static_cast<double>(engine_() >> 11) + 0.5) * 0x1.0p-53;
  }
  double exponential(double mean) { return -mean * std::log(uniform_open()); }
  bool bernoulli(double probability) { return uniform_open() < probability; }
  /// Standard normal by the polar method; both variates of a pair are used.
  double standard_normal()
  {
    if (has_spare_normal_) {
      has_spare_normal_ = false;
      return spare_normal_;
    }
    double u = 0;
    double v = 0;
    double s = 0;
    do {
      u = 2.0 * uniform_open() - 1.0;
      v = 2.0 * uniform_open() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double factor = std::sqrt(-2.0 * std::log(s) / s);
    spare_normal_ = v * factor;
    has_spare_normal_ = true;
    return u * factor;
  }

private:
  std::mt19937_64 engine_{0};
  double spare_normal_ = 0;
  bool has_spare_normal_ = false;
};

} // namespace bordersim
