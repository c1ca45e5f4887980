#include "daemon/scorecard/section_plan.h"

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "daemon/scorecard/builtin_analyzers.h"

namespace glassbox::scorecard {
namespace {

struct BuiltIn {
  const char* analyzer;
  SectionKind kind;
};

constexpr BuiltIn kBuiltIns[] = {
    {kDataExplorer, SectionKind::kData},     {kModelOverview, SectionKind::kPerformance},
    {kErrorAnalysis, SectionKind::kCohorts}, {kExplanations, SectionKind::kImportance},
    {kFairness, SectionKind::kFairness},     {kCausal, SectionKind::kCausal},
};

}  // namespace

std::vector<std::string> ShownCohorts(const ScorecardInput& input) {
  if (!input.config.cohorts().empty()) return {input.config.cohorts().begin(), input.config.cohorts().end()};
  std::vector<std::string> names;
  for (const auto& cohort : input.run.spec().cohorts()) names.push_back(cohort.name());
  return names;
}

std::string HumanizeAnalyzer(const std::string& analyzer) {
  std::string text = analyzer;
  std::replace(text.begin(), text.end(), '_', ' ');
  std::replace(text.begin(), text.end(), '-', ' ');
  if (!text.empty()) text[0] = absl::ascii_toupper(static_cast<unsigned char>(text[0]));
  return text;
}

bool IsUserCohortMetric(const ScorecardInput& input, const glassbox::v1::MetricBlock& metric) {
  if (metric.cohort().empty()) return false;
  const auto& spec_cohorts = input.run.spec().cohorts();
  const auto& config_cohorts = input.config.cohorts();
  return std::any_of(spec_cohorts.begin(), spec_cohorts.end(),
                     [&](const auto& c) { return c.name() == metric.cohort(); }) ||
         std::find(config_cohorts.begin(), config_cohorts.end(), metric.cohort()) != config_cohorts.end();
}

std::vector<const glassbox::v1::MetricBlock*> UserCohortMetrics(const ScorecardInput& input) {
  std::vector<const glassbox::v1::MetricBlock*> metrics;
  for (const auto& cohort : ShownCohorts(input)) {
    for (const auto& insight : input.insights) {
      for (const auto& block : insight.blocks()) {
        if (block.has_metric() && block.metric().cohort() == cohort) metrics.push_back(&block.metric());
      }
    }
  }
  return metrics;
}

std::vector<Section> PlanSections(const ScorecardInput& input) {
  std::vector<std::string> order;
  std::map<std::string, Section> by_analyzer;
  auto section_for = [&](const std::string& analyzer) -> Section& {
    auto [it, added] = by_analyzer.try_emplace(analyzer);
    if (added) {
      it->second.analyzer = analyzer;
      order.push_back(analyzer);
      for (const auto& built_in : kBuiltIns) {
        if (analyzer == built_in.analyzer) it->second.kind = built_in.kind;
      }
    }
    return it->second;
  };
  for (const auto& status : input.run.analyses()) {
    Section& section = section_for(status.analyzer());
    if (status.state() != glassbox::v1::ANALYSIS_SUCCEEDED) section.unfinished.push_back(&status);
  }
  for (const auto& insight : input.insights) section_for(insight.analyzer()).insights.push_back(&insight);
  if (!UserCohortMetrics(input).empty()) section_for(kErrorAnalysis);
  for (auto& shortfall : FindShortfalls(input.config, ReportOfInsights(input.run, input.insights))) {
    section_for(shortfall.analyzer).shortfalls.push_back(std::move(shortfall));
  }

  std::vector<Section> sections;
  for (const auto& built_in : kBuiltIns) {
    if (auto it = by_analyzer.find(built_in.analyzer); it != by_analyzer.end())
      sections.push_back(std::move(it->second));
  }
  for (const auto& analyzer : order) {
    Section& section = by_analyzer.at(analyzer);
    if (section.kind == SectionKind::kOther) sections.push_back(std::move(section));
  }
  return sections;
}

}  // namespace glassbox::scorecard
