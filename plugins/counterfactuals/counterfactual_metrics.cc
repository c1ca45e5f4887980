#include "counterfactual_metrics.h"

#include <cmath>
#include <limits>

namespace glassbox::plugins {
namespace {

namespace analyses = glassbox::v1::analyses;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Sums of DiCE's per-feature terms between two rows, by kind of feature.
struct TermSums {
  double numeric = 0;
  double categorical = 0;
  size_t changes = 0;
};

TermSums SumTerms(const FeatureSpace& space, const double* a, const double* b) {
  TermSums sums;
  for (size_t p = 0; p < space.size(); ++p) {
    const double delta = space.Delta(p, a[p], b[p]);
    (space.feature(p).categorical ? sums.categorical : sums.numeric) += delta;
    sums.changes += space.Same(p, a[p], b[p]) ? 0 : 1;
  }
  return sums;
}

double MeanOrNaN(double total, size_t count) { return count == 0 ? kNaN : total / static_cast<double>(count); }

}  // namespace

analyses::CounterfactualMetrics MeasureCounterfactuals(const FeatureSpace& space, std::span<const double> query,
                                                       std::span<const double> counterfactuals, int requested) {
  const size_t d = space.size();
  const size_t k = counterfactuals.size() / d;
  analyses::CounterfactualMetrics metrics;
  metrics.set_queries(1);
  metrics.set_requested(requested);
  metrics.set_found(static_cast<int32_t>(k));
  metrics.set_validity(requested > 0 ? static_cast<double>(k) / requested : kNaN);

  double distance = 0, numeric = 0, categorical = 0, changes = 0;
  for (size_t i = 0; i < k; ++i) {
    const TermSums sums = SumTerms(space, &counterfactuals[i * d], query.data());
    distance += (sums.numeric + sums.categorical) / static_cast<double>(d);
    numeric += MeanOrNaN(sums.numeric, space.num_numeric());
    categorical += MeanOrNaN(sums.categorical, space.num_categorical());
    changes += static_cast<double>(sums.changes);
  }
  metrics.set_proximity(MeanOrNaN(distance, k));
  metrics.set_continuous_proximity(-MeanOrNaN(numeric, k));
  metrics.set_categorical_proximity(1.0 - MeanOrNaN(categorical, k));
  metrics.set_sparsity(MeanOrNaN(changes, k));

  double pair_distance = 0, pair_changes = 0;
  for (size_t i = 0; i < k; ++i) {
    for (size_t j = i + 1; j < k; ++j) {
      const TermSums sums = SumTerms(space, &counterfactuals[i * d], &counterfactuals[j * d]);
      pair_distance += (sums.numeric + sums.categorical) / static_cast<double>(d);
      pair_changes += static_cast<double>(sums.changes) / static_cast<double>(d);
    }
  }
  const size_t pairs = k * (k - 1) / 2;
  metrics.set_diversity(MeanOrNaN(pair_distance, pairs));
  metrics.set_count_diversity(MeanOrNaN(pair_changes, pairs));
  return metrics;
}

analyses::CounterfactualMetrics SummarizeMetrics(std::span<const analyses::CounterfactualMetrics> queries) {
  analyses::CounterfactualMetrics overall;
  overall.set_queries(static_cast<int32_t>(queries.size()));
  struct Mean {
    double total = 0;
    size_t count = 0;
    void Add(double value) {
      if (std::isnan(value)) return;
      total += value;
      ++count;
    }
    double Get() const { return MeanOrNaN(total, count); }
  };
  Mean proximity, continuous, categorical, sparsity, diversity, count_diversity;
  int64_t requested = 0, found = 0;
  for (const auto& query : queries) {
    requested += query.requested();
    found += query.found();
    proximity.Add(query.proximity());
    continuous.Add(query.continuous_proximity());
    categorical.Add(query.categorical_proximity());
    sparsity.Add(query.sparsity());
    diversity.Add(query.diversity());
    count_diversity.Add(query.count_diversity());
  }
  overall.set_requested(static_cast<int32_t>(requested));
  overall.set_found(static_cast<int32_t>(found));
  overall.set_validity(requested > 0 ? static_cast<double>(found) / static_cast<double>(requested) : kNaN);
  overall.set_proximity(proximity.Get());
  overall.set_continuous_proximity(continuous.Get());
  overall.set_categorical_proximity(categorical.Get());
  overall.set_sparsity(sparsity.Get());
  overall.set_diversity(diversity.Get());
  overall.set_count_diversity(count_diversity.Get());
  return overall;
}

}  // namespace glassbox::plugins
