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
  auto blobs = BlobStore::Open(database, folder);
  if (!blobs.ok()) return blobs.status();
  if (auto status = (*blobs)->AdoptCachedFiles("datasets"); !status.ok()) return status;
  return std::unique_ptr<DatasetStore>(new DatasetStore(database, std::move(folder), *std::move(blobs)));
}

std::string DatasetStore::NewStagingPath() {
  static std::atomic<uint64_t> counter{0};
  static const uint64_t salt = std::random_device{}();
  return absl::StrCat(folder_, "/staging/", salt, "-", counter++);
}

absl::StatusOr<glassbox::v1::Dataset> DatasetStore::Insert(const glassbox::v1::Dataset& dataset,
                                                           const std::string& staged_path, const AuditRecord& audit) {
  if (auto status = blobs_->PutFile(dataset.sha256(), staged_path); !status.ok()) return status;
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
      "INSERT INTO datasets (id, project, sha256, create_time, creator, resource) VALUES (?, ?, ?, ?, ?, ?)");
  insert.Bind(1, dataset.id())
      .Bind(2, dataset.project())
      .Bind(3, dataset.sha256())
      .Bind(4, google::protobuf::util::TimeUtil::TimestampToMicroseconds(dataset.create_time()))
      .Bind(5, dataset.creator())
      .BindBlob(6, dataset.SerializeAsString());
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

absl::StatusOr<std::string> DatasetStore::LocalPath(const glassbox::v1::Dataset& dataset) {
  return blobs_->LocalPath(dataset.sha256());
}

absl::StatusOr<Page<glassbox::v1::Dataset>> DatasetStore::List(const ProjectSet& projects,
                                                                const PageRequest& request) {
  return ListQuery("datasets").InProjects(projects).Read<glassbox::v1::Dataset>(database_, request);
}

}  // namespace glassbox::storage
