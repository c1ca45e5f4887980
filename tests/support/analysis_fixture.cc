#include "tests/support/analysis_fixture.h"

#include <fstream>
#include <memory>
#include <sstream>

#include <gtest/gtest.h>

#include "daemon/data/csv_reader.h"
#include "daemon/plugins/plugin_host.h"
#include "daemon/run/prepared_run.h"
#include "google/protobuf/util/json_util.h"

namespace glassbox::testing {
namespace {

const plugins::PluginHost& Host() {
  static const auto* host = new plugins::PluginHost({std::string(GLASSBOX_BINARY_DIR) + "/lib/glassbox/plugins"});
  return *host;
}

glassbox::v1::RunSpec SpecFor(const std::string& analyzer, const RunInputs& inputs, bool has_model) {
  glassbox::v1::RunSpec spec;
  spec.set_target_column(inputs.target);
  spec.set_task(inputs.task);
  if (!has_model || !inputs.prediction.empty()) {
    spec.mutable_predictions()->set_prediction_column(inputs.prediction);
    for (const auto& column : inputs.probabilities) spec.mutable_predictions()->add_probability_columns(column);
  }
  spec.set_positive_class(inputs.positive_class);
  for (const auto& [name, filter] : inputs.cohorts) {
    auto* cohort = spec.add_cohorts();
    cohort->set_name(name);
    cohort->set_filter(filter);
  }
  auto* analysis = spec.add_analyses();
  analysis->set_analyzer(analyzer);
  *analysis->mutable_params() = inputs.params;
  return spec;
}

// The caller owns the model and keeps it alive through the call.
std::shared_ptr<const sdk::Model> Borrowed(const sdk::Model* model) {
  return model == nullptr ? nullptr : std::shared_ptr<const sdk::Model>(model, [](const sdk::Model*) {});
}

absl::StatusOr<run::PreparedRun> Prepare(const std::string& analyzer, const sdk::Table& table, const RunInputs& inputs,
                                         const sdk::Model* model) {
  return run::PrepareRun(SpecFor(analyzer, inputs, model != nullptr), std::make_shared<const sdk::Table>(table), Host(),
                         Borrowed(model));
}

}  // namespace

std::string DatasetPath(const std::string& file) { return std::string(GLASSBOX_DATASETS_DIR) + "/" + file; }

sdk::Table ReadCsvFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return ReadCsvText(bytes.str());
}

sdk::Table ReadCsvText(const std::string& csv_text) {
  auto table = data::ParseCsv(csv_text);
  EXPECT_TRUE(table.ok()) << table.status();
  return table.ok() ? *std::move(table) : sdk::Table();
}

RunInputs AdultScoredInputs() {
  RunInputs inputs;
  inputs.target = "income";
  inputs.task = glassbox::v1::BINARY_CLASSIFICATION;
  inputs.prediction = "prediction";
  inputs.probabilities = {"probability"};
  inputs.positive_class = ">50K";
  return inputs;
}

absl::StatusOr<glassbox::v1::Insight> RunAnalyzer(const std::string& analyzer, const sdk::Table& table,
                                                  const RunInputs& inputs, const sdk::Model* model) {
  auto prepared = Prepare(analyzer, table, inputs, model);
  if (!prepared.ok()) return prepared.status();
  if (auto status = run::ScoreWithModel(*prepared); !status.ok()) return status;
  return run::ExecuteAnalysis(*prepared, 0, nullptr, nullptr);
}

absl::Status ValidateAnalyzer(const std::string& analyzer, const sdk::Table& table, const RunInputs& inputs,
                              const sdk::Model* model) {
  return Prepare(analyzer, table, inputs, model).status();
}

glassbox::v1::Analyzer DescriptorOf(const std::string& analyzer) {
  const auto plugin = Host().Find(analyzer);
  EXPECT_NE(plugin, nullptr) << "no plugin named " << analyzer;
  return plugin == nullptr ? glassbox::v1::Analyzer() : plugin->descriptor;
}

google::protobuf::Struct ParseParams(const std::string& json) {
  google::protobuf::Struct params;
  auto status = google::protobuf::util::JsonStringToMessage(json, &params);
  EXPECT_TRUE(status.ok()) << "malformed params JSON: " << json << ": " << status.ToString();
  return params;
}

}  // namespace glassbox::testing
