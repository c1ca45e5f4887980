#include "daemon/scorecard/scorecard_config.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "daemon/common/json_nesting.h"
#include "glassbox/sdk/target.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace glassbox::scorecard {
namespace {

using glassbox::v1::ScorecardConfig;
using google::protobuf::Struct;
using google::protobuf::Value;

constexpr int kMaxTopN = 10;

absl::Status KeyError(const std::string& key, const std::string& problem) {
  return absl::InvalidArgumentError(absl::StrCat("scorecard config key '", key, "': ", problem));
}

std::string Child(const std::string& path, const std::string& key) {
  return path.empty() ? key : absl::StrCat(path, ".", key);
}

// Refuses the first (in sorted order, so the message is stable) key of
// `object` that is not in `allowed`.
absl::Status CheckKeys(const Struct& object, const std::string& path, const std::vector<std::string>& allowed) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.fields()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  for (const auto& key : keys) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return KeyError(Child(path, key), absl::StrCat("unknown key; expected one of ", absl::StrJoin(allowed, ", ")));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<const Struct*> AsObject(const Value& value, const std::string& key) {
  if (!value.has_struct_value()) return KeyError(key, "must be a JSON object");
  return &value.struct_value();
}

absl::StatusOr<std::string> AsString(const Value& value, const std::string& key) {
  if (value.kind_case() != Value::kStringValue) return KeyError(key, "must be a string");
  return value.string_value();
}

// A list of non-empty strings; a single string counts as a list of one.
absl::StatusOr<std::vector<std::string>> AsStringList(const Value& value, const std::string& key) {
  std::vector<std::string> result;
  if (value.kind_case() == Value::kStringValue) {
    result.push_back(value.string_value());
  } else if (value.has_list_value()) {
    for (const auto& item : value.list_value().values()) {
      if (item.kind_case() != Value::kStringValue) return KeyError(key, "must be a list of strings");
      result.push_back(item.string_value());
    }
  } else {
    return KeyError(key, "must be a list of strings");
  }
  for (const auto& item : result) {
    if (item.empty()) return KeyError(key, "must not contain an empty string");
  }
  return result;
}

absl::StatusOr<glassbox::v1::Target> AsTarget(const Value& value, const std::string& key) {
  auto text = AsString(value, key);
  if (!text.ok()) return text.status();
  auto target = sdk::ParseTarget(*text);
  if (!target.ok()) return KeyError(key, std::string(target.status().message()));
  return target;
}

const Value* Find(const Struct& object, const std::string& key) {
  auto it = object.fields().find(key);
  return it == object.fields().end() ? nullptr : &it->second;
}

absl::Status ParseModel(const Value& value, ScorecardConfig::Model& model) {
  const std::string path = "Model";
  auto object = AsObject(value, path);
  if (!object.ok()) return object.status();
  if (auto status = CheckKeys(**object, path, {"ModelName", "ModelType", "ModelSummary"}); !status.ok()) return status;
  if (const Value* name = Find(**object, "ModelName")) {
    auto text = AsString(*name, "Model.ModelName");
    if (!text.ok()) return text.status();
    model.set_model_name(*text);
  }
  if (const Value* type = Find(**object, "ModelType")) {
    auto text = AsString(*type, "Model.ModelType");
    if (!text.ok()) return text.status();
    std::string lowered = absl::AsciiStrToLower(*text);
    if (lowered != "classification" && lowered != "multiclass" && lowered != "regression") {
      return KeyError("Model.ModelType",
                      absl::StrCat("must be Classification, Multiclass or Regression; got '", *text, "'"));
    }
    model.set_model_type(lowered);
  }
  if (const Value* summary = Find(**object, "ModelSummary")) {
    auto text = AsString(*summary, "Model.ModelSummary");
    if (!text.ok()) return text.status();
    model.set_model_summary(*text);
  }
  return absl::OkStatus();
}

absl::Status ParseMetrics(const Value& value, ScorecardConfig& config) {
  auto object = AsObject(value, "Metrics");
  if (!object.ok()) return object.status();
  std::vector<std::string> names;
  for (const auto& [name, settings] : (*object)->fields()) names.push_back(name);
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    const std::string path = Child("Metrics", name);
    if (name.empty()) return KeyError(path, "a metric name must not be empty");
    auto settings = AsObject((*object)->fields().at(name), path);
    if (!settings.ok()) return settings.status();
    if (auto status = CheckKeys(**settings, path, {"threshold"}); !status.ok()) return status;
    auto* metric = config.add_metrics();
    metric->set_name(name);
    if (const Value* threshold = Find(**settings, "threshold")) {
      auto target = AsTarget(*threshold, Child(path, "threshold"));
      if (!target.ok()) return target.status();
      *metric->mutable_target() = *target;
    }
  }
  return absl::OkStatus();
}

absl::Status ParseFeatureImportance(const Value& value, ScorecardConfig& config) {
  const std::string path = "FeatureImportance";
  auto object = AsObject(value, path);
  if (!object.ok()) return object.status();
  if (auto status = CheckKeys(**object, path, {"top_n"}); !status.ok()) return status;
  auto* feature_importance = config.mutable_feature_importance();
  if (const Value* top_n = Find(**object, "top_n")) {
    const double n = top_n->number_value();
    if (top_n->kind_case() != Value::kNumberValue || n != std::floor(n) || n < 1 || n > kMaxTopN) {
      return KeyError("FeatureImportance.top_n", absl::StrCat("must be a whole number from 1 to ", kMaxTopN));
    }
    feature_importance->set_top_n(static_cast<int>(n));
  }
  return absl::OkStatus();
}

absl::Status ParseDataExplorer(const Value& value, ScorecardConfig& config) {
  const std::string path = "DataExplorer";
  auto object = AsObject(value, path);
  if (!object.ok()) return object.status();
  if (auto status = CheckKeys(**object, path, {"features"}); !status.ok()) return status;
  auto* data_explorer = config.mutable_data_explorer();
  if (const Value* features = Find(**object, "features")) {
    auto list = AsStringList(*features, "DataExplorer.features");
    if (!list.ok()) return list.status();
    for (auto& feature : *list) data_explorer->add_features(std::move(feature));
  }
  return absl::OkStatus();
}

absl::Status ParseFairness(const Value& value, ScorecardConfig& config) {
  const std::string path = "Fairness";
  auto object = AsObject(value, path);
  if (!object.ok()) return object.status();
  if (auto status =
          CheckKeys(**object, path, {"metric", "sensitive_features", "fairness_evaluation_kind", "threshold"});
      !status.ok()) {
    return status;
  }
  auto* fairness = config.mutable_fairness();
  const Value* metric = Find(**object, "metric");
  if (metric == nullptr)
    return KeyError("Fairness.metric", "is required, e.g. [\"accuracy_score\", \"selection_rate\"]");
  auto metrics = AsStringList(*metric, "Fairness.metric");
  if (!metrics.ok()) return metrics.status();
  if (metrics->empty()) return KeyError("Fairness.metric", "must name at least one metric");
  for (auto& name : *metrics) fairness->add_metrics(std::move(name));
  if (const Value* features = Find(**object, "sensitive_features")) {
    auto list = AsStringList(*features, "Fairness.sensitive_features");
    if (!list.ok()) return list.status();
    for (auto& feature : *list) fairness->add_sensitive_features(std::move(feature));
  }
  if (const Value* kind = Find(**object, "fairness_evaluation_kind")) {
    auto text = AsString(*kind, "Fairness.fairness_evaluation_kind");
    if (!text.ok()) return text.status();
    const std::string lowered = absl::AsciiStrToLower(*text);
    if (lowered == "difference") {
      fairness->set_evaluation_kind(glassbox::v1::FAIRNESS_DIFFERENCE);
    } else if (lowered == "ratio") {
      fairness->set_evaluation_kind(glassbox::v1::FAIRNESS_RATIO);
    } else {
      return KeyError("Fairness.fairness_evaluation_kind",
                      absl::StrCat("must be difference or ratio; got '", *text, "'"));
    }
  }
  if (const Value* threshold = Find(**object, "threshold")) {
    auto target = AsTarget(*threshold, "Fairness.threshold");
    if (!target.ok()) return target.status();
    if (fairness->evaluation_kind() == glassbox::v1::FAIRNESS_EVALUATION_KIND_UNSPECIFIED) {
      return KeyError(
          "Fairness.fairness_evaluation_kind",
          "is required with Fairness.threshold: say whether the threshold bounds the difference or the ratio");
    }
    *fairness->mutable_threshold() = *target;
  }
  return absl::OkStatus();
}

absl::Status ParseCohorts(const Value& value, ScorecardConfig& config) {
  auto names = AsStringList(value, "Cohorts");
  if (!names.ok()) return names.status();
  for (auto& name : *names) config.add_cohorts(std::move(name));
  return absl::OkStatus();
}

absl::Status ParseCausal(const Value& value, ScorecardConfig& config) {
  const std::string path = "Causal";
  auto object = AsObject(value, path);
  if (!object.ok()) return object.status();
  if (auto status = CheckKeys(**object, path, {"treatments"}); !status.ok()) return status;
  auto* causal = config.mutable_causal();
  if (const Value* treatments = Find(**object, "treatments")) {
    auto list = AsStringList(*treatments, "Causal.treatments");
    if (!list.ok()) return list.status();
    for (auto& treatment : *list) causal->add_treatments(std::move(treatment));
  }
  return absl::OkStatus();
}

absl::Status CheckLimits(std::string_view json) {
  if (const int depth = JsonNesting(json); depth > kMaxScorecardConfigDepth) {
    return absl::InvalidArgumentError(absl::StrCat("scorecard config nests objects and lists ", depth,
                                                   " deep; the limit is ", kMaxScorecardConfigDepth));
  }
  if (json.size() > kMaxScorecardConfigBytes) {
    return absl::InvalidArgumentError(absl::StrCat("scorecard config is ", json.size(), " bytes; the limit is ",
                                                   kMaxScorecardConfigBytes));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ScorecardConfig> ParseScorecardConfig(std::string_view json) {
  if (auto status = CheckLimits(json); !status.ok()) return status;
  Struct root;
  auto parsed =
      google::protobuf::util::JsonStringToMessage(google::protobuf::StringPiece(json.data(), json.size()), &root);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("scorecard config is not a valid JSON object: ", std::string(parsed.message())));
  }
  if (auto status = CheckKeys(
          root, "", {"Model", "Metrics", "FeatureImportance", "DataExplorer", "Fairness", "Cohorts", "Causal"});
      !status.ok()) {
    return status;
  }
  ScorecardConfig config;
  struct Section {
    const char* key;
    absl::Status (*parse)(const Value&, ScorecardConfig&);
  };
  const Section sections[] = {
      {"Model", [](const Value& v, ScorecardConfig& c) { return ParseModel(v, *c.mutable_model()); }},
      {"Metrics", ParseMetrics},
      {"FeatureImportance", ParseFeatureImportance},
      {"DataExplorer", ParseDataExplorer},
      {"Fairness", ParseFairness},
      {"Cohorts", ParseCohorts},
      {"Causal", ParseCausal},
  };
  for (const auto& section : sections) {
    if (const Value* value = Find(root, section.key)) {
      if (auto status = section.parse(*value, config); !status.ok()) return status;
    }
  }
  return config;
}

}  // namespace glassbox::scorecard
