// Fuzzes CreateRunRequest through what CreateRun and the run's worker do before
// any analysis runs, with the functions they call: the edge check of every
// request (server::CheckRequest, with the daemon's default limits), spec.dataset_id looked up in
// the dataset store, spec.scorecard_config through ParseScorecardConfig, the
// daemon's RunPreparer (the dataset cache, spec.model through the model
// registry, the model's features in the table, run::PrepareRun with the
// built-in plugins of the build's plugin folder), then run::ScoreWithModel. The
// input is a CreateRunRequest in text format (see proto_mutator.h); the table
// and models are request_fixture.h's.
//
// Beyond not crashing (ASan and UBSan abort on the rest): a refusal carries the
// code the handler maps to INVALID_ARGUMENT, FAILED_PRECONDITION or NOT_FOUND
// and a message; a prepared run has one label per row of the table, predictions
// and probabilities of that length, class indices among its classes,
// probabilities in [0, 1], a positive class among two for a binary task, cohorts
// of rows that exist, feature columns of the table, and one analysis per one
// asked for.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "daemon/plugins/plugin_host.h"
#include "daemon/run/prepared_run.h"
#include "daemon/server/dataset_cache.h"
#include "daemon/server/request_check.h"
#include "daemon/server/run_preparer.h"
#include "daemon/scorecard/scorecard_config.h"
#include "glassbox/v1/run.pb.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/proto_mutator.h"
#include "tests/fuzz/request_fixture.h"

namespace glassbox::fuzz {
namespace {

using glassbox::v1::CreateRunRequest;
using glassbox::v1::RunSpec;

const plugins::PluginHost& Plugins() {
  static const auto* host = [] {
    auto* loaded = new plugins::PluginHost({GLASSBOX_PLUGIN_DIR});
    FUZZ_CHECK(!loaded->List().empty(), absl::StrCat("no analyzer loaded from ", GLASSBOX_PLUGIN_DIR));
    return loaded;
  }();
  return *host;
}

std::vector<std::string> Words() {
  std::vector<std::string> words = FixtureWords();
  for (const auto& plugin : Plugins().List()) {
    words.push_back(plugin->descriptor.name());
    for (const auto& parameter : plugin->descriptor.parameters()) {
      words.push_back(parameter.name());
      words.insert(words.end(), parameter.choices().begin(), parameter.choices().end());
    }
  }
  for (const char* word : {" > ", " < ", " >= ", " <= ", " == ", " != ", " in ", " not in ", " in range ", "[", "]",
                           ", ", " AND ", "`", "\"", "40", "0.5", "-1", "1e308", "nan",
                           // scorecard_config (Azure ML pdf_gen.json)
                           "{", "}", ":", "\"Model\":{\"ModelName\":\"m\",\"ModelType\":\"multiclass\"}",
                           "\"Metrics\":{\"accuracy_score\":{\"threshold\":\">=0.8\"}}",
                           "\"FeatureImportance\":{\"top_n\":5}", "\"DataExplorer\":{\"features\":[\"age\"]}",
                           "\"Fairness\":{\"metric\":[\"selection_rate\"],\"sensitive_features\":[\"sex\"],"
                           "\"fairness_evaluation_kind\":\"ratio\",\"threshold\":\">=0.8\"}",
                           "\"Cohorts\":[\"women\"]", "\"Causal\":{\"treatments\":[\"hours_per_week\"]}"}) {
    words.push_back(word);
  }
  return words;
}

bool IsClassIndex(double value, size_t classes) {
  return value >= 0 && value < static_cast<double>(classes) && value == std::floor(value);
}

void CheckOutcomes(const sdk::Outcomes& outcomes, size_t rows, bool scored) {
  FUZZ_CHECK(outcomes.num_rows() == rows, absl::StrCat(outcomes.num_rows(), " labels for ", rows, " rows"));
  if (scored) FUZZ_CHECK(static_cast<size_t>(outcomes.y_pred.size()) == rows, "one prediction per row");
  FUZZ_CHECK(outcomes.y_pred.size() == 0 || static_cast<size_t>(outcomes.y_pred.size()) == rows,
             absl::StrCat(outcomes.y_pred.size(), " predictions for ", rows, " rows"));
  if (!outcomes.is_classification()) {
    FUZZ_CHECK(outcomes.classes.empty() && !outcomes.has_probabilities(), "regression has no classes");
    return;
  }
  const size_t k = outcomes.classes.size();
  FUZZ_CHECK(k >= 2, "classification has two classes or more");
  for (Eigen::Index row = 0; row < outcomes.y_true.size(); ++row) {
    FUZZ_CHECK(IsClassIndex(outcomes.y_true[row], k), absl::StrCat("y_true[", row, "] = ", outcomes.y_true[row]));
  }
  for (Eigen::Index row = 0; row < outcomes.y_pred.size(); ++row) {
    FUZZ_CHECK(IsClassIndex(outcomes.y_pred[row], k), absl::StrCat("y_pred[", row, "] = ", outcomes.y_pred[row]));
  }
  if (outcomes.task == glassbox::v1::BINARY_CLASSIFICATION) {
    FUZZ_CHECK(k == 2 && (outcomes.positive_class == 0 || outcomes.positive_class == 1),
               absl::StrCat("binary: positive class ", outcomes.positive_class, " of ", k));
  }
  if (!outcomes.has_probabilities()) return;
  FUZZ_CHECK(static_cast<size_t>(outcomes.probabilities.rows()) == rows &&
                 static_cast<size_t>(outcomes.probabilities.cols()) == k,
             absl::StrCat(outcomes.probabilities.rows(), "×", outcomes.probabilities.cols(), " probabilities for ",
                          rows, " rows of ", k, " classes"));
  FUZZ_CHECK((outcomes.probabilities.array() >= 0).all() && (outcomes.probabilities.array() <= 1).all(),
             "probabilities are in [0, 1]");
}

void CheckPrepared(const RunSpec& spec, const run::PreparedRun& run, bool scored) {
  const sdk::Table& table = *Fixture().table;
  CheckOutcomes(run.outcomes, table.num_rows(), scored);
  FUZZ_CHECK(run.analyses.size() == static_cast<size_t>(spec.analyses_size()), "one analysis per one asked for");
  FUZZ_CHECK(run.cohorts.size() == static_cast<size_t>(spec.cohorts_size()), "one cohort per one defined");
  for (const auto& cohort : run.cohorts) {
    FUZZ_CHECK(std::is_sorted(cohort.rows.begin(), cohort.rows.end()) &&
                   (cohort.rows.empty() || cohort.rows.back() < table.num_rows()),
               cohort.name);
  }
  for (const auto& feature : run.feature_columns) FUZZ_CHECK(table.Find(feature) != nullptr, feature);
}

// The code CreateRun answers for a refusal; a bad request is never INTERNAL.
void CheckRefusal(const absl::Status& status, std::initializer_list<absl::StatusCode> codes) {
  FUZZ_CHECK(std::find(codes.begin(), codes.end(), status.code()) != codes.end(), status.ToString());
  FUZZ_CHECK(!status.message().empty(), "a refusal says why");
}

void Test(const CreateRunRequest& request) {
  const RunSpec& spec = request.spec();
  RequestFixture& fixture = Fixture();
  if (auto checked = server::CheckRequest(request, {}); !checked.ok()) {
    return CheckRefusal(checked, {absl::StatusCode::kInvalidArgument});
  }
  if (spec.dataset_id().empty()) return;
  if (!spec.scorecard_config().empty()) {
    auto config = scorecard::ParseScorecardConfig(spec.scorecard_config());
    if (!config.ok()) return CheckRefusal(config.status(), {absl::StatusCode::kInvalidArgument});
  }
  auto dataset = fixture.datasets->Get(spec.dataset_id());
  if (!dataset.ok()) return CheckRefusal(dataset.status(), {absl::StatusCode::kNotFound});
  static server::DatasetCache* cache = new server::DatasetCache(*fixture.datasets, 64 << 20);
  auto prepared = server::RunPreparer(*fixture.datasets, *cache, *fixture.models, Plugins())
                      .Prepare(*dataset, kProject, spec);
  if (!prepared.ok()) {
    return CheckRefusal(prepared.status(), {absl::StatusCode::kInvalidArgument, absl::StatusCode::kNotFound,
                                            absl::StatusCode::kFailedPrecondition});
  }
  CheckPrepared(spec, prepared->run, false);
  auto scored = run::ScoreWithModel(prepared->run);
  FUZZ_CHECK(scored.ok(), scored.ToString());
  CheckPrepared(spec, prepared->run, true);
}

}  // namespace
}  // namespace glassbox::fuzz

GLASSBOX_PROTO_FUZZER(glassbox::v1::CreateRunRequest, glassbox::fuzz::Words, glassbox::fuzz::Test)
