// The fairness analyzer (sensitive features sex and race, hence three
// MetricFrames, with eight metrics) and model_overview (two cohorts) on
// adult_test_scored.csv: its 10,054 rows, and the same rows 10 and 100 times
// over. Each iteration is one analysis as the scheduler executes it, through
// the plugin host, from prepared run inputs to the finished insight.
#include <map>

#include "bench/support/analysis_bench.h"
#include "bench/support/bench_analyses.h"

namespace glassbox::bench {
namespace {

// The run on `copies` times the rows; analysis 0 is fairness, 1 model_overview.
const run::PreparedRun& Run(int copies) {
  static auto* runs = new std::map<int, run::PreparedRun>();
  if (auto found = runs->find(copies); found != runs->end()) return found->second;
  glassbox::v1::RunSpec spec = AdultScoredSpec();
  AddAnalysis(spec, "fairness", kFairnessParams);
  AddAnalysis(spec, "model_overview", "{}");
  return runs->emplace(copies, PrepareAdultRun(spec, copies)).first->second;
}

void RunAnalysis(benchmark::State& state, size_t analysis) {
  TimeAnalysis(state, Run(static_cast<int>(state.range(0))), analysis);
}

void BM_Fairness(benchmark::State& state) { RunAnalysis(state, 0); }
void BM_ModelOverview(benchmark::State& state) { RunAnalysis(state, 1); }

BENCHMARK(BM_Fairness)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ModelOverview)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace glassbox::bench

BENCHMARK_MAIN();
