// test_support.h — helpers shared by the test suites: temporary directories, files, and
// running the built `dormant` binary.
#ifndef DORMANT_TESTS_TEST_SUPPORT_H_
#define DORMANT_TESTS_TEST_SUPPORT_H_

#include <filesystem>
#include <string>
#include <vector>

namespace dormant::testing {

// A fresh directory under the system temp dir, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // Writes `bytes` to `relative` (creating parent directories); returns the full path.
  std::string Write(const std::string& relative, const std::string& bytes) const;

 private:
  std::filesystem::path path_;
};

std::string ReadFile(const std::filesystem::path& path);

struct RunResult {
  int exit_code = -1;
  std::string out;  // standard output
  std::string err;  // standard error
};

// Runs the dormant binary (from the DORMANT_BINARY environment variable, set by meson)
// with `args` in directory `cwd`, with `env` entries ("NAME=value") added to the
// environment. Captures stdout and stderr.
RunResult RunDormant(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                     const std::vector<std::string>& env = {});

// The source tree's testdata directory (DORMANT_TESTDATA, set by meson).
std::filesystem::path TestdataDir();

}  // namespace dormant::testing

#endif  // DORMANT_TESTS_TEST_SUPPORT_H_
