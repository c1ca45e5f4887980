// counterfactuals: diverse counterfactual explanations as DiCE (dice_ml)
// defines them. For each query row, up to total_CFs rows that differ from it
// only in the features to vary, within their permitted ranges, and that the
// model gives the desired class (or a prediction in the desired range), found
// by DiCE's random sampling made sparse (counterfactual_search.h), with
// DiCE's validity, proximity, sparsity and diversity (counterfactual_metrics.h).
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "candidate_scorer.h"
#include "counterfactual_metrics.h"
#include "counterfactual_report.h"
#include "counterfactual_request.h"
#include "counterfactual_search.h"
#include "feature_space.h"
#include "feature_value.h"
#include "glassbox/sdk/analyzer.h"
#include "glassbox/sdk/report_declaration.h"
#include "glassbox/v1/analyses/counterfactuals.pb.h"

namespace glassbox::plugins {
namespace {

namespace analyses = glassbox::v1::analyses;

absl::StatusOr<std::vector<size_t>> QueryRows(const CounterfactualRequest& request,
                                              const sdk::AnalysisContext& context) {
  if (request.query_rows.empty()) {
    std::vector<size_t> rows = context.RowsOf(request.cohort);
    if (rows.empty()) return absl::FailedPreconditionError(absl::StrCat("cohort '", request.cohort, "' has no rows"));
    rows.resize(std::min(rows.size(), static_cast<size_t>(request.max_queries)));
    return rows;
  }
  return request.query_rows;
}

analyses::FeatureDomain DescribeFeature(const FeatureDomain& feature) {
  analyses::FeatureDomain out;
  out.set_name(feature.name);
  out.set_categorical(feature.categorical);
  out.set_varied(feature.varied);
  if (feature.categorical) {
    for (int32_t code : feature.codes) out.add_categories(feature.column->categories()[code]);
  } else {
    out.set_mad(feature.mad);
    out.set_low(feature.low);
    out.set_high(feature.high);
    out.set_integral(feature.integral);
  }
  return out;
}

// Reads the model's outcome for query rows and their counterfactuals into the payload.
class OutcomeReader {
 public:
  OutcomeReader(const FeatureSpace& space, const CandidateScorer& scorer, const sdk::ModelInfo& model,
                const CounterfactualRequest& request, bool classification)
      : space_(space), scorer_(scorer), model_(model), request_(request), classification_(classification) {}

  // The outcome counterfactuals of the query row scored in row `index` of `scores` must reach.
  absl::StatusOr<DesiredOutcome> Desired(const Eigen::MatrixXd& scores, Eigen::Index index) const {
    DesiredOutcome desired;
    if (!classification_) {
      desired.low = request_.desired_low;
      desired.high = request_.desired_high;
      return desired;
    }
    if (request_.desired_class.empty()) {
      desired.class_column = 1 - scorer_.PredictedColumn(scores, index);
      return desired;
    }
    absl::StatusOr<int> column = ModelColumn(model_, request_.desired_class);
    if (!column.ok()) return column.status();
    desired.class_column = *column;
    return desired;
  }

  void DescribeQuery(size_t row, std::span<const double> values, const Eigen::MatrixXd& scores, Eigen::Index index,
                     const DesiredOutcome& desired, analyses::CounterfactualQuery& out) const {
    out.set_row(static_cast<int64_t>(row));
    for (size_t p = 0; p < space_.size(); ++p) *out.add_values() = FeatureValueOf(space_, p, values[p]);
    if (classification_) {
      out.set_predicted_class(model_.classes[scorer_.PredictedColumn(scores, index)]);
      out.set_desired_class_probability(scores(index, desired.class_column));
      out.set_desired_class(model_.classes[desired.class_column]);
    } else {
      out.set_prediction(scores(index, 0));
    }
    if (scorer_.Reaches(scores, index, desired)) {
      out.set_outcome(analyses::ALREADY_DESIRED);
      *out.mutable_metrics() = MeasureCounterfactuals(space_, values, {}, 0);
    }
  }

  absl::Status AddCounterfactuals(std::span<const double> values, const DesiredOutcome& desired,
                                  const SearchResult& search, analyses::CounterfactualQuery& out) const {
    out.set_candidates_scored(search.candidates_scored);
    out.set_rounds(search.rounds);
    const std::vector<double>& found = search.counterfactuals;
    const size_t k = found.size() / space_.size();
    out.set_outcome(k == 0                                        ? analyses::NOT_FOUND
                    : k < static_cast<size_t>(request_.total_cfs) ? analyses::PARTIAL
                                                                  : analyses::FOUND);
    *out.mutable_metrics() = MeasureCounterfactuals(space_, values, found, request_.total_cfs);
    if (k == 0) return absl::OkStatus();
    absl::StatusOr<Eigen::MatrixXd> scores = scorer_.Predict(found);
    if (!scores.ok()) return scores.status();
    for (size_t i = 0; i < k; ++i) {
      const double* counterfactual_values = &found[i * space_.size()];
      analyses::Counterfactual& counterfactual = *out.add_counterfactuals();
      for (size_t p = 0; p < space_.size(); ++p) {
        if (space_.Same(p, counterfactual_values[p], values[p])) continue;
        analyses::FeatureChange& change = *counterfactual.add_changes();
        change.set_feature(space_.feature(p).name);
        *change.mutable_original() = FeatureValueOf(space_, p, values[p]);
        *change.mutable_counterfactual() = FeatureValueOf(space_, p, counterfactual_values[p]);
      }
      counterfactual.set_distance(space_.Distance(counterfactual_values, values.data()));
      const Eigen::Index r = static_cast<Eigen::Index>(i);
      if (classification_) {
        counterfactual.set_predicted_class(model_.classes[scorer_.PredictedColumn(*scores, r)]);
        counterfactual.set_desired_class_probability((*scores)(r, desired.class_column));
      } else {
        counterfactual.set_prediction((*scores)(r, 0));
      }
    }
    return absl::OkStatus();
  }

 private:
  const FeatureSpace& space_;
  const CandidateScorer& scorer_;
  const sdk::ModelInfo& model_;
  const CounterfactualRequest& request_;
  bool classification_;
};

void SummarizeQueries(analyses::Counterfactuals& result) {
  std::vector<analyses::CounterfactualMetrics> searched;
  bool all_found = true;
  int without = 0;
  for (const auto& query : result.queries()) {
    if (query.outcome() == analyses::ALREADY_DESIRED) continue;
    searched.push_back(query.metrics());
    all_found = all_found && query.outcome() == analyses::FOUND;
    without += query.outcome() == analyses::NOT_FOUND ? 1 : 0;
  }
  *result.mutable_overall() = SummarizeMetrics(searched);
  result.set_all_found(all_found);
  result.set_queries_without_counterfactuals(without);
}

class CounterfactualsAnalyzer : public sdk::Analyzer {
 public:
  glassbox::v1::Analyzer Describe() const override {
    glassbox::v1::Analyzer info;
    info.set_name("counterfactuals");
    info.set_version("1.0.0");
    info.set_description(
        "Diverse counterfactual explanations as in DiCE (dice_ml): for each query row, rows that change only the "
        "features to vary, within their permitted ranges, to reach the desired class or prediction range; found by "
        "DiCE's random sampling made sparse, with DiCE's validity, proximity, sparsity and diversity");
    info.set_requires_model(true);
    for (auto& spec : CounterfactualParameterSpecs()) *info.add_parameters() = std::move(spec);
    sdk::DeclareMetrics(*info.mutable_reports(), {std::begin(kCounterfactualMetrics), std::end(kCounterfactualMetrics)});
    return info;
  }

  absl::Status Validate(const sdk::ValidationContext& context) const override {
    if (context.model == nullptr) return NeedsModel();
    RequestContext request_context{context.task, context.classes, context.model->feature_names, context.columns,
                                   context.num_rows};
    return ReadRequest(*context.params, request_context).status();
  }

  absl::Status Analyze(const sdk::AnalysisContext& context, sdk::InsightBuilder& builder) const override {
    if (context.model == nullptr) return NeedsModel();
    const sdk::ModelInfo& model = context.model->info();
    const sdk::Outcomes& outcomes = *context.outcomes;
    absl::StatusOr<CounterfactualRequest> request = ReadRequest(
        *context.params,
        RequestContext{outcomes.task, outcomes.classes, model.feature_names, DescribeColumns(*context.table),
                       context.table->num_rows()});
    if (!request.ok()) return request.status();
    absl::StatusOr<std::vector<size_t>> rows = QueryRows(*request, context);
    if (!rows.ok()) return rows.status();
    absl::StatusOr<FeatureSpace> space =
        FeatureSpace::Create(*context.table, model.feature_names, request->features_to_vary, request->permitted_range);
    if (!space.ok()) return space.status();

    const bool classification = outcomes.is_classification();
    int positive_column = -1;
    if (outcomes.task == glassbox::v1::BINARY_CLASSIFICATION) {
      absl::StatusOr<int> column = ModelColumn(model, outcomes.classes[outcomes.positive_class]);
      if (!column.ok()) return column.status();
      positive_column = *column;
    }
    const CandidateScorer scorer(*space, *context.model, classification, positive_column);
    const size_t d = space->size();
    std::vector<double> queries(rows->size() * d);
    for (size_t q = 0; q < rows->size(); ++q) space->ReadRow((*rows)[q], &queries[q * d]);
    absl::StatusOr<Eigen::MatrixXd> scores = scorer.Predict(queries);
    if (!scores.ok()) return scores.status();

    analyses::Counterfactuals result = Header(*request, *space, classification);
    const OutcomeReader reader(*space, scorer, model, *request, classification);
    std::vector<SearchQuery> searches;
    std::vector<int> query_of_search;
    for (size_t q = 0; q < rows->size(); ++q) {
      const std::span<const double> values(&queries[q * d], d);
      const Eigen::Index index = static_cast<Eigen::Index>(q);
      absl::StatusOr<DesiredOutcome> desired = reader.Desired(*scores, index);
      if (!desired.ok()) return desired.status();
      analyses::CounterfactualQuery& query = *result.add_queries();
      reader.DescribeQuery((*rows)[q], values, *scores, index, *desired, query);
      if (query.outcome() == analyses::ALREADY_DESIRED) continue;
      searches.push_back({values, *desired, QuerySeed(request->seed, (*rows)[q])});
      query_of_search.push_back(static_cast<int>(q));
    }

    size_t done = rows->size() - searches.size();
    const auto finished = [&](size_t s, const SearchResult& search) {
      ++done;
      context.ReportProgress(static_cast<double>(done) / static_cast<double>(rows->size()),
                             absl::StrCat("row ", (*rows)[query_of_search[s]], ": ", search.counterfactuals.size() / d,
                                          " of ", request->total_cfs, " counterfactuals"));
    };
    const SearchOptions options{.total_cfs = request->total_cfs,
                                .sample_size = request->sample_size,
                                .max_iterations = request->max_iterations,
                                .proximity_weight = request->proximity_weight,
                                .diversity_weight = request->diversity_weight};
    absl::StatusOr<std::vector<SearchResult>> found = SearchCounterfactuals(
        *space, scorer, searches, options, [&context] { return context.cancelled(); }, finished);
    if (!found.ok()) return found.status();
    for (size_t s = 0; s < searches.size(); ++s) {
      if (absl::Status status = reader.AddCounterfactuals(searches[s].values, searches[s].desired, (*found)[s],
                                                          *result.mutable_queries(query_of_search[s]));
          !status.ok()) {
        return status;
      }
    }
    SummarizeQueries(result);
    builder.SetPayload(result);
    AddCounterfactualBlocks(result, classification, builder);
    return absl::OkStatus();
  }

 private:
  static absl::Status NeedsModel() {
    return absl::FailedPreconditionError("counterfactuals queries a model; register one and reference it in the run");
  }

  static analyses::Counterfactuals Header(const CounterfactualRequest& request, const FeatureSpace& space,
                                          bool classification) {
    analyses::Counterfactuals result;
    result.set_method("random");
    for (size_t p = 0; p < space.size(); ++p) *result.add_features() = DescribeFeature(space.feature(p));
    result.set_total_cfs(request.total_cfs);
    if (classification) {
      result.set_desired_class(request.desired_class.empty() ? "opposite" : request.desired_class);
    } else {
      result.add_desired_range(request.desired_low);
      result.add_desired_range(request.desired_high);
    }
    result.set_seed(static_cast<int64_t>(request.seed));
    result.set_sample_size(request.sample_size);
    result.set_max_iterations(request.max_iterations);
    result.set_proximity_weight(request.proximity_weight);
    result.set_diversity_weight(request.diversity_weight);
    return result;
  }
};

}  // namespace
}  // namespace glassbox::plugins

GLASSBOX_PLUGIN(glassbox::plugins::CounterfactualsAnalyzer)
