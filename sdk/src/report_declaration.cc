#include "glassbox/sdk/report_declaration.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace glassbox::sdk::inline v4 {
namespace {

using glassbox::v1::ParameterType;

absl::Status CheckParameter(const glassbox::v1::Analyzer& analyzer, const std::string& field,
                            const std::string& name, ParameterType type) {
  if (name.empty()) return absl::OkStatus();
  const auto& parameters = analyzer.parameters();
  const auto found = std::find_if(parameters.begin(), parameters.end(), [&](const auto& p) { return p.name() == name; });
  if (found == parameters.end()) {
    return absl::InvalidArgumentError(absl::StrCat("reports.", field, " names '", name,
                                                   "', which is not a parameter of analyzer '", analyzer.name(),
                                                   "'; declare the parameter or correct the name"));
  }
  if (found->type() != type) {
    return absl::InvalidArgumentError(absl::StrCat("reports.", field, " names parameter '", name, "' of type ",
                                                   glassbox::v1::ParameterType_Name(found->type()), "; it must be ",
                                                   glassbox::v1::ParameterType_Name(type)));
  }
  return absl::OkStatus();
}

absl::Status CheckNamed(const google::protobuf::RepeatedPtrField<glassbox::v1::DeclaredMetric>& metrics,
                        const std::string& field) {
  for (int i = 0; i < metrics.size(); ++i) {
    if (metrics[i].name().empty()) {
      return absl::InvalidArgumentError(absl::StrCat("reports.", field, "[", i, "] has no name; name it as the "
                                                     "analyzer names the metric block"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

glassbox::v1::DeclaredMetric ReportedMetric(std::string name, std::vector<glassbox::v1::TaskType> tasks,
                                            bool needs_probabilities) {
  glassbox::v1::DeclaredMetric metric;
  metric.set_name(std::move(name));
  for (auto task : tasks) metric.add_tasks(task);
  metric.set_needs_probabilities(needs_probabilities);
  return metric;
}

glassbox::v1::DeclaredMetric ReportedMetric(Metric metric, std::vector<glassbox::v1::TaskType> tasks,
                                            bool needs_probabilities) {
  return ReportedMetric(std::string(InfoOf(metric).name), std::move(tasks), needs_probabilities);
}

void DeclareMetrics(google::protobuf::RepeatedPtrField<glassbox::v1::DeclaredMetric>& into,
                    const std::vector<std::string>& names, const std::vector<glassbox::v1::TaskType>& tasks,
                    bool needs_probabilities) {
  for (const auto& name : names) *into.Add() = ReportedMetric(name, tasks, needs_probabilities);
}

void DeclareMetrics(glassbox::v1::ReportDeclaration& reports, const std::vector<std::string>& names,
                    const std::vector<glassbox::v1::TaskType>& tasks, bool needs_probabilities) {
  DeclareMetrics(*reports.mutable_metrics(), names, tasks, needs_probabilities);
}

absl::Status CheckReportDeclaration(const glassbox::v1::Analyzer& analyzer) {
  if (!analyzer.has_reports()) return absl::OkStatus();
  const auto& reports = analyzer.reports();
  if (auto status = CheckNamed(reports.metrics(), "metrics"); !status.ok()) return status;
  const struct {
    const char* field;
    const std::string& name;
    ParameterType type;
  } parameters[] = {
      {"importance_count_parameter", reports.importance_count_parameter(), glassbox::v1::INT},
      {"explored_features_parameter", reports.explored_features_parameter(), glassbox::v1::COLUMN_LIST},
      {"treatments_parameter", reports.treatments_parameter(), glassbox::v1::COLUMN_LIST},
      {"group_comparison.measures_parameter", reports.group_comparison().measures_parameter(),
       glassbox::v1::STRING_LIST},
      {"group_comparison.features_parameter", reports.group_comparison().features_parameter(),
       glassbox::v1::COLUMN_LIST},
  };
  for (const auto& parameter : parameters) {
    if (auto status = CheckParameter(analyzer, parameter.field, parameter.name, parameter.type); !status.ok()) {
      return status;
    }
  }
  if (!reports.has_group_comparison()) return absl::OkStatus();
  const auto& comparison = reports.group_comparison();
  if (comparison.features_parameter().empty()) {
    return absl::InvalidArgumentError("reports.group_comparison.features_parameter is empty; name the COLUMN_LIST "
                                      "parameter whose columns' groups are compared");
  }
  if (auto status = CheckNamed(comparison.default_measures(), "group_comparison.default_measures"); !status.ok()) {
    return status;
  }
  return CheckNamed(comparison.feature_metrics(), "group_comparison.feature_metrics");
}

}  // namespace glassbox::sdk::inline v4
