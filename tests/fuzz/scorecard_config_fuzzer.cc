// Fuzzes scorecard::ParseScorecardConfig on pdf_gen.json-style input. Beyond
// not crashing, an accepted config must keep the promises of its schema (a
// top_n from 1 to 10, named metrics, a fairness threshold only with its kind),
// must survive the wire (serialize and parse as a proto, as gRPC does), and
// must be written back as pdf_gen.json that parses to the same config (or,
// when writing made it longer than the size limit, is refused for its size).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "daemon/scorecard/scorecard_config.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "tests/fuzz/fuzz_check.h"

namespace glassbox::scorecard {
namespace {

using glassbox::v1::ScorecardConfig;
using google::protobuf::Struct;
using google::protobuf::Value;

std::string TargetText(const glassbox::v1::Target& target) {
  const char* op = "";
  switch (target.comparison()) {
    case glassbox::v1::LESS: op = "<"; break;
    case glassbox::v1::LESS_OR_EQUAL: op = "<="; break;
    case glassbox::v1::GREATER: op = ">"; break;
    case glassbox::v1::GREATER_OR_EQUAL: op = ">="; break;
    case glassbox::v1::EQUAL: op = "=="; break;
    default: FUZZ_CHECK(false, target.DebugString());
  }
  return absl::StrFormat("%s%.17g", op, target.value());
}

Value StringValue(const std::string& text) {
  Value value;
  value.set_string_value(text);
  return value;
}

template <typename Strings>
Value ListValue(const Strings& strings) {
  Value value;
  for (const auto& text : strings) *value.mutable_list_value()->add_values() = StringValue(text);
  return value;
}

Struct& ObjectAt(Struct& parent, const std::string& key) {
  return *(*parent.mutable_fields())[key].mutable_struct_value();
}

std::string WriteConfig(const ScorecardConfig& config) {
  Struct root;
  if (config.has_model()) {
    Struct& model = ObjectAt(root, "Model");
    (*model.mutable_fields())["ModelName"] = StringValue(config.model().model_name());
    (*model.mutable_fields())["ModelSummary"] = StringValue(config.model().model_summary());
    if (!config.model().model_type().empty()) {
      (*model.mutable_fields())["ModelType"] = StringValue(config.model().model_type());
    }
  }
  if (config.metrics_size() > 0) {
    Struct& metrics = ObjectAt(root, "Metrics");
    for (const auto& metric : config.metrics()) {
      Struct& settings = ObjectAt(metrics, metric.name());
      if (metric.has_target()) (*settings.mutable_fields())["threshold"] = StringValue(TargetText(metric.target()));
    }
  }
  if (config.has_feature_importance()) {
    Struct& feature_importance = ObjectAt(root, "FeatureImportance");
    if (config.feature_importance().top_n() != 0) {
      (*feature_importance.mutable_fields())["top_n"].set_number_value(config.feature_importance().top_n());
    }
  }
  if (config.has_data_explorer()) {
    (*ObjectAt(root, "DataExplorer").mutable_fields())["features"] = ListValue(config.data_explorer().features());
  }
  if (config.has_fairness()) {
    const auto& fairness = config.fairness();
    Struct& object = ObjectAt(root, "Fairness");
    (*object.mutable_fields())["metric"] = ListValue(fairness.metrics());
    (*object.mutable_fields())["sensitive_features"] = ListValue(fairness.sensitive_features());
    if (fairness.evaluation_kind() != glassbox::v1::FAIRNESS_EVALUATION_KIND_UNSPECIFIED) {
      (*object.mutable_fields())["fairness_evaluation_kind"] =
          StringValue(fairness.evaluation_kind() == glassbox::v1::FAIRNESS_RATIO ? "ratio" : "difference");
    }
    if (fairness.has_threshold()) {
      (*object.mutable_fields())["threshold"] = StringValue(TargetText(fairness.threshold()));
    }
  }
  if (config.cohorts_size() > 0) (*root.mutable_fields())["Cohorts"] = ListValue(config.cohorts());
  if (config.has_causal()) {
    (*ObjectAt(root, "Causal").mutable_fields())["treatments"] = ListValue(config.causal().treatments());
  }
  std::string json;
  auto status = google::protobuf::util::MessageToJsonString(root, &json);
  FUZZ_CHECK(status.ok(), status.ToString());
  return json;
}

void CheckSchema(const ScorecardConfig& config) {
  const std::string& type = config.model().model_type();
  FUZZ_CHECK(type.empty() || type == "classification" || type == "multiclass" || type == "regression", type);
  for (const auto& metric : config.metrics()) FUZZ_CHECK(!metric.name().empty(), "a metric has a name");
  if (config.has_feature_importance()) {
    const int top_n = config.feature_importance().top_n();
    FUZZ_CHECK(top_n == 0 || (top_n >= 1 && top_n <= 10),
               absl::StrCat(config.feature_importance().top_n()));
  }
  if (config.has_fairness()) {
    FUZZ_CHECK(config.fairness().metrics_size() > 0, "fairness names a metric");
    FUZZ_CHECK(!config.fairness().has_threshold() ||
                   config.fairness().evaluation_kind() != glassbox::v1::FAIRNESS_EVALUATION_KIND_UNSPECIFIED,
               "a fairness threshold comes with its kind");
  }
}

}  // namespace
}  // namespace glassbox::scorecard

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace glassbox::scorecard;
  using google::protobuf::util::MessageDifferencer;
  auto config = ParseScorecardConfig(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!config.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(config.status()), config.status().ToString());
    return 0;
  }
  CheckSchema(*config);

  glassbox::v1::ScorecardConfig received;
  FUZZ_CHECK(received.ParseFromString(config->SerializeAsString()), "the config survives the wire");
  FUZZ_CHECK(MessageDifferencer::Equals(received, *config), config->DebugString());

  const std::string written = WriteConfig(*config);
  auto reread = ParseScorecardConfig(written);
  if (written.size() > kMaxScorecardConfigBytes) {
    // Writing can lengthen a config (escapes, lists for single strings) past the size limit.
    FUZZ_CHECK(absl::StrContains(reread.status().message(), "bytes; the limit is"), reread.status().ToString());
    return 0;
  }
  FUZZ_CHECK(reread.ok(), absl::StrCat(written, ": ", reread.status().ToString()));
  FUZZ_CHECK(MessageDifferencer::Equals(*reread, *config), written);
  return 0;
}
