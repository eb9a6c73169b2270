#include "models/scenario.hpp"

#include <algorithm>
#include <stdexcept>

namespace bordersim {

std::vector<int> linked_crossings(const Scenario& scenario, int crossing)
{
  const std::size_t n = scenario.crossings.size();
  // Diversion links are symmetric here: a flow diverting from A to B makes each crossing's queues the other's.
  std::vector<std::vector<int>> links(n);
  for (std::size_t c = 0; c < n; ++c)
    for (const auto& d : scenario.crossings[c].directions)
      for (const auto& f : d.demand)
        for (const auto& a : f.alternatives) {
          links[c].push_back(a.crossing);
          links[static_cast<std::size_t>(a.crossing)].push_back(static_cast<int>(c));
        }
  std::vector<bool> reached(n, false);
  std::vector<int> pending{crossing};
  reached[static_cast<std::size_t>(crossing)] = true;
  while (!pending.empty()) {
    const int c = pending.back();
    pending.pop_back();
    for (int other : links[static_cast<std::size_t>(c)])
      if (!reached[static_cast<std::size_t>(other)]) {
        reached[static_cast<std::size_t>(other)] = true;
        pending.push_back(other);
      }
  }
  std::vector<int> out;
  for (std::size_t c = 0; c < n; ++c)
    if (reached[c]) out.push_back(static_cast<int>(c));
  return out;
}

Scenario with_crossings(const Scenario& scenario, const std::vector<int>& kept)
{
  std::vector<int> new_index(scenario.crossings.size(), -1);
  for (std::size_t k = 0; k < kept.size(); ++k) new_index[static_cast<std::size_t>(kept[k])] = static_cast<int>(k);
  Scenario out = scenario;
  out.crossings.clear();
  for (int c : kept) {
    Crossing crossing = scenario.crossings[static_cast<std::size_t>(c)];
    for (auto& d : crossing.directions)
      for (auto& f : d.demand)
        for (auto& a : f.alternatives) {
          a.crossing = new_index[static_cast<std::size_t>(a.crossing)];
          if (a.crossing < 0) throw std::logic_error("with_crossings: an alternative points to a crossing left out");
        }
    out.crossings.push_back(std::move(crossing));
  }
  return out;
}

} // namespace bordersim
