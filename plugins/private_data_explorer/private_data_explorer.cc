// private_data_explorer: what the rows look like, under differential
// privacy. Counts, histograms of declared bins, clamped sums and means and
// quantiles of bounded features, and group selection and error rates, over
// all rows and optionally each cohort; noise from the exact discrete Laplace
// or Gaussian samplers on the kernel's CSPRNG.
#include "glassbox/sdk/analyzer.h"
#include "presentation.h"
#include "random_bits.h"
#include "release_plan.h"
#include "scope_release.h"
#include "settings.h"

namespace glassbox::plugins::privacy {
namespace {

class PrivateDataExplorerAnalyzer : public sdk::Analyzer {
 public:
  glassbox::v1::Analyzer Describe() const override {
    glassbox::v1::Analyzer info;
    info.set_name("private_data_explorer");
    info.set_version("1.0.0");
    info.set_description(
        "Differentially private counts, histograms, clamped sums, means and quantiles per feature and cohort, and "
        "private group selection and error rates; discrete Laplace (epsilon-DP) or discrete Gaussian (zCDP) noise "
        "sampled exactly (Canonne, Kamath and Steinke 2020); epsilon charged to the dataset's privacy budget");
    AddParameterSpecs(info);
    return info;
  }

  absl::Status Validate(const sdk::ValidationContext& context) const override {
    return ReadSettings(*context.params, &context).status();
  }

  absl::Status Analyze(const sdk::AnalysisContext& context, sdk::InsightBuilder& builder) const override {
    absl::StatusOr<Settings> settings = ReadSettings(*context.params, nullptr);
    if (!settings.ok()) return settings.status();
    std::vector<const sdk::Cohort*> cohorts;
    if (settings->per_cohort && context.cohorts != nullptr) {
      for (const auto& cohort : *context.cohorts) cohorts.push_back(&cohort);
    }
    const int scopes = 1 + static_cast<int>(cohorts.size());
    const ReleasePlan plan(settings->mechanism, settings->epsilon, settings->delta,
                           settings->ReleasesPerScope() * scopes);
    SecureRandomBits bits;
    CoinsFromBits coins(bits);

    glassbox::v1::analyses::PrivateDataExplorer payload;
    payload.set_mechanism(settings->mechanism == Mechanism::kGaussian ? "gaussian" : "laplace");
    payload.set_epsilon(settings->epsilon);
    payload.set_delta(settings->delta);
    payload.set_rho(plan.rho());
    payload.set_releases(plan.releases());
    payload.set_epsilon_per_release(plan.epsilon_per_release());
    payload.set_rho_per_release(plan.rho_per_release());
    const std::vector<size_t> all = context.RowsOf("");
    *payload.add_scopes() = ReleaseScope("", all, *context.table, *context.outcomes, *settings, plan, coins);
    for (size_t i = 0; i < cohorts.size(); ++i) {
      if (context.cancelled()) return absl::CancelledError("private_data_explorer cancelled");
      context.ReportProgress(static_cast<double>(i + 1) / scopes);
      *payload.add_scopes() =
          ReleaseScope(cohorts[i]->name, cohorts[i]->rows, *context.table, *context.outcomes, *settings, plan, coins);
    }
    builder.SetPayload(payload);
    AddBlocks(payload, builder);
    context.ReportProgress(1.0);
    return absl::OkStatus();
  }
};

}  // namespace
}  // namespace glassbox::plugins::privacy

GLASSBOX_PLUGIN(glassbox::plugins::privacy::PrivateDataExplorerAnalyzer)
