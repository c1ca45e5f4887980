// Runs a real analyzer plugin (the built .so, loaded by the daemon's plugin
// host) on a table through the same preparation CreateRun uses: outcome
// resolution, cohort filters, parameter checks and the analyzer's Validate.
#ifndef GLASSBOX_TESTS_SUPPORT_ANALYSIS_FIXTURE_H_
#define GLASSBOX_TESTS_SUPPORT_ANALYSIS_FIXTURE_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "glassbox/sdk/model.h"
#include "glassbox/sdk/table.h"
#include "glassbox/v1/analyzer.pb.h"
#include "glassbox/v1/insight.pb.h"
#include "glassbox/v1/task.pb.h"
#include "google/protobuf/struct.pb.h"

namespace glassbox::testing {

// Path of a file in ../shared/datasets.
std::string DatasetPath(const std::string& file);

sdk::Table ReadCsvFile(const std::string& path);
sdk::Table ReadCsvText(const std::string& csv_text);

struct RunInputs {
  std::string target;
  glassbox::v1::TaskType task = glassbox::v1::BINARY_CLASSIFICATION;
  std::string prediction;
  std::vector<std::string> probabilities;
  std::string positive_class;
  // (name, filter)
  std::vector<std::pair<std::string, std::string>> cohorts;
  google::protobuf::Struct params;
};

// The inputs for adult_test_scored.csv: target income, prediction, probability, positive ">50K".
RunInputs AdultScoredInputs();

// With a model and an empty `inputs.prediction`, the model scores the table
// as in a run that references a registered model.
absl::StatusOr<glassbox::v1::Insight> RunAnalyzer(const std::string& analyzer, const sdk::Table& table,
                                                  const RunInputs& inputs, const sdk::Model* model = nullptr);
absl::Status ValidateAnalyzer(const std::string& analyzer, const sdk::Table& table, const RunInputs& inputs,
                              const sdk::Model* model = nullptr);

// The loaded plugin's Describe(), with what the host adds; fails the test and is empty when none is named so.
glassbox::v1::Analyzer DescriptorOf(const std::string& analyzer);

// A JSON object as a Struct; aborts the test on malformed JSON.
google::protobuf::Struct ParseParams(const std::string& json);

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_SUPPORT_ANALYSIS_FIXTURE_H_
