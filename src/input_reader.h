// input_reader.h (private) — reads one input file completely: detects its kind (SPEC §1),
// hashes its bytes, validates it and extracts its records (SPEC §2).
#ifndef DORMANT_INPUT_READER_H_
#define DORMANT_INPUT_READER_H_

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dormant/input_set.h"
#include "dormant/inputs.h"
#include "dormant/records.h"

namespace dormant {

// Everything read from one file.
struct FileData {
  InputSummary summary;
  FileRecords records;
  bool undated_report = false;  // a credential report without GeneratedTime
};

// Reads `input`, tagging records with `file_index` and adding the bytes read to
// `progress` if given. Throws Error(kInput) for invalid data and Error(kIo) for a file
// that cannot be read.
FileData ReadInputFile(const InputFile& input, std::uint32_t file_index,
                       std::atomic<std::uint64_t>* progress = nullptr);

}  // namespace dormant

#endif  // DORMANT_INPUT_READER_H_
