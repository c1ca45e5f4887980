// The data_balance plugin, loaded by the daemon's plugin host, on the real
// adult data. Expected values: a throwaway numpy 1.24 / scipy 1.10.1 / pandas
// 1.5.3 script implementing SynapseML's FeatureBalanceMeasure,
// DistributionBalanceMeasure and AggregateBalanceMeasure formulas (association
// measures from value_counts over all rows, gaps a - b for a < b,
// scipy.stats.t.sf(|t gap|, classes - 1), scipy.stats.entropy,
// scipy.stats.wasserstein_distance, scipy.stats.chisquare against uniform,
// Atkinson / Theil over groupby([sensitive features]).size()).
#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "glassbox/v1/analyses/data_balance.pb.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::testing {
namespace {

using glassbox::v1::analyses::DataBalance;
using glassbox::v1::analyses::DistributionBalanceMeasures;
using glassbox::v1::analyses::FeatureBalanceMeasures;

constexpr double kTolerance = 1e-12;

DataBalance Analyze(const sdk::Table& table, RunInputs inputs, const std::string& params,
                glassbox::v1::Insight* insight = nullptr) {
  inputs.params = ParseParams(params);
  auto result = RunAnalyzer("data_balance", table, inputs);
  EXPECT_TRUE(result.ok()) << result.status();
  DataBalance payload;
  if (result.ok()) {
    EXPECT_TRUE(result->payload().UnpackTo(&payload));
    if (insight != nullptr) *insight = *result;
  }
  return payload;
}

const FeatureBalanceMeasures& Pair(const DataBalance& result, const std::string& a, const std::string& b) {
  for (const auto& pair : result.feature_balance()) {
    if (pair.class_a() == a && pair.class_b() == b) return pair;
  }
  ADD_FAILURE() << "no pair " << a << ", " << b;
  return FeatureBalanceMeasures::default_instance();
}

struct Gaps {
  double dp, pmi, sdc, ji, krc, llr, t, p;
};

void ExpectGaps(const FeatureBalanceMeasures& pair, const Gaps& expected) {
  EXPECT_NEAR(pair.statistical_parity(), expected.dp, kTolerance);
  EXPECT_NEAR(pair.pointwise_mutual_information(), expected.pmi, kTolerance);
  EXPECT_NEAR(pair.sorensen_dice(), expected.sdc, kTolerance);
  EXPECT_NEAR(pair.jaccard_index(), expected.ji, kTolerance);
  EXPECT_NEAR(pair.kendall_rank_correlation(), expected.krc, kTolerance);
  EXPECT_NEAR(pair.log_likelihood_ratio(), expected.llr, kTolerance);
  EXPECT_NEAR(pair.t_statistic(), expected.t, kTolerance);
  EXPECT_NEAR(pair.t_test_p_value(), expected.p, kTolerance);
}

struct Distances {
  double kl, js, ws, inf, tv, chi, p;
};

void ExpectDistances(const DistributionBalanceMeasures& measures, const Distances& expected) {
  EXPECT_NEAR(measures.kl_divergence(), expected.kl, kTolerance);
  EXPECT_NEAR(measures.js_distance(), expected.js, kTolerance);
  EXPECT_NEAR(measures.wasserstein_distance(), expected.ws, kTolerance);
  EXPECT_NEAR(measures.infinity_norm_distance(), expected.inf, kTolerance);
  EXPECT_NEAR(measures.total_variation_distance(), expected.tv, kTolerance);
  EXPECT_NEAR(measures.chi_square_statistic(), expected.chi, 1e-12 * expected.chi);
  EXPECT_NEAR(measures.chi_square_p_value(), expected.p, std::max(1e-12 * expected.p, 1e-300));
}

class DataBalancePluginTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scored_ = new sdk::Table(ReadCsvFile(DatasetPath("adult_test_scored.csv")));
    adult_ = new sdk::Table(ReadCsvFile(DatasetPath("adult.csv")));
  }

  // adult.csv has labels but no predictions; data balance reads only the
  // labels, and the label column stands in for the predictions a run needs.
  static RunInputs AdultInputs() {
    RunInputs inputs;
    inputs.target = "income";
    inputs.prediction = "income";
    inputs.positive_class = ">50K";
    return inputs;
  }

  static inline sdk::Table* scored_ = nullptr;
  static inline sdk::Table* adult_ = nullptr;
};

TEST_F(DataBalancePluginTest, AdultTestScoredSexAndRace) {
  glassbox::v1::Insight insight;
  DataBalance result = Analyze(*scored_, AdultScoredInputs(), R"({"sensitive_features": ["sex", "race"]})", &insight);
  EXPECT_EQ(result.num_rows(), 10054);
  EXPECT_EQ(result.positive_class(), ">50K");
  // pandas value_counts: Female 3,287 (368 >50K), Male 6,767 (2,135 >50K); 5 races.
  ASSERT_EQ(result.classes_size(), 7);
  EXPECT_EQ(result.classes(0).value(), "Female");
  EXPECT_EQ(result.classes(0).count(), 3287);
  EXPECT_EQ(result.classes(0).positive_count(), 368);
  EXPECT_EQ(result.classes(1).positive_count(), 2135);
  EXPECT_EQ(result.classes(2).value(), "Amer-Indian-Eskimo");
  EXPECT_EQ(result.classes(6).count(), 8679);
  // 1 sex pair, 10 race pairs.
  ASSERT_EQ(result.feature_balance_size(), 11);

  ExpectGaps(Pair(result, "Female", "Male"),
             {-0.20354550836799984, -1.0360564249257878, -0.16675497873244238, -0.23135751798390994,
              0.8303036151328488, -1.7581389874937938, -0.2664141884177409, 0.417122717858029});
  ExpectGaps(Pair(result, "Black", "White"),
             {-0.12649729231478285, -0.6552323850835495, -0.16811226303892016, -0.2191868959316701,
              5.465649454910859, -2.9214992154034833, -0.09379039412548362, 0.46489290997728605});
  ExpectGaps(Pair(result, "Amer-Indian-Eskimo", "Other"),
             {0.02306053390149143, 0.26515295939175276, 0.00151646576023778, 0.001525857569067653,
              -1.5330556685695598, 0.5108256237659905, 0.0006151782559508726, 0.49976930817220677});

  ASSERT_EQ(result.distribution_balance_size(), 2);
  ExpectDistances(result.distribution_balance(0),
                  {0.06116073242019168, 0.12461489906808965, 0.17306544658842252, 0.17306544658842254,
                   0.17306544658842252, 1204.5355082554208, 6.30388392795553e-264});
  EXPECT_EQ(result.distribution_balance(1).num_classes(), 5);
  ExpectDistances(result.distribution_balance(1), {1.078617632225382, 0.515610318484715, 0.2652954048140044,
                                                   0.6632385120350108, 0.6632385120350109, 27860.51561567535, 0.0});

  const auto& aggregate = result.aggregate_balance();
  EXPECT_EQ(aggregate.num_groups(), 10);
  EXPECT_EQ(aggregate.epsilon(), 1);
  EXPECT_NEAR(aggregate.atkinson_index(), 0.7851987668401231, kTolerance);
  EXPECT_NEAR(aggregate.theil_t_index(), 1.1467450984173744, kTolerance);
  EXPECT_NEAR(aggregate.theil_l_index(), 1.5380421753961373, kTolerance);

  int metrics = 0;
  int tables = 0;
  for (const auto& block : insight.blocks()) {
    metrics += block.has_metric();
    tables += block.has_table();
    if (block.has_metric() && block.metric().name() == "atkinson_index") {
      EXPECT_NEAR(block.metric().value(), 0.7851987668401231, kTolerance);
    }
  }
  EXPECT_EQ(metrics, 3);
  EXPECT_EQ(tables, 3);
}

TEST_F(DataBalancePluginTest, AtkinsonEpsilon) {
  // numpy: 1 - mean(x^(1-eps))^(1/(1-eps)) over the sex x race group shares.
  DataBalance half = Analyze(*scored_, AdultScoredInputs(), R"({"sensitive_features": ["sex", "race"], "epsilon": 0.5})");
  EXPECT_NEAR(half.aggregate_balance().atkinson_index(), 0.5092226142217424, kTolerance);
  DataBalance two = Analyze(*scored_, AdultScoredInputs(), R"({"sensitive_features": ["sex", "race"], "epsilon": 2})");
  EXPECT_NEAR(two.aggregate_balance().atkinson_index(), 0.9147805234903079, kTolerance);
}

TEST_F(DataBalancePluginTest, AdultCsv) {
  DataBalance result = Analyze(*adult_, AdultInputs(), R"({"sensitive_features": ["sex", "race"]})");
  EXPECT_EQ(result.num_rows(), 30162);
  ExpectGaps(Pair(result, "Female", "Male"),
             {-0.20015891077100012, -1.0155025334659038, -0.1650313225138843, -0.22886378707454663,
              0.8766223020410207, -1.749512599143317, -0.2613231596594465, 0.41863775333627773});
  ExpectGaps(Pair(result, "Black", "White"),
             {-0.13379259003920443, -0.7079196676277728, -0.16906149263785963, -0.22033525560957357,
              5.306187071075904, -2.92776346769673, -0.10038756152776368, 0.46243349277918105});
  ExpectDistances(result.distribution_balance(0), {0.06306761300443825, 0.12657360038807047, 0.17568463629732778,
                                                   0.17568463629732778, 0.17568463629732778, 3723.8115509581594,
                                                   0.0});
  ExpectDistances(result.distribution_balance(1), {1.0722606763543623, 0.5146039220968797, 0.263916185929315,
                                                   0.6597904648232875, 0.6597904648232875, 82793.40083548836, 0.0});
  EXPECT_NEAR(result.aggregate_balance().atkinson_index(), 0.7870011070637422, kTolerance);
  EXPECT_NEAR(result.aggregate_balance().theil_t_index(), 1.1421366535222075, kTolerance);
  EXPECT_NEAR(result.aggregate_balance().theil_l_index(), 1.5464683107685762, kTolerance);
}

TEST_F(DataBalancePluginTest, RestrictsToTheCohort) {
  // The 3,287 women (pandas) have one sex: no pairs, no distance from uniform,
  // and a chi-square p-value of NaN, as scipy.stats.chisquare's with 0 degrees
  // of freedom.
  RunInputs inputs = AdultScoredInputs();
  inputs.cohorts = {{"women", "sex == Female"}};
  DataBalance result = Analyze(*scored_, inputs, R"({"sensitive_features": ["sex"], "cohort": "women"})");
  EXPECT_EQ(result.num_rows(), 3287);
  ASSERT_EQ(result.classes_size(), 1);
  EXPECT_EQ(result.feature_balance_size(), 0);
  EXPECT_EQ(result.distribution_balance(0).kl_divergence(), 0);
  EXPECT_TRUE(std::isnan(result.distribution_balance(0).chi_square_p_value()));
}

TEST_F(DataBalancePluginTest, SkipsFeatureBalanceWithoutABinaryLabel) {
  // Regression: no positive label, so only the distribution and aggregate
  // measures; shares 2/3 and 1/3: KL = 2/3 ln(4/3) + 1/3 ln(2/3).
  sdk::Table table = ReadCsvText("g,y,p\na,1,1\na,2,2\nb,3,3\n");
  RunInputs inputs;
  inputs.target = "y";
  inputs.task = glassbox::v1::REGRESSION;
  inputs.prediction = "p";
  DataBalance result = Analyze(table, inputs, R"({"sensitive_features": ["g"]})");
  EXPECT_EQ(result.positive_class(), "");
  EXPECT_EQ(result.feature_balance_size(), 0);
  EXPECT_NEAR(result.distribution_balance(0).kl_divergence(),
              2.0 / 3 * std::log(4.0 / 3) + 1.0 / 3 * std::log(2.0 / 3), kTolerance);
  EXPECT_EQ(result.aggregate_balance().num_groups(), 2);
}

TEST_F(DataBalancePluginTest, RefusesBadParameters) {
  auto validate = [](const std::string& params) {
    RunInputs inputs = AdultScoredInputs();
    inputs.params = ParseParams(params);
    return ValidateAnalyzer("data_balance", *scored_, inputs);
  };
  auto expect_refused = [](const absl::Status& status, const std::string& parameter) {
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    EXPECT_NE(status.message().find(parameter), std::string::npos) << status;
  };
  expect_refused(validate(R"({"sensitive_features": ["gender"]})"), "sensitive_features[0]: 'gender' is not a column");
  expect_refused(validate(R"({})"), "sensitive_features is required");
  expect_refused(validate(R"({"sensitive_features": []})"), "sensitive_features is empty, but it is required");
  expect_refused(validate(R"({"sensitive_features": ["sex", "sex"]})"), "'sex' is also");
  expect_refused(validate(R"({"sensitive_features": ["sex"], "epsilon": -1})"), "epsilon");
  EXPECT_TRUE(validate(R"({"sensitive_features": ["sex", "age"]})").ok());
  // Any column of the dataset may be a sensitive feature, the outcome columns too.
  EXPECT_TRUE(validate(R"({"sensitive_features": ["income", "prediction"]})").ok());
}

}  // namespace
}  // namespace glassbox::testing
