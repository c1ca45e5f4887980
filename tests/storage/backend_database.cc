#include "tests/storage/backend_database.h"

#include "tests/support/postgres_server.h"
#include "tests/support/sqlite_file.h"

namespace glassbox::storage {

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "sqlite" : "postgresql";
}

BackendDatabase::BackendDatabase(Backend backend, const std::string& folder) : backend_(backend) {
  if (backend == Backend::kSqlite) {
    location_ = folder + "/glassbox.db";
    return;
  }
  auto server = testing::SharedPostgresServer();
  if (!server.ok()) {
    ADD_FAILURE() << server.status();
    return;
  }
  auto uri = (*server)->CreateDatabase();
  if (!uri.ok()) {
    ADD_FAILURE() << uri.status();
    return;
  }
  location_ = *uri;
}

void BackendDatabase::Execute(const std::string& sql) const {
  if (backend_ == Backend::kSqlite) return testing::ExecuteSql(location_, sql);
  auto status = testing::ExecutePostgresql(location_, sql);
  EXPECT_TRUE(status.ok()) << status;
}

std::string BackendDatabase::BlobLiteral(const std::string& hex) const {
  return backend_ == Backend::kSqlite ? "x'" + hex + "'" : "'\\x" + hex + "'::bytea";
}

}  // namespace glassbox::storage
