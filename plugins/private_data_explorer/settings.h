// The parameters of private_data_explorer: their specs, their reading and
// the checks CreateRun makes on them. Every bound, bin edge and category is
// declared by the user; none is read from the data, which would leak it.
//
// `privacy_epsilon` and `privacy_delta` are the whole analysis's privacy
// loss; the daemon charges them to the dataset's privacy budget when the run
// is created (docs/privacy.md), so their names are a contract with it.
#ifndef GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_SETTINGS_H_
#define GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_SETTINGS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "glassbox/sdk/context.h"
#include "glassbox/sdk/params.h"
#include "glassbox/v1/analyzer.pb.h"
#include "noise.h"

namespace glassbox::plugins::privacy {

// A numeric feature released as count, clamped sum, mean and quantiles.
struct BoundedFeature {
  std::string feature;
  double lower = 0;
  double upper = 0;
};

// A histogram of declared bins: `edges` for a numeric feature, `categories`
// for a categorical one.
struct DeclaredHistogram {
  std::string feature;
  std::vector<double> edges;
  std::vector<std::string> categories;
};

struct Settings {
  Mechanism mechanism = Mechanism::kLaplace;
  double epsilon = 0;
  double delta = 0;
  std::vector<BoundedFeature> bounded;
  std::vector<DeclaredHistogram> histograms;
  // Each has a categorical histogram in `histograms`, whose categories are its groups.
  std::vector<std::string> sensitive_features;
  std::vector<double> quantiles;
  int quantile_bins = 0;
  bool per_cohort = false;

  // The releases over one set of rows: its row count, three per bounded
  // feature (count, sum, quantile histogram), one per histogram and one per
  // sensitive feature (the confusion counts of its groups).
  int ReleasesPerScope() const;
  const DeclaredHistogram* HistogramOf(const std::string& feature) const;
};

// The most releases one analysis makes, over all its scopes.
inline constexpr int kMaxReleases = 1000;
inline constexpr int kMaxBins = 200;

void AddParameterSpecs(glassbox::v1::Analyzer& info);

// INVALID_ARGUMENT naming the parameter for a malformed entry; `context`
// (nullable) adds the checks against the dataset's columns and task.
absl::StatusOr<Settings> ReadSettings(const sdk::Params& params, const sdk::ValidationContext* context);

}  // namespace glassbox::plugins::privacy

#endif  // GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_SETTINGS_H_
