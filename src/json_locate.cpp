// Lines of syntax errors and of members in a JSON text (see json_locate.h).
#include "json_locate.h"

#include <simdjson.h>

#include <algorithm>
#include <optional>
#include <string>

#include "input_text.h"
#include "json_documents.h"

namespace dormant {
namespace {

constexpr std::size_t kNpos = std::string_view::npos;

// Walks a valid JSON text, spelling the path of every member and element, until the
// `occurrence`-th one spelled `target` is found.
class PathFinder {
 public:
  PathFinder(std::string_view text, std::string_view target, int occurrence)
      : s_(text), target_(target), left_(occurrence) {}

  std::optional<std::size_t> Find() {
    Value("");
    return found_;
  }

 private:
  void Blank() {
    while (i_ < s_.size() && IsBlank(s_[i_])) ++i_;
  }

  void Check(const std::string& path, std::size_t at) {
    if (path == target_ && --left_ == 0) found_ = at;
  }

  // The string at i_ (unescaped), with i_ moved past it.
  std::string String() {
    const std::size_t begin = i_++;
    while (i_ < s_.size() && s_[i_] != '"') i_ += s_[i_] == '\\' ? std::size_t{2} : std::size_t{1};
    ++i_;
    const std::string_view raw = s_.substr(begin + 1, i_ - begin - 2);
    if (raw.find('\\') == kNpos) return std::string(raw);
    simdjson::dom::parser parser;
    std::string_view unescaped;
    const std::string quoted(s_.substr(begin, i_ - begin));
    if (parser.parse(quoted).get_string().get(unescaped)) return std::string(raw);
    return std::string(unescaped);
  }

  void Value(const std::string& path) {
    Blank();
    if (i_ >= s_.size() || found_) return;
    const char c = s_[i_];
    if (c == '{' || c == '[') {
      const bool object = c == '{';
      ++i_;
      for (std::size_t index = 0; !found_; ++index) {
        Blank();
        if (i_ >= s_.size()) return;
        if (s_[i_] == (object ? '}' : ']')) {
          ++i_;
          return;
        }
        if (s_[i_] == ',') {
          ++i_;
          Blank();
        }
        const std::size_t at = i_;
        std::string member;
        if (object) {
          const std::string key = String();
          member = path.empty() ? key : path + "." + key;
          Blank();
          ++i_;  // ':'
        } else {
          member = path + "[" + std::to_string(index) + "]";
        }
        Check(member, at);
        Value(member);
      }
      return;
    }
    if (c == '"') {
      String();
      return;
    }
    while (i_ < s_.size() && !IsBlank(s_[i_]) && s_[i_] != ',' && s_[i_] != '}' && s_[i_] != ']') {
      ++i_;
    }
  }

  std::string_view s_;
  std::string_view target_;
  int left_;
  std::size_t i_ = 0;
  std::optional<std::size_t> found_;
};

// `path` without its last component (`a.b[2]` -> `a.b`, `a.b` -> `a`), or empty.
std::string_view Parent(std::string_view path) {
  const std::size_t cut = path.find_last_of(".[");
  return cut == kNpos ? std::string_view() : path.substr(0, cut);
}

}  // namespace

std::uint64_t LineAt(std::string_view text, std::size_t offset) {
  const std::size_t end = std::min(offset, text.size());
  return 1 + static_cast<std::uint64_t>(
                 std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
}

std::uint64_t SyntaxErrorLine(std::string_view text) {
  const std::size_t at = JsonSyntaxErrorOffset(text);
  return at == kNpos ? 0 : LineAt(text, at);
}

std::uint64_t MemberLine(std::string_view text, std::string_view path, int occurrence) {
  for (; !path.empty(); path = Parent(path), occurrence = 1) {
    if (const auto at = PathFinder(text, path, occurrence).Find()) return LineAt(text, *at);
  }
  return 0;
}

}  // namespace dormant
