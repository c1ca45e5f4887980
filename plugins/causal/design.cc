#include "design.h"

#include <algorithm>

namespace glassbox::plugins {

Design::Design(const sdk::Table& table, std::span<const std::string> features, std::span<const size_t> rows,
               Eigen::VectorXd outcome)
    : names_(features.begin(), features.end()), rows_(rows.begin(), rows.end()), outcome_(std::move(outcome)) {
  for (const auto& name : names_) {
    const sdk::Column* column = table.Find(name);
    const int width = column->is_numeric() ? 1 : static_cast<int>(column->categories().size());
    features_.push_back({column, num_entries_before_outcome_, width});
    num_entries_before_outcome_ += width;
  }
  shift_ = Eigen::VectorXd::Zero(num_entries());
  numeric_.assign(num_entries(), false);
  const double count = static_cast<double>(rows_.size());
  for (const auto& feature : features_) {
    if (!feature.column->is_numeric()) continue;
    const auto values = feature.column->values();
    double sum = 0;
    for (size_t row : rows_) sum += values[row];
    shift_[feature.first] = sum / count;
    numeric_[feature.first] = true;
  }
  shift_[outcome_entry()] = outcome_.mean();
}

const Design::Feature* Design::Find(std::string_view name) const {
  const auto found = std::find(names_.begin(), names_.end(), name);
  return found == names_.end() ? nullptr : &features_[found - names_.begin()];
}

std::vector<int> Design::EntriesOf(std::span<const std::string> names) const {
  std::vector<int> entries;
  for (const auto& name : names) {
    const Feature& feature = *Find(name);
    for (int e = 0; e < feature.width; ++e) entries.push_back(feature.first + e);
  }
  return entries;
}

Eigen::VectorXd Design::EntryValues(int entry) const {
  Eigen::VectorXd values(static_cast<Eigen::Index>(rows_.size()));
  if (entry == outcome_entry()) return outcome_.array() - shift_[entry];
  if (entry == kConstant) return values.setOnes();
  const auto feature = std::find_if(features_.begin(), features_.end(), [&](const Feature& f) {
    return f.first <= entry && entry < f.first + f.width;
  });
  for (size_t i = 0; i < rows_.size(); ++i) {
    values[static_cast<Eigen::Index>(i)] =
        feature->column->is_numeric() ? feature->column->values()[rows_[i]] - shift_[entry]
                                      : (feature->first + feature->column->codes()[rows_[i]] == entry ? 1.0 : 0.0);
  }
  return values;
}

void Design::Fill(std::span<const size_t> positions, Eigen::Ref<Eigen::MatrixXd> block) const {
  block.setZero();
  for (size_t i = 0; i < positions.size(); ++i) {
    const size_t row = rows_[positions[i]];
    auto z = block.col(static_cast<Eigen::Index>(i));
    z[kConstant] = 1;
    for (const auto& feature : features_) {
      if (feature.column->is_numeric()) {
        z[feature.first] = feature.column->values()[row] - shift_[feature.first];
      } else {
        z[feature.first + feature.column->codes()[row]] = 1;
      }
    }
    z[outcome_entry()] = outcome_[positions[i]] - shift_[outcome_entry()];
  }
}

}  // namespace glassbox::plugins
