// Fuzz target: the credential report — ParseCredentialReportCsv directly,
// DecodeReportContent, and the whole file reader (CSV or JSON envelope) through LoadInputs.
//
// Invariants: a CSV file read through LoadInputs gives the same rows or the same error as
// ParseCredentialReportCsv on its bytes (with the duplicate and account checks modelled); kind
// detection agrees with the named kind; a decoded base64 Content encodes back to the same symbols;
// an error inside an embedded report names no FILE:LINE (it says "Content line N").
#include <simdjson.h>

#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "credential_report.h"
#include "input_fuzzing.h"

namespace {

using dormant::fuzz::Require;

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const auto n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i]) << 16 |
                                              static_cast<unsigned char>(bytes[i + 1]) << 8 |
                                              static_cast<unsigned char>(bytes[i + 2]));
    for (int shift = 18; shift >= 0; shift -= 6) out += kAlphabet[(n >> shift) & 63];
  }
  if (bytes.size() - i == 1) {
    const auto n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i]) << 16);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += "==";
  } else if (bytes.size() - i == 2) {
    const auto n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i]) << 16 |
                                              static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

// Is the file CSV by content detection (first non-blank byte after an optional BOM not `{` or `[`)?
bool LooksLikeCsv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  return first == std::string_view::npos || (text[first] != '{' && text[first] != '[');
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// What the account checks across inputs (run after the duplicate check) say about the rows
// of one report, in their order: the message fragment of the first that fails, or "".
std::string AccountRuleBroken(const std::vector<dormant::CredentialRow>& rows) {
  std::string why;
  auto account = [](std::string_view arn) { return dormant::ParseIamArn(arn)->account; };
  for (const dormant::CredentialRow& row : rows) {
    if (account(row.arn) != account(rows.front().arn))
      return ": an input file speaks for one account";
  }
  std::size_t roots = 0;
  for (const dormant::CredentialRow& row : rows) roots += row.root ? 1 : 0;
  if (roots > 1) return ": a credential report has one root row";
  std::set<std::string> names;  // one account: names ignoring case (and path)
  for (const dormant::CredentialRow& row : rows) {
    if (row.root) continue;
    std::string name(dormant::ParseUserArn(row.arn, why)->name);
    for (char& c : name) c = Lower(c);
    if (!names.insert(name).second) return " name the same user: ";
  }
  return "";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const dormant::fuzz::ScratchFile scratch("credential_report");
  const std::string_view text = dormant::fuzz::AsText(data, size);
  const std::string& path = scratch.Write(text);
  const bool utf8 = simdjson::validate_utf8(text.data(), text.size());

  // The file reader, with the kind named and detected.
  const dormant::fuzz::LoadOutcome loaded =
      dormant::fuzz::LoadBothWays(path, text, dormant::InputKind::kCredentialReport);

  // The CSV parser directly: the same outcome as the file reader for a CSV file.
  if (utf8) {
    std::vector<dormant::CredentialRow> rows;
    dormant::StringStore strings;
    dormant::fuzz::LoadOutcome direct;
    try {
      direct.records = dormant::ParseCredentialReportCsv(text, path, 0, false, rows, strings);
      Require(direct.records == rows.size(), "the row count differs from the rows appended");
      direct.ok = true;
      direct.rows = rows.size();
      // The same ARN twice is checked across all files, by LoadInputs.
      std::set<std::string_view> arns;
      for (const dormant::CredentialRow& row : rows) {
        if (!arns.insert(row.arn).second) {
          direct.ok = false;
          direct.rows = 0;
          direct.error = loaded.error.find(": duplicate ARN " + std::string(row.arn) +
                                           " (also at ") != std::string::npos
                             ? loaded.error
                             : "duplicate ARN " + std::string(row.arn);
          break;
        }
      }
      // Then the account checks, which only LoadInputs runs.
      if (const std::string broken = AccountRuleBroken(rows); direct.ok && !broken.empty()) {
        direct.ok = false;
        direct.rows = 0;
        direct.error = loaded.error.find(broken) != std::string::npos ? loaded.error : broken;
      }
    } catch (const dormant::Error& e) {
      dormant::fuzz::CheckError(e, dormant::ErrorKind::kInput);
      Require(e.line() >= 1, "a CSV error without a line");
      direct.error = e.Describe();
    }
    if (LooksLikeCsv(text)) {
      if (direct.ok != loaded.ok || direct.error != loaded.error || direct.rows != loaded.rows) {
        std::fprintf(stderr,
                     "direct: ok=%d rows=%zu error=%s\nLoadInputs: ok=%d rows=%zu error=%s\n",
                     direct.ok, direct.rows, direct.error.c_str(), loaded.ok, loaded.rows,
                     loaded.error.c_str());
      }
      Require(direct.ok == loaded.ok && direct.error == loaded.error && direct.rows == loaded.rows,
              "LoadInputs and ParseCredentialReportCsv disagree on a CSV file");
    }
  }

  // The Content member: base64 round trip, and the embedded form of the parser.
  std::string csv;
  if (dormant::DecodeReportContent(text, csv)) {
    if (text.find(',') == std::string_view::npos) {
      std::string symbols;
      for (const char c : text) {
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') symbols += c;
      }
      Require(Base64(csv) == symbols, "decoded base64 does not encode back to its symbols");
    } else {
      Require(csv == text, "CSV text in Content was changed");
    }
    if (simdjson::validate_utf8(csv.data(), csv.size())) {
      std::vector<dormant::CredentialRow> rows;
      dormant::StringStore strings;
      try {
        dormant::ParseCredentialReportCsv(csv, path, 0, true, rows, strings);
      } catch (const dormant::Error& e) {
        dormant::fuzz::CheckError(e, dormant::ErrorKind::kInput);
        dormant::fuzz::CheckOneLine(e);
        Require(e.line() == 0, "an embedded report's error names a file line");
        Require(std::string_view(e.what()).substr(0, 13) == "Content line ",
                "an embedded report's error does not say 'Content line N'");
      }
    }
  }
  return 0;
}
