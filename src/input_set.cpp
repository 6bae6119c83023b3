// Loading all inputs: parallel reads, ordered merge, cross-file checks.
#include "dormant/input_set.h"

#include <atomic>
#include <filesystem>
#include <optional>
#include <exception>
#include <thread>

#include "dormant/error.h"
#include "input_reader.h"
#include "json_documents.h"
#include "progress.h"

namespace dormant {
std::string DocumentPlace(const std::string& path, std::uint64_t offset, std::int64_t element) {
  if (element >= 0) return path + " (array element " + std::to_string(element) + ")";
  return path + ":" + std::to_string(LineOfOffset(path, offset));
}

InputSet LoadInputs(const std::vector<InputFile>& files, unsigned jobs, bool show_progress) {
  const std::size_t n = files.size();
  std::uint64_t total_bytes = 0;
  for (const InputFile& f : files) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(f.path, ec);
    if (!ec) total_bytes += size;
  }
  std::optional<ProgressLine> progress;
  if (show_progress) progress.emplace(total_bytes, true);
  std::atomic<std::uint64_t>* counter = progress ? progress->counter() : nullptr;
  std::vector<FileData> data(n);
  std::vector<std::exception_ptr> errors(n);
  std::atomic<std::size_t> next{0};
  // Files after the first failed one need not be read: the first error in path order wins.
  std::atomic<std::size_t> first_error{n};
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < n;) {
      if (i > first_error.load()) continue;
      try {
        data[i] = ReadInputFile(files[i], static_cast<std::uint32_t>(i), counter);
      } catch (...) {
        errors[i] = std::current_exception();
        for (std::size_t seen = first_error.load();
             i < seen && !first_error.compare_exchange_weak(seen, i);) {
        }
      }
    }
  };
  const unsigned threads = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(n)));
  if (threads == 1) {
    worker();
  } else {
    std::vector<std::jthread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  }
  progress.reset();  // clears the line before any message
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }

  InputSet set;
  std::size_t rows = 0, advisor = 0, iam = 0;
  for (const FileData& d : data) {
    rows += d.rows.size();
    advisor += d.advisor.size();
    iam += d.iam_users.size();
  }
  set.rows.reserve(rows);
  set.advisor.reserve(advisor);
  set.iam_users.reserve(iam);
  for (FileData& d : data) {
    set.inputs.push_back(std::move(d.summary));
    const InputSummary& s = set.inputs.back();
    if (s.generated && (!set.latest_time || *s.generated > *set.latest_time)) {
      set.latest_time = s.generated;
    }
    set.has_undated_report = set.has_undated_report || d.undated_report;
    std::move(d.rows.begin(), d.rows.end(), std::back_inserter(set.rows));
    std::move(d.advisor.begin(), d.advisor.end(), std::back_inserter(set.advisor));
    std::move(d.iam_users.begin(), d.iam_users.end(), std::back_inserter(set.iam_users));
    d = FileData{};
  }

  // Cross-file checks (SPEC §2): the same ARN twice is an error. The first duplicate in
  // path order is reported, naming both places.
  std::unordered_map<std::string_view, const CredentialRow*> row_by_arn;
  row_by_arn.reserve(set.rows.size());
  for (const CredentialRow& row : set.rows) {
    const auto [it, inserted] = row_by_arn.emplace(row.arn, &row);
    if (!inserted) {
      const CredentialRow& first = *it->second;
      ThrowInput(set.inputs[row.file].path, row.line,
                 "duplicate ARN " + row.arn + " (also at " + set.inputs[first.file].path + ":" +
                     std::to_string(first.line) + ")");
    }
  }
  set.advisor_by_arn.reserve(set.advisor.size());
  for (const AdvisorRecord& rec : set.advisor) {
    const auto [it, inserted] = set.advisor_by_arn.emplace(rec.arn, &rec);
    if (!inserted) {
      const AdvisorRecord& first = *it->second;
      throw Error(ErrorKind::kInput, DocumentPlace(set.inputs[rec.file].path, rec.offset, rec.element),
                  0,
                  "two access-advisor documents for " + rec.arn + " (also at " +
                      DocumentPlace(set.inputs[first.file].path, first.offset, first.element) + ")");
    }
  }
  set.iam_by_arn.reserve(set.iam_users.size());
  for (const IamUserRecord& rec : set.iam_users) {
    const auto [it, inserted] = set.iam_by_arn.emplace(rec.arn, &rec);
    if (!inserted) {
      const IamUserRecord& first = *it->second;
      throw Error(ErrorKind::kInput, DocumentPlace(set.inputs[rec.file].path, rec.offset, rec.element),
                  0,
                  "UserDetailList[" + std::to_string(rec.entry) + "]: duplicate Arn " + rec.arn +
                      " in IAM details (also at " +
                      DocumentPlace(set.inputs[first.file].path, first.offset, first.element) +
                      " UserDetailList[" + std::to_string(first.entry) + "])");
    }
  }
  return set;
}

}  // namespace dormant
