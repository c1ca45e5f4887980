#include "daemon/server/run_comparison.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"

namespace glassbox::server {
namespace {

using glassbox::v1::Change;
using glassbox::v1::MetricBlock;

using MetricKey = std::tuple<std::string, std::string, std::string>;  // analyzer, name, cohort

struct Metric {
  MetricKey key;
  const MetricBlock* block;
};

// Each metric of `run` once, in the order of its insights and blocks.
std::vector<Metric> MetricsOf(const ComparedRun& run) {
  std::vector<Metric> metrics;
  std::map<MetricKey, size_t> seen;
  for (const auto& insight : run.insights) {
    for (const auto& block : insight.blocks()) {
      if (!block.has_metric()) continue;
      MetricKey key{insight.analyzer(), block.metric().name(), block.metric().cohort()};
      if (seen.emplace(key, metrics.size()).second) metrics.push_back({std::move(key), &block.metric()});
    }
  }
  return metrics;
}

std::string Describe(const MetricKey& key) {
  const auto& [analyzer, name, cohort] = key;
  return absl::StrCat(analyzer, ": ", name, cohort.empty() ? "" : absl::StrCat(" [", cohort, "]"));
}

Change ChangeOf(glassbox::v1::Direction direction, double value, double other) {
  if (value == other || (std::isnan(value) && std::isnan(other))) return glassbox::v1::UNCHANGED;
  if (std::isnan(value) || std::isnan(other)) return glassbox::v1::CHANGED;
  switch (direction) {
    case glassbox::v1::HIGHER_IS_BETTER:
      return other > value ? glassbox::v1::IMPROVED : glassbox::v1::WORSENED;
    case glassbox::v1::LOWER_IS_BETTER:
      return other < value ? glassbox::v1::IMPROVED : glassbox::v1::WORSENED;
    default:
      return glassbox::v1::CHANGED;
  }
}

void CompareMetrics(const ComparedRun& baseline, const ComparedRun& other, glassbox::v1::CompareRunsResponse& out) {
  const std::vector<Metric> mine = MetricsOf(baseline);
  const std::vector<Metric> theirs = MetricsOf(other);
  std::map<MetricKey, const MetricBlock*> their_blocks;
  for (const auto& metric : theirs) their_blocks.emplace(metric.key, metric.block);
  std::map<MetricKey, bool> compared;
  for (const auto& metric : mine) {
    const auto found = their_blocks.find(metric.key);
    if (found == their_blocks.end()) {
      out.add_only_in_run(Describe(metric.key));
      continue;
    }
    compared[metric.key] = true;
    const MetricBlock& block = *metric.block;
    auto* row = out.add_metrics();
    row->set_analyzer(std::get<0>(metric.key));
    row->set_name(block.name());
    row->set_display_name(block.display_name());
    row->set_cohort(block.cohort());
    row->set_feature(block.feature());
    row->set_aggregate(block.aggregate());
    row->set_direction(block.direction());
    row->set_value(block.value());
    row->set_other_value(found->second->value());
    row->set_delta(found->second->value() - block.value());
    row->set_change(ChangeOf(block.direction(), block.value(), found->second->value()));
  }
  for (const auto& metric : theirs) {
    if (!compared.contains(metric.key)) out.add_only_in_other_run(Describe(metric.key));
  }
}

struct Importance {
  std::string feature;
  double value;
};

// The first per-feature importance table of each analyzer, largest first.
std::map<std::string, std::vector<Importance>> ImportancesOf(const ComparedRun& run) {
  std::map<std::string, std::vector<Importance>> tables;
  for (const auto& insight : run.insights) {
    if (tables.contains(insight.analyzer())) continue;
    for (const auto& block : insight.blocks()) {
      if (!block.has_table() || block.table().role() != glassbox::v1::PER_FEATURE_IMPORTANCE) continue;
      const auto& table = block.table();
      const auto& roles = table.column_roles();
      const auto feature_column = std::find(roles.begin(), roles.end(), glassbox::v1::COLUMN_FEATURE) - roles.begin();
      const auto value_column = std::find(roles.begin(), roles.end(), glassbox::v1::COLUMN_ESTIMATE) - roles.begin();
      if (feature_column == roles.size() || value_column == roles.size()) continue;
      std::vector<Importance> ranked;
      for (const auto& row : table.rows()) {
        if (row.cells_size() <= std::max(feature_column, value_column)) continue;
        const auto& name = row.cells(feature_column);
        const auto& value = row.cells(value_column);
        if (!name.has_text() || !value.has_number()) continue;
        ranked.push_back({name.text(), value.number()});
      }
      std::stable_sort(ranked.begin(), ranked.end(),
                       [](const Importance& a, const Importance& b) { return a.value > b.value; });
      tables.emplace(insight.analyzer(), std::move(ranked));
      break;
    }
  }
  return tables;
}

void CompareFeatures(const ComparedRun& baseline, const ComparedRun& other, glassbox::v1::CompareRunsResponse& out) {
  const auto mine = ImportancesOf(baseline);
  const auto theirs = ImportancesOf(other);
  // Baseline analyzers in the order of their insights.
  std::vector<std::string> analyzers;
  for (const auto& insight : baseline.insights) {
    if (mine.contains(insight.analyzer()) &&
        std::find(analyzers.begin(), analyzers.end(), insight.analyzer()) == analyzers.end()) {
      analyzers.push_back(insight.analyzer());
    }
  }
  for (const auto& analyzer : analyzers) {
    const auto found = theirs.find(analyzer);
    if (found == theirs.end()) continue;
    const std::vector<Importance>& my_ranks = mine.at(analyzer);
    const std::vector<Importance>& their_ranks = found->second;
    std::map<std::string, size_t> my_index, their_index;
    for (size_t i = 0; i < my_ranks.size(); ++i) my_index.emplace(my_ranks[i].feature, i);
    for (size_t i = 0; i < their_ranks.size(); ++i) their_index.emplace(their_ranks[i].feature, i);
    auto add = [&](const std::string& feature) {
      auto* row = out.add_features();
      row->set_analyzer(analyzer);
      row->set_feature(feature);
      row->set_importance(std::nan(""));
      row->set_other_importance(std::nan(""));
      if (auto at = my_index.find(feature); at != my_index.end()) {
        row->set_rank(static_cast<int32_t>(at->second + 1));
        row->set_importance(my_ranks[at->second].value);
      }
      if (auto at = their_index.find(feature); at != their_index.end()) {
        row->set_other_rank(static_cast<int32_t>(at->second + 1));
        row->set_other_importance(their_ranks[at->second].value);
      }
    };
    for (const auto& importance : my_ranks) add(importance.feature);
    for (const auto& importance : their_ranks) {
      if (!my_index.contains(importance.feature)) add(importance.feature);
    }
  }
}

}  // namespace

glassbox::v1::CompareRunsResponse CompareRuns(const ComparedRun& baseline, const ComparedRun& other) {
  glassbox::v1::CompareRunsResponse response;
  *response.mutable_run() = baseline.run;
  *response.mutable_other_run() = other.run;
  CompareMetrics(baseline, other, response);
  CompareFeatures(baseline, other, response);
  return response;
}

}  // namespace glassbox::server
