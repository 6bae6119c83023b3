// dormant/timestamp.h — the timestamps dormant accepts.
//
// Accepted: `YYYY-MM-DD`, `T` or a space, `HH:MM:SS`, an optional `.` and digits, then `Z`
// or `±HH:MM`. Real calendar dates only; hour <= 23, minute and second <= 59. Values are
// converted to UTC and truncated to whole seconds. Nothing here reads the clock or the locale.
#ifndef DORMANT_TIMESTAMP_H_
#define DORMANT_TIMESTAMP_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dormant {

using Instant = std::chrono::sys_seconds;

// An optional Instant in 8 bytes (std::optional<Instant> takes 16), for the fields of
// records and decisions that exist once per user. Converts to and from
// std::optional<Instant>; "none" is a value before every parseable timestamp.
class MaybeInstant {
 public:
  constexpr MaybeInstant() = default;
  constexpr MaybeInstant(std::nullopt_t) {}  // NOLINT: implicit like optional
  constexpr MaybeInstant(Instant t) : s_(t.time_since_epoch().count()) {}  // NOLINT
  constexpr MaybeInstant(std::optional<Instant> t)                         // NOLINT
      : s_(t ? t->time_since_epoch().count() : kNone) {}

  constexpr bool has_value() const { return s_ != kNone; }
  constexpr explicit operator bool() const { return has_value(); }
  constexpr Instant operator*() const { return Instant(std::chrono::seconds(s_)); }  // has_value()
  constexpr operator std::optional<Instant>() const {                                // NOLINT
    return has_value() ? std::optional<Instant>(**this) : std::nullopt;
  }
  constexpr void reset() { s_ = kNone; }
  friend constexpr bool operator==(MaybeInstant, MaybeInstant) = default;
  // Not std::optional's `optional == value`, which is false for an empty optional.
  friend constexpr bool operator==(MaybeInstant a, const std::optional<Instant>& b) {
    return a == MaybeInstant(b);
  }
  friend constexpr bool operator==(MaybeInstant a, Instant b) { return a == MaybeInstant(b); }

 private:
  static constexpr std::int64_t kNone = INT64_MIN;
  std::int64_t s_ = kNone;
};

// Returns the instant `text` denotes, or nullopt if `text` is not exactly a timestamp of
// the accepted form (no trimming, no date-only, no epoch numbers).
std::optional<Instant> ParseTimestamp(std::string_view text);

// Parses a calendar date `YYYY-MM-DD`; returns its 00:00:00Z instant, or nullopt.
std::optional<Instant> ParseDate(std::string_view text);

// Formats as `YYYY-MM-DDTHH:MM:SSZ`.
std::string FormatTimestamp(Instant t);
// Appends the same to `out` without a temporary.
void AppendTimestamp(std::string& out, Instant t);

// The most days between two accepted timestamps (0001-01-01 to 9999-12-31).
inline constexpr std::int64_t kMaxIdleDays = 3652058;

// floor((as_of - t) / 86400), and 0 if t is after as_of.
std::int64_t IdleDays(Instant as_of, Instant t);

// The day number (days since 1970-01-01) of t's UTC date.
std::int64_t DayNumber(Instant t);

// Sets `latest` (a std::optional<Instant> or a MaybeInstant) to `t` when it is empty or
// earlier; an empty `t` changes nothing.
template <class Optional>
constexpr void KeepLatest(Optional& latest, Instant t) {
  if (!latest || t > *latest) latest = t;
}
template <class Optional>
constexpr void KeepLatest(Optional& latest, MaybeInstant t) {
  if (t) KeepLatest(latest, *t);
}

}  // namespace dormant

#endif  // DORMANT_TIMESTAMP_H_
