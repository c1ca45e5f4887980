#include "daemon/server/daemon_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace glassbox::server {
namespace {

using ::testing::HasSubstr;

std::string Refusal(const DaemonConfig& config) { return std::string(CheckConfig(config).message()); }

TEST(DaemonConfigTest, TheEmbeddedDefaultsServeLoopback) { EXPECT_TRUE(CheckConfig(DaemonConfig{}).ok()); }

TEST(DaemonConfigTest, BeyondLoopbackTlsAndTokensAreRequired) {
  DaemonConfig config;
  config.listen_address = "0.0.0.0:50051";
  EXPECT_EQ(CheckConfig(config).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Refusal(config), HasSubstr("requires TLS (--tls_cert, --tls_key) and bearer tokens (--tokens_file)"));
  config.tls_cert = "cert.pem";
  config.tls_key = "key.pem";
  config.tokens_file = "tokens";
  EXPECT_TRUE(CheckConfig(config).ok());
  config.tls_key.clear();
  EXPECT_THAT(Refusal(config), HasSubstr("--tls_cert and --tls_key go together"));
}

TEST(DaemonConfigTest, TheHttpPortFollowsTheGrpcPortsRules) {
  DaemonConfig config;
  config.http_listen = "0.0.0.0:8080";
  EXPECT_EQ(CheckConfig(config).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Refusal(config), HasSubstr("--http_listen 0.0.0.0:8080 is not a loopback address"));
  config.tls_cert = "cert.pem";
  config.tls_key = "key.pem";
  config.tokens_file = "tokens";
  EXPECT_TRUE(CheckConfig(config).ok());
  config.http_listen = "[::1]";
  EXPECT_THAT(Refusal(config), HasSubstr("--http_listen '[::1]' has no port"));
  config.http_listen.clear();
  EXPECT_TRUE(CheckConfig(config).ok()) << "empty: no HTTP port";
}

TEST(DaemonConfigTest, LimitsOutOfRangeNameTheirFlag) {
  auto refusal = [](void (*change)(DaemonConfig&)) {
    DaemonConfig config;
    change(config);
    EXPECT_EQ(CheckConfig(config).code(), absl::StatusCode::kInvalidArgument);
    return Refusal(config);
  };
  EXPECT_THAT(refusal([](DaemonConfig& c) { c.listen_address = "localhost"; }), HasSubstr("--listen 'localhost' has no port"));
  EXPECT_THAT(refusal([](DaemonConfig& c) { c.scheduler.workers = 0; }), HasSubstr("--workers must be >= 1"));
  EXPECT_THAT(refusal([](DaemonConfig& c) { c.scheduler.max_queued = -1; }), HasSubstr("--max_queued_runs"));
  EXPECT_THAT(refusal([](DaemonConfig& c) { c.scheduler.analysis_worker.deadline = absl::ZeroDuration(); }),
              HasSubstr("--analysis_deadline_s must be >= 1"));
  EXPECT_THAT(refusal([](DaemonConfig& c) { c.scheduler.reaper_interval = absl::ZeroDuration(); }),
              HasSubstr("--run_reaper_interval_s must be >= 1"));
  EXPECT_THAT(refusal([](DaemonConfig& c) { c.scheduler.lease = absl::ZeroDuration(); }),
              HasSubstr("--run_lease_s must be >= 1"));
  EXPECT_THAT(refusal([](DaemonConfig& c) { c.keepalive = absl::Milliseconds(10); }), HasSubstr("--keepalive_s"));
  EXPECT_THAT(refusal([](DaemonConfig& c) { c.limits.request.max_analyses_per_run = 0; }),
              HasSubstr("--max_analyses_per_run must be >= 1"));
  EXPECT_THAT(refusal([](DaemonConfig& c) { c.limits.request.max_cohorts_per_run = -1; }),
              HasSubstr("--max_cohorts_per_run must be >= 0"));
  EXPECT_THAT(refusal([](DaemonConfig& c) { c.max_message_bytes = 0; }), HasSubstr("--max_message_mb"));
  EXPECT_THAT(refusal([](DaemonConfig& c) { c.limits.max_upload_bytes = 0; }), HasSubstr("--max_upload_mb"));
  EXPECT_THAT(refusal([](DaemonConfig& c) { c.limits.max_rows = 0; }), HasSubstr("--max_rows"));
  EXPECT_THAT(refusal([](DaemonConfig& c) { c.limits.max_columns = 0; }), HasSubstr("--max_columns"));
  EXPECT_THAT(refusal([](DaemonConfig& c) { c.limits.max_cell_bytes = 0; }), HasSubstr("--max_cell_kb must be >= 1"));
  EXPECT_THAT(refusal([](DaemonConfig& c) { c.limits.max_concurrent_uploads = 0; }),
              HasSubstr("--max_concurrent_uploads must be >= 1"));
  EXPECT_THAT(refusal([](DaemonConfig& c) { c.dataset_cache_bytes = 0; }),
              HasSubstr("--dataset_cache_mb must be >= 1"));
  EXPECT_THAT(refusal([](DaemonConfig& c) { c.min_cohort_rows = -1; }), HasSubstr("--min_cohort_rows must be >= 0"));
}

TEST(DaemonConfigTest, TheArchiveIsSqliteInTheDataFolderUnlessAPostgresqlUriIsGiven) {
  DaemonConfig config;
  config.data_dir = "/srv/glassbox";
  EXPECT_EQ(DatabaseLocation(config), "/srv/glassbox/glassbox.db");
  config.database = "postgresql://glassbox@db.internal:5432/archive";
  EXPECT_TRUE(CheckConfig(config).ok());
  EXPECT_EQ(DatabaseLocation(config), "postgresql://glassbox@db.internal:5432/archive");
  config.database = "/srv/glassbox/other.db";
  EXPECT_EQ(CheckConfig(config).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Refusal(config), HasSubstr("--database takes a PostgreSQL URI (postgresql://"));
}

TEST(DaemonConfigTest, AWorkerBinaryThatCannotRunIsRefusedAtStart) {
  DaemonConfig config;
  config.scheduler.analysis_worker.binary = "/nonexistent/glassbox-worker";
  EXPECT_EQ(CheckConfig(config).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Refusal(config),
              HasSubstr("--worker_binary /nonexistent/glassbox-worker cannot be run (No such file or directory)"));
}

TEST(DaemonConfigTest, APluginAllowlistThatCannotBeReadIsRefusedAtStart) {
  DaemonConfig config;
  config.plugin_allowlist = "/nonexistent/allowlist";
  EXPECT_EQ(CheckConfig(config).code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Refusal(config), HasSubstr("--plugin_allowlist /nonexistent/allowlist: cannot open"));
}

}  // namespace
}  // namespace glassbox::server
