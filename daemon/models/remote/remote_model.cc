#include "daemon/models/remote/remote_model.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "daemon/models/remote/for_each_in_parallel.h"
#include "daemon/models/remote/input_tensor.h"
#include "daemon/models/remote/output_tensor.h"

namespace glassbox::daemon {
namespace {

absl::Status CheckOptions(const RemoteModelOptions& options) {
  if (options.endpoint.empty()) return absl::InvalidArgumentError("option 'endpoint' is empty; give host:port");
  if (options.model_name.empty()) {
    return absl::InvalidArgumentError("option 'model_name' is empty; give the name the server serves the model by");
  }
  if (options.feature_names.empty()) {
    return absl::InvalidArgumentError(
        "option 'feature_names' is empty; give the columns the model reads, in its input order");
  }
  if (options.batch_size == 0) return absl::InvalidArgumentError("option 'batch_size' must be >= 1; got 0");
  if (options.max_in_flight == 0) return absl::InvalidArgumentError("option 'max_in_flight' must be >= 1; got 0");
  if (options.deadline <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("option 'deadline' must be positive; got ", absl::FormatDuration(options.deadline)));
  }
  if (options.max_retries < 0) {
    return absl::InvalidArgumentError(absl::StrCat("option 'max_retries' must be >= 0; got ", options.max_retries));
  }
  if (options.initial_backoff < absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("option 'initial_backoff' must be >= 0; got ", absl::FormatDuration(options.initial_backoff)));
  }
  return absl::OkStatus();
}

absl::StatusOr<FeatureEncoder> MakeEncoder(const RemoteModelOptions& options) {
  std::vector<FeatureSpec> features;
  size_t categorical = 0;
  for (const std::string& name : options.feature_names) {
    const auto categories = options.categories.find(name);
    if (categories == options.categories.end()) {
      features.push_back(FeatureSpec{name, false, {}});
    } else {
      features.push_back(FeatureSpec{name, true, categories->second});
      ++categorical;
    }
  }
  if (categorical != options.categories.size()) {
    for (const auto& [name, categories] : options.categories) {
      if (std::find(options.feature_names.begin(), options.feature_names.end(), name) == options.feature_names.end()) {
        return absl::InvalidArgumentError(
            absl::StrCat("categories are given for '", name, "', which is not in feature_names"));
      }
    }
  }
  return FeatureEncoder::Create(std::move(features));
}

std::string Label(const RemoteModelOptions& options) {
  const std::string version = options.model_version.empty() ? "" : absl::StrCat(" version ", options.model_version);
  return absl::StrCat("remote model '", options.model_name, "'", version, " at ", options.endpoint);
}

absl::Status Labelled(const absl::Status& status, const std::string& label) {
  return absl::Status(status.code(), absl::StrCat(label, ": ", status.message()));
}

}  // namespace

absl::StatusOr<std::unique_ptr<RemoteModel>> RemoteModel::Connect(RemoteModelOptions options) {
  const std::string label = Label(options);
  if (absl::Status status = CheckOptions(options); !status.ok()) return Labelled(status, label);
  absl::StatusOr<FeatureEncoder> encoder = MakeEncoder(options);
  if (!encoder.ok()) return Labelled(encoder.status(), label);

  const CallPolicy policy{
      .deadline = options.deadline, .max_retries = options.max_retries, .initial_backoff = options.initial_backoff};
  auto client = std::make_unique<InferenceClient>(options.endpoint, options.credentials, policy, label);
  absl::StatusOr<bool> server_ready = client->ServerReady();
  if (!server_ready.ok()) return server_ready.status();
  if (!*server_ready) return absl::UnavailableError(absl::StrCat(label, ": the server is not ready"));
  absl::StatusOr<bool> model_ready = client->ModelReady(options.model_name, options.model_version);
  if (!model_ready.ok()) return model_ready.status();
  if (!*model_ready) return absl::UnavailableError(absl::StrCat(label, ": the model is not ready"));
  absl::StatusOr<inference::ModelMetadataResponse> metadata =
      client->ModelMetadata(options.model_name, options.model_version);
  if (!metadata.ok()) return metadata.status();
  absl::StatusOr<InferenceSignature> signature = ResolveSignature(*metadata, options);
  if (!signature.ok()) return Labelled(signature.status(), label);

  sdk::ModelInfo info{.task = options.task, .feature_names = options.feature_names, .classes = signature->classes};
  return std::unique_ptr<RemoteModel>(new RemoteModel(std::move(options), std::move(client), *std::move(encoder),
                                                      *std::move(signature), std::move(info)));
}

inference::ModelInferRequest RemoteModel::RequestTemplate() const {
  inference::ModelInferRequest request;
  request.set_model_name(options_.model_name);
  request.set_model_version(options_.model_version);
  inference::ModelInferRequest::InferInputTensor* input = request.add_inputs();
  input->set_name(signature_.input_name);
  input->set_datatype(DatatypeName(signature_.input_datatype));
  if (!signature_.output_name.empty()) request.add_outputs()->set_name(signature_.output_name);
  return request;
}

absl::StatusOr<Eigen::MatrixXd> RemoteModel::Predict(const sdk::Table& rows) const {
  absl::StatusOr<InputTensorWriter> writer =
      InputTensorWriter::Bind(encoder_, rows, signature_.input_datatype, options_.raw_contents);
  if (!writer.ok()) return Labelled(writer.status(), client_->label());

  const size_t num_rows = rows.num_rows();
  const bool regression = info_.task == glassbox::v1::REGRESSION;
  Eigen::MatrixXd out(num_rows, regression ? 1 : info_.classes.size());
  const size_t batch_size = options_.batch_size;
  const size_t num_batches = (num_rows + batch_size - 1) / batch_size;

  struct Buffers {
    inference::ModelInferRequest request;
    inference::ModelInferResponse response;
    InputScratch scratch;
  };
  std::vector<Buffers> buffers(std::min(options_.max_in_flight, num_batches));
  for (Buffers& buffer : buffers) buffer.request = RequestTemplate();

  absl::Status status = ForEachInParallel(num_batches, buffers.size(), [&](size_t worker, size_t batch) {
    Buffers& buffer = buffers[worker];
    const size_t begin = batch * batch_size;
    const size_t end = std::min(begin + batch_size, num_rows);
    writer->Write(begin, end, buffer.scratch, buffer.request);
    if (absl::Status called = client_->ModelInfer(buffer.request, &buffer.response); !called.ok()) return called;
    absl::Status read = ReadOutputTensor(buffer.response, signature_, end - begin, begin, out);
    return read.ok() ? read : Labelled(read, client_->label());
  });
  if (!status.ok()) return status;
  return out;
}

}  // namespace glassbox::daemon
