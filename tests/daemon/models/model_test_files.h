// Files the model tests read: the small models in testdata/, and Adult's rows
// encoded for adult_xgb.json.
#ifndef GLASSBOX_TESTS_DAEMON_MODELS_MODEL_TEST_FILES_H_
#define GLASSBOX_TESTS_DAEMON_MODELS_MODEL_TEST_FILES_H_

#include <cstddef>
#include <string>
#include <vector>

namespace glassbox::daemon {

// Path of a file in tests/daemon/models/testdata.
std::string TestData(const std::string& name);

// Rows of float features, row-major, NaN for missing.
struct FloatRows {
  size_t num_features = 0;
  size_t num_rows = 0;
  std::vector<float> values;
};

// A file of the shared datasets (adult.csv, adult_test_scored.csv) encoded for
// adult_xgb.json: its 14 features, categories as adult.csv's (see xgboost_model_test.cc).
FloatRows EncodeAdultRows(const std::string& dataset);

}  // namespace glassbox::daemon

#endif  // GLASSBOX_TESTS_DAEMON_MODELS_MODEL_TEST_FILES_H_
