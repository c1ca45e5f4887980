#include "storage/scorecard_store.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "storage/sha256.h"

namespace glassbox::storage {
namespace {

absl::StatusOr<std::string> ReadColumn(Database& database, const char* sql, const std::string& id) {
  Session session(database);
  auto query = session.Prepare(sql);
  query.Bind(1, id);
  return ReadFirstColumn(query, std::string(ScorecardStore::NotFound(id).message()));
}

}  // namespace

absl::Status ScorecardStore::Insert(const glassbox::v1::Scorecard& scorecard, const std::string& pdf,
                                    const AuditRecord& audit) {
  Transaction transaction(database_);
  if (auto status = AppendAudit(transaction, audit); !status.ok()) return status;
  auto insert = transaction.Prepare(
      "INSERT INTO scorecards (id, run_id, model_name, model_version, creator, verdict, sha256, create_time, resource, "
      "pdf, project) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.Bind(1, scorecard.id())
      .Bind(2, scorecard.run_id())
      .Bind(3, scorecard.model_name())
      .Bind(4, scorecard.model_version())
      .Bind(5, scorecard.creator())
      .Bind(6, static_cast<int64_t>(scorecard.verdict()))
      .Bind(7, scorecard.sha256())
      .Bind(8, google::protobuf::util::TimeUtil::TimestampToMicroseconds(scorecard.create_time()))
      .BindBlob(9, scorecard.SerializeAsString())
      .BindBlob(10, pdf)
      .Bind(11, scorecard.project());
  if (auto status = insert.Run(); !status.ok()) return status;
  return transaction.Commit();
}

absl::StatusOr<glassbox::v1::Scorecard> ScorecardStore::Get(const std::string& id) {
  auto bytes = ReadColumn(database_, "SELECT resource FROM scorecards WHERE id = ?", id);
  if (!bytes.ok()) return bytes.status();
  return ParseStored<glassbox::v1::Scorecard>(*bytes, "scorecards", IdRow(id));
}

absl::StatusOr<std::string> ScorecardStore::ReadPdf(const std::string& id) {
  Session session(database_);
  auto query = session.Prepare("SELECT pdf, sha256 FROM scorecards WHERE id = ?");
  query.Bind(1, id);
  auto found = query.Step();
  if (!found.ok()) return found.status();
  if (!*found) return NotFound(id);
  std::string pdf = query.ColumnBlob(0);
  if (Sha256Hex(pdf) != query.ColumnText(1)) {
    return absl::DataLossError(absl::StrCat("the stored PDF of scorecard '", id,
                                            "' no longer hashes to the SHA-256 it was issued with"));
  }
  return pdf;
}

absl::StatusOr<Page<glassbox::v1::Scorecard>> ScorecardStore::List(const ScorecardFilter& filter,
                                                                   const PageRequest& request) {
  ListQuery query("scorecards");
  query.InProjects(filter.projects);
  if (!filter.run_id.empty()) query.Where("run_id = ?", filter.run_id);
  if (!filter.model_name.empty()) query.Where("model_name = ?", filter.model_name);
  if (!filter.model_version.empty()) query.Where("model_version = ?", filter.model_version);
  if (!filter.creator.empty()) query.Where("creator = ?", filter.creator);
  query.Within("create_time", filter.created);
  if (filter.verdict != glassbox::v1::VERDICT_FILTER_UNSPECIFIED) {
    query.Where("verdict = ?", static_cast<int64_t>(SelectedVerdict(filter.verdict)));
  }
  return query.Read<glassbox::v1::Scorecard>(database_, request);
}

absl::Status ScorecardStore::NotFound(const std::string& id) {
  return absl::NotFoundError(absl::StrCat("scorecard '", id, "' does not exist"));
}

glassbox::v1::Verdict SelectedVerdict(glassbox::v1::VerdictFilter filter) {
  switch (filter) {
    case glassbox::v1::TARGETS_MET:
      return glassbox::v1::PASS;
    case glassbox::v1::TARGETS_NOT_MET:
      return glassbox::v1::FAIL;
    default:
      return glassbox::v1::VERDICT_UNSPECIFIED;
  }
}

}  // namespace glassbox::storage
