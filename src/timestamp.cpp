// Hand parser for the accepted timestamps; no iostreams, no locale, no clock.
#include "dormant/timestamp.h"

namespace dormant {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
constexpr std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

constexpr bool IsLeap(unsigned y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr unsigned DaysInMonth(unsigned y, unsigned m) {
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Reads `n` ASCII digits at `s[pos]`; false if any is not a digit.
// Reads `n` ASCII digits at `s[pos]`; false if any is not a digit. Branch-light: every
// digit is checked with one unsigned comparison (credential reports hold millions of them).
bool Digits(std::string_view s, std::size_t pos, std::size_t n, unsigned& value) {
  if (pos + n > s.size()) return false;
  unsigned v = 0;
  bool ok = true;
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned d = static_cast<unsigned>(static_cast<unsigned char>(s[pos + i])) - '0';
    ok &= d < 10;
    v = v * 10 + d;
  }
  value = v;
  return ok;
}

// Parses `YYYY-MM-DD` at the start of s into days since the epoch.
std::optional<std::int64_t> ParseDatePart(std::string_view s) {
  unsigned y, m, d;
  if (!Digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, m) || s[7] != '-' ||
      !Digits(s, 8, 2, d)) {
    return std::nullopt;
  }
  // Year 0000 is not a calendar year anyone writes; rejecting it keeps every output year >= 0.
  if (y == 0 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return std::nullopt;
  return DaysFromCivil(y, m, d);
}

// Writes `v` as `width` digits, zero-padded, ending just before `end`.
void PutDigits(char* end, std::int64_t v, int width) {
  for (int i = 1; i <= width; ++i) {
    end[-i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
}

}  // namespace

std::optional<Instant> ParseTimestamp(std::string_view s) {
  const auto days = ParseDatePart(s);
  if (!days || s.size() < 20 || (s[10] != 'T' && s[10] != ' ')) return std::nullopt;
  unsigned hh, mm, ss;
  if (!Digits(s, 11, 2, hh) || s[13] != ':' || !Digits(s, 14, 2, mm) || s[16] != ':' ||
      !Digits(s, 17, 2, ss) || hh > 23 || mm > 59 || ss > 59) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  if (s[pos] == '.') {
    const std::size_t first = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == first) return std::nullopt;  // a '.' needs at least one digit
  }
  std::int64_t offset = 0;
  if (pos + 1 == s.size() && s[pos] == 'Z') {
    // UTC
  } else if (pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':') {
    unsigned oh, om;
    if (!Digits(s, pos + 1, 2, oh) || !Digits(s, pos + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset = (s[pos] == '+' ? 1 : -1) * static_cast<std::int64_t>(oh * 3600 + om * 60);
  } else {
    return std::nullopt;
  }
  // The fraction is dropped: truncation to whole seconds.
  const std::int64_t secs = *days * 86400 + hh * 3600 + mm * 60 + ss - offset;
  // An offset can carry 0001-01-01 or 9999-12-31 out of the years 1-9999, which the output
  // form (four-digit year) cannot write back.
  if (secs < DaysFromCivil(1, 1, 1) * 86400 || secs >= DaysFromCivil(10000, 1, 1) * 86400) {
    return std::nullopt;
  }
  return Instant(std::chrono::seconds(secs));
}

std::optional<Instant> ParseDate(std::string_view s) {
  if (s.size() != 10) return std::nullopt;
  const auto days = ParseDatePart(s);
  if (!days) return std::nullopt;
  return Instant(std::chrono::seconds(*days * 86400));
}

void AppendTimestamp(std::string& out, Instant t) {
  const std::int64_t secs = t.time_since_epoch().count();
  std::int64_t days = secs / 86400;
  std::int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  // civil_from_days (H. Hinnant).
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2);
  char text[] = "0000-00-00T00:00:00Z";  // one append: a decision file has millions
  PutDigits(text + 4, y, 4);
  PutDigits(text + 7, m, 2);
  PutDigits(text + 10, d, 2);
  PutDigits(text + 13, rem / 3600, 2);
  PutDigits(text + 16, rem / 60 % 60, 2);
  PutDigits(text + 19, rem % 60, 2);
  out.append(text, sizeof text - 1);
}

std::string FormatTimestamp(Instant t) {
  std::string out;
  AppendTimestamp(out, t);
  return out;
}

std::int64_t IdleDays(Instant as_of, Instant t) {
  if (t > as_of) return 0;
  return (as_of - t).count() / 86400;
}

std::int64_t DayNumber(Instant t) {
  const std::int64_t secs = t.time_since_epoch().count();
  return secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
}

}  // namespace dormant
