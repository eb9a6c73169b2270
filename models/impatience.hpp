// Impatient drivers of a demand flow: those who give up waiting at the first stage (patience), those who do not
// join a long queue (balking), and the demand that stays home while the queue is long.
#pragma once

#include <optional>

#include "models/distribution.hpp"

namespace bordersim {

/// All three act at the first stage of the flow's own route (the queue a driver sees on arriving); a vehicle
/// that came by diverting from another crossing is committed and does none of them.
struct Impatience {
  std::optional<Distribution> patience; // time a vehicle waits in the first stage's queue before it leaves
  int balk_queue_over = -1;             // -1: never; otherwise more than this many waiting: it does not join
  int stay_home_queue_over = -1;        // -1: never; otherwise more than this many waiting: a share stays home
  double stay_home_share = 0;           // that share, drawn per would-be arrival

  bool balks(int waiting) const { return balk_queue_over >= 0 && waiting > balk_queue_over; }
  bool may_stay_home(int waiting) const { return stay_home_queue_over >= 0 && stay_home_share > 0 && waiting > stay_home_queue_over; }
};

} // namespace bordersim
