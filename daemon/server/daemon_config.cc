#include "daemon/server/daemon_config.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "daemon/common/executable_folder.h"
#include "daemon/plugins/plugin_allowlist.h"
#include "daemon/server/listen_address.h"
#include "storage/database.h"

namespace glassbox::server {

std::string DefaultPluginDir() {
  return (ExecutableFolder().parent_path() / "lib" / "glassbox" / "plugins").string();
}

std::string DefaultWebDir() { return (ExecutableFolder().parent_path() / "share" / "glassbox" / "web").string(); }

std::string DatabaseLocation(const DaemonConfig& config) {
  if (!config.database.empty()) return config.database;
  return (std::filesystem::path(config.data_dir) / "glassbox.db").string();
}

absl::Status CheckConfig(const DaemonConfig& config) {
  if (!config.database.empty() && !storage::Database::IsPostgresUri(config.database)) {
    return absl::InvalidArgumentError(
        "--database takes a PostgreSQL URI (postgresql://USER@HOST:PORT/DATABASE); leave it out to keep the "
        "archive in SQLite in --data_dir");
  }
  if (config.listen_address.rfind(':') == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat("--listen '", config.listen_address, "' has no port; e.g. 127.0.0.1:50051"));
  }
  if (config.tls_cert.empty() != config.tls_key.empty()) {
    return absl::InvalidArgumentError("--tls_cert and --tls_key go together; give both PEM files");
  }
  if (!config.tls_client_ca.empty() && config.tls_cert.empty()) {
    return absl::InvalidArgumentError("--tls_client_ca needs --tls_cert and --tls_key");
  }
  const bool secured = !config.tls_cert.empty() && !config.tokens_file.empty();
  if (!IsLoopbackHost(HostOf(config.listen_address)) && !secured) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--listen ", config.listen_address, " is not a loopback address; serving beyond this machine requires TLS "
        "(--tls_cert, --tls_key) and bearer tokens (--tokens_file)"));
  }
  if (!config.http_listen.empty()) {
    if (config.http_listen.rfind(':') == std::string::npos || config.http_listen.ends_with("]")) {
      return absl::InvalidArgumentError(
          absl::StrCat("--http_listen '", config.http_listen, "' has no port; e.g. 127.0.0.1:8080, or empty for no HTTP"));
    }
    if (!IsLoopbackHost(HostOf(config.http_listen)) && !secured) {
      return absl::FailedPreconditionError(absl::StrCat(
          "--http_listen ", config.http_listen, " is not a loopback address; serving beyond this machine requires TLS "
          "(--tls_cert, --tls_key) and bearer tokens (--tokens_file), or --http_listen= for no HTTP"));
    }
  }
  if (config.scheduler.workers < 1) return absl::InvalidArgumentError("--workers must be >= 1");
  if (config.scheduler.max_queued < 0) return absl::InvalidArgumentError("--max_queued_runs must be >= 0");
  if (config.scheduler.analysis_worker.deadline <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--analysis_deadline_s must be >= 1");
  }
  if (config.scheduler.reaper_interval <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--run_reaper_interval_s must be >= 1");
  }
  if (config.scheduler.lease <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--run_lease_s must be >= 1");
  }
  if (const std::string& worker = config.scheduler.analysis_worker.binary; ::access(worker.c_str(), X_OK) != 0) {
    return absl::FailedPreconditionError(absl::StrCat("--worker_binary ", worker, " cannot be run (",
                                                      std::strerror(errno),
                                                      "); glassbox-worker is built and installed beside glassboxd"));
  }
  if (config.keepalive < absl::Seconds(1)) return absl::InvalidArgumentError("--keepalive_s must be >= 1");
  if (config.max_message_bytes < (1 << 20)) return absl::InvalidArgumentError("--max_message_mb must be >= 1");
  if (config.limits.max_upload_bytes < 1) return absl::InvalidArgumentError("--max_upload_mb must be >= 1");
  if (config.limits.max_rows < 1) return absl::InvalidArgumentError("--max_rows must be >= 1");
  if (config.limits.max_columns < 1) return absl::InvalidArgumentError("--max_columns must be >= 1");
  if (config.limits.max_cell_bytes < 1) return absl::InvalidArgumentError("--max_cell_kb must be >= 1");
  if (config.limits.max_concurrent_uploads < 1) {
    return absl::InvalidArgumentError("--max_concurrent_uploads must be >= 1");
  }
  if (config.dataset_cache_bytes < (size_t{1} << 20)) {
    return absl::InvalidArgumentError("--dataset_cache_mb must be >= 1");
  }
  if (config.limits.request.max_analyses_per_run < 1) {
    return absl::InvalidArgumentError("--max_analyses_per_run must be >= 1");
  }
  if (config.limits.request.max_cohorts_per_run < 0) {
    return absl::InvalidArgumentError("--max_cohorts_per_run must be >= 0");
  }
  if (config.min_cohort_rows < 0) return absl::InvalidArgumentError("--min_cohort_rows must be >= 0");
  if (!config.plugin_allowlist.empty()) return plugins::PluginAllowlist::Read(config.plugin_allowlist).status();
  return absl::OkStatus();
}

}  // namespace glassbox::server
