#include "daemon/data/column_builder.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "daemon/data/number.h"

namespace glassbox::data {

bool IsMissingCell(std::string_view cell) {
  return cell.empty() || cell == "NA" || cell == "N/A" || cell == "NaN" || cell == "nan" || cell == "?";
}

ColumnBuilder::ColumnBuilder(std::string name, glassbox::v1::ColumnType requested)
    : name_(std::move(name)),
      numbers_required_(requested == glassbox::v1::NUMERIC),
      categorical_(requested == glassbox::v1::CATEGORICAL) {}

int32_t ColumnBuilder::CodeOf(std::string_view cell) {
  if (IsMissingCell(cell)) return sdk::Column::kMissingCode;
  if (auto it = codes_of_.find(cell); it != codes_of_.end()) return it->second;
  const auto code = static_cast<int32_t>(distinct_.size());
  codes_of_.emplace(distinct_.emplace_back(cell), code);
  return code;
}

void ColumnBuilder::Add(std::string_view cell, size_t line) {
  if (!status_.ok()) return;
  if (categorical_) {
    codes_.push_back(CodeOf(cell));
    return;
  }
  double value = std::numeric_limits<double>::quiet_NaN();
  if (IsMissingCell(cell) || ParseNumber(cell, value)) {
    values_.push_back(value);
    return;
  }
  if (numbers_required_) {
    status_ = absl::InvalidArgumentError(absl::StrCat("line ", line, ", column '", name_, "': '", std::string(cell),
                                                      "' is not a number, but column_types says NUMERIC"));
  } else {
    categorical_ = true;
    replayed_codes_.assign(values_.size(), sdk::Column::kMissingCode);
    codes_.push_back(CodeOf(cell));
  }
  values_ = {};
}

void ColumnBuilder::Replay(size_t row, std::string_view cell) { replayed_codes_[row] = CodeOf(cell); }

std::shared_ptr<const sdk::Column> ColumnBuilder::Build() && {
  if (!categorical_) {
    std::vector<double> values;
    values_.MoveTo(values);
    return sdk::Column::Numeric(std::move(name_), std::move(values));
  }
  std::vector<int32_t> by_text(distinct_.size());
  std::iota(by_text.begin(), by_text.end(), 0);
  std::sort(by_text.begin(), by_text.end(), [&](int32_t a, int32_t b) { return distinct_[a] < distinct_[b]; });
  std::vector<int32_t> sorted_code(distinct_.size());
  std::vector<std::string> categories(distinct_.size());
  for (size_t rank = 0; rank < by_text.size(); ++rank) {
    sorted_code[by_text[rank]] = static_cast<int32_t>(rank);
    categories[rank] = std::move(distinct_[by_text[rank]]);
  }
  codes_of_ = {};
  distinct_ = {};
  std::vector<int32_t> codes;
  codes.reserve(replayed_codes_.size() + codes_.size());
  codes.insert(codes.end(), replayed_codes_.begin(), replayed_codes_.end());
  replayed_codes_ = {};
  codes_.MoveTo(codes);
  for (auto& code : codes) {
    if (code != sdk::Column::kMissingCode) code = sorted_code[code];
  }
  return sdk::Column::Categorical(std::move(name_), std::move(categories), std::move(codes));
}

}  // namespace glassbox::data
