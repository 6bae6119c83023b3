// Fuzz target: ParseTimestamp / ParseDate / FormatTimestamp.
//
// Invariants: a parsed instant formats to a canonical string that parses back to the same
// instant (and formats identically); a timestamp's first ten characters are a date that
// ParseDate accepts and that is at most a day (the offset) away; ParseDate agrees with
// ParseTimestamp of "<date>T00:00:00Z"; DayNumber and IdleDays are consistent.
#include <string>

#include "dormant/timestamp.h"
#include "fuzz_support.h"

using dormant::fuzz::Require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = dormant::fuzz::AsText(data, size);
  if (const auto t = dormant::ParseTimestamp(text)) {
    const std::string canonical = dormant::FormatTimestamp(*t);
    Require(canonical.size() == 20, "a formatted timestamp is not 20 characters");
    const auto back = dormant::ParseTimestamp(canonical);
    Require(back.has_value(), "a formatted timestamp does not parse");
    Require(*back == *t, "a formatted timestamp parses to another instant");
    Require(dormant::FormatTimestamp(*back) == canonical, "formatting is not stable");
    const auto date = dormant::ParseDate(text.substr(0, 10));
    Require(date.has_value(), "the date part of a timestamp is not a date");
    const auto delta = (*t - *date).count();
    Require(delta > -86400 && delta < 2 * 86400, "a timestamp is more than a day off its date");
    const std::int64_t day = dormant::DayNumber(*t);
    const std::int64_t secs = t->time_since_epoch().count();
    Require(day * 86400 <= secs && secs < (day + 1) * 86400, "DayNumber is not t's day");
    Require(dormant::IdleDays(*t, *t) == 0, "IdleDays(t, t) is not 0");
    Require(dormant::IdleDays(*t + std::chrono::seconds(86400), *t) == 1, "IdleDays of a day");
    Require(dormant::IdleDays(*t, *t + std::chrono::seconds(1)) == 0, "IdleDays of the future");
  }
  if (const auto d = dormant::ParseDate(text)) {
    const auto t = dormant::ParseTimestamp(std::string(text) + "T00:00:00Z");
    Require(t.has_value() && *t == *d, "ParseDate disagrees with ParseTimestamp at midnight");
    Require(dormant::FormatTimestamp(*d).substr(0, 10) == text, "a date formats differently");
  }
  return 0;
}
