#include "bench/scaling/bench_case.h"

#include <malloc.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/support/analysis_bench.h"
#include "bench/support/bench_analyses.h"
#include "daemon/data/csv_reader.h"
#include "daemon/plugins/plugin_host.h"
#include "daemon/run/prepared_run.h"
#include "daemon/scorecard/scorecard_config.h"
#include "daemon/scorecard/scorecard_renderer.h"
#include "daemon/server/dataset_cache.h"
#include "tests/support/adult_model.h"
#include "tests/support/process_stats.h"

namespace glassbox::bench {
namespace {

using Clock = std::chrono::steady_clock;

absl::StatusOr<int64_t> ResidentKib() { return testing::ReadProcessStatusKib(getpid(), "VmRSS"); }

// Returns freed heap to the system and resets the kernel's peak mark (VmHWM)
// to the current resident memory, which it returns: from here VmHWM is the
// case's own peak.
absl::StatusOr<int64_t> StartMeasuring() {
  malloc_trim(0);
  if (absl::Status status = testing::ResetPeakResident(getpid()); !status.ok()) return status;
  return ResidentKib();
}

// Measures `work` (returning an absl::Status) into `result`.
template <typename Work>
absl::Status Measure(CaseResult& result, Work work) {
  absl::StatusOr<int64_t> start = StartMeasuring();
  if (!start.ok()) return start.status();
  absl::StatusOr<double> cpu_begin = testing::ReadProcessCpuSeconds(getpid());
  if (!cpu_begin.ok()) return cpu_begin.status();
  const Clock::time_point begin = Clock::now();
  if (absl::Status status = work(); !status.ok()) return status;
  result.seconds = std::chrono::duration<double>(Clock::now() - begin).count();
  absl::StatusOr<double> cpu_end = testing::ReadProcessCpuSeconds(getpid());
  if (!cpu_end.ok()) return cpu_end.status();
  result.cpu_seconds = *cpu_end - *cpu_begin;
  result.start_kib = *start;
  absl::StatusOr<int64_t> peak = testing::ReadProcessStatusKib(getpid(), "VmHWM");
  if (!peak.ok()) return peak.status();
  result.peak_kib = *peak;
  return absl::OkStatus();
}

const BenchAnalysis* FindAnalysis(const std::string& name) {
  for (const BenchAnalysis& analysis : BuiltinBenchAnalyses()) {
    if (analysis.name == name) return &analysis;
  }
  return nullptr;
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

// The insights the whole run's analyses left in `insight_dir`, rendered as the daemon issues a scorecard.
absl::Status MeasureScorecard(const CaseRequest& request, CaseResult& result) {
  scorecard::ScorecardInput input;
  input.run.set_id("scaling-bench");
  *input.run.mutable_spec() = AdultModelSpec();
  input.run.mutable_spec()->mutable_model()->set_name("adult-xgb");
  input.run.set_state(glassbox::v1::SUCCEEDED);
  for (const BenchAnalysis& analysis : BuiltinBenchAnalyses()) {
    if (!analysis.in_whole_run) continue;
    AddAnalysis(*input.run.mutable_spec(), analysis.analyzer, analysis.params_json);
    absl::StatusOr<std::string> bytes = ReadFile(request.insight_dir + "/" + analysis.name + ".pb");
    if (!bytes.ok()) return bytes.status();
    glassbox::v1::Insight& insight = input.insights.emplace_back();
    if (!insight.ParseFromString(*bytes)) return absl::DataLossError(absl::StrCat("bad insight of ", analysis.name));
    auto* status = input.run.add_analyses();
    status->set_analyzer(analysis.analyzer);
    status->set_analyzer_version(insight.analyzer_version());
    status->set_state(glassbox::v1::ANALYSIS_SUCCEEDED);
  }
  input.dataset.set_id(request.csv_path);
  absl::StatusOr<glassbox::v1::ScorecardConfig> config = scorecard::ParseScorecardConfig(kAdultScorecardConfig);
  if (!config.ok()) return config.status();
  input.config = *std::move(config);
  input.model.name = "adult-xgb";
  input.model.version = "1";
  input.model.owner = "Risk team";
  input.issue_time = absl::Now();
  return Measure(result, [&] { return scorecard::RenderScorecard(input).status(); });
}

}  // namespace

std::vector<std::string> AllCaseNames() {
  std::vector<std::string> names = {kParseCase, kScoreCase};
  for (const BenchAnalysis& analysis : BuiltinBenchAnalyses()) names.push_back(analysis.name);
  names.push_back(kScorecardCase);
  return names;
}

std::string CaseResult::Serialize() const {
  return absl::StrFormat("%.6f %.3f %d %d %d %d %d", seconds, cpu_seconds, rows, start_kib, peak_kib, fixed_kib,
                         table_bytes);
}

absl::StatusOr<CaseResult> CaseResult::Parse(const std::string& text) {
  CaseResult result;
  std::istringstream in(text);
  if (!(in >> result.seconds >> result.cpu_seconds >> result.rows >> result.start_kib >> result.peak_kib >>
        result.fixed_kib >> result.table_bytes)) {
    return absl::DataLossError(absl::StrCat("malformed case result '", text, "'"));
  }
  return result;
}

absl::StatusOr<CaseResult> RunCase(const CaseRequest& request) {
  const BenchAnalysis* analysis = FindAnalysis(request.name);
  if (analysis == nullptr && request.name != kParseCase && request.name != kScoreCase &&
      request.name != kScorecardCase) {
    return absl::InvalidArgumentError(absl::StrCat("unknown case '", request.name, "'"));
  }
  CaseResult result;
  if (request.name == kScorecardCase) {
    if (absl::Status status = MeasureScorecard(request, result); !status.ok()) return status;
    return result;
  }

  const plugins::PluginHost host({GLASSBOX_PLUGIN_DIR});
  const std::shared_ptr<const sdk::Model> model = testing::LoadAdultModel();
  if (model == nullptr) return absl::InternalError("cannot load adult_xgb.json");
  absl::StatusOr<int64_t> fixed = StartMeasuring();
  if (!fixed.ok()) return fixed.status();
  result.fixed_kib = *fixed;

  absl::StatusOr<std::string> bytes = ReadFile(request.csv_path);
  if (!bytes.ok()) return bytes.status();
  absl::StatusOr<sdk::Table> parsed = absl::UnknownError("not parsed");
  if (request.name == kParseCase) {
    if (absl::Status status = Measure(result, [&] { return (parsed = data::ParseCsv(*bytes)).status(); });
        !status.ok()) {
      return status;
    }
  } else {
    parsed = data::ParseCsv(*bytes);
  }
  if (!parsed.ok()) return parsed.status();
  bytes->clear();
  bytes->shrink_to_fit();
  auto table = std::make_shared<const sdk::Table>(*std::move(parsed));
  result.table_bytes = static_cast<int64_t>(server::TableBytes(*table));
  result.rows = static_cast<int64_t>(table->num_rows());
  if (request.name == kParseCase) return result;

  glassbox::v1::RunSpec spec = AdultModelSpec();
  if (analysis != nullptr) {
    AddAnalysis(spec, analysis->analyzer, analysis->params_json);
  } else {
    // A run needs an analysis to prepare; the score case times only the scoring.
    AddAnalysis(spec, "model_overview", "{}");
  }
  absl::StatusOr<run::PreparedRun> run = run::PrepareRun(spec, table, host, model);
  if (!run.ok()) return run.status();
  if (request.name == kScoreCase) {
    if (absl::Status status = Measure(result, [&] { return run::ScoreWithModel(*run); }); !status.ok()) return status;
    return result;
  }
  if (absl::Status status = run::ScoreWithModel(*run); !status.ok()) return status;
  absl::StatusOr<glassbox::v1::Insight> insight = absl::UnknownError("not run");
  if (absl::Status status =
          Measure(result, [&] { return (insight = run::ExecuteAnalysis(*run, 0, nullptr, nullptr)).status(); });
      !status.ok()) {
    return status;
  }
  if (analysis->fixed_rows > 0) result.rows = analysis->fixed_rows;
  std::ofstream out(request.insight_dir + "/" + analysis->name + ".pb", std::ios::binary);
  if (!insight->SerializeToOstream(&out)) return absl::InternalError("cannot write the insight");
  return result;
}

}  // namespace glassbox::bench
