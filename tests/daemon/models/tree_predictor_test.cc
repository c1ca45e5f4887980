#include "daemon/models/tree_predictor.h"

#include <xgboost/c_api.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "daemon/models/probe_rows.h"
#include "daemon/models/tree_ensemble.h"
#include "daemon/models/xgboost_c_api.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/daemon/models/libxgboost_oracle.h"
#include "tests/daemon/models/model_test_files.h"
#include "tests/support/adult_model.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::daemon {
namespace {

using ::glassbox::testing::DatasetPath;
using ::glassbox::testing::ReadFileBytes;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

// The booster's trees as libxgboost saves them in JSON (the form ParseXgboostJson reads, whatever the file's).
TreeEnsemble TreesOf(BoosterHandle booster) {
  bst_ulong length = 0;
  const char* json = nullptr;
  EXPECT_EQ(XGBoosterSaveModelToBuffer(booster, R"({"format": "json"})", &length, &json), 0) << XGBGetLastError();
  absl::StatusOr<TreeEnsemble> ensemble = ParseXgboostJson(std::string_view(json, length));
  EXPECT_TRUE(ensemble.ok()) << ensemble.status();
  return ensemble.ok() ? *std::move(ensemble) : TreeEnsemble{};
}

std::vector<float> Native(const TreeEnsemble& ensemble, const FloatRows& rows, TreePredictor::Output output) {
  absl::StatusOr<TreePredictor> predictor = TreePredictor::Create(ensemble, output);
  EXPECT_TRUE(predictor.ok()) << predictor.status();
  if (!predictor.ok()) return {};
  std::vector<float> out(rows.num_rows * predictor->num_groups());
  predictor->Predict(rows.values.data(), rows.num_rows, out.data());
  return out;
}

// Equal to the bit, row by row.
void ExpectSameFloats(const std::vector<float>& ours, const std::vector<float>& theirs, size_t width) {
  ASSERT_EQ(ours.size(), theirs.size());
  for (size_t i = 0; i < ours.size(); ++i) {
    ASSERT_EQ(std::memcmp(&ours[i], &theirs[i], sizeof(float)), 0)
        << "row " << i / width << ", output " << i % width << ": " << ours[i] << " against libxgboost's " << theirs[i];
  }
}

// Both outputs of the native evaluator against libxgboost's in-place prediction (and through a DMatrix).
void ExpectEqualToLibxgboost(BoosterHandle booster, const FloatRows& rows, bool with_dmatrix = false) {
  const TreeEnsemble ensemble = TreesOf(booster);
  for (TreePredictor::Output output : {TreePredictor::Output::kMargin, TreePredictor::Output::kPrediction}) {
    SCOPED_TRACE(absl::StrCat(ensemble.objective, output == TreePredictor::Output::kMargin ? " margins" : ""));
    const std::vector<float> ours = Native(ensemble, rows, output);
    const bool margins = output == TreePredictor::Output::kMargin;
    ExpectSameFloats(ours, LibxgboostInplace(booster, rows, margins), ensemble.num_groups);
    if (with_dmatrix) ExpectSameFloats(ours, LibxgboostDMatrix(booster, rows, margins), ensemble.num_groups);
  }
}

// PredictVariants of `rows` changed in each feature in turn, twice in a row as permutation importance does (its
// column reversed, then rotated by a third: moved across the splits, with the ranges of its paths reused), and
// in none, against Predict of each changed matrix, both outputs.
void ExpectVariantsEqualToPredict(const TreeEnsemble& ensemble, const FloatRows& rows) {
  const size_t width = ensemble.num_features, n = rows.num_rows;
  std::vector<std::vector<float>> matrices, new_columns;
  std::vector<size_t> changed;
  for (size_t f = 0; f <= width; ++f) {
    for (size_t shift : {size_t{0}, n / 3}) {
      if (f == width && shift != 0) continue;
      std::vector<float>& matrix = matrices.emplace_back(rows.values);
      std::vector<float>& column = new_columns.emplace_back(n, 0.0f);
      for (size_t r = 0; f < width && r < n; ++r) {
        column[r] = rows.values[((n - 1 - r + shift) % n) * width + f];
        matrix[r * width + f] = column[r];
      }
      changed.push_back(f);
    }
  }
  std::vector<const float*> variants;
  for (const std::vector<float>& column : new_columns) variants.push_back(column.data());
  for (TreePredictor::Output output : {TreePredictor::Output::kMargin, TreePredictor::Output::kPrediction}) {
    absl::StatusOr<TreePredictor> predictor = TreePredictor::Create(ensemble, output);
    ASSERT_TRUE(predictor.ok()) << predictor.status();
    const size_t groups = predictor->num_groups();
    std::vector<float> ours(matrices.size() * n * groups);
    predictor->PredictVariants(rows.values.data(), variants, changed, n, ours.data());
    for (size_t v = 0; v < matrices.size(); ++v) {
      SCOPED_TRACE(absl::StrCat("feature ", changed[v], output == TreePredictor::Output::kMargin ? ", margins" : ""));
      std::vector<float> theirs(n * groups);
      predictor->Predict(matrices[v].data(), n, theirs.data());
      ExpectSameFloats(std::vector<float>(ours.begin() + v * n * groups, ours.begin() + (v + 1) * n * groups), theirs,
                       groups);
    }
  }
}

FloatRows Probe(const TreeEnsemble& ensemble, size_t num_rows) {
  return FloatRows{ensemble.num_features, num_rows, ProbeRows(ensemble, num_rows)};
}

// Probe rows, then rows where one feature at a time takes values no split names: infinities, negative zero,
// a code past any category set, a code that is not an integer, a code past float's exact integers.
FloatRows ProbeAndEdgeRows(const TreeEnsemble& ensemble) {
  FloatRows rows = Probe(ensemble, 4000);
  const FloatRows base = Probe(ensemble, 1);
  for (float edge : {kInf, -kInf, -0.0f, 1e30f, -1e30f, 2.5f, 1e9f, 16777216.0f, 16777217.0f, -0.5f}) {
    for (size_t f = 0; f < ensemble.num_features; ++f) {
      std::vector<float> row = base.values;
      row[f] = edge;
      rows.values.insert(rows.values.end(), row.begin(), row.end());
      ++rows.num_rows;
    }
  }
  return rows;
}

TEST(TreePredictorTest, EqualsLibxgboostOnEveryAdultRow) {
  const BoosterPtr booster = LoadBooster(ReadFileBytes(DatasetPath("adult_xgb.json")));
  for (const char* dataset : {"adult.csv", "adult_test_scored.csv"}) {
    SCOPED_TRACE(dataset);
    const FloatRows rows = EncodeAdultRows(dataset);
    ASSERT_GT(rows.num_rows, 10000u);
    ExpectEqualToLibxgboost(booster.get(), rows, /*with_dmatrix=*/true);
  }
}

TEST(TreePredictorTest, EqualsLibxgboostOnAdultsSplitValues) {
  const BoosterPtr booster = LoadBooster(ReadFileBytes(DatasetPath("adult_xgb.json")));
  ExpectEqualToLibxgboost(booster.get(), ProbeAndEdgeRows(TreesOf(booster.get())));
}

TEST(TreePredictorTest, EqualsLibxgboostOnTheTestModels) {
  // diabetes_reg.json (reg:squarederror) and iris_softprob.ubj (multi:softprob): see xgboost_model_test.cc.
  for (const char* file : {"diabetes_reg.json", "iris_softprob.ubj"}) {
    SCOPED_TRACE(file);
    const BoosterPtr booster = LoadBooster(ReadFileBytes(TestData(file)));
    ExpectEqualToLibxgboost(booster.get(), ProbeAndEdgeRows(TreesOf(booster.get())));
  }
}

TEST(TreePredictorTest, GivesMulticlassMarginsButNotArgmaxPredictions) {
  // iris_softmax.json: multi:softmax, whose libxgboost prediction is the index of the largest margin.
  const BoosterPtr booster = LoadBooster(ReadFileBytes(TestData("iris_softmax.json")));
  const TreeEnsemble ensemble = TreesOf(booster.get());
  const FloatRows rows = ProbeAndEdgeRows(ensemble);
  ExpectSameFloats(Native(ensemble, rows, TreePredictor::Output::kMargin),
                   LibxgboostInplace(booster.get(), rows, /*margins=*/true), 3);
  EXPECT_EQ(TreePredictor::Create(ensemble, TreePredictor::Output::kPrediction).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

// Rows of four features: a numeric one with missing values, a categorical one of 10 categories, small integers
// (values on the thresholds), and a categorical one of 40 categories (partition splits); and a score of them.
struct TrainingData {
  FloatRows rows;
  std::vector<float> score;
};

TrainingData SyntheticData() {
  std::mt19937 random(7);
  auto uniform = [&random] { return static_cast<float>(random()) / 4294967296.0f; };
  const float effect10[10] = {0.3f, -1.2f, 0.8f, 0.0f, 1.5f, -0.4f, 0.9f, -2.0f, 0.1f, 0.6f};
  TrainingData data;
  data.rows.num_features = 4;
  data.rows.num_rows = 3000;
  for (size_t r = 0; r < data.rows.num_rows; ++r) {
    const float x0 = uniform() < 0.15f ? kNaN : 6.0f * uniform() - 3.0f;
    const float x1 = uniform() < 0.1f ? kNaN : std::floor(10.0f * uniform());
    const float x2 = std::floor(6.0f * uniform());
    const float x3 = std::floor(40.0f * uniform());
    data.rows.values.insert(data.rows.values.end(), {x0, x1, x2, x3});
    float score = (std::isnan(x0) ? 1.0f : x0) + (std::isnan(x1) ? -0.5f : effect10[static_cast<int>(x1)]) +
                  0.4f * x2 + (static_cast<int>(x3) % 3 == 0 ? 1.0f : -0.5f) + 0.5f * (uniform() - 0.5f);
    data.score.push_back(score);
  }
  return data;
}

// A booster trained by libxgboost on the synthetic rows, with labels `label(score)`.
template <typename Label>
BoosterPtr Train(const TrainingData& data, const std::vector<std::pair<const char*, const char*>>& params,
                 Label label) {
  DMatrixHandle handle = nullptr;
  EXPECT_EQ(XGDMatrixCreateFromMat(data.rows.values.data(), data.rows.num_rows, data.rows.num_features, kNaN, &handle),
            0);
  DMatrixPtr dtrain(handle);
  std::vector<float> labels;
  for (float score : data.score) labels.push_back(label(score));
  EXPECT_EQ(XGDMatrixSetFloatInfo(handle, "label", labels.data(), labels.size()), 0);
  const char* types[] = {"q", "c", "q", "c"};
  EXPECT_EQ(XGDMatrixSetStrFeatureInfo(handle, "feature_type", types, 4), 0) << XGBGetLastError();
  BoosterHandle booster_handle = nullptr;
  EXPECT_EQ(XGBoosterCreate(&handle, 1, &booster_handle), 0);
  BoosterPtr booster(booster_handle);
  for (const auto& [name, value] : std::vector<std::pair<const char*, const char*>>{
           {"tree_method", "hist"}, {"max_depth", "5"}, {"eta", "0.3"}, {"nthread", "1"}, {"seed", "0"}}) {
    EXPECT_EQ(XGBoosterSetParam(booster_handle, name, value), 0);
  }
  for (const auto& [name, value] : params) EXPECT_EQ(XGBoosterSetParam(booster_handle, name, value), 0);
  for (int round = 0; round < 12; ++round) {
    EXPECT_EQ(XGBoosterUpdateOneIter(booster_handle, round, handle), 0) << XGBGetLastError();
  }
  return booster;
}

TEST(TreePredictorTest, EqualsLibxgboostForEveryObjective) {
  const TrainingData data = SyntheticData();
  struct Objective {
    const char* name;
    float (*label)(float score);
  };
  const std::vector<Objective> objectives = {
      {"reg:squarederror", [](float s) { return s; }},
      {"reg:pseudohubererror", [](float s) { return s; }},
      {"reg:absoluteerror", [](float s) { return s; }},
      {"reg:squaredlogerror", [](float s) { return std::exp(s); }},
      {"reg:logistic", [](float s) { return 1.0f / (1.0f + std::exp(-s)); }},
      {"binary:logistic", [](float s) { return s > 0.5f ? 1.0f : 0.0f; }},
      {"binary:logitraw", [](float s) { return s > 0.5f ? 1.0f : 0.0f; }},
      {"count:poisson", [](float s) { return std::round(std::exp(s)); }},
      {"reg:gamma", [](float s) { return std::exp(s); }},
      {"reg:tweedie", [](float s) { return s > 0.0f ? std::exp(s) : 0.0f; }},
  };
  for (const Objective& objective : objectives) {
    SCOPED_TRACE(objective.name);
    const BoosterPtr booster = Train(data, {{"objective", objective.name}}, objective.label);
    const TreeEnsemble ensemble = TreesOf(booster.get());
    ASSERT_EQ(ensemble.objective, objective.name);
    // Both categorical features are split on as categories.
    EXPECT_GE(ensemble.max_category[1], 0);
    EXPECT_GE(ensemble.max_category[3], 0);
    ExpectEqualToLibxgboost(booster.get(), data.rows);
    ExpectEqualToLibxgboost(booster.get(), ProbeAndEdgeRows(ensemble));
  }
  const BoosterPtr multiclass = Train(data, {{"objective", "multi:softprob"}, {"num_class", "3"}},
                                      [](float s) { return s < 0.0f ? 0.0f : s < 1.5f ? 1.0f : 2.0f; });
  const TreeEnsemble ensemble = TreesOf(multiclass.get());
  ASSERT_EQ(ensemble.num_groups, 3);
  ExpectEqualToLibxgboost(multiclass.get(), data.rows);
  ExpectEqualToLibxgboost(multiclass.get(), ProbeAndEdgeRows(ensemble));
}

TEST(TreePredictorTest, PredictVariantsEqualsPredictOfEachVariant) {
  const BoosterPtr adult = LoadBooster(ReadFileBytes(DatasetPath("adult_xgb.json")));
  ExpectVariantsEqualToPredict(TreesOf(adult.get()), EncodeAdultRows("adult.csv"));
  for (const char* file : {"diabetes_reg.json", "iris_softprob.ubj"}) {
    SCOPED_TRACE(file);
    const TreeEnsemble ensemble = TreesOf(LoadBooster(ReadFileBytes(TestData(file))).get());
    ExpectVariantsEqualToPredict(ensemble, ProbeAndEdgeRows(ensemble));
  }
  const TrainingData data = SyntheticData();
  const BoosterPtr multiclass = Train(data, {{"objective", "multi:softprob"}, {"num_class", "3"}},
                                      [](float s) { return s < 0.0f ? 0.0f : s < 1.5f ? 1.0f : 2.0f; });
  ExpectVariantsEqualToPredict(TreesOf(multiclass.get()), data.rows);
}

TEST(TreePredictorTest, ScoresNoRowsAndSingleLeafTrees) {
  // A base margin and trees of one leaf each: no split gains the loss asked of it.
  const TrainingData data = SyntheticData();
  const BoosterPtr booster =
      Train(data, {{"objective", "reg:squarederror"}, {"min_split_loss", "1e9"}}, [](float s) { return s; });
  const TreeEnsemble ensemble = TreesOf(booster.get());
  ASSERT_TRUE(ensemble.trees[0].is_leaf(0));
  ExpectEqualToLibxgboost(booster.get(), ProbeAndEdgeRows(ensemble));
  absl::StatusOr<TreePredictor> predictor = TreePredictor::Create(ensemble, TreePredictor::Output::kPrediction);
  ASSERT_TRUE(predictor.ok());
  predictor->Predict(nullptr, 0, nullptr);
}

TEST(TreePredictorTest, RefusesATreeWhoseNodesShareAChild) {
  TreeEnsemble ensemble = TreesOf(LoadBooster(ReadFileBytes(DatasetPath("adult_xgb.json"))).get());
  Tree& tree = ensemble.trees[0];
  ASSERT_FALSE(tree.is_leaf(1));
  tree.right[0] = tree.left[1];
  EXPECT_EQ(TreePredictor::Create(ensemble, TreePredictor::Output::kMargin).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(ProbeRowsTest, TakesTheSplitValuesAndMissingOnes) {
  const TreeEnsemble ensemble = TreesOf(LoadBooster(ReadFileBytes(DatasetPath("adult_xgb.json"))).get());
  const std::vector<float> rows = ProbeRows(ensemble, 500);
  ASSERT_EQ(rows.size(), 500 * ensemble.num_features);
  const std::vector<float> again = ProbeRows(ensemble, 500);
  EXPECT_EQ(std::memcmp(rows.data(), again.data(), rows.size() * sizeof(float)), 0);
  // age (feature 0): numeric, its values thresholds or the float below one; native-country (13): codes -1 to 41.
  std::vector<float> age_values;
  for (const Tree& tree : ensemble.trees) {
    for (size_t node = 0; node < tree.left.size(); ++node) {
      if (!tree.is_leaf(node) && tree.feature[node] == 0) {
        age_values.insert(age_values.end(), {tree.threshold[node], std::nextafter(tree.threshold[node], -kInf)});
      }
    }
  }
  size_t missing = 0;
  for (size_t r = 0; r < 500; ++r) {
    const float age = rows[r * ensemble.num_features];
    const float country = rows[r * ensemble.num_features + 13];
    missing += std::isnan(age);
    if (!std::isnan(age)) {
      EXPECT_THAT(age_values, ::testing::Contains(age));
    }
    if (!std::isnan(country)) {
      EXPECT_EQ(country, std::floor(country));
      EXPECT_GE(country, -1.0f);
      EXPECT_LE(country, 41.0f);
    }
  }
  EXPECT_GT(missing, 0u);
  EXPECT_LT(missing, 250u);
}

}  // namespace
}  // namespace glassbox::daemon
