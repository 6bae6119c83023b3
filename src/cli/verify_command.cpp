// `dormant verify DECISIONS`: re-read the inputs and the policy named in the header,
// check their sha256, re-evaluate at the header's as-of and compare byte for byte.
// Exit 0 when identical, 1 naming what differs.
#include <utility>

#include "commands.h"
#include "dormant/decision_file.h"
#include "dormant/decision_writer.h"
#include "dormant/error.h"
#include "dormant/reevaluation.h"
#include "field_diff.h"
#include "header_directory.h"
#include "output.h"
#include "review.h"

namespace dormant {
namespace {

Verification Differs(std::string message) { return {false, std::move(message)}; }

// The two versions of the line, then each field that differs (a person reads those; the
// lines are for tools and for the rare difference a field list cannot show).
std::string FirstDifference(std::uint64_t line, std::string_view file,
                            std::string_view recomputed) {
  std::string out = "line " + std::to_string(line) + " differs from the recomputed file\n" +
                    "  file:       " + (file.empty() ? "(no line)" : std::string(file)) + "\n" +
                    "  recomputed: " + (recomputed.empty() ? "(no line)" : std::string(recomputed));
  if (!file.empty() && !recomputed.empty()) {
    const std::vector<std::string> fields = FieldDifferences(file, recomputed);
    if (!fields.empty()) out += "\n  fields that differ (file -> recomputed):";
    for (const std::string& field : fields) out += "\n    " + field;
  }
  return out;
}

// Compares the recomputed file, handed over in blocks, with the decision file's lines as
// they stream from `reader`, and keeps the first difference. A differing header (counts
// edited along with a verdict) does not end the comparison: the first differing user line
// says which user changed.
class LineCompare {
 public:
  explicit LineCompare(DecisionReader& reader) : reader_(reader) {}

  void Feed(std::string_view block) {
    while (!difference_) {
      const std::size_t nl = block.find('\n');
      if (nl == std::string_view::npos) {
        partial_.append(block);
        return;
      }
      if (partial_.empty()) {
        Compare(block.substr(0, nl));
      } else {
        partial_.append(block.substr(0, nl));
        Compare(partial_);
        partial_.clear();
      }
      block.remove_prefix(nl + 1);
    }
  }

  // After the last block: the first difference, or nullopt when the files are identical.
  // The decision file has then been read to its end (and checked) in any case.
  std::optional<std::string> Finish() {
    if (!difference_) {
      if (const UserLine* u = reader_.Next()) {
        difference_ = FirstDifference(u->line_number, u->line, {});
      }
    }
    reader_.SkipRest();
    if (!header_difference_) return difference_;
    return *header_difference_ + (difference_ ? "\nand " + *difference_ : "");
  }

 private:
  void Compare(std::string_view recomputed) {
    ++line_;
    if (line_ == 1) {
      if (reader_.header_line() != recomputed) {
        header_difference_ = FirstDifference(line_, reader_.header_line(), recomputed);
      }
      return;
    }
    const UserLine* u = reader_.Next();
    if (u == nullptr || u->line != recomputed) {
      difference_ = FirstDifference(line_, u == nullptr ? std::string_view() : u->line, recomputed);
    }
  }

  DecisionReader& reader_;
  std::string partial_;  // recomputed bytes after the last whole line
  std::uint64_t line_ = 0;
  std::optional<std::string> header_difference_;
  std::optional<std::string> difference_;  // of a user line
};

// The answer of verify once the header is read; the rest of the file is still unread.
Verification Verify(DecisionReader& reader, const std::string& decisions_path, unsigned jobs,
                    const std::string& directory) {
  const DecisionHeader& h = reader.header();
  // Every answer comes after the whole file has been checked: an invalid file is exit 4
  // even when an input changed.
  const Reevaluation r = InHeaderDirectory(directory, decisions_path, HeaderPaths(h), [&] {
    return Reevaluate(h, jobs, HashCheck::kCompare);
  });
  if (r.changed) {
    reader.SkipRest();
    return Differs(*r.changed);
  }
  LineCompare compare(reader);
  WriteDecisions(r.decisions, r.inputs, r.policy,
                 [&compare](std::string_view block) { compare.Feed(block); });
  if (const auto difference = compare.Finish()) return Differs(*difference);
  return {true, decisions_path + " is exactly what dormant computes from " +
                    std::to_string(h.inputs.size()) + " inputs (sha256 checked) at " +
                    FormatTimestamp(h.as_of)};
}

}  // namespace

// The file is read as a stream, alongside the recomputed one: memory is that of the
// evaluation plus one line of each.
Verification VerifyDecisionFile(const std::string& decisions_path, unsigned jobs,
                                const std::string& directory) {
  DecisionReader reader(decisions_path);
  try {
    return Verify(reader, decisions_path, jobs, directory);
  } catch (const Error&) {
    // An invalid decision file is the error to report, before any about its inputs.
    reader.SkipRest();
    throw;
  }
}

ExitCode RunVerify(const std::string& decisions_path, unsigned jobs, const std::string& directory) {
  const Verification v = VerifyDecisionFile(decisions_path, jobs, directory);
  WriteOutput("", (v.identical ? "verify: OK: " : "verify: DIFFERS: ") + v.message + "\n");
  return v.identical ? ExitCode::kSuccess : ExitCode::kDiffers;
}

}  // namespace dormant
