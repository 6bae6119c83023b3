// Glob matching for --exclude (see glob.h): a table over pattern and path positions, so
// that patterns with many stars take time proportional to pattern x path, never more.
#include "glob.h"

#include <algorithm>
#include <vector>

namespace dormant {

bool GlobMatch(std::string_view pattern, std::string_view path) {
  const std::size_t n = path.size();
  // now[j]: the pattern read so far matches path[0, j).
  std::vector<char> now(n + 1, 0), next(n + 1, 0);
  now[0] = 1;
  for (std::size_t p = 0; p < pattern.size(); ++p) {
    std::fill(next.begin(), next.end(), 0);
    const char c = pattern[p];
    if (c == '*') {
      const bool any = p + 1 < pattern.size() && pattern[p + 1] == '*';
      if (any) {
        while (p + 1 < pattern.size() && pattern[p + 1] == '*') ++p;  // `***` is `**`
      }
      // A run: once matched at j, also at every later j the run may extend to.
      for (std::size_t j = 0; j <= n; ++j) {
        if (now[j] != 0) {
          next[j] = 1;
        } else if (j > 0 && next[j - 1] != 0 && (any || path[j - 1] != '/')) {
          next[j] = 1;
        }
      }
    } else {
      for (std::size_t j = 0; j < n; ++j) {
        if (now[j] != 0 && (c == '?' ? path[j] != '/' : path[j] == c)) next[j + 1] = 1;
      }
    }
    now.swap(next);
  }
  return now[n] != 0;
}

}  // namespace dormant
