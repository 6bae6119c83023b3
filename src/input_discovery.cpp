// Input discovery. The result is sorted, so it never depends on the order in
// which the file system lists entries.
#include "dormant/input_discovery.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "dormant/error.h"
#include "file_source.h"
#include "glob.h"

namespace dormant {
namespace fs = std::filesystem;
namespace {

bool HasInputExtension(std::string_view name) {
  // Compressed exports keep their inner extension: `advisor.ndjson.gz`.
  if (name.size() > 3 && name.substr(name.size() - 3) == ".gz") name.remove_suffix(3);
  for (std::string_view ext : {".csv", ".json", ".jsonl", ".ndjson"}) {
    if (name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext) return true;
  }
  return false;
}

// True when the content of the file at `path` (decompressed, for a gzip file) begins with
// the first bytes of a decision file's header. A file that cannot be read is not one here:
// reading it as an input reports why.
bool IsDecisionFile(const std::string& path) {
  constexpr std::string_view kStart = R"({"format":"dormant-decisions/)";
  try {
    FileSource source(path);
    PaddedBuffer buf;
    while (buf.size() < kStart.size() && source.ReadMore(buf, kStart.size() - buf.size()) > 0) {
    }
    return buf.view() == kStart;
  } catch (const Error&) {
    return false;
  }
}

// Adds the file found under a directory, unless it is a decision file (counted in
// `skipped`): the output of an earlier run saved beside the exports.
void AddFound(std::string shown, const fs::path& file, std::vector<InputFile>& out,
              std::size_t& skipped) {
  if (IsDecisionFile(file.string())) {
    ++skipped;
  } else {
    out.push_back({std::move(shown), {}});
  }
}

bool Excluded(const std::vector<std::string>& excludes, std::string_view relative) {
  return std::any_of(excludes.begin(), excludes.end(),
                     [relative](const std::string& glob) { return GlobMatch(glob, relative); });
}

// Walks `dir`, shown as `dir_as_given`, whose path relative to the directory named on the
// command line is `relative` (empty for that directory itself).
void Walk(const std::string& dir_as_given, const std::string& relative, const fs::path& dir,
          const std::vector<std::string>& excludes, std::vector<InputFile>& out,
          std::size_t& skipped) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) ThrowIo(dir_as_given, "cannot read directory: " + ec.message());
  std::vector<fs::directory_entry> entries;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) ThrowIo(dir_as_given, "cannot read directory: " + ec.message());
    entries.push_back(*it);
  }
  for (const fs::directory_entry& entry : entries) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    const std::string shown = dir_as_given + "/" + name;
    const std::string below = relative.empty() ? name : relative + "/" + name;
    if (Excluded(excludes, below)) continue;
    std::error_code sec;
    const fs::file_status link = entry.symlink_status(sec);
    if (fs::is_symlink(link)) {
      const fs::file_status target = entry.status(sec);
      if (fs::is_regular_file(target) && HasInputExtension(name)) {
        AddFound(shown, entry.path(), out, skipped);
      }
      continue;  // links to directories are not followed
    }
    if (fs::is_directory(link)) {
      Walk(shown, below, entry.path(), excludes, out, skipped);
    } else if (fs::is_regular_file(link) && HasInputExtension(name)) {
      AddFound(shown, entry.path(), out, skipped);
    }
  }
}

std::string TrimTrailingSlashes(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

// A file named on the command line must not be a decision file. Only regular files are
// looked at: reading a FIFO here would take bytes from the reader.
void RefuseDecisionFile(const std::string& path, const fs::file_status& st) {
  if (fs::is_regular_file(st) && IsDecisionFile(path)) {
    ThrowUsage(path,
               "a decision file written by dormant, never an input: name the exports "
               "it was computed from");
  }
}

}  // namespace

std::string_view KindName(InputKind kind) {
  switch (kind) {
    case InputKind::kCredentialReport:
      return "credential_report";
    case InputKind::kAccessAdvisor:
      return "access_advisor";
    case InputKind::kIamDetails:
      return "iam_details";
    case InputKind::kDetect:
      break;
  }
  return "unknown";
}

std::vector<InputFile> DiscoverInputs(const InputArguments& args,
                                      std::size_t* skipped_decision_files) {
  std::vector<InputFile> out;
  std::size_t skipped = 0;
  for (const std::string& path : args.paths) {
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (!fs::exists(st)) ThrowUsage(path, "no such file or directory");
    if (fs::is_directory(st)) {
      const std::string shown = TrimTrailingSlashes(path);
      Walk(shown, "", fs::path(path), args.excludes, out, skipped);
    } else {
      RefuseDecisionFile(path, st);
      out.push_back({path, InputKind::kDetect});
    }
  }
  const std::pair<const std::vector<std::string>*, InputKind> named[] = {
      {&args.credential_reports, InputKind::kCredentialReport},
      {&args.access_advisor, InputKind::kAccessAdvisor},
      {&args.iam_details, InputKind::kIamDetails},
  };
  for (const auto& [paths, kind] : named) {
    for (const std::string& path : *paths) {
      std::error_code ec;
      const fs::file_status st = fs::status(path, ec);
      if (!fs::exists(st)) ThrowUsage(path, "no such file or directory");
      if (fs::is_directory(st)) {
        std::string flag(KindName(kind));
        std::replace(flag.begin(), flag.end(), '_', '-');
        ThrowUsage(path, "is a directory; --" + flag +
                             " names a file (give a directory as a plain PATH instead)");
      }
      RefuseDecisionFile(path, st);
      out.push_back({path, kind});
    }
  }
  if (out.empty()) {
    throw Error(ErrorKind::kUsage, "", 0,
                std::string("no input file") +
                    (skipped > 0 ? " (only decision files, which are never inputs)" : "") +
                    ": give credential reports and access-advisor exports as PATH arguments "
                    "(files or directories holding .csv, .json, .jsonl or .ndjson files)");
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
  if (skipped_decision_files != nullptr) *skipped_decision_files = skipped;
  return out;
}

}  // namespace dormant
