#include "daemon/models/remote/inference_client.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"

namespace glassbox::daemon {
namespace {

constexpr absl::Duration kMaxBackoff = absl::Seconds(5);

std::shared_ptr<grpc::Channel> OpenChannel(const std::string& endpoint,
                                           std::shared_ptr<grpc::ChannelCredentials> credentials,
                                           const CallPolicy& policy) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(-1);
  // Reconnect as soon as the retries come back, not after gRPC's default 1 s
  // and more, so that a restarted server is found by the next attempt.
  const int reconnect_ms = static_cast<int>(std::max<int64_t>(1, absl::ToInt64Milliseconds(policy.initial_backoff)));
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, reconnect_ms);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, reconnect_ms);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, static_cast<int>(absl::ToInt64Milliseconds(kMaxBackoff)));
  if (credentials == nullptr) credentials = grpc::InsecureChannelCredentials();
  return grpc::CreateCustomChannel(endpoint, credentials, args);
}

}  // namespace

InferenceClient::InferenceClient(const std::string& endpoint, std::shared_ptr<grpc::ChannelCredentials> credentials,
                                 CallPolicy policy, std::string label)
    : policy_(policy),
      label_(std::move(label)),
      stub_(inference::GRPCInferenceService::NewStub(OpenChannel(endpoint, std::move(credentials), policy))) {}

template <typename Request, typename Response>
absl::Status InferenceClient::Call(const char* method, Rpc<Request, Response> rpc, const Request& request,
                                   Response* response) const {
  absl::Duration backoff = policy_.initial_backoff;
  for (int attempt = 0;; ++attempt) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + policy_.deadline));
    const grpc::Status status = ((*stub_).*rpc)(&context, request, response);
    if (status.ok()) return absl::OkStatus();
    const auto code = static_cast<absl::StatusCode>(status.error_code());
    if (code == absl::StatusCode::kDeadlineExceeded) {
      return absl::DeadlineExceededError(absl::StrCat(label_, ": ", method, " got no answer within its ",
                                                      absl::FormatDuration(policy_.deadline), " deadline"));
    }
    if (code != absl::StatusCode::kUnavailable || attempt == policy_.max_retries) {
      const std::string attempts = attempt == 0 ? "" : absl::StrCat(" (", attempt + 1, " attempts)");
      return absl::Status(code, absl::StrCat(label_, ": ", method, " failed", attempts, ": ", status.error_message()));
    }
    std::this_thread::sleep_for(absl::ToChronoNanoseconds(backoff));
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
}

absl::StatusOr<bool> InferenceClient::ServerReady() const {
  inference::ServerReadyResponse response;
  if (absl::Status status = Call("ServerReady", &Stub::ServerReady, inference::ServerReadyRequest(), &response);
      !status.ok()) {
    return status;
  }
  return response.ready();
}

absl::StatusOr<bool> InferenceClient::ModelReady(const std::string& name, const std::string& version) const {
  inference::ModelReadyRequest request;
  request.set_name(name);
  request.set_version(version);
  inference::ModelReadyResponse response;
  if (absl::Status status = Call("ModelReady", &Stub::ModelReady, request, &response); !status.ok()) return status;
  return response.ready();
}

absl::StatusOr<inference::ModelMetadataResponse> InferenceClient::ModelMetadata(const std::string& name,
                                                                                const std::string& version) const {
  inference::ModelMetadataRequest request;
  request.set_name(name);
  request.set_version(version);
  inference::ModelMetadataResponse response;
  if (absl::Status status = Call("ModelMetadata", &Stub::ModelMetadata, request, &response); !status.ok()) {
    return status;
  }
  return response;
}

absl::Status InferenceClient::ModelInfer(const inference::ModelInferRequest& request,
                                         inference::ModelInferResponse* response) const {
  return Call("ModelInfer", &Stub::ModelInfer, request, response);
}

}  // namespace glassbox::daemon
