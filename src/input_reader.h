// input_reader.h (private) — reads one input file completely: detects its kind, hashes its
// bytes and hands each document to the reader of that kind (credential_report_document.h,
// access_advisor_reader.h, iam_details_reader.h), which validates it and extracts its records.
#ifndef DORMANT_INPUT_READER_H_
#define DORMANT_INPUT_READER_H_

#include <simdjson.h>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dormant/input_discovery.h"
#include "dormant/string_store.h"
#include "file_data.h"
#include "file_source.h"

namespace dormant {

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
