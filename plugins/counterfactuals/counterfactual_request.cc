#include "counterfactual_request.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "glassbox/sdk/parameter_spec.h"
#include "permitted_range.h"

namespace glassbox::plugins {
namespace {

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string FormatRange(double low, double high) { return absl::StrCat("[", low, ", ", high, "]"); }

absl::Status ReadQueryRows(const sdk::Params& params, size_t num_rows, CounterfactualRequest& request) {
  for (double row : params.GetDoubleList("query_rows")) {
    if (!(row >= 0) || std::floor(row) != row) {
      return RefuseParameter("query_rows", absl::StrCat("must hold row indices (whole numbers >= 0); got ", row));
    }
    if (row >= static_cast<double>(num_rows)) {
      return RefuseParameter("query_rows",
                             absl::StrCat("holds row ", row, ", out of range; the dataset has ", num_rows, " rows"));
    }
    request.query_rows.push_back(static_cast<size_t>(row));
  }
  request.cohort = params.GetString("cohort");
  request.max_queries = static_cast<int>(params.GetInt("max_queries"));
  if (!request.query_rows.empty() && !request.cohort.empty()) {
    return RefuseParameter("query_rows", "and 'cohort' both choose the rows to explain; give only one of them");
  }
  if (request.query_rows.empty() && request.cohort.empty()) {
    return RefuseParameter("query_rows",
                           "is required: give the indices of the rows to explain, or a 'cohort' whose first "
                           "'max_queries' rows to explain");
  }
  return absl::OkStatus();
}

absl::Status ReadDesiredOutcome(const sdk::Params& params, const RequestContext& context,
                                CounterfactualRequest& request) {
  const std::string desired_class = params.GetString("desired_class");
  const std::vector<double> desired_range = params.GetDoubleList("desired_range");
  if (context.task == glassbox::v1::REGRESSION) {
    if (!desired_class.empty()) {
      return RefuseParameter("desired_class",
                             "applies to classification only; for regression give 'desired_range' [low, high]");
    }
    if (desired_range.size() != 2) {
      return RefuseParameter("desired_range",
                             "is required for regression: give the range [low, high] the prediction must reach");
    }
    if (!(desired_range[0] <= desired_range[1])) {
      return RefuseParameter("desired_range", absl::StrCat("must be [low, high] with low <= high; got ",
                                                           FormatRange(desired_range[0], desired_range[1])));
    }
    request.desired_low = desired_range[0];
    request.desired_high = desired_range[1];
    return absl::OkStatus();
  }
  if (!desired_range.empty()) {
    return RefuseParameter("desired_range", "applies to regression only; for classification give 'desired_class'");
  }
  const std::string classes = absl::StrJoin(context.classes, ", ");
  if (desired_class.empty() || desired_class == "opposite") {
    if (context.classes.size() != 2) {
      return RefuseParameter("desired_class", absl::StrCat("must name the class to reach (one of: ", classes,
                                                           "); 'opposite' applies to binary tasks only"));
    }
    return absl::OkStatus();
  }
  if (!Contains(context.classes, desired_class)) {
    return RefuseParameter("desired_class",
                           absl::StrCat("'", desired_class, "' is not a class of this run; give one of: ", classes,
                                        context.classes.size() == 2 ? ", or 'opposite'" : ""));
  }
  request.desired_class = desired_class;
  return absl::OkStatus();
}

}  // namespace

std::vector<glassbox::v1::ParameterSpec> CounterfactualParameterSpecs() {
  glassbox::v1::ParameterSpec query_rows =
      sdk::DoubleListParameter("query_rows", "Indices (from 0) of the rows to explain; or give 'cohort'");
  query_rows.set_max_items(1000);
  glassbox::v1::ParameterSpec cohort = sdk::CohortParameter();
  cohort.set_description("Explain the first 'max_queries' rows of this cohort instead of 'query_rows'");
  glassbox::v1::ParameterSpec desired_range = sdk::DoubleListParameter(
      "desired_range", "Regression: the range [low, high] the counterfactuals' predictions must fall in");
  desired_range.set_max_items(2);
  return {
      query_rows,
      cohort,
      sdk::IntParameter("max_queries", "With 'cohort': how many of its rows to explain", 20, 1, 1000),
      sdk::IntParameter("total_CFs", "Counterfactuals to find for each query row", 4, 1, 100),
      sdk::StringParameter("desired_class",
                           "Classification: the class the counterfactuals must reach, or 'opposite' (the default, "
                           "binary tasks only) for the class the model does not predict for the query row",
                           ""),
      desired_range,
      sdk::ColumnListParameter("features_to_vary",
                               "Features the counterfactuals may change; empty for every model "
                               "feature",
                               false),
      sdk::StringParameter(
          "permitted_range",
          absl::StrCat("JSON object of the values a varied feature may take, e.g. ", kPermittedRangeExample,
                       "; by default a numeric feature's range in the data, or the categories seen"),
          ""),
      sdk::IntParameter("seed", "Seed of the random sampling; the same seed gives the same counterfactuals", 0, 0),
      sdk::IntParameter("sample_size", "Candidate rows sampled per round for each query row", 1000, 1, 100000),
      sdk::IntParameter("max_iterations",
                        "Sampling rounds per query row before giving up; round t changes min(t, number of features to "
                        "vary) features",
                        10, 1, 1000),
      sdk::DoubleParameter("proximity_weight", "Weight of the distance to the query row when choosing counterfactuals",
                           0.5, 0),
      sdk::DoubleParameter("diversity_weight",
                           "Weight of the distance to the counterfactuals already chosen when choosing the next", 1.0,
                           0),
  };
}

absl::StatusOr<CounterfactualRequest> ReadRequest(const sdk::Params& params, const RequestContext& context) {
  CounterfactualRequest request;
  if (absl::Status status = ReadQueryRows(params, context.num_rows, request); !status.ok()) return status;
  request.total_cfs = static_cast<int>(params.GetInt("total_CFs"));
  if (absl::Status status = ReadDesiredOutcome(params, context, request); !status.ok()) return status;
  request.features_to_vary = params.GetStringList("features_to_vary");
  for (const auto& name : request.features_to_vary) {
    if (absl::Status status = CheckModelFeature("features_to_vary", name, context.model_features); !status.ok())
      return status;
  }
  if (request.features_to_vary.empty()) request.features_to_vary = context.model_features;
  absl::StatusOr<std::map<std::string, PermittedRange>> ranges =
      ReadPermittedRange(params.GetString("permitted_range"), context.model_features, context.columns);
  if (!ranges.ok()) return ranges.status();
  request.permitted_range = *std::move(ranges);
  request.seed = static_cast<uint64_t>(params.GetInt("seed"));
  request.sample_size = static_cast<int>(params.GetInt("sample_size"));
  request.max_iterations = static_cast<int>(params.GetInt("max_iterations"));
  request.proximity_weight = params.GetDouble("proximity_weight");
  request.diversity_weight = params.GetDouble("diversity_weight");
  return request;
}

std::vector<sdk::ColumnInfo> DescribeColumns(const sdk::Table& table) {
  std::vector<sdk::ColumnInfo> columns;
  for (size_t j = 0; j < table.num_columns(); ++j) {
    const sdk::Column& column = table.column(j);
    columns.push_back(
        {column.name(), column.type(), column.is_categorical() ? column.categories() : std::vector<std::string>{}});
  }
  return columns;
}

}  // namespace glassbox::plugins
