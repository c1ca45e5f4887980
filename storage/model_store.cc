#include "storage/model_store.h"

#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/protobuf/util/time_util.h"
#include "storage/sha256.h"

namespace glassbox::storage {
namespace {

// `row` names the row queried, e.g. "name 'm' version 2".
absl::StatusOr<glassbox::v1::ModelVersion> ReadOne(Statement& query, const std::string& what, const std::string& row) {
  return ReadResource<glassbox::v1::ModelVersion>(query, "models", row,
                                                 absl::StrCat(what, " is not registered; ListModels shows the models"));
}

// Whether `a` and `b` describe one version: everything but the version
// number and who registered it when.
bool SameDescription(glassbox::v1::ModelVersion a, glassbox::v1::ModelVersion b) {
  for (glassbox::v1::ModelVersion* model : {&a, &b}) {
    model->clear_version();
    model->clear_create_time();
    model->clear_creator();
  }
  return google::protobuf::util::MessageDifferencer::Equals(a, b);
}

}  // namespace

absl::StatusOr<std::unique_ptr<ModelStore>> ModelStore::Open(Database& database, std::string folder) {
  auto blobs = BlobStore::Open(database, std::move(folder));
  if (!blobs.ok()) return blobs.status();
  if (auto status = (*blobs)->AdoptCachedFiles("models"); !status.ok()) return status;
  return std::unique_ptr<ModelStore>(new ModelStore(database, *std::move(blobs)));
}

absl::StatusOr<glassbox::v1::ModelVersion> ModelStore::Register(glassbox::v1::ModelVersion model,
                                                                const std::string& bytes, const AuditRecord& audit) {
  if (!bytes.empty()) {
    model.set_sha256(Sha256Hex(bytes));
    model.set_size_bytes(static_cast<int64_t>(bytes.size()));
    if (auto status = blobs_->PutBytes(model.sha256(), bytes); !status.ok()) return status;
  }
  Transaction transaction(database_);
  if (auto status = AppendAudit(transaction, audit); !status.ok()) return status;
  auto existing = transaction.Prepare(
      "SELECT resource FROM models WHERE project = ? AND name = ? AND sha256 = ? ORDER BY version");
  existing.Bind(1, model.project()).Bind(2, model.name()).Bind(3, model.sha256());
  while (true) {
    auto found = existing.Step();
    if (!found.ok()) return found.status();
    if (!*found) break;
    auto stored = ParseStored<glassbox::v1::ModelVersion>(
        existing.ColumnBlob(0), "models", absl::StrCat("name '", model.name(), "' sha256 '", model.sha256(), "'"));
    if (!stored.ok()) return stored.status();
    if (!SameDescription(*stored, model)) continue;
    if (auto status = transaction.Commit(); !status.ok()) return status;
    return stored;
  }
  auto latest = transaction.Prepare("SELECT COALESCE(MAX(version), 0) FROM models WHERE project = ? AND name = ?");
  latest.Bind(1, model.project()).Bind(2, model.name());
  if (auto row = latest.Step(); !row.ok()) return row.status();
  model.set_version(absl::StrCat(latest.ColumnInt(0) + 1));
  auto insert = transaction.Prepare(
      "INSERT INTO models (project, name, version, sha256, create_time, resource) VALUES (?, ?, ?, ?, ?, ?)");
  insert.Bind(1, model.project())
      .Bind(2, model.name())
      .Bind(3, latest.ColumnInt(0) + 1)
      .Bind(4, model.sha256())
      .Bind(5, google::protobuf::util::TimeUtil::TimestampToMicroseconds(model.create_time()))
      .BindBlob(6, model.SerializeAsString());
  if (auto status = insert.Run(); !status.ok()) return status;
  if (auto status = transaction.Commit(); !status.ok()) return status;
  return model;
}

absl::StatusOr<glassbox::v1::ModelVersion> ModelStore::Get(const std::string& project, const std::string& name,
                                                           const std::string& version) {
  Session session(database_);
  if (version.empty()) {
    auto query =
        session.Prepare("SELECT resource FROM models WHERE project = ? AND name = ? ORDER BY version DESC LIMIT 1");
    query.Bind(1, project).Bind(2, name);
    return ReadOne(query, absl::StrCat("model '", name, "'"), absl::StrCat("name '", name, "' latest version"));
  }
  int64_t number = 0;
  if (!absl::SimpleAtoi(version, &number)) {
    return absl::InvalidArgumentError(absl::StrCat("model version '", version, "' is not a version number (1, 2, ...)"));
  }
  auto query = session.Prepare("SELECT resource FROM models WHERE project = ? AND name = ? AND version = ?");
  query.Bind(1, project).Bind(2, name).Bind(3, number);
  return ReadOne(query, absl::StrCat("model '", name, "' version ", version),
                 absl::StrCat("name '", name, "' version ", version));
}

absl::StatusOr<std::string> ModelStore::ReadBytes(const glassbox::v1::ModelVersion& model) {
  if (model.format() != glassbox::v1::XGBOOST) return std::string();
  auto path = blobs_->LocalPath(model.sha256());
  if (!path.ok()) {
    return absl::DataLossError(absl::StrCat("the file of model '", model.name(), "' version ", model.version(),
                                            " cannot be read intact: ", path.status().message()));
  }
  std::ifstream in(*path, std::ios::binary);
  if (!in) return absl::DataLossError(absl::StrCat("cannot open the cached file of model '", model.name(), "'"));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

absl::StatusOr<Page<glassbox::v1::ModelVersion>> ModelStore::ListLatest(const ProjectSet& projects,
                                                                        const PageRequest& request) {
  return ListQuery("models")
      .InProjects(projects)
      .Where("version = (SELECT MAX(version) FROM models AS other WHERE other.project = models.project AND "
             "other.name = models.name)")
      .Read<glassbox::v1::ModelVersion>(database_, request);
}

absl::StatusOr<Page<glassbox::v1::ModelVersion>> ModelStore::ListVersions(const std::string& project,
                                                                          const std::string& name,
                                                                          const PageRequest& request) {
  return ListQuery("models")
      .Where("project = ?", project)
      .Where("name = ?", name)
      .Read<glassbox::v1::ModelVersion>(database_, request);
}

}  // namespace glassbox::storage
