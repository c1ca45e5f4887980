#include "bench/support/bench_analyses.h"

namespace glassbox::bench {

std::string CausalParams(const std::string& nuisance_model) {
  return R"({"treatments": ["hours-per-week"], "heterogeneity_feature": "sex", "nuisance_model": ")" + nuisance_model +
         R"("})";
}

const std::vector<BenchAnalysis>& BuiltinBenchAnalyses() {
  static const auto* analyses = new std::vector<BenchAnalysis>{
      {"model_overview", "model_overview", "{}", 0, true},
      {"data_explorer", "data_explorer", "{}", 0, true},
      {"data_balance", "data_balance", kDataBalanceParams, 0, true},
      {"fairness", "fairness", kFairnessParams, 0, true},
      {"error_analysis", "error_analysis", kErrorAnalysisParams, 0, true},
      {"explanations.tree_shap", "explanations", kTreeShapParams, 0, true},
      {"explanations.permutation", "explanations", kPermutationParams, 0, false},
      {"explanations.kernel_shap", "explanations", kKernelShapParams, kKernelShapRows, false},
      {"counterfactuals", "counterfactuals", kCounterfactualsParams, kCounterfactualsRows, true},
      {"causal.ridge", "causal", CausalParams("ridge"), 0, true},
      {"causal.gradient_boosting", "causal", CausalParams("gradient_boosting"), 0, false},
  };
  return *analyses;
}

}  // namespace glassbox::bench
