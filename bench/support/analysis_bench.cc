#include "bench/support/analysis_bench.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "daemon/data/csv_reader.h"
#include "daemon/plugins/plugin_host.h"
#include "google/protobuf/util/json_util.h"

namespace glassbox::bench {
namespace {

[[noreturn]] void Abort(const std::string& message) {
  std::fprintf(stderr, "benchmark setup failed: %s\n", message.c_str());
  std::abort();
}

}  // namespace

sdk::Table ReadAdultScored(int copies) {
  std::ifstream file(std::string(GLASSBOX_DATASETS_DIR) + "/adult_test_scored.csv", std::ios::binary);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  absl::StatusOr<sdk::Table> table = data::ParseCsv(bytes.str());
  if (!table.ok()) Abort(std::string(table.status().message()));
  std::vector<size_t> rows;
  rows.reserve(table->num_rows() * copies);
  for (int c = 0; c < copies; ++c) {
    for (size_t r = 0; r < table->num_rows(); ++r) rows.push_back(r);
  }
  return table->SelectRows(rows);
}

glassbox::v1::RunSpec AdultModelSpec() {
  glassbox::v1::RunSpec spec;
  spec.set_target_column("income");
  spec.set_task(glassbox::v1::BINARY_CLASSIFICATION);
  spec.set_positive_class(">50K");
  for (const auto& [name, filter] : {std::pair{"Female", "sex == Female"}, std::pair{"over 40", "age > 40"}}) {
    auto* cohort = spec.add_cohorts();
    cohort->set_name(name);
    cohort->set_filter(filter);
  }
  return spec;
}

glassbox::v1::RunSpec AdultScoredSpec() {
  glassbox::v1::RunSpec spec = AdultModelSpec();
  spec.mutable_predictions()->set_prediction_column("prediction");
  spec.mutable_predictions()->add_probability_columns("probability");
  return spec;
}

void AddAnalysis(glassbox::v1::RunSpec& spec, const std::string& analyzer, const std::string& params_json) {
  auto* analysis = spec.add_analyses();
  analysis->set_analyzer(analyzer);
  if (!google::protobuf::util::JsonStringToMessage(params_json, analysis->mutable_params()).ok()) {
    Abort("malformed parameters " + params_json);
  }
}

run::PreparedRun PrepareAdultRun(const glassbox::v1::RunSpec& spec, int copies) {
  static auto* host = new plugins::PluginHost({GLASSBOX_PLUGIN_DIR});
  absl::StatusOr<run::PreparedRun> run =
      run::PrepareRun(spec, std::make_shared<const sdk::Table>(ReadAdultScored(copies)), *host);
  if (!run.ok()) Abort(std::string(run.status().message()));
  return *std::move(run);
}

void TimeAnalysis(benchmark::State& state, const run::PreparedRun& run, size_t analysis) {
  for (auto _ : state) {
    absl::StatusOr<glassbox::v1::Insight> insight = run::ExecuteAnalysis(run, analysis, nullptr, nullptr);
    if (!insight.ok()) state.SkipWithError(std::string(insight.status().message()).c_str());
    benchmark::DoNotOptimize(insight);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(run.table->num_rows()));
  state.counters["rows"] = static_cast<double>(run.table->num_rows());
}

}  // namespace glassbox::bench
