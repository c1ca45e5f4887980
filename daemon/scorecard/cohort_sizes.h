// How many rows each of the run's cohorts has, as its analyses report it (a
// metric block of the cohort whose unit is "rows" and that is about no feature
// or group, e.g. model_overview's "count"), and how the scorecard flags a
// cohort with fewer rows than glassboxd --min_cohort_rows: its metrics rest on
// too few rows to judge the model by.
#ifndef GLASSBOX_DAEMON_SCORECARD_COHORT_SIZES_H_
#define GLASSBOX_DAEMON_SCORECARD_COHORT_SIZES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "daemon/scorecard/scorecard_input.h"

namespace glassbox::scorecard {

class CohortSizes {
 public:
  explicit CohortSizes(const ScorecardInput& input);

  // Nullopt when no analysis reported the cohort's size.
  std::optional<int64_t> RowsOf(const std::string& cohort) const;
  // Known to have fewer rows than the minimum.
  bool IsSmall(const std::string& cohort) const;
  // The cohort's name, with "⚠ N rows" when it is small.
  std::string Label(const std::string& cohort) const;
  // A sentence naming the small ones among `cohorts` and the minimum; empty when none is.
  std::string Warning(const std::vector<std::string>& cohorts) const;

 private:
  std::map<std::string, int64_t> rows_;
  int64_t min_rows_;
};

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_COHORT_SIZES_H_
