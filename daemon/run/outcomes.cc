#include "daemon/run/outcomes.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace glassbox::run {
namespace {

absl::StatusOr<const sdk::Column*> RequireColumn(const sdk::Table& table, const std::string& name,
                                                 const std::string& field) {
  if (name.empty()) return absl::InvalidArgumentError(absl::StrCat(field, " is empty; name a column of the dataset"));
  const sdk::Column* column = table.Find(name);
  if (column == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": '", name, "' is not a column of the dataset (columns: ",
                                                   absl::StrJoin(table.ColumnNames(), ", "), ")"));
  }
  return column;
}

absl::Status RequireNoMissing(const sdk::Column& column, const std::string& field) {
  for (size_t row = 0; row < column.size(); ++row) {
    if (column.IsMissing(row)) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": column '", column.name(), "' has a missing value in data row ",
                                                     row + 1, "; fill or drop such rows before the run"));
    }
  }
  return absl::OkStatus();
}

void CollectLabels(const sdk::Column& column, std::set<std::string>& labels) {
  if (column.is_categorical()) {
    std::vector<bool> used(column.categories().size());
    for (int32_t code : column.codes()) {
      if (code != sdk::Column::kMissingCode) used[code] = true;
    }
    for (size_t i = 0; i < used.size(); ++i) {
      if (used[i]) labels.insert(column.categories()[i]);
    }
  } else {
    for (size_t row = 0; row < column.size(); ++row) {
      if (!column.IsMissing(row)) labels.insert(column.ValueAsString(row));
    }
  }
}

bool AsNumber(const std::string& text, double& value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

// Maps each row's label to its index in `classes`.
Eigen::VectorXd ClassIndices(const sdk::Column& column, const std::vector<std::string>& classes) {
  Eigen::VectorXd indices(column.size());
  auto index_of = [&](const std::string& label) {
    return static_cast<double>(std::find(classes.begin(), classes.end(), label) - classes.begin());
  };
  if (column.is_categorical()) {
    std::vector<double> by_code(column.categories().size());
    for (size_t code = 0; code < by_code.size(); ++code) by_code[code] = index_of(column.categories()[code]);
    for (size_t row = 0; row < column.size(); ++row) indices[row] = by_code[column.codes()[row]];
  } else {
    for (size_t row = 0; row < column.size(); ++row) indices[row] = index_of(column.ValueAsString(row));
  }
  return indices;
}

absl::StatusOr<Eigen::VectorXd> NumericValues(const sdk::Column& column, const std::string& field) {
  if (!column.is_numeric()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": column '", column.name(),
                                                   "' is categorical; regression needs numbers"));
  }
  if (auto status = RequireNoMissing(column, field); !status.ok()) return status;
  return Eigen::VectorXd(column.vector());
}

absl::StatusOr<Eigen::MatrixXd> Probabilities(const sdk::Table& table, const OutcomeColumns& columns,
                                              const sdk::Outcomes& outcomes) {
  const size_t k = outcomes.classes.size();
  const size_t given = columns.probabilities.size();
  const bool binary = outcomes.task == glassbox::v1::BINARY_CLASSIFICATION;
  // Only a binary task has a positive class whose one column implies the other.
  const bool binary_single = binary && given == 1;
  if (!binary_single && given != k) {
    return absl::InvalidArgumentError(absl::StrCat(
        "predictions.probability_columns: ", given, " columns given for ", k, " classes (",
        absl::StrJoin(outcomes.classes, ", "), ") of a ", glassbox::v1::TaskType_Name(outcomes.task),
        " task; give one per class in that order",
        binary ? ", or one column with the probability of the positive class" : ""));
  }
  Eigen::MatrixXd probabilities(table.num_rows(), k);
  for (size_t i = 0; i < given; ++i) {
    std::string field = absl::StrCat("predictions.probability_columns[", i, "]");
    auto column = RequireColumn(table, columns.probabilities[i], field);
    if (!column.ok()) return column.status();
    if (!(*column)->is_numeric()) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": column '", columns.probabilities[i], "' is not numeric"));
    }
    if (auto status = RequireNoMissing(**column, field); !status.ok()) return status;
    auto values = (*column)->values();
    for (size_t row = 0; row < values.size(); ++row) {
      if (values[row] < 0 || values[row] > 1) {
        return absl::InvalidArgumentError(absl::StrCat(field, ": data row ", row + 1, " holds ", values[row],
                                                       ", not a probability in [0, 1]"));
      }
    }
    int target_column = binary_single ? outcomes.positive_class : static_cast<int>(i);
    probabilities.col(target_column) = (*column)->vector();
    if (binary_single) probabilities.col(1 - target_column) = 1.0 - probabilities.col(target_column).array();
  }
  return probabilities;
}

// A binary task's one probability column is read as P(positive class). When
// the predicted labels say the opposite on most rows, the column holds the
// other class's probability (or the positive class is the wrong one): every
// threshold metric would be inverted without a sign of it.
absl::Status CheckSingleProbabilityColumn(const OutcomeColumns& columns, const sdk::Outcomes& outcomes) {
  const int positive = outcomes.positive_class;
  const Eigen::Index rows = outcomes.y_pred.size();
  Eigen::Index disagree = 0;
  for (Eigen::Index row = 0; row < rows; ++row) {
    disagree += (outcomes.probabilities(row, positive) >= 0.5) != (outcomes.y_pred[row] == positive);
  }
  if (2 * disagree <= rows) return absl::OkStatus();
  const std::string& other = outcomes.classes[1 - positive];
  return absl::FailedPreconditionError(absl::StrCat(
      "predictions.probability_columns[0]: '", columns.probabilities[0], "' is read as the probability of the positive "
      "class '", outcomes.classes[positive], "', but on ", disagree, " of ", rows, " rows it contradicts '",
      columns.prediction, "' (>= 0.5 where the prediction is '", other, "', or < 0.5 where it is '",
      outcomes.classes[positive], "'); if the column holds the probability of '", other,
      "', set positive_class to '", other, "', or give one probability column per class"));
}

}  // namespace

std::set<std::string> DistinctLabels(const sdk::Column& column) {
  std::set<std::string> labels;
  CollectLabels(column, labels);
  return labels;
}

absl::StatusOr<std::vector<std::string>> ClassLabels(const sdk::Table& table, const OutcomeColumns& columns) {
  auto target = RequireColumn(table, columns.target, "target_column");
  if (!target.ok()) return target.status();
  std::set<std::string> labels;
  CollectLabels(**target, labels);
  // A model's classes must be spelled as the target spells them, else every row would count as a miss.
  for (const auto& label : labels) {
    if (!columns.extra_classes.empty() &&
        std::find(columns.extra_classes.begin(), columns.extra_classes.end(), label) == columns.extra_classes.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "target_column: '", columns.target, "' holds '", label, "', which is not a class of the model (its classes: ",
          absl::StrJoin(columns.extra_classes, ", "),
          "); register the model with class_labels spelled as the target column spells them, in the model's order"));
    }
  }
  if (!columns.prediction.empty()) {
    auto prediction = RequireColumn(table, columns.prediction, "predictions.prediction_column");
    if (!prediction.ok()) return prediction.status();
    CollectLabels(**prediction, labels);
  }
  labels.insert(columns.extra_classes.begin(), columns.extra_classes.end());
  std::vector<std::string> classes(labels.begin(), labels.end());
  bool numeric = std::all_of(classes.begin(), classes.end(), [](const std::string& label) {
    double value;
    return AsNumber(label, value);
  });
  if (numeric) {
    std::sort(classes.begin(), classes.end(), [](const std::string& a, const std::string& b) {
      double x = 0, y = 0;
      AsNumber(a, x);
      AsNumber(b, y);
      return x < y;
    });
  }
  return classes;
}

absl::StatusOr<sdk::Outcomes> ResolveOutcomes(const sdk::Table& table, const OutcomeColumns& columns) {
  sdk::Outcomes outcomes;
  outcomes.task = columns.task;
  if (columns.task == glassbox::v1::TASK_TYPE_UNSPECIFIED) {
    return absl::InvalidArgumentError(
        "task is unspecified; set it to BINARY_CLASSIFICATION, MULTICLASS_CLASSIFICATION or REGRESSION");
  }
  if (!glassbox::v1::TaskType_IsValid(columns.task)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "task: ", static_cast<int>(columns.task),
        " is not a TaskType; use BINARY_CLASSIFICATION, MULTICLASS_CLASSIFICATION or REGRESSION"));
  }
  auto target = RequireColumn(table, columns.target, "target_column");
  if (!target.ok()) return target.status();
  if (auto status = RequireNoMissing(**target, "target_column"); !status.ok()) return status;
  const sdk::Column* prediction = nullptr;
  if (!columns.prediction.empty()) {
    auto found = RequireColumn(table, columns.prediction, "predictions.prediction_column");
    if (!found.ok()) return found.status();
    prediction = *found;
    if (auto status = RequireNoMissing(*prediction, "predictions.prediction_column"); !status.ok()) return status;
  }

  if (columns.task == glassbox::v1::REGRESSION) {
    if (!columns.probabilities.empty()) {
      return absl::InvalidArgumentError(
          "predictions.probability_columns: a REGRESSION task has no class probabilities; leave them out");
    }
    auto y_true = NumericValues(**target, "target_column");
    if (!y_true.ok()) return y_true.status();
    outcomes.y_true = *std::move(y_true);
    if (prediction != nullptr) {
      auto y_pred = NumericValues(*prediction, "predictions.prediction_column");
      if (!y_pred.ok()) return y_pred.status();
      outcomes.y_pred = *std::move(y_pred);
    }
    return outcomes;
  }

  if (columns.task != glassbox::v1::BINARY_CLASSIFICATION && !columns.positive_class.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("positive_class: '", columns.positive_class, "' is set for a ",
                                                   glassbox::v1::TaskType_Name(columns.task),
                                                   " task; a positive class applies to BINARY_CLASSIFICATION only"));
  }
  auto classes = ClassLabels(table, columns);
  if (!classes.ok()) return classes.status();
  outcomes.classes = *std::move(classes);
  if (outcomes.classes.size() < 2) {
    return absl::InvalidArgumentError(absl::StrCat("target_column: '", columns.target, "' has a single class '",
                                                   outcomes.classes.empty() ? "" : outcomes.classes[0],
                                                   "'; classification needs at least two"));
  }
  if (columns.task == glassbox::v1::BINARY_CLASSIFICATION) {
    if (outcomes.classes.size() > 2) {
      return absl::InvalidArgumentError(absl::StrCat(
          "task: BINARY_CLASSIFICATION, but the target and predictions hold ", outcomes.classes.size(),
          " classes (", absl::StrJoin(outcomes.classes, ", "), "); use MULTICLASS_CLASSIFICATION"));
    }
    if (columns.positive_class.empty()) {
      outcomes.positive_class = 1;
    } else {
      auto it = std::find(outcomes.classes.begin(), outcomes.classes.end(), columns.positive_class);
      if (it == outcomes.classes.end()) {
        return absl::InvalidArgumentError(absl::StrCat("positive_class: '", columns.positive_class,
                                                       "' is not a class of the target (classes: ",
                                                       absl::StrJoin(outcomes.classes, ", "), ")"));
      }
      outcomes.positive_class = static_cast<int>(it - outcomes.classes.begin());
    }
  }
  outcomes.y_true = ClassIndices(**target, outcomes.classes);
  if (prediction != nullptr) outcomes.y_pred = ClassIndices(*prediction, outcomes.classes);
  if (!columns.probabilities.empty()) {
    auto probabilities = Probabilities(table, columns, outcomes);
    if (!probabilities.ok()) return probabilities.status();
    outcomes.probabilities = *std::move(probabilities);
    if (columns.task == glassbox::v1::BINARY_CLASSIFICATION && columns.probabilities.size() == 1 &&
        prediction != nullptr) {
      if (auto status = CheckSingleProbabilityColumn(columns, outcomes); !status.ok()) return status;
    }
  }
  return outcomes;
}

}  // namespace glassbox::run
