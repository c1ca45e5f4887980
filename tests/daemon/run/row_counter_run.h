// A prepared run for the tests of the worker process: the row_counter fixture
// plugin (tests/daemon/plugins/broken/row_counter.cc) counting the rows of
// cohort "older" (age > 40) of a 3-row table, 2 of them in the cohort.
#ifndef GLASSBOX_TESTS_DAEMON_RUN_ROW_COUNTER_RUN_H_
#define GLASSBOX_TESTS_DAEMON_RUN_ROW_COUNTER_RUN_H_

#include "absl/status/statusor.h"
#include "daemon/run/prepared_run.h"

namespace glassbox::run {

absl::StatusOr<PreparedRun> RowCounterRun();

}  // namespace glassbox::run

#endif  // GLASSBOX_TESTS_DAEMON_RUN_ROW_COUNTER_RUN_H_
