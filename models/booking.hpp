// The electronic queue: a share of a flow books a time slot and waits off-site until it, instead of queueing on the
// road (Kazakhstan's paid electronic queue; Karasu joined it on 20 October 2025).
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>

#include "models/distribution.hpp"

namespace bordersim {

/// The scenario key `demand[].booking`. The model, which the simulator and queueing_theory.hpp's
/// slotted_md1_mean_wait_s share:
/// - a flow's slots start every 3600 / slots_per_hour seconds from time zero, one vehicle each, round the clock;
/// - a vehicle that books (drawn per would-be arrival with probability `share`) takes the earliest slot not yet taken
///   that starts at or after the moment it would have arrived; the time until that slot is its slot wait, spent
///   off-site and reported apart from the waits at the posts;
/// - a share `no_show` of the booked never come (their slots go unused); the others arrive at the first stage at
///   their slot's start plus a lateness drawn from `lateness` (none when absent);
/// - out-of-turn and fast-track vehicles do not book: they keep their priority and pass outside the electronic queue,
///   as Kazakh rules let them (capped at 5% and 1% of capacity); `share` is drawn for every vehicle first, so the
///   share of the flow that books is `share` times its regular share (a priority vehicle that drew it does not stay
///   home either);
/// - a booked vehicle is committed: it neither stays home, balks, diverts nor gives up at the first stage.
struct Booking {
  double share = 0;          // 0: nobody books (the key is absent)
  double slots_per_hour = 0; // of this flow alone
  double no_show = 0;
  std::optional<Distribution> lateness; // after the slot's start; absent: on time

  bool on() const { return share > 0 && slots_per_hour > 0; }
  double slot_spacing_s() const { return 3600.0 / slots_per_hour; }
};

/// The slots one flow has handed out: slot k starts at k * spacing_s.
class SlotBook {
public:
  explicit SlotBook(double spacing_s = 0) : spacing_s_(spacing_s) {}
  /// Takes the earliest free slot starting at or after `wanted_s` and returns its start.
  double take(double wanted_s)
  {
    const auto first = static_cast<std::uint64_t>(std::ceil(wanted_s / spacing_s_));
    next_free_ = first > next_free_ ? first : next_free_;
    return static_cast<double>(next_free_++) * spacing_s_;
  }

private:
  double spacing_s_;
  std::uint64_t next_free_ = 0;
};

} // namespace bordersim
