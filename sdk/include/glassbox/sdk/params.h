// An analysis's parameters as the analyzer sees them: already checked by the
// host against the analyzer's ParameterSpecs (type, bounds, choices, columns)
// and completed with defaults, so the getters do not fail. A getter for a
// parameter that is absent and has no default returns the type's zero value.
#ifndef GLASSBOX_SDK_PARAMS_H_
#define GLASSBOX_SDK_PARAMS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "google/protobuf/struct.pb.h"

namespace glassbox::sdk::inline v4 {

class Params {
 public:
  Params() = default;
  explicit Params(google::protobuf::Struct values) : values_(std::move(values)) {}

  bool Has(std::string_view name) const;
  bool GetBool(std::string_view name) const;
  int64_t GetInt(std::string_view name) const;
  double GetDouble(std::string_view name) const;
  std::string GetString(std::string_view name) const;
  std::vector<std::string> GetStringList(std::string_view name) const;
  std::vector<double> GetDoubleList(std::string_view name) const;

  const google::protobuf::Struct& values() const { return values_; }

 private:
  const google::protobuf::Value* Find(std::string_view name) const;

  google::protobuf::Struct values_;
};

}  // namespace glassbox::sdk::inline v4

#endif  // GLASSBOX_SDK_PARAMS_H_
