// A minimal Open Inference Protocol server for benchmarks, in process on an
// ephemeral 127.0.0.1 port: one model that answers p = sigmoid(w · x + b)
// for each FP32 row of its input, as an [n, 1] FP32 output (raw bytes when
// the request's are raw, typed contents otherwise). Raw bytes are read and
// written in host order: it runs on little-endian hosts only.
#ifndef GLASSBOX_BENCH_REMOTE_PREDICT_LINEAR_INFERENCE_SERVER_H_
#define GLASSBOX_BENCH_REMOTE_PREDICT_LINEAR_INFERENCE_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "inference/grpc_predict_v2.grpc.pb.h"

namespace glassbox::bench {

class LinearInferenceServer final : public inference::GRPCInferenceService::Service {
 public:
  LinearInferenceServer(std::string model_name, std::vector<float> weights, float bias);
  ~LinearInferenceServer() override;

  std::string endpoint() const { return "127.0.0.1:" + std::to_string(port_); }

  grpc::Status ServerReady(grpc::ServerContext*, const inference::ServerReadyRequest*,
                           inference::ServerReadyResponse* response) override;
  grpc::Status ModelReady(grpc::ServerContext*, const inference::ModelReadyRequest* request,
                          inference::ModelReadyResponse* response) override;
  grpc::Status ModelMetadata(grpc::ServerContext*, const inference::ModelMetadataRequest* request,
                             inference::ModelMetadataResponse* response) override;
  grpc::Status ModelInfer(grpc::ServerContext*, const inference::ModelInferRequest* request,
                          inference::ModelInferResponse* response) override;

 private:
  std::string model_name_;
  std::vector<float> weights_;
  float bias_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace glassbox::bench

#endif  // GLASSBOX_BENCH_REMOTE_PREDICT_LINEAR_INFERENCE_SERVER_H_
