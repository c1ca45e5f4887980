#include "daemon/server/model_registry.h"

#include <cctype>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "absl/strings/str_cat.h"
#include "daemon/models/remote/remote_model.h"
#include "daemon/models/xgboost_model.h"
#include "storage/clock.h"
#include "storage/sha256.h"

namespace glassbox::server {
namespace {

absl::Status CheckName(const std::string& name) {
  if (name.empty()) return absl::InvalidArgumentError("name is empty; name the model, e.g. 'income-xgb'");
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      return absl::InvalidArgumentError(
          absl::StrCat("name '", name, "' may hold only letters, digits, '-', '_' and '.'"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<sdk::Model>> OpenXgboost(const std::string& bytes,
                                                        const std::vector<std::string>& feature_names,
                                                        const std::vector<std::string>& class_labels,
                                                        std::map<std::string, std::vector<std::string>> categories) {
  daemon::XgboostModelOptions options;
  options.feature_names = feature_names;
  options.class_labels = class_labels;
  options.categories = std::move(categories);
  auto model = daemon::XgboostModel::Load(bytes, std::move(options));
  if (!model.ok()) return model.status();
  return std::unique_ptr<sdk::Model>(*std::move(model));
}

std::map<std::string, std::vector<std::string>> CategoriesOf(const glassbox::v1::ModelVersion& version);

daemon::RemoteModelOptions RemoteOptions(const glassbox::v1::ModelVersion& version) {
  const auto& remote = version.remote();
  daemon::RemoteModelOptions options;
  options.endpoint = remote.endpoint();
  options.model_name = remote.model_name();
  options.model_version = remote.model_version();
  options.task = version.task();
  options.feature_names = {version.feature_names().begin(), version.feature_names().end()};
  options.classes = {version.class_labels().begin(), version.class_labels().end()};
  options.categories = CategoriesOf(version);
  if (remote.batch_size() > 0) options.batch_size = static_cast<size_t>(remote.batch_size());
  if (remote.deadline_seconds() > 0) options.deadline = absl::Seconds(remote.deadline_seconds());
  if (remote.max_retries() > 0) options.max_retries = remote.max_retries();
  return options;
}

// The identity of a remote model version: everything that decides its answers.
std::string RemoteIdentity(const glassbox::v1::ModelVersion& version) {
  glassbox::v1::ModelVersion identity;
  *identity.mutable_remote() = version.remote();
  identity.set_task(version.task());
  *identity.mutable_feature_names() = version.feature_names();
  *identity.mutable_class_labels() = version.class_labels();
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  identity.SerializeToCodedStream(&coded);
  coded.Trim();
  return storage::Sha256Hex(bytes);
}

absl::StatusOr<std::unique_ptr<sdk::Model>> OpenRemote(const glassbox::v1::ModelVersion& version) {
  auto model = daemon::RemoteModel::Connect(RemoteOptions(version));
  if (!model.ok()) return model.status();
  return std::unique_ptr<sdk::Model>(*std::move(model));
}

std::map<std::string, std::vector<std::string>> CategoriesOf(const glassbox::v1::ModelVersion& version) {
  std::map<std::string, std::vector<std::string>> categories;
  for (const auto& [feature, list] : version.categories()) categories[feature] = {list.values().begin(), list.values().end()};
  return categories;
}

}  // namespace

absl::StatusOr<std::map<std::string, std::vector<std::string>>> ModelRegistry::RequestedCategories(
    const glassbox::v1::RegisterModelRequest& request, const std::string& project) {
  std::map<std::string, std::vector<std::string>> categories;
  if (!request.categories_from_dataset_id().empty()) {
    auto dataset = datasets_.Get(request.categories_from_dataset_id());
    if (dataset.ok() && dataset->project() != project) dataset = storage::DatasetStore::NotFound(dataset->id());
    if (!dataset.ok()) {
      return absl::Status(dataset.status().code(), absl::StrCat("categories_from_dataset_id: ", dataset.status().message()));
    }
    for (const auto& column : dataset->columns()) {
      if (column.type() != glassbox::v1::CATEGORICAL) continue;
      if (column.category_count() > column.categories_size()) {
        return absl::InvalidArgumentError(absl::StrCat("categories_from_dataset_id: column '", column.name(), "' has ",
                                                       column.category_count(), " categories, more than a dataset lists; "
                                                       "pass categories explicitly"));
      }
      categories[column.name()] = {column.categories().begin(), column.categories().end()};
    }
  }
  for (const auto& [feature, list] : request.categories()) categories[feature] = {list.values().begin(), list.values().end()};
  return categories;
}

absl::StatusOr<glassbox::v1::ModelVersion> ModelRegistry::Register(const glassbox::v1::RegisterModelRequest& request,
                                                                   const std::string& project,
                                                                   const std::string& creator,
                                                                   const storage::AuditRecord& audit) {
  if (auto status = CheckName(request.name()); !status.ok()) return status;
  if (request.format() == glassbox::v1::OPEN_INFERENCE_PROTOCOL) {
    return RegisterRemote(request, project, creator, audit);
  }
  if (request.format() != glassbox::v1::XGBOOST) {
    return absl::InvalidArgumentError("format: set XGBOOST (a model file) or OPEN_INFERENCE_PROTOCOL (a served model)");
  }
  if (request.model_bytes().empty()) {
    return absl::InvalidArgumentError("model_bytes is empty; send the model file saved by XGBoost (JSON or UBJSON)");
  }
  auto categories = RequestedCategories(request, project);
  if (!categories.ok()) return categories.status();

  // Load once with every category list offered, to learn the model's features.
  std::vector<std::string> requested_features(request.feature_names().begin(), request.feature_names().end());
  std::vector<std::string> class_labels(request.class_labels().begin(), request.class_labels().end());
  auto probe = daemon::XgboostModel::Load(request.model_bytes(), {requested_features, {}, class_labels, *categories,
                                                                  !request.categories_from_dataset_id().empty()});
  if (!probe.ok()) return absl::InvalidArgumentError(absl::StrCat("model_bytes: ", probe.status().message()));
  const sdk::ModelInfo& info = (*probe)->info();
  if (request.task() != glassbox::v1::TASK_TYPE_UNSPECIFIED && request.task() != info.task) {
    return absl::InvalidArgumentError(absl::StrCat("task: the request says ", glassbox::v1::TaskType_Name(request.task()),
                                                   " but the model's objective is ", glassbox::v1::TaskType_Name(info.task)));
  }

  glassbox::v1::ModelVersion version;
  version.set_name(request.name());
  version.set_format(request.format());
  version.set_task(info.task);
  for (const auto& feature : info.feature_names) {
    version.add_feature_names(feature);
    if (auto it = categories->find(feature); it != categories->end()) {
      (*version.mutable_categories())[feature].mutable_values()->Add(it->second.begin(), it->second.end());
    }
  }
  for (const auto& label : info.classes) version.add_class_labels(label);
  *version.mutable_datasheet() = request.datasheet();
  *version.mutable_create_time() = storage::Now();
  version.set_creator(creator);
  version.set_project(project);
  return models_.Register(std::move(version), request.model_bytes(), audit);
}

absl::StatusOr<glassbox::v1::ModelVersion> ModelRegistry::RegisterRemote(
    const glassbox::v1::RegisterModelRequest& request, const std::string& project, const std::string& creator,
    const storage::AuditRecord& audit) {
  if (request.remote().endpoint().empty() || request.remote().model_name().empty()) {
    return absl::InvalidArgumentError("remote.endpoint and remote.model_name are needed for an OPEN_INFERENCE_PROTOCOL model");
  }
  if (request.feature_names().empty()) {
    return absl::InvalidArgumentError("feature_names is empty; name the columns of the model's input tensor, in order");
  }
  if (request.task() == glassbox::v1::TASK_TYPE_UNSPECIFIED) {
    return absl::InvalidArgumentError("task is unspecified; a served model does not say what it predicts");
  }
  auto categories = RequestedCategories(request, project);
  if (!categories.ok()) return categories.status();
  glassbox::v1::ModelVersion version;
  version.set_name(request.name());
  version.set_format(request.format());
  version.set_task(request.task());
  *version.mutable_remote() = request.remote();
  *version.mutable_feature_names() = request.feature_names();
  *version.mutable_class_labels() = request.class_labels();
  for (const auto& feature : request.feature_names()) {
    if (auto it = categories->find(feature); it != categories->end()) {
      (*version.mutable_categories())[feature].mutable_values()->Add(it->second.begin(), it->second.end());
    }
  }
  auto model = OpenRemote(version);
  if (!model.ok()) return absl::Status(model.status().code(), absl::StrCat("remote: ", model.status().message()));
  version.clear_class_labels();
  for (const auto& label : (*model)->info().classes) version.add_class_labels(label);
  version.set_sha256(RemoteIdentity(version));
  *version.mutable_datasheet() = request.datasheet();
  *version.mutable_create_time() = storage::Now();
  version.set_creator(creator);
  version.set_project(project);
  return models_.Register(std::move(version), "", audit);
}

absl::StatusOr<LoadedModel> ModelRegistry::Load(const std::string& project,
                                                const glassbox::v1::ModelReference& reference) {
  if (reference.name().empty()) return absl::InvalidArgumentError("model.name is empty; name a registered model");
  auto version = models_.Get(project, reference.name(), reference.version());
  if (!version.ok()) return version.status();
  std::string key = absl::StrCat(project, "/", version->name(), "@", version->version());
  {
    std::lock_guard lock(mutex_);
    if (auto it = loaded_.find(key); it != loaded_.end()) return it->second;
  }
  absl::StatusOr<std::unique_ptr<sdk::Model>> model;
  if (version->format() == glassbox::v1::OPEN_INFERENCE_PROTOCOL) {
    model = OpenRemote(*version);
  } else {
    auto bytes = models_.ReadBytes(*version);
    if (!bytes.ok()) return bytes.status();
    model = OpenXgboost(*bytes, {version->feature_names().begin(), version->feature_names().end()},
                        {version->class_labels().begin(), version->class_labels().end()}, CategoriesOf(*version));
  }
  if (!model.ok()) return model.status();
  LoadedModel loaded{*version, std::shared_ptr<const sdk::Model>(*std::move(model))};
  std::lock_guard lock(mutex_);
  return loaded_.emplace(key, std::move(loaded)).first->second;
}

}  // namespace glassbox::server
