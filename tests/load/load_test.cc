// Load: many clients against one real glassboxd on loopback for a bounded
// time, each on its own connection, mixing uploads of small CSVs (slices of
// adult_test_scored.csv, the same slice uploaded again and again, so content
// addressing dedups), runs on prediction columns and on the registered
// XGBoost model (the run queue kept short, so some are refused with
// RESOURCE_EXHAUSTED, the one failure expected), reads, watches and
// scorecards, and at a low rate every abuse of issue #14 (abuse_mix.h), each
// expecting its documented status. Checks: no other failed call, every abuse
// made and answered as documented, every run ends with every analysis
// succeeded (no abuse cancelled or broke one), the daemon stays up, its audit
// chain verifies, its memory does not keep growing and its peak stays under a
// bound. Prints throughput and latencies per kind of call and the daemon's
// resident memory over time.
//
// CI runs 50 clients for 20 s. By hand, longer or wider:
//   GLASSBOX_LOAD_SECONDS=300 GLASSBOX_LOAD_CLIENTS=100 build/tests/load/load_test
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "tests/load/load_catalog.h"
#include "tests/load/load_client.h"
#include "tests/load/rpc_tally.h"
#include "tests/load/rss_sampler.h"
#include "tests/support/adult_model.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/bearer_tokens.h"
#include "tests/support/daemon_process.h"
#include "tests/support/process_stats.h"

namespace glassbox::testing {
namespace {

constexpr int kSlices = 8;
constexpr int kSliceRows = 1000;

int EnvInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value == nullptr ? fallback : std::atoi(value);
}

// Rows [k * 1000, (k + 1) * 1000) of adult_test_scored.csv under its header, for k < 8.
std::vector<std::string> AdultSlices() {
  std::istringstream file(ReadFileBytes(DatasetPath("adult_test_scored.csv")));
  std::string header;
  std::getline(file, header);
  std::vector<std::string> slices(kSlices, header + "\n");
  std::string line;
  for (int row = 0; row < kSlices * kSliceRows && std::getline(file, line); ++row) {
    slices[row / kSliceRows] += line + "\n";
  }
  return slices;
}

// The tokens file of the load (abuse_mix.h's tokens), as a glassboxd flag.
std::string TokensFlag(const TemporaryFolder& folder) {
  const std::string path = folder.path() + "/tokens";
  WriteTokensFile(path, {{kLoadAdminToken, "loader", "admin:*"}, {kStrangerToken, "stranger", "analyst:elsewhere"}});
  return "--tokens_file=" + path;
}

class LoadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(daemon_.running());
    glassbox::v1::Dataset adult;
    ASSERT_TRUE(UploadFile(admin(), DatasetPath("adult.csv"), &adult).ok());
    glassbox::v1::RegisterModelRequest model;
    model.set_name(kLoadModelName);
    model.set_format(glassbox::v1::XGBOOST);
    model.set_model_bytes(ReadFileBytes(DatasetPath("adult_xgb.json")));
    model.add_class_labels("<=50K");
    model.add_class_labels(">50K");
    model.set_categories_from_dataset_id(adult.id());
    grpc::ClientContext context;
    glassbox::v1::ModelVersion version;
    ASSERT_TRUE(admin().RegisterModel(&context, model, &version).ok());

    // One ended run with a scorecard, so that reads have something to read from the start.
    glassbox::v1::Dataset first;
    ASSERT_TRUE(UploadBytes(admin(), catalog_.slice(0), &first).ok());
    catalog_.RecordUpload(0, first.id());
    glassbox::v1::Run run = CreateRunAndWait(admin(), PredictionRunSpec(first.id(), true));
    ASSERT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();
    catalog_.AddRun(run.id());
    catalog_.RecordEnded(run);
  }

  glassbox::v1::Glassbox::Stub& admin() { return *admin_; }

  TemporaryFolder folder_;
  // A short queue: beyond 2 running and 8 waiting runs, CreateRun is refused.
  DaemonProcess daemon_{{"--workers=2", "--max_queued_runs=8", TokensFlag(folder_)}};
  std::unique_ptr<glassbox::v1::Glassbox::Stub> admin_ = BearerTokenStub(daemon_.address(), kLoadAdminToken);
  LoadCatalog catalog_{AdultSlices()};
};

TEST_F(LoadTest, ManyClientsMixingEveryCallHoldUp) {
  const int clients = EnvInt("GLASSBOX_LOAD_CLIENTS", 50);
  const absl::Duration duration = absl::Seconds(EnvInt("GLASSBOX_LOAD_SECONDS", 20));
  std::vector<std::unique_ptr<LoadClient>> load_clients;
  for (int i = 0; i < clients; ++i) {
    load_clients.push_back(std::make_unique<LoadClient>(daemon_.address(), catalog_, i));
    // Connected before the clock starts. In this sandbox a loopback connect()
    // now and then fails at once with ENOENT, which connect() on a TCP socket
    // does not return on standard Linux (gRPC reports UNKNOWN "No such file or
    // directory", syscall "connect"); gRPC retries after a second and gets through.
    ASSERT_TRUE(load_clients.back()->Connect(absl::Seconds(30))) << "client " << i << " cannot connect";
  }
  RssSampler rss(daemon_.pid(), absl::Milliseconds(200));
  const absl::Time start = absl::Now();
  const absl::Time end = start + duration;
  std::vector<std::thread> threads;
  for (auto& client : load_clients) threads.emplace_back([&client, start, end] { client->Run(start, end); });
  for (auto& thread : threads) thread.join();
  const absl::Duration elapsed = duration + (absl::Now() - end);
  rss.Stop();

  RpcTally tally;
  for (const auto& client : load_clients) tally.Merge(client->tally());
  std::cout << clients << " clients for " << absl::FormatDuration(elapsed) << ":\n" << tally.Report(elapsed);
  EXPECT_EQ(tally.failure_count(), 0u) << tally.FailureSummary(20);
  for (const char* kind : {"UploadDataset", "CreateRun", "CreateRun/model", "GetRun", "ListRuns", "GetInsight",
                           "ListAuditEvents", "WatchRun", "GetScorecard", "CreateScorecard"}) {
    EXPECT_GT(tally.succeeded(kind), 0) << kind << " never succeeded: the load did not exercise it";
  }
  for (const std::string& abuse : AbuseMix::Kinds()) {
    EXPECT_GT(tally.succeeded(abuse), 0) << abuse << " was never answered as documented";
  }
  EXPECT_GT(catalog_.uploads(), static_cast<int>(catalog_.datasets())) << "no slice was uploaded twice";
  EXPECT_LE(catalog_.datasets(), static_cast<size_t>(kSlices));

  const std::vector<std::string> runs = catalog_.runs();
  int succeeded = 0;
  for (const auto& id : runs) {
    glassbox::v1::Run run = WaitForRun(admin(), id);
    EXPECT_EQ(run.state(), glassbox::v1::SUCCEEDED) << "run " << id << ": " << run.error();
    for (const auto& analysis : run.analyses()) {
      EXPECT_EQ(analysis.state(), glassbox::v1::ANALYSIS_SUCCEEDED)
          << "run " << id << " analysis " << analysis.analyzer() << ": " << analysis.error();
    }
    if (!run.spec().scorecard_config().empty()) {
      EXPECT_FALSE(run.scorecard_id().empty()) << "run " << id << " issued no scorecard";
    }
    succeeded += run.state() == glassbox::v1::SUCCEEDED;
  }
  std::cout << runs.size() << " runs created, " << succeeded << " succeeded; " << catalog_.uploads()
            << " uploads made " << catalog_.datasets() << " datasets\n";

  EXPECT_FALSE(rss.lost_process()) << "glassboxd exited under load";
  grpc::ClientContext verify_context;
  glassbox::v1::VerifyAuditLogResponse verified;
  ASSERT_TRUE(admin().VerifyAuditLog(&verify_context, {}, &verified).ok());
  EXPECT_TRUE(verified.intact()) << "entry " << verified.first_broken_sequence() << ": " << verified.reason();
  EXPECT_GT(verified.entries_checked(), tally.succeeded("UploadDataset"));

  std::cout << "glassboxd resident memory (MiB) every second:";
  absl::Duration next_print;
  for (const auto& sample : rss.samples()) {
    if (sample.since_start < next_print) continue;
    std::cout << absl::StrFormat(" %.0f", sample.rss_kib / 1024.0);
    next_print += absl::Seconds(1);
  }
  // The first half warms up, the second must not grow. Under this mix
  // glassboxd's memory jumps as the load starts, then creeps up by about 30
  // MiB while the allocator's per-thread arenas and SQLite's page caches reach
  // their high-water marks, and then holds: measured on two cores, +6 to +10 MiB
  // from the first 10 s to the second, +3 to +5 MiB from the first minute to the
  // second. The bound is that whole creep, so the warm-up cannot fail the test
  // however slow the machine (a slower machine creeps as much, over more time);
  // a leak of 3 MiB/s (e.g. every upload's bytes kept) fails it in the default
  // 20 s, and a longer run by hand catches proportionally slower ones.
  constexpr int64_t kAllowedGrowthKib = 32 * 1024;
  const int64_t warm_peak = rss.PeakKib(absl::ZeroDuration(), duration / 2);
  const int64_t end_peak = rss.PeakKib(duration / 2, absl::InfiniteDuration());
  std::cout << absl::StrFormat("\npeak in the first half %.1f MiB, in the second %.1f MiB\n", warm_peak / 1024.0,
                               end_peak / 1024.0);
  EXPECT_LE(end_peak - warm_peak, kAllowedGrowthKib) << "glassboxd's memory grew from the first half to the second";

  // The peak over the whole test, abuses included (1 MiB ids, 1.1 MB specs,
  // 128 KiB cells, uploads declared at 1 TiB): measured 98 MiB with 50
  // clients on two cores at a load average of about 20 (the tables of
  // adult.csv and eight slices, 50 connections, two runs' analyses being
  // sent to workers). The bound is 256 MiB, about 2.5 times that, so a
  // slower machine's longer queues cannot fail it, while a daemon that held
  // what abusive calls send (or reserved what an upload declares) would.
  // Under AddressSanitizer (.ci/sanitize) resident memory is ASan's: freed
  // blocks wait in its quarantine (256 MiB by default) and every block has
  // redzones and shadow, so there only the growth bound above applies
  // (measured 1,078 MiB at the peak, 1,065 then 903 MiB by half).
  constexpr int64_t kPeakBoundKib = 256 * 1024;
  const absl::StatusOr<int64_t> peak = ReadProcessStatusKib(daemon_.pid(), "VmHWM");
  ASSERT_TRUE(peak.ok()) << peak.status();
  std::cout << absl::StrFormat("glassboxd's peak resident memory (VmHWM): %.1f MiB\n", *peak / 1024.0);
#ifndef __SANITIZE_ADDRESS__
  EXPECT_LT(*peak, kPeakBoundKib) << "KiB at glassboxd's peak";
#endif
}

}  // namespace
}  // namespace glassbox::testing
