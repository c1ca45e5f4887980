#include "synthetic_model.h"

#include <xgboost/c_api.h>

#include <random>

#include <gtest/gtest.h>

namespace glassbox::testing {
namespace {

bool Ok(int rc) {
  EXPECT_EQ(rc, 0) << XGBGetLastError();
  return rc == 0;
}

}  // namespace

std::unique_ptr<daemon::XgboostModel> TrainXgboost(
    const std::vector<std::pair<std::string, std::vector<double>>>& columns, const std::vector<double>& labels,
    const std::vector<std::pair<std::string, std::string>>& params, int rounds, std::vector<std::string> class_labels) {
  const size_t num_rows = labels.size();
  const size_t num_columns = columns.size();
  std::vector<float> matrix(num_rows * num_columns);
  for (size_t r = 0; r < num_rows; ++r) {
    for (size_t c = 0; c < num_columns; ++c) matrix[r * num_columns + c] = static_cast<float>(columns[c].second[r]);
  }
  const std::vector<float> label_floats(labels.begin(), labels.end());
  DMatrixHandle dmatrix = nullptr;
  BoosterHandle booster = nullptr;
  std::string model_json;
  bool ok = Ok(XGDMatrixCreateFromMat(matrix.data(), num_rows, num_columns, NAN, &dmatrix)) &&
            Ok(XGDMatrixSetFloatInfo(dmatrix, "label", label_floats.data(), num_rows)) &&
            Ok(XGBoosterCreate(&dmatrix, 1, &booster));
  for (const auto& [name, value] : params) ok = ok && Ok(XGBoosterSetParam(booster, name.c_str(), value.c_str()));
  for (int round = 0; ok && round < rounds; ++round) ok = Ok(XGBoosterUpdateOneIter(booster, round, dmatrix));
  if (ok) {
    bst_ulong length = 0;
    const char* bytes = nullptr;
    ok = Ok(XGBoosterSaveModelToBuffer(booster, R"({"format": "json"})", &length, &bytes));
    if (ok) model_json.assign(bytes, length);
  }
  if (booster != nullptr) XGBoosterFree(booster);
  if (dmatrix != nullptr) XGDMatrixFree(dmatrix);
  if (!ok) return nullptr;

  daemon::XgboostModelOptions options;
  for (const auto& column : columns) options.feature_names.push_back(column.first);
  options.class_labels = std::move(class_labels);
  auto model = daemon::XgboostModel::Load(model_json, options);
  EXPECT_TRUE(model.ok()) << model.status();
  return model.ok() ? *std::move(model) : nullptr;
}

sdk::Table LinearData(size_t rows, uint64_t seed) {
  std::mt19937_64 engine(seed);
  const auto uniform = [&] { return static_cast<double>(engine() >> 11) * 0x1.0p-53; };
  std::vector<double> x1(rows), x2(rows), x3(rows), y(rows);
  for (size_t r = 0; r < rows; ++r) {
    x1[r] = uniform();
    x2[r] = uniform();
    x3[r] = uniform();
    y[r] = 2.0 * x1[r] - x2[r] + 0.2 * (uniform() - 0.5);
  }
  sdk::Table table;
  EXPECT_TRUE(table.AddColumn(sdk::Column::Numeric("x1", x1)).ok());
  EXPECT_TRUE(table.AddColumn(sdk::Column::Numeric("x2", x2)).ok());
  EXPECT_TRUE(table.AddColumn(sdk::Column::Numeric("x3", x3)).ok());
  EXPECT_TRUE(table.AddColumn(sdk::Column::Numeric("y", y)).ok());
  return table;
}

std::unique_ptr<daemon::XgboostModel> TrainLinearModel(const sdk::Table& data) {
  std::vector<std::pair<std::string, std::vector<double>>> columns;
  for (const char* name : {"x1", "x2", "x3"}) {
    const auto values = data.Find(name)->values();
    columns.emplace_back(name, std::vector<double>(values.begin(), values.end()));
  }
  const auto y = data.Find("y")->values();
  return TrainXgboost(
      columns, {y.begin(), y.end()},
      {{"objective", "reg:squarederror"}, {"max_depth", "2"}, {"eta", "0.1"}, {"nthread", "1"}, {"seed", "0"}}, 100);
}

}  // namespace glassbox::testing
