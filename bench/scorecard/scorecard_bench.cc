// Rendering time of scorecards: the full adult scorecard (every section, a
// failed analysis, a custom plugin), and a plugin's table of the first N rows
// of adult_test_scored.csv, which measures table layout and page breaking.
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "daemon/scorecard/scorecard_renderer.h"
#include "glassbox/sdk/insight_builder.h"
#include "tests/daemon/scorecard/adult_scorecard_sample.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::scorecard {
namespace {

void Render(benchmark::State& state, const ScorecardInput& input, int64_t rows) {
  size_t bytes = 0;
  int pages = 0;
  for (auto _ : state) {
    auto rendered = RenderScorecard(input);
    if (!rendered.ok()) {
      state.SkipWithError(std::string(rendered.status().message()).c_str());
      return;
    }
    bytes = rendered->pdf.size();
    pages = rendered->page_count;
    benchmark::DoNotOptimize(rendered->pdf.data());
  }
  state.counters["pages"] = pages;
  state.counters["kB"] = bytes / 1000.0;
  state.counters["pages/s"] =
      benchmark::Counter(static_cast<double>(pages), benchmark::Counter::kIsIterationInvariantRate);
  if (rows > 0) {
    state.counters["rows/s"] =
        benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate);
  }
}

void BM_AdultScorecard(benchmark::State& state) { Render(state, testing::AdultScorecardInput(), 0); }
BENCHMARK(BM_AdultScorecard)->Unit(benchmark::kMillisecond);

// A plugin that lists rows of the data: age, education, occupation, sex,
// income, probability and prediction.
void BM_RowTable(benchmark::State& state) {
  static const sdk::Table table =
      glassbox::testing::ReadCsvFile(std::string(GLASSBOX_DATASETS_DIR) + "/adult_test_scored.csv");
  const std::vector<std::string> names = {"age",    "education",   "occupation", "sex",
                                          "income", "probability", "prediction"};
  const size_t count = std::min<size_t>(state.range(0), table.num_rows());
  std::vector<std::vector<sdk::Cell>> rows(count);
  for (const auto& name : names) {
    const sdk::Column& column = *table.Find(name);
    for (size_t r = 0; r < count; ++r) {
      if (column.is_numeric()) {
        rows[r].emplace_back(column.values()[r]);
      } else {
        rows[r].emplace_back(column.ValueAsString(r));
      }
    }
  }
  sdk::InsightBuilder builder;
  builder.AddTable("Rows reviewed", names, rows);
  ScorecardInput input;
  input.run.set_id("run-rows");
  input.insights.push_back(builder.Release());
  input.insights[0].set_analyzer("row_review");
  Render(state, input, static_cast<int64_t>(count));
}
BENCHMARK(BM_RowTable)->Arg(1000)->Arg(10054)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace glassbox::scorecard

BENCHMARK_MAIN();
