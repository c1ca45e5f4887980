// Direct SQL on a database file, beside the connection of the store or
// daemon under test: how tests damage rows or read what was written.
#ifndef GLASSBOX_TESTS_SUPPORT_SQLITE_FILE_H_
#define GLASSBOX_TESTS_SUPPORT_SQLITE_FILE_H_

#include <string>

namespace glassbox::testing {

// Runs `sql` on the SQLite file at `path`, failing the test if it is refused.
void ExecuteSql(const std::string& path, const std::string& sql);

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_SUPPORT_SQLITE_FILE_H_
