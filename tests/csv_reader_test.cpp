// The RFC 4180 reader of credential reports: quoting, line ends, physical line numbers, errors.
#include "csv_reader.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "dormant/error.h"

namespace dormant {
namespace {

using Record = std::vector<std::string>;

struct ReadResult {
  std::vector<Record> records;
  std::vector<std::uint64_t> lines;  // record_line() of each record
};

ReadResult ReadAll(const std::string& data) {
  CsvReader reader(data, "in.csv");
  std::vector<std::string_view> fields;
  ReadResult out;
  while (reader.Next(fields)) {
    out.records.emplace_back(fields.begin(), fields.end());
    out.lines.push_back(reader.record_line());
    BOOST_REQUIRE(out.records.size() < 1000);  // no endless loop
  }
  return out;
}

std::string Show(const std::vector<Record>& records) {
  std::string s;
  for (const Record& r : records) {
    s += "[";
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (i) s += "|";
      for (char c : r[i]) {
        if (c == '\n') {
          s += "\\n";
        } else if (c == '\r') {
          s += "\\r";
        } else {
          s += c;
        }
      }
    }
    s += "]";
  }
  return s;
}

BOOST_AUTO_TEST_SUITE(csv_reader)

BOOST_AUTO_TEST_CASE(reads_records_and_fields) {
  struct Case {
    std::string name, input;
    std::vector<Record> want;
  };
  const Case cases[] = {
      {"empty input has no record", "", {}},
      {"plain", "a,b,c\n1,2,3\n", {{"a", "b", "c"}, {"1", "2", "3"}}},
      {"missing final newline", "a,b\n1,2", {{"a", "b"}, {"1", "2"}}},
      {"single field", "x", {{"x"}}},
      {"quoted comma", "\"a,b\",c\n", {{"a,b", "c"}}},
      {"doubled quotes", "\"say \"\"hi\"\"\",x\n", {{"say \"hi\"", "x"}}},
      {"only a doubled quote", "\"\"\"\"\n", {{"\""}}},
      {"doubled quote at the end", "\"a\"\"\",b", {{"a\"", "b"}}},
      {"empty quoted field", "\"\",x\n", {{"", "x"}}},
      {"several doubled-quote fields in one record",
       "\"a\"\"1\",\"b\"\"2\",\"c\"\n",
       {{"a\"1", "b\"2", "c"}}},
      {"quoted newline", "\"line1\nline2\",x\n", {{"line1\nline2", "x"}}},
      {"quoted CRLF kept", "\"a\r\nb\",x\r\n", {{"a\r\nb", "x"}}},
      {"CRLF records", "a,b\r\n1,2\r\n", {{"a", "b"}, {"1", "2"}}},
      {"CRLF after a quoted field", "\"a\"\r\n\"b\"\r\n", {{"a"}, {"b"}}},
      {"mixed LF and CRLF", "a\r\nb\nc", {{"a"}, {"b"}, {"c"}}},
      {"lone CR is data", "a\rb,c\n", {{"a\rb", "c"}}},
      {"lone CR at the end of input is data", "a,b\r", {{"a", "b\r"}}},
      {"CR CR LF: first CR is data", "a\r\r\nb", {{"a\r"}, {"b"}}},
      {"blank line is one empty field", "a,b\n\n1,2\n", {{"a", "b"}, {""}, {"1", "2"}}},
      {"lone newline", "\n", {{""}}},
      {"blank CRLF line", "a\r\n\r\nb\r\n", {{"a"}, {""}, {"b"}}},
      {"trailing comma is an empty last field", "a,\n", {{"a", ""}}},
      {"trailing comma at end of input", "a,b,", {{"a", "b", ""}}},
      {"leading comma", ",a\n", {{"", "a"}}},
      {"only commas", ",,\n", {{"", "", ""}}},
      {"values are not trimmed", " a , b \n", {{" a ", " b "}}},
      {"quote-like bytes are kept", "it's,caf\xC3\xA9\n", {{"it's", "caf\xC3\xA9"}}},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const ReadResult got = ReadAll(c.input);
      BOOST_TEST(Show(got.records) == Show(c.want));
    }
  }
}

BOOST_AUTO_TEST_CASE(record_line_is_the_physical_start_line) {
  struct Case {
    std::string name, input;
    std::vector<std::uint64_t> want;
  };
  const Case cases[] = {
      {"one per line", "h\na\nb\n", {1, 2, 3}},
      {"quoted newline spans lines", "h\n\"x\ny\",z\nnext\n", {1, 2, 4}},
      {"two quoted newlines in one field", "h\n\"1\n2\n3\"\nnext", {1, 2, 5}},
      {"quoted newlines in two fields", "\"a\nb\",\"c\nd\"\nnext\n", {1, 4}},
      {"quoted newline after doubled quotes", "h\n\"a\"\"\nb\"\"\nc\"\nnext\n", {1, 2, 5}},
      {"CRLF and quoted CRLF", "h\r\n\"a\r\nb\"\r\nnext\r\n", {1, 2, 4}},
      {"blank lines count", "h\n\n\nx\n", {1, 2, 3, 4}},
      {"lone CR does not end a line", "h\na\rb\nnext\n", {1, 2, 3}},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const ReadResult got = ReadAll(c.input);
      BOOST_TEST(got.lines == c.want, boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(field_views_stay_valid_until_next_call) {
  // Fields that were unescaped into the scratch buffer and fields that point into the
  // input must both read correctly after the whole record has been split.
  const std::string data = "\"a\"\"b\",plain,\"c\"\"d\"\"e\",\"x,y\"\nnext\n";
  CsvReader reader(data, "in.csv");
  std::vector<std::string_view> fields;
  BOOST_TEST_REQUIRE(reader.Next(fields));
  BOOST_TEST_REQUIRE(fields.size() == 4u);
  BOOST_TEST(fields[0] == "a\"b");
  BOOST_TEST(fields[1] == "plain");
  BOOST_TEST(fields[2] == "c\"d\"e");
  BOOST_TEST(fields[3] == "x,y");
  BOOST_TEST_REQUIRE(reader.Next(fields));
  BOOST_TEST(fields.size() == 1u);
  BOOST_TEST(fields[0] == "next");
  BOOST_TEST(!reader.Next(fields));
  BOOST_TEST(!reader.Next(fields));  // stays at the end
}

BOOST_AUTO_TEST_CASE(malformed_input_names_file_and_line) {
  struct Case {
    std::string name, input;
    std::uint64_t want_line;
    std::string want_text;  // a substring of the message
  };
  const Case cases[] = {
      {"quote inside an unquoted field", "h\nab\"c,d\n", 2, "unquoted"},
      {"quote at the end of an unquoted field", "h\nx,ab\"\n", 2, "unquoted"},
      {"text after a closing quote", "h\n\"ab\"c,d\n", 2, "after the closing quote"},
      {"space after a closing quote", "h\nx,\"ab\" \n", 2, "after the closing quote"},
      {"lone CR after a closing quote", "h\n\"ab\"\rx\n", 2, "after the closing quote"},
      {"text after a quote that closed on a later line", "h\n\"a\nb\"c\n", 3,
       "after the closing quote"},
      {"unterminated quote at the end", "h\nx,\"abc", 2, "unterminated"},
      {"unterminated quote reports the line it opened on", "h\nx\n\"abc\nd\ne\n", 3,
       "unterminated"},
      {"unterminated quote after a doubled quote", "h\n\"a\"\"b\nc", 2, "unterminated"},
      {"unterminated quote with a newline before a doubled quote", "h\n\"a\nb\"\"c\nd", 2,
       "unterminated"},
      {"quote in unquoted field after a multi-line record", "\"a\nb\"\nc\"d\n", 3, "unquoted"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      CsvReader reader(c.input, "dir/report.csv");
      std::vector<std::string_view> fields;
      bool threw = false;
      try {
        while (reader.Next(fields)) {
        }
      } catch (const Error& e) {
        threw = true;
        BOOST_TEST(static_cast<int>(e.kind()) == static_cast<int>(ErrorKind::kInput));
        BOOST_TEST(e.file() == "dir/report.csv");
        BOOST_TEST(e.line() == c.want_line);
        BOOST_TEST(std::string(e.what()).find(c.want_text) != std::string::npos,
                   "message: " << e.what());
      }
      BOOST_TEST(threw);
    }
  }
}

BOOST_AUTO_TEST_CASE(records_before_an_error_are_returned) {
  CsvReader reader("a,b\n1,2\n3,x\"y\n", "in.csv");
  std::vector<std::string_view> fields;
  BOOST_TEST_REQUIRE(reader.Next(fields));
  BOOST_TEST_REQUIRE(reader.Next(fields));
  BOOST_TEST(fields[1] == "2");
  BOOST_CHECK_THROW(reader.Next(fields), Error);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant
