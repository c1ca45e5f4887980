// The XGBoost backend's Predict on Adult (30,162 rows) and its 10× and 100×
// replicas, and on the same prebuilt float matrix: glassbox's TreePredictor
// against libxgboost's in-place and DMatrix predictions, each on every core.
// Contributions on adult_test_scored.csv (10,054 rows) against libxgboost's.
#include <xgboost/c_api.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/support/adult_replica.h"
#include "benchmark/benchmark.h"
#include "daemon/data/csv_reader.h"
#include "daemon/models/feature_encoder.h"
#include "daemon/models/tree_ensemble.h"
#include "daemon/models/tree_predictor.h"
#include "daemon/models/xgboost_c_api.h"
#include "daemon/models/xgboost_model.h"

namespace glassbox::daemon {
namespace {

std::string ReadFile(const std::string& name) {
  std::ifstream file(std::string(GLASSBOX_DATASETS_DIR) + "/" + name, std::ios::binary);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

sdk::Table ParseTable(const std::string& csv) {
  absl::StatusOr<sdk::Table> table = data::ParseCsv(csv);
  if (!table.ok()) std::abort();
  return *std::move(table);
}

sdk::Table ReadTable(const std::string& name) { return ParseTable(ReadFile(name)); }

sdk::Table AdultReplica(int copies) {
  std::ostringstream csv;
  bench::WriteAdultReplica(copies, csv);
  return ParseTable(csv.str());
}

// The adult model, rows to score, and the float matrix the backend encodes them into.
struct Fixture {
  explicit Fixture(sdk::Table rows) : table(std::move(rows)) {
    const sdk::Table adult = ReadTable("adult.csv");
    options.class_labels = {"<=50K", ">50K"};
    for (size_t j = 0; j < adult.num_columns(); ++j) {
      const sdk::Column& column = adult.column(j);
      if (column.is_categorical() && column.name() != "income") options.categories[column.name()] = column.categories();
    }
    model_bytes = ReadFile("adult_xgb.json");
    absl::StatusOr<std::unique_ptr<XgboostModel>> loaded = XgboostModel::Load(model_bytes, options);
    if (!loaded.ok()) std::abort();
    model = *std::move(loaded);

    std::vector<FeatureSpec> features;
    for (const std::string& name : model->info().feature_names) {
      const auto categories = options.categories.find(name);
      features.push_back(categories == options.categories.end() ? FeatureSpec{name, false, {}}
                                                                : FeatureSpec{name, true, categories->second});
    }
    absl::StatusOr<FeatureEncoder> encoder = FeatureEncoder::Create(features);
    absl::StatusOr<EncodedColumns> columns = encoder->Bind(table);
    if (!columns.ok()) std::abort();
    num_features = features.size();
    matrix.resize(table.num_rows() * num_features);
    columns->Encode(0, table.num_rows(), matrix.data());

    BoosterHandle handle = nullptr;
    XGBoosterCreate(nullptr, 0, &handle);
    booster.reset(handle);
    if (XGBoosterLoadModelFromBuffer(handle, model_bytes.data(), model_bytes.size()) != 0) std::abort();
    absl::StatusOr<TreeEnsemble> ensemble = ParseXgboostJson(model_bytes);
    if (!ensemble.ok()) std::abort();
    absl::StatusOr<TreePredictor> predictor = TreePredictor::Create(*ensemble, TreePredictor::Output::kPrediction);
    if (!predictor.ok()) std::abort();
    native = std::make_unique<TreePredictor>(*std::move(predictor));
  }

  XgboostModelOptions options;
  std::string model_bytes;
  std::unique_ptr<XgboostModel> model;
  sdk::Table table;
  size_t num_features = 0;
  std::vector<float> matrix;
  BoosterPtr booster;
  std::unique_ptr<TreePredictor> native;
};

// adult.csv `copies` times over (bench/support/adult_replica.h), built on first use.
const Fixture& Adult(int copies) {
  static const Fixture* once = new Fixture(AdultReplica(1));
  if (copies == 1) return *once;
  static const Fixture* tenfold = new Fixture(AdultReplica(10));
  if (copies == 10) return *tenfold;
  static const Fixture* hundredfold = new Fixture(AdultReplica(100));
  return *hundredfold;
}

const Fixture& AdultScored() {
  static const Fixture* scored = new Fixture(ReadTable("adult_test_scored.csv"));
  return *scored;
}

void SetRows(benchmark::State& state, size_t rows) {
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["rows/s"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_PredictBackend(benchmark::State& state) {
  const Fixture& adult = Adult(state.range(0));
  for (auto _ : state) {
    absl::StatusOr<Eigen::MatrixXd> probabilities = adult.model->Predict(adult.table);
    if (!probabilities.ok()) state.SkipWithError("Predict failed");
    benchmark::DoNotOptimize(probabilities);
  }
  SetRows(state, adult.table.num_rows());
}

// TreePredictor on the prebuilt matrix, its rows split evenly over `threads` threads (the backend's split).
void BM_PredictNative(benchmark::State& state) {
  const Fixture& adult = Adult(state.range(0));
  const size_t threads = state.range(1);
  const size_t rows = adult.table.num_rows();
  std::vector<float> out(rows);
  for (auto _ : state) {
    auto score = [&](size_t t) {
      const size_t begin = rows * t / threads, end = rows * (t + 1) / threads;
      adult.native->Predict(adult.matrix.data() + begin * adult.num_features, end - begin, out.data() + begin);
    };
    std::vector<std::thread> workers;
    for (size_t t = 1; t < threads; ++t) workers.emplace_back(score, t);
    score(0);
    for (std::thread& worker : workers) worker.join();
    benchmark::DoNotOptimize(out.data());
  }
  SetRows(state, rows);
}

// libxgboost's in-place prediction of the prebuilt matrix, on its OpenMP threads (one per core).
void BM_PredictLibxgboostInplace(benchmark::State& state) {
  const Fixture& adult = Adult(state.range(0));
  const std::string data = DenseArrayInterface(adult.matrix.data(), adult.table.num_rows(), adult.num_features);
  const char* config =
      R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": true,)"
      R"( "missing": NaN, "cache_id": 0})";
  for (auto _ : state) {
    const bst_ulong* shape = nullptr;
    bst_ulong dims = 0;
    const float* result = nullptr;
    if (XGBoosterPredictFromDense(adult.booster.get(), data.c_str(), config, nullptr, &shape, &dims, &result) != 0) {
      state.SkipWithError(XGBGetLastError());
    }
    benchmark::DoNotOptimize(result);
  }
  SetRows(state, adult.table.num_rows());
}

// libxgboost's XGBoosterPredictFromDMatrix with `config`, of a DMatrix of the matrix built each time (libxgboost
// caches the predictions of a DMatrix it has seen); the building is timed when `time_building`.
void TimePredictFromDMatrix(benchmark::State& state, const Fixture& adult, const char* config, bool time_building) {
  for (auto _ : state) {
    if (!time_building) state.PauseTiming();
    absl::StatusOr<DMatrixPtr> dmatrix =
        CreateDenseDMatrix(adult.matrix.data(), adult.table.num_rows(), adult.num_features);
    if (!time_building) state.ResumeTiming();
    const bst_ulong* shape = nullptr;
    bst_ulong dims = 0;
    const float* result = nullptr;
    if (!dmatrix.ok() ||
        XGBoosterPredictFromDMatrix(adult.booster.get(), dmatrix->get(), config, &shape, &dims, &result) != 0) {
      state.SkipWithError(XGBGetLastError());
    }
    benchmark::DoNotOptimize(result);
  }
  SetRows(state, adult.table.num_rows());
}

void BM_PredictLibxgboostDMatrix(benchmark::State& state) {
  TimePredictFromDMatrix(
      state, Adult(state.range(0)),
      R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": true})", false);
}

void BM_ContributionsBackend(benchmark::State& state) {
  const Fixture& adult = AdultScored();
  for (auto _ : state) {
    absl::StatusOr<Eigen::MatrixXd> contributions = adult.model->Contributions(adult.table);
    if (!contributions.ok()) state.SkipWithError("Contributions failed");
    benchmark::DoNotOptimize(contributions);
  }
  SetRows(state, adult.table.num_rows());
}

void BM_ContributionsLibxgboostDirect(benchmark::State& state) {
  TimePredictFromDMatrix(
      state, AdultScored(),
      R"({"type": 2, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": true})", true);
}

// Load: libxgboost's parse, the model's JSON re-read for its trees, TreeSHAP tables, the native evaluator and its
// check against libxgboost.
void BM_LoadModel(benchmark::State& state) {
  const Fixture& adult = AdultScored();
  for (auto _ : state) {
    absl::StatusOr<std::unique_ptr<XgboostModel>> model = XgboostModel::Load(adult.model_bytes, adult.options);
    if (!model.ok()) state.SkipWithError("Load failed");
    benchmark::DoNotOptimize(model);
  }
}

BENCHMARK(BM_LoadModel)->Unit(benchmark::kMillisecond)->UseRealTime();
// CPU time counts every thread of the process (libxgboost's OpenMP team, the native evaluator's threads).
BENCHMARK(BM_PredictBackend)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime()
    ->MeasureProcessCPUTime();
BENCHMARK(BM_PredictNative)
    ->ArgsProduct({{1, 10, 100}, {1, 2}})
    ->ArgNames({"copies", "threads"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();
BENCHMARK(BM_PredictLibxgboostInplace)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime()
    ->MeasureProcessCPUTime();
BENCHMARK(BM_PredictLibxgboostDMatrix)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime()
    ->MeasureProcessCPUTime();
BENCHMARK(BM_ContributionsBackend)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3);
BENCHMARK(BM_ContributionsLibxgboostDirect)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3);

}  // namespace
}  // namespace glassbox::daemon

BENCHMARK_MAIN();
