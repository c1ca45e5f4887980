#include "tests/support/postgres_server.h"

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "tests/support/shell.h"

namespace glassbox::testing {
namespace {

constexpr char kBin[] = "/usr/lib/postgresql/15/bin";

// A port free on 127.0.0.1 now; another process may take it before the
// server binds it, so Start tries again on a failure.
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

absl::Status PostgresServer::RunAsServerUser(const std::string& command) const {
  std::string prefix = geteuid() == 0 ? absl::StrCat("runuser -u ", kPostgresUser, " -- ") : "";
  ShellResult result = RunShell(absl::StrCat(prefix, command, " 2>&1"));
  if (result.exit_status == 0) return absl::OkStatus();
  return absl::InternalError(absl::StrCat(command, " exited with ", result.exit_status, ": ", result.out));
}

absl::StatusOr<std::unique_ptr<PostgresServer>> PostgresServer::Start() {
  auto server = std::unique_ptr<PostgresServer>(new PostgresServer());
  const std::string& folder = server->folder_.path();
  if (geteuid() == 0) {
    if (getpwnam(kPostgresUser) == nullptr) {
      return absl::FailedPreconditionError(absl::StrCat("PostgreSQL refuses to run as root and the user ",
                                                        kPostgresUser, " does not exist: run scripts/setup.sh"));
    }
    if (ShellResult chown = RunShell(absl::StrCat("chown ", kPostgresUser, ": ", folder)); chown.exit_status != 0) {
      return absl::InternalError(absl::StrCat("cannot give ", folder, " to ", kPostgresUser));
    }
  }
  if (auto status = server->RunAsServerUser(absl::StrCat(kBin, "/initdb -D ", folder,
                                                         "/data -U glassbox --auth=trust -E UTF8 --locale=C -N"));
      !status.ok()) {
    return status;
  }
  absl::Status started;
  for (int attempt = 0; attempt < 3; ++attempt) {
    server->port_ = FreePort();
    started = server->RunAsServerUser(absl::StrCat(kBin, "/pg_ctl -D ", folder, "/data -l ", folder,
                                                   "/server.log -w -t 120 -o '-p ", server->port_, " -k ", folder,
                                                   " -c listen_addresses=127.0.0.1' start"));
    if (started.ok()) break;
  }
  if (!started.ok()) {
    return absl::UnavailableError(absl::StrCat(started.message(), "\nserver log:\n", ReadFile(folder + "/server.log")));
  }
  server->running_ = true;
  return server;
}

PostgresServer::~PostgresServer() {
  if (running_) {
    RunAsServerUser(absl::StrCat(kBin, "/pg_ctl -D ", folder_.path(), "/data -m fast -w -t 60 stop")).IgnoreError();
  }
}

std::string PostgresServer::Uri(const std::string& database) const {
  return absl::StrCat("postgresql://glassbox@127.0.0.1:", port_, "/", database);
}

absl::StatusOr<std::string> PostgresServer::CreateDatabase() {
  static std::atomic<int> counter{0};
  std::string name = absl::StrCat("test_", getpid(), "_", counter++);
  if (auto status = ExecutePostgresql(Uri("postgres"), absl::StrCat("CREATE DATABASE ", name)); !status.ok()) {
    return status;
  }
  return Uri(name);
}

absl::StatusOr<PostgresServer*> SharedPostgresServer() {
  static absl::StatusOr<std::unique_ptr<PostgresServer>> server = PostgresServer::Start();
  if (!server.ok()) return server.status();
  return server->get();
}

absl::StatusOr<std::string> QueryPostgresql(const std::string& uri, const std::string& sql) {
  PGconn* connection = PQconnectdb(uri.c_str());
  absl::StatusOr<std::string> answer;
  if (PQstatus(connection) != CONNECTION_OK) {
    answer = absl::UnavailableError(absl::StrCat("cannot connect to ", uri, ": ", PQerrorMessage(connection)));
  } else {
    PGresult* result = PQexec(connection, sql.c_str());
    ExecStatusType outcome = PQresultStatus(result);
    if (outcome != PGRES_COMMAND_OK && outcome != PGRES_TUPLES_OK) {
      answer = absl::InternalError(
          absl::StrCat(sql, ": ", absl::StripTrailingAsciiWhitespace(PQresultErrorMessage(result))));
    } else if (PQntuples(result) == 0 || PQnfields(result) == 0) {
      answer = absl::NotFoundError(absl::StrCat(sql, ": no row"));
    } else {
      answer = std::string(PQgetvalue(result, 0, 0), PQgetlength(result, 0, 0));
    }
    PQclear(result);
  }
  PQfinish(connection);
  return answer;
}

absl::Status ExecutePostgresql(const std::string& uri, const std::string& sql) {
  auto answer = QueryPostgresql(uri, sql);
  return answer.ok() || absl::IsNotFound(answer.status()) ? absl::OkStatus() : answer.status();
}

}  // namespace glassbox::testing
