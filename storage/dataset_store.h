// Datasets: metadata rows in the database, one per project and id, bytes in
// its content-addressed blobs (blob_store.h) so that the same bytes are
// stored once, whichever projects uploaded them, and every daemon sharing the
// database reads them.
#ifndef GLASSBOX_STORAGE_DATASET_STORE_H_
#define GLASSBOX_STORAGE_DATASET_STORE_H_

#include <string>

#include "absl/status/statusor.h"
#include "glassbox/v1/dataset.pb.h"
#include "storage/audit_log.h"
#include "storage/blob_store.h"
#include "storage/database.h"
#include "storage/list_query.h"
#include "storage/page.h"

namespace glassbox::storage {

class DatasetStore {
 public:
  // `folder` caches the dataset files and stages uploads; created if absent.
  // Datasets whose bytes are only in the folder are stored in the database
  // (BlobStore::Adopt).
  static absl::StatusOr<std::unique_ptr<DatasetStore>> Open(Database& database, std::string folder);

  // A fresh path for staging an upload; the caller removes it if the upload fails.
  std::string NewStagingPath();

  // Stores the staged bytes (their SHA-256: `dataset.sha256()`), consuming the
  // staged file, and records the dataset, with `audit` in the same
  // transaction. If a dataset with the same id exists, returns that one
  // unchanged.
  absl::StatusOr<glassbox::v1::Dataset> Insert(const glassbox::v1::Dataset& dataset, const std::string& staged_path,
                                               const AuditRecord& audit);

  // NotFound(id) when absent.
  absl::StatusOr<glassbox::v1::Dataset> Get(const std::string& id);
  // A local file holding the verified bytes of `dataset` (BlobStore::LocalPath).
  absl::StatusOr<std::string> LocalPath(const glassbox::v1::Dataset& dataset);
  absl::StatusOr<Page<glassbox::v1::Dataset>> List(const ProjectSet& projects, const PageRequest& request);

  // The NOT_FOUND of an id no dataset has.
  static absl::Status NotFound(const std::string& id);

 private:
  DatasetStore(Database& database, std::string folder, std::unique_ptr<BlobStore> blobs)
      : database_(database), folder_(std::move(folder)), blobs_(std::move(blobs)) {}

  Database& database_;
  std::string folder_;
  std::unique_ptr<BlobStore> blobs_;
};

}  // namespace glassbox::storage

#endif  // GLASSBOX_STORAGE_DATASET_STORE_H_
