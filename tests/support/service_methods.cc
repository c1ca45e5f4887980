#include "tests/support/service_methods.h"

#include <google/protobuf/descriptor.h>

#include "glassbox/v1/service.grpc.pb.h"

namespace glassbox::testing {

std::set<std::string> GlassboxServiceMethods() {
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(glassbox::v1::Glassbox::service_full_name());
  std::set<std::string> names;
  for (int i = 0; service != nullptr && i < service->method_count(); ++i) names.insert(service->method(i)->name());
  return names;
}

}  // namespace glassbox::testing
