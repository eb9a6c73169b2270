#include "models/demand.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "models/schedule.hpp"
#include "models/formats/units.hpp"

namespace bordersim {

DemandProfile DemandProfile::flat()
{
  DemandProfile p{};
  p.hourly.fill(1.0);
  p.weekday.fill(1.0);
  p.monthly.fill(1.0);
  return p;
}

bool DemandProfile::is_flat() const
{
  auto all_one = [](const auto& a) { return std::all_of(a.begin(), a.end(), [](double x) { return x == 1.0; }); };
  return all_one(hourly) && all_one(weekday) && all_one(monthly);
}

double DemandProfile::factor(const SimCalendar& calendar, double t_s) const
{
  const double second_of_day = t_s - calendar.start_of_day_s(t_s);
  const auto hour = std::min<std::size_t>(23, static_cast<std::size_t>(second_of_day / kSecondsPerHour));
  return hourly[hour] * weekday[static_cast<std::size_t>(calendar.weekday_index(t_s))] *
         monthly[static_cast<std::size_t>(calendar.month_index(t_s))];
}

bool normalise_weights(std::vector<double>& weights)
{
  if (weights.empty()) return false;
  for (double w : weights)
    if (!std::isfinite(w) || w < 0) return false;
  const double mean = std::accumulate(weights.begin(), weights.end(), 0.0) / static_cast<double>(weights.size());
  if (mean <= 0) return false;
  for (double& w : weights) w /= mean;
  return true;
}

double DemandFlow::mean_factor(const SimCalendar& calendar, double from_s, double to_s) const
{
  if (flat) return 1;
  double sum = 0;
  int hours = 0;
  for (double t = from_s + kSecondsPerHour / 2; t < to_s; t += kSecondsPerHour, ++hours) sum += profile.factor(calendar, t);
  return hours > 0 ? sum / hours : 1;
}

double DemandFlow::next_arrival_s(const SimCalendar& calendar, double t_s, double demand_scale, RandomStream& stream,
                                  double limit_s) const
{
  const double base_rate = mean_rate_per_s * scale * demand_scale;
  if (base_rate <= 0) return kNever;
  double remaining = stream.exponential(1.0); // unit-rate exponential, spent against the integrated rate
  if (flat) {
    const double t = t_s + remaining / base_rate;
    return t < limit_s ? t : kNever;
  }
  double t = t_s;
  while (t < limit_s) {
    const double segment_end = (std::floor(t / kSecondsPerHour) + 1) * kSecondsPerHour;
    const double rate = base_rate * profile.factor(calendar, t);
    const double mass = rate * (segment_end - t);
    if (rate > 0 && mass >= remaining) return t + remaining / rate;
    remaining -= mass;
    t = segment_end;
  }
  return kNever;
}

} // namespace bordersim
