#include "robustness_summary.h"

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "glassbox/sdk/quantiles.h"

namespace glassbox::plugins {
namespace {

namespace analyses = glassbox::v1::analyses;

constexpr double kHalf[] = {0.5};

double Median(std::vector<double> values) {
  if (values.empty()) return std::nan("");
  return sdk::LinearQuantiles(values, kHalf)[0];
}

}  // namespace

void SummarizeRobustness(std::span<const double> scales, int noise_samples, analyses::Robustness& result) {
  const int n = result.rows_size();
  int flipped = 0, within = 0;
  std::vector<double> sizes;
  std::map<std::string, std::vector<double>> absolute, scaled;
  std::map<std::string, int> changed;
  for (const auto& row : result.rows()) {
    if (row.outcome() != analyses::FLIPPED) continue;
    ++flipped;
    within += row.within_budget() ? 1 : 0;
    sizes.push_back(row.perturbation());
    std::map<std::string, const analyses::FeatureChange*> changes;
    for (const auto& change : row.changes()) changes[change.feature()] = &change;
    for (const auto& feature : result.features()) {
      const auto at = changes.find(feature.name());
      const bool changes_it = at != changes.end();
      changed[feature.name()] += changes_it ? 1 : 0;
      if (feature.categorical()) continue;
      const double delta =
          changes_it ? std::abs(at->second->counterfactual().number() - at->second->original().number()) : 0.0;
      absolute[feature.name()].push_back(delta);
      scaled[feature.name()].push_back(delta / feature.scale());
    }
  }
  result.set_success_rate(n == 0 ? std::nan("") : static_cast<double>(within) / n);
  result.set_flip_rate(n == 0 ? std::nan("") : static_cast<double>(flipped) / n);
  result.set_median_perturbation(Median(sizes));
  for (const auto& feature : result.features()) {
    if (!feature.movable()) continue;
    analyses::FeaturePerturbation& out = *result.add_per_feature();
    out.set_feature(feature.name());
    out.set_categorical(feature.categorical());
    out.set_share_changed(flipped == 0 ? std::nan("") : static_cast<double>(changed[feature.name()]) / flipped);
    if (feature.categorical()) continue;
    out.set_median_absolute_change(Median(absolute[feature.name()]));
    out.set_median_scaled_change(Median(scaled[feature.name()]));
  }
  for (size_t s = 0; s < scales.size(); ++s) {
    analyses::NoiseStability& noise = *result.add_noise();
    noise.set_scale(scales[s]);
    double sum = 0;
    for (const auto& row : result.rows()) sum += row.stability(static_cast<int>(s));
    noise.set_stability(n == 0 ? std::nan("") : sum / n);
  }
  result.set_noise_samples(noise_samples);
}

}  // namespace glassbox::plugins
