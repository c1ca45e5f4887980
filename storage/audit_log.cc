#include "storage/audit_log.h"

#include <condition_variable>
#include <limits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "storage/clock.h"
#include "storage/sha256.h"

namespace glassbox::storage {
namespace {

using google::protobuf::util::TimeUtil;

const std::string kGenesisHash(64, '0');

// The hash of an entry: its fields, length-prefixed so no two entries share
// an encoding, after the previous entry's hash.
std::string EntryHash(const glassbox::v1::AuditEvent& event) {
  Sha256 hasher;
  hasher.Update(event.previous_hash());
  for (const std::string& field :
       {absl::StrCat(event.sequence()), absl::StrCat(TimeUtil::TimestampToMicroseconds(event.time())), event.principal(),
        event.role(), event.action(), event.resource(), event.outcome(), event.request_id(), event.detail()}) {
    hasher.Update(absl::StrCat(field.size(), ":"));
    hasher.Update(field);
  }
  if (!event.project().empty()) {
    hasher.Update(absl::StrCat(event.project().size(), ":"));
    hasher.Update(event.project());
  }
  return hasher.HexDigest();
}

std::string Capped(const std::string& value, size_t max_bytes) {
  if (value.size() <= max_bytes) return value;
  std::string marker = absl::StrCat("...[", value.size(), " bytes cut]");
  size_t keep = max_bytes - marker.size();
  while (keep > 0 && (static_cast<unsigned char>(value[keep]) & 0xC0) == 0x80) --keep;
  return absl::StrCat(value.substr(0, keep), marker);
}

constexpr char kColumns[] =
    "seq, time, principal, role, action, resource, outcome, request_id, detail, previous_hash, hash, project";

glassbox::v1::AuditEvent ReadEvent(const Statement& row) {
  glassbox::v1::AuditEvent event;
  event.set_sequence(row.ColumnInt(0));
  *event.mutable_time() = TimeUtil::MicrosecondsToTimestamp(row.ColumnInt(1));
  event.set_principal(row.ColumnText(2));
  event.set_role(row.ColumnText(3));
  event.set_action(row.ColumnText(4));
  event.set_resource(row.ColumnText(5));
  event.set_outcome(row.ColumnText(6));
  event.set_request_id(row.ColumnText(7));
  event.set_detail(row.ColumnText(8));
  event.set_previous_hash(row.ColumnText(9));
  event.set_hash(row.ColumnText(10));
  event.set_project(row.ColumnText(11));
  return event;
}

}  // namespace

absl::Status AppendAudit(Session& session, const AuditRecord& record) {
  auto head = session.Prepare("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1");
  auto found = head.Step();
  if (!found.ok()) return found.status();
  glassbox::v1::AuditEvent event;
  event.set_sequence(*found ? head.ColumnInt(0) + 1 : 1);
  event.set_previous_hash(*found ? head.ColumnText(1) : kGenesisHash);
  *event.mutable_time() = Now();
  event.set_principal(Capped(record.principal, kMaxAuditFieldBytes));
  event.set_role(Capped(record.role, kMaxAuditFieldBytes));
  event.set_action(Capped(record.action, kMaxAuditFieldBytes));
  event.set_resource(Capped(record.resource, kMaxAuditFieldBytes));
  event.set_outcome(Capped(record.outcome, kMaxAuditFieldBytes));
  event.set_request_id(Capped(record.request_id, kMaxAuditFieldBytes));
  event.set_detail(Capped(record.detail, kMaxAuditDetailBytes));
  event.set_project(Capped(record.project, kMaxAuditFieldBytes));
  event.set_hash(EntryHash(event));
  auto insert = session.Prepare(
      absl::StrCat("INSERT INTO audit_events (", kColumns, ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  insert.Bind(1, event.sequence())
      .Bind(2, TimeUtil::TimestampToMicroseconds(event.time()))
      .Bind(3, event.principal())
      .Bind(4, event.role())
      .Bind(5, event.action())
      .Bind(6, event.resource())
      .Bind(7, event.outcome())
      .Bind(8, event.request_id())
      .Bind(9, event.detail())
      .Bind(10, event.previous_hash())
      .Bind(11, event.hash())
      .Bind(12, event.project());
  return insert.Run();
}

struct AuditLog::Writer {
  const AuditRecord& record;
  absl::Status status;
  bool done = false;
  std::condition_variable turn;
};

absl::Status AuditLog::Append(const AuditRecord& record) {
  Writer writer{record};
  std::unique_lock lock(mutex_);
  writers_.push_back(&writer);
  while (!writer.done && &writer != writers_.front()) writer.turn.wait(lock);
  if (writer.done) return writer.status;

  const std::vector<Writer*> group(writers_.begin(), writers_.end());
  lock.unlock();
  absl::Status status = [&] {
    Transaction transaction(database_);
    for (const Writer* member : group) {
      if (auto appended = AppendAudit(transaction, member->record); !appended.ok()) return appended;
    }
    return transaction.Commit();
  }();
  lock.lock();
  for (Writer* member : group) {
    writers_.pop_front();
    member->status = status;
    member->done = true;
    if (member != &writer) member->turn.notify_one();
  }
  if (!writers_.empty()) writers_.front()->turn.notify_one();
  return status;
}

absl::StatusOr<Page<glassbox::v1::AuditEvent>> AuditLog::List(const AuditFilter& filter, const PageRequest& request) {
  auto cursor = ParsePageRequest(request);
  if (!cursor.ok()) return cursor.status();
  // Oldest first: the token holds the last sequence returned; entries after it follow.
  int64_t after = cursor->before_seq == std::numeric_limits<int64_t>::max() ? 0 : cursor->before_seq;
  std::string sql = absl::StrCat("SELECT ", kColumns, " FROM audit_events WHERE seq > ?");
  if (!filter.principal.empty()) sql += " AND principal = ?";
  if (!filter.action.empty()) sql += " AND action = ?";
  if (!filter.resource_prefix.empty()) sql += " AND substr(resource, 1, ?) = ?";
  if (filter.time.since_micros) sql += " AND time >= ?";
  if (filter.time.until_micros) sql += " AND time < ?";
  if (!filter.projects.every) absl::StrAppend(&sql, " AND ", ProjectCondition(filter.projects));
  sql += " ORDER BY seq LIMIT ?";
  Session session(database_);
  auto query = session.Prepare(sql);
  int index = 1;
  query.Bind(index++, after);
  if (!filter.principal.empty()) query.Bind(index++, filter.principal);
  if (!filter.action.empty()) query.Bind(index++, filter.action);
  if (!filter.resource_prefix.empty()) {
    query.Bind(index++, static_cast<int64_t>(filter.resource_prefix.size())).Bind(index++, filter.resource_prefix);
  }
  if (filter.time.since_micros) query.Bind(index++, *filter.time.since_micros);
  if (filter.time.until_micros) query.Bind(index++, *filter.time.until_micros);
  for (const auto& project : filter.projects.names) query.Bind(index++, project);
  query.Bind(index, static_cast<int64_t>(cursor->page_size + 1));
  Page<glassbox::v1::AuditEvent> page;
  size_t page_bytes = 0;
  while (true) {
    auto row = query.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    glassbox::v1::AuditEvent event = ReadEvent(query);
    if (!cursor->Admits(page.items.size(), event.ByteSizeLong(), page_bytes)) {
      page.next_page_token = MakePageToken(page.items.back().sequence());
      break;
    }
    page.items.push_back(std::move(event));
  }
  return page;
}

absl::StatusOr<glassbox::v1::VerifyAuditLogResponse> AuditLog::Verify() {
  Session session(database_);
  auto query = session.Prepare(absl::StrCat("SELECT ", kColumns, " FROM audit_events ORDER BY seq"));
  glassbox::v1::VerifyAuditLogResponse result;
  result.set_intact(true);
  std::string previous = kGenesisHash;
  int64_t expected_sequence = 1;
  while (true) {
    auto row = query.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    glassbox::v1::AuditEvent event = ReadEvent(query);
    std::string reason;
    if (event.sequence() != expected_sequence) {
      reason = absl::StrCat("entry ", expected_sequence, " is missing");
    } else if (event.previous_hash() != previous) {
      reason = "its previous_hash is not the hash of the entry before it (an entry was removed or moved)";
    } else if (EntryHash(event) != event.hash()) {
      reason = "its content does not match its hash (it was edited)";
    }
    if (!reason.empty()) {
      result.set_intact(false);
      result.set_first_broken_sequence(event.sequence() != expected_sequence ? expected_sequence : event.sequence());
      result.set_reason(reason);
      return result;
    }
    result.set_entries_checked(result.entries_checked() + 1);
    previous = event.hash();
    ++expected_sequence;
  }
  result.set_head_hash(previous);
  return result;
}

}  // namespace glassbox::storage
