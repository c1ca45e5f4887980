// Runs one case of the scaling benchmark in a fresh child process (this same
// binary, with --run_case), so that each case's memory figures start from an
// empty process rather than from what earlier cases left allocated.
#ifndef GLASSBOX_BENCH_SCALING_CASE_PROCESS_H_
#define GLASSBOX_BENCH_SCALING_CASE_PROCESS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "bench/scaling/bench_case.h"

namespace glassbox::bench {

struct CaseOutcome {
  CaseResult result;
  // The child's whole-life peak resident memory (getrusage's ru_maxrss):
  // with the data reading and scoring that came before the case.
  int64_t process_peak_kib = 0;
};

// Fails, with the child's exit status, when the case does.
absl::StatusOr<CaseOutcome> RunCaseInChild(const CaseRequest& request);

}  // namespace glassbox::bench

#endif  // GLASSBOX_BENCH_SCALING_CASE_PROCESS_H_
