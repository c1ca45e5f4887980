// counterfactuals on adult_test_scored.csv with the adult XGBoost model: 10
// counterfactuals for each of its first 20 rows (DiCE's defaults otherwise),
// one analysis per iteration as the scheduler executes it, through the plugin
// host. Counters: DiCE's metrics reached, and the candidate rows the model
// scored. BM_ModelPredict gives the model's cost per call for the batch sizes
// the search uses, to read the analysis time against.
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "bench/support/analysis_bench.h"
#include "bench/support/bench_analyses.h"
#include "benchmark/benchmark.h"
#include "daemon/data/csv_reader.h"
#include "daemon/models/xgboost_model.h"
#include "daemon/plugins/plugin_host.h"
#include "daemon/run/prepared_run.h"
#include "glassbox/v1/analyses/counterfactuals.pb.h"

namespace glassbox::run {
namespace {

std::string ReadFile(const std::string& name) {
  std::ifstream file(std::string(GLASSBOX_DATASETS_DIR) + "/" + name, std::ios::binary);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

std::shared_ptr<const sdk::Table> ReadTable(const std::string& name) {
  absl::StatusOr<sdk::Table> table = data::ParseCsv(ReadFile(name));
  if (!table.ok()) std::abort();
  return std::make_shared<const sdk::Table>(*std::move(table));
}

// The adult model, its categories coded over adult.csv's sorted strings. Never
// destroyed: libxgboost's globals may be gone by the time static destructors run.
std::shared_ptr<const sdk::Model> AdultModel() {
  static const auto* model = new std::shared_ptr<const sdk::Model>([] {
    const std::shared_ptr<const sdk::Table> adult = ReadTable("adult.csv");
    daemon::XgboostModelOptions options;
    options.class_labels = {"<=50K", ">50K"};
    for (size_t j = 0; j < adult->num_columns(); ++j) {
      const sdk::Column& column = adult->column(j);
      if (column.is_categorical() && column.name() != "income") options.categories[column.name()] = column.categories();
    }
    auto loaded = daemon::XgboostModel::Load(ReadFile("adult_xgb.json"), options);
    if (!loaded.ok()) std::abort();
    return std::shared_ptr<const sdk::Model>(*std::move(loaded));
  }());
  return *model;
}

std::shared_ptr<const sdk::Table> AdultScored() {
  static const auto* table = new std::shared_ptr<const sdk::Table>(ReadTable("adult_test_scored.csv"));
  return *table;
}

const PreparedRun& Run() {
  static const PreparedRun* run = [] {
    static auto* host = new plugins::PluginHost({GLASSBOX_PLUGIN_DIR});
    glassbox::v1::RunSpec spec;
    spec.set_target_column("income");
    spec.set_task(glassbox::v1::BINARY_CLASSIFICATION);
    spec.set_positive_class(">50K");
    bench::AddAnalysis(spec, "counterfactuals", bench::kCounterfactualsParams);
    absl::StatusOr<PreparedRun> prepared = PrepareRun(spec, AdultScored(), *host, AdultModel());
    if (!prepared.ok() || !ScoreWithModel(*prepared).ok()) std::abort();
    return new PreparedRun(*std::move(prepared));
  }();
  return *run;
}

void BM_Counterfactuals20x10(benchmark::State& state) {
  const PreparedRun& run = Run();
  glassbox::v1::analyses::Counterfactuals payload;
  for (auto _ : state) {
    absl::StatusOr<glassbox::v1::Insight> insight = ExecuteAnalysis(run, 0, nullptr, nullptr);
    if (!insight.ok() || !insight->payload().UnpackTo(&payload)) {
      state.SkipWithError(std::string(insight.status().message()).c_str());
      return;
    }
  }
  int64_t scored = 0;
  for (const auto& query : payload.queries()) scored += query.candidates_scored();
  const auto& overall = payload.overall();
  state.counters["validity"] = overall.validity();
  state.counters["found"] = overall.found();
  state.counters["proximity"] = overall.proximity();
  state.counters["sparsity"] = overall.sparsity();
  state.counters["diversity"] = overall.diversity();
  state.counters["candidates_scored"] = static_cast<double>(scored);
  state.counters["candidates/s"] =
      benchmark::Counter(static_cast<double>(scored * state.iterations()), benchmark::Counter::kIsRate);
}

void BM_ModelPredict(benchmark::State& state) {
  std::vector<size_t> rows(static_cast<size_t>(state.range(0)));
  for (size_t i = 0; i < rows.size(); ++i) rows[i] = i;
  const sdk::Table batch = AdultScored()->SelectRows(rows);
  const std::shared_ptr<const sdk::Model> model = AdultModel();
  for (auto _ : state) benchmark::DoNotOptimize(model->Predict(batch));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

BENCHMARK(BM_Counterfactuals20x10)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ModelPredict)->Arg(1)->Arg(16)->Arg(160)->Arg(1000)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace
}  // namespace glassbox::run

BENCHMARK_MAIN();
