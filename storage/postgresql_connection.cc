#include "storage/postgresql_connection.h"

#include <libpq-fe.h>

#include <cstring>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "storage/placeholders.h"

namespace glassbox::storage {
namespace {

// Type oids fixed by PostgreSQL's catalog (pg_type.dat), the same in every version.
constexpr Oid kBool = 16;
constexpr Oid kBytea = 17;
constexpr Oid kInt8 = 20;
constexpr Oid kInt2 = 21;
constexpr Oid kInt4 = 23;
constexpr Oid kText = 25;
constexpr Oid kFloat4 = 700;
constexpr Oid kFloat8 = 701;

// The key of the advisory lock every glassboxd writer takes: "glassbox" in ASCII.
constexpr int64_t kWriterLock = 0x676c617373626f78;

constexpr int kBinary = 1;

absl::Status ResultError(PGconn* connection, const PGresult* result, std::string_view what) {
  std::string message = result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(connection);
  message = std::string(absl::StripTrailingAsciiWhitespace(message));
  std::string text = absl::StrCat("postgresql: ", std::string(what), ": ", message);
  if (PQstatus(connection) == CONNECTION_BAD) return absl::UnavailableError(text);
  return absl::InternalError(text);
}

// The connection and whether a transaction is open on it. A lost connection
// is opened again before the next statement outside a transaction (what was
// in flight failed with UNAVAILABLE); inside one, every statement fails
// until the transaction ends, so nothing of it runs outside it.
struct Link {
  PGconn* connection;
  bool in_transaction = false;

  void ReconnectIfLost() {
    if (!in_transaction && PQstatus(connection) == CONNECTION_BAD) PQreset(connection);
  }
};

uint64_t BigEndian(const char* bytes, int size) {
  uint64_t value = 0;
  for (int i = 0; i < size; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}

class PostgresqlStatement : public PreparedStatement {
 public:
  PostgresqlStatement(Link& link, std::string_view sql) : link_(link), sql_(NumberedPlaceholders(sql)) {}
  ~PostgresqlStatement() override { PQclear(result_); }

  // Integers and reals go as text of an unknown type, so the server gives
  // each the type its place needs (integer for substr's length, bigint for a
  // time); text and blobs go in binary, whole, as text and bytea.
  void BindInt(int index, int64_t value) override { Set(index, absl::StrCat(value), 0, 0); }
  void BindDouble(int index, double value) override {
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", value);
    Set(index, text, 0, 0);
  }
  void BindText(int index, std::string_view text) override { Set(index, std::string(text), kText, kBinary); }
  void BindBlob(int index, std::string_view bytes) override { Set(index, std::string(bytes), kBytea, kBinary); }
  void BindNull(int index) override {
    Set(index, "", 0, 0);
    parameters_[index - 1].null = true;
  }

  absl::StatusOr<bool> Step() override {
    if (result_ == nullptr) {
      std::vector<Oid> types;
      std::vector<const char*> values;
      std::vector<int> lengths;
      std::vector<int> formats;
      for (const Parameter& parameter : parameters_) {
        types.push_back(parameter.type);
        values.push_back(parameter.null ? nullptr : parameter.bytes.c_str());
        lengths.push_back(static_cast<int>(parameter.bytes.size()));
        formats.push_back(parameter.format);
      }
      link_.ReconnectIfLost();
      result_ = PQexecParams(link_.connection, sql_.c_str(), static_cast<int>(parameters_.size()), types.data(),
                             values.data(), lengths.data(), formats.data(), kBinary);
      ExecStatusType status = PQresultStatus(result_);
      if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        error_ = ResultError(link_.connection, result_, "statement");
      }
      rows_ = PQntuples(result_);
    }
    if (!error_.ok()) return error_;
    return ++row_ < rows_;
  }

  int64_t ColumnInt(int index) const override {
    if (ColumnIsNull(index)) return 0;
    const char* value = PQgetvalue(result_, row_, index);
    switch (PQftype(result_, index)) {
      case kInt8:
        return static_cast<int64_t>(BigEndian(value, 8));
      case kInt4:
        return static_cast<int32_t>(BigEndian(value, 4));
      case kInt2:
        return static_cast<int16_t>(BigEndian(value, 2));
      case kBool:
        return value[0] != 0;
      case kFloat4:
      case kFloat8:
        return static_cast<int64_t>(ColumnDouble(index));
      default: {
        int64_t number = 0;
        return absl::SimpleAtoi(ColumnBlob(index), &number) ? number : 0;
      }
    }
  }

  double ColumnDouble(int index) const override {
    if (ColumnIsNull(index)) return 0;
    const char* value = PQgetvalue(result_, row_, index);
    switch (PQftype(result_, index)) {
      case kFloat8: {
        uint64_t bits = BigEndian(value, 8);
        double number;
        std::memcpy(&number, &bits, sizeof number);
        return number;
      }
      case kFloat4: {
        uint32_t bits = BigEndian(value, 4);
        float number;
        std::memcpy(&number, &bits, sizeof number);
        return number;
      }
      default:
        return static_cast<double>(ColumnInt(index));
    }
  }

  std::string ColumnText(int index) const override {
    switch (PQftype(result_, index)) {
      case kInt8:
      case kInt4:
      case kInt2:
      case kBool:
        return ColumnIsNull(index) ? std::string() : absl::StrCat(ColumnInt(index));
      case kFloat4:
      case kFloat8:
        return ColumnIsNull(index) ? std::string() : absl::StrCat(ColumnDouble(index));
      default:
        return ColumnBlob(index);
    }
  }

  std::string ColumnBlob(int index) const override {
    return std::string(PQgetvalue(result_, row_, index), PQgetlength(result_, row_, index));
  }

  bool ColumnIsNull(int index) const override { return PQgetisnull(result_, row_, index) != 0; }

 private:
  struct Parameter {
    std::string bytes;
    Oid type = 0;
    int format = 0;
    bool null = false;
  };

  void Set(int index, std::string bytes, Oid type, int format) {
    if (static_cast<size_t>(index) > parameters_.size()) parameters_.resize(index);
    parameters_[index - 1] = {std::move(bytes), type, format, false};
  }

  Link& link_;
  std::string sql_;
  std::vector<Parameter> parameters_;
  PGresult* result_ = nullptr;
  absl::Status error_;
  int rows_ = 0;
  int row_ = -1;
};

class PostgresqlConnection : public Connection {
 public:
  explicit PostgresqlConnection(PGconn* connection) : link_{connection} {}
  ~PostgresqlConnection() override { PQfinish(link_.connection); }

  std::unique_ptr<PreparedStatement> Prepare(std::string_view sql) override {
    return std::make_unique<PostgresqlStatement>(link_, sql);
  }

  absl::Status Execute(std::string_view sql) override {
    link_.ReconnectIfLost();
    PGresult* result = PQexec(link_.connection, std::string(sql).c_str());
    ExecStatusType status = PQresultStatus(result);
    absl::Status outcome = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK
                               ? absl::OkStatus()
                               : ResultError(link_.connection, result, "execute");
    PQclear(result);
    return outcome;
  }

  absl::Status BeginExclusive() override {
    if (auto status = Execute("BEGIN"); !status.ok()) return status;
    link_.in_transaction = true;
    auto status = Execute(absl::StrCat("SELECT pg_advisory_xact_lock(", kWriterLock, ")"));
    if (!status.ok()) Rollback();
    return status;
  }

  absl::Status BeginRowLocking() override {
    if (auto status = Execute("BEGIN"); !status.ok()) return status;
    link_.in_transaction = true;
    return absl::OkStatus();
  }

  // COMMIT of a transaction a statement failed in rolls it back and answers
  // "ROLLBACK", without an error: that is reported as one.
  absl::Status Commit() override {
    link_.ReconnectIfLost();
    PGresult* result = PQexec(link_.connection, "COMMIT");
    absl::Status status;
    if (PQresultStatus(result) != PGRES_COMMAND_OK) {
      status = ResultError(link_.connection, result, "commit");
    } else if (std::strcmp(PQcmdStatus(result), "COMMIT") != 0) {
      status = absl::AbortedError("postgresql: commit: the transaction was rolled back after an earlier error");
    }
    PQclear(result);
    link_.in_transaction = false;
    return status;
  }

  void Rollback() override {
    Execute("ROLLBACK").IgnoreError();
    link_.in_transaction = false;
  }

  absl::StatusOr<int> ReadSchemaVersion() override {
    if (auto status = Execute("CREATE TABLE IF NOT EXISTS glassbox_schema_version (version INTEGER NOT NULL)");
        !status.ok()) {
      return status;
    }
    PostgresqlStatement query(link_, "SELECT version FROM glassbox_schema_version");
    auto row = query.Step();
    if (!row.ok()) return row.status();
    return *row ? static_cast<int>(query.ColumnInt(0)) : 0;
  }

  absl::Status WriteSchemaVersion(int version) override {
    return Execute(absl::StrCat("DELETE FROM glassbox_schema_version; INSERT INTO glassbox_schema_version VALUES (",
                                version, ")"));
  }

  std::string_view MigrationSql(const Migration& migration) const override { return migration.postgresql; }

  std::string_view RowLock(bool skip_locked) const override {
    return skip_locked ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE";
  }
  // clock_timestamp(), not now(): now() is the transaction's start.
  std::string_view NowMicros() const override {
    return "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)";
  }
  bool Shared() const override { return true; }

 private:
  Link link_;
};

// Where `uri` points, for messages: host, port and database, never the password.
std::string Destination(const std::string& uri) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(uri.c_str(), &error);
  if (options == nullptr) {
    std::string message = error != nullptr ? error : "it does not parse";
    PQfreemem(error);
    return absl::StrCat("(an unreadable URI: ", absl::StripTrailingAsciiWhitespace(message), ")");
  }
  std::string host = "localhost", port = "5432", dbname;
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    if (std::strcmp(option->keyword, "host") == 0) host = option->val;
    if (std::strcmp(option->keyword, "port") == 0) port = option->val;
    if (std::strcmp(option->keyword, "dbname") == 0) dbname = option->val;
  }
  PQconninfoFree(options);
  return absl::StrCat(host, ":", port, "/", dbname);
}

void IgnoreNotice(void*, const char*) {}

}  // namespace

absl::StatusOr<std::unique_ptr<Connection>> OpenPostgresql(const std::string& uri) {
  const char* keywords[] = {"dbname", "client_encoding", "application_name", "connect_timeout", nullptr};
  const char* values[] = {uri.c_str(), "UTF8", "glassboxd", "10", nullptr};
  PGconn* connection = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (PQstatus(connection) != CONNECTION_OK) {
    std::string message(absl::StripTrailingAsciiWhitespace(PQerrorMessage(connection)));
    PQfinish(connection);
    return absl::UnavailableError(
        absl::StrCat("cannot connect to PostgreSQL at ", Destination(uri), ": ", message));
  }
  // The notices of CREATE TABLE IF NOT EXISTS and the like are not errors.
  PQsetNoticeProcessor(connection, IgnoreNotice, nullptr);
  return std::make_unique<PostgresqlConnection>(connection);
}

}  // namespace glassbox::storage
