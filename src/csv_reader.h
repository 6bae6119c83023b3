// dormant/csv_reader.h — an RFC 4180 record reader over an in-memory buffer.
//
// Quoted fields (with doubled quotes and embedded newlines), LF or CRLF record ends, an
// optional final newline. A CR not followed by LF is data. A `"` inside an unquoted field,
// text after a closing quote and an unterminated quote are errors. The reader never trims.
// Memory: the caller's buffer plus one reusable scratch buffer for fields that contain
// doubled quotes; no allocation per record once the buffers have grown.
#ifndef DORMANT_CSV_READER_H_
#define DORMANT_CSV_READER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dormant {

class CsvReader {
 public:
  // `data` must outlive the reader; `file` names it in error messages.
  CsvReader(std::string_view data, std::string file);

  // Reads the next record into `fields`. Returns false at the end of the input (no record).
  // The views stay valid until the next call. Throws Error(kInput) naming the file and the
  // physical line on malformed input. An empty input has no records.
  bool Next(std::vector<std::string_view>& fields);

  // The physical line (1-based) on which the last record returned by Next() started.
  std::uint64_t record_line() const { return record_line_; }

 private:
  struct FieldRef {
    bool in_scratch;
    std::size_t offset;
    std::size_t size;
  };

  std::string_view data_;
  std::string file_;
  std::size_t pos_ = 0;
  std::uint64_t line_ = 1;
  std::uint64_t record_line_ = 0;
  std::string scratch_;
  std::vector<FieldRef> refs_;
};

}  // namespace dormant

#endif  // DORMANT_CSV_READER_H_
