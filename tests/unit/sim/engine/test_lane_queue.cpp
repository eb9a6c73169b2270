// The lane queue: priority levels, FIFO within each, and a waiting vehicle taken out by its ticket.
#include <catch2/catch.hpp>

#include <vector>

#include "sim/engine/lane_queue.hpp"

using namespace bordersim;

TEST_CASE("LaneQueue serves by level, in turn within a level", "[lane_queue]")
{
  LaneQueue q;
  q.push(PriorityLevel::Regular, 1);
  q.push(PriorityLevel::FastTrack, 2);
  q.push(PriorityLevel::Regular, 3);
  q.push(PriorityLevel::OutOfTurn, 4);
  REQUIRE(q.size() == 4);
  std::vector<std::uint32_t> order;
  while (!q.empty()) order.push_back(q.pop());
  CHECK(order == std::vector<std::uint32_t>{4, 2, 1, 3});
}

TEST_CASE("LaneQueue takes out a waiting vehicle by its ticket, wherever it stands", "[lane_queue]")
{
  LaneQueue q;
  std::vector<QueueTicket> tickets;
  for (std::uint32_t v = 0; v < 6; ++v) tickets.push_back(q.push(v == 4 ? PriorityLevel::OutOfTurn : PriorityLevel::Regular, v));
  q.remove(tickets[0]); // the front
  q.remove(tickets[3]); // the middle
  q.remove(tickets[4]); // a whole level
  CHECK(q.size() == 3);
  CHECK(q.pop() == 1);
  // Tickets stay valid as the queue moves: push after pops, then take out a later one.
  const QueueTicket later = q.push(PriorityLevel::Regular, 7);
  q.remove(tickets[5]);
  CHECK(q.size() == 2);
  CHECK(q.pop() == 2);
  q.remove(later);
  CHECK(q.empty());
  // Blanked places left behind do not count and are skipped.
  q.push(PriorityLevel::Regular, 9);
  CHECK(q.size() == 1);
  CHECK(q.pop() == 9);
  CHECK(q.empty());
}
