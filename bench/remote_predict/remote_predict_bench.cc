// RemoteModel::Predict over loopback gRPC on adult_test_scored.csv ten times
// over (100,540 rows) in batches of 4096 rows, against
//  - the Python test server tests/support/oip_server.py (scikit-learn's
//    LogisticRegression behind grpcio), and
//  - LinearInferenceServer, a C++ server of a fixed linear model, which shows
//    what the client itself sustains;
// with 1 or 4 calls in flight, raw or typed tensor contents.
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "bench/remote_predict/linear_inference_server.h"
#include "benchmark/benchmark.h"
#include "daemon/models/remote/remote_model.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/oip_server_process.h"

namespace glassbox::bench {
namespace {

constexpr int kCopies = 10;

const sdk::Table& Rows() {
  static const sdk::Table* rows = [] {
    const sdk::Table scored = testing::ReadCsvFile(testing::DatasetPath("adult_test_scored.csv"));
    std::vector<size_t> indices;
    for (int c = 0; c < kCopies; ++c) {
      for (size_t r = 0; r < scored.num_rows(); ++r) indices.push_back(r);
    }
    return new sdk::Table(scored.SelectRows(indices));
  }();
  return *rows;
}

// Stopped when the benchmark exits.
testing::OipServerProcess& PythonServer() {
  static const std::unique_ptr<testing::OipServerProcess> server = [] {
    absl::StatusOr<std::unique_ptr<testing::OipServerProcess>> started = testing::OipServerProcess::Start();
    if (!started.ok()) {
      std::cerr << started.status() << "\n";
      std::abort();
    }
    return *std::move(started);
  }();
  return *server;
}

// The Python server's features and categories, served by the C++ server with fixed weights.
LinearInferenceServer& CppServer() {
  static LinearInferenceServer* server = [] {
    const size_t features = PythonServer().card().features.size();
    std::vector<float> weights(features);
    for (size_t j = 0; j < features; ++j) weights[j] = 0.01f * static_cast<float>(j + 1);
    return new LinearInferenceServer("adult", weights, -1.0f);
  }();
  return *server;
}

daemon::RemoteModelOptions Options(const std::string& endpoint, const benchmark::State& state) {
  const testing::OipModelCard& card = PythonServer().card();
  daemon::RemoteModelOptions options;
  options.endpoint = endpoint;
  options.model_name = card.model_name;
  options.task = card.task;
  options.feature_names = card.features;
  options.categories = card.categories;
  options.classes = card.classes;
  options.batch_size = 4096;
  options.max_in_flight = static_cast<size_t>(state.range(0));
  options.raw_contents = state.range(1) != 0;
  return options;
}

void RunPredict(benchmark::State& state, const std::string& endpoint) {
  absl::StatusOr<std::unique_ptr<daemon::RemoteModel>> model = daemon::RemoteModel::Connect(Options(endpoint, state));
  if (!model.ok()) {
    state.SkipWithError(std::string(model.status().message()).c_str());
    return;
  }
  const sdk::Table& rows = Rows();
  for (auto _ : state) {
    absl::StatusOr<Eigen::MatrixXd> predicted = (*model)->Predict(rows);
    if (!predicted.ok()) {
      state.SkipWithError(std::string(predicted.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(predicted->data());
  }
  state.counters["rows/s"] =
      benchmark::Counter(static_cast<double>(rows.num_rows()), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_PredictPythonServer(benchmark::State& state) { RunPredict(state, PythonServer().endpoint()); }
void BM_PredictCppServer(benchmark::State& state) { RunPredict(state, CppServer().endpoint()); }

// Args: calls in flight, raw contents (1) or typed (0).
BENCHMARK(BM_PredictPythonServer)
    ->ArgNames({"in_flight", "raw"})
    ->Args({1, 1})
    ->Args({4, 1})
    ->Args({4, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_PredictCppServer)
    ->ArgNames({"in_flight", "raw"})
    ->Args({1, 1})
    ->Args({4, 1})
    ->Args({4, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace glassbox::bench

BENCHMARK_MAIN();
