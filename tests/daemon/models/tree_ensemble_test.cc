// A model file's node, feature, category and group indices are checked before
// any of them reaches an array: each damaged copy of a real XGBoost JSON model
// is refused as malformed, naming what is wrong, never read out of bounds.
#include "daemon/models/tree_ensemble.h"

#include <functional>
#include <string>

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/daemon/models/model_test_files.h"
#include "tests/support/adult_model.h"

namespace glassbox::daemon {
namespace {

using google::protobuf::ListValue;
using google::protobuf::Struct;
using ::testing::HasSubstr;

// diabetes_reg.json: 10 features, regression (one group); tree 0 has 15 nodes.
Struct DiabetesModel() {
  Struct model;
  EXPECT_TRUE(
      google::protobuf::util::JsonStringToMessage(testing::ReadFileBytes(TestData("diabetes_reg.json")), &model).ok());
  return model;
}

Struct& Booster(Struct& model) {
  return *model.mutable_fields()->at("learner").mutable_struct_value()->mutable_fields()->at("gradient_booster")
              .mutable_struct_value()->mutable_fields()->at("model").mutable_struct_value();
}

Struct& FirstTree(Struct& model) {
  return *Booster(model).mutable_fields()->at("trees").mutable_list_value()->mutable_values(0)->mutable_struct_value();
}

ListValue& Array(Struct& object, const std::string& key) {
  return *object.mutable_fields()->at(key).mutable_list_value();
}

void SetArray(Struct& object, const std::string& key, std::initializer_list<double> values) {
  ListValue& list = Array(object, key);
  list.clear_values();
  for (double value : values) list.add_values()->set_number_value(value);
}

// The parse of the model after `damage`.
absl::Status ParseDamaged(const std::function<void(Struct&)>& damage) {
  Struct model = DiabetesModel();
  damage(model);
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(model, &json).ok());
  return ParseXgboostJson(json).status();
}

void ExpectMalformed(const std::function<void(Struct&)>& damage, const std::string& what) {
  const absl::Status status = ParseDamaged(damage);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(status.message(), HasSubstr("the model JSON is malformed: " + what));
}

TEST(TreeEnsembleTest, TheUndamagedModelParses) {
  EXPECT_TRUE(ParseDamaged([](Struct&) {}).ok());
}

TEST(TreeEnsembleTest, AChildIdOutsideTheTreeOrPointingBackIsRefused) {
  ExpectMalformed([](Struct& model) { Array(FirstTree(model), "left_children").mutable_values(0)->set_number_value(15); },
                  "bad child id");
  ExpectMalformed([](Struct& model) { Array(FirstTree(model), "right_children").mutable_values(1)->set_number_value(1); },
                  "bad child id");
  ExpectMalformed([](Struct& model) { Array(FirstTree(model), "left_children").mutable_values(0)->set_number_value(-1); },
                  "a node has one child");
}

TEST(TreeEnsembleTest, ASplitOnAFeatureBeyondTheModelsIsRefused) {
  for (double feature : {10.0, -1.0, 1e9}) {
    ExpectMalformed(
        [feature](Struct& model) { Array(FirstTree(model), "split_indices").mutable_values(0)->set_number_value(feature); },
        "a split on a feature out of range");
  }
}

TEST(TreeEnsembleTest, AnArrayShorterThanTheTreeIsRefused) {
  ExpectMalformed([](Struct& model) { Array(FirstTree(model), "split_conditions").mutable_values()->RemoveLast(); },
                  "array 'split_conditions' has 14 entries; expected 15");
}

TEST(TreeEnsembleTest, ACategoricalSplitOutsideItsTreeOrItsCategoriesIsRefused) {
  auto categorical = [](double node, double segment, double size) {
    return [=](Struct& model) {
      Struct& tree = FirstTree(model);
      Array(tree, "split_type").mutable_values(0)->set_number_value(1);
      SetArray(tree, "categories_nodes", {node});
      SetArray(tree, "categories_segments", {segment});
      SetArray(tree, "categories_sizes", {size});
      SetArray(tree, "categories", {0, 3});
    };
  };
  EXPECT_TRUE(ParseDamaged(categorical(0, 0, 2)).ok());
  ExpectMalformed(categorical(15, 0, 2), "bad categorical split");
  ExpectMalformed(categorical(-1, 0, 2), "bad categorical split");
  ExpectMalformed(categorical(0, 1, 2), "bad categorical split");
  ExpectMalformed(categorical(0, -1, 1), "bad categorical split");
  ExpectMalformed(categorical(0, 0, -1), "bad categorical split");
}

TEST(TreeEnsembleTest, ATreeOfAGroupTheModelHasNotIsRefused) {
  for (double group : {1.0, -1.0}) {
    ExpectMalformed([group](Struct& model) { Array(Booster(model), "tree_info").mutable_values(0)->set_number_value(group); },
                    "a tree's group is out of range");
  }
}

}  // namespace
}  // namespace glassbox::daemon
