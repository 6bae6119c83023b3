// RFC 4180 record reader (see the header for the accepted grammar).
#include "csv_reader.h"

#include <cstring>

#include "dormant/error.h"

namespace dormant {

CsvReader::CsvReader(std::string_view data, std::string file)
    : data_(data), file_(std::move(file)) {}

bool CsvReader::Next(std::vector<std::string_view>& fields) {
  fields.clear();
  refs_.clear();
  scratch_.clear();
  if (pos_ >= data_.size()) return false;
  record_line_ = line_;
  const char* const base = data_.data();
  const std::size_t end = data_.size();
  // Fast path: a physical line without quotes and without CR (every row of a real report)
  // is split at its commas with memchr, without the per-byte state machine below.
  {
    const void* nl = std::memchr(base + pos_, '\n', end - pos_);
    const std::size_t line_end =
        nl == nullptr ? end : static_cast<std::size_t>(static_cast<const char*>(nl) - base);
    const std::size_t n = line_end - pos_;
    if (std::memchr(base + pos_, '"', n) == nullptr &&
        std::memchr(base + pos_, '\r', n) == nullptr) {
      std::size_t start = pos_;
      for (;;) {
        const void* comma = std::memchr(base + start, ',', line_end - start);
        if (comma == nullptr) break;
        const auto c = static_cast<std::size_t>(static_cast<const char*>(comma) - base);
        fields.emplace_back(base + start, c - start);
        start = c + 1;
      }
      fields.emplace_back(base + start, line_end - start);
      pos_ = nl == nullptr ? end : line_end + 1;
      if (nl != nullptr) ++line_;
      return true;
    }
  }
  for (;;) {
    // At the start of a field.
    if (pos_ < end && base[pos_] == '"') {
      const std::uint64_t quote_line = line_;
      std::size_t start = ++pos_;
      bool copied = false;
      std::size_t scratch_start = scratch_.size();
      for (;;) {
        const void* q = std::memchr(base + pos_, '"', end - pos_);
        if (q == nullptr) {
          throw Error(ErrorKind::kInput, file_, quote_line,
                      "unterminated quoted field (no closing '\"')");
        }
        const std::size_t qpos = static_cast<std::size_t>(static_cast<const char*>(q) - base);
        for (std::size_t i = pos_; i < qpos; ++i) line_ += base[i] == '\n';
        if (qpos + 1 < end && base[qpos + 1] == '"') {  // a doubled quote: one '"' of data
          if (!copied) {
            copied = true;
            scratch_start = scratch_.size();
          }
          scratch_.append(base + start, qpos + 1 - start);
          pos_ = start = qpos + 2;
          continue;
        }
        if (copied) {
          scratch_.append(base + start, qpos - start);
          refs_.push_back({true, scratch_start, scratch_.size() - scratch_start});
        } else {
          refs_.push_back({false, start, qpos - start});
        }
        pos_ = qpos + 1;
        break;
      }
      if (pos_ < end && base[pos_] != ',' && base[pos_] != '\n' &&
          !(base[pos_] == '\r' && pos_ + 1 < end && base[pos_ + 1] == '\n')) {
        ThrowInput(file_, line_, "text after the closing quote of a quoted field");
      }
    } else {
      const std::size_t start = pos_;
      while (pos_ < end) {
        const char c = base[pos_];
        if (c == ',' || c == '\n') break;
        if (c == '\r' && pos_ + 1 < end && base[pos_ + 1] == '\n') break;
        if (c == '"') ThrowInput(file_, line_, "'\"' inside an unquoted field");
        ++pos_;
      }
      refs_.push_back({false, start, pos_ - start});
    }
    // After a field: a separator, a record end, or the end of the input.
    if (pos_ >= end) break;
    if (base[pos_] == ',') {
      ++pos_;
      continue;
    }
    pos_ += base[pos_] == '\r' ? 2 : 1;  // "\r\n" or "\n"
    ++line_;
    break;
  }
  fields.reserve(refs_.size());
  for (const FieldRef& r : refs_) {
    fields.emplace_back(r.in_scratch ? std::string_view(scratch_).substr(r.offset, r.size)
                                     : data_.substr(r.offset, r.size));
  }
  return true;
}

}  // namespace dormant
