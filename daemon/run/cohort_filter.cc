#include "daemon/run/cohort_filter.h"

#include <cctype>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "daemon/data/number.h"

namespace glassbox::run {
namespace {

bool IsOperatorChar(char c) { return c == '<' || c == '>' || c == '=' || c == '!'; }

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  absl::StatusOr<std::vector<Condition>> Parse() {
    std::vector<Condition> conditions;
    do {
      auto condition = ParseCondition();
      if (!condition.ok()) return condition.status();
      conditions.push_back(*std::move(condition));
      SkipSpace();
    } while (ConsumeKeyword("and"));
    SkipSpace();
    if (pos_ != text_.size()) return Error("expected AND or the end of the filter");
    return conditions;
  }

 private:
  // A condition, and its "or missing" if it has one.
  absl::StatusOr<Condition> ParseCondition() {
    auto condition = ParseComparison();
    if (!condition.ok() || condition->op == FilterOp::kIsMissing) return condition;
    SkipSpace();
    if (ConsumeKeyword("or")) {
      SkipSpace();
      if (!ConsumeKeyword("missing")) {
        return Error("expected 'missing' after 'or': conditions are joined with AND, and a condition may end in "
                     "'or missing' to match missing cells too");
      }
      condition->or_missing = true;
    }
    return condition;
  }

  absl::StatusOr<Condition> ParseComparison() {
    Condition condition;
    SkipSpace();
    if (Consume('`')) {
      auto column = ParseQuoted('`', "a `quoted` column name is not closed (write a backtick in it as ``)");
      if (!column.ok()) return column.status();
      condition.column = *std::move(column);
    } else {
      size_t start = pos_;
      while (pos_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[pos_])) &&
             !IsOperatorChar(text_[pos_])) {
        ++pos_;
      }
      condition.column = std::string(text_.substr(start, pos_ - start));
    }
    if (condition.column.empty()) return Error("expected a column name");
    SkipSpace();
    if (ConsumeKeyword("is")) {
      SkipSpace();
      if (!ConsumeKeyword("missing")) return Error("expected 'missing' after 'is'");
      condition.op = FilterOp::kIsMissing;
      return condition;
    }
    if (ConsumeKeyword("not")) {
      SkipSpace();
      if (!ConsumeKeyword("in")) return Error("expected 'in' after 'not'");
      condition.op = FilterOp::kNotIn;
      return ParseList(condition);
    }
    if (ConsumeKeyword("in")) {
      SkipSpace();
      condition.op = ConsumeKeyword("range") ? FilterOp::kInRange : FilterOp::kIn;
      auto parsed = ParseList(condition);
      if (parsed.ok() && condition.op == FilterOp::kInRange && condition.values.size() != 2) {
        return Error("'in range' takes two bounds: [low, high]");
      }
      return parsed;
    }
    static constexpr std::pair<std::string_view, FilterOp> kOperators[] = {
        {">=", FilterOp::kGreaterEqual}, {"<=", FilterOp::kLessEqual}, {"==", FilterOp::kEqual},
        {"!=", FilterOp::kNotEqual},     {">", FilterOp::kGreater},    {"<", FilterOp::kLess},
        {"=", FilterOp::kEqual}};
    for (const auto& [symbol, op] : kOperators) {
      if (text_.substr(pos_).starts_with(symbol)) {
        pos_ += symbol.size();
        condition.op = op;
        auto value = ParseValue();
        if (!value.ok()) return value.status();
        condition.values.push_back(*std::move(value));
        return condition;
      }
    }
    return Error(absl::StrCat("expected an operator (>, <, >=, <=, ==, !=, in, not in, in range, is missing) after "
                              "the column name '", condition.column,
                              "'; a column name ends at a space or an operator, so write one that holds either in "
                              "backticks, e.g. `hours per week` > 40"));
  }

  absl::StatusOr<Condition> ParseList(Condition& condition) {
    SkipSpace();
    if (!Consume('[')) return Error("expected '[' to start a list of values");
    SkipSpace();
    if (Consume(']')) return Error("the list of values is empty");
    while (true) {
      auto value = ParseValue();
      if (!value.ok()) return value.status();
      condition.values.push_back(*std::move(value));
      SkipSpace();
      if (Consume(']')) return condition;
      if (!Consume(',')) return Error("expected ',' or ']' in the list of values");
    }
  }

  absl::StatusOr<std::string> ParseValue() {
    SkipSpace();
    if (Consume('"')) return ParseQuoted('"', "a \"quoted\" value is not closed (write a quote in it as \"\")");
    size_t start = pos_;
    while (pos_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[pos_])) && text_[pos_] != ',' &&
           text_[pos_] != ']') {
      ++pos_;
    }
    if (start == pos_) return Error("expected a value");
    return std::string(text_.substr(start, pos_ - start));
  }

  // The text up to the closing `quote`, after the opening one; a doubled
  // quote stands for one.
  absl::StatusOr<std::string> ParseQuoted(char quote, std::string_view unclosed) {
    std::string text;
    while (true) {
      size_t end = text_.find(quote, pos_);
      if (end == std::string_view::npos) return Error(std::string(unclosed));
      text.append(text_.substr(pos_, end - pos_));
      pos_ = end + 1;
      if (!Consume(quote)) return text;
      text.push_back(quote);
    }
  }

  bool ConsumeKeyword(std::string_view keyword) {
    if (text_.size() - pos_ < keyword.size()) return false;
    for (size_t i = 0; i < keyword.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(text_[pos_ + i])) != keyword[i]) return false;
    }
    size_t end = pos_ + keyword.size();
    if (end < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[end])) || text_[end] == '_')) return false;
    pos_ = end;
    return true;
  }

  bool Consume(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  absl::Status Error(const std::string& what) const {
    return absl::InvalidArgumentError(absl::StrCat(what, " at character ", pos_ + 1));
  }

  std::string_view text_;
  size_t pos_ = 0;
};

absl::StatusOr<double> ToNumber(const Condition& condition, const std::string& value) {
  double number = 0;
  if (!data::ParseNumber(value, number)) {
    return absl::InvalidArgumentError(
        absl::StrCat("column '", condition.column, "' is numeric; '", value, "' is not a number"));
  }
  return number;
}

bool Compare(FilterOp op, double x, double y) {
  switch (op) {
    case FilterOp::kLess: return x < y;
    case FilterOp::kLessEqual: return x <= y;
    case FilterOp::kGreater: return x > y;
    case FilterOp::kGreaterEqual: return x >= y;
    case FilterOp::kEqual: return x == y;
    default: return x != y;
  }
}

// Marks rows of a numeric column that meet the condition.
absl::Status MatchNumeric(const sdk::Column& column, const Condition& condition, std::vector<uint8_t>& keep) {
  std::vector<double> numbers;
  for (const auto& value : condition.values) {
    auto number = ToNumber(condition, value);
    if (!number.ok()) return number.status();
    numbers.push_back(*number);
  }
  if (condition.op == FilterOp::kInRange && !(numbers[0] <= numbers[1])) {
    return absl::InvalidArgumentError(absl::StrCat("'", condition.column, " in range [", condition.values[0], ", ",
                                                   condition.values[1], "]' is empty: its low bound is above its high "
                                                   "bound; write [low, high]"));
  }
  auto values = column.values();
  for (size_t row = 0; row < values.size(); ++row) {
    if (!keep[row]) continue;
    double x = values[row];
    bool match = false;
    if (std::isnan(x)) {
      match = condition.or_missing || condition.op == FilterOp::kIsMissing;
    } else if (condition.op == FilterOp::kIsMissing) {
      match = false;
    } else if (condition.op == FilterOp::kInRange) {
      match = x >= numbers[0] && x <= numbers[1];
    } else if (condition.op == FilterOp::kIn || condition.op == FilterOp::kNotIn) {
      bool found = std::find(numbers.begin(), numbers.end(), x) != numbers.end();
      match = found == (condition.op == FilterOp::kIn);
    } else {
      match = Compare(condition.op, x, numbers[0]);
    }
    keep[row] = match;
  }
  return absl::OkStatus();
}

absl::Status MatchCategorical(const sdk::Column& column, const Condition& condition, std::vector<uint8_t>& keep) {
  if (condition.op != FilterOp::kEqual && condition.op != FilterOp::kNotEqual && condition.op != FilterOp::kIn &&
      condition.op != FilterOp::kNotIn && condition.op != FilterOp::kIsMissing) {
    return absl::InvalidArgumentError(absl::StrCat("column '", condition.column,
                                                   "' is categorical; use ==, !=, in [...], not in [...] or is missing"));
  }
  std::vector<uint8_t> listed(column.categories().size());
  for (const auto& value : condition.values) {
    auto code = column.CodeOf(value);
    if (!code) {
      return absl::InvalidArgumentError(absl::StrCat("'", value, "' is not a value of column '", condition.column,
                                                     "' (values: ", absl::StrJoin(column.categories(), ", "), ")"));
    }
    listed[*code] = 1;
  }
  const bool positive = condition.op == FilterOp::kEqual || condition.op == FilterOp::kIn;
  const bool missing_matches = condition.or_missing || condition.op == FilterOp::kIsMissing;
  auto codes = column.codes();
  for (size_t row = 0; row < codes.size(); ++row) {
    if (!keep[row]) continue;
    if (codes[row] == sdk::Column::kMissingCode) {
      keep[row] = missing_matches;
    } else {
      keep[row] = condition.op != FilterOp::kIsMissing && (listed[codes[row]] != 0) == positive;
    }
  }
  return absl::OkStatus();
}

// Names the columns, and the quoting rule when the name is the start of a
// column's whose next character ends an unquoted name.
absl::Status NotAColumn(const sdk::Table& table, const std::string& name) {
  const std::vector<std::string> names = table.ColumnNames();
  std::string hint;
  for (const auto& column : names) {
    if (column.size() > name.size() && column.starts_with(name) &&
        (std::isspace(static_cast<unsigned char>(column[name.size()])) || IsOperatorChar(column[name.size()]))) {
      hint = absl::StrCat("; a column name ends at a space or an operator, so write '", column, "' in backticks: `",
                          column, "`");
      break;
    }
  }
  return absl::InvalidArgumentError(absl::StrCat("'", name, "' is not a column of the dataset (columns: ",
                                                 absl::StrJoin(names, ", "), ")", hint));
}

}  // namespace

absl::StatusOr<std::vector<Condition>> ParseCohortFilter(std::string_view text) { return Parser(text).Parse(); }

absl::StatusOr<std::vector<size_t>> SelectRows(const sdk::Table& table, const std::vector<Condition>& conditions) {
  std::vector<uint8_t> keep(table.num_rows(), 1);
  for (const auto& condition : conditions) {
    const sdk::Column* column = table.Find(condition.column);
    if (column == nullptr) return NotAColumn(table, condition.column);
    auto status = column->is_numeric() ? MatchNumeric(*column, condition, keep)
                                       : MatchCategorical(*column, condition, keep);
    if (!status.ok()) return status;
  }
  std::vector<size_t> rows;
  for (size_t row = 0; row < keep.size(); ++row) {
    if (keep[row]) rows.push_back(row);
  }
  return rows;
}

}  // namespace glassbox::run
