// The bad-input corpus: every file in testdata/bad/ holds one defect, and
// testdata/bad/EXPECTED says, per file, which command reads it, the exit code and the exact
// line on standard error. Each entry is run through the real binary, with testdata/bad/ as
// working directory; the test also checks that nothing is written: standard output is
// empty, an `evaluate` run given `--out` creates no file, and testdata/bad/ is unchanged.
//
// EXPECTED is a list of blocks separated by blank lines; lines starting with `#` are
// comments (the first comment of a block says what is wrong with the file):
//   file: NAME          a file in testdata/bad/
//   run: ARGS...        the arguments, split on spaces; FILE stands for NAME
//   exit: N
//   stderr: LINE        the exact line without its "\n"; `\\` and `\xNN` are escapes
//   known-bug: TEXT     optional: the binary does not behave as expected yet (TEXT says
//                       why); the entry is run and reported, but does not fail the suite
// DORMANT_UPDATE_BAD=1 rewrites the exit and stderr of every entry from the current binary,
// for review with `git diff`.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "test_support.h"

namespace dormant::testing {
namespace {
namespace fs = std::filesystem;

struct BadInput {
  std::vector<std::string> comments;  // the `#` lines before the entry
  std::string file;
  std::string run;
  int exit_code = -1;
  std::string stderr_line;  // unescaped
  std::string known_bug;    // empty unless the entry documents an open bug
  int line = 0;             // of `file:` in EXPECTED
};

fs::path BadDir() { return TestdataDir() / "bad"; }

std::string Unescape(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '\\') {
      out += '\\';
      ++i;
    } else if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] == 'x') {
      out += static_cast<char>(std::stoi(text.substr(i + 2, 2), nullptr, 16));
      i += 3;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string Escape(const std::string& text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\\') {
      out += "\\\\";
    } else if (u < 0x20 || u == 0x7f) {
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  return out;
}

// The header comment of EXPECTED (everything before the first entry) and the entries.
struct Expected {
  std::vector<std::string> preamble;
  std::vector<BadInput> entries;
};

Expected ReadExpected() {
  Expected out;
  std::ifstream in(BadDir() / "EXPECTED", std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "cannot read testdata/bad/EXPECTED");
  std::vector<std::string> comments;
  BadInput* current = nullptr;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.empty()) {
      if (current == nullptr && out.entries.empty()) {
        out.preamble.insert(out.preamble.end(), comments.begin(), comments.end());
        out.preamble.push_back("");
        comments.clear();
      }
      current = nullptr;
      continue;
    }
    if (line[0] == '#') {
      comments.push_back(line);
      continue;
    }
    const std::size_t colon = line.find(": ");
    BOOST_REQUIRE_MESSAGE(colon != std::string::npos, "EXPECTED:" << number << ": no 'key: '");
    const std::string key = line.substr(0, colon);
    const std::string value = line.substr(colon + 2);
    if (key == "file") {
      current = &out.entries.emplace_back();
      current->comments = std::move(comments);
      comments.clear();
      current->file = value;
      current->line = number;
      continue;
    }
    BOOST_REQUIRE_MESSAGE(current != nullptr,
                          "EXPECTED:" << number << ": '" << key << "' before 'file:'");
    if (key == "run") {
      current->run = value;
    } else if (key == "exit") {
      current->exit_code = std::stoi(value);
    } else if (key == "stderr") {
      current->stderr_line = Unescape(value);
    } else if (key == "known-bug") {
      current->known_bug = value;
    } else {
      BOOST_FAIL("EXPECTED:" << number << ": unknown key '" << key << "'");
    }
  }
  return out;
}

void WriteExpected(const Expected& expected) {
  std::ofstream out(BadDir() / "EXPECTED", std::ios::binary);
  for (const std::string& line : expected.preamble) out << line << "\n";
  for (std::size_t i = 0; i < expected.entries.size(); ++i) {
    const BadInput& e = expected.entries[i];
    if (i > 0) out << "\n";
    for (const std::string& c : e.comments) out << c << "\n";
    out << "file: " << e.file << "\nrun: " << e.run << "\nexit: " << e.exit_code
        << "\nstderr: " << Escape(e.stderr_line) << "\n";
    if (!e.known_bug.empty()) out << "known-bug: " << e.known_bug << "\n";
  }
}

std::vector<std::string> Arguments(const BadInput& e, const std::string& out_path) {
  std::vector<std::string> args;
  std::istringstream words(e.run);
  for (std::string w; words >> w;) args.push_back(w == "FILE" ? e.file : w);
  if (!args.empty() && args[0] == "evaluate") {
    args.push_back("--out");
    args.push_back(out_path);
  }
  return args;
}

// Names and sizes of the files in testdata/bad/: a run must not add, remove or change any.
std::map<std::string, std::uintmax_t> Listing() {
  std::map<std::string, std::uintmax_t> files;
  for (const auto& entry : fs::directory_iterator(BadDir())) {
    files[entry.path().filename().string()] =
        entry.is_regular_file() ? entry.file_size() : std::uintmax_t{0};
  }
  return files;
}

BOOST_AUTO_TEST_SUITE(bad_inputs)

BOOST_AUTO_TEST_CASE(every_file_has_one_entry) {
  const Expected expected = ReadExpected();
  // The issue asks for at least 40 distinct defects.
  BOOST_TEST(expected.entries.size() >= 40u);
  std::set<std::string> named;
  for (const BadInput& e : expected.entries) {
    BOOST_TEST_CONTEXT("EXPECTED:" << e.line << " " << e.file) {
      BOOST_TEST(named.insert(e.file).second, "listed twice");
      BOOST_TEST(fs::is_regular_file(BadDir() / e.file), "no such file in testdata/bad/");
      BOOST_TEST(!e.comments.empty(), "no comment saying what is wrong");
      BOOST_TEST(!e.run.empty());
      BOOST_TEST(e.exit_code >= 1);
      BOOST_TEST(e.stderr_line.rfind("dormant: ", 0) == 0u);
    }
  }
  for (const auto& [name, size] : Listing()) {
    if (name == "EXPECTED" || name == "make_bad.py") continue;
    BOOST_TEST(named.count(name) == 1u, "testdata/bad/" << name << " has no entry in EXPECTED");
  }
}

BOOST_AUTO_TEST_CASE(every_entry_fails_as_expected) {
  const bool update = std::getenv("DORMANT_UPDATE_BAD") != nullptr;
  Expected expected = ReadExpected();
  const auto before = Listing();
  for (BadInput& e : expected.entries) {
    BOOST_TEST_CONTEXT("testdata/bad/" << e.file << " (EXPECTED:" << e.line << ")") {
      TempDir out_dir;
      const std::string out_path = (out_dir.path() / "decisions.jsonl").string();
      const RunResult r = RunDormant(Arguments(e, out_path), BadDir());
      if (!e.known_bug.empty()) {
        // Not fixed yet: report, do not fail. An entry that passes has its bug fixed.
        const bool passes = r.exit_code == e.exit_code && r.err == e.stderr_line + "\n" &&
                            r.out.empty() && fs::is_empty(out_dir.path());
        BOOST_WARN_MESSAGE(!passes, "passes now: remove its known-bug line");
        BOOST_TEST_MESSAGE("known bug, not checked: " << e.known_bug);
        continue;
      }
      if (update) {
        e.exit_code = r.exit_code;
        e.stderr_line = r.err;
        if (!e.stderr_line.empty() && e.stderr_line.back() == '\n') e.stderr_line.pop_back();
        continue;
      }
      BOOST_TEST(r.exit_code == e.exit_code);
      BOOST_TEST(r.err == e.stderr_line + "\n");
      BOOST_TEST(r.out.empty(), "something was written to standard output");
      BOOST_TEST(fs::is_empty(out_dir.path()), "a file was created next to --out");
    }
  }
  if (update) WriteExpected(expected);
  BOOST_TEST((Listing() == before), "a run changed testdata/bad/");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant::testing
