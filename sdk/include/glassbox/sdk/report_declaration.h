// Helpers to declare, in Describe(), what an analyzer reports that a scorecard
// configuration can name (ReportDeclaration in analyzer.proto), so that
// CreateRun refuses a configuration asking for what the run will not report:
//   auto& reports = *info.mutable_reports();
//   DeclareMetrics(reports, {"brier_score_loss", "expected_calibration_error"});
//   reports.set_importance_count_parameter("top_n");
// Names must be those the analyzer gives its whole-data metric blocks.
#ifndef GLASSBOX_SDK_REPORT_DECLARATION_H_
#define GLASSBOX_SDK_REPORT_DECLARATION_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "glassbox/sdk/metrics.h"
#include "glassbox/v1/analyzer.pb.h"

namespace glassbox::sdk::inline v4 {

// `tasks` empty: reported for every task.
glassbox::v1::DeclaredMetric ReportedMetric(std::string name, std::vector<glassbox::v1::TaskType> tasks = {},
                                            bool needs_probabilities = false);
glassbox::v1::DeclaredMetric ReportedMetric(Metric metric, std::vector<glassbox::v1::TaskType> tasks = {},
                                            bool needs_probabilities = false);

// Appends one ReportedMetric per name to `into`, each with `tasks` and `needs_probabilities`.
void DeclareMetrics(google::protobuf::RepeatedPtrField<glassbox::v1::DeclaredMetric>& into,
                    const std::vector<std::string>& names, const std::vector<glassbox::v1::TaskType>& tasks = {},
                    bool needs_probabilities = false);
void DeclareMetrics(glassbox::v1::ReportDeclaration& reports, const std::vector<std::string>& names,
                    const std::vector<glassbox::v1::TaskType>& tasks = {}, bool needs_probabilities = false);

// OK when `analyzer` declares nothing, or when every metric of its
// declaration is named and every parameter it names is one of its parameters
// of the type ReportDeclaration states. INVALID_ARGUMENT naming the field
// otherwise; the host does not load such a plugin.
absl::Status CheckReportDeclaration(const glassbox::v1::Analyzer& analyzer);

}  // namespace glassbox::sdk::inline v4

#endif  // GLASSBOX_SDK_REPORT_DECLARATION_H_
