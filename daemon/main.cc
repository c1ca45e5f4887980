// glassboxd: the glassbox daemon. With no flags it serves on 127.0.0.1:50051,
// keeps its data in ./glassbox-data and loads the built-in analyzers.
#include <sys/stat.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "daemon/server/daemon.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "Address to serve on (port 0 picks a free one)");
ABSL_FLAG(std::string, http_listen, "127.0.0.1:8080",
          "Address of the dashboard and the JSON (Connect) API; empty for none; port 0 picks a free one");
ABSL_FLAG(std::string, http_port_file, "", "Write the bound HTTP port to this file once listening");
ABSL_FLAG(std::string, web_dir, "", "The dashboard's files (default: <glassboxd folder>/../share/glassbox/web)");
ABSL_FLAG(std::string, data_dir, "glassbox-data", "Folder for the SQLite database and dataset files");
ABSL_FLAG(std::string, database, "",
          "PostgreSQL URI of the archive (postgresql://USER@HOST:PORT/DATABASE), shared by many daemons (default: "
          "SQLite in --data_dir)");
ABSL_FLAG(std::vector<std::string>, plugin_dir, {},
          "Comma-separated plugin folders (default: <glassboxd folder>/../lib/glassbox/plugins)");
ABSL_FLAG(std::string, plugin_allowlist, "",
          "sha256sum output listing the only plugin libraries that may load (default: any trusted library)");
ABSL_FLAG(std::string, port_file, "", "Write the bound port to this file once listening");
ABSL_FLAG(int, workers, 2, "Runs executed at once");
ABSL_FLAG(int, max_queued_runs, 64, "Runs waiting beyond those executing; more get RESOURCE_EXHAUSTED");
ABSL_FLAG(int64_t, analysis_deadline_s, 3600,
          "Seconds an analysis may run before its worker process is stopped and the analysis failed");
ABSL_FLAG(int64_t, run_lease_s, 30,
          "Seconds a run stays the claiming daemon's without a heartbeat (renewed every min(1 s, a third of it))");
ABSL_FLAG(int64_t, run_reaper_interval_s, 10,
          "Seconds between checks that end INTERRUPTED the running runs whose lease expired (their daemon died); "
          "such a run ends within --run_lease_s plus this");
ABSL_FLAG(std::string, worker_binary, "",
          "The glassbox-worker program that runs each analysis (default: beside glassboxd)");
ABSL_FLAG(int64_t, max_upload_mb, 1024, "Largest dataset upload, in MiB");
ABSL_FLAG(int64_t, max_rows, 50'000'000, "Most rows a dataset may have");
ABSL_FLAG(int64_t, max_columns, 10'000, "Most columns a dataset may have");
ABSL_FLAG(int64_t, max_cell_kb, 64, "Longest cell (or column name) of an uploaded CSV, in KiB");
ABSL_FLAG(int, max_concurrent_uploads, 4, "Uploads received at once; more get RESOURCE_EXHAUSTED");
ABSL_FLAG(int64_t, dataset_cache_mb, 2048,
          "MiB of parsed dataset tables kept in memory for later runs (least recently used dropped first)");
ABSL_FLAG(int, max_message_mb, 64, "Largest gRPC message, in MiB");
ABSL_FLAG(int, max_analyses_per_run, 64, "Most analyses one run may ask for");
ABSL_FLAG(int, max_cohorts_per_run, 64, "Most cohorts one run may define");
ABSL_FLAG(int64_t, min_cohort_rows, 30,
          "Cohorts with fewer rows are flagged on the scorecard wherever their metrics appear (0 flags none)");
ABSL_FLAG(int64_t, keepalive_s, 60,
          "Ping a connection idle this many seconds; drop it when the ping goes unanswered for 20 s");
ABSL_FLAG(std::string, tls_cert, "", "PEM certificate of the server; enables TLS");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of the server");
ABSL_FLAG(std::string, tls_client_ca, "", "PEM CA whose client certificates are required (mutual TLS)");
ABSL_FLAG(std::string, tokens_file, "",
          "Bearer tokens: lines of '<sha256 of token> <principal> <roles>'; enables authentication");

// Abseil's --help lists the flags of files named after the program; glassboxd's are defined here, in main.cc.
void ListThisFilesFlagsInHelp() {
  absl::FlagsUsageConfig config;
  config.normalize_filename = [](absl::string_view path) {
    size_t folder = path.rfind("daemon/");
    return std::string(folder == absl::string_view::npos ? path : path.substr(folder));
  };
  config.contains_help_flags = [](absl::string_view file) { return file == "daemon/main.cc"; };
  config.contains_helpshort_flags = config.contains_help_flags;
  config.version_string = [] { return std::string("glassboxd " GLASSBOX_VERSION "\n"); };
  absl::SetFlagsUsageConfig(config);
}

int main(int argc, char** argv) {
  ListThisFilesFlagsInHelp();
  absl::SetProgramUsageMessage("responsible-AI insights over gRPC. Its flags (--helpfull adds Abseil's):");
  absl::ParseCommandLine(argc, argv);
  // Everything the daemon creates (the data folder 0700; the database, its
  // WAL and SHM files, which SQLite gives the database's mode, datasets and
  // models 0600) is private to its user, whatever umask it was started with.
  umask(077);

  glassbox::server::DaemonConfig config;
  config.listen_address = absl::GetFlag(FLAGS_listen);
  config.http_listen = absl::GetFlag(FLAGS_http_listen);
  config.http_port_file = absl::GetFlag(FLAGS_http_port_file);
  config.web_dir = absl::GetFlag(FLAGS_web_dir);
  config.data_dir = absl::GetFlag(FLAGS_data_dir);
  config.database = absl::GetFlag(FLAGS_database);
  config.plugin_dirs = absl::GetFlag(FLAGS_plugin_dir);
  config.plugin_allowlist = absl::GetFlag(FLAGS_plugin_allowlist);
  config.port_file = absl::GetFlag(FLAGS_port_file);
  config.scheduler.workers = absl::GetFlag(FLAGS_workers);
  config.scheduler.max_queued = absl::GetFlag(FLAGS_max_queued_runs);
  config.scheduler.analysis_worker.deadline = absl::Seconds(absl::GetFlag(FLAGS_analysis_deadline_s));
  config.scheduler.reaper_interval = absl::Seconds(absl::GetFlag(FLAGS_run_reaper_interval_s));
  config.scheduler.lease = absl::Seconds(absl::GetFlag(FLAGS_run_lease_s));
  if (std::string worker = absl::GetFlag(FLAGS_worker_binary); !worker.empty()) {
    config.scheduler.analysis_worker.binary = worker;
  }
  config.limits.max_upload_bytes = absl::GetFlag(FLAGS_max_upload_mb) << 20;
  config.limits.max_rows = static_cast<size_t>(std::max<int64_t>(0, absl::GetFlag(FLAGS_max_rows)));
  config.limits.max_columns = static_cast<size_t>(std::max<int64_t>(0, absl::GetFlag(FLAGS_max_columns)));
  config.limits.max_cell_bytes = static_cast<size_t>(std::max<int64_t>(0, absl::GetFlag(FLAGS_max_cell_kb))) << 10;
  config.limits.max_concurrent_uploads = absl::GetFlag(FLAGS_max_concurrent_uploads);
  config.dataset_cache_bytes = static_cast<size_t>(std::max<int64_t>(0, absl::GetFlag(FLAGS_dataset_cache_mb))) << 20;
  config.max_message_bytes = absl::GetFlag(FLAGS_max_message_mb) << 20;
  config.limits.request.max_analyses_per_run = absl::GetFlag(FLAGS_max_analyses_per_run);
  config.limits.request.max_cohorts_per_run = absl::GetFlag(FLAGS_max_cohorts_per_run);
  config.min_cohort_rows = absl::GetFlag(FLAGS_min_cohort_rows);
  config.keepalive = absl::Seconds(absl::GetFlag(FLAGS_keepalive_s));
  config.tls_cert = absl::GetFlag(FLAGS_tls_cert);
  config.tls_key = absl::GetFlag(FLAGS_tls_key);
  config.tls_client_ca = absl::GetFlag(FLAGS_tls_client_ca);
  config.tokens_file = absl::GetFlag(FLAGS_tokens_file);

  // SIGTERM and SIGINT are taken by a thread of their own, which shuts down.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto daemon = glassbox::server::Daemon::Start(config);
  if (!daemon.ok()) {
    std::fprintf(stderr, "glassboxd: %s\n", std::string(daemon.status().message()).c_str());
    return 1;
  }
  std::thread signal_waiter([&] {
    int signal = 0;
    sigwait(&signals, &signal);
    std::fprintf(stderr, "glassboxd: %s received, shutting down\n", signal == SIGTERM ? "SIGTERM" : "SIGINT");
    (*daemon)->Shutdown();
  });
  (*daemon)->Wait();
  signal_waiter.join();
  return 0;
}
