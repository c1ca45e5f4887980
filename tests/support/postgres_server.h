// A real PostgreSQL 15 server for tests, from Debian's postgresql-15: a
// cluster made by initdb in a temporary folder, served on a free 127.0.0.1
// port (and a Unix socket in that folder), stopped with a fast shutdown when
// the object goes away. PostgreSQL refuses to run as root, so a test run as
// root (as CI is) runs the server as the unprivileged user scripts/setup.sh
// creates for it, glassbox-pg. Clients connect as `glassbox`, trusted on
// loopback only.
#ifndef GLASSBOX_TESTS_SUPPORT_POSTGRES_SERVER_H_
#define GLASSBOX_TESTS_SUPPORT_POSTGRES_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "tests/support/daemon_process.h"

namespace glassbox::testing {

// The user the server runs as when the test runs as root.
inline constexpr char kPostgresUser[] = "glassbox-pg";

class PostgresServer {
 public:
  // initdb and start; fails quoting the server's log when it cannot.
  static absl::StatusOr<std::unique_ptr<PostgresServer>> Start();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  int port() const { return port_; }
  // postgresql://glassbox@127.0.0.1:PORT/NAME
  std::string Uri(const std::string& database) const;
  // A new, empty database of its own; its URI.
  absl::StatusOr<std::string> CreateDatabase();

 private:
  PostgresServer() = default;
  // Runs `command` as the server's user; an error quoting its output if it fails.
  absl::Status RunAsServerUser(const std::string& command) const;

  TemporaryFolder folder_;
  int port_ = 0;
  bool running_ = false;
};

// The server of this test process, started on first use and stopped at exit.
absl::StatusOr<PostgresServer*> SharedPostgresServer();

// Runs `sql` (statements without parameters) on the database at `uri`
// through a connection of its own, beside the store or daemon under test.
absl::Status ExecutePostgresql(const std::string& uri, const std::string& sql);
// The same for a query: the text of its first row's first column (NOT_FOUND without a row).
absl::StatusOr<std::string> QueryPostgresql(const std::string& uri, const std::string& sql);

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_SUPPORT_POSTGRES_SERVER_H_
