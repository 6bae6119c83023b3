// Sharing a size budget between tables (see row_budget.h).
#include "row_budget.h"

#include <algorithm>
#include <numeric>

#include "markdown.h"
#include "text.h"

namespace dormant {

std::vector<std::size_t> RowsThatFit(const std::vector<std::vector<std::string>>& tables,
                                     std::size_t budget) {
  std::vector<std::size_t> need(tables.size(), 0);
  for (std::size_t t = 0; t < tables.size(); ++t) {
    for (const std::string& row : tables[t]) need[t] += row.size();
  }
  std::vector<std::size_t> order(tables.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&need](std::size_t a, std::size_t b) { return need[a] < need[b]; });
  std::vector<std::size_t> kept(tables.size(), 0);
  std::size_t left = budget;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t t = order[k];
    const std::size_t share = left / (order.size() - k);
    std::size_t used = 0;
    for (const std::string& row : tables[t]) {
      if (used + row.size() > share) break;
      used += row.size();
      ++kept[t];
    }
    left -= used;
  }
  return kept;
}

std::string LeftOutLine(std::uint64_t left_out, std::uint64_t total, std::string_view things,
                        std::string_view command, std::string_view after) {
  std::string out = "*";
  AppendCount(out, left_out);
  out += " of ";
  AppendCount(out, total);
  out += ' ';
  out += things;
  out += left_out == 1 ? " is" : " are";
  out += " not shown (to stay within the size limit): ";
  AppendCode(out, command, false);
  out += after;
  out += ".*\n\n";
  return out;
}

}  // namespace dormant
