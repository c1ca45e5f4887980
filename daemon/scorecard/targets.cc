#include "daemon/scorecard/targets.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "daemon/scorecard/metric_glossary.h"
#include "daemon/scorecard/section_plan.h"
#include "daemon/scorecard/text_match.h"
#include "glassbox/sdk/target.h"

namespace glassbox::scorecard {
namespace {

using glassbox::v1::FairnessEvaluationKind;
using glassbox::v1::Insight;
using glassbox::v1::MetricBlock;
using glassbox::v1::ScorecardConfig;
using glassbox::v1::Target;
using glassbox::v1::Verdict;

struct FoundMetric {
  const MetricBlock* metric = nullptr;
  const Insight* insight = nullptr;
};

std::string KindName(FairnessEvaluationKind kind) {
  return kind == glassbox::v1::FAIRNESS_RATIO ? "ratio" : "difference";
}

// Every whole-dataset metric block accepted by `matches`, those of analyses
// declaring the `preferred` scorecard section first, each group in insight order.
template <typename Predicate>
std::vector<FoundMetric> FindMetrics(const glassbox::v1::Run& run, const std::vector<Insight>& insights,
                                     glassbox::v1::ScorecardSection preferred, Predicate matches) {
  std::vector<FoundMetric> preferred_found, others;
  for (const auto& insight : insights) {
    auto& into = DeclaredSection(run, insight.analyzer()) == preferred ? preferred_found : others;
    for (const auto& block : insight.blocks()) {
      if (block.has_metric() && block.metric().cohort().empty() && matches(block.metric())) {
        into.push_back({&block.metric(), &insight});
      }
    }
  }
  preferred_found.insert(preferred_found.end(), others.begin(), others.end());
  return preferred_found;
}

Verdict Check(double value, const Target& target) {
  return sdk::MeetsTarget(value, target) ? glassbox::v1::PASS : glassbox::v1::FAIL;
}

TargetCheck Measured(const FoundMetric& found, const Target& target) {
  TargetCheck check;
  check.metric = found.metric->name();
  check.words = MetricInWords(*found.metric);
  check.description = DescribeMetric(*found.metric);
  check.cohort = found.metric->cohort();
  check.analyzer = found.insight->analyzer();
  check.target = target;
  check.value = found.metric->value();
  check.verdict = Check(found.metric->value(), target);
  return check;
}

// `expected` is the meaning the missing metric block would have had.
TargetCheck NotMeasured(std::string metric, const Target& target, const MetricBlock& expected) {
  TargetCheck check;
  check.metric = std::move(metric);
  check.words = MetricInWords(expected);
  check.description = DescribeMetric(expected);
  check.target = target;
  check.verdict = glassbox::v1::FAIL;
  return check;
}

bool IsDisparity(const MetricBlock& metric, const std::string& name, FairnessEvaluationKind kind,
                 const std::string* feature) {
  auto parsed = DisparityOf(metric);
  return parsed && SameMetric(parsed->metric, name) && parsed->kind == kind &&
         (feature == nullptr || absl::EqualsIgnoreCase(parsed->feature, *feature));
}

// The meaning of a disparity block: `kind` of `measure` across the groups of `feature`.
MetricBlock DisparityMeaning(const std::string& measure, FairnessEvaluationKind kind, const std::string& feature) {
  MetricBlock expected;
  expected.set_aggregate(kind == glassbox::v1::FAIRNESS_RATIO ? glassbox::v1::AGGREGATE_RATIO
                                                               : glassbox::v1::AGGREGATE_DIFFERENCE);
  expected.set_measure(measure);
  expected.set_feature(feature);
  return expected;
}

MetricBlock Named(const std::string& name) {
  MetricBlock named;
  named.set_name(name);
  return named;
}

void AddFairnessChecks(const ScorecardConfig::Fairness& fairness, const glassbox::v1::Run& run,
                       const std::vector<Insight>& insights, std::vector<TargetCheck>& checks) {
  constexpr auto kSection = glassbox::v1::SCORECARD_SECTION_FAIRNESS;
  const auto kind = fairness.evaluation_kind();
  for (const auto& name : fairness.metrics()) {
    if (fairness.sensitive_features().empty()) {
      auto found =
          FindMetrics(run, insights, kSection, [&](const MetricBlock& m) { return IsDisparity(m, name, kind, nullptr); });
      if (found.empty()) {
        checks.push_back(NotMeasured(absl::StrCat(name, " ", KindName(kind), " (any sensitive feature)"),
                                     fairness.threshold(), DisparityMeaning(name, kind, "")));
      }
      for (const auto& one : found) checks.push_back(Measured(one, fairness.threshold()));
      continue;
    }
    for (const auto& feature : fairness.sensitive_features()) {
      auto found =
          FindMetrics(run, insights, kSection, [&](const MetricBlock& m) { return IsDisparity(m, name, kind, &feature); });
      checks.push_back(found.empty() ? NotMeasured(absl::StrCat(name, " ", KindName(kind), " (", feature, ")"),
                                                   fairness.threshold(), DisparityMeaning(name, kind, feature))
                                     : Measured(found.front(), fairness.threshold()));
    }
  }
}

const ScorecardConfig::Metric* ConfiguredMetric(const ScorecardConfig& config, const std::string& name) {
  for (const auto& metric : config.metrics()) {
    if (SameMetric(metric.name(), name)) return &metric;
  }
  return nullptr;
}

std::optional<Target> ConfiguredTarget(const ScorecardConfig& config, const MetricBlock& metric) {
  if (const auto* configured = ConfiguredMetric(config, metric.name()); configured && configured->has_target()) {
    return configured->target();
  }
  const auto& fairness = config.fairness();
  if (!fairness.has_threshold()) return std::nullopt;
  auto parsed = DisparityOf(metric);
  if (!parsed || parsed->kind != fairness.evaluation_kind() || !AnySameMetric(fairness.metrics(), parsed->metric)) {
    return std::nullopt;
  }
  if (!fairness.sensitive_features().empty() && !AnyEqualsIgnoreCase(fairness.sensitive_features(), parsed->feature)) {
    return std::nullopt;
  }
  return fairness.threshold();
}

}  // namespace

std::optional<Disparity> DisparityOf(const MetricBlock& metric) {
  FairnessEvaluationKind kind;
  switch (metric.aggregate()) {
    case glassbox::v1::AGGREGATE_DIFFERENCE:
      kind = glassbox::v1::FAIRNESS_DIFFERENCE;
      break;
    case glassbox::v1::AGGREGATE_RATIO:
      kind = glassbox::v1::FAIRNESS_RATIO;
      break;
    default:
      return std::nullopt;
  }
  if (metric.measure().empty() || metric.feature().empty()) return std::nullopt;
  return Disparity{metric.measure(), kind, metric.feature()};
}

std::optional<Target> EffectiveTarget(const ScorecardConfig& config, const MetricBlock& metric) {
  if (auto configured = ConfiguredTarget(config, metric)) return configured;
  if (metric.has_target()) return metric.target();
  return std::nullopt;
}

std::string EffectiveTargetText(const ScorecardConfig& config, const MetricBlock& metric) {
  if (auto configured = ConfiguredTarget(config, metric)) return sdk::FormatTarget(*configured);
  if (metric.has_target()) return absl::StrCat(sdk::FormatTarget(metric.target()), " (analyst)");
  return "—";
}

Verdict EffectiveVerdict(const ScorecardConfig& config, const MetricBlock& metric) {
  if (auto configured = ConfiguredTarget(config, metric)) return Check(metric.value(), *configured);
  if (!metric.has_target()) return glassbox::v1::VERDICT_UNSPECIFIED;
  return metric.verdict() != glassbox::v1::VERDICT_UNSPECIFIED ? metric.verdict()
                                                               : Check(metric.value(), metric.target());
}

std::vector<TargetCheck> EvaluateTargets(const ScorecardConfig& config, const glassbox::v1::Run& run,
                                         const std::vector<Insight>& insights) {
  std::vector<TargetCheck> checks;
  for (const auto& configured : config.metrics()) {
    if (!configured.has_target()) continue;
    auto found = FindMetrics(run, insights, glassbox::v1::SCORECARD_SECTION_PERFORMANCE,
                             [&](const MetricBlock& m) { return SameMetric(m.name(), configured.name()); });
    checks.push_back(found.empty() ? NotMeasured(configured.name(), configured.target(), Named(configured.name()))
                                   : Measured(found.front(), configured.target()));
    // Named as the user wrote it, which the analyzer's name may differ from in case or separators.
    checks.back().metric = configured.name();
  }
  if (config.fairness().has_threshold()) AddFairnessChecks(config.fairness(), run, insights, checks);
  return checks;
}

std::vector<TargetCheck> AnalystThresholds(const ScorecardConfig& config, const std::vector<Insight>& insights) {
  std::vector<TargetCheck> checks;
  for (const auto& insight : insights) {
    for (const auto& block : insight.blocks()) {
      if (!block.has_metric() || !block.metric().has_target() || ConfiguredTarget(config, block.metric())) continue;
      TargetCheck check;
      check.metric = block.metric().name();
      check.words = MetricInWords(block.metric());
      check.description = DescribeMetric(block.metric());
      check.cohort = block.metric().cohort();
      check.analyzer = insight.analyzer();
      check.target = block.metric().target();
      check.value = block.metric().value();
      check.verdict = EffectiveVerdict(config, block.metric());
      checks.push_back(std::move(check));
    }
  }
  return checks;
}

TargetSummary Summarize(const std::vector<TargetCheck>& checks) {
  TargetSummary summary;
  summary.total = static_cast<int>(checks.size());
  summary.met = static_cast<int>(std::count_if(checks.begin(), checks.end(),
                                               [](const TargetCheck& c) { return c.verdict == glassbox::v1::PASS; }));
  if (summary.total > 0) summary.verdict = summary.met == summary.total ? glassbox::v1::PASS : glassbox::v1::FAIL;
  return summary;
}

}  // namespace glassbox::scorecard
