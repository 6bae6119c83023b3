// Reading access-advisor files through the public API: the shapes of a file (one object,
// an array, a sequence; chunk boundaries; syntax errors at their line), the records of a
// document (activity, status members, documents not about users, malformed documents,
// duplicates) and large sequences read in chunks.
#include <boost/test/unit_test.hpp>
#include <optional>
#include <string>
#include <vector>

#include "dormant/error.h"
#include "dormant/input_set.h"
#include "input_builders.h"
#include "sha256.h"

namespace dormant {
namespace {
using namespace testing;  // NOLINT(google-build-using-namespace): the shared builders

BOOST_AUTO_TEST_SUITE(access_advisor_reader)

// ---- access-advisor shapes ----

BOOST_AUTO_TEST_CASE(advisor_files_hold_one_object_an_array_or_a_sequence) {
  struct Case {
    const char* name;
    std::string bytes;
    std::vector<std::string> users;
  };
  const Case cases[] = {
      {"one object", AdvisorDoc("a"), {"a"}},
      {"one object over several lines",
       "{\n  \"Arn\": \"" + UserArn("a") + "\",\n  \"JobStatus\": \"COMPLETED\"\n}\n",
       {"a"}},
      {"array", "[" + AdvisorDoc("a") + ",\n" + AdvisorDoc("b") + "]\n", {"a", "b"}},
      {"empty array", " [ \n ] \n", {}},
      {"array with white space everywhere",
       "\r\n [ \n\t" + AdvisorDoc("a") + " \n , \r\n" + AdvisorDoc("b") + "\n]  \n\n",
       {"a", "b"}},
      {"ndjson",
       AdvisorDoc("a") + "\n" + AdvisorDoc("b") + "\n" + AdvisorDoc("c") + "\n",
       {"a", "b", "c"}},
      {"sequence with arbitrary white space, no final newline",
       AdvisorDoc("a") + AdvisorDoc("b") + " \t\r\n\n  " + AdvisorDoc("c") + "\r\n" +
           AdvisorDoc("d"),
       {"a", "b", "c", "d"}},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const TempDir dir;
      const InputSet set = Load({dir.Write("advisor.json", c.bytes)});
      BOOST_TEST(KindName(set.inputs[0].kind) == KindName(InputKind::kAccessAdvisor));
      BOOST_TEST(set.inputs[0].records == c.users.size());
      BOOST_TEST(set.advisor.size() == c.users.size());
      for (const std::string& u : c.users) BOOST_TEST(set.FindAdvisor(UserArn(u)) != nullptr);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_top_level_array_is_the_only_value_in_its_file) {
  struct Case {
    const char* name;
    std::string bytes;
  };
  const Case cases[] = {
      {"array then object", "[" + AdvisorDoc("a") + "]\n" + AdvisorDoc("b") + "\n"},
      {"two arrays", "[" + AdvisorDoc("a") + "]\n[" + AdvisorDoc("b") + "]\n"},
      {"syntax error in an element", "[" + AdvisorDoc("a") + ", {\"Arn\": }]"},
      {"element not an object", "[" + AdvisorDoc("a") + ", 1]"},
      {"unterminated", "[" + AdvisorDoc("a") + ","},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) { InputErrorOf("advisor.json", c.bytes); }
  }
}

// A top-level array is read element by element; the reader itself checks what lies
// between the elements, so each mistake there is an error at its line.
BOOST_AUTO_TEST_CASE(top_level_array_syntax_is_checked_between_elements) {
  const std::string a = AdvisorDoc("a"), b = AdvisorDoc("b");
  struct Case {
    const char* name;
    std::string bytes;
    int line;
    std::string mentions;
  };
  const Case cases[] = {
      {"empty element", "[\n,\n]", 2, "array element 0: invalid JSON: expected a value"},
      {"trailing comma", "[\n" + a + ",\n]", 3, "array element 1: invalid JSON: expected a value"},
      {"two commas", "[" + a + ",\n,\n" + b + "]", 2, "array element 1: invalid JSON"},
      {"missing comma", "[" + a + "\n" + b + "]", 2,
       "array element 0: invalid JSON: expected ',' or ']' after the element"},
      {"wrong closing bracket", "[" + a + "\n}", 2, "array element 0: invalid JSON: expected ','"},
      {"a colon", "[" + a + ":" + b + "]", 1, "expected ',' or ']'"},
      {"unterminated after an element", "[\n" + a + "\n\n", 2,
       "array element 0: invalid JSON: the array is cut off"},
      {"unterminated after a comma", "[\n" + a + ",\n\n", 2,
       "array element 0: invalid JSON: the array is cut off"},
      {"only an opening bracket", "\n[\n", 2, "invalid JSON: the array is cut off"},
      {"text after the array", "[" + a + "]\n\nx", 3, "text after the top-level array"},
      {"a second closing bracket", "[" + a + "]]", 1, "text after the top-level array"},
      {"element cut off", "[\n" + a + ",\n" + b.substr(0, 50) + "\n", 3,
       "array element 1: invalid JSON: the document is cut off"},
      {"syntax error in an element", "[" + a + ",\n{\"Arn\": }]", 2,
       "array element 1: invalid JSON"},
      {"a number element", "[" + a + ", 1]", 1,
       "array element 1: an access-advisor document must be a JSON object"},
      {"an invalid literal element", "[" + a + ",\ntrux]", 2, "array element 1: invalid JSON"},
      // The first element decides the kind: a string is none of the three.
      {"a string element", "[\"x\", " + a + "]", 1,
       "array element 0: JSON of none of the three input kinds"},
      {"an unterminated string element", "[" + a + ", \"x]", 1,
       "array element 1: invalid JSON: the document is cut off"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const TempDir dir;
      const std::string path = dir.Write("advisor.json", c.bytes);
      const auto e = ErrorOf([&] { Load({path}, 1); });
      BOOST_REQUIRE(e.has_value());
      BOOST_TEST(ExitCode(*e) == 4);
      const std::string message = e->Describe();
      BOOST_TEST(message.find(path + ":" + std::to_string(c.line) + ": ") == 0u, message);
      BOOST_TEST(message.find(c.mentions) != std::string::npos, message);
    }
  }
}

// Elements are handed on one by one across chunk boundaries, each with its index and line.
BOOST_AUTO_TEST_CASE(top_level_arrays_larger_than_a_chunk_are_streamed) {
  constexpr int kUsers = 8000;  // about 3 MB: several chunks
  std::string bytes = "[\n";
  for (int i = 0; i < kUsers; ++i) bytes += (i ? ",\n" : "") + AdvisorDoc("u" + std::to_string(i));
  const std::string good = bytes + "\n]\n";
  const TempDir dir;
  const InputSet set = Load({dir.Write("big.json", good)});
  BOOST_TEST(set.inputs[0].records == static_cast<std::uint64_t>(kUsers));
  BOOST_TEST(set.inputs[0].sha256 == Sha256Hex(good));
  const AdvisorRecord& last = AdvisorFor(set, "u" + std::to_string(kUsers - 1));
  BOOST_TEST(last.element == kUsers - 1);
  BOOST_TEST(last.offset == good.rfind(",\n{") + 2);
  // Elements larger than two chunks (read by one thread at a time), between small ones.
  std::string big = R"({"Arn": ")" + UserArn("big") + R"(", "Padding": [)";
  while (big.size() < (std::size_t{5} << 20)) big += R"("0123456789abcdef", )";
  big += "0]}";
  const std::string mixed =
      "[" + AdvisorDoc("first") + ",\n" + big + ",\n" + big + "\n,\n" + AdvisorDoc("last") + "]";
  const std::string mixed_path = dir.Write("mixed.json", mixed);
  const auto e_big = ErrorOf([&] { Load({mixed_path}); });
  BOOST_REQUIRE(e_big.has_value());  // the same user twice
  BOOST_TEST(e_big->Describe().find("big") != std::string::npos, e_big->Describe());
  const InputSet two_big =
      Load({dir.Write("two-big.json", "[" + AdvisorDoc("first") + ",\n" + big + "\n,\n" +
                                          AdvisorDoc("last") + "]")});
  BOOST_TEST(two_big.inputs[0].records == 3u);
  BOOST_TEST(AdvisorFor(two_big, "last").element == 2);
  // An error in the last element names its index and line.
  const std::string bad = bytes + ",\n{\"Arn\": 1}]";
  const std::string path = dir.Write("bad.json", bad);
  const auto e = ErrorOf([&] { Load({path}); });
  BOOST_REQUIRE(e.has_value());
  BOOST_TEST(e->Describe() == path + ":" + std::to_string(kUsers + 2) + ": array element " +
                                  std::to_string(kUsers) + ": Arn: expected a string");
}

// A JSON syntax error is reported at the line where it is, not where its document starts,
// in every shape of file.
BOOST_AUTO_TEST_CASE(json_syntax_errors_name_the_line_where_they_are) {
  const std::string pretty_bad = "{\n  \"Arn\": \"" + UserArn("x") +
                                 "\",\n  \"JobStatus\": \"COMPLETED\",\n  \"X\": [1, 2,]\n}\n";
  const std::string latin1 = "{\n  \"Arn\": \"" + UserArn("x") + "\",\n\n  \"Note\": \"\xE9\"\n}\n";
  const std::string good = AdvisorDoc("a") + "\n";
  struct Case {
    const char* name;
    std::string bytes;
    int line;
  };
  const Case cases[] = {
      {"one pretty-printed object", pretty_bad, 4},
      {"after other documents", good + good + pretty_bad + good, 6},
      {"in an array element", "[\n" + good + ",\n" + pretty_bad + "]", 7},
      {"invalid UTF-8", good + latin1, 5},
      {"a bad escape", good + "{\"Arn\": \"\\x\"}\n", 2},
      {"a bad number", good + good + "{\"Arn\":\n\n 01}\n", 5},
      // Errors found while simdjson indexes a run of documents, in the run's middle.
      {"invalid UTF-8 mid-run", good + good + "{\"Arn\": \"\xE9\"}\n" + good + good, 3},
      {"a control character mid-run", good + good + good + "{\"Arn\": \"\x01\"}\n" + good, 4},
      {"an unclosed string mid-run", good + "{\"Arn\": \"x}\n" + good + good, 2},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const TempDir dir;
      const std::string path = dir.Write("advisor.json", c.bytes);
      const auto e = ErrorOf([&] { Load({path}); });
      BOOST_REQUIRE(e.has_value());
      const std::string message = e->Describe();
      BOOST_TEST(message.find(path + ":" + std::to_string(c.line) + ": ") == 0u, message);
      BOOST_TEST(message.find("invalid JSON") != std::string::npos, message);
    }
  }
}

BOOST_AUTO_TEST_CASE(ndjson_document_larger_than_a_chunk_is_read_in_full) {
  // About 5 MB for one user: more than the reader's 4 MiB chunk.
  constexpr int kServices = 50000;
  std::string big =
      R"({"Arn": ")" + UserArn("big") +
      R"(", "JobStatus": "COMPLETED", "JobCompletionDate": "2026-11-19T00:00:00Z", "ServicesLastAccessed": [)";
  for (int i = 0; i < kServices; ++i) {
    if (i > 0) big += ",";
    big += R"({"ServiceName": "Service )" + std::to_string(i) + R"(", "ServiceNamespace": "svc)" +
           std::to_string(i) + R"(", "LastAuthenticated": ")";
    big += i == kServices / 2 ? "2026-11-18T12:34:56Z" : "2026-10-01T00:00:00Z";
    big += R"(", "TotalAuthenticatedEntities": 1})";
  }
  big += "]}";
  BOOST_REQUIRE(big.size() > (std::size_t{4} << 20));
  const std::string bytes = AdvisorDoc("before") + "\n" + big + "\n" + AdvisorDoc("after") + "\n";
  const TempDir dir;
  const InputSet set = Load({dir.Write("big.ndjson", bytes)});
  BOOST_TEST(set.inputs[0].records == 3u);
  BOOST_TEST(set.inputs[0].sha256 == Sha256Hex(bytes));
  const AdvisorRecord& rec = AdvisorFor(set, "big");
  BOOST_TEST(rec.services == static_cast<std::uint32_t>(kServices));
  BOOST_TEST(Format(rec.activity) == "2026-11-18T12:34:56Z");
  BOOST_TEST(AdvisorFor(set, "after").services == 1u);
}

// ---- access-advisor records ----

BOOST_AUTO_TEST_CASE(activity_is_the_latest_last_authenticated_whatever_the_status) {
  const std::string doc = R"({"Arn": ")" + UserArn("alice") + R"(", "JobStatus": "IN_PROGRESS",
    "ServicesLastAccessed": [
      {"ServiceName": "A", "LastAuthenticated": "2026-11-01T10:00:00.987Z"},
      {"ServiceName": "B", "LastAuthenticated": "2026-11-02T01:30:00+02:00"},
      {"ServiceName": "C", "LastAuthenticated": "2026-10-31T23:59:59Z"},
      {"ServiceName": "D never used"}]})";
  const std::string fractional =
      R"({"Arn": ")" + UserArn("bob") +
      R"(", "JobStatus": "COMPLETED", "JobCompletionDate": "2026-11-19T00:00:00.5Z", "ServicesLastAccessed": [{"LastAuthenticated": "2026-11-01T10:00:00.999999Z"}]})";
  const TempDir dir;
  const InputSet set = Load({dir.Write("advisor.ndjson", doc + "\n" + fractional + "\n")});

  const AdvisorRecord& alice = AdvisorFor(set, "alice");
  BOOST_TEST(Format(alice.activity) == "2026-11-01T23:30:00Z");
  BOOST_TEST(!alice.completed);
  BOOST_TEST(Format(alice.completion) == "none");  // IN_PROGRESS, no JobCompletionDate
  BOOST_TEST(alice.services == 4u);                // entries without a time count as listed
  BOOST_TEST(!alice.truncated);
  BOOST_TEST(!alice.has_error);

  const AdvisorRecord& bob = AdvisorFor(set, "bob");
  BOOST_TEST(Format(bob.activity) == "2026-11-01T10:00:00Z");  // truncated to the second
  BOOST_TEST(Format(bob.completion) == "2026-11-19T00:00:00Z");
  BOOST_TEST(bob.completed);
  BOOST_TEST(Format(set.inputs[0].generated) == "2026-11-19T00:00:00Z");
}

BOOST_AUTO_TEST_CASE(status_members_are_recorded) {
  const std::string a = UserArn("a"), b = UserArn("b"), c = UserArn("c"), d = UserArn("d");
  const std::string bytes =
      R"({"Arn": ")" + a +
      R"(", "JobStatus": "COMPLETED", "IsTruncated": true, "Marker": "x", "ServicesLastAccessed": []})"
      "\n" +
      R"({"Arn": ")" + b +
      R"(", "JobStatus": "FAILED", "Error": {"Message": "boom", "Code": "x"}})"
      "\n" +
      R"({"Arn": ")" + c +
      R"(", "JobStatus": "COMPLETED", "IsTruncated": false, "JobCompletionDate": "2026-11-19T00:00:00Z", "ServicesLastAccessed": [{"ServiceName": "S3"}]})"
      "\n" +
      // Null members are absent.
      R"({"Arn": ")" + d +
      R"(", "JobStatus": "COMPLETED", "JobCompletionDate": null, "IsTruncated": null, "Error": null, "ServicesLastAccessed": [{"LastAuthenticated": null}]})"
      "\n";
  const TempDir dir;
  const InputSet set = Load({dir.Write("advisor.ndjson", bytes)});
  BOOST_TEST(AdvisorFor(set, "a").truncated);
  BOOST_TEST(AdvisorFor(set, "a").completed);
  BOOST_TEST(AdvisorFor(set, "a").services == 0u);
  BOOST_TEST(AdvisorFor(set, "b").has_error);
  BOOST_TEST(!AdvisorFor(set, "b").completed);
  BOOST_TEST(AdvisorFor(set, "c").completed);
  BOOST_TEST(!AdvisorFor(set, "c").truncated);
  BOOST_TEST(!AdvisorFor(set, "c").activity.has_value());
  const AdvisorRecord& rec_d = AdvisorFor(set, "d");
  BOOST_TEST(!rec_d.has_error);
  BOOST_TEST(!rec_d.truncated);
  BOOST_TEST(!rec_d.completion.has_value());
  BOOST_TEST(!rec_d.activity.has_value());
  BOOST_TEST(rec_d.services == 1u);
}

BOOST_AUTO_TEST_CASE(non_user_documents_are_counted_and_their_completion_dates_used) {
  const std::string bytes =
      AdvisorDoc("alice", "2026-11-18T00:00:00Z") + "\n" +
      R"({"Arn": "arn:aws:iam::111122223333:role/deploy", "JobStatus": "COMPLETED", "JobCompletionDate": "2026-11-19T23:00:00Z", "ServicesLastAccessed": []})"
      "\n" +
      R"({"Arn": "arn:aws:iam::111122223333:group/admins", "JobStatus": "IN_PROGRESS"})"
      "\n" +
      R"({"Arn": "arn:aws:iam::aws:policy/ReadOnlyAccess", "JobStatus": "COMPLETED", "JobCompletionDate": "2026-11-17T00:00:00Z"})"
      "\n" +
      R"({"Arn": "arn:aws:iam::111122223333:root", "JobStatus": "COMPLETED", "JobCompletionDate": "2026-11-16T00:00:00Z"})"
      "\n";
  const TempDir dir;
  const InputSet set = Load({dir.Write("advisor.ndjson", bytes)});
  BOOST_TEST(set.inputs[0].records == 5u);
  BOOST_TEST(set.advisor.size() == 1u);
  BOOST_TEST(set.FindAdvisor("arn:aws:iam::111122223333:role/deploy") == nullptr);
  BOOST_TEST(Format(set.inputs[0].generated) == "2026-11-19T23:00:00Z");
  BOOST_TEST(Format(set.latest_time) == "2026-11-19T23:00:00Z");
  BOOST_TEST(!set.has_undated_report);
}

BOOST_AUTO_TEST_CASE(malformed_advisor_documents_name_file_and_line) {
  const std::string good = AdvisorDoc("good") + "\n";  // line 1
  struct Case {
    const char* name;
    std::string bytes;
    std::uint64_t line;
    const char* mentions;  // in the message
  };
  const std::string arn = UserArn("bad");
  const Case cases[] = {
      {"syntax error inside an ignored member",
       good + R"({"Arn": ")" + arn +
           R"(", "Ignored": {"x": [1, 2,]}})"
           "\n",
       2, "JSON"},
      {"duplicate Arn",
       good + "\n" + R"({"Arn": ")" + arn + R"(", "Arn": ")" + arn +
           R"("})"
           "\n",
       3, "Arn"},
      {"duplicate LastAuthenticated in an entry",
       good + R"({"Arn": ")" + arn +
           R"(", "ServicesLastAccessed": [{"LastAuthenticated": "2026-11-01T00:00:00Z", "LastAuthenticated": "2026-11-01T00:00:00Z"}]})",
       2, "LastAuthenticated"},
      {"missing Arn", good + good + R"({"JobStatus": "COMPLETED"})", 3, "Arn"},
      {"null Arn", good + R"({"Arn": null})", 2, "Arn"},
      {"Arn not a string", good + R"({"Arn": 12})", 2, "Arn"},
      {"non-IAM Arn", good + R"({"Arn": "arn:aws:s3:::bucket"})", 2, "Arn"},
      {"invalid user Arn", good + R"({"Arn": "arn:aws:iam::111122223333:user/bad name"})", 2,
       "Arn"},
      {"LastAuthenticated without offset",
       good + R"({"Arn": ")" + arn +
           R"(", "ServicesLastAccessed": [{"LastAuthenticated": "2026-11-01T10:00:00"}]})",
       2, "LastAuthenticated"},
      {"LastAuthenticated a date only",
       good + good + good + R"({"Arn": ")" + arn +
           R"(", "ServicesLastAccessed": [{"LastAuthenticated": "2026-11-01"}]})",
       4, "LastAuthenticated"},
      {"bad JobCompletionDate",
       good + R"({"Arn": ")" + arn + R"(", "JobCompletionDate": "yesterday"})", 2,
       "JobCompletionDate"},
      {"service entry not an object",
       good + R"({"Arn": ")" + arn + R"(", "ServicesLastAccessed": ["s3"]})", 2,
       "ServicesLastAccessed[0]"},
      {"document not an object", good + "[1, 2]\n", 2, ""},
      {"cut off at the end of the file", good + good + R"({"Arn": ")" + arn + R"(", "Services)", 3,
       "cut off"},
      {"garbage between documents", good + "xyz\n" + good, 2, ""},
      {"a comma between documents", AdvisorDoc("a") + ",\n" + good, 1, ""},
      {"invalid UTF-8 in an ignored string",
       good + R"({"Arn": ")" + arn + "\", \"Note\": \"\xC3\x28\"}", 2, ""},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const TempDir dir;
      const std::string path = dir.Write("advisor.ndjson", c.bytes);
      const auto e = ErrorOf([&] { Load({path}); });
      BOOST_REQUIRE(e.has_value());
      BOOST_TEST(ExitCode(*e) == 4);
      const std::string message = e->Describe();
      BOOST_TEST_INFO("message: " << message);
      BOOST_TEST(message.find(path + ":" + std::to_string(c.line) + ": ") == 0u);
      BOOST_TEST(message.find(c.mentions) != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(unread_members_may_repeat) {
  // RFC 8259 allows duplicate names; only members that dormant reads must be unique.
  const std::string bytes =
      R"({"Arn": ")" + UserArn("alice") +
      R"(", "JobType": "A", "JobType": "B", "ServicesLastAccessed": [{"ServiceName": "x", "ServiceName": "y"}]})";
  const TempDir dir;
  const InputSet set = Load({dir.Write("advisor.json", bytes)});
  BOOST_TEST(set.advisor.size() == 1u);
}

BOOST_AUTO_TEST_CASE(two_documents_for_one_user_are_an_error_naming_both_places) {
  const TempDir dir;
  const std::string first =
      dir.Write("a/advisor.json", AdvisorDoc("x") + "\n" + AdvisorDoc("alice"));
  const std::string second =
      dir.Write("b/advisor.json", "\n\n" + AdvisorDoc("alice", "2026-11-10T00:00:00Z"));
  const auto e = ErrorOf([&] { Load({second, first}); });
  BOOST_REQUIRE(e.has_value());
  BOOST_TEST(ExitCode(*e) == 4);
  const std::string message = e->Describe();
  BOOST_TEST_INFO("message: " << message);
  BOOST_TEST(message.find(first + ":2") != std::string::npos);
  BOOST_TEST(message.find(second + ":3") != std::string::npos);
  BOOST_TEST(message.find(UserArn("alice")) != std::string::npos);

  // Also inside one file, whatever the statuses.
  const std::string one =
      dir.Write("c/advisor.json", AdvisorDoc("bob") + "\n" + R"({"Arn": ")" + UserArn("bob") +
                                      R"(", "JobStatus": "FAILED"})");
  const auto e2 = ErrorOf([&] { Load({one}); });
  BOOST_REQUIRE(e2.has_value());
  BOOST_TEST(ExitCode(*e2) == 4);
}

// ---- Large sequences: the chunked fast path and its fallbacks -----------------------------

// Pretty-printed documents (newlines inside every document) spanning many chunks, and a
// sequence without any newline between documents: both are read in full, in order.
BOOST_AUTO_TEST_CASE(multi_line_and_newline_free_sequences_span_chunks) {
  std::string pretty, glued;
  constexpr int kUsers = 4000;  // about 2.6 KB each pretty-printed: > 8 MB in all
  for (int i = 0; i < kUsers; ++i) {
    std::string doc = AdvisorDoc("u" + std::to_string(i));
    std::string spaced;
    for (char c : doc) {
      spaced += c;
      if (c == ',' || c == '{' || c == '[') spaced += "\n    ";
    }
    spaced.insert(spaced.size() - 1, std::string(2000, ' '));  // padding before the last }
    pretty += spaced + "\n";
    glued += doc;  // no white space at all between documents
  }
  BOOST_REQUIRE(pretty.size() > (std::size_t{8} << 20));
  const TempDir dir;
  for (const auto& [name, bytes] :
       {std::pair{"pretty.ndjson", pretty}, std::pair{"glued.ndjson", glued}}) {
    BOOST_TEST_CONTEXT(name) {
      const InputSet set = Load({dir.Write(name, bytes)});
      BOOST_TEST(set.inputs[0].records == static_cast<std::uint64_t>(kUsers));
      BOOST_TEST(set.advisor.size() == static_cast<std::size_t>(kUsers));
      int found = 0;
      for (int i = 0; i < kUsers; ++i)
        found += set.FindAdvisor(UserArn("u" + std::to_string(i))) != nullptr;
      BOOST_TEST(found == kUsers);
    }
  }
}

// An error deep inside a large NDJSON file names the line of its document.
BOOST_AUTO_TEST_CASE(errors_in_large_sequences_name_the_document_line) {
  std::string bytes;
  constexpr int kBad = 40000;  // far past the first 4 MiB chunk
  for (int i = 0; i < 50000; ++i) {
    bytes += i == kBad ? R"({"Arn": "arn:aws:iam::111122223333:user/bad", "Junk": [1,]})"
                       : AdvisorDoc("u" + std::to_string(i));
    bytes += "\n";
  }
  BOOST_REQUIRE(bytes.size() > (std::size_t{8} << 20));
  const TempDir dir;
  const std::string path = dir.Write("big.ndjson", bytes);
  const auto e = ErrorOf([&] { Load({path}); });
  BOOST_REQUIRE(e.has_value());
  BOOST_TEST(ExitCode(*e) == 4);
  BOOST_TEST(e->line() == static_cast<std::uint64_t>(kBad + 1));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant
