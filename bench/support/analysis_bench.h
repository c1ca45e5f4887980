// Scaffolding shared by the analysis benchmarks: adult_test_scored.csv
// repeated `copies` times, a run spec over it, and one analysis timed as the
// scheduler executes it (through the plugin host, from the prepared run to
// the finished insight), reporting rows per second.
#ifndef GLASSBOX_BENCH_SUPPORT_ANALYSIS_BENCH_H_
#define GLASSBOX_BENCH_SUPPORT_ANALYSIS_BENCH_H_

#include <string>

#include "benchmark/benchmark.h"
#include "daemon/run/prepared_run.h"
#include "glassbox/sdk/table.h"

namespace glassbox::bench {

sdk::Table ReadAdultScored(int copies);

// Target income, positive ">50K", cohorts "Female" (sex == Female) and
// "over 40" (age > 40); the predictions left to a model given to PrepareRun.
glassbox::v1::RunSpec AdultModelSpec();
// The same with predictions and probabilities from adult_test_scored.csv's columns.
glassbox::v1::RunSpec AdultScoredSpec();

void AddAnalysis(glassbox::v1::RunSpec& spec, const std::string& analyzer, const std::string& params_json);

// The spec prepared over `copies` times the rows with the built-in plugins;
// aborts the benchmark on error.
run::PreparedRun PrepareAdultRun(const glassbox::v1::RunSpec& spec, int copies);

void TimeAnalysis(benchmark::State& state, const run::PreparedRun& run, size_t analysis);

}  // namespace glassbox::bench

#endif  // GLASSBOX_BENCH_SUPPORT_ANALYSIS_BENCH_H_
