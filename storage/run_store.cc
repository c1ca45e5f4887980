#include "storage/run_store.h"

#include <iterator>
#include <limits>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "storage/clock.h"
#include "storage/scorecard_store.h"

namespace glassbox::storage {
namespace {

using google::protobuf::util::TimeUtil;

constexpr int64_t kQueued = glassbox::v1::QUEUED;
constexpr int64_t kRunning = glassbox::v1::RUNNING;

absl::Status UpdateIn(Session& session, const glassbox::v1::Run& run) {
  auto update = session.Prepare("UPDATE runs SET state = ?, resource = ? WHERE id = ?");
  update.Bind(1, static_cast<int64_t>(run.state())).BindBlob(2, run.SerializeAsString()).Bind(3, run.id());
  return update.Run();
}

absl::Status NotFound(const char* kind, const std::string& id) {
  return absl::NotFoundError(absl::StrCat(kind, " '", id, "' does not exist"));
}

template <typename T>
absl::StatusOr<T> GetById(Database& database, const char* table, const std::string& id, const absl::Status& absent) {
  Session session(database);
  auto query = session.Prepare(absl::StrCat("SELECT resource FROM ", table, " WHERE id = ?"));
  query.Bind(1, id);
  return ReadResource<T>(query, table, IdRow(id), std::string(absent.message()));
}

absl::StatusOr<std::vector<std::string>> UnfinishedIn(Session& session) {
  auto query = session.Prepare("SELECT id FROM runs WHERE state IN (?, ?) ORDER BY seq");
  query.Bind(1, static_cast<int64_t>(glassbox::v1::QUEUED)).Bind(2, static_cast<int64_t>(glassbox::v1::RUNNING));
  std::vector<std::string> ids;
  while (true) {
    auto row = query.Step();
    if (!row.ok()) return row.status();
    if (!*row) return ids;
    ids.push_back(query.ColumnText(0));
  }
}

// OK when `executor` holds run `id`: RUNNING in storage and claimed by it.
// The row stays locked until the transaction ends.
absl::Status HeldIn(Session& session, const std::string& id, const std::string& executor) {
  auto query = session.Prepare(absl::StrCat("SELECT claimed_by, state FROM runs WHERE id = ?", session.RowLock()));
  query.Bind(1, id);
  auto row = query.Step();
  if (!row.ok()) return row.status();
  if (!*row) return RunStore::RunNotFound(id);
  if (query.ColumnText(0) != executor || query.ColumnInt(1) != kRunning) return RunStore::LeaseLost(id);
  return absl::OkStatus();
}

absl::StatusOr<glassbox::v1::Run> EndIn(Session& session, const std::string& id, glassbox::v1::RunState state,
                                        const std::string& reason) {
  auto query = session.Prepare(absl::StrCat("SELECT resource FROM runs WHERE id = ?", session.RowLock()));
  query.Bind(1, id);
  auto run = ReadResource<glassbox::v1::Run>(query, "runs", IdRow(id), absl::StrCat("run '", id, "' does not exist"));
  if (!run.ok() || IsTerminal(run->state())) return run;
  MarkEnded(*run, state, reason);
  if (auto status = UpdateIn(session, *run); !status.ok()) return status;
  return run;
}

}  // namespace

bool IsTerminal(glassbox::v1::RunState state) {
  return state == glassbox::v1::SUCCEEDED || state == glassbox::v1::FAILED || state == glassbox::v1::CANCELLED ||
         state == glassbox::v1::INTERRUPTED;
}

void MarkEnded(glassbox::v1::Run& run, glassbox::v1::RunState state, const std::string& reason) {
  for (auto& analysis : *run.mutable_analyses()) {
    if (analysis.state() == glassbox::v1::PENDING || analysis.state() == glassbox::v1::ANALYSIS_RUNNING) {
      analysis.set_state(glassbox::v1::ANALYSIS_CANCELLED);
    }
  }
  run.set_state(state);
  run.set_error(reason);
  *run.mutable_end_time() = Now();
}

absl::Status RunStore::Create(const glassbox::v1::Run& run, const AuditRecord& audit,
                              const std::vector<PrivacyCharge>& privacy, int max_queued) {
  Transaction transaction(database_);
  auto queued = transaction.Prepare("SELECT COUNT(*) FROM runs WHERE state = ?");
  queued.Bind(1, kQueued);
  auto counted = queued.Step();
  if (!counted.ok()) return counted.status();
  if (queued.ColumnInt(0) >= max_queued) {
    return absl::ResourceExhaustedError(absl::StrCat("the run queue is full (", max_queued,
                                                     " runs waiting); retry later or raise --max_queued_runs"));
  }
  if (auto status = AppendAudit(transaction, audit); !status.ok()) return status;
  auto insert = transaction.Prepare(
      "INSERT INTO runs (id, project, dataset_id, model_name, model_version, state, create_time, creator, resource) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.Bind(1, run.id())
      .Bind(2, run.project())
      .Bind(3, run.spec().dataset_id())
      .Bind(4, run.spec().model().name())
      .Bind(5, run.spec().model().version())
      .Bind(6, static_cast<int64_t>(run.state()))
      .Bind(7, TimeUtil::TimestampToMicroseconds(run.create_time()))
      .Bind(8, run.creator())
      .BindBlob(9, run.SerializeAsString());
  if (auto status = insert.Run(); !status.ok()) {
    return absl::FailedPreconditionError(absl::StrCat("cannot record run: ", status.message()));
  }
  if (auto status = ReservePrivacy(transaction, run.spec().dataset_id(), run.id(), run.creator(), privacy);
      !status.ok()) {
    return status;
  }
  return transaction.Commit();
}

absl::StatusOr<std::optional<glassbox::v1::Run>> RunStore::Claim(absl::Duration lease) {
  Transaction transaction(database_, Transaction::Scope::kRowLocking);
  if (!transaction.began().ok()) return transaction.began();
  auto oldest = transaction.Prepare(
      absl::StrCat("SELECT id, resource FROM runs WHERE state = ? ORDER BY seq LIMIT 1", transaction.RowLock(true)));
  oldest.Bind(1, kQueued);
  auto found = oldest.Step();
  if (!found.ok()) return found.status();
  if (!*found) return std::nullopt;
  const std::string id = oldest.ColumnText(0);
  auto run = ParseStored<glassbox::v1::Run>(oldest.ColumnBlob(1), "runs", IdRow(id));
  if (!run.ok()) {
    // Taken out of the queue, so that it does not stop every claim after it.
    auto fail = transaction.Prepare("UPDATE runs SET state = ?, claimed_by = ? WHERE id = ?");
    fail.Bind(1, static_cast<int64_t>(glassbox::v1::FAILED)).Bind(2, executor_).Bind(3, id);
    if (auto status = fail.Run(); !status.ok()) return status;
    if (auto status = transaction.Commit(); !status.ok()) return status;
    return run.status();
  }
  run->set_state(glassbox::v1::RUNNING);
  *run->mutable_start_time() = Now();
  auto claim = transaction.Prepare(absl::StrCat("UPDATE runs SET state = ?, resource = ?, claimed_by = ?, lease_expiry = ",
                                                transaction.NowMicros(), " + ? WHERE id = ?"));
  claim.Bind(1, kRunning)
      .BindBlob(2, run->SerializeAsString())
      .Bind(3, executor_)
      .Bind(4, absl::ToInt64Microseconds(lease))
      .Bind(5, id);
  if (auto status = claim.Run(); !status.ok()) return status;
  if (auto status = transaction.Commit(); !status.ok()) return status;
  return run;
}

// A single-row update and a read, outside the writers' lock: a heartbeat
// never waits behind other writes. The update locks the row only if the
// executor holds it, and then nothing else changes it before the read.
absl::StatusOr<Lease> RunStore::RenewLease(const std::string& id, absl::Duration lease) {
  Session session(database_);
  auto renew = session.Prepare(absl::StrCat("UPDATE runs SET lease_expiry = ", session.NowMicros(),
                                            " + ? WHERE id = ? AND claimed_by = ? AND state = ?"));
  renew.Bind(1, absl::ToInt64Microseconds(lease)).Bind(2, id).Bind(3, executor_).Bind(4, kRunning);
  if (auto status = renew.Run(); !status.ok()) return status;
  auto query = session.Prepare("SELECT claimed_by, state, cancel_requested FROM runs WHERE id = ?");
  query.Bind(1, id);
  auto row = query.Step();
  if (!row.ok()) return row.status();
  if (!*row) return RunNotFound(id);
  return Lease{.held = query.ColumnText(0) == executor_ && query.ColumnInt(1) == kRunning,
               .cancel_requested = query.ColumnInt(2) != 0};
}

absl::Status RunStore::Update(const glassbox::v1::Run& run) {
  Transaction transaction(database_);
  if (auto status = HeldIn(transaction, run.id(), executor_); !status.ok()) return status;
  if (auto status = UpdateIn(transaction, run); !status.ok()) return status;
  return transaction.Commit();
}

absl::Status RunStore::CommitInsight(const glassbox::v1::Run& run, int index, const glassbox::v1::Insight& insight) {
  Transaction transaction(database_);
  if (auto status = HeldIn(transaction, run.id(), executor_); !status.ok()) return status;
  auto insert = transaction.Prepare(
      "INSERT INTO insights (id, run_id, analysis_index, analyzer, create_time, resource) VALUES (?, ?, ?, ?, ?, ?)");
  insert.Bind(1, insight.id())
      .Bind(2, run.id())
      .Bind(3, static_cast<int64_t>(index))
      .Bind(4, insight.analyzer())
      .Bind(5, TimeUtil::TimestampToMicroseconds(insight.create_time()))
      .BindBlob(6, insight.SerializeAsString());
  if (auto status = insert.Run(); !status.ok()) return status;
  if (auto status = UpdateIn(transaction, run); !status.ok()) return status;
  return transaction.Commit();
}

absl::StatusOr<glassbox::v1::Run> RunStore::Get(const std::string& id) {
  return GetById<glassbox::v1::Run>(database_, "runs", id, RunNotFound(id));
}

absl::StatusOr<Page<glassbox::v1::Run>> RunStore::List(const RunFilter& filter, const PageRequest& request) {
  ListQuery query("runs");
  query.InProjects(filter.projects);
  if (!filter.dataset_id.empty()) query.Where("dataset_id = ?", filter.dataset_id);
  if (!filter.model_name.empty()) query.Where("model_name = ?", filter.model_name);
  if (!filter.model_version.empty()) query.Where("model_version = ?", filter.model_version);
  if (filter.state != glassbox::v1::RUN_STATE_UNSPECIFIED) query.Where("state = ?", static_cast<int64_t>(filter.state));
  if (!filter.creator.empty()) query.Where("creator = ?", filter.creator);
  query.Within("create_time", filter.created);
  if (filter.verdict != glassbox::v1::VERDICT_FILTER_UNSPECIFIED) {
    query.Where(absl::StrCat("COALESCE((SELECT verdict FROM scorecards WHERE scorecards.run_id = runs.id ",
                             "ORDER BY scorecards.seq DESC LIMIT 1), ", glassbox::v1::VERDICT_UNSPECIFIED, ") = ?"),
                static_cast<int64_t>(SelectedVerdict(filter.verdict)));
  }
  return query.Read<glassbox::v1::Run>(database_, request);
}

absl::StatusOr<glassbox::v1::Insight> RunStore::GetInsight(const std::string& id) {
  return GetById<glassbox::v1::Insight>(database_, "insights", id, InsightNotFound(id));
}

absl::StatusOr<Page<glassbox::v1::Insight>> RunStore::ListInsights(const std::string& run_id,
                                                                   const PageRequest& request) {
  auto cursor = ParsePageRequest(request);
  if (!cursor.ok()) return cursor.status();
  // Page tokens count down (page.h) and these pages follow the analyses up:
  // a token holds INT64_MAX less the analysis index its page starts at, so
  // the first page (INT64_MAX) starts at 0.
  const int64_t first_index = std::numeric_limits<int64_t>::max() - cursor->before_seq;
  Session session(database_);
  auto query = session.Prepare(
      "SELECT id, resource, analysis_index FROM insights WHERE run_id = ? AND analysis_index >= ? "
      "ORDER BY analysis_index LIMIT ?");
  query.Bind(1, run_id);
  query.Bind(2, first_index);
  query.Bind(3, static_cast<int64_t>(cursor->page_size + 1));
  Page<glassbox::v1::Insight> page;
  size_t page_bytes = 0;
  while (true) {
    auto row = query.Step();
    if (!row.ok()) return row.status();
    if (!*row) return page;
    std::string blob = query.ColumnBlob(1);
    if (!cursor->Admits(page.items.size(), blob.size(), page_bytes)) {
      page.next_page_token = MakePageToken(std::numeric_limits<int64_t>::max() - query.ColumnInt(2));
      return page;
    }
    auto insight = ParseStored<glassbox::v1::Insight>(blob, "insights", IdRow(query.ColumnText(0)));
    if (!insight.ok()) return insight.status();
    page.items.push_back(*std::move(insight));
  }
}

absl::StatusOr<std::vector<glassbox::v1::Insight>> RunStore::ListInsights(const std::string& run_id) {
  std::vector<glassbox::v1::Insight> insights;
  PageRequest request;
  request.page_size = kMaxPageSize;
  do {
    auto page = ListInsights(run_id, request);
    if (!page.ok()) return page.status();
    std::move(page->items.begin(), page->items.end(), std::back_inserter(insights));
    request.page_token = page->next_page_token;
  } while (!request.page_token.empty());
  return insights;
}

absl::Status RunStore::RunNotFound(const std::string& id) { return NotFound("run", id); }

absl::Status RunStore::InsightNotFound(const std::string& id) { return NotFound("insight", id); }

absl::Status RunStore::LeaseLost(const std::string& id) {
  return absl::AbortedError(absl::StrCat("run '", id, "' is no longer this daemon's to write: its lease expired and ",
                                         "another daemon ended it"));
}

absl::StatusOr<glassbox::v1::Run> RunStore::Cancel(const std::string& id) {
  Transaction transaction(database_);
  auto query = transaction.Prepare(absl::StrCat("SELECT resource, lease_expiry > ", transaction.NowMicros(),
                                                " FROM runs WHERE id = ?", transaction.RowLock()));
  query.Bind(1, id);
  auto found = query.Step();
  if (!found.ok()) return found.status();
  if (!*found) return RunNotFound(id);
  const bool lease_live = query.ColumnInt(1) != 0;
  auto run = ParseStored<glassbox::v1::Run>(query.ColumnBlob(0), "runs", IdRow(id));
  if (!run.ok() || IsTerminal(run->state())) return run;
  if (run->state() == glassbox::v1::RUNNING && lease_live) {
    auto request = transaction.Prepare("UPDATE runs SET cancel_requested = 1 WHERE id = ?");
    request.Bind(1, id);
    if (auto status = request.Run(); !status.ok()) return status;
  } else {
    MarkEnded(*run, glassbox::v1::CANCELLED,
              run->state() == glassbox::v1::QUEUED ? "cancelled before it started"
                                                    : "cancelled; no daemon was executing it (its lease had expired)");
    if (auto status = UpdateIn(transaction, *run); !status.ok()) return status;
  }
  if (auto status = transaction.Commit(); !status.ok()) return status;
  return run;
}

absl::StatusOr<int> RunStore::ReapExpired() {
  Transaction transaction(database_);
  auto query = transaction.Prepare(absl::StrCat("SELECT id, claimed_by FROM runs WHERE state = ? AND lease_expiry < ",
                                                transaction.NowMicros(), " AND claimed_by <> ? ORDER BY seq",
                                                transaction.RowLock(true)));
  query.Bind(1, kRunning).Bind(2, executor_);
  std::vector<std::pair<std::string, std::string>> expired;
  while (true) {
    auto row = query.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    expired.emplace_back(query.ColumnText(0), query.ColumnText(1));
  }
  for (const auto& [id, daemon] : expired) {
    auto run = EndIn(transaction, id, glassbox::v1::INTERRUPTED,
                     daemon.empty() ? "no daemon was executing the run; create the run again"
                                    : absl::StrCat("the daemon executing the run (", daemon,
                                                   ") stopped renewing its lease; create the run again"));
    if (!run.ok()) return run.status();
  }
  if (auto status = transaction.Commit(); !status.ok()) return status;
  return static_cast<int>(expired.size());
}

absl::StatusOr<int> RunStore::MarkInterrupted() {
  Transaction transaction(database_);
  auto ids = UnfinishedIn(transaction);
  if (!ids.ok()) return ids.status();
  for (const auto& id : *ids) {
    auto run = EndIn(transaction, id, glassbox::v1::INTERRUPTED,
                     "the daemon stopped while the run was queued or running; create the run again");
    if (!run.ok()) return run.status();
  }
  if (auto status = transaction.Commit(); !status.ok()) return status;
  return static_cast<int>(ids->size());
}

}  // namespace glassbox::storage
