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

}  // namespace

void FailAt(const std::string& path, const DocumentPosition& pos, const std::string& what) {
  if (pos.index >= 0) {
    ThrowInput(path, 0, "array element " + std::to_string(pos.index) + ": " + what);
  }
  ThrowInput(path, LineOfOffset(path, pos.offset), what);
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
    const char first = buf.data()[pos];
    const DocumentPosition where{consumed + pos, -1};
    if (first != '{' && first != '[') {
      FailAt(path, where,
             std::string("invalid JSON: expected a document ('{') but found '") + first + "'");
    }
    const std::size_t end = FindDocumentEnd(buf.view(), pos);
    if (end == std::string_view::npos) {
      if (at_end) FailAt(path, where, "invalid JSON: the document is cut off at the end of the file");
      if (buf.size() - pos > kMaxDocumentBytes) {
        FailAt(path, where, "a JSON document is larger than 256 MiB");
      }
      consumed += pos;
      buf.Consume(pos);
      pos = 0;
      at_end = source.ReadMore(buf, std::max(kChunkBytes, buf.size())) == 0;
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
