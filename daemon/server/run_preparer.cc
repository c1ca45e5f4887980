#include "daemon/server/run_preparer.h"

#include "absl/strings/str_cat.h"
#include "daemon/run/model_features.h"

namespace glassbox::server {
namespace {

absl::Status InSpec(const absl::Status& status) {
  return absl::Status(status.code(), absl::StrCat("spec.", status.message()));
}

}  // namespace

absl::StatusOr<RunPreparer::Prepared> RunPreparer::Prepare(const glassbox::v1::Dataset& dataset,
                                                           const std::string& project,
                                                           const glassbox::v1::RunSpec& spec) const {
  auto table = cache_.Load(dataset);
  if (!table.ok()) return table.status();
  Prepared prepared;
  std::shared_ptr<const sdk::Model> model;
  if (spec.has_model()) {
    auto loaded = models_.Load(project, spec.model());
    if (!loaded.ok()) return InSpec(loaded.status());
    if (auto status = run::CheckTableHasModelFeatures(loaded->version, **table, spec); !status.ok()) {
      return InSpec(status);
    }
    model = loaded->model;
    prepared.model_version = loaded->version.version();
  }
  auto run = run::PrepareRun(spec, *table, plugins_, model);
  if (!run.ok()) return InSpec(run.status());
  prepared.run = *std::move(run);
  return prepared;
}

absl::StatusOr<run::PreparedRun> RunPreparer::PrepareStored(const glassbox::v1::Run& run) const {
  auto dataset = datasets_.Get(run.spec().dataset_id());
  if (!dataset.ok()) return dataset.status();
  auto prepared = Prepare(*dataset, run.project(), run.spec());
  if (!prepared.ok()) return prepared.status();
  for (int i = 0; i < run.analyses_size() && i < static_cast<int>(prepared->run.analyses.size()); ++i) {
    const auto& descriptor = prepared->run.analyses[i].plugin->descriptor;
    if (descriptor.version() != run.analyses(i).analyzer_version()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "analyzer '", descriptor.name(), "' is version ", descriptor.version(), " on this daemon, not the version ",
          run.analyses(i).analyzer_version(), " the run was created for; create the run again"));
    }
  }
  return std::move(prepared->run);
}

}  // namespace glassbox::server
