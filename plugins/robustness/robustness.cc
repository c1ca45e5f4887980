// robustness: how easily a classifier's predicted class is flipped. For a
// seeded sample of rows, the smallest perturbation within the permitted
// ranges, leaving the immutable features alone, that flips the class, found by
// a decision-based black-box attack that reads only the predicted labels
// (HopSkipJumpAttack with categorical moves, hop_skip_jump.h); the stability
// of the prediction under Gaussian noise of given scales (noise_stability.h);
// and the rows one change of a sensitive feature alone flips
// (sensitive_flips.h). It needs only the model's Predict, so it works with
// every model source.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "candidate_scorer.h"
#include "counterfactual_request.h"
#include "counterfactual_search.h"
#include "feature_space.h"
#include "feature_value.h"
#include "glassbox/sdk/analyzer.h"
#include "glassbox/v1/analyses/robustness.pb.h"
#include "hop_skip_jump.h"
#include "noise_stability.h"
#include "perturbation_geometry.h"
#include "random.h"
#include "robustness_report.h"
#include "robustness_request.h"
#include "robustness_summary.h"
#include "sensitive_flips.h"

namespace glassbox::plugins {
namespace {

namespace analyses = glassbox::v1::analyses;

analyses::RobustnessFeature DescribeFeature(const PerturbationGeometry& geometry, size_t p) {
  const FeatureDomain& feature = geometry.space().feature(p);
  analyses::RobustnessFeature out;
  out.set_name(feature.name);
  out.set_categorical(feature.categorical);
  const auto& movable = feature.categorical ? geometry.categorical() : geometry.numeric();
  out.set_movable(std::find(movable.begin(), movable.end(), p) != movable.end());
  if (feature.categorical) {
    for (int32_t code : feature.codes) out.add_categories(feature.column->categories()[code]);
  } else {
    out.set_low(feature.low);
    out.set_high(feature.high);
    out.set_scale(geometry.scale(p));
  }
  return out;
}

void DescribeAttack(const PerturbationGeometry& geometry, std::span<const double> row, const AttackResult& attack,
                    const sdk::ModelInfo& model, double epsilon, analyses::RowAttack& out) {
  out.set_model_queries(attack.model_queries);
  if (!attack.flipped) {
    out.set_outcome(analyses::NOT_FLIPPED);
    return;
  }
  const FeatureSpace& space = geometry.space();
  out.set_outcome(analyses::FLIPPED);
  out.set_adversarial_class(model.classes[attack.adversarial_column]);
  out.set_perturbation(geometry.Size(attack.adversarial, row));
  out.set_numeric_l2(geometry.NumericL2(attack.adversarial, row));
  out.set_categorical_changes(geometry.CategoricalChanges(attack.adversarial, row));
  out.set_within_budget(out.perturbation() <= epsilon);
  for (size_t p = 0; p < space.size(); ++p) {
    if (space.Same(p, attack.adversarial[p], row[p])) continue;
    analyses::FeatureChange& change = *out.add_changes();
    change.set_feature(space.feature(p).name);
    *change.mutable_original() = FeatureValueOf(space, p, row[p]);
    *change.mutable_counterfactual() = FeatureValueOf(space, p, attack.adversarial[p]);
  }
}

class RobustnessAnalyzer : public sdk::Analyzer {
 public:
  glassbox::v1::Analyzer Describe() const override {
    glassbox::v1::Analyzer info;
    info.set_name("robustness");
    info.set_version("1.0.0");
    info.set_description(
        "Adversarial robustness of a classifier: for a seeded sample of rows, the smallest perturbation within the "
        "permitted ranges (immutable features left alone) that flips the predicted class, found by HopSkipJumpAttack "
        "(a decision-based attack reading only the predicted labels) with categorical moves; the attack success rate "
        "within a budget, the median perturbation per feature, the most fragile rows, the rows one change of a "
        "sensitive feature flips, and the prediction's stability under Gaussian noise");
    info.set_requires_model(true);
    for (auto& spec : RobustnessParameterSpecs()) *info.add_parameters() = std::move(spec);
    return info;
  }

  absl::Status Validate(const sdk::ValidationContext& context) const override {
    if (context.model == nullptr) return NeedsModel();
    return ReadRobustnessRequest(*context.params,
                                 RobustnessRequestContext{context.task, context.model->feature_names, context.columns})
        .status();
  }

  absl::Status Analyze(const sdk::AnalysisContext& context, sdk::InsightBuilder& builder) const override {
    if (context.model == nullptr) return NeedsModel();
    const sdk::ModelInfo& model = context.model->info();
    const sdk::Outcomes& outcomes = *context.outcomes;
    absl::StatusOr<RobustnessRequest> request = ReadRobustnessRequest(
        *context.params, RobustnessRequestContext{outcomes.task, model.feature_names, DescribeColumns(*context.table)});
    if (!request.ok()) return request.status();
    const std::vector<size_t> cohort = context.RowsOf(request->cohort);
    if (cohort.empty()) {
      return absl::FailedPreconditionError(absl::StrCat("cohort '", request->cohort, "' has no rows"));
    }
    explanations::Rng sampler(request->seed);
    const std::vector<size_t> rows = sampler.Sample(cohort, static_cast<size_t>(request->sample_size));
    absl::StatusOr<FeatureSpace> space =
        FeatureSpace::Create(*context.table, model.feature_names, request->movable_features, request->permitted_range);
    if (!space.ok()) return space.status();
    const PerturbationGeometry geometry(*space, request->scale_by_range);
    int positive_column = -1;
    if (outcomes.task == glassbox::v1::BINARY_CLASSIFICATION) {
      absl::StatusOr<int> column = ModelColumn(model, outcomes.classes[outcomes.positive_class]);
      if (!column.ok()) return column.status();
      positive_column = *column;
    }
    const CandidateScorer scorer(*space, *context.model, /*classification=*/true, positive_column);

    const size_t d = space->size();
    std::vector<double> values(rows.size() * d);
    for (size_t r = 0; r < rows.size(); ++r) space->ReadRow(rows[r], &values[r * d]);
    absl::StatusOr<Eigen::MatrixXd> scores = scorer.Predict(values);
    if (!scores.ok()) return scores.status();
    std::vector<int> columns(rows.size());
    std::vector<uint64_t> seeds(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) {
      columns[r] = scorer.PredictedColumn(*scores, static_cast<Eigen::Index>(r));
      seeds[r] = QuerySeed(request->seed, rows[r]);
    }

    analyses::Robustness result = Header(*request, geometry);
    const AttackOptions options{.max_iterations = request->max_iterations,
                                .gradient_samples = request->gradient_samples,
                                .max_model_queries = request->max_model_queries};
    for (size_t r = 0; r < rows.size(); ++r) {
      if (context.cancelled()) return absl::CancelledError("robustness: the run was cancelled");
      const std::span<const double> row(&values[r * d], d);
      absl::StatusOr<AttackResult> attack = AttackRow(geometry, scorer, row, columns[r], seeds[r], options);
      if (!attack.ok()) return attack.status();
      analyses::RowAttack& out = *result.add_rows();
      out.set_row(static_cast<int64_t>(rows[r]));
      out.set_predicted_class(model.classes[columns[r]]);
      DescribeAttack(geometry, row, *attack, model, request->epsilon, out);
      context.ReportProgress(0.9 * static_cast<double>(r + 1) / static_cast<double>(rows.size()),
                             absl::StrCat("row ", rows[r], ": ", attack->flipped ? "flipped" : "not flipped", " after ",
                                          attack->model_queries, " model queries"));
    }

    absl::StatusOr<std::vector<std::vector<double>>> stability =
        MeasureNoiseStability(geometry, scorer, values, columns, seeds, request->noise_scales, request->noise_samples);
    if (!stability.ok()) return stability.status();
    for (size_t r = 0; r < rows.size(); ++r) {
      for (double share : (*stability)[r]) result.mutable_rows(static_cast<int>(r))->add_stability(share);
    }
    if (absl::Status status = AddSensitiveFlips(*request, *space, scorer, values, columns, rows, model, result);
        !status.ok()) {
      return status;
    }
    SummarizeRobustness(request->noise_scales, request->noise_samples, result);
    builder.SetPayload(result);
    AddRobustnessBlocks(result, builder);
    return absl::OkStatus();
  }

 private:
  static absl::Status NeedsModel() {
    return absl::FailedPreconditionError("robustness queries a model; register one and reference it in the run");
  }

  static analyses::Robustness Header(const RobustnessRequest& request, const PerturbationGeometry& geometry) {
    analyses::Robustness result;
    result.set_method("hop_skip_jump");
    for (size_t p = 0; p < geometry.space().size(); ++p) *result.add_features() = DescribeFeature(geometry, p);
    result.set_scale(request.scale_by_range ? "range" : "none");
    result.set_seed(static_cast<int64_t>(request.seed));
    result.set_epsilon(request.epsilon);
    result.set_max_iterations(request.max_iterations);
    result.set_gradient_samples(request.gradient_samples);
    result.set_max_model_queries(request.max_model_queries);
    for (const auto& name : request.sensitive_features) result.add_sensitive_features(name);
    return result;
  }

  static absl::Status AddSensitiveFlips(const RobustnessRequest& request, const FeatureSpace& space,
                                        const CandidateScorer& scorer, std::span<const double> values,
                                        std::span<const int> columns, std::span<const size_t> rows,
                                        const sdk::ModelInfo& model, analyses::Robustness& result) {
    std::vector<size_t> features;
    for (const auto& name : request.sensitive_features) {
      for (size_t p = 0; p < space.size(); ++p) {
        if (space.feature(p).name == name) features.push_back(p);
      }
    }
    absl::StatusOr<std::vector<SensitiveFlipFound>> flips =
        FindSensitiveFlips(space, scorer, values, columns, features);
    if (!flips.ok()) return flips.status();
    const size_t d = space.size();
    for (const SensitiveFlipFound& flip : *flips) {
      analyses::SensitiveFlip& out = *result.add_sensitive_flips();
      out.set_row(static_cast<int64_t>(rows[flip.row]));
      out.set_feature(space.feature(flip.feature).name);
      *out.mutable_original() = FeatureValueOf(space, flip.feature, values[flip.row * d + flip.feature]);
      *out.mutable_changed() = FeatureValueOf(space, flip.feature, flip.changed);
      out.set_predicted_class(model.classes[columns[flip.row]]);
      out.set_new_class(model.classes[flip.new_column]);
    }
    return absl::OkStatus();
  }
};

}  // namespace
}  // namespace glassbox::plugins

GLASSBOX_PLUGIN(glassbox::plugins::RobustnessAnalyzer)
