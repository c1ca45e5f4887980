#include "glassbox/sdk/context.h"

namespace glassbox::sdk::inline v4 {

const ColumnInfo* ValidationContext::FindColumn(std::string_view name) const {
  for (const auto& column : columns) {
    if (column.name == name) return &column;
  }
  return nullptr;
}

std::vector<size_t> AnalysisContext::RowsOf(std::string_view cohort) const {
  if (cohort.empty()) {
    std::vector<size_t> rows(table->num_rows());
    for (size_t i = 0; i < rows.size(); ++i) rows[i] = i;
    return rows;
  }
  for (const auto& candidate : *cohorts) {
    if (candidate.name == cohort) return candidate.rows;
  }
  return {};
}

}  // namespace glassbox::sdk::inline v4
