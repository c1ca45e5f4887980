// The model registry: validates and records model versions (a model is
// loaded, or a served model connected to, once at registration, so a corrupt,
// unreachable or inconsistent one is refused and nothing is half-registered)
// and serves loaded models to runs, cached. Names are per project, and a
// model takes categories only from a dataset of its own project.
#ifndef GLASSBOX_DAEMON_SERVER_MODEL_REGISTRY_H_
#define GLASSBOX_DAEMON_SERVER_MODEL_REGISTRY_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "glassbox/sdk/model.h"
#include "glassbox/v1/model.pb.h"
#include "storage/dataset_store.h"
#include "storage/model_store.h"

namespace glassbox::server {

struct LoadedModel {
  glassbox::v1::ModelVersion version;
  std::shared_ptr<const sdk::Model> model;
};

class ModelRegistry {
 public:
  ModelRegistry(storage::ModelStore& models, storage::DatasetStore& datasets) : models_(models), datasets_(datasets) {}

  absl::StatusOr<glassbox::v1::ModelVersion> Register(const glassbox::v1::RegisterModelRequest& request,
                                                      const std::string& project, const std::string& creator,
                                                      const storage::AuditRecord& audit);
  absl::StatusOr<LoadedModel> Load(const std::string& project, const glassbox::v1::ModelReference& reference);

 private:
  absl::StatusOr<glassbox::v1::ModelVersion> RegisterRemote(const glassbox::v1::RegisterModelRequest& request,
                                                            const std::string& project, const std::string& creator,
                                                            const storage::AuditRecord& audit);
  absl::StatusOr<std::map<std::string, std::vector<std::string>>> RequestedCategories(
      const glassbox::v1::RegisterModelRequest& request, const std::string& project);

  storage::ModelStore& models_;
  storage::DatasetStore& datasets_;
  std::mutex mutex_;
  std::map<std::string, LoadedModel> loaded_;  // by "project/name@version"
};

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_MODEL_REGISTRY_H_
