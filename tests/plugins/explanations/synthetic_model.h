// Real XGBoost models trained inside a test with libxgboost's C API on data
// made with a known truth, loaded as the daemon's XGBoost backend serves them.
#ifndef GLASSBOX_TESTS_PLUGINS_EXPLANATIONS_SYNTHETIC_MODEL_H_
#define GLASSBOX_TESTS_PLUGINS_EXPLANATIONS_SYNTHETIC_MODEL_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "daemon/models/xgboost_model.h"
#include "glassbox/sdk/table.h"

namespace glassbox::testing {

// `columns` numeric features of equal length, `labels` one per row. Returns
// nullptr (and fails the test) if libxgboost refuses.
std::unique_ptr<daemon::XgboostModel> TrainXgboost(
    const std::vector<std::pair<std::string, std::vector<double>>>& columns, const std::vector<double>& labels,
    const std::vector<std::pair<std::string, std::string>>& params, int rounds,
    std::vector<std::string> class_labels = {});

// y = 2 x1 - x2 + uniform noise in [-0.1, 0.1], x1, x2, x3 uniform in [0, 1):
// x3 is irrelevant. Columns x1, x2, x3, y.
sdk::Table LinearData(size_t rows, uint64_t seed);

// A squared-error XGBoost regressor of y on x1, x2, x3 of `data` (100 rounds of
// depth-2 trees at eta 0.1: close to the line, with little use of x3).
std::unique_ptr<daemon::XgboostModel> TrainLinearModel(const sdk::Table& data);

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_PLUGINS_EXPLANATIONS_SYNTHETIC_MODEL_H_
