#include "daemon/server/privacy_charges.h"

#include <algorithm>

#include "google/protobuf/util/json_util.h"

namespace glassbox::server {
namespace {

bool Declares(const glassbox::v1::Analyzer& descriptor, const char* name) {
  return std::any_of(descriptor.parameters().begin(), descriptor.parameters().end(),
                     [&](const auto& spec) { return spec.name() == name && spec.type() == glassbox::v1::DOUBLE; });
}

}  // namespace

std::vector<storage::PrivacyCharge> PrivacyCharges(const run::PreparedRun& prepared) {
  std::vector<storage::PrivacyCharge> charges;
  for (size_t i = 0; i < prepared.analyses.size(); ++i) {
    const auto& analysis = prepared.analyses[i];
    const auto& descriptor = analysis.plugin->descriptor;
    if (!Declares(descriptor, kPrivacyEpsilonParameter)) continue;
    storage::PrivacyCharge charge;
    charge.analysis_index = static_cast<int>(i);
    charge.analyzer = descriptor.name();
    charge.mechanism = analysis.params.GetString("mechanism");
    charge.epsilon = analysis.params.GetDouble(kPrivacyEpsilonParameter);
    if (Declares(descriptor, kPrivacyDeltaParameter)) charge.delta = analysis.params.GetDouble(kPrivacyDeltaParameter);
    (void)google::protobuf::util::MessageToJsonString(analysis.params.values(), &charge.parameters_json);
    charges.push_back(std::move(charge));
  }
  return charges;
}

}  // namespace glassbox::server
