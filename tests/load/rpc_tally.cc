#include "tests/load/rpc_tally.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tests/support/percentile.h"

namespace glassbox::testing {

void RpcTally::AddFailure(std::string what) { failures_.push_back({source_, absl::Now() - start_, std::move(what)}); }

void RpcTally::Record(const std::string& kind, absl::Duration latency, const grpc::Status& status) {
  Kind& tally = kinds_[kind];
  ++tally.calls;
  if (status.ok()) {
    tally.latencies_ms.push_back(absl::ToDoubleMilliseconds(latency));
  } else if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
    ++tally.refused;
  } else {
    ++tally.failed;
    AddFailure(absl::StrCat(kind, ": status ", status.error_code(), ": ", status.error_message()));
  }
}

void RpcTally::RecordFailure(const std::string& kind, const std::string& what) {
  ++kinds_[kind].failed;
  AddFailure(absl::StrCat(kind, ": ", what));
}

void RpcTally::Merge(const RpcTally& other) {
  for (const auto& [name, theirs] : other.kinds_) {
    Kind& ours = kinds_[name];
    ours.calls += theirs.calls;
    ours.refused += theirs.refused;
    ours.failed += theirs.failed;
    ours.latencies_ms.insert(ours.latencies_ms.end(), theirs.latencies_ms.begin(), theirs.latencies_ms.end());
  }
  failures_.insert(failures_.end(), other.failures_.begin(), other.failures_.end());
}

std::string RpcTally::FailureSummary(size_t count) const {
  struct Span {
    size_t failures = 0;
    absl::Duration first = absl::InfiniteDuration();
    absl::Duration last;
  };
  std::map<std::string, Span> by_source;
  for (const Failure& failure : failures_) {
    Span& span = by_source[failure.source];
    ++span.failures;
    span.first = std::min(span.first, failure.at);
    span.last = std::max(span.last, failure.at);
  }
  std::string summary = absl::StrCat(failures_.size(), " failed calls:\n");
  for (const auto& [source, span] : by_source) {
    absl::StrAppendFormat(&summary, "  %s: %d, from %.2f s to %.2f s\n", source, span.failures,
                          absl::ToDoubleSeconds(span.first), absl::ToDoubleSeconds(span.last));
  }
  absl::StrAppend(&summary, "the first:\n");
  for (size_t i = 0; i < failures_.size() && i < count; ++i) {
    absl::StrAppendFormat(&summary, "  [%s at %.2f s] %s\n", failures_[i].source,
                          absl::ToDoubleSeconds(failures_[i].at), failures_[i].what);
  }
  return summary;
}

int64_t RpcTally::succeeded(const std::string& kind) const {
  auto found = kinds_.find(kind);
  return found == kinds_.end() ? 0 : static_cast<int64_t>(found->second.latencies_ms.size());
}

std::string RpcTally::Report(absl::Duration elapsed) const {
  std::string report = absl::StrFormat("%-16s %8s %8s %7s %9s %9s %9s %9s\n", "rpc", "calls", "refused", "failed",
                                       "ok/s", "p50 ms", "p99 ms", "max ms");
  int64_t total_ok = 0;
  for (const auto& [name, kind] : kinds_) {
    std::vector<double> sorted = kind.latencies_ms;
    std::sort(sorted.begin(), sorted.end());
    total_ok += static_cast<int64_t>(sorted.size());
    absl::StrAppendFormat(&report, "%-16s %8d %8d %7d %9.1f %9.1f %9.1f %9.1f\n", name, kind.calls, kind.refused,
                          kind.failed, static_cast<double>(sorted.size()) / absl::ToDoubleSeconds(elapsed),
                          NearestRankPercentile(sorted, 0.5), NearestRankPercentile(sorted, 0.99), sorted.empty() ? 0.0 : sorted.back());
  }
  absl::StrAppendFormat(&report, "%-16s %8s %8s %7s %9.1f\n", "all", "", "", "",
                        static_cast<double>(total_ok) / absl::ToDoubleSeconds(elapsed));
  return report;
}

}  // namespace glassbox::testing
