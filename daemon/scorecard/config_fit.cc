#include "daemon/scorecard/config_fit.h"

#include <algorithm>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "daemon/scorecard/block_reading.h"
#include "daemon/scorecard/sections.h"
#include "daemon/scorecard/targets.h"
#include "daemon/scorecard/text_match.h"

namespace glassbox::scorecard {
namespace {

using glassbox::v1::ScorecardConfig;
using glassbox::v1::ScorecardSection;
using Cause = Shortfall::Cause;
using Knowledge = AnalysisReport::Knowledge;

// How many names a message lists before "and N more".
constexpr size_t kListedNames = 12;
// Names ending so are also compared without it: "acuracy" is one edit from "accuracy_score".
constexpr char kScoreSuffix[] = "_score";

// The analyzer glassbox ships for `section`, which a message suggests adding to a run.
const char* ShippedAnalyzer(ScorecardSection section) {
  switch (section) {
    case glassbox::v1::SCORECARD_SECTION_DATA:
      return "data_explorer";
    case glassbox::v1::SCORECARD_SECTION_PERFORMANCE:
      return "model_overview";
    case glassbox::v1::SCORECARD_SECTION_COHORTS:
      return "error_analysis";
    case glassbox::v1::SCORECARD_SECTION_IMPORTANCE:
      return "explanations";
    case glassbox::v1::SCORECARD_SECTION_FAIRNESS:
      return "fairness";
    case glassbox::v1::SCORECARD_SECTION_CAUSAL:
      return "causal";
    default:
      return "";
  }
}

void AddUnique(std::vector<std::string>& names, const std::string& name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

size_t Distance(const std::string& wrong_key, const std::string& name) {
  const std::string key = MetricKey(name);
  size_t distance = EditDistance(wrong_key, key);
  if (absl::EndsWith(key, kScoreSuffix)) {
    distance = std::min(distance, EditDistance(wrong_key, key.substr(0, key.size() - (sizeof(kScoreSuffix) - 1))));
  }
  return distance;
}

// "; did you mean 'accuracy_score'?" for the closest of `names` within a
// third of the wrong name's length (at least 2 edits), else ".".
std::string Suggestion(const std::string& wrong, const std::vector<std::string>& names) {
  const std::string key = MetricKey(wrong);
  const std::string* best = nullptr;
  size_t best_distance = std::max<size_t>(2, key.size() / 3) + 1;
  for (const auto& name : names) {
    if (const size_t distance = Distance(key, name); distance < best_distance) {
      best_distance = distance;
      best = &name;
    }
  }
  return best == nullptr ? "." : absl::StrCat("; did you mean '", *best, "'?");
}

// `names` in their order, or sorted.
std::string Listed(std::vector<std::string> names, bool sort = true) {
  if (names.empty()) return "none";
  if (sort) std::sort(names.begin(), names.end());
  if (names.size() <= kListedNames) return absl::StrJoin(names, ", ");
  const size_t more = names.size() - kListedNames;
  names.resize(kListedNames);
  return absl::StrCat(absl::StrJoin(names, ", "), " and ", more, " more");
}

const AnalysisReport* FindAnalysis(const RunReport& report, const std::string& analyzer) {
  const AnalysisReport* found = nullptr;
  for (const auto& analysis : report.analyses) {
    if (analysis.analyzer != analyzer) continue;
    if (analysis.knowledge == Knowledge::kKnown) return &analysis;
    if (found == nullptr) found = &analysis;
  }
  return found;
}

bool AnyOf(const RunReport& report, Knowledge knowledge) {
  return std::any_of(report.analyses.begin(), report.analyses.end(),
                     [&](const AnalysisReport& a) { return a.knowledge == knowledge; });
}

std::string UnfinishedReasons(const RunReport& report);

// The first unfinished analysis declaring `section`, if any.
const AnalysisReport* UnfinishedIn(const RunReport& report, ScorecardSection section) {
  for (const auto& analysis : report.analyses) {
    if (analysis.knowledge == Knowledge::kUnfinished && analysis.section == section) return &analysis;
  }
  return nullptr;
}

// A kind of result a section asks for, e.g. &AnalysisReport::ranks_importance.
using Role = bool AnalysisReport::*;

// Every known analysis that reports `role`, as one: the first one's name, the others' lists added.
std::optional<AnalysisReport> Merged(const RunReport& report, Role role) {
  std::optional<AnalysisReport> merged;
  for (const auto& analysis : report.analyses) {
    if (analysis.knowledge != Knowledge::kKnown || !(analysis.*role)) continue;
    if (!merged) {
      merged = analysis;
      continue;
    }
    for (const auto& name : analysis.fairness_measures) AddUnique(merged->fairness_measures, name);
    for (const auto& name : analysis.fairness_features) AddUnique(merged->fairness_features, name);
    for (const auto& name : analysis.treatments) AddUnique(merged->treatments, name);
    for (const auto& name : analysis.explored_features) AddUnique(merged->explored_features, name);
    merged->importance_features = std::max(merged->importance_features, analysis.importance_features);
  }
  return merged;
}

std::string UnfinishedReasons(const RunReport& report) {
  std::vector<std::string> reasons;
  for (const auto& analysis : report.analyses) {
    if (analysis.knowledge == Knowledge::kUnfinished) reasons.push_back(analysis.unfinished);
  }
  return absl::StrJoin(reasons, " ");
}

class ShortfallFinder {
 public:
  ShortfallFinder(const ScorecardConfig& config, const RunReport& report) : config_(config), report_(report) {}

  std::vector<Shortfall> Find() {
    Metrics();
    if (config_.has_feature_importance()) FeatureImportance();
    if (config_.has_data_explorer()) DataExplorer();
    if (config_.has_fairness()) Fairness();
    Cohorts();
    if (config_.has_causal()) Causal();
    return std::move(shortfalls_);
  }

 private:
  void Add(std::string key, ScorecardSection section, const std::string& analyzer, Cause cause, std::string reason) {
    shortfalls_.push_back({std::move(key), section, analyzer, cause, std::move(reason)});
  }

  // The run's analyses did not finish: stated in the section of the first
  // unfinished one declaring `section`, with its reason, else in `section`
  // with every unfinished analysis' reason.
  void AddUnfinished(std::string key, ScorecardSection section, const std::string& lead) {
    const AnalysisReport* unfinished = UnfinishedIn(report_, section);
    Add(std::move(key), section, unfinished != nullptr ? unfinished->analyzer : "", Cause::kUnfinished,
        absl::StrCat(lead, unfinished != nullptr ? unfinished->unfinished : UnfinishedReasons(report_)));
  }

  // What the analyses reporting `role` report, as one, when one does; else
  // records why none does. `section` is the configuration key's scorecard
  // section; `what` says the role in words.
  std::optional<AnalysisReport> Needed(const std::string& key, Role role, ScorecardSection section,
                                       const std::string& what) {
    if (auto merged = Merged(report_, role)) return merged;
    if (AnyOf(report_, Knowledge::kUnknown)) return std::nullopt;
    if (AnyOf(report_, Knowledge::kUnfinished)) {
      AddUnfinished(key, section, "");
    } else {
      const char* shipped = ShippedAnalyzer(section);
      Add(key, section, "", Cause::kNotInRun,
          absl::StrCat("the run has no ", shipped, " analysis to fill this section (nor another that ", what,
                       "); add ", shipped, " to the run's analyses or remove '", key, "' from the configuration"));
    }
    return std::nullopt;
  }

  void Metrics() {
    std::vector<std::string> reported;
    for (const auto& analysis : report_.analyses) {
      for (const auto& name : analysis.metrics) AddUnique(reported, name);
    }
    for (const auto& metric : config_.metrics()) {
      const std::string key = absl::StrCat("Metrics.", metric.name());
      if (AnySameMetric(reported, metric.name()) || AnyOf(report_, Knowledge::kUnknown)) continue;
      constexpr ScorecardSection kSection = glassbox::v1::SCORECARD_SECTION_PERFORMANCE;
      if (AnyOf(report_, Knowledge::kUnfinished)) {
        AddUnfinished(key, kSection, absl::StrCat("'", metric.name(), "' was not measured. "));
      } else if (reported.empty()) {
        Add(key, kSection, "", Cause::kNotInRun,
            absl::StrCat("no analysis of the run reports metrics; add ", ShippedAnalyzer(kSection),
                         " to the run's analyses or remove '", key, "'"));
      } else {
        Add(key, kSection, "", Cause::kNotReported,
            absl::StrCat("no analysis of the run reports a metric named '", metric.name(), "'",
                         Suggestion(metric.name(), reported), " The run reports: ", Listed(reported, false)));
      }
    }
  }

  void FeatureImportance() {
    const std::string key = "FeatureImportance";
    constexpr ScorecardSection kSection = glassbox::v1::SCORECARD_SECTION_IMPORTANCE;
    const auto analysis = Needed(key, &AnalysisReport::ranks_importance, kSection, "ranks feature importance");
    if (!analysis) return;
    const int top_n = config_.feature_importance().top_n();
    if (top_n > analysis->importance_features) {
      Add(absl::StrCat(key, ".top_n"), kSection, analysis->analyzer, Cause::kNotReported,
          absl::StrCat("asks for the ", top_n, " most important features, but the ", analysis->analyzer,
                       " analysis ranks ", analysis->importance_features, "; lower top_n or raise the ",
                       analysis->analyzer, " analysis' parameter that sets how many it ranks"));
    }
  }

  void DataExplorer() {
    const std::string key = "DataExplorer.features";
    constexpr ScorecardSection kSection = glassbox::v1::SCORECARD_SECTION_DATA;
    const auto analysis = Needed("DataExplorer", &AnalysisReport::explores_features, kSection, "summarises features");
    if (!analysis) return;
    for (const auto& feature : config_.data_explorer().features()) {
      if (std::find(analysis->explored_features.begin(), analysis->explored_features.end(), feature) !=
          analysis->explored_features.end()) {
        continue;
      }
      Add(key, kSection, analysis->analyzer, Cause::kNotReported,
          absl::StrCat("names '", feature, "', which the ", analysis->analyzer, " analysis does not summarise",
                       Suggestion(feature, analysis->explored_features),
                       " It summarises: ", Listed(analysis->explored_features)));
    }
  }

  void Fairness() {
    const auto& fairness = config_.fairness();
    constexpr ScorecardSection kSection = glassbox::v1::SCORECARD_SECTION_FAIRNESS;
    const auto analysis = Needed("Fairness", &AnalysisReport::compares_groups, kSection, "compares groups");
    if (!analysis) return;
    for (const auto& measure : fairness.metrics()) {
      if (AnySameMetric(analysis->fairness_measures, measure)) continue;
      Add("Fairness.metric", kSection, analysis->analyzer, Cause::kNotReported,
          absl::StrCat("names '", measure, "', which the ", analysis->analyzer,
                       " analysis does not compare between groups",
                       Suggestion(measure, analysis->fairness_measures), " It compares ",
                       Listed(analysis->fairness_measures),
                       "; add the metric to the analysis' metrics parameter or remove it here"));
    }
    for (const auto& feature : fairness.sensitive_features()) {
      if (AnyEqualsIgnoreCase(analysis->fairness_features, feature)) continue;
      Add("Fairness.sensitive_features", kSection, analysis->analyzer, Cause::kNotReported,
          absl::StrCat("names '", feature, "', which the ", analysis->analyzer, " analysis does not cover; it covers ",
                       Listed(analysis->fairness_features),
                       ". Add the column to the analysis' sensitive_features parameter or remove it here"));
    }
  }

  void Cohorts() {
    constexpr ScorecardSection kSection = glassbox::v1::SCORECARD_SECTION_COHORTS;
    for (const auto& cohort : config_.cohorts()) {
      if (std::find(report_.cohorts.begin(), report_.cohorts.end(), cohort) == report_.cohorts.end()) {
        Add("Cohorts", kSection, "", Cause::kNotReported,
            absl::StrCat("names '", cohort, "', which is not a cohort of the run",
                         report_.cohorts.empty() ? "; the run defines no cohorts"
                                                 : absl::StrCat("; its cohorts: ", Listed(report_.cohorts))));
      } else if (report_.from_insights && std::find(report_.measured_cohorts.begin(), report_.measured_cohorts.end(),
                                                    cohort) == report_.measured_cohorts.end()) {
        if (AnyOf(report_, Knowledge::kUnfinished)) {
          AddUnfinished("Cohorts", kSection, absl::StrCat("cohort '", cohort, "' was not measured. "));
        } else {
          Add("Cohorts", kSection, "", Cause::kNoRows,
              absl::StrCat("no analysis of the run reported metrics for cohort '", cohort, "'"));
        }
      }
    }
  }

  void Causal() {
    constexpr ScorecardSection kSection = glassbox::v1::SCORECARD_SECTION_CAUSAL;
    const auto analysis =
        Needed("Causal", &AnalysisReport::estimates_treatments, kSection, "estimates treatment effects");
    if (!analysis) return;
    for (const auto& treatment : config_.causal().treatments()) {
      if (AnyEqualsIgnoreCase(analysis->treatments, treatment)) continue;
      Add("Causal.treatments", kSection, analysis->analyzer, Cause::kNotReported,
          absl::StrCat("names '", treatment, "', which the ", analysis->analyzer,
                       " analysis does not estimate; it estimates ",
                       Listed(analysis->treatments)));
    }
  }

  const ScorecardConfig& config_;
  const RunReport& report_;
  std::vector<Shortfall> shortfalls_;
};

void ReadInsight(const glassbox::v1::Insight& insight, AnalysisReport& report, std::vector<std::string>& cohorts) {
  for (const auto& block : insight.blocks()) {
    if (block.has_metric()) {
      const auto& metric = block.metric();
      if (auto disparity = DisparityOf(metric)) {
        AddUnique(report.fairness_measures, disparity->metric);
        AddUnique(report.fairness_features, disparity->feature);
      }
      if (metric.cohort().empty()) {
        AddUnique(report.metrics, metric.name());
      } else {
        AddUnique(cohorts, metric.cohort());
      }
    }
    if (block.has_chart() && block.chart().role() == glassbox::v1::FEATURE_IMPORTANCE) {
      report.importance_features = std::max(report.importance_features, block.chart().categories_size());
    }
    if (block.has_chart() && block.chart().role() == glassbox::v1::CATEGORY_DISTRIBUTION &&
        !block.chart().feature().empty()) {
      AddUnique(report.explored_features, block.chart().feature());
    }
    if (!IsPerFeatureTable(block)) continue;
    const auto role = block.table().role();
    std::vector<std::string>* features = role == glassbox::v1::INTERVALS ? &report.treatments
                                         : role == glassbox::v1::FIVE_NUMBER_SUMMARY || role == glassbox::v1::CATEGORY_COUNTS
                                             ? &report.explored_features
                                             : nullptr;
    if (features == nullptr) continue;
    const int column = ColumnWithRole(block.table(), glassbox::v1::COLUMN_FEATURE);
    for (const auto& row : block.table().rows()) {
      if (column < row.cells_size() && row.cells(column).has_text()) AddUnique(*features, row.cells(column).text());
    }
  }
  report.compares_groups = !report.fairness_features.empty();
  report.ranks_importance = report.importance_features > 0;
  report.explores_features = !report.explored_features.empty();
  report.estimates_treatments = !report.treatments.empty();
}

}  // namespace

RunReport ReportOfInsights(const glassbox::v1::Run& run, const std::vector<glassbox::v1::Insight>& insights) {
  RunReport report;
  report.from_insights = true;
  for (const auto& cohort : run.spec().cohorts()) report.cohorts.push_back(cohort.name());
  for (const auto& status : run.analyses()) {
    AnalysisReport& analysis = report.analyses.emplace_back();
    analysis.analyzer = status.analyzer();
    analysis.section = status.section();
    if (status.state() != glassbox::v1::ANALYSIS_SUCCEEDED) {
      analysis.knowledge = Knowledge::kUnfinished;
      analysis.unfinished = DescribeUnfinished(status);
      continue;
    }
    analysis.knowledge = Knowledge::kKnown;
    for (const auto& insight : insights) {
      if (insight.analyzer() == status.analyzer()) ReadInsight(insight, analysis, report.measured_cohorts);
    }
  }
  // Insights of an analyzer the run does not list still count as what it reported.
  for (const auto& insight : insights) {
    if (FindAnalysis(report, insight.analyzer()) != nullptr) continue;
    AnalysisReport& analysis = report.analyses.emplace_back();
    analysis.analyzer = insight.analyzer();
    analysis.knowledge = Knowledge::kKnown;
    for (const auto& same : insights) {
      if (same.analyzer() == insight.analyzer()) ReadInsight(same, analysis, report.measured_cohorts);
    }
  }
  return report;
}

std::vector<Shortfall> FindShortfalls(const ScorecardConfig& config, const RunReport& report) {
  return ShortfallFinder(config, report).Find();
}

absl::Status CheckConfigFits(const ScorecardConfig& config, const RunReport& report) {
  for (const auto& shortfall : FindShortfalls(config, report)) {
    if (shortfall.cause == Cause::kNotInRun || shortfall.cause == Cause::kNotReported) {
      return absl::InvalidArgumentError(
          absl::StrCat("scorecard config key '", shortfall.key, "': ", shortfall.reason));
    }
  }
  return absl::OkStatus();
}

}  // namespace glassbox::scorecard
