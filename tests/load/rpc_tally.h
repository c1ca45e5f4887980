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
  // Failures are reported with their source (e.g. "client 7") and time since `start`.
  RpcTally() = default;
  RpcTally(std::string source, absl::Time start) : source_(std::move(source)), start_(start) {}

  void Record(const std::string& kind, absl::Duration latency, const grpc::Status& status);
  // A failure found in a reply that came back OK (e.g. a wrong dataset id).
  void RecordFailure(const std::string& kind, const std::string& what);
  void Merge(const RpcTally& other);

  // Calls of `kind` that succeeded.
  int64_t succeeded(const std::string& kind) const;
  size_t failure_count() const { return failures_.size(); }
  // How many failures each source saw and over what span of time, then the first `count` failures.
  std::string FailureSummary(size_t count) const;

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

  struct Failure {
    std::string source;
    absl::Duration at;
    std::string what;
  };

  void AddFailure(std::string what);

  std::string source_;
  absl::Time start_ = absl::Now();
  std::map<std::string, Kind> kinds_;
  std::vector<Failure> failures_;
};

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_LOAD_RPC_TALLY_H_
