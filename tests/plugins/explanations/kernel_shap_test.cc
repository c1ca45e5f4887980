// KernelSHAP: SHAP 0.41's coalition choice and constrained regression, and
// the explainer on a real XGBoost model against the Shapley values computed
// from their definition.
#include "kernel_shap.h"

#include <atomic>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kernel_coalitions.h"
#include "synthetic_model.h"

namespace glassbox::plugins::explanations {
namespace {

int Size(const Coalitions& coalitions, Eigen::Index c) { return static_cast<int>(coalitions.masks.row(c).sum()); }

TEST(KernelCoalitionsTest, AutoBudgetForFourteenPlayersEnumeratesTheSmallestPairs) {
  // SHAP 0.41's explain() for M = 14: nsamples = 2 * 14 + 2048 = 2076; sizes
  // 1/13 (28 coalitions) and 2/12 (182) are enumerated, size 3/11 (728) is
  // not (budget share 0.715 < 1). Weights from its weight_vector, computed
  // with scipy.special.binom: 0.01209431471221901 per size-1/13 coalition,
  // 0.0010078595593515842 per size-2/12 one, 0.47792874825587944 left to the
  // 1866 drawn coalitions.
  Rng rng(7);
  const Coalitions coalitions = ChooseCoalitions(14, 0, rng);
  ASSERT_EQ(coalitions.masks.rows(), 2076);
  std::set<std::vector<double>> distinct;
  for (Eigen::Index c = 0; c < coalitions.masks.rows(); ++c) {
    const Eigen::VectorXd row = coalitions.masks.row(c);
    distinct.insert(std::vector<double>(row.data(), row.data() + row.size()));
    const int size = Size(coalitions, c);
    if (c < 28) {
      EXPECT_EQ(size, c % 2 == 0 ? 1 : 13);
      EXPECT_NEAR(coalitions.weights[c], 0.01209431471221901, 1e-15);
    } else if (c < 210) {
      EXPECT_EQ(size, c % 2 == 0 ? 2 : 12);
      EXPECT_NEAR(coalitions.weights[c], 0.0010078595593515842, 1e-15);
    } else {
      EXPECT_GE(size, 3);
      EXPECT_LE(size, 11);
    }
  }
  EXPECT_EQ(distinct.size(), 2076u);
  EXPECT_NEAR(coalitions.weights.tail(1866).sum(), 0.47792874825587944, 1e-12);
  EXPECT_NEAR(coalitions.weights.sum(), 1.0, 1e-12);
}

TEST(KernelCoalitionsTest, FullBudgetIsEveryCoalitionAtTheShapleyKernelWeight) {
  // With 2^M - 2 coalitions every proper non-empty subset appears once,
  // weighted by the Shapley kernel (M - 1) / (C(M, s) s (M - s)) up to scale.
  constexpr int kPlayers = 5;
  Rng rng(1);
  const Coalitions coalitions = ChooseCoalitions(kPlayers, 0, rng);
  ASSERT_EQ(coalitions.masks.rows(), 30);
  const double binomial[] = {1, 5, 10, 10, 5, 1};
  std::set<int> subsets;
  double scale = 0.0;
  for (Eigen::Index c = 0; c < coalitions.masks.rows(); ++c) {
    int bits = 0;
    for (int p = 0; p < kPlayers; ++p) bits |= coalitions.masks(c, p) != 0.0 ? 1 << p : 0;
    subsets.insert(bits);
    const int s = Size(coalitions, c);
    const double kernel = (kPlayers - 1.0) / (binomial[s] * s * (kPlayers - s));
    if (c == 0) scale = coalitions.weights[c] / kernel;
    EXPECT_NEAR(coalitions.weights[c], scale * kernel, 1e-15);
  }
  EXPECT_EQ(subsets.size(), 30u);
  EXPECT_NEAR(coalitions.weights.sum(), 1.0, 1e-12);
}

TEST(KernelCoalitionsTest, SameSeedSameCoalitions) {
  Rng a(3), b(3), c(4);
  const Coalitions first = ChooseCoalitions(12, 300, a);
  const Coalitions again = ChooseCoalitions(12, 300, b);
  const Coalitions other = ChooseCoalitions(12, 300, c);
  EXPECT_EQ(first.masks, again.masks);
  EXPECT_EQ(first.weights, again.weights);
  EXPECT_NE(first.masks, other.masks);
}

Coalitions EveryCoalition(int players) {
  Rng rng(0);
  return ChooseCoalitions(players, 0, rng);
}

TEST(SolveKernelShapTest, AdditiveGameGivesEachPlayerItsTerm) {
  const Coalitions coalitions = EveryCoalition(4);
  const Eigen::Vector4d terms(0.5, -2.0, 3.25, 0.0);
  const Eigen::MatrixXd values = coalitions.masks * terms;
  const Eigen::MatrixXd phi = SolveKernelShap(coalitions, values, Eigen::VectorXd::Constant(1, terms.sum()));
  for (int p = 0; p < 4; ++p) EXPECT_NEAR(phi(p, 0), terms[p], 1e-12);
}

TEST(SolveKernelShapTest, UnanimityGameSplitsEquallyAmongItsPlayers) {
  // v(S) = 1 when S holds players 0 and 1: textbook Shapley values 1/2, 1/2, 0, 0.
  const Coalitions coalitions = EveryCoalition(4);
  Eigen::MatrixXd values(coalitions.masks.rows(), 2);
  for (Eigen::Index c = 0; c < values.rows(); ++c) {
    values(c, 0) = coalitions.masks(c, 0) * coalitions.masks(c, 1);
    values(c, 1) = 3.0 * values(c, 0);  // A second output: three times the game.
  }
  const Eigen::MatrixXd phi = SolveKernelShap(coalitions, values, Eigen::Vector2d(1.0, 3.0));
  const double expected[] = {0.5, 0.5, 0.0, 0.0};
  for (int p = 0; p < 4; ++p) {
    EXPECT_NEAR(phi(p, 0), expected[p], 1e-12);
    EXPECT_NEAR(phi(p, 1), 3.0 * expected[p], 1e-12);
  }
}

absl::StatusOr<Eigen::VectorXd> ExplainOne(const KernelShap& explainer, size_t row) {
  const size_t rows[] = {row};
  absl::StatusOr<Eigen::MatrixXd> contributions = explainer.Explain(rows, 0, 0, Progress::Silent());
  if (!contributions.ok()) return contributions.status();
  return Eigen::VectorXd(contributions->row(0).transpose());
}

class KernelShapModelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new sdk::Table(testing::LinearData(2000, 11));
    model_ = testing::TrainLinearModel(*data_).release();
    const std::string names[] = {"x1", "x2", "x3"};
    features_ = new sdk::Table(*data_->SelectColumns(names));
  }

  static double Predict(const sdk::Table& table, size_t row) {
    const size_t rows[] = {row};
    return (*model_->Predict(table.SelectRows(rows)))(0, 0);
  }

  // The game's value from its definition: the mean prediction over the
  // background with the features in `coalition` (bits) set to `row`'s values.
  static double Value(const sdk::Table& features, size_t row, const std::vector<size_t>& background, int coalition) {
    sdk::Table synthetic;
    for (int f = 0; f < 3; ++f) {
      const sdk::Column& column = features.column(f);
      std::vector<double> values;
      for (size_t b : background) values.push_back(column.values()[(coalition >> f) & 1 ? row : b]);
      EXPECT_TRUE(synthetic.AddColumn(sdk::Column::Numeric(column.name(), values)).ok());
    }
    return model_->Predict(synthetic)->col(0).mean();
  }

  static std::vector<size_t> Background(size_t count) {
    std::vector<size_t> rows;
    for (size_t r = 0; r < count; ++r) rows.push_back(1000 + 7 * r);
    return rows;
  }

  // Checks KernelSHAP with every coalition against the Shapley values of the
  // game from their definition, on `rows` of `features`.
  static void ExpectExactShapleyValues(const sdk::Table& features, const std::vector<size_t>& rows) {
    const std::vector<size_t> background = Background(25);
    auto explainer = KernelShap::Create(*model_, features, background, {0});
    ASSERT_TRUE(explainer.ok()) << explainer.status();
    EXPECT_NEAR(explainer->expected_value()[0], Value(features, 0, background, 0), 1e-12);
    const double factorial[] = {1, 1, 2, 6};
    for (size_t row : rows) {
      auto contributions = ExplainOne(*explainer, row);
      ASSERT_TRUE(contributions.ok()) << contributions.status();
      ASSERT_EQ(contributions->size(), 4);
      for (int i = 0; i < 3; ++i) {
        // phi_i = sum over S not holding i of |S|! (M - |S| - 1)! / M! (v(S + i) - v(S)).
        double phi = 0.0;
        for (int s = 0; s < 8; ++s) {
          if (s >> i & 1) continue;
          const int size = __builtin_popcount(s);
          phi += factorial[size] * factorial[2 - size] / factorial[3] *
                 (Value(features, row, background, s | 1 << i) - Value(features, row, background, s));
        }
        EXPECT_NEAR((*contributions)[i], phi, 1e-9) << "row " << row << " feature " << i;
      }
      EXPECT_EQ((*contributions)[3], explainer->expected_value()[0]);
      EXPECT_NEAR(contributions->head(3).sum(), Predict(features, row) - explainer->expected_value()[0], 1e-9);
    }
  }

  static sdk::Table* data_;
  static daemon::XgboostModel* model_;
  static sdk::Table* features_;
};

sdk::Table* KernelShapModelTest::data_ = nullptr;
daemon::XgboostModel* KernelShapModelTest::model_ = nullptr;
sdk::Table* KernelShapModelTest::features_ = nullptr;

TEST_F(KernelShapModelTest, EveryCoalitionGivesTheExactShapleyValues) {
  ExpectExactShapleyValues(*features_, {0, 1, 2, 3, 4});
}

TEST_F(KernelShapModelTest, InputsSharedAcrossCoalitionsGiveTheExactShapleyValuesToo) {
  // x2 on a grid of three values: background rows often hold the explained
  // row's x2, so coalitions with and without x2 share inputs.
  std::vector<double> coarse;
  for (double x2 : features_->column(1).values()) coarse.push_back(std::round(2.0 * x2) / 2.0);
  sdk::Table features = *features_;
  ASSERT_TRUE(features.ReplaceColumn(sdk::Column::Numeric("x2", coarse)).ok());
  ExpectExactShapleyValues(features, {0, 1, 2, 3, 4, 5, 6, 7});
}

TEST_F(KernelShapModelTest, RecoversTheLinearCoefficientsTimesTheDeviationFromTheBackgroundMean) {
  // y = 2 x1 - x2 + noise: the interventional Shapley value of an additive
  // model is each term minus its background mean, so phi_1 ~ 2 (x1 - mean x1),
  // phi_2 ~ -(x2 - mean x2), phi_3 ~ 0, up to the trees' fit of the line.
  const std::vector<size_t> background = Background(100);
  auto explainer = KernelShap::Create(*model_, *features_, background, {0});
  ASSERT_TRUE(explainer.ok()) << explainer.status();
  double mean[3] = {0, 0, 0};
  for (size_t b : background) {
    for (int f = 0; f < 3; ++f) mean[f] += features_->column(f).values()[b] / background.size();
  }
  for (size_t row = 0; row < 20; ++row) {
    auto contributions = ExplainOne(*explainer, row);
    ASSERT_TRUE(contributions.ok()) << contributions.status();
    const double x1 = features_->column(0).values()[row];
    const double x2 = features_->column(1).values()[row];
    EXPECT_NEAR((*contributions)[0], 2.0 * (x1 - mean[0]), 0.1) << "row " << row;
    EXPECT_NEAR((*contributions)[1], -(x2 - mean[1]), 0.1) << "row " << row;
    EXPECT_NEAR((*contributions)[2], 0.0, 0.02) << "row " << row;
  }
}

TEST_F(KernelShapModelTest, FeatureEqualToTheRowInEveryBackgroundRowGetsZero) {
  sdk::Table constant_x3 = *features_;
  ASSERT_TRUE(constant_x3.ReplaceColumn(sdk::Column::Numeric("x3", std::vector<double>(2000, 0.5))).ok());
  auto explainer = KernelShap::Create(*model_, constant_x3, Background(30), {0});
  ASSERT_TRUE(explainer.ok()) << explainer.status();
  auto contributions = ExplainOne(*explainer, 5);
  ASSERT_TRUE(contributions.ok()) << contributions.status();
  EXPECT_EQ((*contributions)[2], 0.0);
  EXPECT_NEAR(contributions->head(3).sum(), Predict(constant_x3, 5) - explainer->expected_value()[0], 1e-9);
}

TEST_F(KernelShapModelTest, StopsWhenCancelled) {
  auto explainer = KernelShap::Create(*model_, *features_, Background(30), {0});
  ASSERT_TRUE(explainer.ok()) << explainer.status();
  std::atomic<bool> cancel{true};
  sdk::AnalysisContext context;
  context.cancel_requested = &cancel;
  const size_t rows[] = {1, 2};
  EXPECT_EQ(explainer->Explain(rows, 0, 0, Progress(context)).status().code(), absl::StatusCode::kCancelled);
}

}  // namespace
}  // namespace glassbox::plugins::explanations
