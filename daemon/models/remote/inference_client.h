// The calls the remote backend makes to an inference.GRPCInferenceService.
// Each attempt has its own deadline; an attempt answered UNAVAILABLE (the
// server down, restarting or shedding load) is retried with exponential
// backoff. Failures keep their gRPC code and name the server by `label`.
// Thread-safe.
#ifndef GLASSBOX_DAEMON_MODELS_REMOTE_INFERENCE_CLIENT_H_
#define GLASSBOX_DAEMON_MODELS_REMOTE_INFERENCE_CLIENT_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "inference/grpc_predict_v2.grpc.pb.h"

namespace glassbox::daemon {

struct CallPolicy {
  absl::Duration deadline = absl::Seconds(10);
  int max_retries = 3;
  absl::Duration initial_backoff = absl::Milliseconds(100);
};

class InferenceClient {
 public:
  // `credentials` null means plaintext. `label` begins every error message,
  // e.g. "remote model 'm' at host:port".
  InferenceClient(const std::string& endpoint, std::shared_ptr<grpc::ChannelCredentials> credentials, CallPolicy policy,
                  std::string label);

  absl::StatusOr<bool> ServerReady() const;
  absl::StatusOr<bool> ModelReady(const std::string& name, const std::string& version) const;
  absl::StatusOr<inference::ModelMetadataResponse> ModelMetadata(const std::string& name,
                                                                 const std::string& version) const;
  absl::Status ModelInfer(const inference::ModelInferRequest& request, inference::ModelInferResponse* response) const;

  const std::string& label() const { return label_; }

 private:
  using Stub = inference::GRPCInferenceService::Stub;
  template <typename Request, typename Response>
  using Rpc = grpc::Status (Stub::*)(grpc::ClientContext*, const Request&, Response*);

  template <typename Request, typename Response>
  absl::Status Call(const char* method, Rpc<Request, Response> rpc, const Request& request, Response* response) const;

  CallPolicy policy_;
  std::string label_;
  std::unique_ptr<Stub> stub_;
};

}  // namespace glassbox::daemon

#endif  // GLASSBOX_DAEMON_MODELS_REMOTE_INFERENCE_CLIENT_H_
