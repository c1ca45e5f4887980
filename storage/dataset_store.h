// Datasets: metadata rows in SQLite, one per project and id, bytes in
// content-addressed files (<folder>/<sha256>) so the same bytes are stored
// once on disk, whichever projects uploaded them.
#ifndef GLASSBOX_STORAGE_DATASET_STORE_H_
#define GLASSBOX_STORAGE_DATASET_STORE_H_

#include <string>

#include "absl/status/statusor.h"
#include "glassbox/v1/dataset.pb.h"
#include "storage/audit_log.h"
#include "storage/database.h"
#include "storage/list_query.h"
#include "storage/page.h"

namespace glassbox::storage {

class DatasetStore {
 public:
  // `folder` holds the dataset files; created if absent.
  static absl::StatusOr<std::unique_ptr<DatasetStore>> Open(Database& database, std::string folder);

  // A fresh path for staging an upload; the caller removes it if the upload fails.
  std::string NewStagingPath();

  // Moves the staged bytes to their content address and records the dataset,
  // with `audit` in the same transaction. If a dataset with the same id
  // exists, returns that one unchanged.
  absl::StatusOr<glassbox::v1::Dataset> Insert(const glassbox::v1::Dataset& dataset, const std::string& staged_path,
                                               const AuditRecord& audit);

  // NotFound(id) when absent.
  absl::StatusOr<glassbox::v1::Dataset> Get(const std::string& id);
  absl::StatusOr<std::string> BlobPath(const std::string& id);
  absl::StatusOr<Page<glassbox::v1::Dataset>> List(const ProjectSet& projects, const PageRequest& request);

  // The NOT_FOUND of an id no dataset has.
  static absl::Status NotFound(const std::string& id);

 private:
  DatasetStore(Database& database, std::string folder) : database_(database), folder_(std::move(folder)) {}

  Database& database_;
  std::string folder_;
};

}  // namespace glassbox::storage

#endif  // GLASSBOX_STORAGE_DATASET_STORE_H_
