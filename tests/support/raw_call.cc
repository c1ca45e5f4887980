#include "tests/support/raw_call.h"

#include <memory>

#include <grpcpp/impl/client_unary_call.h>
#include <grpcpp/impl/rpc_method.h>
#include <grpcpp/support/sync_stream.h>

namespace glassbox::testing {
namespace {

grpc::ByteBuffer Bytes(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

}  // namespace

grpc::Status RawUnaryCall(grpc::Channel& channel, const std::string& method, const std::string& bytes) {
  grpc::ClientContext context;
  grpc::ByteBuffer response;
  return grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
      &channel, grpc::internal::RpcMethod(method.c_str(), grpc::internal::RpcMethod::NORMAL_RPC), &context,
      Bytes(bytes), &response);
}

grpc::Status RawUpload(grpc::Channel& channel, const std::vector<std::string>& messages) {
  grpc::ClientContext context;
  grpc::ByteBuffer response;
  std::unique_ptr<grpc::ClientWriter<grpc::ByteBuffer>> writer(
      grpc::internal::ClientWriterFactory<grpc::ByteBuffer>::Create(
          &channel,
          grpc::internal::RpcMethod("/glassbox.v1.Glassbox/UploadDataset", grpc::internal::RpcMethod::CLIENT_STREAMING),
          &context, &response));
  for (const std::string& message : messages) {
    if (!writer->Write(Bytes(message))) break;
  }
  writer->WritesDone();
  return writer->Finish();
}

}  // namespace glassbox::testing
