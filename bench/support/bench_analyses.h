// The parameters the benchmarks give each built-in analyzer on Adult, in one
// place so that every benchmark measures the same work, and the list of them
// that the scaling benchmark and the whole-run figure go through.
#ifndef GLASSBOX_BENCH_SUPPORT_BENCH_ANALYSES_H_
#define GLASSBOX_BENCH_SUPPORT_BENCH_ANALYSES_H_

#include <string>
#include <vector>

namespace glassbox::bench {

// Sensitive features sex and race (three MetricFrames), eight metrics, with targets.
inline constexpr char kFairnessParams[] = R"({"sensitive_features": ["sex", "race"],
    "metrics": ["count", "selection_rate", "accuracy_score", "precision_score", "recall_score", "f1_score",
                "false_positive_rate", "false_negative_rate"],
    "difference_target": "<=0.05", "ratio_target": ">=0.8"})";
// The surrogate tree on every feature with the default limits, plus a heat map of age.
inline constexpr char kErrorAnalysisParams[] = R"({"heatmap_features": ["age"]})";
inline constexpr char kDataBalanceParams[] = R"({"sensitive_features": ["sex", "race"]})";
// Global TreeSHAP over every row.
inline constexpr char kTreeShapParams[] = R"({"method": "tree_shap"})";
// Permutation importance, 5 shuffles of each of the 14 features (accuracy).
inline constexpr char kPermutationParams[] = R"({"method": "permutation", "n_repeats": 5})";
// KernelSHAP of rows 0-19 only (100 background rows, SHAP's auto nsamples: 2076 coalitions).
inline constexpr char kKernelShapParams[] = R"({"method": "kernel_shap", "sample_size": 0,
    "rows": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]})";
inline constexpr int kKernelShapRows = 20;
// 10 counterfactuals for each of rows 0-19 (DiCE's defaults otherwise).
inline constexpr char kCounterfactualsParams[] = R"({"query_rows": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
    14, 15, 16, 17, 18, 19], "total_CFs": 10})";
inline constexpr int kCounterfactualsRows = 20;

// LinearDML of hours-per-week, the other 13 features as confounders, 5 folds,
// effects by sex; `nuisance_model` "ridge" (the default) or "gradient_boosting".
std::string CausalParams(const std::string& nuisance_model);

struct BenchAnalysis {
  // Names the case on the command line and in tables, e.g. "explanations.kernel_shap".
  std::string name;
  std::string analyzer;
  std::string params_json;
  // Rows explained when the analysis explains a fixed number of rows, so that
  // its cost follows them, not the size of the data; 0 when it reads every row.
  int fixed_rows = 0;
  // Part of the whole run: every built-in analyzer once, with the variant a
  // user gets by default (explanations: TreeSHAP; causal: ridge).
  bool in_whole_run = false;
};

// The scorecard the benchmarks render: every section, with targets.
inline constexpr char kAdultScorecardConfig[] = R"({
  "Model": {"ModelName": "Adult income", "ModelType": "Classification", "ModelSummary": "Screens applications"},
  "Metrics": {"accuracy_score": {"threshold": ">=0.85"}, "f1_score": {"threshold": ">=0.6"}},
  "FeatureImportance": {"top_n": 10},
  "DataExplorer": {"features": ["age", "hours-per-week", "sex", "race"]},
  "Fairness": {"metric": ["accuracy_score", "selection_rate"], "sensitive_features": ["sex"],
               "fairness_evaluation_kind": "difference", "threshold": "<=0.2"},
  "Cohorts": ["Female", "over 40"],
  "Causal": {"treatments": ["hours-per-week"]}
})";

// Every built-in analyzer with the parameters above; explanations and causal
// in each of their variants. They need the Adult model (explanations,
// counterfactuals) and the cohorts of AdultScoredSpec.
const std::vector<BenchAnalysis>& BuiltinBenchAnalyses();

}  // namespace glassbox::bench

#endif  // GLASSBOX_BENCH_SUPPORT_BENCH_ANALYSES_H_
