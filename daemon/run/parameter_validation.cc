#include "daemon/run/parameter_validation.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace glassbox::run {
namespace {

using google::protobuf::Value;

const char* TypeName(glassbox::v1::ParameterType type) {
  switch (type) {
    case glassbox::v1::BOOL: return "a boolean";
    case glassbox::v1::INT: return "an integer";
    case glassbox::v1::DOUBLE: return "a number";
    case glassbox::v1::STRING: return "a string";
    case glassbox::v1::STRING_LIST: return "a list of strings";
    case glassbox::v1::COLUMN: return "a column name";
    case glassbox::v1::COLUMN_LIST: return "a list of column names";
    case glassbox::v1::DOUBLE_LIST: return "a list of numbers";
    case glassbox::v1::COHORT: return "a cohort name";
    default: return "a value";
  }
}

class Checker {
 public:
  Checker(const glassbox::v1::ParameterSpec& spec, const sdk::ValidationContext& context, std::string field)
      : spec_(spec), context_(context), field_(std::move(field)) {}

  absl::Status Check(const Value& value) const {
    switch (spec_.type()) {
      case glassbox::v1::BOOL:
        return value.has_bool_value() ? absl::OkStatus() : WrongType();
      case glassbox::v1::INT:
        if (!value.has_number_value() || std::floor(value.number_value()) != value.number_value()) return WrongType();
        return CheckBounds(value.number_value());
      case glassbox::v1::DOUBLE:
        if (!value.has_number_value() || !std::isfinite(value.number_value())) return WrongType();
        return CheckBounds(value.number_value());
      case glassbox::v1::STRING:
        return value.has_string_value() ? CheckChoice(value.string_value(), field_) : WrongType();
      case glassbox::v1::COLUMN:
        return value.has_string_value() ? CheckColumn(value.string_value(), field_) : WrongType();
      case glassbox::v1::COHORT:
        return value.has_string_value() ? CheckCohort(value.string_value()) : WrongType();
      case glassbox::v1::STRING_LIST:
      case glassbox::v1::COLUMN_LIST:
      case glassbox::v1::DOUBLE_LIST:
        return CheckList(value);
      default:
        return absl::InvalidArgumentError(absl::StrCat(field_, ": the analyzer declares a parameter of unknown type"));
    }
  }

 private:
  absl::Status WrongType() const {
    return absl::InvalidArgumentError(absl::StrCat(field_, " must be ", TypeName(spec_.type())));
  }

  absl::Status CheckBounds(double number) const {
    if (spec_.has_min() && number < spec_.min()) {
      return absl::InvalidArgumentError(absl::StrCat(field_, " must be >= ", spec_.min(), "; got ", number));
    }
    if (spec_.has_max() && number > spec_.max()) {
      return absl::InvalidArgumentError(absl::StrCat(field_, " must be <= ", spec_.max(), "; got ", number));
    }
    return absl::OkStatus();
  }

  absl::Status CheckChoice(const std::string& text, const std::string& where) const {
    if (spec_.choices().empty() || std::find(spec_.choices().begin(), spec_.choices().end(), text) != spec_.choices().end()) {
      return absl::OkStatus();
    }
    return absl::InvalidArgumentError(absl::StrCat(where, ": '", text, "' is not one of: ",
                                                   absl::StrJoin(spec_.choices(), ", ")));
  }

  absl::Status CheckColumn(const std::string& name, const std::string& where) const {
    if (context_.FindColumn(name) != nullptr) return absl::OkStatus();
    std::vector<std::string> names;
    for (const auto& column : context_.columns) names.push_back(column.name);
    return absl::InvalidArgumentError(absl::StrCat(where, ": '", name, "' is not a column of the dataset (columns: ",
                                                   absl::StrJoin(names, ", "), ")"));
  }

  absl::Status CheckCohort(const std::string& name) const {
    if (name.empty() || std::find(context_.cohorts.begin(), context_.cohorts.end(), name) != context_.cohorts.end()) {
      return absl::OkStatus();
    }
    return absl::InvalidArgumentError(absl::StrCat(
        field_, ": '", name, "' is not a cohort of this run (cohorts: ",
        context_.cohorts.empty() ? "none" : absl::StrJoin(context_.cohorts, ", "), ")"));
  }

  absl::Status CheckList(const Value& value) const {
    if (!value.has_list_value()) return WrongType();
    const auto& items = value.list_value().values();
    if (spec_.max_items() > 0 && items.size() > spec_.max_items()) {
      return absl::InvalidArgumentError(absl::StrCat(field_, " takes at most ", spec_.max_items(), " items; got ",
                                                     items.size()));
    }
    if (items.empty() && spec_.required()) {
      return absl::InvalidArgumentError(absl::StrCat(field_, " is empty, but it is required: ", spec_.description()));
    }
    for (int i = 0; i < items.size(); ++i) {
      std::string where = absl::StrCat(field_, "[", i, "]");
      const Value& item = items[i];
      if (spec_.type() == glassbox::v1::DOUBLE_LIST) {
        if (!item.has_number_value()) return WrongType();
        continue;
      }
      if (spec_.type() == glassbox::v1::COLUMN_LIST && item.has_string_value()) {
        for (int j = 0; j < i; ++j) {
          if (items[j].string_value() == item.string_value()) {
            return absl::InvalidArgumentError(
                absl::StrCat(where, ": '", item.string_value(), "' is also item ", j, "; name each column once"));
          }
        }
      }
      if (!item.has_string_value()) return WrongType();
      auto status = spec_.type() == glassbox::v1::COLUMN_LIST ? CheckColumn(item.string_value(), where)
                                                               : CheckChoice(item.string_value(), where);
      if (!status.ok()) return status;
    }
    return absl::OkStatus();
  }

  const glassbox::v1::ParameterSpec& spec_;
  const sdk::ValidationContext& context_;
  std::string field_;
};

}  // namespace

absl::StatusOr<google::protobuf::Struct> ValidateParameters(const glassbox::v1::Analyzer& analyzer,
                                                            const google::protobuf::Struct& given,
                                                            const sdk::ValidationContext& context,
                                                            const std::string& field) {
  for (const auto& entry : given.fields()) {
    const std::string& name = entry.first;  // clang 14 cannot capture a structured binding
    bool known = std::any_of(analyzer.parameters().begin(), analyzer.parameters().end(),
                             [&](const auto& spec) { return spec.name() == name; });
    if (!known) {
      std::vector<std::string> names;
      for (const auto& spec : analyzer.parameters()) names.push_back(spec.name());
      return absl::InvalidArgumentError(absl::StrCat(field, ": analyzer '", analyzer.name(),
                                                     "' has no parameter '", name, "' (parameters: ",
                                                     names.empty() ? "none" : absl::StrJoin(names, ", "), ")"));
    }
  }
  google::protobuf::Struct complete;
  for (const auto& spec : analyzer.parameters()) {
    std::string where = absl::StrCat(field, ".", spec.name());
    auto it = given.fields().find(spec.name());
    if (it == given.fields().end() || it->second.has_null_value()) {
      if (spec.required()) {
        return absl::InvalidArgumentError(absl::StrCat(where, " is required: ", spec.description()));
      }
      if (spec.has_default_value()) (*complete.mutable_fields())[spec.name()] = spec.default_value();
      continue;
    }
    if (auto status = Checker(spec, context, where).Check(it->second); !status.ok()) return status;
    (*complete.mutable_fields())[spec.name()] = it->second;
  }
  return complete;
}

}  // namespace glassbox::run
