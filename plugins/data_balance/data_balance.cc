// data_balance: the Responsible AI Toolbox's data balance analysis for the
// sensitive features of a dataset (see balance_measures.h for definitions):
// feature balance measures between every pair of classes of each feature
// with respect to the positive label (binary classification only),
// distribution balance measures of each feature against the uniform
// distribution, and aggregate balance measures over the combinations of all
// sensitive features. Rows whose sensitive value is missing belong to no
// class; they still count in the feature balance measures' row total, as in
// the toolbox.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "balance_measures.h"
#include "class_encoding.h"
#include "glassbox/sdk/analyzer.h"
#include "glassbox/sdk/parameter_spec.h"
#include "glassbox/sdk/report_declaration.h"
#include "glassbox/v1/analyses/data_balance.pb.h"

namespace glassbox::plugins {
namespace {

namespace analyses = glassbox::v1::analyses;
using sdk::Cell;

// The aggregate balance measures' metric blocks: Atkinson, Theil L, Theil T.
constexpr const char* kBalanceIndices[] = {"atkinson_index", "theil_l_index", "theil_t_index"};

// More classes than this make the pairwise measures meaningless (and their
// number quadratic): such a column needs binning first.
constexpr size_t kMaxClasses = 256;
// Class pairs shown per feature in the presentation table, largest
// statistical parity gap first; the payload has them all.
constexpr int kPairsShown = 15;

void SetGaps(const FeatureBalanceGaps& gaps, analyses::FeatureBalanceMeasures& out) {
  const AssociationMeasures& g = gaps.gaps;
  out.set_statistical_parity(g.statistical_parity);
  out.set_pointwise_mutual_information(g.pointwise_mutual_information);
  out.set_sorensen_dice(g.sorensen_dice);
  out.set_jaccard_index(g.jaccard_index);
  out.set_kendall_rank_correlation(g.kendall_rank_correlation);
  out.set_log_likelihood_ratio(g.log_likelihood_ratio);
  out.set_t_statistic(g.t_statistic);
  out.set_t_test_p_value(gaps.t_test_p_value);
}

// Rows with the positive label per class.
std::vector<int64_t> CountPositives(const EncodedClasses& classes, const std::vector<bool>& positive) {
  std::vector<int64_t> counts(classes.labels.size(), 0);
  for (size_t i = 0; i < classes.codes.size(); ++i) {
    if (positive[i] && classes.codes[i] >= 0) ++counts[classes.codes[i]];
  }
  return counts;
}

void AddFeatureBalance(const std::string& feature, const EncodedClasses& classes,
                       const std::vector<int64_t>& class_positive, int64_t positive_rows,
                       analyses::DataBalance& result) {
  const size_t k = classes.labels.size();
  std::vector<AssociationMeasures> measures(k);
  for (size_t c = 0; c < k; ++c) {
    measures[c] = ComputeAssociation({.rows = static_cast<int64_t>(classes.codes.size()),
                                      .positive_rows = positive_rows,
                                      .class_rows = classes.counts[c],
                                      .class_positive_rows = class_positive[c]});
  }
  for (size_t a = 0; a < k; ++a) {
    for (size_t b = a + 1; b < k; ++b) {
      auto* pair = result.add_feature_balance();
      pair->set_feature(feature);
      pair->set_class_a(classes.labels[a]);
      pair->set_class_b(classes.labels[b]);
      SetGaps(ComputeGaps(measures[a], measures[b], static_cast<int64_t>(k)), *pair);
    }
  }
}

void SetDistribution(const std::string& feature, const EncodedClasses& classes,
                     analyses::DistributionBalanceMeasures& out) {
  DistributionMeasures m = ComputeDistribution(classes.counts);
  out.set_feature(feature);
  out.set_num_classes(static_cast<int64_t>(classes.counts.size()));
  out.set_kl_divergence(m.kl_divergence);
  out.set_js_distance(m.js_distance);
  out.set_wasserstein_distance(m.wasserstein_distance);
  out.set_infinity_norm_distance(m.infinity_norm_distance);
  out.set_total_variation_distance(m.total_variation_distance);
  out.set_chi_square_statistic(m.chi_square_statistic);
  out.set_chi_square_p_value(m.chi_square_p_value);
}

// Row counts of the non-empty combinations of all features' classes, rows
// with any value missing left out (pandas groupby drops missing keys).
std::vector<int64_t> GroupCounts(const std::vector<EncodedClasses>& features, size_t num_rows) {
  absl::flat_hash_map<std::vector<int32_t>, int64_t> groups;
  std::vector<int32_t> key(features.size());
  for (size_t i = 0; i < num_rows; ++i) {
    bool complete = true;
    for (size_t f = 0; f < features.size() && complete; ++f) {
      key[f] = features[f].codes[i];
      complete = key[f] >= 0;
    }
    if (complete) ++groups[key];
  }
  std::vector<int64_t> counts;
  counts.reserve(groups.size());
  for (const auto& [group, count] : groups) counts.push_back(count);
  // The measures are symmetric in the groups; a fixed order keeps the
  // floating-point sums deterministic.
  std::sort(counts.begin(), counts.end());
  return counts;
}

void AddBlocks(const analyses::DataBalance& result, sdk::InsightBuilder& builder) {
  std::vector<std::vector<Cell>> class_rows;
  for (const auto& c : result.classes()) {
    const double count = static_cast<double>(c.count());
    auto& row = class_rows.emplace_back();
    row.emplace_back(c.feature());
    row.emplace_back(c.value());
    row.emplace_back(count);
    row.emplace_back(count / static_cast<double>(result.num_rows()));
    if (!result.positive_class().empty()) row.emplace_back(static_cast<double>(c.positive_count()) / count);
  }
  std::vector<std::string> class_columns = {"Feature", "Class", "Rows", "Share"};
  if (!result.positive_class().empty()) class_columns.push_back(absl::StrCat("P(", result.positive_class(), ")"));
  builder.AddTable("Sensitive feature classes", class_columns, class_rows)
      .SetRole(glassbox::v1::CATEGORY_COUNTS)
      .SetColumnRole(0, glassbox::v1::COLUMN_FEATURE)
      .SetColumnRole(1, glassbox::v1::COLUMN_LABEL)
      .SetColumnRole(2, glassbox::v1::COLUMN_COUNT);

  if (result.feature_balance_size() > 0) {
    // Pairs come feature by feature; within each, the largest gaps first.
    std::vector<const analyses::FeatureBalanceMeasures*> pairs;
    for (const auto& pair : result.feature_balance()) pairs.push_back(&pair);
    std::vector<std::vector<Cell>> rows;
    for (auto begin = pairs.begin(); begin != pairs.end();) {
      auto end = std::find_if(begin, pairs.end(), [&](const auto* p) { return p->feature() != (*begin)->feature(); });
      std::stable_sort(begin, end, [](const auto* a, const auto* b) {
        return std::fabs(a->statistical_parity()) > std::fabs(b->statistical_parity());
      });
      for (auto it = begin; it != end && it - begin < kPairsShown; ++it) {
        const auto* p = *it;
        rows.push_back({p->feature(), p->class_a(), p->class_b(), p->statistical_parity(),
                        p->pointwise_mutual_information(), p->sorensen_dice(), p->jaccard_index(),
                        p->kendall_rank_correlation(), p->log_likelihood_ratio(), p->t_statistic(),
                        p->t_test_p_value()});
      }
      begin = end;
    }
    builder.AddTable(absl::StrCat("Feature balance: gaps class A - class B w.r.t. label ", result.positive_class(),
                                  " (largest statistical parity gaps)"),
                     {"Feature", "Class A", "Class B", "Statistical parity", "PMI", "Sorensen-Dice", "Jaccard",
                      "Kendall rank corr.", "Log-likelihood ratio", "t statistic", "t-test p-value"},
                     rows)
        .SetColumnRole(0, glassbox::v1::COLUMN_FEATURE);
  }

  std::vector<std::vector<Cell>> distribution_rows;
  for (const auto& d : result.distribution_balance()) {
    distribution_rows.push_back({d.feature(), static_cast<double>(d.num_classes()), d.kl_divergence(),
                                 d.js_distance(), d.wasserstein_distance(), d.infinity_norm_distance(),
                                 d.total_variation_distance(), d.chi_square_statistic(), d.chi_square_p_value()});
  }
  builder.AddTable("Distribution balance against a uniform distribution",
                   {"Feature", "Classes", "KL divergence", "JS distance", "Wasserstein distance",
                    "Infinity-norm distance", "Total variation distance", "Chi-square", "Chi-square p-value"},
                   distribution_rows)
      .SetColumnRole(0, glassbox::v1::COLUMN_FEATURE);

  const auto& aggregate = result.aggregate_balance();
  const std::string over = absl::StrCat(" over ", absl::StrJoin(aggregate.features(), " x "));
  // 0 is perfect balance for all three.
  const struct {
    std::string title;
    const char* name;
    double value;
  } indices[] = {
      {absl::StrCat("Atkinson index (epsilon ", aggregate.epsilon(), ")"), kBalanceIndices[0],
       aggregate.atkinson_index()},
      {"Theil L index", kBalanceIndices[1], aggregate.theil_l_index()},
      {"Theil T index", kBalanceIndices[2], aggregate.theil_t_index()},
  };
  for (const auto& index : indices) {
    builder.AddMetric(absl::StrCat(index.title, over), index.name, index.value, result.cohort())
        .SetDisplayName(index.title)
        .SetDirection(glassbox::v1::LOWER_IS_BETTER);
  }
}

class DataBalanceAnalyzer : public sdk::Analyzer {
 public:
  glassbox::v1::Analyzer Describe() const override {
    glassbox::v1::Analyzer info;
    info.set_name("data_balance");
    info.set_version("1.0.0");
    info.set_description(
        "Data balance analysis of sensitive features as in the Responsible AI Toolbox / SynapseML: feature balance "
        "(statistical parity, PMI, Sorensen-Dice, Jaccard, Kendall, log-likelihood ratio, t-test), distribution "
        "balance against uniform (KL, JS, Wasserstein, infinity norm, total variation, chi-square) and aggregate "
        "balance (Atkinson, Theil L and T)");
    *info.add_parameters() = sdk::ColumnListParameter(
        "sensitive_features", "Columns whose classes are checked for balance, e.g. [\"sex\", \"race\"]", true);
    *info.add_parameters() =
        sdk::DoubleParameter("epsilon", "Inequality aversion of the Atkinson index", 1.0, 0.0, std::nullopt);
    *info.add_parameters() = sdk::CohortParameter();
    sdk::DeclareMetrics(*info.mutable_reports(), {std::begin(kBalanceIndices), std::end(kBalanceIndices)});
    return info;
  }

  absl::Status Analyze(const sdk::AnalysisContext& context, sdk::InsightBuilder& builder) const override {
    const sdk::Outcomes& outcomes = *context.outcomes;
    const std::string cohort = context.params->GetString("cohort");
    const std::vector<size_t> rows = context.RowsOf(cohort);
    const std::vector<std::string> features = context.params->GetStringList("sensitive_features");
    const bool binary = outcomes.task == glassbox::v1::BINARY_CLASSIFICATION;

    if (rows.empty()) return absl::FailedPreconditionError(absl::StrCat("cohort '", cohort, "' has no rows"));

    analyses::DataBalance result;
    result.set_cohort(cohort);
    result.set_num_rows(static_cast<int64_t>(rows.size()));
    std::vector<bool> positive(rows.size(), false);
    int64_t positive_rows = 0;
    if (binary) {
      result.set_positive_class(outcomes.classes[outcomes.positive_class]);
      for (size_t i = 0; i < rows.size(); ++i) {
        positive[i] = outcomes.y_true[rows[i]] == outcomes.positive_class;
        positive_rows += positive[i];
      }
    }

    std::vector<EncodedClasses> encoded;
    for (const auto& feature : features) {
      if (context.cancelled()) return absl::CancelledError("data_balance cancelled");
      const sdk::Column* column = context.table->Find(feature);
      if (column == nullptr) {
        return absl::InvalidArgumentError(absl::StrCat("parameter 'sensitive_features': no column '", feature, "'"));
      }
      EncodedClasses classes = EncodeClasses(*column, rows);
      if (classes.labels.size() > kMaxClasses) {
        return absl::InvalidArgumentError(absl::StrCat(
            "parameter 'sensitive_features': '", feature, "' has ", classes.labels.size(),
            " distinct values; at most ", kMaxClasses, " classes are supported: choose a categorical column"));
      }
      if (classes.labels.empty()) {
        return absl::FailedPreconditionError(absl::StrCat("sensitive feature '", feature, "' has only missing values"));
      }
      std::vector<int64_t> class_positive = binary ? CountPositives(classes, positive) : std::vector<int64_t>();
      for (size_t c = 0; c < classes.labels.size(); ++c) {
        auto* entry = result.add_classes();
        entry->set_feature(feature);
        entry->set_value(classes.labels[c]);
        entry->set_count(classes.counts[c]);
        if (binary) entry->set_positive_count(class_positive[c]);
      }
      if (binary) AddFeatureBalance(feature, classes, class_positive, positive_rows, result);
      SetDistribution(feature, classes, *result.add_distribution_balance());
      encoded.push_back(std::move(classes));
    }

    const double epsilon = context.params->GetDouble("epsilon");
    const std::vector<int64_t> groups = GroupCounts(encoded, rows.size());
    AggregateMeasures aggregate = ComputeAggregate(groups, epsilon);
    auto* out = result.mutable_aggregate_balance();
    for (const auto& feature : features) out->add_features(feature);
    out->set_num_groups(static_cast<int64_t>(groups.size()));
    out->set_epsilon(epsilon);
    out->set_atkinson_index(aggregate.atkinson_index);
    out->set_theil_l_index(aggregate.theil_l_index);
    out->set_theil_t_index(aggregate.theil_t_index);

    builder.SetPayload(result);
    AddBlocks(result, builder);
    context.ReportProgress(1.0);
    return absl::OkStatus();
  }
};

}  // namespace
}  // namespace glassbox::plugins

GLASSBOX_PLUGIN(glassbox::plugins::DataBalanceAnalyzer)
