// Cohort filters: conditions on columns joined with AND, e.g.
//   age > 40 AND sex == "Female" AND race in [White, Black] AND hours-per-week in range [20, 40]
// Operators: >, <, >=, <=, ==, != (numbers; == and != also categories),
// `in [v, ...]` and `not in [v, ...]` (categories or numbers), `in range [lo, hi]`
// (numbers, inclusive), `is missing`. Numbers are decimal, as in a CSV cell
// (data::ParseNumber). Column names run until a space or operator; write one
// that holds either in backticks (`hours per week` > 40), a backtick in it
// doubled. Values may be "double-quoted", a quote in them doubled.
// Missing cells match no condition but `is missing`, and those that end in
// `or missing` (age <= 38.5 or missing). Keywords are case-insensitive.
// sdk/filter_syntax.h writes names and values this way.
#ifndef GLASSBOX_DAEMON_RUN_COHORT_FILTER_H_
#define GLASSBOX_DAEMON_RUN_COHORT_FILTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "glassbox/sdk/table.h"

namespace glassbox::run {

enum class FilterOp {
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kEqual,
  kNotEqual,
  kIn,
  kNotIn,
  kInRange,
  kIsMissing,  // takes no values
};

struct Condition {
  std::string column;
  FilterOp op = FilterOp::kEqual;
  std::vector<std::string> values;
  // Missing cells match too ("... or missing"); never set with kIsMissing.
  bool or_missing = false;
};

absl::StatusOr<std::vector<Condition>> ParseCohortFilter(std::string_view text);

// The ascending rows that meet every condition. Fails, naming the column, if a
// column is absent (listing the dataset's columns), a number is expected but not given, an ordering operator
// is used on a categorical column, or a category is not among the column's.
absl::StatusOr<std::vector<size_t>> SelectRows(const sdk::Table& table, const std::vector<Condition>& conditions);

}  // namespace glassbox::run

#endif  // GLASSBOX_DAEMON_RUN_COHORT_FILTER_H_
