// Fuzzes run::ParseCohortFilter and run::SelectRows. Beyond not crashing, a
// parsed filter must hold the values its operators take, must print (with
// sdk/filter_syntax.h, as glassbox prints the cohorts it finds) to a filter
// that parses to the same conditions, and must select on a small Adult-like table exactly the
// rows that each of its conditions selects alone. A condition on a numeric
// column must take its values as numbers exactly when they are decimal numbers,
// as the CSV reader does.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "daemon/run/cohort_filter.h"
#include "glassbox/sdk/filter_syntax.h"
#include "tests/fuzz/decimal_grammar.h"
#include "tests/fuzz/fuzz_check.h"

namespace glassbox::run {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

const sdk::Table& People() {
  static const sdk::Table* table = [] {
    auto* people = new sdk::Table;
    constexpr int32_t kNone = sdk::Column::kMissingCode;
    for (auto column : {
             sdk::Column::Numeric("age", {25, 41, 60, kMissing, 38, 17}),
             sdk::Column::Numeric("hours-per-week", {40, 50, 20, 35, 40, 12.5}),
             sdk::Column::Categorical("sex", {"Female", "Male"}, {1, 0, 0, 1, kNone, 0}),
             sdk::Column::Categorical("race", {"Asian-Pac-Islander", "Black", "White"}, {2, 1, 2, 0, 2, kNone}),
             sdk::Column::Categorical("marital status", {"Divorced", "Married-civ-spouse", "Never-married"},
                                      {1, 1, 0, 2, 1, 2}),
             sdk::Column::Categorical("income", {"<=50K", ">50K"}, {0, 1, 1, 0, 0, 0}),
         }) {
      FUZZ_CHECK(people->AddColumn(column).ok(), column->name());
    }
    return people;
  }();
  return *table;
}

size_t ValueCount(FilterOp op) {
  switch (op) {
    case FilterOp::kIn:
    case FilterOp::kNotIn: return 0;  // one or more
    case FilterOp::kInRange: return 2;
    case FilterOp::kIsMissing: return 0;
    default: return 1;
  }
}

std::string_view Symbol(FilterOp op) {
  switch (op) {
    case FilterOp::kLess: return "<";
    case FilterOp::kLessEqual: return "<=";
    case FilterOp::kGreater: return ">";
    case FilterOp::kGreaterEqual: return ">=";
    case FilterOp::kEqual: return "==";
    case FilterOp::kNotEqual: return "!=";
    case FilterOp::kIn: return "in";
    case FilterOp::kNotIn: return "not in";
    case FilterOp::kInRange: return "in range";
    case FilterOp::kIsMissing: return "is missing";
  }
  return "?";
}

std::string Print(const std::vector<Condition>& conditions) {
  std::vector<std::string> printed;
  for (const auto& condition : conditions) {
    std::vector<std::string> values;
    for (const auto& value : condition.values) values.push_back(sdk::FilterValue(value));
    std::string operand;
    if (ValueCount(condition.op) == 1) {
      operand = absl::StrCat(" ", values[0]);
    } else if (condition.op != FilterOp::kIsMissing) {
      operand = absl::StrCat(" [", absl::StrJoin(values, ", "), "]");
    }
    printed.push_back(absl::StrCat(sdk::FilterColumn(condition.column), " ", std::string(Symbol(condition.op)),
                                   operand, condition.or_missing ? " or missing" : ""));
  }
  return absl::StrJoin(printed, " AND ");
}

// An 'in range' whose low bound is above its high bound selects nothing and is
// refused; a range that can select something is not.
bool InvertedRange(const Condition& condition) {
  if (condition.op != FilterOp::kInRange) return false;
  const double low = std::strtod(condition.values[0].c_str(), nullptr);
  const double high = std::strtod(condition.values[1].c_str(), nullptr);
  return !(low <= high);
}

void CheckNumbers(const Condition& condition, bool selected) {
  const sdk::Column* column = People().Find(condition.column);
  if (column == nullptr || !column->is_numeric()) return;
  const auto& values = condition.values;
  if (selected) {
    FUZZ_CHECK(std::all_of(values.begin(), values.end(), glassbox::fuzz::IsDecimal),
               absl::StrCat("'", absl::StrJoin(values, "', '"), "' taken as numbers"));
    FUZZ_CHECK(!InvertedRange(condition), absl::StrCat("[", absl::StrJoin(values, ", "), "] taken as a range"));
  } else if (std::all_of(values.begin(), values.end(), glassbox::fuzz::IsShortDecimal)) {
    FUZZ_CHECK(InvertedRange(condition), absl::StrCat("'", absl::StrJoin(values, "', '"), "' refused as numbers"));
  }
}

bool Equal(const Condition& a, const Condition& b) {
  return a.column == b.column && a.op == b.op && a.values == b.values && a.or_missing == b.or_missing;
}

void CheckSelection(const std::vector<Condition>& conditions) {
  auto rows = SelectRows(People(), conditions);
  std::vector<std::vector<size_t>> alone;
  bool all_alone_ok = true;
  for (const auto& condition : conditions) {
    auto selected = SelectRows(People(), {condition});
    FUZZ_CHECK(selected.ok() || absl::IsInvalidArgument(selected.status()), selected.status().ToString());
    all_alone_ok = all_alone_ok && selected.ok();
    CheckNumbers(condition, selected.ok());
    if (selected.ok()) alone.push_back(*std::move(selected));
  }
  FUZZ_CHECK(rows.ok() == all_alone_ok, "the filter fails exactly when one of its conditions does");
  if (!rows.ok()) return;
  FUZZ_CHECK(std::is_sorted(rows->begin(), rows->end()) &&
                 std::adjacent_find(rows->begin(), rows->end()) == rows->end(),
             "rows ascend");
  FUZZ_CHECK(rows->empty() || rows->back() < People().num_rows(), "rows exist");
  std::vector<size_t> expected(People().num_rows());
  for (size_t row = 0; row < expected.size(); ++row) expected[row] = row;
  for (const auto& selected : alone) {
    std::vector<size_t> both;
    std::set_intersection(expected.begin(), expected.end(), selected.begin(), selected.end(), std::back_inserter(both));
    expected = std::move(both);
  }
  FUZZ_CHECK(*rows == expected, "the filter selects the rows every condition selects");
}

}  // namespace
}  // namespace glassbox::run

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace glassbox::run;
  auto conditions = ParseCohortFilter(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!conditions.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(conditions.status()), conditions.status().ToString());
    return 0;
  }
  FUZZ_CHECK(!conditions->empty(), "a parsed filter has a condition");
  for (const auto& condition : *conditions) {
    FUZZ_CHECK(!condition.column.empty(), "a condition names its column");
    const size_t count = ValueCount(condition.op);
    if (condition.op == FilterOp::kIsMissing) {
      FUZZ_CHECK(condition.values.empty() && !condition.or_missing, condition.column);
    } else {
      FUZZ_CHECK(count == 0 ? !condition.values.empty() : condition.values.size() == count, condition.column);
    }
  }
  const std::string printed = Print(*conditions);
  auto reparsed = ParseCohortFilter(printed);
  FUZZ_CHECK(reparsed.ok(), absl::StrCat(printed, ": ", reparsed.status().ToString()));
  FUZZ_CHECK(std::equal(conditions->begin(), conditions->end(), reparsed->begin(), reparsed->end(), Equal), printed);
  CheckSelection(*conditions);
  return 0;
}
