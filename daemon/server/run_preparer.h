// Prepares a run from its spec: loads its dataset (through the cache) and
// model, checks that the table has the model's features, and prepares the
// analyses (run/prepared_run.h). CreateRun prepares to check a spec before
// the run is queued; the worker that claims the run, on whichever daemon,
// prepares it again from the stored spec, since the daemon that accepted it
// may not be the one that executes it.
#ifndef GLASSBOX_DAEMON_SERVER_RUN_PREPARER_H_
#define GLASSBOX_DAEMON_SERVER_RUN_PREPARER_H_

#include <string>

#include "absl/status/statusor.h"
#include "daemon/plugins/plugin_host.h"
#include "daemon/run/prepared_run.h"
#include "daemon/server/dataset_cache.h"
#include "daemon/server/model_registry.h"
#include "glassbox/v1/run.pb.h"
#include "storage/dataset_store.h"

namespace glassbox::server {

class RunPreparer {
 public:
  RunPreparer(storage::DatasetStore& datasets, DatasetCache& cache, ModelRegistry& models,
              const plugins::PluginHost& plugins)
      : datasets_(datasets), cache_(cache), models_(models), plugins_(plugins) {}

  struct Prepared {
    run::PreparedRun run;
    // The model version the spec's reference resolved to; empty without a model.
    std::string model_version;
  };

  // `dataset` is the spec's, already admitted to `project` by the caller.
  // Errors about the spec name its field from "spec.".
  absl::StatusOr<Prepared> Prepare(const glassbox::v1::Dataset& dataset, const std::string& project,
                                   const glassbox::v1::RunSpec& spec) const;

  // A run as stored (QUEUED, then claimed): FAILED_PRECONDITION also when an
  // analyzer's version on this daemon is not the one the run was created for.
  absl::StatusOr<run::PreparedRun> PrepareStored(const glassbox::v1::Run& run) const;

 private:
  storage::DatasetStore& datasets_;
  DatasetCache& cache_;
  ModelRegistry& models_;
  const plugins::PluginHost& plugins_;
};

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_RUN_PREPARER_H_
