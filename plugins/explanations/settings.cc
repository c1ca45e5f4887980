#include "settings.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "glassbox/sdk/parameter_spec.h"
#include "scoring.h"

namespace glassbox::plugins::explanations {
namespace {

constexpr int kMaxRows = 1000;

std::vector<std::string> AllScoringChoices() {
  std::vector<std::string> names = {kAutoScoring};
  for (const Scoring& scoring : AllScorings()) names.emplace_back(scoring.name);
  return names;
}

absl::Status CheckRows(const sdk::Params& params, size_t num_rows) {
  const std::vector<double> rows = params.GetDoubleList("rows");
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!(rows[i] >= 0) || rows[i] != std::floor(rows[i]) || rows[i] > 0x1p53) {
      return absl::InvalidArgumentError(absl::StrCat(
          "parameter 'rows': item ", i, " must be a whole row index >= 0 (0 is the first row); got ", rows[i]));
    }
    if (rows[i] >= static_cast<double>(num_rows)) {
      return absl::InvalidArgumentError(absl::StrCat("parameter 'rows': row ", rows[i], " is beyond the dataset's ",
                                                     num_rows, " rows; give indices from 0 to ", num_rows - 1));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckScoring(const sdk::ValidationContext& context, const std::string& name) {
  const Scoring* scoring = ScoringNamed(name, context.task);
  if (scoring != nullptr && ScoringApplies(*scoring, context.task)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("parameter 'scoring': '", name, "' does not score a ", glassbox::v1::TaskType_Name(context.task),
                   " model; use one of: ", absl::StrJoin(ScoringNamesFor(context.task), ", ")));
}

absl::Status CheckFeatures(const sdk::ValidationContext& context, const std::vector<std::string>& features) {
  const std::vector<std::string>& known = context.model->feature_names;
  for (const std::string& feature : features) {
    if (std::find(known.begin(), known.end(), feature) == known.end()) {
      return absl::InvalidArgumentError(absl::StrCat("parameter 'features': the model does not read '", feature,
                                                     "'; choose among its features: ", absl::StrJoin(known, ", ")));
    }
  }
  return absl::OkStatus();
}

}  // namespace

void AddParameterSpecs(glassbox::v1::Analyzer& info) {
  *info.add_parameters() = sdk::StringParameter(
      "method",
      "tree_shap (exact SHAP values from the model), permutation (scikit-learn's permutation importance), "
      "kernel_shap (SHAP's model-agnostic KernelExplainer) or auto (tree_shap when the model has exact "
      "contributions, else permutation)",
      kAuto, {kAuto, kTreeShap, kPermutation, kKernelShap});
  *info.add_parameters() = sdk::CohortParameter();
  auto rows = sdk::DoubleListParameter(
      "rows",
      "Dataset rows (0-based indices) whose per-feature contributions to report; within `cohort` when one is given. "
      "Explained with tree_shap when the model has exact contributions and kernel_shap is not asked for, else with "
      "kernel_shap");
  rows.set_max_items(kMaxRows);
  *info.add_parameters() = std::move(rows);
  *info.add_parameters() = sdk::ColumnListParameter(
      "features", "Features whose global importance to report (default: every feature the model reads)", false);
  *info.add_parameters() = sdk::IntParameter("top_n", "Features shown in the importance chart", 10, 1);
  *info.add_parameters() = sdk::StringParameter(
      "scoring",
      "permutation: scikit-learn's scorer whose drop measures importance; auto is accuracy (classification) or "
      "r2 (regression)",
      kAutoScoring, AllScoringChoices());
  *info.add_parameters() = sdk::IntParameter("n_repeats", "permutation: shuffles of each feature", 5, 1, 1000);
  *info.add_parameters() = sdk::IntParameter(
      "seed", "Seed of the shuffles (permutation) and of the draws (kernel_shap)", 0, 0, 4294967295.0);
  *info.add_parameters() = sdk::IntParameter(
      "background_size", "kernel_shap: rows drawn from the analysed rows as background", 100, 1, 10000);
  *info.add_parameters() = sdk::IntParameter(
      "nsamples", "kernel_shap: coalitions evaluated per explained row; 0 is SHAP's auto (2 x features + 2048)", 0, 0,
      100000);
  *info.add_parameters() = sdk::IntParameter(
      "sample_size",
      "kernel_shap: rows drawn from the analysed rows and explained for the global importance (with the requested "
      "rows)",
      100, 0, 100000);
}

Settings ReadSettings(const sdk::Params& params) {
  Settings settings;
  settings.method = params.GetString("method");
  settings.cohort = params.GetString("cohort");
  for (double row : params.GetDoubleList("rows")) settings.rows.push_back(static_cast<size_t>(row));
  std::sort(settings.rows.begin(), settings.rows.end());
  settings.rows.erase(std::unique(settings.rows.begin(), settings.rows.end()), settings.rows.end());
  settings.features = params.GetStringList("features");
  settings.top_n = static_cast<int>(params.GetInt("top_n"));
  settings.scoring = params.GetString("scoring");
  settings.n_repeats = static_cast<int>(params.GetInt("n_repeats"));
  settings.seed = static_cast<uint64_t>(params.GetInt("seed"));
  settings.background_size = static_cast<int>(params.GetInt("background_size"));
  settings.nsamples = params.GetInt("nsamples");
  settings.sample_size = static_cast<int>(params.GetInt("sample_size"));
  return settings;
}

absl::Status ValidateSettings(const sdk::ValidationContext& context) {
  if (context.model == nullptr) {
    return absl::FailedPreconditionError(
        "explanations queries a model, but this run has only prediction columns; register a model and reference it");
  }
  const sdk::Params& params = *context.params;
  if (absl::Status status = CheckRows(params, context.num_rows); !status.ok()) return status;
  const Settings settings = ReadSettings(params);
  if (absl::Status status = CheckScoring(context, settings.scoring); !status.ok()) return status;
  if (absl::Status status = CheckFeatures(context, settings.features); !status.ok()) return status;
  if (settings.method == kKernelShap && settings.sample_size == 0 && settings.rows.empty()) {
    return absl::InvalidArgumentError(
        "parameter 'sample_size': kernel_shap with sample_size 0 explains only the requested rows, and 'rows' is "
        "empty; give rows or a sample_size >= 1");
  }
  return absl::OkStatus();
}

}  // namespace glassbox::plugins::explanations
