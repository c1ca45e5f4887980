// The remote backend of sdk::Model: a model served over the KServe v2 / Open
// Inference Protocol (inference.GRPCInferenceService) by KServe, Triton,
// Seldon MLServer or any conforming server.
//
// Connect checks that the server and the model are ready and that the
// model's metadata agrees with the options: one FP32 or FP64 input of shape
// [-1, features] and an output of one column per class (binary: or a single
// probability column), or one value per row for regression. Predict encodes
// the model's features (see input_tensor.h), sends batches of batch_size rows
// with up to max_in_flight calls in flight, and assembles rows × classes
// probabilities or rows × 1 values. Every error names the model and its
// endpoint. Thread-safe: concurrent Predict calls share only the channel.
#ifndef GLASSBOX_DAEMON_MODELS_REMOTE_REMOTE_MODEL_H_
#define GLASSBOX_DAEMON_MODELS_REMOTE_REMOTE_MODEL_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "daemon/models/feature_encoder.h"
#include "daemon/models/remote/inference_client.h"
#include "daemon/models/remote/inference_signature.h"
#include "daemon/models/remote/remote_model_options.h"
#include "glassbox/sdk/model.h"

namespace glassbox::daemon {

class RemoteModel final : public sdk::Model {
 public:
  // INVALID_ARGUMENT for bad options or metadata that disagrees with them;
  // UNAVAILABLE when the server cannot be reached (after the retries) or the
  // server or model is not ready; otherwise the server's own error code.
  static absl::StatusOr<std::unique_ptr<RemoteModel>> Connect(RemoteModelOptions options);

  const sdk::ModelInfo& info() const override { return info_; }

  // INVALID_ARGUMENT when `rows` lacks a feature; DEADLINE_EXCEEDED when a
  // call is not answered in time; UNAVAILABLE when the server stays
  // unreachable; INTERNAL when an answer does not have the expected shape.
  absl::StatusOr<Eigen::MatrixXd> Predict(const sdk::Table& rows) const override;

 private:
  RemoteModel(RemoteModelOptions options, std::unique_ptr<InferenceClient> client, FeatureEncoder encoder,
              InferenceSignature signature, sdk::ModelInfo info)
      : options_(std::move(options)),
        client_(std::move(client)),
        encoder_(std::move(encoder)),
        signature_(std::move(signature)),
        info_(std::move(info)) {}

  // A request naming the model, its input tensor and the wanted output, without contents.
  inference::ModelInferRequest RequestTemplate() const;

  RemoteModelOptions options_;
  std::unique_ptr<InferenceClient> client_;
  FeatureEncoder encoder_;
  InferenceSignature signature_;
  sdk::ModelInfo info_;
};

}  // namespace glassbox::daemon

#endif  // GLASSBOX_DAEMON_MODELS_REMOTE_REMOTE_MODEL_H_
