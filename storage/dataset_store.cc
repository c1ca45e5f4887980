#include "storage/dataset_store.h"

#include <atomic>
#include <filesystem>
#include <random>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"

namespace glassbox::storage {

absl::Status DatasetStore::NotFound(const std::string& id) {
  return absl::NotFoundError(absl::StrCat("dataset '", id, "' does not exist; ListDatasets shows the ids"));
}

absl::StatusOr<std::unique_ptr<DatasetStore>> DatasetStore::Open(Database& database, std::string folder) {
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(folder) / "staging", error);
  if (error) return absl::UnavailableError(absl::StrCat("cannot create ", folder, ": ", error.message()));
  return std::unique_ptr<DatasetStore>(new DatasetStore(database, std::move(folder)));
}

std::string DatasetStore::NewStagingPath() {
  static std::atomic<uint64_t> counter{0};
  static const uint64_t salt = std::random_device{}();
  return absl::StrCat(folder_, "/staging/", salt, "-", counter++);
}

absl::StatusOr<glassbox::v1::Dataset> DatasetStore::Insert(const glassbox::v1::Dataset& dataset,
                                                           const std::string& staged_path, const AuditRecord& audit) {
  std::string blob_path = absl::StrCat(folder_, "/", dataset.sha256());
  std::error_code error;
  if (std::filesystem::exists(blob_path)) {
    std::filesystem::remove(staged_path, error);
  } else {
    std::filesystem::rename(staged_path, blob_path, error);
    if (error) return absl::InternalError(absl::StrCat("cannot store dataset bytes: ", error.message()));
  }
  Transaction transaction(database_);
  if (auto status = AppendAudit(transaction, audit); !status.ok()) return status;
  auto existing = transaction.Prepare("SELECT resource FROM datasets WHERE id = ?");
  existing.Bind(1, dataset.id());
  auto found = existing.Step();
  if (!found.ok()) return found.status();
  if (*found) {
    auto stored = ParseStored<glassbox::v1::Dataset>(existing.ColumnBlob(0), "datasets", IdRow(dataset.id()));
    if (!stored.ok()) return stored.status();
    if (auto status = transaction.Commit(); !status.ok()) return status;
    return stored;
  }
  auto insert = transaction.Prepare(
      "INSERT INTO datasets (id, project, sha256, blob_path, create_time, creator, resource) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.Bind(1, dataset.id())
      .Bind(2, dataset.project())
      .Bind(3, dataset.sha256())
      .Bind(4, blob_path)
      .Bind(5, google::protobuf::util::TimeUtil::TimestampToMicroseconds(dataset.create_time()))
      .Bind(6, dataset.creator())
      .BindBlob(7, dataset.SerializeAsString());
  if (auto status = insert.Run(); !status.ok()) return status;
  if (auto status = transaction.Commit(); !status.ok()) return status;
  return dataset;
}

absl::StatusOr<glassbox::v1::Dataset> DatasetStore::Get(const std::string& id) {
  Session session(database_);
  auto query = session.Prepare("SELECT resource FROM datasets WHERE id = ?");
  query.Bind(1, id);
  return ReadResource<glassbox::v1::Dataset>(query, "datasets", IdRow(id), std::string(NotFound(id).message()));
}

absl::StatusOr<std::string> DatasetStore::BlobPath(const std::string& id) {
  Session session(database_);
  auto query = session.Prepare("SELECT blob_path FROM datasets WHERE id = ?");
  query.Bind(1, id);
  return ReadFirstColumn(query, std::string(NotFound(id).message()));
}

absl::StatusOr<Page<glassbox::v1::Dataset>> DatasetStore::List(const ProjectSet& projects,
                                                                const PageRequest& request) {
  return ListQuery("datasets").InProjects(projects).Read<glassbox::v1::Dataset>(database_, request);
}

}  // namespace glassbox::storage
