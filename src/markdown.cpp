// Markdown code spans for untrusted values (see markdown.h).
#include "markdown.h"

#include <algorithm>

#include "text.h"

namespace dormant {

void AppendPlain(std::string& out, std::string_view value) {
  AppendEscapingControls(out, value, ControlEscape::kUnicode);
}

void AppendCode(std::string& out, std::string_view value, bool in_table) {
  if (value.empty()) {
    out += "—";
    return;
  }
  std::size_t longest_run = 0, run = 0;
  for (const char c : value) {
    run = c == '`' ? run + 1 : 0;
    longest_run = std::max(longest_run, run);
  }
  const std::string fence(longest_run + 1, '`');
  // CommonMark strips one space from each end of a span that starts and ends with one, and
  // a value starting or ending with a backtick would merge with the fence: pad both ends.
  const bool all_spaces = value.find_first_not_of(' ') == std::string_view::npos;
  const bool pad = value.front() == '`' || value.back() == '`' ||
                   (value.front() == ' ' && value.back() == ' ' && !all_spaces);
  out += fence;
  if (pad) out += ' ';
  std::size_t start = 0;
  for (std::size_t k = 0; k <= value.size(); ++k) {
    if (k == value.size() || (value[k] == '|' && in_table)) {
      AppendPlain(out, value.substr(start, k - start));
      if (k < value.size()) out += "\\|";
      start = k + 1;
    }
  }
  if (pad) out += ' ';
  out += fence;
}

}  // namespace dormant
