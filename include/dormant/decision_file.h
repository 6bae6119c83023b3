// dormant/decision_file.h — reading a decision file back, for the review commands (verify,
// diff, explain, plan).
//
// A file is a valid `dormant-decisions/1` file only if every line is exactly what the writer
// writes for it (each line is parsed, written back with decision_format.h's functions and
// compared), users are strictly sorted by ARN, every line agrees with itself and the header
// (decision_coherence.h, counts included), every line ends in `\n`, no line is longer than
// 1 MiB and the file is at most 4 GiB.
//
// DecisionReader streams: it holds one chunk of the file and one line at a time, so its
// memory is a few MiB whatever the file (a link to /dev/zero fails at its first 1 MiB).
#ifndef DORMANT_DECISION_FILE_H_
#define DORMANT_DECISION_FILE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dormant/decision_format.h"

namespace dormant {

// The size limits of a decision file (smaller ones are for tests).
struct DecisionLimits {
  std::uint64_t max_file_bytes = std::uint64_t{4} << 30;  // 4 GiB
  std::size_t max_line_bytes = std::size_t{1} << 20;      // 1 MiB, without its `\n`
};

// Reads a decision file one validated line at a time, in the manner of leveldb's
// log::Reader:
//
//   DecisionReader reader(path);           // reads and checks the header line
//   while (const UserLine* u = reader.Next()) { ... }   // each user line, checked
//
// Next() returns the next user line, valid until the next call of Next() or SkipRest() or
// the reader's end; nullptr at the end of the file, and only once the whole file has been
// found valid (the counts are checked last). Errors are thrown: Error(kInput) naming the
// first line that is not valid (or line 1 when the lines are fewer than the header counts;
// the line of the first byte beyond the size limit), Error(kIo) for a read error. After a
// throw, every later call of Next() or SkipRest() throws the same error. So a command that must not
// act on an invalid file either acts only after Next() has returned nullptr (buffering what it
// needs) or reads the file twice.
class DecisionReader {
 public:
  // Opens the file at `path`. Throws Error(kUsage) if it does not exist or is a directory,
  // Error(kIo) if it cannot be read, and the errors of Next() for its header line.
  explicit DecisionReader(const std::string& path, DecisionLimits limits = {});
  // Reads `text` (held by the caller for the reader's lifetime); `path` names it in
  // messages. For tests and fuzzing.
  DecisionReader(std::string_view text, const std::string& path, DecisionLimits limits = {});
  ~DecisionReader();
  DecisionReader(const DecisionReader&) = delete;
  DecisionReader& operator=(const DecisionReader&) = delete;

  const std::string& path() const;
  const DecisionHeader& header() const;
  const std::string& header_line() const;  // without its `\n`

  const UserLine* Next();
  // Reads and checks the rest of the file, dropping its lines.
  void SkipRest();

  // After Next() returned nullptr: the number of user lines, the SHA-256 (lowercase hex) of
  // the file's bytes.
  std::uint64_t user_count() const;
  const std::string& sha256() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A whole decision file in memory (for tests and fuzzing; the commands stream).
struct DecisionFile {
  std::string path;
  DecisionHeader header;
  std::string header_line;      // without its `\n`
  std::vector<UserLine> users;  // in file order (sorted by ARN)
};

// Parses decision-file text (`path` names it in messages). Same errors as DecisionReader.
DecisionFile ParseDecisionFile(std::string_view text, const std::string& path);

}  // namespace dormant

#endif  // DORMANT_DECISION_FILE_H_
