// The pieces of the causal analyzer on hand-worked cases and figures computed
// with numpy 1.24.2 / scipy 1.10.1 / scikit-learn 1.2.1.
#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <Eigen/QR>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "binned_features.h"
#include "boosted_trees.h"
#include "cross_fit.h"
#include "design.h"
#include "final_stage.h"
#include "folds.h"
#include "ridge.h"

namespace glassbox::plugins {
namespace {

using ::testing::ElementsAre;

TEST(FoldsTest, SplitMix64MatchesTheReferenceSequence) {
  // Vigna's splitmix64.c seeded with 0 starts 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f.
  SplitMix64 random(0);
  EXPECT_EQ(random.Next(), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(random.Next(), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(random.Next(), 0x06c45d188009454fULL);
}

TEST(FoldsTest, ShuffledKFoldChunks) {
  // The rule of folds.h replayed in Python (integers masked to 64 bits).
  EXPECT_THAT(AssignFolds(10, 3, 42), ElementsAre(ElementsAre(0, 5, 8, 9), ElementsAre(4, 6, 7), ElementsAre(1, 2, 3)));
  EXPECT_THAT(AssignFolds(7, 2, 0), ElementsAre(ElementsAre(1, 3, 5, 6), ElementsAre(0, 2, 4)));
}

TEST(FoldsTest, PartitionTheRowsWithKFoldSizes) {
  const auto folds = AssignFolds(1003, 5, 7);
  std::vector<int> seen(1003, 0);
  for (size_t k = 0; k < folds.size(); ++k) {
    EXPECT_EQ(folds[k].size(), k < 3 ? 201u : 200u);
    for (size_t row : folds[k]) ++seen[row];
  }
  EXPECT_THAT(seen, ::testing::Each(1));
}

sdk::Table MakeTable(std::vector<std::shared_ptr<const sdk::Column>> columns) {
  sdk::Table table;
  for (auto& column : columns) EXPECT_TRUE(table.AddColumn(std::move(column)).ok());
  return table;
}

std::vector<size_t> AllRows(size_t n) {
  std::vector<size_t> rows(n);
  for (size_t i = 0; i < n; ++i) rows[i] = i;
  return rows;
}

// z vectors of all rows as columns.
Eigen::MatrixXd DesignMatrix(const Design& design) {
  Eigen::MatrixXd z(design.num_entries(), static_cast<Eigen::Index>(design.num_rows()));
  const std::vector<size_t> positions = AllRows(design.num_rows());
  design.Fill(positions, z);
  return z;
}

TEST(RidgeTest, MatchesScikitLearnPipeline) {
  // make_pipeline(ColumnTransformer([("num", StandardScaler(), ["x1", "x2"]), ("cat",
  // OneHotEncoder(handle_unknown="ignore", sparse_output=False), ["c"])]), Ridge(alpha=0.5)) fitted on the
  // first 8 rows: its predictions for them and for the 9th row (x1 2.5, c "c", x2 9.5), scikit-learn 1.2.1.
  const sdk::Table table = MakeTable({sdk::Column::Numeric("x1", {1, 2, 4, 3, 5, 7, 6, 8, 2.5}),
                                      sdk::Column::Categorical("c", {"a", "b", "c"}, {0, 1, 0, 2, 1, 0, 2, 1, 2}),
                                      sdk::Column::Numeric("x2", {10, 9, 7, 8, 12, 11, 6, 5, 9.5})});
  Eigen::VectorXd y(9);
  y << 3, 1, 4, 1, 5, 9, 2, 6, 0;
  const std::vector<std::string> features = {"x1", "c", "x2"};
  const Design design(table, features, AllRows(9), y);
  const Eigen::MatrixXd z = DesignMatrix(design);
  const Eigen::MatrixXd moments = z.leftCols(8) * z.leftCols(8).transpose();
  const Eigen::VectorXd coefficients =
      FitRidge(moments, design.EntriesOf(features), design.outcome_entry(), design.numeric(), 0.5);
  // Predictions come back in the outcome's shifted scale: add its shift (the mean of y) back.
  const Eigen::VectorXd predictions = z.transpose() * coefficients + Eigen::VectorXd::Constant(9, y.mean());
  const double expected[] = {2.6490101514430826, 1.475757310386991, 4.221631424004082,
                             0.8607664403061532, 5.259309517686918, 8.373672120427164,
                             2.801876201990308,  5.3579768337553,   0.9671513840024746};
  for (int i = 0; i < 9; ++i) EXPECT_NEAR(predictions[i], expected[i], 1e-12) << "row " << i;
}

// Rows i = offset .. offset + n - 1 of x1 = 3 sin(0.37 i), x2 = cos(1.3 i + 0.5), x3 = 7 i mod 11 (ties),
// y = x1 + x2^2 + 0.3 x3 + sin(2.1 i), features × rows.
void TreeData(int n, int offset, Eigen::MatrixXd& x, Eigen::VectorXd& y) {
  x.resize(3, n);
  y.resize(n);
  for (int k = 0; k < n; ++k) {
    const double i = offset + k;
    x(0, k) = std::sin(i * 0.37) * 3;
    x(1, k) = std::cos(i * 1.3 + 0.5);
    x(2, k) = (static_cast<int>(i) * 7) % 11;
    y[k] = x(0, k) + x(1, k) * x(1, k) + 0.3 * x(2, k) + std::sin(i * 2.1);
  }
}

TEST(BoostedTreesTest, MatchesScikitLearn) {
  // scikit-learn 1.2.1 GradientBoostingRegressor(n_estimators=20, learning_rate=0.2, max_depth=3,
  // random_state=0) fitted on rows 0..199, predicting rows 200..209. (random_state only orders the
  // features searched, which decides ties between features giving the same partition of a small node:
  // with random_state=2 the last prediction is 3.071425261850735 instead.)
  Eigen::MatrixXd x, x_new;
  Eigen::VectorXd y, unused;
  TreeData(200, 0, x, y);
  TreeData(10, 200, x_new, unused);
  const BoostedTrees model = BoostedTrees::Fit(x, y, {.num_trees = 20, .learning_rate = 0.2, .max_depth = 3});
  const Eigen::VectorXd predictions = model.Predict(x_new);
  const double expected[] = {-1.233156340132607, 0.40200970254634505, 0.700208160006177,  0.8358080509816468,
                             3.06249687136968,   3.6091079927899883,  2.7541435735886335, 5.287657454289923,
                             5.121697626950139,  3.161649977640474};
  for (int i = 0; i < 10; ++i) EXPECT_NEAR(predictions[i], expected[i], 1e-12) << "row " << 200 + i;
}

TEST(BoostedTreesTest, DefaultsMatchScikitLearn) {
  // GradientBoostingRegressor(random_state=3): 100 trees, learning rate 0.1, depth 3. Row 200 depends on
  // how scikit-learn breaks a tie between features: -1.2069680822056754 with random_state 3 or 5 (the
  // lower feature index first, as here), -1.2301468045004067 with 0 or 2, -1.236277932991308 with 1,
  // -1.1737717937773469 with 4; the other rows agree for every random_state.
  Eigen::MatrixXd x, x_new;
  Eigen::VectorXd y, unused;
  TreeData(200, 0, x, y);
  TreeData(4, 200, x_new, unused);
  const BoostedTrees model = BoostedTrees::Fit(x, y, {});
  const Eigen::VectorXd new_predictions = model.Predict(x_new);
  const double expected_new[] = {-1.2069680822056754, 0.20271858667253406, 0.7245798344342215, 0.8602711146127441};
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(new_predictions[i], expected_new[i], 1e-12) << "row " << 200 + i;
  const Eigen::VectorXd fitted = model.Predict(x.leftCols(3));
  const double expected_fitted[] = {0.5710341857292678, 3.2131415653566697, 3.7009771334836428};
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(fitted[i], expected_fitted[i], 1e-12) << "row " << i;
}

TEST(BinnedFeaturesTest, FewValuesAreABinEachAndCloseValuesOne) {
  // 3.0 and 3.0000001f are within 1e-7 of each other (scikit-learn's FEATURE_THRESHOLD): one value.
  const std::vector<float> values = {5, 3, 3.0000001f, 1, 5, 2};
  BinnedFeatures binned(values.size());
  binned.AddNumeric(values);
  const BinnedFeature& feature = binned.feature(0);
  EXPECT_THAT(feature.low, ElementsAre(1, 2, 3, 5));
  EXPECT_THAT(feature.high, ElementsAre(1, 2, 3.0000001f, 5));
  EXPECT_EQ(feature.num_candidates, 3u);
  EXPECT_THAT(std::vector<uint8_t>(binned.codes(0).begin(), binned.codes(0).end()), ElementsAre(3, 2, 2, 0, 3, 1));
}

TEST(BinnedFeaturesTest, ManyValuesAreBinnedByCountAndRange) {
  // 10,000 distinct values 0..9999 shuffled: with 255 steps a bin closes at 10,000 / 255 = 39.2 rows or
  // 9,999 / 255 = 39.2 in value, so after 40 rows: 250 bins of 40, in order.
  std::vector<float> values(10000);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>((i * 7919) % values.size());
  BinnedFeatures binned(values.size());
  binned.AddNumeric(values);
  const BinnedFeature& feature = binned.feature(0);
  ASSERT_EQ(feature.num_bins, 250u);
  std::vector<int> counts(250);
  for (size_t i = 0; i < values.size(); ++i) {
    const uint8_t bin = binned.codes(0)[i];
    ++counts[bin];
    EXPECT_TRUE(feature.low[bin] <= values[i] && values[i] <= feature.high[bin]) << values[i];
  }
  for (int bin = 0; bin < 250; ++bin) {
    EXPECT_EQ(counts[bin], 40) << "bin " << bin;
    EXPECT_EQ(feature.low[bin], 40.0f * bin);
  }
}

TEST(BinnedFeaturesTest, SparseTailsKeepBinsOfTheirOwn) {
  // 1,000 values 0..999 and 5 far ones 10000, 20000, ..., 50000: by count alone the five would share a
  // bin with the top of 0..999; by range (a step of 50000 / steps > 196) each is a bin of its own.
  std::vector<float> values;
  for (int i = 0; i < 1000; ++i) values.push_back(static_cast<float>(i));
  for (int k = 1; k <= 5; ++k) values.push_back(10000.0f * k);
  BinnedFeatures binned(values.size());
  binned.AddNumeric(values);
  const BinnedFeature& feature = binned.feature(0);
  ASSERT_LE(feature.num_bins, 255u);
  for (int k = 1; k <= 5; ++k) {
    const uint8_t bin = binned.codes(0)[999 + k];
    EXPECT_EQ(feature.low[bin], 10000.0f * k);
    EXPECT_EQ(feature.high[bin], 10000.0f * k);
  }
}

TEST(BinnedFeaturesTest, ManyCategoriesAreChunksWithABinForTheRest) {
  // 300 categories: 254 in the first feature and 46 in the second, each with a bin for the others.
  std::vector<int32_t> codes = {0, 253, 254, 299};
  BinnedFeatures binned(codes.size());
  binned.AddCategorical(codes, 300);
  ASSERT_EQ(binned.num_features(), 2u);
  EXPECT_EQ(binned.feature(0).num_candidates, 254u);
  EXPECT_EQ(binned.feature(0).num_bins, 255u);
  EXPECT_EQ(binned.feature(1).num_candidates, 46u);
  EXPECT_EQ(binned.feature(1).num_bins, 47u);
  EXPECT_THAT(std::vector<uint8_t>(binned.codes(0).begin(), binned.codes(0).end()), ElementsAre(0, 253, 254, 254));
  EXPECT_THAT(std::vector<uint8_t>(binned.codes(1).begin(), binned.codes(1).end()), ElementsAre(46, 46, 0, 45));
}

TEST(BoostedTreesTest, CategoriesSplitAsTheirOneHotIndicators) {
  // A categorical feature of 5 categories and a numeric one; the same rows with the categories one-hot as
  // numeric 0/1 features (as the design writes them for ridge) grow the same trees.
  const int n = 300;
  std::vector<int32_t> codes(n);
  Eigen::MatrixXd one_hot = Eigen::MatrixXd::Zero(6, n);
  Eigen::VectorXf numeric(n);
  Eigen::VectorXd y(n);
  for (int i = 0; i < n; ++i) {
    codes[i] = (i * 3 + i / 7) % 5;
    numeric[i] = static_cast<float>(std::sin(i * 0.7));
    one_hot(codes[i], i) = 1;
    one_hot(5, i) = numeric[i];
    y[i] = (codes[i] == 2 ? 1.5 : 0.0) - (codes[i] == 4 ? 0.8 : 0.0) + numeric[i] + std::cos(i * 1.9) * 0.3;
  }
  BinnedFeatures binned(n);
  binned.AddCategorical(codes, 5);
  binned.AddNumeric({numeric.data(), static_cast<size_t>(n)});
  std::vector<uint32_t> rows(n);
  for (int i = 0; i < n; ++i) rows[i] = static_cast<uint32_t>(i);
  const std::vector<size_t> use = {0, 1};
  const BoostingOptions options{.num_trees = 30, .learning_rate = 0.2, .max_depth = 3};
  const Eigen::VectorXd categorical = BoostedTrees::Fit(binned, use, rows, y, options).Predict(binned, rows);
  const Eigen::VectorXd indicators = BoostedTrees::Fit(one_hot, y, options).Predict(one_hot);
  for (int i = 0; i < n; ++i) EXPECT_NEAR(categorical[i], indicators[i], 1e-12) << "row " << i;
  EXPECT_LT((categorical - y).norm(), 0.5 * (y.array() - y.mean()).matrix().norm());
}

TEST(BoostedTreesTest, QuantileBinsFindAStepWithinABin) {
  // y steps from 0 to 1 at x = 0.5 over 20,000 evenly spaced x in [0, 1): one split of depth 1 finds it to
  // within a bin (1/255 of the rows), so the tree predicts 0 below 0.5 - 2/255 and 1 above 0.5 + 2/255.
  const int n = 20000;
  Eigen::MatrixXd x(1, n);
  Eigen::VectorXd y(n);
  for (int i = 0; i < n; ++i) {
    x(0, i) = static_cast<double>((i * 7919) % n) / n;
    y[i] = x(0, i) >= 0.5 ? 1.0 : 0.0;
  }
  const BoostedTrees model = BoostedTrees::Fit(x, y, {.num_trees = 1, .learning_rate = 1.0, .max_depth = 1});
  Eigen::MatrixXd probe(1, 2);
  probe << 0.5 - 2.0 / 255, 0.5 + 2.0 / 255;
  const Eigen::VectorXd predictions = model.Predict(probe);
  EXPECT_NEAR(predictions[0], 0.0, 0.01);
  EXPECT_NEAR(predictions[1], 1.0, 0.01);
}

TEST(FinalStageTest, Hc0OnOneRegressorByHand) {
  // t = (1, 2, -1, 0.5), y = (2, 3, -1, 2): b = sum(t y) / sum(t^2) = 10 / 6.25 = 1.6;
  // e = (0.4, -0.2, 0.6, 1.2); var = sum(t^2 e^2) / sum(t^2)^2 = 1.04 / 39.0625 = 0.026624.
  Eigen::VectorXd t(4), y(4);
  t << 1, 2, -1, 0.5;
  y << 2, 3, -1, 2;
  const LinearFit fit = FitHc0(t, y);
  EXPECT_NEAR(fit.coefficients[0], 1.6, 1e-15);
  EXPECT_NEAR(fit.covariance(0, 0), 0.026624, 1e-15);
}

TEST(FinalStageTest, Hc0OnTwoRegressorsMatchesNumpy) {
  // inv = pinv(R'R); b = inv R'y; V = inv (R' diag(e^2) R) inv with numpy 1.24.2, as EconML's
  // StatsModelsLinearRegression(fit_intercept=False, cov_type="HC0") computes it.
  Eigen::MatrixXd r(5, 2);
  r << 1, 0.5, 2, -1, -1, 0, 0.5, 2, 3, 1;
  Eigen::VectorXd y(5);
  y << 2, 3, -1, 2, 4;
  const LinearFit fit = FitHc0(r, y);
  EXPECT_NEAR(fit.coefficients[0], 1.3754385964912283, 1e-14);
  EXPECT_NEAR(fit.coefficients[1], 0.4098245614035087, 1e-14);
  EXPECT_NEAR(fit.covariance(0, 0), 0.02324260021422885, 1e-15);
  EXPECT_NEAR(fit.covariance(0, 1), -0.01345048799354978, 1e-15);
  EXPECT_NEAR(fit.covariance(1, 0), -0.01345048799354978, 1e-15);
  EXPECT_NEAR(fit.covariance(1, 1), 0.05149412980531547, 1e-15);
}

TEST(FinalStageTest, NormalInferenceMatchesScipy) {
  // scipy 1.10.1: z = 1.6 / 0.5 = 3.2; p = 2 * norm.sf(3.2); norm.ppf(0.95) = 1.6448536269514722.
  const Inference inference = NormalInference(1.6, 0.5, 0.1);
  EXPECT_DOUBLE_EQ(inference.z, 3.2);
  EXPECT_NEAR(inference.p_value, 0.0013742758758316942, 1e-17);
  EXPECT_NEAR(inference.ci_lower, 0.777573186524264, 1e-14);
  EXPECT_NEAR(inference.ci_upper, 2.4224268134757363, 1e-14);
}

TEST(FinalStageTest, GroupEffectsByHand) {
  // Groups 0: t (1, 2), y (2, 3): b = 8/5, var = 8/625. Group 1: t (-1, 0.5, 2), y (-1, 2, 1):
  // b = 16/21, var = 608/9261 (exact fractions). Group 2 has one row, below min_rows = 2: no estimate.
  Eigen::VectorXd t(6), y(6);
  t << 1, 2, -1, 0.5, 2, 1;
  y << 2, 3, -1, 2, 1, 5;
  const std::vector<int32_t> groups = {0, 0, 1, 1, 1, 2};
  const auto effects = GroupEffects(y, t, groups, 3, 2, 0.05);
  ASSERT_EQ(effects.size(), 3u);
  ASSERT_TRUE(effects[0] && effects[1]);
  EXPECT_NEAR(effects[0]->point, 1.6, 1e-15);
  EXPECT_NEAR(effects[0]->standard_error, std::sqrt(8.0 / 625), 1e-15);
  EXPECT_NEAR(effects[1]->point, 16.0 / 21, 1e-15);
  EXPECT_NEAR(effects[1]->standard_error, std::sqrt(608.0 / 9261), 1e-15);
  EXPECT_FALSE(effects[2]);
}

// n rows of X1, X2 ~ N(0, 1), C uniform over three categories, T = 0.5 X1 + (C == "b") + N(0, 1),
// Y = 2 T + X1 - X2 + 0.5 (C == "c") + `noise` N(0, 1).
sdk::Table LinearData(size_t n, double noise, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::normal_distribution<double> normal;
  std::uniform_int_distribution<int32_t> category(0, 2);
  std::vector<double> x1(n), x2(n), t(n), y(n);
  std::vector<int32_t> c(n);
  for (size_t i = 0; i < n; ++i) {
    x1[i] = normal(random);
    x2[i] = normal(random);
    c[i] = category(random);
    t[i] = 0.5 * x1[i] + (c[i] == 1 ? 1.0 : 0.0) + normal(random);
    y[i] = 2 * t[i] + x1[i] - x2[i] + (c[i] == 2 ? 0.5 : 0.0) + noise * normal(random);
  }
  return MakeTable({sdk::Column::Numeric("x1", x1), sdk::Column::Numeric("x2", x2),
                    sdk::Column::Categorical("c", {"a", "b", "c"}, c), sdk::Column::Numeric("t", t),
                    sdk::Column::Numeric("y", y)});
}

const std::vector<std::string> kFeatures = {"t", "x1", "x2", "c"};
const std::vector<std::string> kConfounders = {"x1", "x2", "c"};

TEST(ResidualOnResidualTest, InSampleLinearNuisanceEqualsOls) {
  // Frisch-Waugh-Lovell: with the nuisance models fitted by least squares on all rows (ridge with a
  // vanishing penalty), the residual-on-residual slope is the coefficient of T in the OLS of Y on
  // (1, T, X1, X2, C == b, C == c), solved here by Householder QR.
  const sdk::Table table = LinearData(300, 1.0, 11);
  const size_t n = table.num_rows();
  const Design design(table, kFeatures, AllRows(n), table.Find("y")->vector());
  const Eigen::MatrixXd z = DesignMatrix(design);
  const Eigen::MatrixXd moments = z * z.transpose();
  const std::vector<int> predictors = design.EntriesOf(kConfounders);
  const int treatment = design.Find("t")->first;
  const Eigen::VectorXd y_coefficients = FitRidge(moments, predictors, design.outcome_entry(), design.numeric(), 1e-10);
  const Eigen::VectorXd t_coefficients = FitRidge(moments, predictors, treatment, design.numeric(), 1e-10);
  const Eigen::VectorXd y_residuals = z.row(design.outcome_entry()).transpose() - z.transpose() * y_coefficients;
  const Eigen::VectorXd t_residuals = z.row(treatment).transpose() - z.transpose() * t_coefficients;
  const Inference effect = AverageEffect(y_residuals, t_residuals, 0.05);

  Eigen::MatrixXd regressors(n, 6);
  const auto codes = table.Find("c")->codes();
  for (size_t i = 0; i < n; ++i) {
    regressors.row(static_cast<Eigen::Index>(i)) << 1, table.Find("t")->values()[i], table.Find("x1")->values()[i],
        table.Find("x2")->values()[i], codes[i] == 1 ? 1.0 : 0.0, codes[i] == 2 ? 1.0 : 0.0;
  }
  const Eigen::VectorXd ols = regressors.householderQr().solve(table.Find("y")->vector().eval());
  EXPECT_NEAR(effect.point, ols[1], 1e-8);
  EXPECT_NEAR(effect.point, 2, 0.2);
}

TEST(CrossFitTest, NoiselessOutcomeRecoversTheEffectExactly) {
  // With Y linear in (T, X) without noise and (nearly) unpenalized linear nuisance models, each
  // fold's outcome residual is exactly 2 times its treatment residual, whatever the fold's fit:
  // the estimate is 2 and its standard error 0, up to rounding.
  const sdk::Table table = LinearData(500, 0.0, 5);
  const size_t n = table.num_rows();
  const Design design(table, kFeatures, AllRows(n), table.Find("y")->vector());
  const std::vector<int> predictors = design.EntriesOf(kConfounders);
  const std::vector<NuisanceModel> models = {{predictors, design.outcome_entry()},
                                             {predictors, design.Find("t")->first}};
  NuisanceOptions options;
  options.ridge_alpha = 1e-10;
  absl::StatusOr<CrossFitResult> fitted = CrossFit(design, AssignFolds(n, 5, 3), models, options);
  ASSERT_TRUE(fitted.ok()) << fitted.status();
  const Inference effect = AverageEffect(fitted->residuals.col(0), fitted->residuals.col(1), 0.05);
  EXPECT_NEAR(effect.point, 2, 1e-8);
  EXPECT_LT(effect.standard_error, 1e-8);
}

TEST(CrossFitTest, ReportsEachFoldAndStopsWhenCancelled) {
  const sdk::Table table = LinearData(100, 1.0, 1);
  const Design design(table, kFeatures, AllRows(100), table.Find("y")->vector());
  const std::vector<NuisanceModel> models = {{design.EntriesOf(kConfounders), design.outcome_entry()}};
  const auto folds = AssignFolds(100, 4, 0);

  std::vector<double> fractions;
  CrossFitHooks hooks;
  hooks.progress = [&](double fraction, const std::string&) { fractions.push_back(fraction); };
  ASSERT_TRUE(CrossFit(design, folds, models, {}, hooks).ok());
  EXPECT_THAT(fractions, ElementsAre(0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0));

  int checks = 0;
  hooks.cancelled = [&] { return ++checks > 3; };
  EXPECT_EQ(CrossFit(design, folds, models, {}, hooks).status().code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(checks, 4);
}

}  // namespace
}  // namespace glassbox::plugins
