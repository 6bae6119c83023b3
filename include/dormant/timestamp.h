// dormant/timestamp.h — the timestamps of SPEC §2.4.
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

// Returns the instant `text` denotes, or nullopt if `text` is not exactly a timestamp of
// the accepted form (no trimming, no date-only, no epoch numbers).
std::optional<Instant> ParseTimestamp(std::string_view text);

// Parses a calendar date `YYYY-MM-DD`; returns its 00:00:00Z instant, or nullopt.
std::optional<Instant> ParseDate(std::string_view text);

// Formats as `YYYY-MM-DDTHH:MM:SSZ`.
std::string FormatTimestamp(Instant t);
// Appends the same to `out` without a temporary.
void AppendTimestamp(std::string& out, Instant t);

// floor((as_of - t) / 86400), and 0 if t is after as_of.
std::int64_t IdleDays(Instant as_of, Instant t);

// The day number (days since 1970-01-01) of t's UTC date.
std::int64_t DayNumber(Instant t);

}  // namespace dormant

#endif  // DORMANT_TIMESTAMP_H_
