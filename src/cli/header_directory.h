// header_directory.h — `-C DIR` of the review commands: the directory against which the
// relative paths of a decision file's header (its policy and its inputs) are resolved,
// instead of the current directory, as `git -C` does. Only the header's paths: the decision
// file named on the command line stays relative to the current directory, as typed.
//
// Use: open the decision file and read its header first, then re-read what the header names
// inside one call,
//   const Reevaluation r = InHeaderDirectory(directory, decisions_path, HeaderPaths(h),
//                                            [&] { return Reevaluate(h, jobs, check); });
// A command that needs only some of the header's files passes only those.
#ifndef DORMANT_CLI_HEADER_DIRECTORY_H_
#define DORMANT_CLI_HEADER_DIRECTORY_H_

#include <string>
#include <string_view>
#include <vector>

#include "dormant/decision_format.h"

namespace dormant {

// A file a decision file's header names: `what` is "policy" or "input".
struct HeaderPath {
  std::string_view what;
  std::string path;  // as written in the header
};

// The policy file of `header` (none for `default`), then its inputs in header order.
std::vector<HeaderPath> HeaderPaths(const DecisionHeader& header);

// Throws Error(kUsage) on `decisions_path` for the first of `files` that does not exist when
// resolved against `directory` (empty: the current directory). The message names the file,
// the directory it was resolved against and, for a relative path, suggests -C: with the
// nearest directory above the decision file where every relative file exists, when there is
// one. A missing file is a wrong directory or a moved export, never a difference.
// Also throws Error(kUsage) when `directory` is given but is not a directory.
void RequireHeaderFiles(const std::string& directory, const std::string& decisions_path,
                        const std::vector<HeaderPath>& files);

// While it lives, the working directory is `directory` (empty: unchanged); the destructor
// goes back to the previous one. Throws Error(kUsage) when `directory` cannot be entered.
// Process-wide: only for the CLI, around a re-reading that opens the header's paths.
class WorkingDirectory {
 public:
  explicit WorkingDirectory(const std::string& directory);
  ~WorkingDirectory();
  WorkingDirectory(const WorkingDirectory&) = delete;
  WorkingDirectory& operator=(const WorkingDirectory&) = delete;

 private:
  int previous_ = -1;  // the previous working directory, open; -1: unchanged
};

// The one call of a review command: checks `files` (RequireHeaderFiles), then runs `read`
// with the header's relative paths resolved against `directory`, and returns its result.
// Open the decision file before: inside `read`, relative paths are `directory`'s.
template <typename Read>
auto InHeaderDirectory(const std::string& directory, const std::string& decisions_path,
                       const std::vector<HeaderPath>& files, Read&& read) {
  RequireHeaderFiles(directory, decisions_path, files);
  const WorkingDirectory in(directory);
  return read();
}

}  // namespace dormant

#endif  // DORMANT_CLI_HEADER_DIRECTORY_H_
