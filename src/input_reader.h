// input_reader.h (private) — reads one input file completely: detects its kind (SPEC §1),
// hashes its bytes, validates it and extracts its records (SPEC §2).
#ifndef DORMANT_INPUT_READER_H_
#define DORMANT_INPUT_READER_H_

#include <simdjson.h>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dormant/error.h"
#include "dormant/input_set.h"
#include "dormant/inputs.h"
#include "dormant/records.h"
#include "file_source.h"

namespace dormant {

// Everything read from one file.
struct FileData {
  InputSummary summary;
  FileRecords records;
  bool undated_report = false;  // a credential report without GeneratedTime
  // An input file speaks for one account: `account` is that of the file's first ARN with
  // a 12-digit account (empty if none; `aws`, the account of AWS managed policies, never
  // counts), `other_account` the error naming the first ARN of another account. Raised by
  // LoadInputs after the duplicate-ARN check, so that the checks across inputs keep their
  // order; noted here because only user records are kept.
  std::string account;
  std::optional<Error> other_account;
};

// What one reading thread reuses from file to file: the chunk buffer, simdjson's parser
// and the decoded report text. Allocated (and their pages touched) once per thread, not
// once per file.
struct ReadScratch {
  PaddedBuffer buf;
  simdjson::dom::parser parser;
  std::string report_csv;

  // Frees what grew beyond what streaming needs (a whole CSV or top-level array was read).
  void Trim();
};

// Reads `input`, tagging records with `file_index`, keeping their strings in `strings`
// and adding the bytes read to `progress` if given. Throws Error(kInput) for invalid data
// and Error(kIo) for a file that cannot be read.
FileData ReadInputFile(const InputFile& input, std::uint32_t file_index, ReadScratch& scratch,
                       StringStore& strings, std::atomic<std::uint64_t>* progress = nullptr);

}  // namespace dormant

#endif  // DORMANT_INPUT_READER_H_
