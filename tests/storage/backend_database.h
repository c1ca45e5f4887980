// The storage tests run on both engines: each test is instantiated once on a
// SQLite file and once on a PostgreSQL database of its own on a real server
// (tests/support/postgres_server.h). A BackendDatabase is that fresh, empty
// database, with a way to change it behind the store's back.
#ifndef GLASSBOX_TESTS_STORAGE_BACKEND_DATABASE_H_
#define GLASSBOX_TESTS_STORAGE_BACKEND_DATABASE_H_

#include <gtest/gtest.h>

#include <ostream>
#include <string>

namespace glassbox::storage {

enum class Backend { kSqlite, kPostgresql };

// For INSTANTIATE_TEST_SUITE_P(Backends, Suite, EveryBackend(), BackendName).
inline auto EveryBackend() { return ::testing::Values(Backend::kSqlite, Backend::kPostgresql); }
std::string BackendName(const ::testing::TestParamInfo<Backend>& info);
// How GoogleTest (and so ctest's list) prints a test's backend.
inline void PrintTo(Backend backend, std::ostream* out) {
  *out << (backend == Backend::kSqlite ? "sqlite" : "postgresql");
}

class BackendDatabase {
 public:
  // SQLite: glassbox.db in `folder`; PostgreSQL: a new database on the
  // shared server. Fails the test (location() is empty) if it cannot.
  BackendDatabase(Backend backend, const std::string& folder);

  Backend backend() const { return backend_; }
  // What Database::Open takes.
  const std::string& location() const { return location_; }
  // Runs `sql` through a connection of its own; fails the test if refused.
  void Execute(const std::string& sql) const;
  // A blob literal of this engine's dialect holding the bytes of `hex`.
  std::string BlobLiteral(const std::string& hex) const;

 private:
  Backend backend_;
  std::string location_;
};

}  // namespace glassbox::storage

#endif  // GLASSBOX_TESTS_STORAGE_BACKEND_DATABASE_H_
