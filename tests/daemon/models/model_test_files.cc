#include "tests/daemon/models/model_test_files.h"

#include "daemon/models/feature_encoder.h"
#include "gtest/gtest.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::daemon {

using ::glassbox::testing::DatasetPath;
using ::glassbox::testing::ReadCsvFile;

std::string TestData(const std::string& name) {
  return std::string(GLASSBOX_SOURCE_DIR) + "/tests/daemon/models/testdata/" + name;
}

FloatRows EncodeAdultRows(const std::string& dataset) {
  const sdk::Table adult = ReadCsvFile(DatasetPath("adult.csv"));
  const sdk::Table table = ReadCsvFile(DatasetPath(dataset));
  std::vector<FeatureSpec> features;
  for (const char* name :
       {"age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation", "relationship",
        "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country"}) {
    const sdk::Column& column = *adult.Find(name);
    features.push_back(column.is_categorical() ? FeatureSpec{name, true, column.categories()}
                                               : FeatureSpec{name, false, {}});
  }
  absl::StatusOr<FeatureEncoder> encoder = FeatureEncoder::Create(features);
  EXPECT_TRUE(encoder.ok());
  absl::StatusOr<EncodedColumns> columns = encoder->Bind(table);
  EXPECT_TRUE(columns.ok());
  FloatRows rows;
  rows.num_features = features.size();
  rows.num_rows = table.num_rows();
  rows.values.resize(rows.num_rows * rows.num_features);
  columns->Encode(0, rows.num_rows, rows.values.data());
  return rows;
}

}  // namespace glassbox::daemon
