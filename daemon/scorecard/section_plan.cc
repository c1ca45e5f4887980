#include "daemon/scorecard/section_plan.h"

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"

namespace glassbox::scorecard {

using glassbox::v1::ScorecardSection;

ScorecardSection DeclaredSection(const glassbox::v1::Run& run, const std::string& analyzer) {
  for (const auto& status : run.analyses()) {
    if (status.analyzer() == analyzer && status.section() != glassbox::v1::SCORECARD_SECTION_UNSPECIFIED) {
      return status.section();
    }
  }
  return glassbox::v1::SCORECARD_SECTION_UNSPECIFIED;
}

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
  std::map<ScorecardSection, Section> built_in;
  std::vector<Section> own;  // of analyzers declaring no section, in run order
  auto built_in_section = [&](ScorecardSection kind) -> Section& {
    Section& section = built_in[kind];
    section.kind = kind;
    return section;
  };
  auto section_of = [&](const std::string& analyzer) -> Section& {
    const ScorecardSection kind = DeclaredSection(input.run, analyzer);
    Section* section = nullptr;
    if (kind != glassbox::v1::SCORECARD_SECTION_UNSPECIFIED) {
      section = &built_in_section(kind);
    } else {
      auto it = std::find_if(own.begin(), own.end(), [&](const Section& s) { return s.analyzers.front() == analyzer; });
      section = it != own.end() ? &*it : &own.emplace_back();
    }
    if (std::find(section->analyzers.begin(), section->analyzers.end(), analyzer) == section->analyzers.end()) {
      section->analyzers.push_back(analyzer);
    }
    return *section;
  };
  for (const auto& status : input.run.analyses()) {
    Section& section = section_of(status.analyzer());
    if (status.state() != glassbox::v1::ANALYSIS_SUCCEEDED) section.unfinished.push_back(&status);
  }
  for (const auto& insight : input.insights) section_of(insight.analyzer()).insights.push_back(&insight);
  if (!UserCohortMetrics(input).empty()) built_in_section(glassbox::v1::SCORECARD_SECTION_COHORTS);
  for (auto& shortfall : FindShortfalls(input.config, ReportOfInsights(input.run, input.insights))) {
    Section& section = shortfall.analyzer.empty() ? built_in_section(shortfall.section) : section_of(shortfall.analyzer);
    section.shortfalls.push_back(std::move(shortfall));
  }

  std::vector<Section> sections;
  for (auto& [kind, section] : built_in) sections.push_back(std::move(section));
  for (auto& section : own) sections.push_back(std::move(section));
  return sections;
}

}  // namespace glassbox::scorecard
