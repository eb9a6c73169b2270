#include "models/roster.hpp"

#include <algorithm>
#include <cmath>

#include "models/formats/units.hpp"

namespace bordersim {
namespace {

constexpr double kSecondsPerWeek = 7 * kSecondsPerDay;
constexpr std::array<std::string_view, 7> kDayNames{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

std::optional<int> day_index(std::string_view name)
{
  for (std::size_t d = 0; d < kDayNames.size(); ++d)
    if (name == kDayNames[d]) return static_cast<int>(d);
  return std::nullopt;
}

/// The shift's covered stretches of a week, [from, to) in seconds since Monday 00:00; one past Sunday midnight
/// wraps to Monday.
std::vector<std::pair<double, double>> week_intervals(const RosterShift& shift)
{
  std::vector<std::pair<double, double>> out;
  for (int d = 0; d < 7; ++d) {
    if (!shift.days[static_cast<std::size_t>(d)]) continue;
    for (const auto& w : shift.windows) {
      const double from = d * kSecondsPerDay + w.open_s;
      const double length = w.close_s > w.open_s ? w.close_s - w.open_s : kSecondsPerDay - w.open_s + w.close_s;
      const double to = from + length;
      if (to <= kSecondsPerWeek) out.push_back({from, to});
      else {
        out.push_back({from, kSecondsPerWeek});
        out.push_back({0, to - kSecondsPerWeek});
      }
    }
  }
  return out;
}

std::string week_time_text(double week_s)
{
  const int day = static_cast<int>(week_s / kSecondsPerDay) % 7;
  const int minutes = static_cast<int>(std::fmod(week_s, kSecondsPerDay) / 60);
  char text[32];
  std::snprintf(text, sizeof text, "%s %02d:%02d", std::string(kDayNames[static_cast<std::size_t>(day)]).c_str(), minutes / 60, minutes % 60);
  return text;
}

} // namespace

std::optional<std::array<bool, 7>> parse_weekdays(std::string_view text, std::string& problem)
{
  std::array<bool, 7> days{};
  std::size_t at = 0;
  while (at <= text.size()) {
    const auto comma = text.find(',', at);
    std::string_view part = text.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    const auto dash = part.find('-');
    const auto first = day_index(part.substr(0, dash));
    const auto last = dash == std::string_view::npos ? first : day_index(part.substr(dash + 1));
    if (!first || !last) {
      problem = "'" + std::string(part) + "' is not a weekday or a range of them: write Mon, Tue, Wed, Thu, Fri, Sat, Sun, e.g. Mon-Fri or Sat,Sun";
      return std::nullopt;
    }
    for (int d = *first;; d = (d + 1) % 7) {
      days[static_cast<std::size_t>(d)] = true;
      if (d == *last) break;
    }
    if (comma == std::string_view::npos) break;
    at = comma + 1;
  }
  return days;
}

Roster::Roster(std::vector<RosterShift> shifts) : shifts_(std::move(shifts))
{
  edges_week_s_.push_back(0);
  for (std::size_t s = 0; s < shifts_.size(); ++s)
    for (const auto& [from, to] : week_intervals(shifts_[s])) {
      intervals_.push_back({from, to, s});
      edges_week_s_.push_back(from);
      if (to < kSecondsPerWeek) edges_week_s_.push_back(to);
    }
  std::sort(edges_week_s_.begin(), edges_week_s_.end());
  edges_week_s_.erase(std::unique(edges_week_s_.begin(), edges_week_s_.end()), edges_week_s_.end());
}

std::string Roster::overlap() const
{
  // Coverage is constant between edges: look once inside each piece.
  for (std::size_t e = 0; e < edges_week_s_.size(); ++e) {
    const double from = edges_week_s_[e], to = e + 1 < edges_week_s_.size() ? edges_week_s_[e + 1] : kSecondsPerWeek;
    const double probe = (from + to) / 2;
    std::vector<std::size_t> covering;
    for (const auto& i : intervals_)
      if (probe >= i.from_s && probe < i.to_s && (covering.empty() || covering.back() != i.shift)) covering.push_back(i.shift);
    if (covering.size() > 1)
      return "shifts " + std::to_string(covering[0]) + " and " + std::to_string(covering[1]) + " both staff " + week_time_text(from) +
             ": a roster says how many lanes work at each hour, once";
  }
  return "";
}

double Roster::week_position_s(const SimCalendar& calendar, double t_s)
{
  return calendar.weekday_index(t_s) * kSecondsPerDay + (t_s - calendar.start_of_day_s(t_s));
}

const RosterShift* Roster::shift_at(double week_s) const
{
  for (const auto& i : intervals_)
    if (week_s >= i.from_s && week_s < i.to_s) return &shifts_[i.shift];
  return nullptr;
}

int Roster::lanes_at(const SimCalendar& calendar, double t_s) const
{
  const RosterShift* shift = shift_at(week_position_s(calendar, t_s));
  return shift ? shift->lanes : 0;
}

double Roster::next_change_s(const SimCalendar& calendar, double t_s) const
{
  const double here = week_position_s(calendar, t_s);
  const auto next = std::upper_bound(edges_week_s_.begin(), edges_week_s_.end(), here);
  const double edge = next == edges_week_s_.end() ? kSecondsPerWeek : *next;
  return t_s + (edge - here);
}

} // namespace bordersim
