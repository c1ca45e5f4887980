// Registered model versions: metadata rows in the database, model files in
// its content-addressed blobs (blob_store.h), cached in a local folder. Names are per project: versions of a
// name in a project count up from 1 and never change. Registering what a
// version already holds (the same bytes with the same classes, features,
// categories, task, endpoint and datasheet) returns that version; any
// difference, a new datasheet included, makes the next version.
#ifndef GLASSBOX_STORAGE_MODEL_STORE_H_
#define GLASSBOX_STORAGE_MODEL_STORE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "glassbox/v1/model.pb.h"
#include "storage/audit_log.h"
#include "storage/blob_store.h"
#include "storage/database.h"
#include "storage/list_query.h"
#include "storage/page.h"

namespace glassbox::storage {

class ModelStore {
 public:
  // `folder` caches the model files. Files stored there only (schema version
  // 8 and before) are stored in the database (BlobStore::AdoptCachedFiles).
  static absl::StatusOr<std::unique_ptr<ModelStore>> Open(Database& database, std::string folder);

  // `model` has everything but its version, its project included (and sha256, computed here over
  // `bytes` when they are given; otherwise the caller's).
  // `audit` commits with the registration.
  absl::StatusOr<glassbox::v1::ModelVersion> Register(glassbox::v1::ModelVersion model, const std::string& bytes,
                                                      const AuditRecord& audit);

  // The latest version when `version` is empty. NOT_FOUND naming the model
  // when `project` has no such model.
  absl::StatusOr<glassbox::v1::ModelVersion> Get(const std::string& project, const std::string& name,
                                                 const std::string& version);
  // The stored file of a version, verified ("" for a remote model); DATA_LOSS
  // naming the version when its bytes cannot be had intact.
  absl::StatusOr<std::string> ReadBytes(const glassbox::v1::ModelVersion& model);

  // The latest version of each name, newest first.
  absl::StatusOr<Page<glassbox::v1::ModelVersion>> ListLatest(const ProjectSet& projects, const PageRequest& request);
  absl::StatusOr<Page<glassbox::v1::ModelVersion>> ListVersions(const std::string& project, const std::string& name,
                                                                const PageRequest& request);

 private:
  ModelStore(Database& database, std::unique_ptr<BlobStore> blobs) : database_(database), blobs_(std::move(blobs)) {}

  Database& database_;
  std::unique_ptr<BlobStore> blobs_;
};

}  // namespace glassbox::storage

#endif  // GLASSBOX_STORAGE_MODEL_STORE_H_
