#include "explainer_run.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "contribution_summary.h"
#include "kernel_shap.h"
#include "model_outputs.h"
#include "permutation_importance.h"
#include "random.h"
#include "scoring.h"
#include "shap_sources.h"

namespace glassbox::plugins::explanations {
namespace {

namespace analyses = glassbox::v1::analyses;

// Rows per Model::Contributions call: a fraction of a second of TreeSHAP.
constexpr size_t kExactChunkRows = 8192;
// Rows per KernelShap::Explain call: their own outputs are predicted together.
constexpr size_t kKernelChunkRows = 16;

// A set of analysed rows the global importance is reported for.
struct Scope {
  std::string cohort;  // Empty for all analysed rows.
  std::string filter;
  std::vector<size_t> rows;
};

// What every step of one run reads.
struct AnalysisInputs {
  const sdk::AnalysisContext& context;
  const Settings& settings;
  const sdk::Model& model;
  ModelOutputs outputs;
  // The model's features, in its order: the columns every table given to the model has.
  sdk::Table features;
  std::vector<size_t> analysed;
  std::vector<Scope> scopes;
  // Indices among the model's features of those whose global importance is reported.
  std::vector<size_t> reported;
};

absl::Status CheckRequestedRows(const AnalysisInputs& in) {
  for (size_t row : in.settings.rows) {
    if (!std::binary_search(in.analysed.begin(), in.analysed.end(), row)) {
      return absl::InvalidArgumentError(absl::StrCat("parameter 'rows': row ", row, " is not in cohort '",
                                                     in.settings.cohort,
                                                     "'; give rows of that cohort or leave 'cohort' empty"));
    }
  }
  return absl::OkStatus();
}

std::vector<size_t> ReportedFeatures(const Settings& settings, const std::vector<std::string>& model_features) {
  std::vector<size_t> reported;
  for (size_t f = 0; f < model_features.size(); ++f) {
    if (settings.features.empty() ||
        std::find(settings.features.begin(), settings.features.end(), model_features[f]) != settings.features.end()) {
      reported.push_back(f);
    }
  }
  return reported;
}

std::vector<std::span<const size_t>> ScopeRows(const std::vector<Scope>& scopes) {
  std::vector<std::span<const size_t>> rows;
  for (const Scope& scope : scopes) rows.emplace_back(scope.rows);
  return rows;
}

analyses::CohortImportance CohortOf(const Scope& scope, int64_t size) {
  analyses::CohortImportance importance;
  importance.set_cohort(scope.cohort);
  importance.set_filter(scope.filter);
  importance.set_size(size);
  return importance;
}

// Most important first; NaN last; ties keep the model's order.
void SortFeatures(analyses::CohortImportance& importance) {
  auto* features = importance.mutable_features();
  std::stable_sort(features->begin(), features->end(), [](const auto& a, const auto& b) {
    if (std::isnan(b.importance())) return !std::isnan(a.importance());
    return a.importance() > b.importance();
  });
}

analyses::CohortImportance ShapImportance(const AnalysisInputs& in, const Scope& scope, int64_t size,
                                          const Eigen::MatrixXd& mean_absolute) {
  analyses::CohortImportance importance = CohortOf(scope, size);
  const auto& names = in.model.info().feature_names;
  for (size_t f : in.reported) {
    auto* feature = importance.add_features();
    const auto per_output = mean_absolute.row(static_cast<Eigen::Index>(f));
    feature->set_feature(names[f]);
    feature->set_importance(per_output.sum());
    if (per_output.size() > 1) feature->mutable_per_output()->Add(per_output.begin(), per_output.end());
  }
  SortFeatures(importance);
  return importance;
}

void AddLocalExplanations(const AnalysisInputs& in, const Eigen::MatrixXd& kept, analyses::Explanations& payload) {
  const Eigen::Index num_features = static_cast<Eigen::Index>(in.features.num_columns());
  for (size_t j = 0; j < in.settings.rows.size(); ++j) {
    const size_t row = in.settings.rows[j];
    for (size_t k = 0; k < in.outputs.size(); ++k) {
      const auto block = kept.row(static_cast<Eigen::Index>(j))
                             .segment(static_cast<Eigen::Index>(k) * (num_features + 1), num_features + 1);
      auto* local = payload.add_local();
      local->set_row(static_cast<int64_t>(row));
      local->set_output(in.outputs.labels[k]);
      local->set_base_value(block[num_features]);
      local->mutable_contributions()->Add(block.begin(), block.begin() + num_features);
      local->set_output_value(block.sum());
      for (Eigen::Index f = 0; f < num_features; ++f) local->add_values(in.features.column(f).ValueAsString(row));
    }
  }
}

analyses::OutputSpace KernelOutputSpace(const AnalysisInputs& in) {
  return in.context.outcomes->is_classification() ? analyses::OUTPUT_SPACE_PROBABILITY
                                                  : analyses::OUTPUT_SPACE_PREDICTION;
}

// A KernelSHAP explainer over a background drawn from the analysed rows by
// `rng`; its settings go to the payload.
absl::StatusOr<KernelShap> MakeKernelShap(const AnalysisInputs& in, Rng& rng, analyses::Explanations& payload) {
  absl::StatusOr<KernelShap> explainer = KernelShap::Create(
      in.model, in.features, rng.Sample(in.analysed, in.settings.background_size), in.outputs.predict_columns);
  if (!explainer.ok()) return explainer.status();
  payload.set_output_space(KernelOutputSpace(in));
  payload.set_background_size(static_cast<int32_t>(explainer->background_size()));
  payload.set_nsamples(in.settings.nsamples);
  return explainer;
}

// Scope 0 is all analysed rows, the others the run's cohorts.
void SetScopeImportance(size_t scope, analyses::CohortImportance importance, analyses::Explanations& payload) {
  if (scope == 0) {
    *payload.mutable_overall() = std::move(importance);
  } else {
    *payload.add_cohorts() = std::move(importance);
  }
}

SummaryRequest RequestFor(const AnalysisInputs& in, std::span<const size_t> rows, size_t chunk_rows) {
  SummaryRequest request;
  request.rows = rows;
  request.chunk_rows = chunk_rows;
  request.num_features = in.features.num_columns();
  request.num_outputs = in.outputs.size();
  request.kept = in.settings.rows;
  return request;
}

// Global importance and local contributions from one SHAP source.
absl::Status ExplainWithShap(const AnalysisInputs& in, const ExplainRows& explain, SummaryRequest request,
                             const Progress& progress, analyses::Explanations& payload) {
  request.scopes = ScopeRows(in.scopes);
  absl::StatusOr<ContributionSummary> summary = SummarizeContributions(explain, request, progress);
  if (!summary.ok()) return summary.status();
  for (size_t s = 0; s < in.scopes.size(); ++s) {
    SetScopeImportance(s, ShapImportance(in, in.scopes[s], summary->sizes[s], summary->mean_absolute[s]), payload);
  }
  AddLocalExplanations(in, summary->kept, payload);
  return absl::OkStatus();
}

absl::Status ExplainWithTreeShap(const AnalysisInputs& in, const Progress& progress, analyses::Explanations& payload) {
  payload.set_output_space(analyses::OUTPUT_SPACE_MARGIN);
  return ExplainWithShap(in, ExactContributions(in.model, in.features, in.outputs),
                         RequestFor(in, in.analysed, kExactChunkRows), progress, payload);
}

absl::Status ExplainWithKernelShap(const AnalysisInputs& in, const Progress& progress,
                                   analyses::Explanations& payload) {
  Rng rng(in.settings.seed);
  absl::StatusOr<KernelShap> explainer = MakeKernelShap(in, rng, payload);
  if (!explainer.ok()) return explainer.status();
  std::vector<size_t> explained = rng.Sample(in.analysed, in.settings.sample_size);
  explained.insert(explained.end(), in.settings.rows.begin(), in.settings.rows.end());
  std::sort(explained.begin(), explained.end());
  explained.erase(std::unique(explained.begin(), explained.end()), explained.end());
  return ExplainWithShap(in, KernelContributions(*explainer, in.settings.nsamples, in.settings.seed),
                         RequestFor(in, explained, kKernelChunkRows), progress, payload);
}

absl::StatusOr<analyses::CohortImportance> PermutationOf(const AnalysisInputs& in, const Scope& scope,
                                                         const Scoring& scoring, const Progress& progress) {
  analyses::CohortImportance importance = CohortOf(scope, static_cast<int64_t>(scope.rows.size()));
  const auto& names = in.model.info().feature_names;
  if (scope.rows.empty()) {
    importance.set_baseline_score(std::nan(""));
    for (size_t f : in.reported) {
      auto* feature = importance.add_features();
      feature->set_feature(names[f]);
      feature->set_importance(std::nan(""));
      feature->set_std(std::nan(""));
    }
    return importance;
  }
  const PredictionScorer scorer(scoring, *in.context.outcomes, scope.rows, in.outputs);
  absl::StatusOr<PermutationImportance> result =
      ComputePermutationImportance(in.model, in.features.SelectRows(scope.rows), scorer, in.reported,
                                   in.settings.n_repeats, in.settings.seed, progress);
  if (!result.ok()) return result.status();
  importance.set_baseline_score(result->baseline_score);
  for (size_t i = 0; i < in.reported.size(); ++i) {
    auto* feature = importance.add_features();
    feature->set_feature(names[in.reported[i]]);
    feature->set_importance(result->Mean(i));
    feature->set_std(result->Std(i));
    feature->mutable_drops()->Add(result->drops[i].begin(), result->drops[i].end());
  }
  SortFeatures(importance);
  return importance;
}

absl::Status ExplainWithPermutation(const AnalysisInputs& in, const Progress& progress,
                                    analyses::Explanations& payload) {
  const Scoring* scoring = ScoringNamed(in.settings.scoring, in.context.outcomes->task);
  payload.set_scoring(std::string(scoring->name));
  payload.set_n_repeats(in.settings.n_repeats);
  const double num_scopes = static_cast<double>(in.scopes.size());
  for (size_t s = 0; s < in.scopes.size(); ++s) {
    const Scope& scope = in.scopes[s];
    absl::StatusOr<analyses::CohortImportance> importance =
        PermutationOf(in, scope, *scoring,
                      progress.Part(static_cast<double>(s) / num_scopes, static_cast<double>(s + 1) / num_scopes,
                                    scope.cohort.empty() ? "permutation importance"
                                                         : absl::StrCat("permutation importance of ", scope.cohort)));
    if (!importance.ok()) return importance.status();
    SetScopeImportance(s, *std::move(importance), payload);
  }
  return absl::OkStatus();
}

absl::Status AddRequestedRows(const AnalysisInputs& in, const ExplainRows& explain, size_t chunk_rows,
                              const Progress& progress, analyses::Explanations& payload) {
  absl::StatusOr<ContributionSummary> summary =
      SummarizeContributions(explain, RequestFor(in, in.settings.rows, chunk_rows), progress);
  if (!summary.ok()) return summary.status();
  AddLocalExplanations(in, summary->kept, payload);
  return absl::OkStatus();
}

// The requested rows' contributions when the global method gave none.
absl::Status ExplainRequestedRows(const AnalysisInputs& in, bool exact, const Progress& progress,
                                  analyses::Explanations& payload) {
  if (exact) {
    payload.set_output_space(analyses::OUTPUT_SPACE_MARGIN);
    return AddRequestedRows(in, ExactContributions(in.model, in.features, in.outputs), kExactChunkRows, progress,
                            payload);
  }
  Rng rng(in.settings.seed);
  absl::StatusOr<KernelShap> explainer = MakeKernelShap(in, rng, payload);
  if (!explainer.ok()) return explainer.status();
  return AddRequestedRows(in, KernelContributions(*explainer, in.settings.nsamples, in.settings.seed), kKernelChunkRows,
                          progress, payload);
}

absl::StatusOr<AnalysisInputs> Prepare(const sdk::AnalysisContext& context, const Settings& settings) {
  if (context.model == nullptr) {
    return absl::FailedPreconditionError(
        "explanations queries a model, but this run has only prediction columns; register a model and reference it");
  }
  const sdk::Model& model = *context.model;
  absl::StatusOr<ModelOutputs> outputs = OutputsOf(model.info(), *context.outcomes);
  if (!outputs.ok()) return outputs.status();
  const std::vector<std::string>& model_features = model.info().feature_names;
  absl::StatusOr<sdk::Table> features = context.table->SelectColumns(model_features);
  if (!features.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the dataset lacks a feature the model reads: ", features.status().message()));
  }
  AnalysisInputs in{context,
                    settings,
                    model,
                    *std::move(outputs),
                    *std::move(features),
                    context.RowsOf(settings.cohort),
                    {},
                    ReportedFeatures(settings, model_features)};
  if (in.analysed.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("parameter 'cohort': cohort '", settings.cohort, "' has no rows; there is nothing to explain"));
  }
  if (absl::Status status = CheckRequestedRows(in); !status.ok()) return status;
  in.scopes.push_back({settings.cohort, "", in.analysed});
  if (context.cohorts != nullptr) {
    for (const sdk::Cohort& cohort : *context.cohorts) {
      if (cohort.name == settings.cohort) in.scopes.front().filter = cohort.filter;
      in.scopes.push_back({cohort.name, cohort.filter, Intersect(cohort.rows, in.analysed)});
    }
  }
  return in;
}

}  // namespace

absl::StatusOr<analyses::Explanations> Explain(const sdk::AnalysisContext& context, const Settings& settings) {
  absl::StatusOr<AnalysisInputs> in = Prepare(context, settings);
  if (!in.ok()) return in.status();
  absl::StatusOr<bool> exact = HasExactContributions(in->model, in->features, in->analysed.front());
  if (!exact.ok()) return exact.status();
  std::string method = settings.method;
  if (method == kAuto) method = *exact ? kTreeShap : kPermutation;
  if (method == kTreeShap && !*exact) {
    return absl::InvalidArgumentError(
        "parameter 'method': this model offers no exact contributions for tree_shap; use kernel_shap or permutation");
  }

  analyses::Explanations payload;
  payload.set_method(method);
  for (const std::string& label : in->outputs.labels) payload.add_outputs(label);
  for (const std::string& name : in->model.info().feature_names) payload.add_model_features(name);
  if (!settings.rows.empty()) payload.set_local_method(method == kKernelShap || !*exact ? kKernelShap : kTreeShap);

  const Progress progress(context);
  absl::Status status;
  if (method == kTreeShap) {
    status = ExplainWithTreeShap(*in, progress.Part(0.0, 1.0, "TreeSHAP"), payload);
  } else if (method == kKernelShap) {
    status = ExplainWithKernelShap(*in, progress.Part(0.0, 1.0, "KernelSHAP"), payload);
  } else {
    const double global_share = settings.rows.empty() ? 1.0 : 0.8;
    status = ExplainWithPermutation(*in, progress.Part(0.0, global_share), payload);
    if (status.ok() && !settings.rows.empty()) {
      status = ExplainRequestedRows(*in, *exact, progress.Part(global_share, 1.0, "local contributions"), payload);
    }
  }
  if (!status.ok()) return status;
  if (absl::Status done = progress.Update(1.0); !done.ok()) return done;
  return payload;
}

}  // namespace glassbox::plugins::explanations
