// dormant/input_discovery.h — input discovery: which files a run reads.
//
// Turns the paths of the command line into the sorted list of input files: directories
// are walked recursively, keeping only `.csv`, `.json`, `.jsonl` and `.ndjson` files (also
// with a `.gz` suffix: gzip files are read transparently) and skipping dot-files and
// dot-directories; links to files are followed, links to
// directories are not. A file named on the command line is read whatever its name. A
// decision file (its content begins with `{"format":"dormant-decisions/`) is never an
// input: skipped when found under a directory, refused when named. `--exclude` patterns
// (see `excludes`) skip files and directories found under a directory.
#ifndef DORMANT_INPUT_DISCOVERY_H_
#define DORMANT_INPUT_DISCOVERY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dormant {

enum class InputKind : std::uint8_t { kDetect, kCredentialReport, kAccessAdvisor, kIamDetails };

// The decision-file name of a kind: `credential_report`, `access_advisor`, `iam_details`.
std::string_view KindName(InputKind kind);

struct InputFile {
  std::string path;                     // as it appears in the decision file's `inputs`
  InputKind kind = InputKind::kDetect;  // set when named by --credential-report etc.
};

struct InputArguments {
  std::vector<std::string> paths;  // files or directories
  std::vector<std::string> credential_reports;
  std::vector<std::string> access_advisor;
  std::vector<std::string> iam_details;
  // Glob patterns (`*` within one path component, `**` across them, `?` one character but
  // `/`) matched against the path of each file and directory found under a PATH
  // directory, relative to that directory: a match is skipped (a directory with all it
  // holds). Never applied to a file named on the command line.
  std::vector<std::string> excludes;
};

// Returns every input file, sorted bytewise by path (duplicates kept: a file given twice
// is read twice), and sets `*skipped_decision_files` (when given) to the number of
// decision files skipped under directories. Throws Error(kUsage) for a path that does not
// exist, a kind flag naming a directory, a decision file named as an input, or when no
// input file is found at all; Error(kIo) for a directory that cannot be read.
std::vector<InputFile> DiscoverInputs(const InputArguments& args,
                                      std::size_t* skipped_decision_files = nullptr);

}  // namespace dormant

#endif  // DORMANT_INPUT_DISCOVERY_H_
