// Test-only loading of the shared datasets: a plain comma-separated file (no
// quoting) as an sdk::Table, columns numeric when every non-empty cell is a
// number, else categorical over the sorted distinct strings.
#ifndef GLASSBOX_TESTS_DAEMON_MODELS_CSV_TEST_TABLE_H_
#define GLASSBOX_TESTS_DAEMON_MODELS_CSV_TEST_TABLE_H_

#include <string>

#include "glassbox/sdk/table.h"

namespace glassbox::daemon {

std::string ReadFileBytes(const std::string& path);

sdk::Table ReadCsvTable(const std::string& path);

}  // namespace glassbox::daemon

#endif  // GLASSBOX_TESTS_DAEMON_MODELS_CSV_TEST_TABLE_H_
