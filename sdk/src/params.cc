#include "glassbox/sdk/params.h"

#include <cmath>

namespace glassbox::sdk::inline v4 {

const google::protobuf::Value* Params::Find(std::string_view name) const {
  auto it = values_.fields().find(std::string(name));
  return it == values_.fields().end() ? nullptr : &it->second;
}

bool Params::Has(std::string_view name) const {
  const auto* value = Find(name);
  return value != nullptr && !value->has_null_value();
}

bool Params::GetBool(std::string_view name) const {
  const auto* value = Find(name);
  return value != nullptr && value->bool_value();
}

int64_t Params::GetInt(std::string_view name) const {
  const auto* value = Find(name);
  return value == nullptr ? 0 : static_cast<int64_t>(std::llround(value->number_value()));
}

double Params::GetDouble(std::string_view name) const {
  const auto* value = Find(name);
  return value == nullptr ? 0.0 : value->number_value();
}

std::string Params::GetString(std::string_view name) const {
  const auto* value = Find(name);
  return value == nullptr ? std::string() : value->string_value();
}

std::vector<std::string> Params::GetStringList(std::string_view name) const {
  std::vector<std::string> result;
  if (const auto* value = Find(name); value != nullptr) {
    for (const auto& item : value->list_value().values()) result.push_back(item.string_value());
  }
  return result;
}

std::vector<double> Params::GetDoubleList(std::string_view name) const {
  std::vector<double> result;
  if (const auto* value = Find(name); value != nullptr) {
    for (const auto& item : value->list_value().values()) result.push_back(item.number_value());
  }
  return result;
}

}  // namespace glassbox::sdk::inline v4
