#include "tests/daemon/run/row_counter_run.h"

#include <memory>

#include "daemon/plugins/plugin_host.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::run {

absl::StatusOr<PreparedRun> RowCounterRun() {
  glassbox::v1::RunSpec spec;
  spec.set_target_column("y");
  spec.set_task(glassbox::v1::BINARY_CLASSIFICATION);
  spec.mutable_predictions()->set_prediction_column("p");
  auto* cohort = spec.add_cohorts();
  cohort->set_name("older");
  cohort->set_filter("age > 40");
  auto* analysis = spec.add_analyses();
  analysis->set_analyzer("row_counter");
  (*analysis->mutable_params()->mutable_fields())["cohort"].set_string_value("older");
  auto table =
      std::make_shared<const sdk::Table>(testing::ReadCsvText("y,p,age,colour\n0,1,30,red\n1,1,50,\n1,0,70,blue\n"));
  // The run holds its plugin; the host may go.
  return PrepareRun(spec, table, plugins::PluginHost({FIXTURE_PLUGIN_DIR}));
}

}  // namespace glassbox::run
