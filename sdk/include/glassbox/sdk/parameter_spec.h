// Helpers to declare the parameters an analyzer accepts, e.g.
//   *info.add_parameters() = IntParameter("max_depth", "Depth of the tree", 3, 1, 20);
#ifndef GLASSBOX_SDK_PARAMETER_SPEC_H_
#define GLASSBOX_SDK_PARAMETER_SPEC_H_

#include <optional>
#include <string>
#include <vector>

#include "glassbox/v1/analyzer.pb.h"

namespace glassbox::sdk::inline v4 {

glassbox::v1::ParameterSpec BoolParameter(std::string name, std::string description, bool default_value);
glassbox::v1::ParameterSpec IntParameter(std::string name, std::string description, int64_t default_value,
                                         std::optional<double> min = std::nullopt,
                                         std::optional<double> max = std::nullopt);
glassbox::v1::ParameterSpec DoubleParameter(std::string name, std::string description, double default_value,
                                            std::optional<double> min = std::nullopt,
                                            std::optional<double> max = std::nullopt);
// An empty `choices` accepts any string.
glassbox::v1::ParameterSpec StringParameter(std::string name, std::string description, std::string default_value,
                                            std::vector<std::string> choices = {});
// A list of strings; each must be one of `choices` when given. No default: absent means empty.
glassbox::v1::ParameterSpec StringListParameter(std::string name, std::string description,
                                                std::vector<std::string> choices = {},
                                                std::vector<std::string> default_value = {});
glassbox::v1::ParameterSpec DoubleListParameter(std::string name, std::string description);
// A column of the run's dataset.
glassbox::v1::ParameterSpec ColumnParameter(std::string name, std::string description, bool required);
// Columns of the run's dataset; `max_items` 0 means no limit.
glassbox::v1::ParameterSpec ColumnListParameter(std::string name, std::string description, bool required,
                                                int max_items = 0);
// The conventional "cohort" parameter: restricts the analysis to one of the
// run's cohorts (AnalysisContext::RowsOf resolves it); empty means all rows.
glassbox::v1::ParameterSpec CohortParameter();

}  // namespace glassbox::sdk::inline v4

#endif  // GLASSBOX_SDK_PARAMETER_SPEC_H_
