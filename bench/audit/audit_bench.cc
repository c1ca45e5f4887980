// What auditing reads costs, on loopback against a real glassboxd whose
// SQLite database is in a temporary folder on this machine's disk. glassboxd
// has no switch that turns auditing off (the audit log is a requirement, not
// an option), so the comparison is between two reads of responses of similar
// size: GetRun, which is not audited, and GetInsight, which appends a
// hash-chained audit event in a SQLite transaction of its own (synchronous=FULL:
// an fsync of the WAL per event). Each of 1 or 8 client threads has its own
// connection; the counters are RPCs per second and the p50 / p99 latency over
// all calls, and the size of the response. Concurrent audited reads share
// their transaction's fsync (AuditLog::Append groups them), so the cost per
// read falls as readers are added; at load ~6: GetRun 5,000 / 16,200 RPC/s
// (1 / 8 threads), GetInsight 244 / 1,738 (1,000-1,270 at 8 threads before
// grouping).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "benchmark/benchmark.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"
#include "tests/support/percentile.h"

namespace glassbox::bench {
namespace {

using Stub = glassbox::v1::Glassbox::Stub;
using Call = std::function<grpc::Status(Stub&, grpc::ClientContext&, size_t& response_bytes)>;

constexpr int kCallsPerThread = 200;

struct Archive {
  testing::DaemonProcess daemon;
  std::string run_id;
  std::string insight_id;
};

// A daemon holding one finished run of model_overview on adult_test_scored.csv;
// stopped, and its folder removed, when the benchmark exits.
Archive& TheArchive() {
  static const std::unique_ptr<Archive> archive = [] {
    auto archive = std::make_unique<Archive>();
    glassbox::v1::Dataset dataset;
    grpc::Status uploaded =
        testing::UploadFile(archive->daemon.stub(), testing::DatasetPath("adult_test_scored.csv"), &dataset);
    if (!archive->daemon.running() || !uploaded.ok()) {
      std::cerr << "cannot start glassboxd and upload adult_test_scored.csv: " << uploaded.error_message() << "\n";
      std::abort();
    }
    glassbox::v1::Run run =
        testing::CreateRunAndWait(archive->daemon.stub(), testing::AdultRunSpec(dataset.id(), {"model_overview"}));
    if (run.state() != glassbox::v1::SUCCEEDED) {
      std::cerr << "the run did not succeed: " << run.error() << "\n";
      std::abort();
    }
    archive->run_id = run.id();
    archive->insight_id = run.analyses(0).insight_id();
    return archive;
  }();
  return *archive;
}

grpc::Status GetRun(Stub& stub, grpc::ClientContext& context, size_t& response_bytes) {
  glassbox::v1::GetRunRequest request;
  request.set_id(TheArchive().run_id);
  glassbox::v1::Run run;
  grpc::Status status = stub.GetRun(&context, request, &run);
  response_bytes = run.ByteSizeLong();
  return status;
}

grpc::Status GetInsight(Stub& stub, grpc::ClientContext& context, size_t& response_bytes) {
  glassbox::v1::GetInsightRequest request;
  request.set_id(TheArchive().insight_id);
  glassbox::v1::Insight insight;
  grpc::Status status = stub.GetInsight(&context, request, &insight);
  response_bytes = insight.ByteSizeLong();
  return status;
}

// Each iteration: state.range(0) threads make kCallsPerThread calls each.
void Measure(benchmark::State& state, const Call& call) {
  const int threads = static_cast<int>(state.range(0));
  std::vector<std::unique_ptr<Stub>> stubs;
  for (int t = 0; t < threads; ++t) {
    grpc::ChannelArguments args;
    args.SetInt("glassbox.bench.connection", t);  // distinct arguments: a connection per thread
    stubs.push_back(glassbox::v1::Glassbox::NewStub(
        grpc::CreateCustomChannel(TheArchive().daemon.address(), grpc::InsecureChannelCredentials(), args)));
  }
  size_t response_bytes = 0;
  for (auto& stub : stubs) {
    grpc::ClientContext context;
    if (grpc::Status status = call(*stub, context, response_bytes); !status.ok()) {
      state.SkipWithError(status.error_message().c_str());
      return;
    }
  }
  std::vector<std::vector<double>> latencies(threads);
  std::atomic<bool> failed{false};
  double seconds = 0;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        size_t bytes = 0;
        for (int i = 0; i < kCallsPerThread; ++i) {
          auto sent = std::chrono::steady_clock::now();
          grpc::ClientContext context;
          if (!call(*stubs[t], context, bytes).ok()) failed = true;
          auto latency = std::chrono::steady_clock::now() - sent;
          latencies[t].push_back(std::chrono::duration<double, std::micro>(latency).count());
        }
      });
    }
    for (auto& worker : workers) worker.join();
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  if (failed) {
    state.SkipWithError("a call failed");
    return;
  }
  std::vector<double> all;
  for (const auto& calls : latencies) all.insert(all.end(), calls.begin(), calls.end());
  std::sort(all.begin(), all.end());
  state.counters["rpc_per_s"] = static_cast<double>(all.size()) / seconds;
  state.counters["p50_us"] = testing::NearestRankPercentile(all, 0.50);
  state.counters["p99_us"] = testing::NearestRankPercentile(all, 0.99);
  state.counters["response_bytes"] = static_cast<double>(response_bytes);
}

BENCHMARK_CAPTURE(Measure, GetRun_not_audited, GetRun)->Arg(1)->Arg(8)->ArgName("threads")->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(Measure, GetInsight_audited, GetInsight)->Arg(1)->Arg(8)->ArgName("threads")->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace glassbox::bench

BENCHMARK_MAIN();
