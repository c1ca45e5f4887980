#include "glassbox/sdk/parameter_spec.h"

namespace glassbox::sdk::inline v4 {
namespace {

glassbox::v1::ParameterSpec Spec(std::string name, std::string description, glassbox::v1::ParameterType type) {
  glassbox::v1::ParameterSpec spec;
  spec.set_name(std::move(name));
  spec.set_description(std::move(description));
  spec.set_type(type);
  return spec;
}

void SetBounds(glassbox::v1::ParameterSpec& spec, std::optional<double> min, std::optional<double> max) {
  if (min) spec.set_min(*min);
  if (max) spec.set_max(*max);
}

}  // namespace

glassbox::v1::ParameterSpec BoolParameter(std::string name, std::string description, bool default_value) {
  auto spec = Spec(std::move(name), std::move(description), glassbox::v1::BOOL);
  spec.mutable_default_value()->set_bool_value(default_value);
  return spec;
}

glassbox::v1::ParameterSpec IntParameter(std::string name, std::string description, int64_t default_value,
                                         std::optional<double> min, std::optional<double> max) {
  auto spec = Spec(std::move(name), std::move(description), glassbox::v1::INT);
  spec.mutable_default_value()->set_number_value(static_cast<double>(default_value));
  SetBounds(spec, min, max);
  return spec;
}

glassbox::v1::ParameterSpec DoubleParameter(std::string name, std::string description, double default_value,
                                            std::optional<double> min, std::optional<double> max) {
  auto spec = Spec(std::move(name), std::move(description), glassbox::v1::DOUBLE);
  spec.mutable_default_value()->set_number_value(default_value);
  SetBounds(spec, min, max);
  return spec;
}

glassbox::v1::ParameterSpec StringParameter(std::string name, std::string description, std::string default_value,
                                            std::vector<std::string> choices) {
  auto spec = Spec(std::move(name), std::move(description), glassbox::v1::STRING);
  spec.mutable_default_value()->set_string_value(std::move(default_value));
  for (auto& choice : choices) spec.add_choices(std::move(choice));
  return spec;
}

glassbox::v1::ParameterSpec StringListParameter(std::string name, std::string description,
                                                std::vector<std::string> choices,
                                                std::vector<std::string> default_value) {
  auto spec = Spec(std::move(name), std::move(description), glassbox::v1::STRING_LIST);
  for (auto& choice : choices) spec.add_choices(std::move(choice));
  if (!default_value.empty()) {
    auto* list = spec.mutable_default_value()->mutable_list_value();
    for (auto& item : default_value) list->add_values()->set_string_value(std::move(item));
  }
  return spec;
}

glassbox::v1::ParameterSpec DoubleListParameter(std::string name, std::string description) {
  return Spec(std::move(name), std::move(description), glassbox::v1::DOUBLE_LIST);
}

glassbox::v1::ParameterSpec ColumnParameter(std::string name, std::string description, bool required) {
  auto spec = Spec(std::move(name), std::move(description), glassbox::v1::COLUMN);
  spec.set_required(required);
  return spec;
}

glassbox::v1::ParameterSpec ColumnListParameter(std::string name, std::string description, bool required,
                                                int max_items) {
  auto spec = Spec(std::move(name), std::move(description), glassbox::v1::COLUMN_LIST);
  spec.set_required(required);
  spec.set_max_items(max_items);
  return spec;
}

glassbox::v1::ParameterSpec CohortParameter() {
  auto spec = Spec("cohort", "Restrict the analysis to this cohort of the run; empty for all rows",
                   glassbox::v1::COHORT);
  spec.mutable_default_value()->set_string_value("");
  return spec;
}

}  // namespace glassbox::sdk::inline v4
