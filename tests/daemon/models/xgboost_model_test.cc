#include "daemon/models/xgboost_model.h"

#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/daemon/models/libxgboost_oracle.h"
#include "tests/daemon/models/model_test_files.h"
#include "tests/support/adult_model.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::daemon {
namespace {

using ::testing::HasSubstr;

using ::glassbox::testing::DatasetPath;
using ::glassbox::testing::ReadFileBytes;
using ::glassbox::testing::ReadCsvFile;

// A table of numeric columns from rows of values.
sdk::Table NumericTable(const std::vector<std::string>& names, const std::vector<std::vector<double>>& rows) {
  sdk::Table table;
  for (size_t j = 0; j < names.size(); ++j) {
    std::vector<double> values;
    for (const std::vector<double>& row : rows) values.push_back(row[j]);
    EXPECT_TRUE(table.AddColumn(sdk::Column::Numeric(names[j], std::move(values))).ok());
  }
  return table;
}

double Logit(double p) { return std::log(p / (1.0 - p)); }
double Sigmoid(double margin) { return 1.0 / (1.0 + std::exp(-margin)); }

// adult_xgb.json was trained on pandas categoricals whose categories are the
// sorted distinct strings of each text column of adult.csv (not adult_train.csv
// alone, as the datasets README says): its trees split on native-country code
// 40, and only adult.csv has 41 countries ("Holand-Netherlands" occurs in the
// test third only). With adult_train.csv's categories the scored probabilities
// are not reproduced.
class AdultModelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    adult_ = new sdk::Table(ReadCsvFile(DatasetPath("adult.csv")));
    scored_ = new sdk::Table(ReadCsvFile(DatasetPath("adult_test_scored.csv")));
  }
  static void TearDownTestSuite() {
    delete adult_;
    delete scored_;
  }

  static XgboostModelOptions Options() {
    XgboostModelOptions options;
    options.class_labels = {"<=50K", ">50K"};
    for (size_t j = 0; j < adult_->num_columns(); ++j) {
      const sdk::Column& column = adult_->column(j);
      if (column.is_categorical() && column.name() != "income") options.categories[column.name()] = column.categories();
    }
    return options;
  }

  static std::unique_ptr<XgboostModel> LoadAdult() {
    absl::StatusOr<std::unique_ptr<XgboostModel>> model =
        XgboostModel::Load(ReadFileBytes(DatasetPath("adult_xgb.json")), Options());
    EXPECT_TRUE(model.ok()) << model.status();
    return model.ok() ? *std::move(model) : nullptr;
  }

  // adult_xgb.json with objective binary:logitraw: the same margins, Predict taking their sigmoid. binary:logitraw
  // takes base_score as a margin, binary:logistic as a probability: 0 and 0.5 are the same start.
  static std::string LogitrawTwin() {
    const std::string logistic = ReadFileBytes(DatasetPath("adult_xgb.json"));
    std::string logitraw =
        absl::StrReplaceAll(logistic, {{R"("name":"binary:logistic")", R"("name":"binary:logitraw")"},
                                       {R"("base_score":"5E-1")", R"("base_score":"0E0")"}});
    EXPECT_NE(logitraw, logistic);
    return logitraw;
  }

  static inline sdk::Table* adult_ = nullptr;
  static inline sdk::Table* scored_ = nullptr;
};

TEST_F(AdultModelTest, ReadsMetadataFromTheModelFile) {
  std::unique_ptr<XgboostModel> model = LoadAdult();
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->info().task, glassbox::v1::BINARY_CLASSIFICATION);
  EXPECT_THAT(model->info().classes, ::testing::ElementsAre("<=50K", ">50K"));
  EXPECT_THAT(model->info().feature_names,
              ::testing::ElementsAre("age", "workclass", "fnlwgt", "education", "education-num", "marital-status",
                                     "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss",
                                     "hours-per-week", "native-country"));
}

TEST_F(AdultModelTest, ReproducesTheScoredProbabilitiesOnEveryRow) {
  std::unique_ptr<XgboostModel> model = LoadAdult();
  ASSERT_NE(model, nullptr);
  absl::StatusOr<Eigen::MatrixXd> probabilities = model->Predict(*scored_);
  ASSERT_TRUE(probabilities.ok()) << probabilities.status();
  ASSERT_EQ(probabilities->rows(), 10054);
  ASSERT_EQ(probabilities->cols(), 2);
  // The `probability` column was written by python xgboost 1.7.4 with 6 decimals.
  const std::span<const double> expected = scored_->Find("probability")->values();
  for (Eigen::Index r = 0; r < probabilities->rows(); ++r) {
    ASSERT_NEAR((*probabilities)(r, 1), expected[r], 1e-6) << "row " << r;
    ASSERT_DOUBLE_EQ((*probabilities)(r, 0), 1.0 - (*probabilities)(r, 1)) << "row " << r;
  }
}

TEST_F(AdultModelTest, PredictGivesLibxgboostsProbabilitiesOnEveryRow) {
  ::testing::internal::CaptureStderr();
  std::unique_ptr<XgboostModel> model = LoadAdult();
  // No warning that the native evaluator disagreed with libxgboost on the probe rows at load.
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  ASSERT_NE(model, nullptr);
  const BoosterPtr booster = LoadBooster(ReadFileBytes(DatasetPath("adult_xgb.json")));
  const std::vector<float> expected = LibxgboostInplace(booster.get(), EncodeAdultRows("adult.csv"), false);
  absl::StatusOr<Eigen::MatrixXd> probabilities = model->Predict(*adult_);
  ASSERT_TRUE(probabilities.ok()) << probabilities.status();
  ASSERT_EQ(static_cast<size_t>(probabilities->rows()), expected.size());
  for (Eigen::Index r = 0; r < probabilities->rows(); ++r) {
    ASSERT_EQ((*probabilities)(r, 1), expected[r]) << "row " << r;
    ASSERT_EQ((*probabilities)(r, 0), 1.0 - expected[r]) << "row " << r;
  }
}

TEST_F(AdultModelTest, ContributionsSumToTheMarginOnEveryRow) {
  std::unique_ptr<XgboostModel> model = LoadAdult();
  ASSERT_NE(model, nullptr);
  absl::StatusOr<Eigen::MatrixXd> contributions = model->Contributions(*scored_);
  ASSERT_TRUE(contributions.ok()) << contributions.status();
  ASSERT_EQ(contributions->rows(), 10054);
  ASSERT_EQ(contributions->cols(), 15);
  // libxgboost rounds binary:logistic probabilities to float32, whose logit
  // loses the margin near 0 and 1; the logitraw twin's probabilities are the
  // sigmoid of its float32 margins taken in double, so their logit is the margin.
  absl::StatusOr<std::unique_ptr<XgboostModel>> twin = XgboostModel::Load(LogitrawTwin(), Options());
  ASSERT_TRUE(twin.ok()) << twin.status();
  absl::StatusOr<Eigen::MatrixXd> probabilities = (*twin)->Predict(*scored_);
  ASSERT_TRUE(probabilities.ok());
  const std::span<const double> scored = scored_->Find("probability")->values();
  for (Eigen::Index r = 0; r < contributions->rows(); ++r) {
    const double margin = contributions->row(r).sum();
    ASSERT_NEAR(margin, Logit((*probabilities)(r, 1)), 1e-5) << "row " << r;
    ASSERT_NEAR(Sigmoid(margin), scored[r], 1e-6) << "row " << r;
  }
}

TEST_F(AdultModelTest, ContributionsEqualPythonXgboost) {
  std::unique_ptr<XgboostModel> model = LoadAdult();
  ASSERT_NE(model, nullptr);
  // python xgboost 1.7.4: Booster.predict(DMatrix(X, enable_categorical=True), pred_contribs=True) on these rows
  // of adult_test_scored.csv, X its feature columns as pandas categoricals over adult.csv's sorted categories.
  // Row 5362 is the only "Holand-Netherlands" row.
  const std::vector<size_t> rows = {0, 14, 7118, 5362};
  const double expected[4][15] = {
      {-3.66755342, 0.00474562356, 0.213592812, -0.0738383979, 0.0105202002, -1.09056675, -0.517214358, -0.374426425,
       0.039631214, -0.0281703975, -0.139293283, -0.038066376, -0.199168444, 0.0346049145, -1.40837085},
      {0.117459513, 0.105330855, 0.0697604418, 1.00150704, 0.118289433, 0.469539553, -0.61179769, 0.564902008,
       0.0605669059, 0.0478742644, -0.210509405, -0.0937482566, -0.0470938832, 0.535037458, -1.40837085},
      {0.22808519, 0.507972121, 0.0373294204, -0.0488327928, 0.00294107432, 0.476539761, 0.540404975, 0.604263425,
       0.00492505264, 0.0443463773, -0.153912872, -0.061298538, -0.0793602243, 0.0143440943, -1.40837085},
      {-0.356726438, -0.0164041016, 0.25769791, -0.00654418813, -0.138630316, -2.24191642, -0.961898208, -1.15519786,
       0.0723280683, -0.373564065, -0.122013167, 0.695065379, -0.417761594, -1.05100739, -1.40837085},
  };
  absl::StatusOr<Eigen::MatrixXd> contributions = model->Contributions(scored_->SelectRows(rows));
  ASSERT_TRUE(contributions.ok()) << contributions.status();
  ASSERT_EQ(contributions->rows(), 4);
  ASSERT_EQ(contributions->cols(), 15);
  for (int r = 0; r < 4; ++r) {
    for (int j = 0; j < 15; ++j) EXPECT_NEAR((*contributions)(r, j), expected[r][j], 1e-6) << r << ", " << j;
  }
}

TEST_F(AdultModelTest, AnUnknownCategoryIsScoredAsMissing) {
  std::unique_ptr<XgboostModel> model = LoadAdult();
  ASSERT_NE(model, nullptr);
  const std::vector<size_t> first_row = {0};
  sdk::Table row = scored_->SelectRows(first_row);
  ASSERT_TRUE(row.ReplaceColumn(sdk::Column::Categorical("workclass", {"Never-seen"}, {0})).ok());
  absl::StatusOr<Eigen::MatrixXd> probabilities = model->Predict(row);
  ASSERT_TRUE(probabilities.ok()) << probabilities.status();
  // python xgboost 1.7.4 on row 0 of adult_test_scored.csv with workclass "Never-seen", which pandas casts to NaN
  // against adult.csv's categories.
  EXPECT_NEAR((*probabilities)(0, 1), 0.00572679192, 1e-7);
  ASSERT_TRUE(row.ReplaceColumn(sdk::Column::Categorical("workclass", {"Private"}, {sdk::Column::kMissingCode})).ok());
  absl::StatusOr<Eigen::MatrixXd> missing = model->Predict(row);
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ((*missing)(0, 1), (*probabilities)(0, 1));
}

TEST_F(AdultModelTest, ANumericColumnFeedsACategoricalFeatureByValue) {
  // Declaring sex's categories as "1" (code 0) and "2" (code 1) lets a numeric column 1/2 stand for Female/Male.
  XgboostModelOptions options = Options();
  ASSERT_THAT(options.categories["sex"], ::testing::ElementsAre("Female", "Male"));
  options.categories["sex"] = {"1", "2"};
  absl::StatusOr<std::unique_ptr<XgboostModel>> numeric_sex =
      XgboostModel::Load(ReadFileBytes(DatasetPath("adult_xgb.json")), options);
  ASSERT_TRUE(numeric_sex.ok()) << numeric_sex.status();
  std::unique_ptr<XgboostModel> model = LoadAdult();
  ASSERT_NE(model, nullptr);

  const sdk::Column& sex = *scored_->Find("sex");
  std::vector<double> numbers;
  for (int32_t code : sex.codes()) numbers.push_back(sex.categories()[code] == "Female" ? 1.0 : 2.0);
  sdk::Table recoded = *scored_;
  ASSERT_TRUE(recoded.ReplaceColumn(sdk::Column::Numeric("sex", std::move(numbers))).ok());
  absl::StatusOr<Eigen::MatrixXd> by_number = (*numeric_sex)->Predict(recoded);
  absl::StatusOr<Eigen::MatrixXd> by_name = model->Predict(*scored_);
  ASSERT_TRUE(by_number.ok()) << by_number.status();
  ASSERT_TRUE(by_name.ok());
  EXPECT_EQ(*by_number, *by_name);
}

TEST_F(AdultModelTest, RefusesATableLackingFeaturesNamingThem) {
  std::unique_ptr<XgboostModel> model = LoadAdult();
  ASSERT_NE(model, nullptr);
  std::vector<std::string> kept;
  for (const std::string& name : scored_->ColumnNames()) {
    if (name != "sex" && name != "age" && name != "capital-gain") kept.push_back(name);
  }
  absl::StatusOr<sdk::Table> partial = scored_->SelectColumns(kept);
  ASSERT_TRUE(partial.ok());
  for (absl::StatusOr<Eigen::MatrixXd> result : {model->Predict(*partial), model->Contributions(*partial)}) {
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(result.status().message(), HasSubstr("lacks the model's features: age, sex, capital-gain"));
  }
}

TEST_F(AdultModelTest, RefusesANumericFeatureGivenCategories) {
  std::unique_ptr<XgboostModel> model = LoadAdult();
  ASSERT_NE(model, nullptr);
  sdk::Table table = *scored_;
  std::vector<int32_t> codes(table.num_rows(), 0);
  ASSERT_TRUE(table.ReplaceColumn(sdk::Column::Categorical("age", {"old"}, std::move(codes))).ok());
  absl::StatusOr<Eigen::MatrixXd> result = model->Predict(table);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(result.status().message(), HasSubstr("feature 'age' is numeric"));
}

TEST_F(AdultModelTest, ConcurrentCallsAgreeWithASerialOne) {
  std::unique_ptr<XgboostModel> model = LoadAdult();
  ASSERT_NE(model, nullptr);
  absl::StatusOr<Eigen::MatrixXd> serial = model->Predict(*scored_);
  ASSERT_TRUE(serial.ok());
  std::vector<size_t> head(500);
  for (size_t r = 0; r < head.size(); ++r) head[r] = r;
  const sdk::Table few = scored_->SelectRows(head);
  absl::StatusOr<Eigen::MatrixXd> serial_contributions = model->Contributions(few);
  ASSERT_TRUE(serial_contributions.ok());

  std::vector<absl::StatusOr<Eigen::MatrixXd>> predictions(4), contributions(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      predictions[t] = model->Predict(*scored_);
      contributions[t] = model->Contributions(few);
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < 4; ++t) {
    ASSERT_TRUE(predictions[t].ok()) << predictions[t].status();
    EXPECT_EQ(*predictions[t], *serial);
    ASSERT_TRUE(contributions[t].ok()) << contributions[t].status();
    EXPECT_EQ(*contributions[t], *serial_contributions);
  }
}

TEST_F(AdultModelTest, PredictReplacingEqualsPredictOfEachReplacedTable) {
  std::unique_ptr<XgboostModel> model = LoadAdult();
  ASSERT_NE(model, nullptr);
  const size_t n = adult_->num_rows();
  std::vector<size_t> reversed(n);
  for (size_t r = 0; r < n; ++r) reversed[r] = n - 1 - r;
  const sdk::Table flipped = adult_->SelectRows(reversed);
  // A numeric and a categorical feature, and a column the model does not read.
  std::vector<std::shared_ptr<const sdk::Column>> replacements;
  for (const char* name : {"age", "occupation", "income"}) {
    replacements.push_back(flipped.shared_column(static_cast<size_t>(flipped.IndexOf(name))));
  }
  absl::StatusOr<Eigen::MatrixXd> ours = model->PredictReplacing(*adult_, replacements);
  ASSERT_TRUE(ours.ok()) << ours.status();
  ASSERT_EQ(ours->rows(), static_cast<Eigen::Index>(3 * n));
  for (size_t v = 0; v < replacements.size(); ++v) {
    sdk::Table changed = *adult_;
    ASSERT_TRUE(changed.ReplaceColumn(replacements[v]).ok());
    absl::StatusOr<Eigen::MatrixXd> expected = model->Predict(changed);
    ASSERT_TRUE(expected.ok()) << expected.status();
    EXPECT_TRUE(ours->middleRows(static_cast<Eigen::Index>(v * n), static_cast<Eigen::Index>(n)) == *expected)
        << replacements[v]->name();
  }
}

TEST_F(AdultModelTest, PredictReplacingRefusesAColumnOfAnotherNameOrLength) {
  std::unique_ptr<XgboostModel> model = LoadAdult();
  ASSERT_NE(model, nullptr);
  const std::vector<std::shared_ptr<const sdk::Column>> unknown = {sdk::Column::Numeric("agee", {1.0})};
  const size_t first[] = {0};
  const sdk::Table row = adult_->SelectRows(first);
  absl::StatusOr<Eigen::MatrixXd> refused = model->PredictReplacing(row, unknown);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), HasSubstr("'agee'"));
  const std::vector<std::shared_ptr<const sdk::Column>> longer = {sdk::Column::Numeric("age", {1.0, 2.0})};
  refused = model->PredictReplacing(row, longer);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), HasSubstr("'age'"));
}

TEST_F(AdultModelTest, ScoresAnEmptyTable) {
  std::unique_ptr<XgboostModel> model = LoadAdult();
  ASSERT_NE(model, nullptr);
  const sdk::Table none = scored_->SelectRows({});
  absl::StatusOr<Eigen::MatrixXd> probabilities = model->Predict(none);
  ASSERT_TRUE(probabilities.ok()) << probabilities.status();
  EXPECT_EQ(probabilities->rows(), 0);
  EXPECT_EQ(probabilities->cols(), 2);
}

TEST_F(AdultModelTest, ALogitrawModelGivesTheSameProbabilities) {
  absl::StatusOr<std::unique_ptr<XgboostModel>> model = XgboostModel::Load(LogitrawTwin(), Options());
  ASSERT_TRUE(model.ok()) << model.status();
  absl::StatusOr<Eigen::MatrixXd> probabilities = (*model)->Predict(*scored_);
  ASSERT_TRUE(probabilities.ok());
  const std::span<const double> expected = scored_->Find("probability")->values();
  for (Eigen::Index r = 0; r < probabilities->rows(); ++r) {
    ASSERT_NEAR((*probabilities)(r, 1), expected[r], 1e-6) << "row " << r;
  }
}

TEST_F(AdultModelTest, RefusesCorruptAndTruncatedModels) {
  const std::string json = ReadFileBytes(DatasetPath("adult_xgb.json"));
  const std::vector<std::string> corrupt = {
      "",
      "not a model",
      "\x01\x02\x03\x04 binary garbage",
      "{}",
      R"({"learner": 7})",
      json.substr(0, 1),
      json.substr(0, json.size() / 3),
      json.substr(0, json.size() - 2),
      absl::StrReplaceAll(json, {{R"("split_indices":[)", R"("split_indices":[x)"}}),
  };
  for (const std::string& bytes : corrupt) {
    absl::StatusOr<std::unique_ptr<XgboostModel>> model = XgboostModel::Load(bytes, Options());
    EXPECT_EQ(model.status().code(), absl::StatusCode::kInvalidArgument)
        << bytes.substr(0, 40) << ": " << model.status();
    EXPECT_THAT(model.status().message(), HasSubstr("model")) << model.status();
    EXPECT_THAT(model.status().message(), ::testing::Not(HasSubstr("Stack trace"))) << model.status();
  }
  // libxgboost's reason, without its timestamp, source location and stack trace.
  const absl::Status truncated = XgboostModel::Load(json.substr(0, json.size() / 3), Options()).status();
  EXPECT_THAT(std::string(truncated.message()),
              ::testing::StartsWith("the model file is not a readable XGBoost model: Expecting"));
}

TEST_F(AdultModelTest, RefusesCategoriesThatDoNotCoverTheSplits) {
  // adult_train.csv lacks "Holand-Netherlands": 40 countries where the model's splits use code 40.
  const sdk::Table train = ReadCsvFile(DatasetPath("adult_train.csv"));
  XgboostModelOptions options = Options();
  options.categories["native-country"] = train.Find("native-country")->categories();
  absl::StatusOr<std::unique_ptr<XgboostModel>> model =
      XgboostModel::Load(ReadFileBytes(DatasetPath("adult_xgb.json")), options);
  EXPECT_EQ(model.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(model.status().message(),
              HasSubstr("splits feature 'native-country' on category code 40 but only 40 categories are given"));

  // A feature the file calls numeric while its splits are categorical.
  const std::string json =
      absl::StrReplaceAll(ReadFileBytes(DatasetPath("adult_xgb.json")),
                          {{R"("feature_types":["int","c",)", R"("feature_types":["int","int",)"}});
  options = Options();
  options.categories.erase("workclass");
  model = XgboostModel::Load(json, options);
  EXPECT_EQ(model.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(model.status().message(),
              HasSubstr("feature 'workclass' has categorical splits but its type is numeric"));
}

TEST_F(AdultModelTest, RefusesOptionsThatDisagreeWithTheModel) {
  const std::string json = ReadFileBytes(DatasetPath("adult_xgb.json"));
  struct Case {
    std::function<void(XgboostModelOptions&)> change;
    std::string message;
  };
  const std::vector<Case> cases = {
      {[](XgboostModelOptions& o) { o.categories.erase("race"); }, "categorical feature 'race' needs its categories"},
      {[](XgboostModelOptions& o) { o.categories["age"] = {"young"}; }, "'age', which is not a categorical feature"},
      {[](XgboostModelOptions& o) {
         o.class_labels = {"a", "b", "c"};
       },
       "2 classes but 3 class labels"},
      {[](XgboostModelOptions& o) {
         o.feature_names = {"just", "two"};
       },
       "the options give feature_names [just, two]"},
      {[](XgboostModelOptions& o) {
         o.categories["sex"] = {"Male", "Male"};
       },
       "'Male' of feature 'sex' is listed twice"},
  };
  for (const Case& c : cases) {
    XgboostModelOptions options = Options();
    c.change(options);
    absl::StatusOr<std::unique_ptr<XgboostModel>> model = XgboostModel::Load(json, options);
    EXPECT_EQ(model.status().code(), absl::StatusCode::kInvalidArgument) << c.message;
    EXPECT_THAT(model.status().message(), HasSubstr(c.message));
  }
}

// iris_softprob.ubj: python xgboost 1.7.4, xgb.train({'objective': 'multi:softprob', 'num_class': 3, 'max_depth': 3,
// 'eta': 0.3, 'tree_method': 'hist', 'seed': 0, 'nthread': 1}, DMatrix(load_iris().data, target), 8 rounds), saved
// as UBJSON without feature names; iris_softmax.json is the same booster with objective multi:softmax.
// Expected values: that booster's predict / predict(pred_contribs=True) on iris rows 0, 60, 120 and 70.
const std::vector<std::string> kIrisFeatures = {"sepal length", "sepal width", "petal length", "petal width"};
const std::vector<std::vector<double>> kIrisRows = {
    {5.1, 3.5, 1.4, 0.2}, {5, 2, 3.5, 1}, {6.9, 3.2, 5.7, 2.3}, {5.9, 3.2, 4.8, 1.8}};
const double kIrisProbabilities[4][3] = {{0.922617078, 0.0397925675, 0.0375903174},
                                         {0.0390807278, 0.921488464, 0.0394308642},
                                         {0.0379659273, 0.040991962, 0.921042085},
                                         {0.0723333731, 0.263721913, 0.663944721}};

absl::StatusOr<std::unique_ptr<XgboostModel>> LoadIris(const std::string& file) {
  XgboostModelOptions options;
  options.feature_names = kIrisFeatures;
  options.class_labels = {"setosa", "versicolor", "virginica"};
  return XgboostModel::Load(ReadFileBytes(TestData(file)), options);
}

TEST(IrisModelTest, PredictsClassProbabilitiesFromUbjson) {
  for (const char* file : {"iris_softprob.ubj", "iris_softmax.json"}) {
    absl::StatusOr<std::unique_ptr<XgboostModel>> model = LoadIris(file);
    ASSERT_TRUE(model.ok()) << model.status();
    EXPECT_EQ((*model)->info().task, glassbox::v1::MULTICLASS_CLASSIFICATION);
    EXPECT_EQ((*model)->info().feature_names, kIrisFeatures);
    absl::StatusOr<Eigen::MatrixXd> probabilities = (*model)->Predict(NumericTable(kIrisFeatures, kIrisRows));
    ASSERT_TRUE(probabilities.ok()) << probabilities.status();
    ASSERT_EQ(probabilities->rows(), 4);
    ASSERT_EQ(probabilities->cols(), 3);
    for (int r = 0; r < 4; ++r) {
      for (int k = 0; k < 3; ++k) EXPECT_NEAR((*probabilities)(r, k), kIrisProbabilities[r][k], 1e-6) << file;
    }
  }
}

TEST(IrisModelTest, ContributionsComeOneBlockPerClass) {
  absl::StatusOr<std::unique_ptr<XgboostModel>> model = LoadIris("iris_softprob.ubj");
  ASSERT_TRUE(model.ok()) << model.status();
  absl::StatusOr<Eigen::MatrixXd> contributions = (*model)->Contributions(NumericTable(kIrisFeatures, kIrisRows));
  ASSERT_TRUE(contributions.ok()) << contributions.status();
  ASSERT_EQ(contributions->rows(), 4);
  ASSERT_EQ(contributions->cols(), 15);
  // Python's (rows, classes, features + 1) array, each row flattened.
  const double expected[4][15] = {
      {0, 0, 1.85879016, 0, 0.468809426, 0, 0, -1.69514537, 0.353850245, 0.525360465, -0.0150156058, 0, -0.936332107,
       -0.41760996, 0.496089518},
      {0, 0, -1.35059702, 0, 0.468809426, 0, 0, 1.0443145, 0.708898008, 0.525360465, -0.0150156058, 0, -0.936332107,
       -0.41760996, 0.496089518},
      {0, 0, -1.35059702, 0, 0.468809426, 0, 0, -0.468556464, -0.861904621, 0.525360465, 0.0142711494, 0, 1.02788544,
       0.768782794, 0.496089518},
      {0, 0, -1.35059702, 0, 0.468809426, 0, 0, 1.03466141, -1.14820015, 0.525360465, -0.0744388551, 0, -0.120565102,
       1.03403997, 0.496089518},
  };
  for (int r = 0; r < 4; ++r) {
    for (int j = 0; j < 15; ++j) EXPECT_NEAR((*contributions)(r, j), expected[r][j], 1e-6) << r << ", " << j;
    // Each class block sums to that class's margin; their softmax is the prediction.
    Eigen::Vector3d exp_margins;
    for (int k = 0; k < 3; ++k) exp_margins[k] = std::exp(contributions->block(r, 5 * k, 1, 5).sum());
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(exp_margins[k] / exp_margins.sum(), kIrisProbabilities[r][k], 1e-6);
  }
}

TEST(IrisModelTest, RefusesAModelWithoutFeatureNamesWhenNoneAreGiven) {
  absl::StatusOr<std::unique_ptr<XgboostModel>> model =
      XgboostModel::Load(ReadFileBytes(TestData("iris_softprob.ubj")), {});
  EXPECT_EQ(model.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(model.status().message(), HasSubstr("give them all in feature_names"));
}

TEST(IrisModelTest, RefusesATruncatedUbjsonModel) {
  const std::string ubj = ReadFileBytes(TestData("iris_softprob.ubj"));
  for (size_t length : {size_t{2}, size_t{11}, ubj.size() / 2, ubj.size() - 1}) {
    XgboostModelOptions options;
    options.feature_names = kIrisFeatures;
    absl::StatusOr<std::unique_ptr<XgboostModel>> model = XgboostModel::Load(ubj.substr(0, length), options);
    EXPECT_EQ(model.status().code(), absl::StatusCode::kInvalidArgument) << length;
  }
}

const std::vector<std::string> kDiabetesFeatures = {"age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"};

// Rows 0, 1 and 2 of sklearn's load_diabetes().data.
sdk::Table DiabetesRows() {
  return NumericTable(
      kDiabetesFeatures,
      {{0.038075906433423026, 0.05068011873981862, 0.061696206518683294, 0.0218723855140367, -0.04422349842444599,
        -0.03482076283769895, -0.04340084565202491, -0.002592261998183278, 0.019907486170462722, -0.01764612515980379},
       {-0.0018820165277906047, -0.044641636506989144, -0.051474061238800654, -0.02632752814785296,
        -0.008448724111216851, -0.019163339748222204, 0.07441156407875721, -0.03949338287409329, -0.0683315470939731,
        -0.092204049626824},
       {0.08529890629667548, 0.05068011873981862, 0.04445121333659049, -0.00567042229275739, -0.04559945128264711,
        -0.03419446591411989, -0.03235593223976409, -0.002592261998183278, 0.002861309289833047,
        -0.025930338989472702}});
}

TEST(DiabetesModelTest, PredictsAndExplainsARegression) {
  // diabetes_reg.json: python xgboost 1.7.4, xgb.train({'objective': 'reg:squarederror', 'max_depth': 3, 'eta': 0.3,
  // 'tree_method': 'hist', 'seed': 0, 'nthread': 1}, DMatrix(load_diabetes().data, target, feature_names=...),
  // 10 rounds). Expected values: its predict / predict(pred_contribs=True) on diabetes rows 0, 1, 2.
  absl::StatusOr<std::unique_ptr<XgboostModel>> model =
      XgboostModel::Load(ReadFileBytes(TestData("diabetes_reg.json")), {});
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ((*model)->info().task, glassbox::v1::REGRESSION);
  EXPECT_TRUE((*model)->info().classes.empty());
  EXPECT_EQ((*model)->info().feature_names, kDiabetesFeatures);
  const sdk::Table rows = DiabetesRows();
  absl::StatusOr<Eigen::MatrixXd> predictions = (*model)->Predict(rows);
  ASSERT_TRUE(predictions.ok()) << predictions.status();
  ASSERT_EQ(predictions->cols(), 1);
  EXPECT_NEAR((*predictions)(0, 0), 200.090881, 1e-4);
  EXPECT_NEAR((*predictions)(1, 0), 87.9324112, 1e-4);
  EXPECT_NEAR((*predictions)(2, 0), 163.717041, 1e-4);
  const double expected[3][11] = {
      {2.26036549, -4.01054668, 34.6529884, -2.84697509, 1.53462434, 4.12642479, 1.85596561, -0.372590542, 16.1277122,
       -0.788599551, 147.551498},
      {-1.8614738, 5.54805899, -19.4082451, 1.71528912, -0.0793680549, -1.21080649, -6.63819408, -0.498984814,
       -37.6653595, 0.479988694, 147.551498},
      {-1.48963499, -4.01054668, 14.6705208, -11.2878647, 1.53462434, 1.98278821, 1.85596561, -0.372590542, 14.7460327,
       -1.46377325, 147.551498},
  };
  absl::StatusOr<Eigen::MatrixXd> contributions = (*model)->Contributions(rows);
  ASSERT_TRUE(contributions.ok()) << contributions.status();
  ASSERT_EQ(contributions->cols(), 11);
  for (int r = 0; r < 3; ++r) {
    for (int j = 0; j < 11; ++j) EXPECT_NEAR((*contributions)(r, j), expected[r][j], 1e-5) << r << ", " << j;
    EXPECT_NEAR(contributions->row(r).sum(), (*predictions)(r, 0), 1e-4);
  }
}

TEST(DiabetesModelTest, ExplainsADartModelThroughLibxgboost) {
  // diabetes_dart.json: as diabetes_reg.json with 'booster': 'dart', 'rate_drop': 0.2. Its trees carry dropout
  // weights, which the backend leaves to libxgboost's TreeSHAP. Expected values: python xgboost 1.7.4's predict /
  // predict(pred_contribs=True) on diabetes rows 0, 1, 2.
  absl::StatusOr<std::unique_ptr<XgboostModel>> model =
      XgboostModel::Load(ReadFileBytes(TestData("diabetes_dart.json")), {});
  ASSERT_TRUE(model.ok()) << model.status();
  absl::StatusOr<Eigen::MatrixXd> predictions = (*model)->Predict(DiabetesRows());
  ASSERT_TRUE(predictions.ok()) << predictions.status();
  EXPECT_NEAR((*predictions)(0, 0), 192.980682, 1e-4);
  EXPECT_NEAR((*predictions)(1, 0), 79.2104568, 1e-4);
  EXPECT_NEAR((*predictions)(2, 0), 154.477585, 1e-4);
  const double expected[3][11] = {
      {0.22009939, -2.45263505, 37.882988, -2.3467865, 0.427560151, 1.30875623, 2.60382462, -0.772107959, 14.5798349,
       -1.08767402, 142.616821},
      {0.0444801599, 2.28104067, -19.2694855, -1.10403001, -0.714723289, -1.44323027, -6.82119846, 0.148347616,
       -36.0936203, -0.433963358, 142.616821},
      {-4.19165611, -2.45263505, 16.0114727, -11.5192995, 0.427560151, -0.544852436, 2.60382462, -0.772107959,
       15.0411739, -2.74271989, 142.616821},
  };
  // Predict is libxgboost's: PredictReplacing is left to the caller.
  EXPECT_EQ((*model)->PredictReplacing(DiabetesRows(), {}).status().code(), absl::StatusCode::kUnimplemented);
  absl::StatusOr<Eigen::MatrixXd> contributions = (*model)->Contributions(DiabetesRows());
  ASSERT_TRUE(contributions.ok()) << contributions.status();
  ASSERT_EQ(contributions->rows(), 3);
  ASSERT_EQ(contributions->cols(), 11);
  for (int r = 0; r < 3; ++r) {
    for (int j = 0; j < 11; ++j) EXPECT_NEAR((*contributions)(r, j), expected[r][j], 1e-5) << r << ", " << j;
  }

  // libxgboost's pred_contribs from several threads at once.
  std::vector<absl::StatusOr<Eigen::MatrixXd>> concurrent(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) threads.emplace_back([&, t] { concurrent[t] = (*model)->Contributions(DiabetesRows()); });
  for (std::thread& thread : threads) thread.join();
  for (const absl::StatusOr<Eigen::MatrixXd>& result : concurrent) {
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(*result, *contributions);
  }
}

}  // namespace
}  // namespace glassbox::daemon
