#include "daemon/server/request_check.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "daemon/scorecard/scorecard_config.h"
#include "glassbox/v1/run.pb.h"

namespace glassbox::server {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

enum class IdShape { kNone, kDataset, kRun, kInsight, kScorecard, kLineageResource };

struct StringRule {
  size_t max_bytes = kMaxPlainStringBytes;
  IdShape id = IdShape::kNone;
};

constexpr size_t kMaxPageTokenBytes = 64;
constexpr size_t kMaxNameBytes = 256;
constexpr size_t kMaxFilterBytes = size_t{4} << 10;
constexpr size_t kMaxDatasheetBytes = size_t{16} << 10;
// How much of a refused value a message quotes.
constexpr size_t kQuotedBytes = 40;

// Fields whose rule is not the default, by full name. Page tokens and
// datasheet texts are matched by kind in RuleFor.
const absl::flat_hash_map<std::string_view, StringRule>& Rules() {
  static const auto* rules = new absl::flat_hash_map<std::string_view, StringRule>{
      {"glassbox.v1.GetDatasetRequest.id", {.id = IdShape::kDataset}},
      {"glassbox.v1.GetPrivacyLedgerRequest.dataset_id", {.id = IdShape::kDataset}},
      {"glassbox.v1.SetPrivacyBudgetRequest.dataset_id", {.id = IdShape::kDataset}},
      {"glassbox.v1.RunSpec.dataset_id", {.id = IdShape::kDataset}},
      {"glassbox.v1.ListRunsRequest.dataset_id", {.id = IdShape::kDataset}},
      {"glassbox.v1.WhatIfRequest.dataset_id", {.id = IdShape::kDataset}},
      {"glassbox.v1.RegisterModelRequest.categories_from_dataset_id", {.id = IdShape::kDataset}},
      {"glassbox.v1.GetRunRequest.id", {.id = IdShape::kRun}},
      {"glassbox.v1.WatchRunRequest.id", {.id = IdShape::kRun}},
      {"glassbox.v1.CancelRunRequest.id", {.id = IdShape::kRun}},
      {"glassbox.v1.ListInsightsRequest.run_id", {.id = IdShape::kRun}},
      {"glassbox.v1.CompareRunsRequest.run_id", {.id = IdShape::kRun}},
      {"glassbox.v1.CompareRunsRequest.other_run_id", {.id = IdShape::kRun}},
      {"glassbox.v1.CreateScorecardRequest.run_id", {.id = IdShape::kRun}},
      {"glassbox.v1.ListScorecardsRequest.run_id", {.id = IdShape::kRun}},
      {"glassbox.v1.GetInsightRequest.id", {.id = IdShape::kInsight}},
      {"glassbox.v1.GetScorecardRequest.id", {.id = IdShape::kScorecard}},
      {"glassbox.v1.GetLineageRequest.resource", {.id = IdShape::kLineageResource}},
      {"glassbox.v1.DatasetHeader.display_name", {kMaxNameBytes}},
      {"glassbox.v1.RunSpec.display_name", {kMaxNameBytes}},
      {"glassbox.v1.RegisterModelRequest.name", {kMaxNameBytes}},
      {"glassbox.v1.ModelReference.name", {kMaxNameBytes}},
      {"glassbox.v1.ModelReference.version", {kMaxNameBytes}},
      {"glassbox.v1.ListModelVersionsRequest.name", {kMaxNameBytes}},
      {"glassbox.v1.ListRunsRequest.model_name", {kMaxNameBytes}},
      {"glassbox.v1.ListRunsRequest.model_version", {kMaxNameBytes}},
      {"glassbox.v1.ListScorecardsRequest.model_name", {kMaxNameBytes}},
      {"glassbox.v1.ListScorecardsRequest.model_version", {kMaxNameBytes}},
      {"glassbox.v1.AnalysisSpec.analyzer", {kMaxNameBytes}},
      {"glassbox.v1.Cohort.name", {kMaxNameBytes}},
      {"glassbox.v1.Cohort.filter", {kMaxFilterBytes}},
      {"glassbox.v1.RunSpec.scorecard_config", {scorecard::kMaxScorecardConfigBytes}},
      {"glassbox.v1.CreateScorecardRequest.config_json", {scorecard::kMaxScorecardConfigBytes}},
  };
  return *rules;
}

StringRule RuleFor(const FieldDescriptor& field) {
  if (auto rule = Rules().find(field.full_name()); rule != Rules().end()) return rule->second;
  if (field.name() == "page_token") return {kMaxPageTokenBytes};
  if (field.containing_type()->full_name() == "glassbox.v1.ModelDatasheet") return {kMaxDatasheetBytes};
  return {};
}

bool IsDigits(std::string_view text) {
  return !text.empty() && text.size() <= 20 && std::all_of(text.begin(), text.end(), absl::ascii_isdigit);
}

bool IsLowerHex(std::string_view text, size_t size) {
  return text.size() == size &&
         std::all_of(text.begin(), text.end(), [](char c) { return absl::ascii_isdigit(c) || (c >= 'a' && c <= 'f'); });
}

// prefix, then digits, '_', digits (ins_1733100000000000_7).
bool IsCountedId(std::string_view id, std::string_view prefix) {
  if (!id.starts_with(prefix)) return false;
  id.remove_prefix(prefix.size());
  size_t underscore = id.find('_');
  return underscore != std::string_view::npos && IsDigits(id.substr(0, underscore)) &&
         IsDigits(id.substr(underscore + 1));
}

bool HasShape(std::string_view id, IdShape shape) {
  switch (shape) {
    case IdShape::kNone:
      return true;
    case IdShape::kDataset:
      return id.starts_with("ds_") && IsLowerHex(id.substr(3), 24);
    case IdShape::kRun:
      return id.starts_with("run_") && IsLowerHex(id.substr(4), 16);
    case IdShape::kInsight:
      return IsCountedId(id, "ins_");
    case IdShape::kScorecard:
      return IsCountedId(id, "sc_");
    case IdShape::kLineageResource:
      for (auto [collection, kind] : {std::pair{"runs/", IdShape::kRun}, std::pair{"insights/", IdShape::kInsight},
                                      std::pair{"scorecards/", IdShape::kScorecard}}) {
        if (id.starts_with(collection)) return HasShape(id.substr(std::string_view(collection).size()), kind);
      }
      return HasShape(id, IdShape::kRun) || HasShape(id, IdShape::kInsight) || HasShape(id, IdShape::kScorecard);
  }
  return false;
}

const char* ShapeOf(IdShape shape) {
  switch (shape) {
    case IdShape::kNone:
      return "";
    case IdShape::kDataset:
      return "a dataset id: ds_ and 24 lowercase hex digits (ListDatasets shows them)";
    case IdShape::kRun:
      return "a run id: run_ and 16 lowercase hex digits (ListRuns shows them)";
    case IdShape::kInsight:
      return "an insight id: ins_N_N (ListInsights shows them)";
    case IdShape::kScorecard:
      return "a scorecard id: sc_N_N (ListScorecards shows them)";
    case IdShape::kLineageResource:
      return "runs/ID, insights/ID or scorecards/ID (or a bare run, insight or scorecard id)";
  }
  return "";
}

std::string Quoted(std::string_view value) {
  absl::string_view start(value.data(), std::min(value.size(), kQuotedBytes));
  std::string quoted = absl::StrCat("'", absl::CHexEscape(start), "'");
  if (value.size() > kQuotedBytes) absl::StrAppend(&quoted, " (", value.size(), " bytes)");
  return quoted;
}

absl::Status CheckString(const std::string& value, const FieldDescriptor& field, const std::string& path) {
  StringRule rule = RuleFor(field);
  if (rule.id != IdShape::kNone) {
    if (value.empty() || HasShape(value, rule.id)) return absl::OkStatus();
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", Quoted(value), " is not ", ShapeOf(rule.id)));
  }
  if (value.size() <= rule.max_bytes) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", value.size(), " bytes is over this field's limit of ",
                                                 rule.max_bytes, " bytes; shorten it"));
}

absl::Status CheckEnum(int value, const FieldDescriptor& field, const std::string& path) {
  const auto* type = field.enum_type();
  if (type->FindValueByNumber(value) != nullptr) return absl::OkStatus();
  std::vector<std::string> names;
  for (int i = 0; i < type->value_count(); ++i) names.push_back(type->value(i)->name());
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", value, " is not a ", type->name(), "; use one of ",
                                                 absl::StrJoin(names, ", ")));
}

class Walker {
 public:
  explicit Walker(const RequestLimits& limits) : limits_(limits) {}

  absl::Status Walk(const Message& message, const std::string& path) {
    if (auto status = CheckWhole(message, path); !status.ok()) return status;
    const Reflection& reflection = *message.GetReflection();
    std::vector<const FieldDescriptor*> fields;
    reflection.ListFields(message, &fields);
    for (const FieldDescriptor* field : fields) {
      std::string field_path = path.empty() ? field->name() : absl::StrCat(path, ".", field->name());
      if (field->is_map()) {
        if (auto status = WalkMap(message, *field, field_path); !status.ok()) return status;
      } else if (field->is_repeated()) {
        for (int i = 0; i < reflection.FieldSize(message, field); ++i) {
          if (auto status = CheckValue(message, *field, i, absl::StrCat(field_path, "[", i, "]")); !status.ok()) {
            return status;
          }
        }
      } else if (auto status = CheckValue(message, *field, -1, field_path); !status.ok()) {
        return status;
      }
    }
    return absl::OkStatus();
  }

 private:
  // Limits on a message as a whole, checked before its fields are walked.
  absl::Status CheckWhole(const Message& message, const std::string& path) const {
    const auto* spec = google::protobuf::DynamicCastToGenerated<glassbox::v1::RunSpec>(&message);
    if (spec == nullptr) return absl::OkStatus();
    if (spec->analyses_size() > limits_.max_analyses_per_run) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ".analyses: ", spec->analyses_size(), " analyses, more than the ",
                       limits_.max_analyses_per_run, " a run may have (glassboxd --max_analyses_per_run)"));
    }
    if (spec->cohorts_size() > limits_.max_cohorts_per_run) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ".cohorts: ", spec->cohorts_size(), " cohorts, more than the ",
                       limits_.max_cohorts_per_run, " a run may have (glassboxd --max_cohorts_per_run)"));
    }
    if (size_t bytes = spec->ByteSizeLong(); bytes > kMaxRunSpecBytes) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": ", bytes, " bytes in all, over the limit of ",
                                                     kMaxRunSpecBytes, " bytes for a run's spec"));
    }
    return absl::OkStatus();
  }

  absl::Status WalkMap(const Message& message, const FieldDescriptor& field, const std::string& path) {
    const Reflection& reflection = *message.GetReflection();
    for (int i = 0; i < reflection.FieldSize(message, &field); ++i) {
      const Message& entry = reflection.GetRepeatedMessage(message, &field, i);
      const FieldDescriptor& key = *field.message_type()->map_key();
      // Entries are named by their key when it is text (every map in the API), else by position.
      std::string entry_path = absl::StrCat(path, "[", i, "]");
      if (key.cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
        std::string key_text = entry.GetReflection()->GetString(entry, &key);
        if (auto status = CheckString(key_text, key, absl::StrCat(path, " key")); !status.ok()) return status;
        entry_path = absl::StrCat(path, "[", Quoted(key_text), "]");
      }
      if (auto status = CheckValue(entry, *field.message_type()->map_value(), -1, entry_path); !status.ok()) {
        return status;
      }
    }
    return absl::OkStatus();
  }

  // The field's value (element `index` of a repeated field, or -1).
  absl::Status CheckValue(const Message& message, const FieldDescriptor& field, int index, const std::string& path) {
    const Reflection& reflection = *message.GetReflection();
    switch (field.cpp_type()) {
      case FieldDescriptor::CPPTYPE_ENUM:
        return CheckEnum(index < 0 ? reflection.GetEnumValue(message, &field)
                                   : reflection.GetRepeatedEnumValue(message, &field, index),
                         field, path);
      case FieldDescriptor::CPPTYPE_STRING: {
        if (field.type() == FieldDescriptor::TYPE_BYTES) return absl::OkStatus();
        std::string scratch;
        const std::string& value = index < 0 ? reflection.GetStringReference(message, &field, &scratch)
                                             : reflection.GetRepeatedStringReference(message, &field, index, &scratch);
        return CheckString(value, field, path);
      }
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return Walk(index < 0 ? reflection.GetMessage(message, &field)
                              : reflection.GetRepeatedMessage(message, &field, index),
                    path);
      default:
        return absl::OkStatus();
    }
  }

  const RequestLimits& limits_;
};

}  // namespace

absl::Status CheckRequest(const google::protobuf::Message& request, const RequestLimits& limits) {
  return Walker(limits).Walk(request, "");
}

}  // namespace glassbox::server
