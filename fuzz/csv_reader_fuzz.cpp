// Fuzz target: CsvReader (RFC 4180 records).
//
// Invariants: record_line() strictly increases and stays within the input's lines;
// every record has a field; an error names the file and a line of the input; a fully
// read input, written back with every field quoted, reads back to the same records.
#include <algorithm>
#include <string>
#include <vector>

#include "csv_reader.h"
#include "fuzz_support.h"

namespace {

using dormant::CsvReader;
using dormant::fuzz::Require;

// Every field quoted, quotes doubled, LF record ends: the records of `records`, exactly.
std::string Quote(const std::vector<std::vector<std::string>>& records) {
  std::string out;
  for (const auto& record : records) {
    for (std::size_t i = 0; i < record.size(); ++i) {
      if (i > 0) out += ',';
      out += '"';
      for (const char c : record[i]) {
        if (c == '"') out += '"';
        out += c;
      }
      out += '"';
    }
    out += '\n';
  }
  return out;
}

std::vector<std::vector<std::string>> ReadAll(std::string_view text) {
  CsvReader reader(text, "fuzz.csv");
  std::vector<std::string_view> fields;
  std::vector<std::vector<std::string>> records;
  while (reader.Next(fields)) records.emplace_back(fields.begin(), fields.end());
  return records;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = dormant::fuzz::AsText(data, size);
  const auto lines = static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  CsvReader reader(text, "fuzz.csv");
  std::vector<std::string_view> fields;
  std::vector<std::vector<std::string>> records;
  std::uint64_t last_line = 0;
  try {
    while (reader.Next(fields)) {
      Require(reader.record_line() > last_line, "record_line() did not increase");
      Require(reader.record_line() <= lines, "record_line() beyond the last line");
      Require(!fields.empty(), "a record without fields");
      last_line = reader.record_line();
      records.emplace_back(fields.begin(), fields.end());
    }
    Require(!reader.Next(fields), "Next() returned a record after the end");
  } catch (const dormant::Error& e) {
    dormant::fuzz::CheckError(e, dormant::ErrorKind::kInput);
    dormant::fuzz::CheckOneLine(e);
    Require(e.file() == "fuzz.csv", "an error that does not name the file");
    Require(e.line() >= 1 && e.line() <= lines, "an error line outside the input");
    return 0;
  }
  std::vector<std::vector<std::string>> again;
  try {
    again = ReadAll(Quote(records));
  } catch (const dormant::Error&) {
    Require(false, "quoted records do not read back");
  }
  Require(again == records, "quoted records read back differently");
  return 0;
}
