#include "permitted_range.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace glassbox::plugins {
namespace {

using google::protobuf::Value;

std::string FormatRange(double low, double high) { return absl::StrCat("[", low, ", ", high, "]"); }

absl::StatusOr<PermittedRange> ReadRange(const std::string& name, const Value& value, const sdk::ColumnInfo& column) {
  const bool numeric = column.type == sdk::ColumnType::kNumeric;
  const std::string expected = numeric ? absl::StrCat("the range [low, high] of numeric feature '", name, "'")
                                       : absl::StrCat("a list of the categories of '", name, "' to allow");
  if (!value.has_list_value() || value.list_value().values().empty()) {
    return RefuseParameter("permitted_range", absl::StrCat("must give ", expected));
  }
  const auto& items = value.list_value().values();
  PermittedRange range;
  if (numeric) {
    if (items.size() != 2 || !items[0].has_number_value() || !items[1].has_number_value()) {
      return RefuseParameter("permitted_range", absl::StrCat("must give ", expected));
    }
    range.low = items[0].number_value();
    range.high = items[1].number_value();
    if (!(range.low <= range.high)) {
      return RefuseParameter("permitted_range",
                             absl::StrCat("must give '", name, "' as [low, high] with low <= high; got ",
                                          FormatRange(range.low, range.high)));
    }
    return range;
  }
  for (const auto& item : items) {
    if (!item.has_string_value()) return RefuseParameter("permitted_range", absl::StrCat("must give ", expected));
    if (!std::binary_search(column.categories.begin(), column.categories.end(), item.string_value())) {
      return RefuseParameter("permitted_range", absl::StrCat("allows '", item.string_value(), "' for '", name,
                                                             "', which is not among the values seen in the data: ",
                                                             absl::StrJoin(column.categories, ", ")));
    }
    range.categories.push_back(item.string_value());
  }
  return range;
}

}  // namespace

absl::Status RefuseParameter(const std::string& parameter, const std::string& problem) {
  return absl::InvalidArgumentError(absl::StrCat("parameter '", parameter, "' ", problem));
}

absl::Status CheckModelFeature(const std::string& parameter, const std::string& name,
                               const std::vector<std::string>& model_features) {
  if (std::find(model_features.begin(), model_features.end(), name) != model_features.end()) {
    return absl::OkStatus();
  }
  return RefuseParameter(parameter,
                         absl::StrCat("names '", name, "', which is not a feature of the model; choose among ",
                                      absl::StrJoin(model_features, ", ")));
}

absl::StatusOr<std::map<std::string, PermittedRange>> ReadPermittedRange(const std::string& text,
                                                                         const std::vector<std::string>& model_features,
                                                                         const std::vector<sdk::ColumnInfo>& columns) {
  std::map<std::string, PermittedRange> ranges;
  if (text.empty()) return ranges;
  google::protobuf::Struct object;
  if (auto status = google::protobuf::util::JsonStringToMessage(text, &object); !status.ok()) {
    return RefuseParameter("permitted_range", absl::StrCat("must be a JSON object such as ", kPermittedRangeExample,
                                                           "; it does not parse: ", status.message().ToString()));
  }
  std::vector<std::string> names;
  for (const auto& [name, value] : object.fields()) names.push_back(name);
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    if (absl::Status status = CheckModelFeature("permitted_range", name, model_features); !status.ok()) return status;
    const auto column =
        std::find_if(columns.begin(), columns.end(), [&](const sdk::ColumnInfo& info) { return info.name == name; });
    if (column == columns.end()) {
      return RefuseParameter("permitted_range",
                             absl::StrCat("names '", name, "', which is not a column of the dataset"));
    }
    absl::StatusOr<PermittedRange> range = ReadRange(name, object.fields().at(name), *column);
    if (!range.ok()) return range.status();
    ranges[name] = *std::move(range);
  }
  return ranges;
}

}  // namespace glassbox::plugins
