#include "daemon/scorecard/metric_glossary.h"

#include <map>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "daemon/scorecard/text_match.h"

namespace glassbox::scorecard {
namespace {

using glassbox::v1::Aggregate;
using glassbox::v1::MetricBlock;

struct Entry {
  const char* words;
  // Of what is measured: a noun phrase that reads after "the largest gap in".
  const char* quantity;
  // "{groups}" stands for the groups of the metric's feature.
  const char* meaning;
};

// Keyed by MetricKey of the machine name. Definitions as scikit-learn's,
// Fairlearn's and DiCE's documentation state them.
const std::map<std::string, Entry>& Glossary() {
  static const auto* glossary = new std::map<std::string, Entry>{
      {"accuracy_score", {"Accuracy", "accuracy", "Share of predictions that are correct"}},
      {"balanced_accuracy_score",
       {"Balanced accuracy", "balanced accuracy",
        "Accuracy averaged over the classes, so rare classes count as much as common ones"}},
      {"precision_score", {"Precision", "precision", "Of the cases predicted positive, the share that truly are"}},
      {"recall_score", {"Recall", "recall", "Of the truly positive cases, the share the model finds"}},
      {"true_positive_rate",
       {"True positive rate", "true positive rate", "Of the truly positive cases, the share the model finds"}},
      {"f1_score", {"F1 score", "F1 score", "Balance of precision and recall (their harmonic mean)"}},
      {"error_rate", {"Error rate", "error rate", "Share of predictions that are wrong"}},
      {"selection_rate", {"Selection rate", "selection rate", "Share of cases predicted positive"}},
      {"false_positive_rate",
       {"False positive rate", "false positive rate",
        "Of the truly negative cases, the share wrongly predicted positive"}},
      {"false_negative_rate",
       {"False negative rate", "false negative rate", "Of the truly positive cases, the share the model misses"}},
      {"true_negative_rate",
       {"True negative rate", "true negative rate", "Of the truly negative cases, the share predicted negative"}},
      {"roc_auc_score",
       {"ROC AUC", "ROC AUC",
        "How well the scores rank positive cases above negative ones (0.5 is chance, 1 is perfect)"}},
      {"log_loss", {"Log loss", "log loss", "Penalty for confident wrong probabilities (lower is better)"}},
      {"brier_score_loss",
       {"Brier score", "Brier score", "Mean squared error of the predicted probabilities (lower is better)"}},
      {"mean_absolute_error", {"Mean absolute error", "mean absolute error", "Average size of the prediction errors"}},
      {"mean_squared_error",
       {"Mean squared error", "mean squared error", "Average squared prediction error; large errors weigh more"}},
      {"root_mean_squared_error",
       {"Root mean squared error", "root mean squared error",
        "Typical size of a prediction error, in the target's units"}},
      {"median_absolute_error",
       {"Median absolute error", "median absolute error", "Median size of the prediction errors"}},
      {"r2_score", {"R² (coefficient of determination)", "R²",
                    "Share of the target's variation the model explains (1 is perfect, 0 is no better than the mean)"}},
      {"mean_prediction", {"Mean prediction", "mean prediction", "Average predicted value"}},
      {"count", {"Rows", "row count", "Number of rows"}},
      {"rows", {"Rows analysed", "row count", "Number of rows the analysis read"}},
      {"demographic_parity_difference",
       {"Demographic parity difference", "selection rate",
        "Largest gap in selection rate (share predicted positive) between any two {groups} (0 means parity)"}},
      {"demographic_parity_ratio",
       {"Demographic parity ratio", "selection rate",
        "Smallest selection rate among the {groups} divided by the largest (1 means parity)"}},
      {"equalized_odds_difference",
       {"Equalized odds difference", "true and false positive rates",
        "The larger of the gaps in true positive rate and in false positive rate between any two {groups} "
        "(0 means parity)"}},
      {"equalized_odds_ratio",
       {"Equalized odds ratio", "true and false positive rates",
        "The smaller of the ratios of smallest to largest true positive rate and of false positive rate among "
        "the {groups} (1 means parity)"}},
      {"atkinson_index",
       {"Atkinson index", "Atkinson index",
        "Inequality of the groups' sizes, weighted towards the smallest groups (0 is perfect balance)"}},
      {"theil_l_index",
       {"Theil L index", "Theil L index", "Inequality of the groups' sizes, by mean log deviation (0 is perfect balance)"}},
      {"theil_t_index",
       {"Theil T index", "Theil T index", "Inequality of the groups' sizes, by Theil's entropy index (0 is perfect "
                                          "balance)"}},
      {"validity",
       {"Validity", "validity", "Share of the requested counterfactuals that were found and reach the desired outcome"}},
      {"proximity", {"Proximity", "proximity", "Mean distance of the counterfactuals from the row they explain"}},
      {"sparsity", {"Sparsity", "sparsity", "Mean number of features a counterfactual changes"}},
      {"diversity", {"Diversity", "diversity", "Mean distance between the counterfactuals of one row"}},
  };
  return *glossary;
}

// Fairlearn's names for the disparities of a measure.
const std::map<std::pair<std::string, Aggregate>, const char*>& DisparityNames() {
  static const auto* names = new std::map<std::pair<std::string, Aggregate>, const char*>{
      {{"selection_rate", glassbox::v1::AGGREGATE_DIFFERENCE}, "Demographic parity difference"},
      {{"selection_rate", glassbox::v1::AGGREGATE_RATIO}, "Demographic parity ratio"},
  };
  return *names;
}

bool IsAcrossGroups(Aggregate aggregate) {
  return aggregate != glassbox::v1::AGGREGATE_UNSPECIFIED && aggregate != glassbox::v1::AGGREGATE_VALUE;
}

// The metric an aggregate summarises, else the metric itself.
std::string MeasureOf(const MetricBlock& metric) {
  return IsAcrossGroups(metric.aggregate()) && !metric.measure().empty() ? metric.measure() : metric.name();
}

const Entry* Find(const std::string& name) {
  auto it = Glossary().find(MetricKey(name));
  return it == Glossary().end() ? nullptr : &it->second;
}

// The entry of the measure; for a value, also the one its display name
// names ("Demographic parity difference" for "demographic_parity_difference (sex)").
const Entry* EntryOf(const MetricBlock& metric) {
  if (const Entry* entry = Find(MeasureOf(metric))) return entry;
  if (!IsAcrossGroups(metric.aggregate()) && !metric.display_name().empty()) return Find(metric.display_name());
  return nullptr;
}

std::string Lowered(std::string words) {
  if (words.size() > 1 && absl::ascii_isupper(static_cast<unsigned char>(words[0])) &&
      absl::ascii_islower(static_cast<unsigned char>(words[1]))) {
    words[0] = absl::ascii_tolower(static_cast<unsigned char>(words[0]));
  }
  return words;
}

std::string Quantity(const MetricBlock& metric) {
  const Entry* entry = Find(MeasureOf(metric));
  if (entry != nullptr) return entry->quantity;
  return Lowered(metric.measure().empty() ? metric.name() : metric.measure());
}

std::string Groups(const MetricBlock& metric) {
  return metric.feature().empty() ? "groups" : absl::StrCat("groups of ", metric.feature());
}

std::string Direction(const MetricBlock& metric) {
  switch (metric.direction()) {
    case glassbox::v1::HIGHER_IS_BETTER:
      return "higher is better";
    case glassbox::v1::LOWER_IS_BETTER:
      return "lower is better";
    default:
      return "";
  }
}

std::string AcrossGroups(const MetricBlock& metric) {
  const std::string quantity = Quantity(metric);
  switch (metric.aggregate()) {
    case glassbox::v1::AGGREGATE_DIFFERENCE:
      return absl::StrCat("Largest gap in ", quantity, " between any two ", Groups(metric), " (0 means parity)");
    case glassbox::v1::AGGREGATE_RATIO:
      return absl::StrCat("Smallest ", quantity, " among the ", Groups(metric),
                          " divided by the largest (1 means parity)");
    case glassbox::v1::AGGREGATE_MINIMUM:
      return absl::StrCat("Lowest ", quantity, " among the ", Groups(metric));
    case glassbox::v1::AGGREGATE_MAXIMUM:
      return absl::StrCat("Highest ", quantity, " among the ", Groups(metric));
    case glassbox::v1::AGGREGATE_MEAN:
      return absl::StrCat("Average ", quantity, " over the ", Groups(metric));
    default:
      return "";
  }
}

}  // namespace

std::string MetricInWords(const MetricBlock& metric) {
  if (IsAcrossGroups(metric.aggregate())) {
    auto it = DisparityNames().find({MetricKey(MeasureOf(metric)), metric.aggregate()});
    if (it != DisparityNames().end()) return it->second;
  } else if (const Entry* entry = Find(metric.name())) {
    return entry->words;
  }
  return metric.display_name().empty() ? metric.name() : metric.display_name();
}

std::string DescribeMetric(const MetricBlock& metric) {
  std::string meaning;
  if (IsAcrossGroups(metric.aggregate())) {
    meaning = AcrossGroups(metric);
  } else if (const Entry* entry = EntryOf(metric)) {
    meaning = absl::StrReplaceAll(entry->meaning, {{"{groups}", Groups(metric)}});
    if (!metric.group().empty()) {
      absl::StrAppend(&meaning, ", on the rows whose ", metric.feature().empty() ? "group" : metric.feature(), " is ",
                      metric.group());
    }
  } else {
    meaning = "As its analysis defines it";
    if (!metric.unit().empty()) absl::StrAppend(&meaning, ", in ", metric.unit());
    if (!metric.feature().empty()) absl::StrAppend(&meaning, ", about ", metric.feature());
    if (!metric.group().empty()) absl::StrAppend(&meaning, " = ", metric.group());
  }
  const std::string direction = Direction(metric);
  // A parity or a stated best already says which way is better.
  if (!direction.empty() && !absl::StrContains(meaning, "better") && !absl::StrContains(meaning, "parity")) {
    absl::StrAppend(&meaning, "; ", direction);
  }
  return meaning;
}

}  // namespace glassbox::scorecard
