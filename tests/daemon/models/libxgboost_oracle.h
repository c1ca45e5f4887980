// libxgboost itself, called directly, as the reference the model tests compare with.
#ifndef GLASSBOX_TESTS_DAEMON_MODELS_LIBXGBOOST_ORACLE_H_
#define GLASSBOX_TESTS_DAEMON_MODELS_LIBXGBOOST_ORACLE_H_

#include <string>
#include <vector>

#include "daemon/models/xgboost_c_api.h"
#include "tests/daemon/models/model_test_files.h"

namespace glassbox::daemon {

// A booster loaded from a model file's bytes; fails the test when libxgboost refuses them.
BoosterPtr LoadBooster(const std::string& bytes);

// libxgboost's in-place prediction of the rows: margins (type 1) or predictions (type 0), rows × outputs.
std::vector<float> LibxgboostInplace(void* booster, const FloatRows& rows, bool margins);

// The same through a DMatrix of the rows.
std::vector<float> LibxgboostDMatrix(void* booster, const FloatRows& rows, bool margins);

}  // namespace glassbox::daemon

#endif  // GLASSBOX_TESTS_DAEMON_MODELS_LIBXGBOOST_ORACLE_H_
