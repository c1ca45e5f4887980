#include "daemon/models/tree_shap.h"

#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_replace.h"
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
using ::testing::HasSubstr;

constexpr size_t kTableBudget = size_t{1} << 23;

// A model file's bytes, its TreeShap, and rows of float features to explain.
struct Case {
  std::string model_bytes;
  size_t num_features = 0;
  size_t num_rows = 0;
  std::vector<float> rows;
};

// adult_test_scored.csv encoded for adult_xgb.json.
Case AdultCase() {
  FloatRows scored = EncodeAdultRows("adult_test_scored.csv");
  Case c;
  c.model_bytes = ReadFileBytes(DatasetPath("adult_xgb.json"));
  c.num_features = scored.num_features;
  c.num_rows = scored.num_rows;
  c.rows = std::move(scored.values);
  return c;
}

// A model of numeric features on a grid of rows with missing values mixed in.
Case GridCase(const std::string& file, size_t num_features, float low, float high) {
  Case c;
  c.model_bytes = ReadFileBytes(TestData(file));
  c.num_features = num_features;
  c.num_rows = 200;
  for (size_t r = 0; r < c.num_rows; ++r) {
    for (size_t j = 0; j < num_features; ++j) {
      const size_t k = (r * 7 + j * 13) % 23;
      c.rows.push_back(k == 0 ? NAN : low + (high - low) * static_cast<float>(k) / 22.0f);
    }
  }
  return c;
}

std::vector<double> Explain(const TreeShap& shap, const Case& c) {
  std::vector<double> out(c.num_rows * shap.width());
  shap.Explain(c.rows.data(), c.num_rows, out.data());
  return out;
}

// libxgboost's pred_contribs on the same float rows.
std::vector<float> LibxgboostContributions(const Case& c) {
  const BoosterPtr booster = LoadBooster(c.model_bytes);
  absl::StatusOr<DMatrixPtr> dmatrix = CreateDenseDMatrix(c.rows.data(), c.num_rows, c.num_features);
  EXPECT_TRUE(dmatrix.ok());
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* result = nullptr;
  EXPECT_EQ(XGBoosterPredictFromDMatrix(
                booster.get(), dmatrix->get(),
                R"({"type": 2, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": true})",
                &shape, &dims, &result),
            0)
      << XGBGetLastError();
  size_t size = 1;
  for (bst_ulong d = 0; d < dims; ++d) size *= shape[d];
  return std::vector<float>(result, result + size);
}

// Shapley values by their definition (Lundberg, Erion & Lee 2018, eq. 1 and
// Algorithm 1): f_S(x) = the trees' output following x on the features in S
// and splitting by training cover on the others; phi_i = sum over S without i
// of |S|! (M - |S| - 1)! / M! (f_{S+i} - f_S). Exponential in M; the bias is f_{}.
std::vector<double> BruteForceShapley(const TreeEnsemble& ensemble, const float* row) {
  const size_t m = ensemble.num_features;
  const size_t stride = m + 1;
  std::vector<double> phi(ensemble.num_groups * stride, 0.0);
  std::function<double(const Tree&, int32_t, uint32_t)> expected = [&](const Tree& tree, int32_t node, uint32_t known) {
    if (tree.is_leaf(node)) return static_cast<double>(tree.threshold[node]);
    const int32_t left = tree.left[node], right = tree.right[node];
    if ((known >> tree.feature[node]) & 1u) {
      return expected(tree, tree.GoesLeft(node, row[tree.feature[node]]) ? left : right, known);
    }
    return (expected(tree, left, known) * tree.cover[left] + expected(tree, right, known) * tree.cover[right]) /
           tree.cover[node];
  };
  std::vector<double> weight(m);
  for (size_t s = 0; s < m; ++s) weight[s] = std::tgamma(s + 1) * std::tgamma(m - s) / std::tgamma(m + 1);
  for (const Tree& tree : ensemble.trees) {
    std::vector<double> f(size_t{1} << m);
    for (uint32_t known = 0; known < f.size(); ++known) f[known] = expected(tree, 0, known);
    double* group = phi.data() + tree.group * stride;
    group[m] += f[0];
    for (uint32_t known = 0; known < f.size(); ++known) {
      for (size_t i = 0; i < m; ++i) {
        if ((known >> i) & 1u) continue;
        group[i] += weight[__builtin_popcount(known)] * (f[known | (1u << i)] - f[known]);
      }
    }
  }
  for (int g = 0; g < ensemble.num_groups; ++g) phi[g * stride + m] += ensemble.base_margin;
  return phi;
}

absl::StatusOr<TreeShap> ShapOf(const Case& c) {
  absl::StatusOr<TreeEnsemble> ensemble = ParseXgboostJson(c.model_bytes);
  if (!ensemble.ok()) return ensemble.status();
  return TreeShap::Create(*std::move(ensemble), kTableBudget);
}

// libxgboost sums in float32, so agreement is to 1e-6 relative to the row's
// largest value (its bias: the base score and tree means) when that exceeds 1.
void ExpectEqualToLibxgboost(const Case& c) {
  absl::StatusOr<TreeShap> shap = ShapOf(c);
  ASSERT_TRUE(shap.ok()) << shap.status();
  const std::vector<double> ours = Explain(*shap, c);
  const std::vector<float> theirs = LibxgboostContributions(c);
  ASSERT_EQ(ours.size(), theirs.size());
  const size_t width = shap->width();
  for (size_t r = 0; r < c.num_rows; ++r) {
    double scale = 1.0;
    for (size_t j = 0; j < width; ++j) scale = std::max<double>(scale, std::abs(theirs[r * width + j]));
    for (size_t j = 0; j < width; ++j) {
      ASSERT_NEAR(ours[r * width + j], theirs[r * width + j], 1e-6 * scale) << "row " << r << ", value " << j;
    }
  }
}

TEST(TreeShapTest, EqualsLibxgboostOnEveryAdultRow) { ExpectEqualToLibxgboost(AdultCase()); }

TEST(TreeShapTest, EqualsLibxgboostOnAMulticlassModel) {
  ExpectEqualToLibxgboost(GridCase("iris_softmax.json", 4, 0.0f, 8.0f));
}

TEST(TreeShapTest, EqualsLibxgboostOnARegressionModel) {
  ExpectEqualToLibxgboost(GridCase("diabetes_reg.json", 10, -0.1f, 0.1f));
}

void ExpectEqualToTheDefinition(const Case& c, const std::vector<size_t>& rows) {
  absl::StatusOr<TreeEnsemble> ensemble = ParseXgboostJson(c.model_bytes);
  ASSERT_TRUE(ensemble.ok());
  absl::StatusOr<TreeShap> shap = TreeShap::Create(*ensemble, kTableBudget);
  ASSERT_TRUE(shap.ok());
  for (size_t r : rows) {
    const float* row = c.rows.data() + r * c.num_features;
    std::vector<double> ours(shap->width());
    shap->Explain(row, 1, ours.data());
    const std::vector<double> definition = BruteForceShapley(*ensemble, row);
    for (size_t j = 0; j < ours.size(); ++j) EXPECT_NEAR(ours[j], definition[j], 1e-9) << "row " << r << ", " << j;
  }
}

TEST(TreeShapTest, EqualsTheShapleyDefinition) {
  // Adult row 5362 is the only "Holand-Netherlands" row; grid rows 0 and 23 have missing values.
  ExpectEqualToTheDefinition(AdultCase(), {0, 14, 5362});
  ExpectEqualToTheDefinition(GridCase("iris_softmax.json", 4, 0.0f, 8.0f), {0, 1, 2, 23, 150});
  ExpectEqualToTheDefinition(GridCase("diabetes_reg.json", 10, -0.1f, 0.1f), {0, 1, 2, 23, 150});
}

// Lundberg's path algorithm (path_tree_shap.h) takes the trees past the tables'
// budget: with none tabulated, or the first few, the values equal the tables'
// to 1e-9 relative to the row's largest value, on every Adult row.
TEST(TreeShapTest, TreesPastTheBudgetTakeThePathAlgorithm) {
  const Case c = AdultCase();
  absl::StatusOr<TreeEnsemble> ensemble = ParseXgboostJson(c.model_bytes);
  ASSERT_TRUE(ensemble.ok());
  absl::StatusOr<TreeShap> tabulated = TreeShap::Create(*ensemble, kTableBudget);
  ASSERT_TRUE(tabulated.ok());
  const std::vector<double> expected = Explain(*tabulated, c);
  for (const size_t budget : {size_t{0}, size_t{100000}}) {
    absl::StatusOr<TreeShap> shap = TreeShap::Create(*ensemble, budget);
    ASSERT_TRUE(shap.ok()) << shap.status();
    const std::vector<double> ours = Explain(*shap, c);
    const size_t width = shap->width();
    for (size_t r = 0; r < c.num_rows; ++r) {
      double scale = 0.0;
      for (size_t j = 0; j < width; ++j) scale = std::max(scale, std::abs(expected[r * width + j]));
      for (size_t j = 0; j < width; ++j) {
        ASSERT_NEAR(ours[r * width + j], expected[r * width + j], 1e-9 * scale)
            << "budget " << budget << ", row " << r << ", value " << j;
      }
    }
  }
}

TEST(TreeShapTest, PathAlgorithmEqualsTheShapleyDefinition) {
  const Case c = GridCase("iris_softmax.json", 4, 0.0f, 8.0f);
  absl::StatusOr<TreeEnsemble> ensemble = ParseXgboostJson(c.model_bytes);
  ASSERT_TRUE(ensemble.ok());
  absl::StatusOr<TreeShap> shap = TreeShap::Create(*ensemble, 0);
  ASSERT_TRUE(shap.ok());
  for (size_t r : {0, 1, 23, 150}) {
    const float* row = c.rows.data() + r * c.num_features;
    std::vector<double> ours(shap->width());
    shap->Explain(row, 1, ours.data());
    const std::vector<double> definition = BruteForceShapley(*ensemble, row);
    for (size_t j = 0; j < ours.size(); ++j) EXPECT_NEAR(ours[j], definition[j], 1e-9) << "row " << r << ", " << j;
  }
}

TEST(TreeShapTest, RefusesATreeWithoutCover) {
  absl::StatusOr<TreeEnsemble> ensemble = ParseXgboostJson(ReadFileBytes(DatasetPath("adult_xgb.json")));
  ASSERT_TRUE(ensemble.ok());
  ensemble->trees[3].cover[0] = 0;
  EXPECT_EQ(TreeShap::Create(*std::move(ensemble), kTableBudget).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(ParseXgboostJsonTest, ReadsTheAdultModel) {
  absl::StatusOr<TreeEnsemble> ensemble = ParseXgboostJson(ReadFileBytes(DatasetPath("adult_xgb.json")));
  ASSERT_TRUE(ensemble.ok()) << ensemble.status();
  EXPECT_EQ(ensemble->trees.size(), 100u);
  EXPECT_EQ(ensemble->num_features, 14u);
  EXPECT_EQ(ensemble->num_groups, 1);
  EXPECT_EQ(ensemble->base_margin, 0.0);  // logit(base_score 0.5)
  // Read from adult_xgb.json with python: the largest category code in each feature's splits.
  EXPECT_THAT(ensemble->max_category, ::testing::ElementsAre(-1, 6, -1, 15, -1, 6, 13, 5, 4, 1, -1, -1, -1, 40));
}

TEST(ParseXgboostJsonTest, RefusesMalformedModels) {
  const std::string adult = ReadFileBytes(DatasetPath("adult_xgb.json"));
  for (const std::string& json : {std::string("{}"), std::string("[1, 2]"), adult.substr(0, adult.size() / 2),
                                  absl::StrReplaceAll(adult, {{R"("left_children":[1,)", R"("left_children":[0,)"}}),
                                  absl::StrReplaceAll(adult, {{R"("split_indices":[7,)", R"("split_indices":[99,)"}}),
                                  absl::StrReplaceAll(adult, {{R"("tree_info":[0,)", R"("tree_info":[3,)"}})}) {
    EXPECT_EQ(ParseXgboostJson(json).status().code(), absl::StatusCode::kInvalidArgument) << json.substr(0, 60);
  }
  EXPECT_EQ(ParseXgboostJson(absl::StrReplaceAll(adult, {{R"("name":"gbtree")", R"("name":"dart")"}})).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ParseXgboostJson(absl::StrReplaceAll(adult, {{R"("name":"binary:logistic")", R"("name":"rank:pairwise")"}}))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace glassbox::daemon
