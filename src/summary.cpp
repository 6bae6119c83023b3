// Markdown summary for pull requests (see summary.h).
#include "dormant/summary.h"

#include "dormant/error.h"

namespace dormant {

std::string MarkdownSummary(const Decisions&, const InputSet&, const Policy&) {
  throw Error(ErrorKind::kUsage, "", 0, "--summary is not implemented yet");
}

}  // namespace dormant
