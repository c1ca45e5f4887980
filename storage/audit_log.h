// The append-only audit log. Each entry stores the SHA-256 of its content
// chained to the previous entry's hash; Verify recomputes the chain and names
// the first entry that was edited, removed or moved. Appends join the caller's
// transaction, so an event commits with the change it records. No API edits
// or deletes an entry (triggers refuse it in SQLite too). Deleting the newest
// entries leaves a valid shorter chain: compare head_hash with a copy kept
// elsewhere to detect that. An entry's project is part of its hash when it
// has one; entries without (daemon-wide, or logged before projects existed)
// hash exactly as they did before projects existed.
#ifndef GLASSBOX_STORAGE_AUDIT_LOG_H_
#define GLASSBOX_STORAGE_AUDIT_LOG_H_

#include <deque>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "glassbox/v1/audit.pb.h"
#include "storage/database.h"
#include "storage/list_query.h"
#include "storage/page.h"

namespace glassbox::storage {

struct AuditRecord {
  std::string principal;
  std::string role;
  std::string action;
  std::string resource;
  std::string outcome = "OK";
  std::string request_id;
  std::string detail;
  // Empty for daemon-wide events.
  std::string project = "";
};

// What an entry keeps of each field: a longer value is cut at a UTF-8
// boundary and ends with "...[N bytes cut]", so no caller's input makes an
// entry large. The detail keeps more; every other field keeps 256 bytes.
inline constexpr size_t kMaxAuditFieldBytes = 256;
inline constexpr size_t kMaxAuditDetailBytes = 1024;

// Appends within `session` (normally a Transaction the caller commits).
absl::Status AppendAudit(Session& session, const AuditRecord& record);

struct AuditFilter {
  std::string principal;
  std::string action;
  std::string resource_prefix;
  TimeRange time;
  // Daemon-wide events are listed only when every project is.
  ProjectSet projects = ProjectSet::All();
};

class AuditLog {
 public:
  explicit AuditLog(Database& database) : database_(database) {}

  // Appends in a transaction of its own (for events that change nothing else,
  // such as reads), committed before it returns. Concurrent calls share one
  // transaction, and so one disk sync, as LevelDB groups its writers: the
  // first caller waiting commits every record queued behind it.
  absl::Status Append(const AuditRecord& record);
  // Oldest first.
  absl::StatusOr<Page<glassbox::v1::AuditEvent>> List(const AuditFilter& filter, const PageRequest& request);
  absl::StatusOr<glassbox::v1::VerifyAuditLogResponse> Verify();

 private:
  struct Writer;

  Database& database_;
  std::mutex mutex_;
  std::deque<Writer*> writers_;
};

}  // namespace glassbox::storage

#endif  // GLASSBOX_STORAGE_AUDIT_LOG_H_
