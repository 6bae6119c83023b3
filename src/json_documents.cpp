// Streaming of top-level JSON documents (see json_documents.h).
#include "json_documents.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "dormant/error.h"

namespace dormant {

static_assert(kBufferPadding >= simdjson::SIMDJSON_PADDING);

namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Returns the offset just past the document that starts at `begin` (a `{` or `[`), or
// npos if the buffer ends first. Brackets inside strings are skipped; whether brackets
// match is left to the parser.
std::size_t FindDocumentEnd(std::string_view buf, std::size_t begin) {
  std::size_t depth = 0;
  const char* const p = buf.data();
  const std::size_t n = buf.size();
  for (std::size_t i = begin; i < n; ++i) {
    const char c = p[i];
    if (c == '"') {
      // Skip the string: find the closing quote that is not escaped.
      for (++i;; ++i) {
        const void* q = std::memchr(p + i, '"', n - i);
        if (q == nullptr) return std::string_view::npos;
        i = static_cast<std::size_t>(static_cast<const char*>(q) - p);
        std::size_t backslashes = 0;
        while (i - backslashes > 0 && p[i - backslashes - 1] == '\\') ++backslashes;
        if (backslashes % 2 == 0) break;
      }
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    }
  }
  return std::string_view::npos;
}

std::string SimdjsonMessage(simdjson::error_code e) { return simdjson::error_message(e); }

// Returns the offset just past the last document boundary in `buf` after `begin`, or npos.
// A boundary is a newline whose nearest non-blank neighbours are `}` before and `{` after.
// A raw newline cannot occur inside a JSON string, and in valid JSON `}` followed by `{`
// (with only white space between) occurs only between two top-level documents; for
// invalid input, cutting there still leaves every error in one of the two pieces.
std::size_t FindSequenceCut(std::string_view buf, std::size_t begin) {
  const char* const p = buf.data();
  std::size_t limit = buf.size();
  while (limit > begin) {
    const void* nl = ::memrchr(p + begin, '\n', limit - begin);
    if (nl == nullptr) return std::string_view::npos;
    const auto i = static_cast<std::size_t>(static_cast<const char*>(nl) - p);
    limit = i;
    std::size_t after = i + 1;
    while (after < buf.size() && IsBlank(p[after])) ++after;
    if (after == buf.size() || p[after] != '{') continue;
    std::size_t before = i;
    while (before > begin && IsBlank(p[before - 1])) --before;
    if (before > begin && p[before - 1] == '}') return i + 1;
  }
  return std::string_view::npos;
}

// Parses `len` bytes of complete documents at `data` (absolute offset `offset`) with
// simdjson's document stream, which validates each document in full.
void ParseSequence(const std::string& path, simdjson::dom::parser& parser, const char* data,
                   std::size_t len, std::uint64_t offset,
                   const std::function<void(simdjson::dom::element, const DocumentPosition&)>&
                       on_document) {
  simdjson::dom::document_stream stream;
  if (const auto e = parser.parse_many(data, len, std::max<std::size_t>(len, 1 << 20)).get(stream)) {
    FailAt(path, {offset, -1}, "invalid JSON: " + SimdjsonMessage(e));
  }
  for (auto it = stream.begin(); it != stream.end(); ++it) {
    const DocumentPosition where{offset + it.current_index(), -1};
    simdjson::dom::element doc;
    if (const auto e = (*it).get(doc)) FailAt(path, where, "invalid JSON: " + SimdjsonMessage(e));
    on_document(doc, where);
  }
}

}  // namespace

Error InputErrorAt(const std::string& path, const DocumentPosition& pos, const std::string& what) {
  if (pos.index >= 0) {
    return Error(ErrorKind::kInput, path, 0,
                 "array element " + std::to_string(pos.index) + ": " + what);
  }
  return Error(ErrorKind::kInput, path, LineOfOffset(path, pos.offset), what);
}

void FailAt(const std::string& path, const DocumentPosition& pos, const std::string& what) {
  throw InputErrorAt(path, pos, what);
}

void ForEachDocument(FileSource& source, PaddedBuffer& buf, std::size_t start,
                     simdjson::dom::parser& parser,
                     const std::function<void(simdjson::dom::element, const DocumentPosition&)>&
                         on_document) {
  const std::string& path = source.path();
  simdjson::dom::element doc;
  if (buf.data()[start] == '[') {
    // A top-level array is the only value in its file: parse it whole.
    source.ReadAll(buf);
    DocumentPosition pos{start, -1};
    if (const auto e = parser.parse(buf.data() + start, buf.size() - start, false).get(doc)) {
      FailAt(path, pos, "invalid JSON: " + SimdjsonMessage(e));
    }
    simdjson::dom::array array;
    if (doc.get_array().get(array)) FailAt(path, pos, "expected a JSON array");
    DocumentPosition element_pos{start, 0};
    for (simdjson::dom::element element : array) {
      on_document(element, element_pos);
      ++element_pos.index;
    }
    return;
  }
  // A sequence of documents, read chunk by chunk. `consumed` counts the bytes dropped
  // from the front of the buffer, so that offsets are absolute.
  std::uint64_t consumed = 0;
  std::size_t pos = start;
  bool at_end = false;
  for (;;) {
    while (pos < buf.size() && IsBlank(buf.data()[pos])) ++pos;
    if (pos == buf.size()) {
      if (at_end) return;
      consumed += pos;
      buf.Consume(pos);
      pos = 0;
      at_end = source.ReadMore(buf, kChunkBytes) == 0;
      continue;
    }
    // Fast path: parse everything up to the last document boundary in the buffer at once.
    if (!at_end) {
      const std::size_t cut = FindSequenceCut(buf.view(), pos);
      if (cut != std::string_view::npos) {
        ParseSequence(path, parser, buf.data() + pos, cut - pos, consumed + pos, on_document);
        pos = cut;
        continue;
      }
      if (buf.size() - pos <= kChunkBytes) {  // a partial document: read on
        consumed += pos;
        buf.Consume(pos);
        pos = 0;
        at_end = source.ReadMore(buf, kChunkBytes) == 0;
        continue;
      }
      // No boundary in a whole chunk (documents not separated by newlines): take one
      // document at a time below.
    }
    // Slow path, for the last chunk and for sequences without newline boundaries: find
    // the end of one document with the bracket scanner.
    const char first = buf.data()[pos];
    const DocumentPosition where{consumed + pos, -1};
    if (first != '{' && first != '[') {
      FailAt(path, where,
             std::string("invalid JSON: expected a document ('{') but found '") + first + "'");
    }
    const std::size_t end = FindDocumentEnd(buf.view(), pos);
    if (end == std::string_view::npos) {
      if (at_end) FailAt(path, where, "invalid JSON: the document is cut off at the end of the file");
      // kMaxDocumentBytes buffered without the document's end: it has at least one more.
      if (buf.size() - pos >= kMaxDocumentBytes) {
        FailAt(path, where, "a JSON document is larger than 256 MiB");
      }
      consumed += pos;
      buf.Consume(pos);
      pos = 0;
      // Grow geometrically, but never past the limit (peak memory about 1.5 times it).
      at_end = source.ReadMore(buf, std::min(std::max(kChunkBytes, buf.size()),
                                             kMaxDocumentBytes - buf.size())) == 0;
      continue;
    }
    // The slice is followed by readable bytes (the rest of the buffer and its padding).
    if (const auto e = parser.parse(buf.data() + pos, end - pos, false).get(doc)) {
      FailAt(path, where, "invalid JSON: " + SimdjsonMessage(e));
    }
    on_document(doc, where);
    pos = end;
  }
}

}  // namespace dormant
