#include "storage/scorecard_store.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"

namespace glassbox::storage {
namespace {

absl::StatusOr<std::string> ReadColumn(Database& database, const char* sql, const std::string& id) {
  Session session(database);
  auto query = session.Prepare(sql);
  query.Bind(1, id);
  return ReadFirstColumn(query, absl::StrCat("scorecard '", id, "' does not exist"));
}

}  // namespace

absl::Status ScorecardStore::Insert(const glassbox::v1::Scorecard& scorecard, const std::string& pdf,
                                    const AuditRecord& audit) {
  Transaction transaction(database_);
  if (auto status = AppendAudit(transaction, audit); !status.ok()) return status;
  auto insert = transaction.Prepare(
      "INSERT INTO scorecards (id, run_id, model_name, sha256, create_time, resource, pdf) VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.Bind(1, scorecard.id())
      .Bind(2, scorecard.run_id())
      .Bind(3, scorecard.model_name())
      .Bind(4, scorecard.sha256())
      .Bind(5, google::protobuf::util::TimeUtil::TimestampToMicroseconds(scorecard.create_time()))
      .BindBlob(6, scorecard.SerializeAsString())
      .BindBlob(7, pdf);
  if (auto status = insert.Run(); !status.ok()) return status;
  return transaction.Commit();
}

absl::StatusOr<glassbox::v1::Scorecard> ScorecardStore::Get(const std::string& id) {
  auto bytes = ReadColumn(database_, "SELECT resource FROM scorecards WHERE id = ?", id);
  if (!bytes.ok()) return bytes.status();
  glassbox::v1::Scorecard scorecard;
  scorecard.ParseFromString(*bytes);
  return scorecard;
}

absl::StatusOr<std::string> ScorecardStore::ReadPdf(const std::string& id) {
  return ReadColumn(database_, "SELECT pdf FROM scorecards WHERE id = ?", id);
}

absl::StatusOr<Page<glassbox::v1::Scorecard>> ScorecardStore::List(const ScorecardFilter& filter,
                                                                   const PageRequest& request) {
  auto cursor = ParsePageRequest(request);
  if (!cursor.ok()) return cursor.status();
  std::string sql = "SELECT seq, resource FROM scorecards WHERE seq < ?";
  if (!filter.run_id.empty()) sql += " AND run_id = ?";
  if (!filter.model_name.empty()) sql += " AND model_name = ?";
  sql += " ORDER BY seq DESC LIMIT ?";
  Session session(database_);
  auto query = session.Prepare(sql);
  int index = 1;
  query.Bind(index++, cursor->before_seq);
  if (!filter.run_id.empty()) query.Bind(index++, filter.run_id);
  if (!filter.model_name.empty()) query.Bind(index++, filter.model_name);
  query.Bind(index, static_cast<int64_t>(cursor->page_size + 1));
  return ReadPage<glassbox::v1::Scorecard>(query, cursor->page_size);
}

}  // namespace glassbox::storage
