// What the load test's clients saw of each kind of RPC: how many calls, how
// many the daemon refused with RESOURCE_EXHAUSTED (expected under load), the
// latencies of the rest, and every other failure with its status. Each client
// keeps its own tally; the test merges them.
#ifndef GLASSBOX_TESTS_LOAD_RPC_TALLY_H_
#define GLASSBOX_TESTS_LOAD_RPC_TALLY_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/time/time.h"

namespace glassbox::testing {

class RpcTally {
 public:
  // Failures are reported as "[<source> at <seconds since start> s] ...".
  RpcTally() = default;
  RpcTally(std::string source, absl::Time start) : source_(std::move(source)), start_(start) {}

  void Record(const std::string& kind, absl::Duration latency, const grpc::Status& status);
  // A failure found in a reply that came back OK (e.g. a wrong dataset id).
  void RecordFailure(const std::string& kind, const std::string& what);
  void Merge(const RpcTally& other);

  // Calls of `kind` that succeeded.
  int64_t succeeded(const std::string& kind) const;
  const std::vector<std::string>& failures() const { return failures_; }

  // One line per kind: calls, refusals, failures, successful calls per second
  // over `elapsed`, and p50 / p99 / max latency of the successful calls.
  std::string Report(absl::Duration elapsed) const;

 private:
  struct Kind {
    int64_t calls = 0;
    int64_t refused = 0;
    int64_t failed = 0;
    std::vector<double> latencies_ms;  // of the successful calls
  };

  std::string Where() const;

  std::string source_;
  absl::Time start_ = absl::Now();
  std::map<std::string, Kind> kinds_;
  std::vector<std::string> failures_;
};

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_LOAD_RPC_TALLY_H_
