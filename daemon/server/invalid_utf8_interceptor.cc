#include "daemon/server/invalid_utf8_interceptor.h"

#include <algorithm>
#include <deque>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/stubs/logging.h>

#include "absl/strings/str_cat.h"

namespace glassbox::server {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using grpc::experimental::InterceptionHookPoints;

// The full name of the last string field this thread's parser found invalid.
thread_local std::string invalid_utf8_field;
google::protobuf::LogHandler* previous_log_handler = nullptr;

void KeepInvalidUtf8Field(google::protobuf::LogLevel level, const char* filename, int line,
                          const std::string& message) {
  constexpr std::string_view kStart = "String field '";
  constexpr std::string_view kEnd = "' contains invalid UTF-8";
  if (size_t end = message.find(kEnd); message.starts_with(kStart) && end != std::string::npos) {
    invalid_utf8_field = message.substr(kStart.size(), end - kStart.size());
    return;
  }
  if (previous_log_handler != nullptr) previous_log_handler(level, filename, line, message);
}

// The path from `request` to the field named `full_name`, e.g.
// spec.cohorts[].name; empty when the request does not hold that field.
std::string PathTo(const Descriptor& request, const std::string& full_name) {
  const FieldDescriptor* target = google::protobuf::DescriptorPool::generated_pool()->FindFieldByName(full_name);
  if (target == nullptr) return "";
  // Breadth first over message types, so the shortest path wins and recursive types end.
  std::deque<std::pair<const Descriptor*, std::string>> queue{{&request, ""}};
  std::set<const Descriptor*> seen{&request};
  while (!queue.empty()) {
    const Descriptor* type = queue.front().first;
    std::string path = std::move(queue.front().second);
    queue.pop_front();
    auto step = [&path](const FieldDescriptor& field) {
      return absl::StrCat(path, path.empty() ? "" : ".", field.name(), field.is_repeated() ? "[]" : "");
    };
    if (type == target->containing_type()) return step(*target);
    for (int i = 0; i < type->field_count(); ++i) {
      const FieldDescriptor& field = *type->field(i);
      if (field.message_type() == nullptr || !seen.insert(field.message_type()).second) continue;
      queue.emplace_back(field.message_type(), step(field));
    }
  }
  return "";
}

class InvalidUtf8Interceptor final : public grpc::experimental::Interceptor {
 public:
  explicit InvalidUtf8Interceptor(const Descriptor& request) : request_(request) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      std::string field = std::exchange(invalid_utf8_field, "");
      if (methods->GetRecvMessage() == nullptr && !field.empty() && path_.empty()) path_ = PathTo(request_, field);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) && !path_.empty()) {
      methods->ModifySendStatus(grpc::Status(
          grpc::StatusCode::INVALID_ARGUMENT,
          absl::StrCat(path_, " is not valid UTF-8; string fields carry UTF-8 text (send the text as UTF-8)")));
    }
    methods->Proceed();
  }

 private:
  const Descriptor& request_;
  std::string path_;
};

class InvalidUtf8InterceptorFactoryImpl final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  InvalidUtf8InterceptorFactoryImpl() {
    static std::once_flag installed;
    std::call_once(installed, [] { previous_log_handler = google::protobuf::SetLogHandler(&KeepInvalidUtf8Field); });
  }

  grpc::experimental::Interceptor* CreateServerInterceptor(grpc::experimental::ServerRpcInfo* info) override {
    // "/glassbox.v1.Glassbox/CreateRun" -> glassbox.v1.Glassbox.CreateRun
    std::string method(info->method() + 1);
    std::replace(method.begin(), method.end(), '/', '.');
    const auto* descriptor = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(method);
    if (descriptor == nullptr) return nullptr;
    return new InvalidUtf8Interceptor(*descriptor->input_type());
  }
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> InvalidUtf8InterceptorFactory() {
  return std::make_unique<InvalidUtf8InterceptorFactoryImpl>();
}

}  // namespace glassbox::server
