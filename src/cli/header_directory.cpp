// `-C DIR` of the review commands (see header_directory.h).
#include "header_directory.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "dormant/error.h"

namespace dormant {
namespace {

namespace fs = std::filesystem;

bool Exists(const fs::path& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}

// The nearest directory, from the decision file's own upwards, in which every relative file
// of `files` exists, written as it would be typed after -C; empty when there is none. The
// directories are the decision file's path with `..` appended and folded lexically, and each
// is checked as written, so the suggestion names what was checked.
std::string DirectoryWhereAllExist(const std::string& decisions_path,
                                   const std::vector<HeaderPath>& files) {
  constexpr int kLevels = 16;
  fs::path dir = fs::path(decisions_path).parent_path();
  if (dir.empty()) dir = ".";
  for (int level = 0; level < kLevels; ++level) {
    fs::path normal = dir.lexically_normal();
    if (normal.has_relative_path() && !normal.has_filename()) normal = normal.parent_path();
    bool all = true;
    for (const HeaderPath& f : files) {
      if (fs::path(f.path).is_relative() && !Exists(normal / f.path)) {
        all = false;
        break;
      }
    }
    if (all) return normal.string();
    if (!normal.has_relative_path()) break;  // the root
    dir = normal / "..";
  }
  return {};
}

}  // namespace

std::vector<HeaderPath> HeaderPaths(const DecisionHeader& header) {
  std::vector<HeaderPath> files;
  if (header.policy_source != "default") files.push_back({"policy", header.policy_source});
  for (const InputSummary& in : header.inputs) files.push_back({"input", in.path});
  return files;
}

void RequireHeaderFiles(const std::string& directory, const std::string& decisions_path,
                        const std::vector<HeaderPath>& files) {
  std::error_code ec;
  if (!directory.empty() && !fs::is_directory(directory, ec)) {
    ThrowUsage("", "-C " + directory + ": no such directory");
  }
  for (const HeaderPath& f : files) {
    const fs::path path(f.path);
    if (path.is_absolute()) {
      if (Exists(path)) continue;
      ThrowUsage(decisions_path, std::string(f.what) + " " + f.path +
                                     ": no such file (an absolute path: -C does not change it)");
    }
    if (Exists(fs::path(directory) / path)) continue;
    std::string message = std::string(f.what) + " " + f.path + ": no such file relative to " +
                          (directory.empty() ? "the current directory" : "-C " + directory) +
                          " (the header's paths are relative to the directory dormant evaluate "
                          "ran in)";
    const std::string there = DirectoryWhereAllExist(decisions_path, files);
    if (!there.empty()) {
      message += "; try -C " + there;
    } else if (directory.empty()) {
      message += "; run there, or name it with -C DIR";
    }
    ThrowUsage(decisions_path, message);
  }
}

WorkingDirectory::WorkingDirectory(const std::string& directory) {
  if (directory.empty()) return;
  previous_ = ::open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (previous_ < 0) ThrowIo(".", "cannot open the current directory");
  if (::chdir(directory.c_str()) != 0) {
    ::close(previous_);
    previous_ = -1;
    ThrowUsage("", "-C " + directory + ": cannot enter this directory");
  }
}

WorkingDirectory::~WorkingDirectory() {
  if (previous_ < 0) return;
  // Going back cannot be skipped: later opens of paths relative to the previous directory
  // (the decision file) would find other files.
  if (::fchdir(previous_) != 0) std::abort();
  ::close(previous_);
}

}  // namespace dormant
