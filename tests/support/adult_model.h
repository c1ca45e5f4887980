// The shared XGBoost model ../shared/datasets/adult_xgb.json, loaded as the
// daemon's XGBoost backend would serve it. Its categorical features were coded
// over the sorted distinct strings of each text column of adult.csv (not
// adult_train.csv alone, as the datasets README says: the trees split on
// native-country code 40 and only adult.csv has 41 countries).
#ifndef GLASSBOX_TESTS_SUPPORT_ADULT_MODEL_H_
#define GLASSBOX_TESTS_SUPPORT_ADULT_MODEL_H_

#include <memory>
#include <string>

#include "daemon/models/xgboost_model.h"

namespace glassbox::testing {

daemon::XgboostModelOptions AdultModelOptions();
// Fails the calling test and returns nullptr if the model does not load.
std::unique_ptr<daemon::XgboostModel> LoadAdultModel();
std::string ReadFileBytes(const std::string& path);

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_SUPPORT_ADULT_MODEL_H_
