// error_analysis (the surrogate tree on all 14 features with the default
// limits, plus a heat map of age), data_balance (sex and race) and
// data_explorer (every feature, two cohorts) on adult_test_scored.csv: its
// 10,054 rows, and the same rows 10 and 100 times over. Each iteration is one
// analysis as the scheduler executes it, through the plugin host, from
// prepared run inputs to the finished insight.
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "daemon/data/csv_reader.h"
#include "daemon/plugins/plugin_host.h"
#include "daemon/run/prepared_run.h"
#include "google/protobuf/util/json_util.h"

namespace glassbox::run {
namespace {

enum Analysis { kErrorAnalysis, kDataBalance, kDataExplorer };

sdk::Table ReadAdult(int copies) {
  std::ifstream file(std::string(GLASSBOX_DATASETS_DIR) + "/adult_test_scored.csv", std::ios::binary);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  absl::StatusOr<sdk::Table> table = data::ParseCsv(bytes.str());
  if (!table.ok()) std::abort();
  std::vector<size_t> rows;
  rows.reserve(table->num_rows() * copies);
  for (int c = 0; c < copies; ++c) {
    for (size_t r = 0; r < table->num_rows(); ++r) rows.push_back(r);
  }
  return table->SelectRows(rows);
}

void AddAnalysis(glassbox::v1::RunSpec& spec, const std::string& analyzer, const std::string& params) {
  auto* analysis = spec.add_analyses();
  analysis->set_analyzer(analyzer);
  if (!google::protobuf::util::JsonStringToMessage(params, analysis->mutable_params()).ok()) std::abort();
}

// The run on `copies` times the rows, its analyses in the order of Analysis.
const PreparedRun& Run(int copies) {
  static auto* host = new plugins::PluginHost({GLASSBOX_PLUGIN_DIR});
  static auto* runs = new std::map<int, PreparedRun>();
  auto found = runs->find(copies);
  if (found != runs->end()) return found->second;
  glassbox::v1::RunSpec spec;
  spec.set_target_column("income");
  spec.set_task(glassbox::v1::BINARY_CLASSIFICATION);
  spec.mutable_predictions()->set_prediction_column("prediction");
  spec.mutable_predictions()->add_probability_columns("probability");
  spec.set_positive_class(">50K");
  for (const auto& [name, filter] : {std::pair{"Female", "sex == Female"}, std::pair{"over 40", "age > 40"}}) {
    auto* cohort = spec.add_cohorts();
    cohort->set_name(name);
    cohort->set_filter(filter);
  }
  AddAnalysis(spec, "error_analysis", R"({"heatmap_features": ["age"]})");
  AddAnalysis(spec, "data_balance", R"({"sensitive_features": ["sex", "race"]})");
  AddAnalysis(spec, "data_explorer", "{}");
  absl::StatusOr<PreparedRun> run = PrepareRun(spec, std::make_shared<const sdk::Table>(ReadAdult(copies)), *host);
  if (!run.ok()) std::abort();
  return runs->emplace(copies, *std::move(run)).first->second;
}

void RunAnalysis(benchmark::State& state, Analysis analysis) {
  const PreparedRun& run = Run(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    absl::StatusOr<glassbox::v1::Insight> insight = ExecuteAnalysis(run, analysis, nullptr, nullptr);
    if (!insight.ok()) state.SkipWithError(std::string(insight.status().message()).c_str());
    benchmark::DoNotOptimize(insight);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(run.table->num_rows()));
  state.counters["rows"] = static_cast<double>(run.table->num_rows());
}

void BM_ErrorAnalysis(benchmark::State& state) { RunAnalysis(state, kErrorAnalysis); }
void BM_DataBalance(benchmark::State& state) { RunAnalysis(state, kDataBalance); }
void BM_DataExplorer(benchmark::State& state) { RunAnalysis(state, kDataExplorer); }

BENCHMARK(BM_ErrorAnalysis)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DataBalance)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DataExplorer)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace glassbox::run

BENCHMARK_MAIN();
