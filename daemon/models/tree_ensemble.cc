#include "daemon/models/tree_ensemble.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace glassbox::daemon {
namespace {

using google::protobuf::ListValue;
using google::protobuf::Struct;
using google::protobuf::Value;

// XGBoost writes non-finite floats as the bare tokens NaN, Infinity and
// -Infinity, which strict JSON parsers refuse; they become null here.
constexpr std::string_view kNonFinite[] = {"NaN", "Infinity", "-Infinity"};

std::string NullForNonFinite(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      out.push_back(c);
      if (c == '\\' && i + 1 < json.size()) {
        out.push_back(json[++i]);
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    const std::string_view rest = json.substr(i);
    const auto token = std::find_if(std::begin(kNonFinite), std::end(kNonFinite),
                                    [&](std::string_view t) { return rest.substr(0, t.size()) == t; });
    if (token == std::end(kNonFinite)) {
      out.push_back(c);
    } else {
      out += "null";
      i += token->size() - 1;
    }
  }
  return out;
}

absl::Status Malformed(const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat("the model JSON is malformed: ", what));
}

const Value* Field(const Struct& object, const char* key) {
  const auto it = object.fields().find(key);
  return it == object.fields().end() ? nullptr : &it->second;
}

absl::StatusOr<const Struct*> ObjectAt(const Struct& object, const char* key) {
  const Value* value = Field(object, key);
  if (value == nullptr || !value->has_struct_value()) return Malformed(absl::StrCat("no object '", key, "'"));
  return &value->struct_value();
}

absl::StatusOr<const ListValue*> ListAt(const Struct& object, const char* key) {
  const Value* value = Field(object, key);
  if (value == nullptr || !value->has_list_value()) return Malformed(absl::StrCat("no array '", key, "'"));
  return &value->list_value();
}

// A number, or a string holding one (XGBoost writes parameters as strings); null is NaN.
absl::StatusOr<double> Number(const Value& value, const char* what) {
  if (value.has_null_value()) return std::numeric_limits<double>::quiet_NaN();
  double number;
  if (value.kind_case() == Value::kNumberValue) return value.number_value();
  if (value.kind_case() == Value::kStringValue && absl::SimpleAtod(value.string_value(), &number)) return number;
  return Malformed(absl::StrCat("'", what, "' is not a number"));
}

absl::StatusOr<double> NumberAt(const Struct& object, const char* key) {
  const Value* value = Field(object, key);
  if (value == nullptr) return Malformed(absl::StrCat("no '", key, "'"));
  return Number(*value, key);
}

template <typename T>
absl::Status ReadArray(const Struct& object, const char* key, size_t size, std::vector<T>& out) {
  absl::StatusOr<const ListValue*> list = ListAt(object, key);
  if (!list.ok()) return list.status();
  if (size != SIZE_MAX && static_cast<size_t>((*list)->values_size()) != size) {
    return Malformed(absl::StrCat("array '", key, "' has ", (*list)->values_size(), " entries; expected ", size));
  }
  out.clear();
  out.reserve((*list)->values_size());
  for (const Value& value : (*list)->values()) {
    absl::StatusOr<double> number = Number(value, key);
    if (!number.ok()) return number.status();
    out.push_back(static_cast<T>(*number));
  }
  return absl::OkStatus();
}

// libxgboost's ObjFunction::ProbToMargin for the objectives served, taken in float as libxgboost does.
absl::StatusOr<double> BaseMargin(const std::string& objective, double base_score) {
  const float score = static_cast<float>(base_score);
  if (objective == "binary:logistic" || objective == "reg:logistic") return -std::log(1.0f / score - 1.0f);
  if (objective == "count:poisson" || objective == "reg:gamma" || objective == "reg:tweedie") return std::log(score);
  if (objective == "binary:logitraw" || objective == "multi:softprob" || objective == "multi:softmax" ||
      objective == "reg:squarederror" || objective == "reg:linear" || objective == "reg:squaredlogerror" ||
      objective == "reg:pseudohubererror" || objective == "reg:absoluteerror") {
    return score;
  }
  return absl::FailedPreconditionError(absl::StrCat("the base margin of objective '", objective, "' is not known"));
}

absl::StatusOr<Tree> ParseTree(const Struct& object, size_t num_features, std::vector<int32_t>& max_category) {
  absl::StatusOr<const Struct*> param = ObjectAt(object, "tree_param");
  if (!param.ok()) return param.status();
  absl::StatusOr<double> num_nodes = NumberAt(**param, "num_nodes");
  if (!num_nodes.ok()) return num_nodes.status();
  if (*num_nodes < 1) return Malformed("a tree has no nodes");
  const size_t n = static_cast<size_t>(*num_nodes);

  Tree tree;
  std::vector<uint8_t> split_type;
  std::vector<int32_t> category_nodes, segments, sizes, categories;
  for (absl::Status status :
       {ReadArray(object, "left_children", n, tree.left), ReadArray(object, "right_children", n, tree.right),
        ReadArray(object, "split_indices", n, tree.feature), ReadArray(object, "split_conditions", n, tree.threshold),
        ReadArray(object, "default_left", n, tree.default_left), ReadArray(object, "sum_hessian", n, tree.cover),
        ReadArray(object, "split_type", n, split_type), ReadArray(object, "categories_nodes", SIZE_MAX, category_nodes),
        ReadArray(object, "categories_segments", category_nodes.size(), segments),
        ReadArray(object, "categories_sizes", category_nodes.size(), sizes),
        ReadArray(object, "categories", SIZE_MAX, categories)}) {
    if (!status.ok()) return status;
  }
  for (size_t node = 0; node < n; ++node) {
    const bool leaf = tree.left[node] < 0;
    if (leaf != (tree.right[node] < 0)) return Malformed("a node has one child");
    if (leaf) continue;
    const int32_t children[] = {tree.left[node], tree.right[node]};
    for (int32_t child : children) {
      if (child <= static_cast<int32_t>(node) || static_cast<size_t>(child) >= n) return Malformed("bad child id");
    }
    if (tree.feature[node] < 0 || static_cast<size_t>(tree.feature[node]) >= num_features) {
      return Malformed("a split on a feature out of range");
    }
  }
  tree.categorical.assign(split_type.begin(), split_type.end());
  tree.category_begin.assign(n, 0);
  tree.category_words.assign(n, 0);
  for (size_t k = 0; k < category_nodes.size(); ++k) {
    const int32_t node = category_nodes[k];
    if (node < 0 || static_cast<size_t>(node) >= n || tree.is_leaf(node) || !tree.categorical[node] ||
        segments[k] < 0 || sizes[k] < 0 || static_cast<size_t>(segments[k]) + sizes[k] > categories.size()) {
      return Malformed("bad categorical split");
    }
    const auto begin = categories.begin() + segments[k];
    const auto end = begin + sizes[k];
    if (std::any_of(begin, end, [](int32_t code) { return code < 0; })) return Malformed("a negative category");
    const int32_t max_code = begin == end ? -1 : *std::max_element(begin, end);
    int32_t& feature_max = max_category[tree.feature[node]];
    feature_max = std::max(feature_max, max_code);
    tree.category_begin[node] = tree.category_bits.size();
    tree.category_words[node] = static_cast<uint32_t>(max_code + 1 + 31) / 32;
    tree.category_bits.resize(tree.category_bits.size() + tree.category_words[node], 0);
    for (auto code = begin; code != end; ++code) {
      tree.category_bits[tree.category_begin[node] + *code / 32] |= 1u << (*code % 32);
    }
  }
  return tree;
}

}  // namespace

absl::StatusOr<TreeEnsemble> ParseXgboostJson(std::string_view json) {
  Struct root;
  if (!google::protobuf::util::JsonStringToMessage(NullForNonFinite(json), &root).ok()) {
    return Malformed("not a JSON object");
  }
  absl::StatusOr<const Struct*> learner = ObjectAt(root, "learner");
  if (!learner.ok()) return learner.status();
  absl::StatusOr<const Struct*> param = ObjectAt(**learner, "learner_model_param");
  absl::StatusOr<const Struct*> objective = ObjectAt(**learner, "objective");
  absl::StatusOr<const Struct*> booster = ObjectAt(**learner, "gradient_booster");
  for (const auto* object : {&param, &objective, &booster}) {
    if (!object->ok()) return object->status();
  }
  const Value* booster_name = Field(**booster, "name");
  if (booster_name == nullptr || booster_name->string_value() != "gbtree") {
    return absl::FailedPreconditionError("only gbtree models are read");
  }
  const Value* objective_name = Field(**objective, "name");
  absl::StatusOr<double> base_score = NumberAt(**param, "base_score");
  absl::StatusOr<double> num_class = NumberAt(**param, "num_class");
  absl::StatusOr<double> num_feature = NumberAt(**param, "num_feature");
  for (const auto* number : {&base_score, &num_class, &num_feature}) {
    if (!number->ok()) return number->status();
  }
  if (objective_name == nullptr) return Malformed("no objective name");

  TreeEnsemble ensemble;
  ensemble.objective = objective_name->string_value();
  absl::StatusOr<double> base_margin = BaseMargin(objective_name->string_value(), *base_score);
  if (!base_margin.ok()) return base_margin.status();
  ensemble.base_margin = *base_margin;
  ensemble.num_features = static_cast<size_t>(*num_feature);
  ensemble.num_groups = std::max(1, static_cast<int>(*num_class));
  ensemble.max_category.assign(ensemble.num_features, -1);

  absl::StatusOr<const Struct*> model = ObjectAt(**booster, "model");
  if (!model.ok()) return model.status();
  absl::StatusOr<const ListValue*> trees = ListAt(**model, "trees");
  if (!trees.ok()) return trees.status();
  std::vector<int32_t> groups;
  if (absl::Status status = ReadArray(**model, "tree_info", (*trees)->values_size(), groups); !status.ok()) {
    return status;
  }
  for (int t = 0; t < (*trees)->values_size(); ++t) {
    const Value& tree = (*trees)->values(t);
    if (!tree.has_struct_value()) return Malformed("a tree is not an object");
    absl::StatusOr<Tree> parsed = ParseTree(tree.struct_value(), ensemble.num_features, ensemble.max_category);
    if (!parsed.ok()) return parsed.status();
    if (groups[t] < 0 || groups[t] >= ensemble.num_groups) return Malformed("a tree's group is out of range");
    parsed->group = groups[t];
    ensemble.trees.push_back(*std::move(parsed));
  }
  return ensemble;
}

}  // namespace glassbox::daemon
