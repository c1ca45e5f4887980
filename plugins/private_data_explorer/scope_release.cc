#include "scope_release.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "private_value.h"

namespace glassbox::plugins::privacy {
namespace {

namespace analyses = glassbox::v1::analyses;

constexpr char kOther[] = "(other or missing)";

// Noisy counts of `bins` bins, the bin of each row given by `bin_of` (-1: the row is left out).
template <typename BinOf>
std::vector<NoisyInteger> NoisyHistogram(size_t bins, std::span<const size_t> rows, BinOf bin_of, const Noise& noise,
                                         Coins& coins) {
  std::vector<int64_t> counts(bins, 0);
  for (size_t row : rows) {
    const int bin = bin_of(row);
    if (bin >= 0) ++counts[static_cast<size_t>(bin)];
  }
  std::vector<NoisyInteger> noisy;
  noisy.reserve(bins);
  for (int64_t count : counts) noisy.push_back(AddNoise(count, noise, coins));
  return noisy;
}

// The bin of `value` among `edges`: [e_i, e_i+1), the last closed, values
// outside clamped into the end bins.
int EdgeBin(const std::vector<double>& edges, double value) {
  const auto upper = std::upper_bound(edges.begin(), edges.end(), value);
  const int bin = static_cast<int>(upper - edges.begin()) - 1;
  return std::clamp(bin, 0, static_cast<int>(edges.size()) - 2);
}

std::string FormatNumber(double value) { return absl::StrCat(value); }

analyses::PrivateNumeric ReleaseBounded(const BoundedFeature& bounded, std::span<const double> values,
                                        std::span<const size_t> rows, const Settings& settings,
                                        const ReleasePlan& plan, Coins& coins) {
  analyses::PrivateNumeric released;
  released.set_feature(bounded.feature);
  released.set_lower_bound(bounded.lower);
  released.set_upper_bound(bounded.upper);
  const double resolution = std::max(std::abs(bounded.lower), std::abs(bounded.upper)) / kSumSteps;
  released.set_sum_resolution(resolution);

  int64_t count = 0;
  Integer sum_units = 0;
  for (size_t row : rows) {
    if (std::isnan(values[row])) continue;
    ++count;
    const double clamped = std::clamp(values[row], bounded.lower, bounded.upper);
    sum_units += static_cast<int64_t>(std::llround(clamped / resolution));
  }
  const Noise count_noise = plan.NoiseFor(1);
  const Noise sum_noise = plan.NoiseFor(kSumSteps);
  const NoisyInteger noisy_count = AddNoise(count, count_noise, coins);
  const NoisyInteger noisy_sum = AddNoise(sum_units, sum_noise, coins, resolution);
  *released.mutable_count() = noisy_count.ToValue();
  *released.mutable_sum() = noisy_sum.ToValue();
  *released.mutable_mean() = Ratio(noisy_sum, noisy_count, bounded.lower, bounded.upper);

  const int bins = settings.quantile_bins;
  const double width = (bounded.upper - bounded.lower) / bins;
  std::vector<double> edges(bins + 1);
  for (int i = 0; i <= bins; ++i) edges[i] = bounded.lower + i * width;
  edges[bins] = bounded.upper;
  const std::vector<NoisyInteger> histogram = NoisyHistogram(
      bins, rows, [&](size_t row) { return std::isnan(values[row]) ? -1 : EdgeBin(edges, values[row]); },
      count_noise, coins);
  std::vector<double> cumulative(bins + 1, 0);
  for (int i = 0; i < bins; ++i) cumulative[i + 1] = cumulative[i] + std::max(0.0, histogram[i].value);
  const double total = cumulative[bins];
  // The value at noisy rank `rank`, interpolated within its bin.
  auto at_rank = [&](double rank) {
    rank = std::clamp(rank, 0.0, total);
    const auto reached = std::lower_bound(cumulative.begin() + 1, cumulative.end(), rank);
    const int bin = std::min(bins - 1, static_cast<int>(reached - cumulative.begin()) - 1);
    const double in_bin = cumulative[bin + 1] - cumulative[bin];
    const double fraction = in_bin > 0 ? (rank - cumulative[bin]) / in_bin : 0.5;
    return edges[bin] + fraction * width;
  };
  const double rank_spread = 1.959963984540054 * count_noise.StandardDeviation() * std::sqrt(bins);
  for (double q : settings.quantiles) {
    analyses::PrivateQuantile* quantile = released.add_quantiles();
    quantile->set_quantile(q);
    analyses::PrivateValue* value = quantile->mutable_value();
    value->set_value(total > 0 ? at_rank(q * total) : std::numeric_limits<double>::quiet_NaN());
    value->set_noise_scale(count_noise.Scale());
    value->set_noise_std(count_noise.StandardDeviation());
    value->set_lower(total > 0 ? at_rank(q * total - rank_spread) : bounded.lower);
    value->set_upper(total > 0 ? at_rank(q * total + rank_spread) : bounded.upper);
  }
  return released;
}

analyses::PrivateHistogram ReleaseHistogram(const DeclaredHistogram& declared, const sdk::Column& column,
                                            std::span<const size_t> rows, const ReleasePlan& plan, Coins& coins) {
  analyses::PrivateHistogram released;
  released.set_feature(declared.feature);
  const Noise noise = plan.NoiseFor(1);
  std::vector<NoisyInteger> counts;
  if (!declared.edges.empty()) {
    const auto values = column.values();
    for (size_t i = 0; i + 1 < declared.edges.size(); ++i) {
      released.add_bins(absl::StrCat("[", FormatNumber(declared.edges[i]), ", ", FormatNumber(declared.edges[i + 1]),
                                     i + 2 == declared.edges.size() ? "]" : ")"));
    }
    counts = NoisyHistogram(
        declared.edges.size() - 1, rows,
        [&](size_t row) { return std::isnan(values[row]) ? -1 : EdgeBin(declared.edges, values[row]); }, noise, coins);
  } else {
    // Declared category i is bin i; the data's codes are mapped once.
    std::vector<int> bin_of_code(column.categories().size(), static_cast<int>(declared.categories.size()));
    for (size_t i = 0; i < declared.categories.size(); ++i) {
      released.add_bins(declared.categories[i]);
      if (auto code = column.CodeOf(declared.categories[i])) bin_of_code[*code] = static_cast<int>(i);
    }
    released.add_bins(kOther);
    const auto codes = column.codes();
    const int other = static_cast<int>(declared.categories.size());
    counts = NoisyHistogram(
        declared.categories.size() + 1, rows,
        [&](size_t row) { return codes[row] == sdk::Column::kMissingCode ? other : bin_of_code[codes[row]]; }, noise,
        coins);
  }
  for (const auto& count : counts) *released.add_counts() = count.ToValue();
  return released;
}

// Per declared group (and the rest): true positives, false positives, true
// negatives, false negatives, released as one histogram.
analyses::PrivateFairness ReleaseFairness(const DeclaredHistogram& groups, const sdk::Column& column,
                                          std::span<const size_t> rows, const sdk::Outcomes& outcomes,
                                          const ReleasePlan& plan, Coins& coins) {
  analyses::PrivateFairness released;
  released.set_feature(groups.feature);
  const size_t group_count = groups.categories.size() + 1;
  std::vector<int> group_of_code(column.categories().size(), static_cast<int>(groups.categories.size()));
  for (size_t i = 0; i < groups.categories.size(); ++i) {
    if (auto code = column.CodeOf(groups.categories[i])) group_of_code[*code] = static_cast<int>(i);
  }
  const auto codes = column.codes();
  const int positive = outcomes.positive_class;
  constexpr int kTruePositive = 0, kFalsePositive = 1, kTrueNegative = 2, kFalseNegative = 3, kCells = 4;
  const Noise noise = plan.NoiseFor(1);
  const std::vector<NoisyInteger> cells = NoisyHistogram(
      group_count * kCells, rows,
      [&](size_t row) {
        const int group = codes[row] == sdk::Column::kMissingCode ? static_cast<int>(groups.categories.size())
                                                                  : group_of_code[codes[row]];
        const bool actual = static_cast<int>(outcomes.y_true[row]) == positive;
        const bool predicted = static_cast<int>(outcomes.y_pred[row]) == positive;
        const int cell = predicted ? (actual ? kTruePositive : kFalsePositive) : (actual ? kFalseNegative : kTrueNegative);
        return group * kCells + cell;
      },
      noise, coins);
  for (size_t g = 0; g < group_count; ++g) {
    const double tp = cells[g * kCells + kTruePositive].value;
    const double fp = cells[g * kCells + kFalsePositive].value;
    const double tn = cells[g * kCells + kTrueNegative].value;
    const double fn = cells[g * kCells + kFalseNegative].value;
    analyses::PrivateGroupRates* group = released.add_groups();
    group->set_group(g < groups.categories.size() ? groups.categories[g] : kOther);
    analyses::PrivateValue* rows_value = group->mutable_rows();
    const double width = static_cast<double>(noise.HalfWidth(1 - (1 - kCoverage) / kCells));
    rows_value->set_value(tp + fp + tn + fn);
    rows_value->set_noise_scale(noise.Scale() * 2);
    rows_value->set_noise_std(noise.StandardDeviation() * 2);
    rows_value->set_lower(tp + fp + tn + fn - kCells * width);
    rows_value->set_upper(tp + fp + tn + fn + kCells * width);
    *group->mutable_selection_rate() = Share(tp + fp, tn + fn, 2, 2, kCells, noise);
    *group->mutable_error_rate() = Share(fp + fn, tp + tn, 2, 2, kCells, noise);
    *group->mutable_false_positive_rate() = Share(fp, tn, 1, 1, kCells, noise);
    *group->mutable_false_negative_rate() = Share(fn, tp, 1, 1, kCells, noise);
  }
  return released;
}

}  // namespace

analyses::PrivateScope ReleaseScope(const std::string& cohort, std::span<const size_t> rows, const sdk::Table& table,
                                    const sdk::Outcomes& outcomes, const Settings& settings, const ReleasePlan& plan,
                                    Coins& coins) {
  analyses::PrivateScope scope;
  scope.set_cohort(cohort);
  *scope.mutable_rows() = AddNoise(static_cast<int64_t>(rows.size()), plan.NoiseFor(1), coins).ToValue();
  for (const auto& bounded : settings.bounded) {
    *scope.add_numeric() = ReleaseBounded(bounded, table.Find(bounded.feature)->values(), rows, settings, plan, coins);
  }
  for (const auto& histogram : settings.histograms) {
    *scope.add_histograms() = ReleaseHistogram(histogram, *table.Find(histogram.feature), rows, plan, coins);
  }
  for (const auto& feature : settings.sensitive_features) {
    *scope.add_fairness() =
        ReleaseFairness(*settings.HistogramOf(feature), *table.Find(feature), rows, outcomes, plan, coins);
  }
  return scope;
}

}  // namespace glassbox::plugins::privacy
