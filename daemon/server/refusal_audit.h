// Audits refused and failed calls so that a peer repeating them costs bounded
// space in the audit log. Calls are grouped by peer (its address without the
// port) and principal. In each window (a minute by default) a group's first
// `in_full` refusals are appended as they come; later ones are only counted,
// per action and outcome, and each count is appended as one event (that
// action and outcome, the first counted call's resource and request id, and a
// detail saying how many more came from where, between which times) once the
// window is over: at the next refusal from anyone, on Flush, or on
// destruction. Every event joins the audit log's hash chain, so counts are as
// tamper-evident as single events; counts not yet appended (at most one
// window's) are lost if the daemon is killed. Groups beyond `max_groups`
// share one, named "(other peers)", so memory is bounded too.
#ifndef GLASSBOX_DAEMON_SERVER_REFUSAL_AUDIT_H_
#define GLASSBOX_DAEMON_SERVER_REFUSAL_AUDIT_H_

#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "storage/audit_log.h"

namespace glassbox::server {

class RefusalAudit {
 public:
  struct Options {
    absl::Duration window = absl::Minutes(1);
    int in_full = 10;
    size_t max_groups = 1024;
  };

  RefusalAudit(storage::AuditLog& log, Options options) : log_(log), options_(options) {}
  ~RefusalAudit() { Flush(); }

  // `peer` as grpc::ServerContext::peer() gives it (ipv4:1.2.3.4:5678).
  void Record(const std::string& peer, storage::AuditRecord record);
  // Appends every count, ending the windows early (before the log is read).
  void Flush();

 private:
  struct Counted {
    storage::AuditRecord first;
    int64_t count = 0;
    absl::Time first_time;
    absl::Time last_time;
  };
  struct Window {
    absl::Time start;
    int in_full = 0;
    std::map<std::pair<std::string, std::string>, Counted> counted;  // by action, outcome
  };

  // The counts of windows that ended before `now` (all when `now` is
  // InfiniteFuture), removing those windows. Under mutex_.
  std::vector<storage::AuditRecord> TakeEnded(absl::Time now);
  void AppendAll(const std::vector<storage::AuditRecord>& records);

  storage::AuditLog& log_;
  const Options options_;
  std::mutex mutex_;
  std::map<std::string, Window> windows_;  // by group
};

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_REFUSAL_AUDIT_H_
