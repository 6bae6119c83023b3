// Timestamps: the accepted forms, their UTC values, the rejected forms, and
// the idle-days arithmetic.
#include "dormant/timestamp.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace dormant {
namespace {

// Seconds since the epoch of `text`, which the test knows to be valid.
std::int64_t Seconds(const char* text) {
  const auto t = ParseTimestamp(text);
  BOOST_REQUIRE_MESSAGE(t.has_value(), "test setup: " << text << " must parse");
  return t->time_since_epoch().count();
}

Instant At(std::int64_t seconds) { return Instant(std::chrono::seconds(seconds)); }

BOOST_AUTO_TEST_SUITE(timestamp)

BOOST_AUTO_TEST_CASE(accepted_forms_convert_to_utc_and_truncate) {
  struct Case {
    std::string input, want;
  };
  const Case cases[] = {
      {"2026-11-20T00:00:00Z", "2026-11-20T00:00:00Z"},
      {"2017-07-20T15:18:29+00:00", "2017-07-20T15:18:29Z"},  // the CSV form
      {"2016-11-25T14:22:00+00:00", "2016-11-25T14:22:00Z"},  // minute-truncated last use
      {"2026-01-01T00:00:00-00:00", "2026-01-01T00:00:00Z"},
      // Other offsets are converted to UTC, across day, month and year ends.
      {"2026-03-10T08:00:00-07:00", "2026-03-10T15:00:00Z"},
      {"2026-03-10T20:00:00-07:00", "2026-03-11T03:00:00Z"},
      {"2026-03-10T12:00:00+12:45", "2026-03-09T23:15:00Z"},
      {"2024-12-31T23:30:00-01:00", "2025-01-01T00:30:00Z"},
      {"2025-01-01T05:00:00+05:30", "2024-12-31T23:30:00Z"},
      {"2024-03-01T05:00:00+07:00", "2024-02-29T22:00:00Z"},
      {"2026-06-30T23:59:59-23:59", "2026-07-01T23:58:59Z"},
      // Fractions are truncated, never rounded.
      {"2018-10-24T19:47:31.5Z", "2018-10-24T19:47:31Z"},
      {"2018-10-24T19:47:31.466Z", "2018-10-24T19:47:31Z"},
      {"2018-10-24T19:47:31.466000+00:00", "2018-10-24T19:47:31Z"},
      {"2018-10-24T19:47:59.999999999Z", "2018-10-24T19:47:59Z"},
      {"2018-12-31T23:59:59.9Z", "2018-12-31T23:59:59Z"},
      {"2018-10-24T19:47:31.0-01:00", "2018-10-24T20:47:31Z"},
      // A space instead of `T` (Python's str(datetime)).
      {"2019-03-31 11:36:54+00:00", "2019-03-31T11:36:54Z"},
      {"2019-03-31 11:36:54.120Z", "2019-03-31T11:36:54Z"},
      // Leap days and extreme fields.
      {"2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z"},
      {"2000-02-29T00:00:00Z", "2000-02-29T00:00:00Z"},
      {"2026-12-31T23:59:59Z", "2026-12-31T23:59:59Z"},
      {"1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"},
      {"1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"},
      {"9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("input '" << c.input << "'") {
      const auto t = ParseTimestamp(c.input);
      BOOST_TEST_REQUIRE(t.has_value());
      BOOST_TEST(FormatTimestamp(*t) == c.want);
    }
  }
}

BOOST_AUTO_TEST_CASE(accepted_forms_have_exact_epoch_seconds) {
  struct Case {
    std::string input;
    std::int64_t want;
  };
  const Case cases[] = {
      {"1970-01-01T00:00:00Z", 0},
      {"1970-01-01T00:00:01.999Z", 1},
      {"1970-01-02T00:00:00Z", 86400},
      {"1970-01-01T00:00:00+01:00", -3600},
      {"1969-12-31T23:59:59Z", -1},
      {"2000-01-01T00:00:00Z", 946684800},
      {"2024-02-29T00:00:00Z", 1709164800},
      {"2026-11-20T00:00:00Z", 1795132800},
      {"2026-11-20 00:00:00-07:00", 1795132800 + 7 * 3600},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("input '" << c.input << "'") {
      const auto t = ParseTimestamp(c.input);
      BOOST_TEST_REQUIRE(t.has_value());
      BOOST_TEST(t->time_since_epoch().count() == c.want);
    }
  }
}

BOOST_AUTO_TEST_CASE(rejected_forms) {
  const std::string cases[] = {
      "2026-11-20T00:00:00",         // no offset
      "2026-11-20T00:00:00.5",       // fraction, no offset
      "2026-11-20",                  // date alone
      "2026-11-20T00:00Z",           // no seconds
      "2026-11-20T00:00:00+0000",    // offset without colon
      "2026-11-20T00:00:00+00",      // offset without minutes
      "2026-11-20T00:00:00 Z",       // space before Z
      "1795132800",                  // epoch seconds
      "1795132800000",               // epoch milliseconds
      "0",                           // "never" in epoch exports
      "2026-11-20t00:00:00Z",        // lowercase t
      "2026-11-20T00:00:00z",        // lowercase z
      "2026-02-30T00:00:00Z",        // no such day
      "2025-02-29T00:00:00Z",        // 2025 is not a leap year
      "1900-02-29T00:00:00Z",        // 1900 is not a leap year
      "2026-04-31T00:00:00Z",        // April has 30 days
      "2026-13-01T00:00:00Z",        // month 13
      "2026-00-10T00:00:00Z",        // month 0
      "2026-01-00T00:00:00Z",        // day 0
      "2026-01-01T24:00:00Z",        // hour 24
      "2026-01-01T23:60:00Z",        // minute 60
      "2026-01-01T23:59:60Z",        // second 60 (no leap seconds)
      "2026-01-01T00:00:00+24:00",   // offset hour 24
      "2026-01-01T00:00:00+05:60",   // offset minute 60
      "2026-01-01T00:00:00.Z",       // '.' without digits
      "2026-01-01T00:00:00.+00:00",  // '.' without digits
      "2026-01-01T00:00:00,5Z",      // comma fraction
      " 2026-01-01T00:00:00Z",       // leading space
      "2026-01-01T00:00:00Z ",       // trailing space
      "2026-01-01T00:00:00Z\n",      // trailing newline
      "2026-01-01T00:00:00ZZ",       // junk after Z
      "2026-01-01T00:00:00+00:00Z",  // junk after offset
      "2026-01-01_00:00:00Z",        // other separator
      "2026-01-01T0:00:00Z",         // one-digit hour
      "26-01-01T00:00:00Z",          // two-digit year
      "+2026-01-01T00:00:00Z",       // signed year
      "2026/01/01T00:00:00Z",        // other date separator
      "N/A",
      "no_information",
      "not_supported",
      "",
  };
  for (const std::string& c : cases) {
    BOOST_TEST_CONTEXT("input '" << c << "'") { BOOST_TEST(!ParseTimestamp(c).has_value()); }
  }
}

BOOST_AUTO_TEST_CASE(fraction_truncates_not_rounds) {
  // .999 must stay in the same second, even at the end of a year.
  BOOST_TEST(Seconds("2025-12-31T23:59:59.999Z") == Seconds("2025-12-31T23:59:59Z"));
  BOOST_TEST(Seconds("2025-12-31T23:59:59.5-01:00") == Seconds("2026-01-01T00:59:59Z"));
}

BOOST_AUTO_TEST_CASE(parse_date_accepts_only_calendar_dates) {
  struct Case {
    std::string input;
    bool ok;
    std::string want;  // when ok: the 00:00:00Z instant
  };
  const Case cases[] = {
      {"2026-11-20", true, "2026-11-20T00:00:00Z"},
      {"2024-02-29", true, "2024-02-29T00:00:00Z"},
      {"2000-02-29", true, "2000-02-29T00:00:00Z"},
      {"2025-02-29", false, ""},
      {"2026-02-30", false, ""},
      {"2026-13-01", false, ""},
      {"2026-1-01", false, ""},
      {"2026-11-20T00:00:00Z", false, ""},
      {"2026-11-20 ", false, ""},
      {" 2026-11-20", false, ""},
      {"20261120", false, ""},
      {"", false, ""},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("input '" << c.input << "'") {
      const auto t = ParseDate(c.input);
      BOOST_TEST(t.has_value() == c.ok);
      if (c.ok && t) BOOST_TEST(FormatTimestamp(*t) == c.want);
    }
  }
}

BOOST_AUTO_TEST_CASE(format_and_append_write_utc) {
  BOOST_TEST(FormatTimestamp(At(0)) == "1970-01-01T00:00:00Z");
  BOOST_TEST(FormatTimestamp(At(-1)) == "1969-12-31T23:59:59Z");
  BOOST_TEST(FormatTimestamp(At(1709251199)) == "2024-02-29T23:59:59Z");
  BOOST_TEST(FormatTimestamp(At(1709251200)) == "2024-03-01T00:00:00Z");
  std::string out = "as_of=";
  AppendTimestamp(out, At(1795132800));
  BOOST_TEST(out == "as_of=2026-11-20T00:00:00Z");
}

BOOST_AUTO_TEST_CASE(idle_days_floors_whole_days) {
  const Instant as_of = At(Seconds("2026-11-20T00:00:00Z"));
  struct Case {
    std::int64_t seconds_before;  // as_of - t
    std::int64_t want;
  };
  const Case cases[] = {
      {0, 0},           {1, 0},
      {86399, 0},       {86400, 1},
      {86401, 1},       {2 * 86400 - 1, 1},
      {2 * 86400, 2},   {90 * 86400 - 1, 89},
      {90 * 86400, 90}, {-1, 0},  // t after as_of
      {-86400, 0},      {-400 * 86400, 0},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("as_of - t = " << c.seconds_before << " s") {
      const Instant t = as_of - std::chrono::seconds(c.seconds_before);
      BOOST_TEST(IdleDays(as_of, t) == c.want);
    }
  }
  // Before the epoch too: floor, not truncation towards zero, of a positive difference.
  BOOST_TEST(IdleDays(At(0), At(-86400)) == 1);
  BOOST_TEST(IdleDays(At(-1), At(-86401)) == 1);
}

BOOST_AUTO_TEST_CASE(day_number_is_the_utc_date) {
  struct Case {
    std::string input;
    std::int64_t want;
  };
  const Case cases[] = {
      {"1970-01-01T00:00:00Z", 0},
      {"1970-01-01T23:59:59Z", 0},
      {"1970-01-02T00:00:00Z", 1},
      {"1969-12-31T23:59:59Z", -1},
      {"1969-12-31T00:00:00Z", -1},
      {"1969-12-30T23:59:59Z", -2},
      {"2026-11-20T00:00:00Z", 20777},
      {"2026-11-20T23:59:59Z", 20777},
      // The UTC date counts, not the local date of the offset.
      {"2026-11-20T20:00:00-07:00", 20778},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("input '" << c.input << "'") {
      BOOST_TEST(DayNumber(At(Seconds(c.input.c_str()))) == c.want);
    }
  }
}

// MaybeInstant stands in for std::optional<Instant> in records and decisions.
BOOST_AUTO_TEST_CASE(maybe_instant_behaves_like_an_optional_instant) {
  const Instant earliest = *ParseTimestamp("0001-01-01T00:00:00Z");
  const Instant t = *ParseTimestamp("2026-11-20T00:00:00Z");
  const MaybeInstant none;
  BOOST_TEST(!none.has_value());
  BOOST_TEST(!static_cast<bool>(none));
  BOOST_TEST(!std::optional<Instant>(none).has_value());
  BOOST_TEST((none == MaybeInstant(std::nullopt)));
  BOOST_TEST((none == std::optional<Instant>()));  // unlike optional == value
  BOOST_TEST(!(none == std::optional<Instant>(t)));
  for (const Instant v : {earliest, t}) {
    const MaybeInstant some(v);
    BOOST_TEST(some.has_value());
    BOOST_TEST(FormatTimestamp(*some) == FormatTimestamp(v));
    BOOST_TEST((some == v));
    BOOST_TEST((some == std::optional<Instant>(v)));
    BOOST_TEST(!(some == none));
    BOOST_TEST((std::optional<Instant>(some) == std::optional<Instant>(v)));
    MaybeInstant cleared = some;
    cleared.reset();
    BOOST_TEST(!cleared.has_value());
  }
  BOOST_TEST(sizeof(MaybeInstant) == 8u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant
