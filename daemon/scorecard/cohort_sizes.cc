#include "daemon/scorecard/cohort_sizes.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "daemon/scorecard/number_format.h"

namespace glassbox::scorecard {
namespace {

constexpr char kRowsUnit[] = "rows";
constexpr char kFlag[] = "⚠";

bool IsCohortSize(const glassbox::v1::MetricBlock& metric) {
  return !metric.cohort().empty() && metric.unit() == kRowsUnit && metric.feature().empty() &&
         metric.group().empty() &&
         (metric.aggregate() == glassbox::v1::AGGREGATE_UNSPECIFIED ||
          metric.aggregate() == glassbox::v1::AGGREGATE_VALUE) &&
         std::isfinite(metric.value()) && metric.value() >= 0;
}

std::string Rows(int64_t rows) {
  return absl::StrCat(FormatNumber(static_cast<double>(rows)), rows == 1 ? " row" : " rows");
}

}  // namespace

CohortSizes::CohortSizes(const ScorecardInput& input) : min_rows_(input.min_cohort_rows) {
  for (const auto& insight : input.insights) {
    for (const auto& block : insight.blocks()) {
      if (block.has_metric() && IsCohortSize(block.metric())) {
        rows_.try_emplace(block.metric().cohort(), static_cast<int64_t>(std::llround(block.metric().value())));
      }
    }
  }
}

std::optional<int64_t> CohortSizes::RowsOf(const std::string& cohort) const {
  auto it = rows_.find(cohort);
  if (it == rows_.end()) return std::nullopt;
  return it->second;
}

bool CohortSizes::IsSmall(const std::string& cohort) const {
  const auto rows = RowsOf(cohort);
  return rows.has_value() && *rows < min_rows_;
}

std::string CohortSizes::Label(const std::string& cohort) const {
  if (!IsSmall(cohort)) return cohort;
  return absl::StrCat(cohort, " ", kFlag, " ", Rows(*RowsOf(cohort)));
}

std::string CohortSizes::Warning(const std::vector<std::string>& cohorts) const {
  std::vector<std::string> small, seen;
  for (const auto& cohort : cohorts) {
    if (IsSmall(cohort) && std::find(seen.begin(), seen.end(), cohort) == seen.end()) {
      seen.push_back(cohort);
      small.push_back(absl::StrCat(cohort, " (", Rows(*RowsOf(cohort)), ")"));
    }
  }
  if (small.empty()) return "";
  return absl::StrCat(kFlag, " ", small.size() == 1 ? "Cohort " : "Cohorts ", absl::StrJoin(small, ", "),
                      small.size() == 1 ? " has" : " have", " fewer than ", FormatNumber(static_cast<double>(min_rows_)),
                      " rows (glassboxd --min_cohort_rows): ", small.size() == 1 ? "its" : "their",
                      " metrics rest on too few rows to judge the model by.");
}

}  // namespace glassbox::scorecard
