// The records' memory layout: the interning string store and the packed report row.
#include "dormant/records.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <thread>
#include <vector>

namespace dormant {
namespace {

BOOST_AUTO_TEST_SUITE(records)

BOOST_AUTO_TEST_CASE(string_store_interns_one_copy_of_each_string) {
  StringStore store;
  std::string arn = "arn:aws:iam::111122223333:user/ops/alice";
  const std::string_view first = store.Intern(arn);
  arn[0] = 'X';  // the store copied the bytes
  BOOST_TEST(first == "arn:aws:iam::111122223333:user/ops/alice");
  const std::string_view again = store.Intern("arn:aws:iam::111122223333:user/ops/alice");
  BOOST_TEST((again.data() == first.data()));  // the same copy
  const std::string_view other = store.Intern("arn:aws:iam::111122223333:user/ops/bob");
  BOOST_TEST((other.data() != first.data()));
  BOOST_TEST(store.Intern("").empty());
  // Copy never looks: each call is a copy of its own, and interning does not see it.
  const std::string_view copied = store.Copy("arn:aws:iam::111122223333:user/ops/carol");
  BOOST_TEST(copied == "arn:aws:iam::111122223333:user/ops/carol");
  BOOST_TEST((store.Copy(copied).data() != copied.data()));
  BOOST_TEST((store.Intern(copied).data() != copied.data()));
  // A string longer than a quarter block, and many strings: views stay valid as it grows.
  const std::string long_value(40000, 'v');
  const std::string_view stored_long = store.Intern(long_value);
  std::vector<std::string_view> views;
  for (int i = 0; i < 20000; ++i) views.push_back(store.Intern("user-" + std::to_string(i)));
  BOOST_TEST(stored_long == long_value);
  BOOST_TEST((store.Intern(long_value).data() == stored_long.data()));
  for (int i = 0; i < 20000; ++i) {
    BOOST_TEST_REQUIRE(views[static_cast<std::size_t>(i)] == "user-" + std::to_string(i));
    BOOST_TEST_REQUIRE((store.Intern("user-" + std::to_string(i)).data() ==
                        views[static_cast<std::size_t>(i)].data()));
  }
  BOOST_TEST(first == "arn:aws:iam::111122223333:user/ops/alice");
}

// The reading threads share one store: every thread gets the same copy of a string.
BOOST_AUTO_TEST_CASE(string_store_is_shared_by_threads) {
  StringStore store;
  constexpr int kStrings = 5000;
  std::vector<std::vector<std::string_view>> seen(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < seen.size(); ++t) {
    threads.emplace_back([&store, &seen, t] {
      for (int i = 0; i < kStrings; ++i) {
        const int n = t % 2 == 0 ? i : kStrings - 1 - i;  // in opposite orders
        seen[t].push_back(store.Intern("arn:aws:iam::111122223333:user/u" + std::to_string(n)));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int i = 0; i < kStrings; ++i) {
    const std::string_view a = seen[0][static_cast<std::size_t>(i)];
    const std::string_view b = seen[1][static_cast<std::size_t>(kStrings - 1 - i)];
    BOOST_TEST_REQUIRE(a == "arn:aws:iam::111122223333:user/u" + std::to_string(i));
    BOOST_TEST_REQUIRE((a.data() == b.data()));
    BOOST_TEST_REQUIRE((seen[2][static_cast<std::size_t>(i)].data() == a.data()));
  }
}

BOOST_AUTO_TEST_CASE(report_row_slots_round_trip) {
  CredentialRow row;
  const ReportTime t1 = ReportTime::At(*ParseTimestamp("2026-01-01T00:00:00Z"));
  const ReportTime t2 = ReportTime::At(*ParseTimestamp("2026-02-01T00:00:00Z"));
  const ReportTime none = ReportTime::Word(ReportTime::Kind::kNoInformation);
  row.SetKey(0, {true, t1, t2});
  row.SetKey(1, {false, t2, none});
  row.SetCert(0, {false, ReportTime(), ReportTime()});
  row.SetCert(1, {true, t1, t2});  // a certificate's last_used is not kept
  BOOST_TEST(row.key(0).active);
  BOOST_TEST(FormatTimestamp(row.key(0).last_rotated.time()) == "2026-01-01T00:00:00Z");
  BOOST_TEST(FormatTimestamp(row.key(0).last_used.time()) == "2026-02-01T00:00:00Z");
  BOOST_TEST(!row.key(1).active);
  BOOST_TEST(row.key(1).exists());
  BOOST_TEST(static_cast<int>(row.key(1).last_used.kind()) ==
             static_cast<int>(ReportTime::Kind::kNoInformation));
  BOOST_TEST(!row.cert(0).active);
  BOOST_TEST(!row.cert(0).exists());
  BOOST_TEST(row.cert(1).active);
  BOOST_TEST(!row.cert(1).last_used.is_time());
  row.SetKey(0, {false, t1, t2});  // clearing one flag leaves the others
  BOOST_TEST(!row.key(0).active);
  BOOST_TEST(row.cert(1).active);
  // One row per user is kept: the packing is the point.
  BOOST_TEST(sizeof(CredentialRow) <= 104u);
  BOOST_TEST(sizeof(ReportTime) == 8u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant
