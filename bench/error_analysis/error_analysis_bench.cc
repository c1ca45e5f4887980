// error_analysis (the surrogate tree on all 14 features with the default
// limits, plus a heat map of age), data_balance (sex and race) and
// data_explorer (every feature, two cohorts) on adult_test_scored.csv: its
// 10,054 rows, and the same rows 10 and 100 times over. Each iteration is one
// analysis as the scheduler executes it, through the plugin host, from
// prepared run inputs to the finished insight.
#include <map>

#include "bench/support/analysis_bench.h"
#include "bench/support/bench_analyses.h"

namespace glassbox::bench {
namespace {

enum Analysis { kErrorAnalysis, kDataBalance, kDataExplorer };

// The run on `copies` times the rows, its analyses in the order of Analysis.
const run::PreparedRun& Run(int copies) {
  static auto* runs = new std::map<int, run::PreparedRun>();
  if (auto found = runs->find(copies); found != runs->end()) return found->second;
  glassbox::v1::RunSpec spec = AdultScoredSpec();
  AddAnalysis(spec, "error_analysis", kErrorAnalysisParams);
  AddAnalysis(spec, "data_balance", kDataBalanceParams);
  AddAnalysis(spec, "data_explorer", "{}");
  return runs->emplace(copies, PrepareAdultRun(spec, copies)).first->second;
}

void RunAnalysis(benchmark::State& state, Analysis analysis) {
  TimeAnalysis(state, Run(static_cast<int>(state.range(0))), analysis);
}

void BM_ErrorAnalysis(benchmark::State& state) { RunAnalysis(state, kErrorAnalysis); }
void BM_DataBalance(benchmark::State& state) { RunAnalysis(state, kDataBalance); }
void BM_DataExplorer(benchmark::State& state) { RunAnalysis(state, kDataExplorer); }

BENCHMARK(BM_ErrorAnalysis)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DataBalance)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DataExplorer)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace glassbox::bench

BENCHMARK_MAIN();
