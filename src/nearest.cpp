// The nearest candidate to a mistyped word (see nearest.h).
#include "nearest.h"

#include <algorithm>
#include <vector>

namespace dormant {

std::size_t EditDistance(std::string_view a, std::string_view b) {
  // One row of the classic table: row[j] is the distance between a[0, i) and b[0, j).
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({above + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? std::size_t{0} : std::size_t{1})});
      diagonal = above;
    }
  }
  return row[b.size()];
}

void Nearest::Offer(std::string_view candidate) {
  if (candidate == word_) return;  // not a suggestion
  const std::size_t distance = EditDistance(word_, candidate);
  const bool prefix = !word_.empty() && candidate.substr(0, word_.size()) == word_;
  if (distance > std::max<std::size_t>(2, word_.size() / 3) && !prefix) return;
  if (!best_ || distance < best_distance_ || (distance == best_distance_ && candidate < *best_)) {
    best_ = std::string(candidate);
    best_distance_ = distance;
  }
}

}  // namespace dormant
