// The private_data_explorer plugin, loaded by the daemon's plugin host, on
// adult_test_scored.csv (10,054 rows). Noise scales and interval widths are
// checked against the closed forms worked out in the comments; released
// figures against the exact ones computed here, within a bound the noise
// passes with probability 1 - 1e-9 (the false-alarm rate of each check).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "glassbox/v1/analyses/private_data_explorer.pb.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::testing {
namespace {

using glassbox::v1::analyses::PrivateDataExplorer;

class PrivateDataExplorerPluginTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { scored_ = new sdk::Table(ReadCsvFile(DatasetPath("adult_test_scored.csv"))); }

  absl::StatusOr<PrivateDataExplorer> Run(const std::string& params, glassbox::v1::Insight* insight = nullptr) {
    RunInputs inputs = AdultScoredInputs();
    inputs.params = ParseParams(params);
    auto result = RunAnalyzer("private_data_explorer", *scored_, inputs);
    if (!result.ok()) return result.status();
    PrivateDataExplorer payload;
    EXPECT_TRUE(result->payload().UnpackTo(&payload));
    if (insight != nullptr) *insight = *result;
    return payload;
  }

  absl::Status Validate(const std::string& params) {
    RunInputs inputs = AdultScoredInputs();
    inputs.params = ParseParams(params);
    return ValidateAnalyzer("private_data_explorer", *scored_, inputs);
  }

  static inline sdk::Table* scored_ = nullptr;
};

// 6 releases share epsilon = 1: rows, age's count, sum and quantile
// histogram, the sex histogram and the sex group rates.
constexpr char kLaplaceParams[] = R"({"privacy_epsilon": 1, "bounds": ["age=20..30"],
  "categories": ["sex=Female|Male"], "sensitive_features": ["sex"]})";

TEST_F(PrivateDataExplorerPluginTest, LaplaceScalesAndIntervals) {
  glassbox::v1::Insight insight;
  auto result = Run(kLaplaceParams, &insight);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->mechanism(), "laplace");
  EXPECT_EQ(result->releases(), 6);
  EXPECT_DOUBLE_EQ(result->epsilon_per_release(), 1.0 / 6);
  const auto& rows = result->scopes(0).rows();
  // A count's discrete Laplace has b = releases / epsilon = 6; its standard
  // deviation sqrt(2q) / (1 - q), q = exp(-1/6), is 8.47546839766997; the 95%
  // half-width is the smallest k with 2 q^(k+1) / (1 + q) <= 0.05: 18.
  EXPECT_DOUBLE_EQ(rows.noise_scale(), 6);
  EXPECT_NEAR(rows.noise_std(), 8.47546839766997, 1e-12);
  EXPECT_DOUBLE_EQ(rows.upper() - rows.value(), 18);
  EXPECT_DOUBLE_EQ(rows.value() - rows.lower(), 18);
  // P(|X| > 125) = 2 q^126 / (1 + q) < 1e-9.
  EXPECT_LE(std::abs(rows.value() - 10054), 125);
  EXPECT_EQ(rows.value(), std::round(rows.value()));

  // Clamping: age clamped into [20, 30], summed here.
  const auto ages = scored_->Find("age")->values();
  double clamped_sum = 0;
  for (double age : ages) clamped_sum += std::clamp(age, 20.0, 30.0);
  const auto& age = result->scopes(0).numeric(0);
  EXPECT_EQ(age.feature(), "age");
  // The sum's unit is 30 / 1e6, its sensitivity 1e6 units, b = 6e6 units = 180 years.
  EXPECT_DOUBLE_EQ(age.sum_resolution(), 30.0 / 1e6);
  EXPECT_NEAR(age.sum().noise_scale(), 180, 1e-9);
  EXPECT_LE(std::abs(age.sum().value() - clamped_sum), 125 * 180.0);
  EXPECT_GE(age.mean().value(), 20);
  EXPECT_LE(age.mean().value(), 30);
  EXPECT_NEAR(age.mean().value(), clamped_sum / 10054, 125 * 180.0 / (10054 - 125) + 30 * 125.0 / (10054 - 125));
  EXPECT_LE(age.mean().lower(), age.mean().value());
  EXPECT_GE(age.mean().upper(), age.mean().value());
  ASSERT_EQ(age.quantiles_size(), 3);
  for (const auto& q : age.quantiles()) {
    EXPECT_GE(q.value().value(), 20);
    EXPECT_LE(q.value().value(), 30);
  }

  const auto& sex = result->scopes(0).histograms(0);
  ASSERT_EQ(sex.bins_size(), 3);
  EXPECT_EQ(sex.bins(2), "(other or missing)");
  int64_t women = 0;
  const sdk::Column& sex_column = *scored_->Find("sex");
  for (size_t row = 0; row < scored_->num_rows(); ++row) women += sex_column.ValueAsString(row) == "Female";
  EXPECT_LE(std::abs(sex.counts(0).value() - static_cast<double>(women)), 125);
  EXPECT_LE(std::abs(sex.counts(2).value()), 125);

  const auto& groups = result->scopes(0).fairness(0);
  ASSERT_EQ(groups.groups_size(), 3);
  for (const auto& group : groups.groups()) {
    if (group.group() == "(other or missing)") continue;
    EXPECT_GE(group.selection_rate().value(), group.selection_rate().lower());
    EXPECT_LE(group.selection_rate().value(), group.selection_rate().upper());
  }

  // The section says what the figures are.
  ASSERT_TRUE(insight.blocks(0).has_text());
  EXPECT_NE(insight.blocks(0).text().text().find("epsilon = 1 differentially private"), std::string::npos);
  EXPECT_EQ(insight.blocks(1).metric().name(), "privacy_epsilon");
  EXPECT_EQ(insight.blocks(1).metric().value(), 1);
}

// Gaussian: rho = (sqrt(1 + ln 1e6) - sqrt(ln 1e6))^2 = 0.017468904769123432
// (Bun and Steinke 2016, Proposition 1.3), a count's sigma = sqrt(6 / (2 rho))
// = 13.10472128590545.
TEST_F(PrivateDataExplorerPluginTest, GaussianScales) {
  auto result = Run(R"({"privacy_epsilon": 1, "privacy_delta": 1e-6, "mechanism": "gaussian",
    "bounds": ["age=20..30"], "categories": ["sex=Female|Male"], "sensitive_features": ["sex"]})");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_NEAR(result->rho(), 0.017468904769123432, 1e-15);
  EXPECT_NEAR(result->scopes(0).rows().noise_scale(), 13.10472128590545, 1e-9);
  // At this sigma the discrete Gaussian's variance is sigma^2 to within a
  // relative exp(-2 pi^2 sigma^2) (CKS 2020, Section 2.4).
  EXPECT_NEAR(result->scopes(0).rows().noise_std(), 13.10472128590545, 1e-9);
  // P(|X| > 6.2 sigma) < 1e-9.
  EXPECT_LE(std::abs(result->scopes(0).rows().value() - 10054), 6.2 * 13.11);
}

TEST_F(PrivateDataExplorerPluginTest, CohortsShareEpsilon) {
  RunInputs inputs = AdultScoredInputs();
  inputs.cohorts = {{"women", "sex == Female"}};
  inputs.params = ParseParams(R"({"privacy_epsilon": 0.5, "per_cohort": true, "categories": ["race=White|Black"]})");
  auto insight = RunAnalyzer("private_data_explorer", *scored_, inputs);
  ASSERT_TRUE(insight.ok()) << insight.status();
  PrivateDataExplorer result;
  ASSERT_TRUE(insight->payload().UnpackTo(&result));
  // Two scopes of 2 releases: b = 4 / 0.5 = 8.
  EXPECT_EQ(result.releases(), 4);
  ASSERT_EQ(result.scopes_size(), 2);
  EXPECT_EQ(result.scopes(1).cohort(), "women");
  EXPECT_DOUBLE_EQ(result.scopes(1).rows().noise_scale(), 8);
}

TEST_F(PrivateDataExplorerPluginTest, ParametersNamedInErrors) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"bounds": ["age=1..2"]})", "privacy_epsilon"},
      {R"({"privacy_epsilon": 1, "bounds": ["age=90..17"]})", "'bounds'"},
      {R"({"privacy_epsilon": 1, "bounds": ["age"]})", "'bounds'"},
      {R"({"privacy_epsilon": 1, "bounds": ["sex=0..1"]})", "categorical"},
      {R"({"privacy_epsilon": 1, "bin_edges": ["age=30,20"]})", "'bin_edges'"},
      {R"({"privacy_epsilon": 1, "categories": ["age=1|2"]})", "'categories'"},
      {R"({"privacy_epsilon": 1, "categories": ["sex=Male|Male"]})", "'categories'"},
      {R"({"privacy_epsilon": 1, "sensitive_features": ["sex"]})", "'sensitive_features'"},
      {R"({"privacy_epsilon": 1, "mechanism": "gaussian"})", "'privacy_delta'"},
      {R"({"privacy_epsilon": 1, "privacy_delta": 1e-6})", "'privacy_delta'"},
      {R"({"privacy_epsilon": 1, "bounds": ["nope=1..2"]})", "not a feature column"},
  };
  for (const auto& [params, named] : cases) {
    const absl::Status status = Validate(params);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << params;
    EXPECT_NE(status.message().find(named), std::string::npos) << params << ": " << status.message();
  }
}

}  // namespace
}  // namespace glassbox::testing
