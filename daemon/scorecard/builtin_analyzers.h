// Names of the built-in analyzers whose insights the scorecard lays out in
// sections of their own; any other analyzer gets a generic section.
#ifndef GLASSBOX_DAEMON_SCORECARD_BUILTIN_ANALYZERS_H_
#define GLASSBOX_DAEMON_SCORECARD_BUILTIN_ANALYZERS_H_

namespace glassbox::scorecard {

inline constexpr char kModelOverview[] = "model_overview";
inline constexpr char kDataExplorer[] = "data_explorer";
inline constexpr char kErrorAnalysis[] = "error_analysis";
inline constexpr char kExplanations[] = "explanations";
inline constexpr char kFairness[] = "fairness";
inline constexpr char kCausal[] = "causal";
inline constexpr char kDataBalance[] = "data_balance";
inline constexpr char kCounterfactuals[] = "counterfactuals";

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_BUILTIN_ANALYZERS_H_
