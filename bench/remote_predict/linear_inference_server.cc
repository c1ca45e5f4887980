#include "bench/remote_predict/linear_inference_server.h"

#include <cmath>
#include <cstring>

namespace glassbox::bench {
namespace {

constexpr char kInput[] = "input-0";
constexpr char kOutput[] = "probability";

}  // namespace

LinearInferenceServer::LinearInferenceServer(std::string model_name, std::vector<float> weights, float bias)
    : model_name_(std::move(model_name)), weights_(std::move(weights)), bias_(bias) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
  builder.SetMaxReceiveMessageSize(-1);
  builder.RegisterService(this);
  server_ = builder.BuildAndStart();
}

LinearInferenceServer::~LinearInferenceServer() { server_->Shutdown(); }

grpc::Status LinearInferenceServer::ServerReady(grpc::ServerContext*, const inference::ServerReadyRequest*,
                                                inference::ServerReadyResponse* response) {
  response->set_ready(true);
  return grpc::Status::OK;
}

grpc::Status LinearInferenceServer::ModelReady(grpc::ServerContext*, const inference::ModelReadyRequest* request,
                                               inference::ModelReadyResponse* response) {
  if (request->name() != model_name_) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such model");
  response->set_ready(true);
  return grpc::Status::OK;
}

grpc::Status LinearInferenceServer::ModelMetadata(grpc::ServerContext*, const inference::ModelMetadataRequest* request,
                                                  inference::ModelMetadataResponse* response) {
  if (request->name() != model_name_) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such model");
  response->set_name(model_name_);
  auto* input = response->add_inputs();
  input->set_name(kInput);
  input->set_datatype("FP32");
  input->add_shape(-1);
  input->add_shape(static_cast<int64_t>(weights_.size()));
  auto* output = response->add_outputs();
  output->set_name(kOutput);
  output->set_datatype("FP32");
  output->add_shape(-1);
  output->add_shape(1);
  return grpc::Status::OK;
}

grpc::Status LinearInferenceServer::ModelInfer(grpc::ServerContext*, const inference::ModelInferRequest* request,
                                               inference::ModelInferResponse* response) {
  const size_t features = weights_.size();
  if (request->inputs_size() != 1 || request->inputs(0).datatype() != "FP32" || request->inputs(0).shape_size() != 2 ||
      request->inputs(0).shape(1) != static_cast<int64_t>(features)) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "expected one FP32 input of shape [n, features]");
  }
  const size_t rows = static_cast<size_t>(request->inputs(0).shape(0));
  const bool raw = !request->raw_input_contents().empty();
  std::vector<float> x(rows * features);
  if (raw) {
    const std::string& bytes = request->raw_input_contents(0);
    if (bytes.size() != x.size() * sizeof(float)) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "raw input size does not match its shape");
    }
    std::memcpy(x.data(), bytes.data(), bytes.size());
  } else {
    const auto& values = request->inputs(0).contents().fp32_contents();
    if (static_cast<size_t>(values.size()) != x.size()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "input size does not match its shape");
    }
    std::copy(values.begin(), values.end(), x.begin());
  }
  std::vector<float> p(rows);
  for (size_t r = 0; r < rows; ++r) {
    float margin = bias_;
    for (size_t j = 0; j < features; ++j) margin += weights_[j] * x[r * features + j];
    p[r] = 1.0f / (1.0f + std::exp(-margin));
  }
  auto* output = response->add_outputs();
  output->set_name(kOutput);
  output->set_datatype("FP32");
  output->add_shape(static_cast<int64_t>(rows));
  output->add_shape(1);
  if (raw) {
    response->add_raw_output_contents(reinterpret_cast<const char*>(p.data()), p.size() * sizeof(float));
  } else {
    output->mutable_contents()->mutable_fp32_contents()->Add(p.begin(), p.end());
  }
  return grpc::Status::OK;
}

}  // namespace glassbox::bench
