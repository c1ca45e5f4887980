// What the host hands an analyzer: the data and model of the run (Analyze)
// or only their description (Validate, at CreateRun time). Everything it
// points to outlives the call and must not be modified.
#ifndef GLASSBOX_SDK_CONTEXT_H_
#define GLASSBOX_SDK_CONTEXT_H_

#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "glassbox/sdk/model.h"
#include "glassbox/sdk/outcomes.h"
#include "glassbox/sdk/params.h"
#include "glassbox/sdk/table.h"

namespace glassbox::sdk::inline v4 {

// A named subset of the run's rows, evaluated once per run.
struct Cohort {
  std::string name;
  std::string filter;
  // Row indices into the table, ascending.
  std::vector<size_t> rows;
};

struct ColumnInfo {
  std::string name;
  ColumnType type = ColumnType::kNumeric;
  // Categorical columns: the distinct values, sorted.
  std::vector<std::string> categories;
};

struct ValidationContext {
  std::vector<ColumnInfo> columns;
  std::string target_column;
  // The columns an analysis may use as features: the model's features when
  // the run has a model, else all but the target and the prediction /
  // probability columns.
  std::vector<std::string> feature_columns;
  glassbox::v1::TaskType task = glassbox::v1::TASK_TYPE_UNSPECIFIED;
  // Classification: the class labels, sorted as in Outcomes.
  std::vector<std::string> classes;
  // nullptr when the run has only prediction columns.
  const ModelInfo* model = nullptr;
  const Params* params = nullptr;
  // Names of the run's cohorts.
  std::vector<std::string> cohorts;
  // Rows of the run's dataset, for checking row-index parameters.
  size_t num_rows = 0;

  const ColumnInfo* FindColumn(std::string_view name) const;
};

struct AnalysisContext {
  const Table* table = nullptr;
  std::string target_column;
  std::vector<std::string> feature_columns;
  const Outcomes* outcomes = nullptr;
  // nullptr when the run has only prediction columns.
  const Model* model = nullptr;
  const std::vector<Cohort>* cohorts = nullptr;
  const Params* params = nullptr;
  // Reports progress of this analysis in [0, 1]; cheap, call it freely, but
  // only from the thread that runs Analyze.
  std::function<void(double fraction, std::string_view message)> report_progress;
  // Set when the run is cancelled; long loops check it and return CANCELLED.
  const std::atomic<bool>* cancel_requested = nullptr;

  // The rows of the named cohort, or every row (0..n-1) for an empty name.
  // Names were checked at CreateRun; an unknown one yields no rows.
  std::vector<size_t> RowsOf(std::string_view cohort) const;

  bool cancelled() const { return cancel_requested != nullptr && cancel_requested->load(std::memory_order_relaxed); }
  void ReportProgress(double fraction, std::string_view message = {}) const {
    if (report_progress) report_progress(fraction, message);
  }
};

}  // namespace glassbox::sdk::inline v4

#endif  // GLASSBOX_SDK_CONTEXT_H_
