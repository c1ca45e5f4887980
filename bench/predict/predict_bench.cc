// Predict and Contributions of the XGBoost backend on adult_test_scored.csv
// (10,054 rows, and the same rows ten times over), against libxgboost called
// directly on the same float matrix, prebuilt.
#include <xgboost/c_api.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "daemon/data/csv_reader.h"
#include "daemon/models/feature_encoder.h"
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

sdk::Table ReadTable(const std::string& name) {
  absl::StatusOr<sdk::Table> table = data::ParseCsv(ReadFile(name));
  if (!table.ok()) std::abort();
  return *std::move(table);
}

// The adult model, the scored test rows (`copies` times over), and the float
// matrix the backend encodes them into.
struct Fixture {
  explicit Fixture(int copies) {
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

    const sdk::Table scored = ReadTable("adult_test_scored.csv");
    std::vector<size_t> rows;
    for (int c = 0; c < copies; ++c) {
      for (size_t r = 0; r < scored.num_rows(); ++r) rows.push_back(r);
    }
    table = scored.SelectRows(rows);

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
  }

  XgboostModelOptions options;
  std::string model_bytes;
  std::unique_ptr<XgboostModel> model;
  sdk::Table table;
  size_t num_features = 0;
  std::vector<float> matrix;
  BoosterPtr booster;
};

const Fixture& Adult(int copies) {
  static const Fixture* once = new Fixture(1);
  static const Fixture* tenfold = new Fixture(10);
  return copies == 1 ? *once : *tenfold;
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

void BM_PredictLibxgboostDirect(benchmark::State& state) {
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

void BM_ContributionsBackend(benchmark::State& state) {
  const Fixture& adult = Adult(1);
  for (auto _ : state) {
    absl::StatusOr<Eigen::MatrixXd> contributions = adult.model->Contributions(adult.table);
    if (!contributions.ok()) state.SkipWithError("Contributions failed");
    benchmark::DoNotOptimize(contributions);
  }
  SetRows(state, adult.table.num_rows());
}

void BM_ContributionsLibxgboostDirect(benchmark::State& state) {
  const Fixture& adult = Adult(1);
  const char* config =
      R"({"type": 2, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": true})";
  for (auto _ : state) {
    absl::StatusOr<DMatrixPtr> dmatrix =
        CreateDenseDMatrix(adult.matrix.data(), adult.table.num_rows(), adult.num_features);
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

// Load: libxgboost's parse, the model's JSON re-read for its trees, TreeSHAP tables, warm-up prediction.
void BM_LoadModel(benchmark::State& state) {
  const Fixture& adult = Adult(1);
  for (auto _ : state) {
    absl::StatusOr<std::unique_ptr<XgboostModel>> model = XgboostModel::Load(adult.model_bytes, adult.options);
    if (!model.ok()) state.SkipWithError("Load failed");
    benchmark::DoNotOptimize(model);
  }
}

BENCHMARK(BM_LoadModel)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PredictBackend)->Arg(1)->Arg(10)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PredictLibxgboostDirect)->Arg(1)->Arg(10)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ContributionsBackend)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3);
BENCHMARK(BM_ContributionsLibxgboostDirect)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3);

}  // namespace
}  // namespace glassbox::daemon

BENCHMARK_MAIN();
