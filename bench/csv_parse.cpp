// Credential-report CSV parsing speed: reads a bare CSV report into memory, then times
// ParseCredentialReportCsv alone (median of 5 runs) and prints MB/s. Benchmark code: the
// only place in dormant that reads a clock.
//
//   csv_parse REPORT.csv
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

#include "credential_report.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: csv_parse REPORT.csv\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  const std::string csv = s.str();
  std::vector<double> seconds;
  std::uint64_t rows = 0;
  for (int run = 0; run < 5; ++run) {
    std::vector<dormant::CredentialRow> out;
    dormant::StringStore strings;
    const auto start = std::chrono::steady_clock::now();
    rows = dormant::ParseCredentialReportCsv(csv, argv[1], 0, false, out, strings);
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  const double mb = static_cast<double>(csv.size()) / (1024.0 * 1024.0);
  std::printf("%llu rows, %.1f MB, median %.3f s, %.0f MB/s\n",
              static_cast<unsigned long long>(rows), mb, seconds[2], mb / seconds[2]);
  return 0;
}
