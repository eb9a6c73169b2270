// Demand: a non-homogeneous Poisson arrival process per class and direction, shaped by calendar profiles.
#pragma once

#include <array>
#include <vector>

#include "models/booking.hpp"
#include "models/calendar.hpp"
#include "models/impatience.hpp"
#include "models/random_stream.hpp"

namespace bordersim {

/// Weights normalised to mean 1, so the profile reshapes demand without changing its average.
struct DemandProfile {
  std::array<double, 24> hourly;
  std::array<double, 7> weekday; // Monday first
  std::array<double, 12> monthly;

  static DemandProfile flat();
  bool is_flat() const;
  double factor(const SimCalendar& calendar, double t_s) const;
};

/// Normalises weights to mean 1; returns false when they are not all >= 0 with a positive sum.
bool normalise_weights(std::vector<double>& weights);

/// Another crossing a flow may divert to.
struct Alternative {
  int crossing = -1;
  int direction = -1;
  double detour_s = 0;
};

struct DemandFlow {
  int class_index = 0;
  double mean_rate_per_s = 0; // averaged over the profile, before demand_scale
  DemandProfile profile = DemandProfile::flat();
  bool flat = true; // profile.is_flat(), kept by the loader: the common case skips the hourly walk
  double scale = 1.0;            // this flow's own factor, on top of the scenario's demand_scale
  double out_of_turn_share = 0;  // served first
  double fast_track_share = 0;   // served next
  std::vector<Alternative> alternatives;
  int divert_queue_over = -1;    // -1: never balk on queue length
  double divert_share = 1.0;     // share of vehicles free to use the alternatives
  Impatience impatience;         // patience, balking and staying home at the first stage; off by default
  Booking booking;               // the electronic queue; off by default

  /// The profile's mean over [from_s, to_s), sampled at the middle of each hour (1 for a flat profile): the rate the
  /// flow offers over a window, for the design capacity's traffic mix and the load checks.
  double mean_factor(const SimCalendar& calendar, double from_s, double to_s) const;

  /// Next arrival after t_s, by inverting the integrated rate (exact for the hourly piecewise rate).
  /// Returns kNever if none comes before limit_s.
  double next_arrival_s(const SimCalendar& calendar, double t_s, double demand_scale, RandomStream& stream,
                        double limit_s) const;
};

} // namespace bordersim
