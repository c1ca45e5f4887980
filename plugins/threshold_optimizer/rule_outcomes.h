// The rates of each group's decisions before and after the rules: before,
// the run's predictions; expected, the rules' positive probabilities counted
// as fractions of a decision; measured, one draw (positive when the
// probability >= the row's uniform number, as Fairlearn's predict).
#ifndef GLASSBOX_PLUGINS_THRESHOLD_OPTIMIZER_RULE_OUTCOMES_H_
#define GLASSBOX_PLUGINS_THRESHOLD_OPTIMIZER_RULE_OUTCOMES_H_

#include <cstdint>
#include <span>
#include <vector>

#include "group_rule.h"
#include "rate_metric.h"

namespace glassbox::plugins::threshold_optimizer {

struct Rates {
  double selection_rate = 0;
  double true_positive_rate = 0;
  double false_positive_rate = 0;
  double accuracy = 0;
};

struct GroupRates {
  int64_t count = 0;
  Rates before;
  Rates expected;
  Rates measured;
};

// The fitted rows, aligned: positive-class score, label (0/1), the run's
// decision (0/1), the row's group index into `rules`, and its uniform draw.
struct FittedRows {
  std::vector<double> scores;
  std::vector<int> labels;
  std::vector<int> decisions;
  std::vector<int32_t> groups;
  std::vector<double> draws;
};

std::vector<GroupRates> RatesByGroup(const FittedRows& rows, std::span<const GroupRule> rules);

// The rates of counts, by RateOf.
Rates RatesOf(const ConfusionCounts& counts);

}  // namespace glassbox::plugins::threshold_optimizer

#endif  // GLASSBOX_PLUGINS_THRESHOLD_OPTIMIZER_RULE_OUTCOMES_H_
