// Streaming of top-level JSON documents (see json_documents.h).
#include "json_documents.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <limits>
#include <mutex>
#include <optional>

#include "dormant/error.h"
#include "input_text.h"

namespace dormant {

static_assert(kBufferPadding >= simdjson::SIMDJSON_PADDING);

namespace {

constexpr std::size_t kNpos = std::string_view::npos;
constexpr std::size_t kTooDeep = kNpos - 1;  // FindValueEnd: nested deeper than the parser goes
// Records keep an element's index in 31 bits.
constexpr std::int64_t kMaxElements = std::numeric_limits<std::int32_t>::max();

// A document larger than this is read and parsed by one thread at a time (and the memory
// it took is given back before the next may start), so that several reading threads never
// hold several large documents at once. Real documents are far smaller; runs of documents
// (at most two chunks) do not count.
constexpr std::size_t kLargeDocumentBytes = 2 * kChunkBytes;

std::mutex& LargeDocumentMutex() {
  static std::mutex mutex;
  return mutex;
}

std::string SimdjsonMessage(simdjson::error_code e) { return simdjson::error_message(e); }

std::uint64_t CountNewlines(const char* p, const char* end) {
  std::uint64_t n = 0;
  while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p))))) {
    ++n;
    ++p;
  }
  return n;
}

// Returns the offset of the closing quote of the string whose opening quote is at `i`, or
// npos if the buffer ends first.
std::size_t FindStringEnd(std::string_view buf, std::size_t i) {
  const char* const p = buf.data();
  for (++i;; ++i) {
    const void* q = std::memchr(p + i, '"', buf.size() - i);
    if (q == nullptr) return kNpos;
    i = static_cast<std::size_t>(static_cast<const char*>(q) - p);
    std::size_t backslashes = 0;
    while (p[i - backslashes - 1] == '\\') ++backslashes;  // p[begin] is '"': stops there
    if (backslashes % 2 == 0) return i;
  }
}

// Returns the offset just past the JSON value that starts at `begin` (not blank), npos if
// the buffer ends first (unless `at_end`: then a scalar ends with the buffer), or kTooDeep.
// Brackets inside strings are skipped; whether brackets match, and whether the value is
// valid at all, is left to the parser, which validates exactly this slice.
std::size_t FindValueEnd(std::string_view buf, std::size_t begin, bool at_end) {
  const char* const p = buf.data();
  const std::size_t n = buf.size();
  const char first = p[begin];
  if (first == '"') {
    const std::size_t close = FindStringEnd(buf, begin);
    return close == kNpos ? kNpos : close + 1;
  }
  if (first != '{' && first != '[') {  // a number or literal: up to a delimiter
    for (std::size_t i = begin; i < n; ++i) {
      const char c = p[i];
      if (IsBlank(c) || c == ',' || c == ']' || c == '}' || c == '[' || c == '{' || c == '"') {
        return i > begin ? i : i + 1;
      }
    }
    return at_end ? n : kNpos;
  }
  std::size_t depth = 0;
  for (std::size_t i = begin; i < n; ++i) {
    const char c = p[i];
    if (c == '"') {
      i = FindStringEnd(buf, i);
      if (i == kNpos) return kNpos;
    } else if (c == '{' || c == '[') {
      if (++depth > simdjson::DEFAULT_MAX_DEPTH) return kTooDeep;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    }
  }
  return kNpos;
}

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
    if (nl == nullptr) return kNpos;
    const auto i = static_cast<std::size_t>(static_cast<const char*>(nl) - p);
    limit = i;
    std::size_t after = i + 1;
    while (after < buf.size() && IsBlank(p[after])) ++after;
    if (after == buf.size() || p[after] != '{') continue;
    std::size_t before = i;
    while (before > begin && IsBlank(p[before - 1])) --before;
    if (before > begin && p[before - 1] == '}') return i + 1;
  }
  return kNpos;
}

// A plain recursive-descent JSON checker, used only after simdjson rejected a document, to
// find where: simdjson says what is wrong but not where. Returns the offset of the first
// byte that cannot continue a valid document, or npos if it finds none (the problem is one
// it does not check: UTF-8, number range, depth).
class SyntaxLocator {
 public:
  explicit SyntaxLocator(std::string_view text) : s_(text) {}

  std::size_t FirstError() {
    Blank();
    if (!Value(0)) return i_;
    Blank();
    return i_ < s_.size() ? i_ : kNpos;
  }

 private:
  bool At(char c) const { return i_ < s_.size() && s_[i_] == c; }
  bool Digit() const { return i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9'; }
  void Blank() {
    while (i_ < s_.size() && IsBlank(s_[i_])) ++i_;
  }
  bool Eat(char c) {
    if (!At(c)) return false;
    ++i_;
    return true;
  }
  bool Value(std::size_t depth) {
    if (depth > simdjson::DEFAULT_MAX_DEPTH) return true;  // not this checker's business
    if (i_ >= s_.size()) return false;
    switch (s_[i_]) {
      case '{':
        return Container(depth, '}', true);
      case '[':
        return Container(depth, ']', false);
      case '"':
        return String();
      case 't':
        return Word("true");
      case 'f':
        return Word("false");
      case 'n':
        return Word("null");
      default:
        return Number();
    }
  }
  bool Container(std::size_t depth, char close, bool object) {
    ++i_;
    Blank();
    if (Eat(close)) return true;
    for (;;) {
      if (object) {
        if (!String()) return false;
        Blank();
        if (!Eat(':')) return false;
        Blank();
      }
      if (!Value(depth + 1)) return false;
      Blank();
      if (Eat(close)) return true;
      if (!Eat(',')) return false;
      Blank();
    }
  }
  bool String() {
    if (!Eat('"')) return false;
    while (i_ < s_.size()) {
      const auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        ++i_;
        if (i_ >= s_.size()) return false;
        const char e = s_[i_];
        if (e == 'u') {
          for (int k = 0; k < 4; ++k) {
            ++i_;
            if (i_ >= s_.size() || std::isxdigit(static_cast<unsigned char>(s_[i_])) == 0) {
              return false;
            }
          }
        } else if (std::strchr("\"\\/bfnrt", e) == nullptr || e == '\0') {
          return false;
        }
      }
      ++i_;
    }
    return false;
  }
  bool Word(std::string_view w) {
    for (const char c : w) {
      if (!Eat(c)) return false;
    }
    return !Continues();
  }
  bool Number() {
    Eat('-');
    if (Eat('0')) {
      if (Digit()) return false;
    } else {
      if (!Digit()) return false;
      while (Digit()) ++i_;
    }
    if (Eat('.')) {
      if (!Digit()) return false;
      while (Digit()) ++i_;
    }
    if (Eat('e') || Eat('E')) {
      if (!Eat('+')) Eat('-');
      if (!Digit()) return false;
      while (Digit()) ++i_;
    }
    return !Continues();
  }
  // A literal or number directly followed by a letter or digit (`truex`, `1a`).
  bool Continues() const {
    return i_ < s_.size() && std::isalnum(static_cast<unsigned char>(s_[i_])) != 0;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

// Reads the documents of one file (see ForEachDocument) from `buf`, which holds the file
// from absolute offset `consumed_` on.
class DocumentReader {
 public:
  using Callback = std::function<void(simdjson::dom::element, const DocumentPosition&)>;

  DocumentReader(FileSource& source, PaddedBuffer& buf, std::size_t start,
                 simdjson::dom::parser& parser, const Callback& on_document)
      : source_(source), buf_(buf), parser_(parser), on_document_(on_document), pos_(start) {}

  void Run() {
    if (buf_.data()[pos_] == '[') {
      Array();
    } else {
      Sequence();
    }
  }

 private:
  const std::string& path() const { return source_.path(); }
  const char* data() const { return buf_.data(); }

  // The 1-based line of buffer position `at`. Positions asked for never go backwards (the
  // bytes before the last one asked for may have been dropped).
  std::uint64_t LineAt(std::size_t at) {
    const std::uint64_t offset = consumed_ + at;
    if (offset > counted_) {
      line_ += CountNewlines(data() + (counted_ - consumed_), data() + at);
      counted_ = offset;
    }
    return line_;
  }
  DocumentPosition Position(std::size_t at, std::int64_t index) {
    return {consumed_ + at, index, LineAt(at)};
  }
  // Fails at buffer position `at`, inside the document at `doc` (for its element index).
  [[noreturn]] void FailHere(std::size_t at, const DocumentPosition& doc, const std::string& what) {
    DocumentPosition here = doc;
    here.line = LineAt(at);
    FailAt(path(), here, what);
  }

  // Drops the bytes before pos_.
  void Drop() {
    LineAt(pos_);  // count the newlines about to be dropped
    consumed_ += pos_;
    buf_.Consume(pos_);
    pos_ = 0;
  }
  // Drops the bytes before pos_ and appends up to `want` bytes. Returns false at the end.
  bool Refill(std::size_t want) {
    Drop();
    at_end_ = source_.ReadMore(buf_, want) == 0;
    return !at_end_;
  }
  // Moves pos_ to the next non-blank byte, reading on as needed. Returns false at the end
  // of the file.
  bool SkipBlank() {
    for (;;) {
      while (pos_ < buf_.size() && IsBlank(data()[pos_])) ++pos_;
      if (pos_ < buf_.size()) return true;
      if (at_end_ || !Refill(kChunkBytes)) return false;
    }
  }

  // Returns the end of the value at pos_ (not blank), reading on while it is incomplete;
  // the buffer grows geometrically up to kMaxDocumentBytes.
  std::size_t ValueEnd(const DocumentPosition& where) {
    for (;;) {
      const std::size_t end = FindValueEnd(buf_.view(), pos_, at_end_);
      if (end == kTooDeep) FailTooDeep(where);
      if (end != kNpos) return end;
      if (at_end_) {
        std::size_t last = buf_.size() - 1;  // the last byte that is not blank
        while (IsBlank(data()[last])) --last;
        FailHere(last, where, "invalid JSON: the document is cut off at the end of the file");
      }
      // kMaxDocumentBytes buffered without the document's end: it has at least one more.
      if (buf_.size() - pos_ >= kMaxDocumentBytes) {
        FailAt(path(), where, "a JSON document is larger than 256 MiB");
      }
      const std::size_t held = buf_.size() - pos_;
      const std::size_t want = std::min(std::max(kChunkBytes, held), kMaxDocumentBytes - held);
      if (held + want > kLargeDocumentBytes && !large_.owns_lock()) {
        large_ = std::unique_lock<std::mutex>(LargeDocumentMutex());
      }
      Refill(want);
    }
  }

  // Parses the value at [pos_, end) and hands it on; pos_ moves to `end`.
  void ParseValue(std::size_t end, const DocumentPosition& where) {
    simdjson::dom::element doc;
    // The slice is followed by readable bytes (the rest of the buffer and its padding).
    if (const auto e = parser_.parse(data() + pos_, end - pos_, false).get(doc)) {
      FailSyntax(pos_, end, where, e);
    }
    on_document_(doc, where);
    pos_ = end;
  }

  // After a large document: gives back the memory it took and lets another thread read
  // one. Drops the bytes before pos_.
  void ReleaseLargeDocument() {
    if (!large_.owns_lock()) return;
    Drop();
    buf_.Shrink(2 * kChunkBytes);
    if (parser_.capacity() > kLargeDocumentBytes) parser_ = simdjson::dom::parser();
    large_.unlock();
  }

  // Fails for simdjson's error `e` on [begin, end), at the line where the error is.
  [[noreturn]] void FailSyntax(std::size_t begin, std::size_t end, const DocumentPosition& where,
                               simdjson::error_code e) {
    const std::string_view slice(data() + begin, end - begin);
    std::size_t at = SyntaxLocator(slice).FirstError();
    if (at == kNpos && e == simdjson::UTF8_ERROR) {
      // A character cannot span lines: the first line that is not valid UTF-8.
      for (std::size_t line = 0; line < slice.size();) {
        const std::size_t nl = std::min(slice.find('\n', line), slice.size());
        if (!simdjson::validate_utf8(slice.data() + line, nl - line)) {
          at = line;
          break;
        }
        line = nl + 1;
      }
    }
    DocumentPosition here = where;
    if (at != kNpos) here.line += CountNewlines(slice.data(), slice.data() + at);
    FailAt(path(), here, "invalid JSON: " + SimdjsonMessage(e));
  }

  // A top-level array: its elements, one at a time, each parsed on its own. The brackets,
  // commas and white space between them are checked here.
  void Array() {
    const DocumentPosition array = Position(pos_, -1);
    ++pos_;
    const std::string cut_off = "invalid JSON: the array is cut off at the end of the file";
    if (!SkipBlank()) FailAt(path(), array, cut_off);
    if (data()[pos_] == ']') {
      ++pos_;
    } else {
      for (std::int64_t index = 0;; ++index) {
        const DocumentPosition where = Position(pos_, index);
        if (index == kMaxElements) FailAt(path(), where, "more than 2^31 - 1 array elements");
        const char c = data()[pos_];
        if (c == ',' || c == ']' || c == '}' || c == ':') {
          FailAt(path(), where, "invalid JSON: expected a value");
        }
        ParseValue(ValueEnd(where), where);
        // A cut-off is reported on the line of the last byte before it.
        const DocumentPosition last = Position(pos_ - 1, index);
        ReleaseLargeDocument();
        if (!SkipBlank()) FailAt(path(), last, cut_off);
        if (data()[pos_] == ']') {
          ++pos_;
          break;
        }
        if (data()[pos_] != ',') {
          FailHere(pos_, where, "invalid JSON: expected ',' or ']' after the element");
        }
        ++pos_;
        const DocumentPosition comma = Position(pos_ - 1, index);
        if (!SkipBlank()) FailAt(path(), comma, cut_off);
      }
    }
    if (SkipBlank()) {
      FailHere(
          pos_, array,
          "invalid JSON: text after the top-level array, which must be the only value in its file");
    }
  }

  // A sequence of documents, read chunk by chunk.
  void Sequence() {
    for (;;) {
      if (!SkipBlank()) return;
      // Fast path: parse everything up to the last document boundary in the buffer at once.
      if (!at_end_) {
        const std::size_t cut = FindSequenceCut(buf_.view(), pos_);
        if (cut != kNpos) {
          ParseRun(cut);
          continue;
        }
        if (buf_.size() - pos_ <= kChunkBytes) {  // a partial document: read on
          Refill(kChunkBytes);
          continue;
        }
        // No boundary in a whole chunk (documents not separated by newlines): take one
        // document at a time below.
      }
      // Slow path, for the last chunk and for sequences without newline boundaries: find
      // the end of one document with the bracket scanner.
      const DocumentPosition where = Position(pos_, -1);
      const char first = data()[pos_];
      if (first != '{' && first != '[') FailNotADocument(where, first);
      ParseValue(ValueEnd(where), where);
      ReleaseLargeDocument();
    }
  }

  // Parses the complete documents in [pos_, cut) with simdjson's document stream, which
  // validates each document in full; pos_ moves to `cut`.
  void ParseRun(std::size_t cut) {
    const std::size_t len = cut - pos_;
    simdjson::dom::document_stream stream;
    simdjson::error_code e =
        parser_.parse_many(data() + pos_, len, std::max<std::size_t>(len, kChunkBytes)).get(stream);
    std::size_t handed = 0;
    if (!e) {
      for (auto it = stream.begin(); it != stream.end(); ++it) {
        simdjson::dom::element doc;
        if ((e = (*it).get(doc))) break;
        on_document_(doc, Position(pos_ + it.current_index(), -1));
        ++handed;
      }
      if (!e) {
        pos_ = cut;
        return;
      }
    }
    // The stream names the error but not always its document (an error found while
    // indexing the run is reported at its first document): pass over the documents already
    // handed on and parse the others one at a time, which finds the document and the line.
    std::optional<DocumentPosition> failing;
    for (std::size_t n = 0;; ++n) {
      while (pos_ < cut && IsBlank(data()[pos_])) ++pos_;
      if (pos_ == cut) break;
      const DocumentPosition where = Position(pos_, -1);
      const char first = data()[pos_];
      if (first != '{' && first != '[') FailNotADocument(where, first);
      std::size_t end = FindValueEnd(std::string_view(data(), cut), pos_, true);
      if (end == kTooDeep) FailTooDeep(where);
      if (end == kNpos) end = cut;
      if (n < handed) {
        pos_ = end;
        continue;
      }
      if (!failing) failing = where;
      ParseValue(end, where);
    }
    FailAt(path(), failing.value_or(Position(pos_, -1)), "invalid JSON: " + SimdjsonMessage(e));
  }

  [[noreturn]] void FailNotADocument(const DocumentPosition& where, char first) {
    FailAt(path(), where,
           std::string("invalid JSON: expected a document ('{') but found '") + first + "'");
  }
  [[noreturn]] void FailTooDeep(const DocumentPosition& where) {
    FailAt(path(), where, "invalid JSON: " + SimdjsonMessage(simdjson::DEPTH_ERROR));
  }

  FileSource& source_;
  PaddedBuffer& buf_;
  simdjson::dom::parser& parser_;
  const Callback& on_document_;
  std::size_t pos_;                     // the next byte to look at, in buf_
  std::uint64_t consumed_ = 0;          // bytes dropped from the front of buf_
  bool at_end_ = false;                 // the source has nothing more
  std::uint64_t counted_ = 0;           // newlines are counted up to this absolute offset
  std::uint64_t line_ = 1;              // the line at `counted_`
  std::unique_lock<std::mutex> large_;  // held while a large document is read and parsed
};

}  // namespace

std::size_t JsonSyntaxErrorOffset(std::string_view text) {
  return SyntaxLocator(text).FirstError();
}

Error InputErrorAt(const std::string& path, const DocumentPosition& pos, const std::string& what) {
  if (pos.index >= 0) {
    return Error(ErrorKind::kInput, path, pos.line,
                 "array element " + std::to_string(pos.index) + ": " + what);
  }
  return Error(ErrorKind::kInput, path, pos.line, what);
}

void FailAt(const std::string& path, const DocumentPosition& pos, const std::string& what) {
  throw InputErrorAt(path, pos, what);
}

void ForEachDocument(
    FileSource& source, PaddedBuffer& buf, std::size_t start, simdjson::dom::parser& parser,
    const std::function<void(simdjson::dom::element, const DocumentPosition&)>& on_document) {
  DocumentReader(source, buf, start, parser, on_document).Run();
}

std::string_view String(simdjson::dom::element e, const DocumentContext& ctx,
                        const std::string& name) {
  std::string_view s;
  if (e.get_string().get(s)) ctx.Fail(name + ": expected a string");
  return s;
}

Instant Timestamp(simdjson::dom::element e, const DocumentContext& ctx, const std::string& name) {
  const std::string_view s = String(e, ctx, name);
  const auto t = ParseTimestamp(s);
  if (!t) ctx.Fail(name + ": expected a timestamp like 2026-11-20T00:00:00Z, got " + Quoted(s));
  return *t;
}

simdjson::dom::object Object(simdjson::dom::element e, const DocumentContext& ctx,
                             const std::string& what) {
  simdjson::dom::object obj;
  if (e.get_object().get(obj)) ctx.Fail(what + " must be a JSON object");
  return obj;
}

}  // namespace dormant
