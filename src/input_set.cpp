// Loading all inputs: parallel reads, records kept per file and indexed by ARN, duplicate checks.
#include "dormant/input_set.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <exception>
#include <optional>
#include <thread>
#include <tuple>

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
  std::vector<std::uint64_t> sizes(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(files[i].path, ec);
    if (!ec) sizes[i] = size;
    total_bytes += sizes[i];
  }
  const unsigned threads = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(n)));
  // Several threads take the largest files first, so that none is left reading a big file
  // alone at the end. The order of reading never shows: records are kept in path order.
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  if (threads > 1) {
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return sizes[a] > sizes[b]; });
  }
  std::optional<ProgressLine> progress;
  if (show_progress) progress.emplace(total_bytes, true);
  std::atomic<std::uint64_t>* counter = progress ? progress->counter() : nullptr;
  InputSet set;
  std::vector<FileData> data(n);
  std::vector<std::exception_ptr> errors(n);
  std::atomic<std::size_t> next{0};
  // Files after the first failed one need not be read: the first error in path order wins.
  std::atomic<std::size_t> first_error{n};
  auto worker = [&] {
    ReadScratch scratch;
    for (std::size_t k; (k = next.fetch_add(1)) < n;) {
      const std::size_t i = order[k];
      if (i > first_error.load()) continue;
      try {
        data[i] =
            ReadInputFile(files[i], static_cast<std::uint32_t>(i), scratch, *set.strings, counter);
      } catch (...) {
        errors[i] = std::current_exception();
        for (std::size_t seen = first_error.load();
             i < seen && !first_error.compare_exchange_weak(seen, i);) {
        }
      }
    }
  };
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

  set.files.reserve(n);
  for (FileData& d : data) {
    set.inputs.push_back(std::move(d.summary));
    const InputSummary& s = set.inputs.back();
    if (s.generated && (!set.latest_time || *s.generated > *set.latest_time)) {
      set.latest_time = s.generated;
    }
    set.has_undated_report = set.has_undated_report || d.undated_report;
    set.files.push_back(std::move(d.records));
  }
  data.clear();
  IndexRecords(set);
#ifdef __GLIBC__
  // What the reading threads freed (chunk buffers, parsers, vector growth) stays mapped in
  // glibc's heaps; hand it back before the evaluation allocates the decisions.
  malloc_trim(0);
#endif
  return set;
}

namespace {

// Input order of records of one kind: file, then place in the file.
auto Position(const CredentialRow& r) { return std::tuple(r.file, r.line, std::int64_t{0}, 0u); }
auto Position(const AdvisorRecord& r) { return std::tuple(r.file, r.offset, r.element, 0u); }
auto Position(const IamUserRecord& r) { return std::tuple(r.file, r.offset, r.element, r.entry); }

// Points `index` at every record of one kind, sorted by ARN with input order kept among
// equal ARNs, and returns the first duplicate in input order as {first occurrence, second
// occurrence}, or {nullptr, nullptr}. The readers leave each file's records sorted (on
// their threads) and files of different accounts hold disjoint ARN ranges, so the runs
// usually just line up by their first ARN: no sort at all. Otherwise (overlapping or
// unsorted runs) the whole index is sorted.
template <class Record>
std::pair<const Record*, const Record*> IndexByArn(const std::vector<FileRecords>& files,
                                                  std::vector<Record> FileRecords::*kind,
                                                  std::vector<const Record*>& index) {
  std::vector<const std::vector<Record>*> runs;
  std::size_t total = 0;
  bool runs_sorted = true;
  for (const FileRecords& f : files) {
    const std::vector<Record>& run = f.*kind;
    if (run.empty()) continue;
    runs.push_back(&run);
    total += run.size();
    runs_sorted = runs_sorted &&
                  std::is_sorted(run.begin(), run.end(),
                                 [](const Record& a, const Record& b) { return a.arn < b.arn; });
  }
  std::stable_sort(runs.begin(), runs.end(),
                   [](const auto* a, const auto* b) { return a->front().arn < b->front().arn; });
  bool disjoint = runs_sorted;
  for (std::size_t r = 1; r < runs.size() && disjoint; ++r) {
    disjoint = runs[r - 1]->back().arn < runs[r]->front().arn;
  }
  index.clear();
  index.reserve(total);
  if (disjoint) {
    for (const auto* run : runs) {
      for (const Record& r : *run) index.push_back(&r);
    }
  } else {
    for (const FileRecords& f : files) {
      for (const Record& r : f.*kind) index.push_back(&r);
    }
    std::stable_sort(index.begin(), index.end(),
                     [](const Record* a, const Record* b) { return a->arn < b->arn; });
  }
  std::pair<const Record*, const Record*> dup{nullptr, nullptr};
  for (std::size_t i = 1; i < index.size(); ++i) {
    if (index[i]->arn != index[i - 1]->arn) continue;
    const bool second = i < 2 || index[i - 2]->arn != index[i]->arn;
    if (second && (dup.second == nullptr || Position(*index[i]) < Position(*dup.second))) {
      dup = {index[i - 1], index[i]};
    }
  }
  return dup;
}

template <class Record>
const Record* FindByArn(const std::vector<const Record*>& index, std::string_view arn) {
  const auto it = std::lower_bound(index.begin(), index.end(), arn,
                                   [](const Record* r, std::string_view a) { return r->arn < a; });
  return it != index.end() && (*it)->arn == arn ? *it : nullptr;
}

}  // namespace

const AdvisorRecord* InputSet::FindAdvisor(std::string_view arn) const {
  return FindByArn(advisor, arn);
}

const IamUserRecord* InputSet::FindIamUser(std::string_view arn) const {
  return FindByArn(iam_users, arn);
}

void IndexRecords(InputSet& set) {
  if (const auto [first, row] = IndexByArn(set.files, &FileRecords::rows, set.rows);
      row != nullptr) {
    ThrowInput(set.inputs[row->file].path, row->line,
               "duplicate ARN " + std::string(row->arn) + " (also at " +
                   set.inputs[first->file].path + ":" + std::to_string(first->line) + ")");
  }
  if (const auto [first, rec] = IndexByArn(set.files, &FileRecords::advisor, set.advisor);
      rec != nullptr) {
    throw Error(
        ErrorKind::kInput, DocumentPlace(set.inputs[rec->file].path, rec->offset, rec->element), 0,
        "two access-advisor documents for " + std::string(rec->arn) + " (also at " +
            DocumentPlace(set.inputs[first->file].path, first->offset, first->element) + ")");
  }
  if (const auto [first, rec] = IndexByArn(set.files, &FileRecords::iam_users, set.iam_users);
      rec != nullptr) {
    throw Error(ErrorKind::kInput,
                DocumentPlace(set.inputs[rec->file].path, rec->offset, rec->element), 0,
                "UserDetailList[" + std::to_string(rec->entry) + "]: duplicate Arn " +
                    std::string(rec->arn) + " in IAM details (also at " +
                    DocumentPlace(set.inputs[first->file].path, first->offset, first->element) +
                    " UserDetailList[" + std::to_string(first->entry) + "])");
  }
}

}  // namespace dormant
