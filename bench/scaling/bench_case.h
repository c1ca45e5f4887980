// One case of the scaling benchmark, measured in the calling process (the
// benchmark gives each case a fresh child process, so that the memory figures
// are the case's own): parsing the CSV, scoring its rows with the Adult
// XGBoost model, one analysis of BuiltinBenchAnalyses() on the scored rows,
// or rendering the scorecard of the insights those analyses left behind.
#ifndef GLASSBOX_BENCH_SCALING_BENCH_CASE_H_
#define GLASSBOX_BENCH_SCALING_BENCH_CASE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace glassbox::bench {

inline constexpr char kParseCase[] = "parse";
inline constexpr char kScoreCase[] = "score";
inline constexpr char kScorecardCase[] = "scorecard";

// Every case, in the order they run: parse, score, the analyses, scorecard.
std::vector<std::string> AllCaseNames();

struct CaseRequest {
  std::string name;
  // The dataset (an Adult replica).
  std::string csv_path;
  // Analyses leave their insight here as <name>.pb; the scorecard case reads them.
  std::string insight_dir;
};

struct CaseResult {
  double seconds = 0;
  // CPU time of all the process's threads: less sensitive than wall time to
  // other work on the machine.
  double cpu_seconds = 0;
  // Rows the case works through: the dataset's, or the few an analysis that
  // explains a fixed number of rows explains; 0 for the scorecard.
  int64_t rows = 0;
  // Resident memory (KiB) when the case started, its peak during the case,
  // and the process's before it read any data (code, plugins, the model).
  int64_t start_kib = 0;
  int64_t peak_kib = 0;
  int64_t fixed_kib = 0;
  // The daemon's estimate of the parsed table's memory (DatasetCache's TableBytes).
  int64_t table_bytes = 0;

  std::string Serialize() const;
  static absl::StatusOr<CaseResult> Parse(const std::string& text);
};

absl::StatusOr<CaseResult> RunCase(const CaseRequest& request);

}  // namespace glassbox::bench

#endif  // GLASSBOX_BENCH_SCALING_BENCH_CASE_H_
