// glassboxd's settings, from flags; every one has an embedded default so
// that `glassboxd` alone starts a working local daemon.
#ifndef GLASSBOX_DAEMON_SERVER_DAEMON_CONFIG_H_
#define GLASSBOX_DAEMON_SERVER_DAEMON_CONFIG_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "daemon/server/glassbox_service.h"
#include "daemon/server/scheduler.h"

namespace glassbox::server {

struct DaemonConfig {
  std::string listen_address = "127.0.0.1:50051";
  // The dashboard and the API as Connect JSON (http_gateway.h); empty: none.
  std::string http_listen = "127.0.0.1:8080";
  // When set, the bound HTTP port is written there once it listens.
  std::string http_port_file;
  // The dashboard's built files; empty: <glassboxd folder>/../share/glassbox/web.
  std::string web_dir;
  std::string data_dir = "glassbox-data";
  // The archive: a PostgreSQL URI (postgresql://...) shared by many daemons;
  // empty: the SQLite file glassbox.db in data_dir.
  std::string database;
  std::vector<std::string> plugin_dirs;
  // When set, only libraries whose SHA-256 this file lists load (see
  // daemon/plugins/plugin_allowlist.h).
  std::string plugin_allowlist;
  // When set, the bound port is written there once the server listens.
  std::string port_file;
  SchedulerOptions scheduler;
  ServiceLimits limits;
  size_t dataset_cache_bytes = size_t{2} << 30;
  // Cohorts with fewer rows are flagged on scorecards as too small to judge by.
  int64_t min_cohort_rows = 30;
  // TLS: PEM files of the server's certificate and key; with a client CA,
  // clients must present a certificate it signed (mutual TLS). The key, like
  // the tokens file, must be private to its owner (mode 0600 or 0400).
  std::string tls_cert;
  std::string tls_key;
  std::string tls_client_ca;
  // Bearer tokens (see access_control.h); empty: no authentication.
  std::string tokens_file;
  int max_message_bytes = 64 << 20;
  // The daemon pings a connection idle this long and drops it when the ping
  // goes unanswered for keepalive_timeout, freeing what a vanished client
  // held (a watch stream, an upload). Clients may ping as often as every
  // min_client_ping_interval.
  absl::Duration keepalive = absl::Seconds(60);
  absl::Duration keepalive_timeout = absl::Seconds(20);
  absl::Duration min_client_ping_interval = absl::Seconds(10);
};

// The built-in plugin folder: <folder of glassboxd>/../lib/glassbox/plugins.
std::string DefaultPluginDir();

// The installed dashboard: <folder of glassboxd>/../share/glassbox/web.
std::string DefaultWebDir();

// What storage::Database::Open takes for `config`'s archive.
std::string DatabaseLocation(const DaemonConfig& config);

// Refuses settings the daemon cannot honour: a --database that is not a
// PostgreSQL URI, a non-loopback address without
// TLS and tokens, half a TLS key pair, limits out of range, a plugin
// allowlist that cannot be read; the message names the flag.
absl::Status CheckConfig(const DaemonConfig& config);

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_DAEMON_CONFIG_H_
