#include "tests/support/adult_model.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "tests/support/analysis_fixture.h"

namespace glassbox::testing {

std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

daemon::XgboostModelOptions AdultModelOptions() {
  static const sdk::Table* adult = new sdk::Table(ReadCsvFile(DatasetPath("adult.csv")));
  daemon::XgboostModelOptions options;
  options.class_labels = {"<=50K", ">50K"};
  for (size_t j = 0; j < adult->num_columns(); ++j) {
    const sdk::Column& column = adult->column(j);
    if (column.is_categorical() && column.name() != "income") options.categories[column.name()] = column.categories();
  }
  return options;
}

std::unique_ptr<daemon::XgboostModel> LoadAdultModel() {
  auto model = daemon::XgboostModel::Load(ReadFileBytes(DatasetPath("adult_xgb.json")), AdultModelOptions());
  EXPECT_TRUE(model.ok()) << model.status();
  return model.ok() ? *std::move(model) : nullptr;
}

}  // namespace glassbox::testing
