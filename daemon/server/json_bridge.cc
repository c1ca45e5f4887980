#include "daemon/server/json_bridge.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>

#include "absl/strings/str_cat.h"
#include "daemon/data/utf8_validator.h"
#include "glassbox/v1/service.grpc.pb.h"

namespace glassbox::server {
namespace {

using google::protobuf::Message;
using google::protobuf::MethodDescriptor;

const MethodDescriptor* FindMethod(const std::string& name) {
  static const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(glassbox::v1::Glassbox::service_full_name());
  return service->FindMethodByName(name);
}

std::unique_ptr<Message> NewMessage(const google::protobuf::Descriptor* type) {
  return std::unique_ptr<Message>(google::protobuf::MessageFactory::generated_factory()->GetPrototype(type)->New());
}

// Waits for the one operation in flight on `queue`; false when it failed
// (for a read: the stream has ended).
bool Await(grpc::CompletionQueue& queue) {
  void* tag = nullptr;
  bool ok = false;
  return queue.Next(&tag, &ok) && ok;
}

}  // namespace

JsonBridge::Kind JsonBridge::KindOf(const std::string& method) {
  const MethodDescriptor* found = FindMethod(method);
  if (found == nullptr) return Kind::kMissing;
  if (found->client_streaming()) return Kind::kClientStreaming;
  return found->server_streaming() ? Kind::kServerStreaming : Kind::kUnary;
}

grpc::Status JsonBridge::Call(const JsonCall& call, const std::function<bool(const std::string&)>& on_response) const {
  const Kind kind = KindOf(call.method);
  if (kind == Kind::kMissing) {
    return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                        absl::StrCat("glassbox.v1.Glassbox has no method ", call.method, " (see proto/glassbox/v1/service.proto)"));
  }
  if (kind == Kind::kClientStreaming) {
    return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                        absl::StrCat(call.method, " streams its request, which the HTTP API does not carry; call it over gRPC "
                                                  "(e.g. glassbox upload)"));
  }
  const MethodDescriptor* method = FindMethod(call.method);
  // Checked before protobuf's parser, whose refusal would quote the malformed bytes.
  data::Utf8Validator utf8;
  utf8.Feed(call.request_json);
  if (auto valid = utf8.Finish(); !valid.ok()) {
    std::string where(valid.message().substr(0, valid.message().find(';')));
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("the request body is not valid UTF-8, as JSON must be (RFC 8259): ", where));
  }
  auto request = NewMessage(method->input_type());
  google::protobuf::util::JsonParseOptions parse;
  if (auto parsed = google::protobuf::util::JsonStringToMessage(call.request_json, request.get(), parse); !parsed.ok()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("the request is not a ", method->input_type()->full_name(),
                                     " in protobuf's JSON mapping: ", std::string(parsed.message())));
  }
  std::string bytes;
  request->SerializeToString(&bytes);
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request_buffer(&slice, 1);

  grpc::ClientContext context;
  for (const auto& [key, value] : call.metadata) context.AddMetadata(key, value);
  if (call.timeout > absl::ZeroDuration()) context.set_deadline(absl::ToChronoTime(absl::Now() + call.timeout));
  grpc::CompletionQueue queue;
  grpc::GenericStub stub(channel_);
  auto stream = stub.PrepareCall(&context, absl::StrCat("/", method->service()->full_name(), "/", method->name()), &queue);
  stream->StartCall(nullptr);
  bool open = Await(queue);
  if (open) {
    stream->Write(request_buffer, nullptr);
    open = Await(queue);
  }
  if (open) {
    stream->WritesDone(nullptr);
    open = Await(queue);
  }
  grpc::Status failure;
  for (grpc::ByteBuffer response_buffer; open;) {
    stream->Read(&response_buffer, nullptr);
    if (!Await(queue)) break;
    std::vector<grpc::Slice> slices;
    response_buffer.Dump(&slices);
    std::string received;
    for (const auto& part : slices) received.append(reinterpret_cast<const char*>(part.begin()), part.size());
    auto response = NewMessage(method->output_type());
    std::string json;
    if (!response->ParseFromString(received)) {
      failure = grpc::Status(grpc::StatusCode::INTERNAL, absl::StrCat("the ", method->output_type()->full_name(),
                                                                      " answered cannot be read"));
    } else if (auto printed = google::protobuf::util::MessageToJsonString(*response, &json, {}); !printed.ok()) {
      failure = grpc::Status(grpc::StatusCode::INTERNAL, absl::StrCat("the ", method->output_type()->full_name(),
                                                                      " answered has no JSON form: ", std::string(printed.message())));
    } else if (on_response(json)) {
      continue;
    }
    context.TryCancel();
    break;
  }
  grpc::Status status;
  stream->Finish(&status, nullptr);
  Await(queue);
  queue.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (queue.Next(&tag, &ok)) {
  }
  return failure.ok() ? status : failure;
}

}  // namespace glassbox::server
