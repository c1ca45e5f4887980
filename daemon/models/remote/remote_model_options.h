// How to reach and read a model served over the KServe v2 / Open Inference
// Protocol (see remote_model.h).
#ifndef GLASSBOX_DAEMON_MODELS_REMOTE_REMOTE_MODEL_OPTIONS_H_
#define GLASSBOX_DAEMON_MODELS_REMOTE_REMOTE_MODEL_OPTIONS_H_

#include <grpcpp/security/credentials.h>

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "glassbox/v1/task.pb.h"

namespace glassbox::daemon {

struct RemoteModelOptions {
  // host:port of the inference server.
  std::string endpoint;
  // Null means a plaintext channel.
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  std::string model_name;
  // Empty: the version the server chooses.
  std::string model_version;

  glassbox::v1::TaskType task = glassbox::v1::TASK_TYPE_UNSPECIFIED;
  // The columns the model reads, in the order of its input tensor's columns.
  std::vector<std::string> feature_names;
  // Every categorical feature: its category strings in the order of the codes
  // the model was trained on. The tensor carries each value's code.
  std::map<std::string, std::vector<std::string>> categories;
  // Classification: the class labels in the order of the model's output
  // columns (binary: the negative class first; a single-column output is the
  // probability of the second). Empty means "0", "1", ... as many as the
  // output metadata gives columns (binary: two).
  std::vector<std::string> classes;

  // Empty: the model's only input / output as its metadata lists them.
  std::string input_name;
  std::string output_name;
  // Whether tensors travel as raw little-endian bytes (raw_input_contents) or
  // as typed contents (fp32_contents / fp64_contents).
  bool raw_contents = true;

  // Rows per ModelInfer call, and how many calls one Predict keeps in flight.
  // A request carries batch_size × features × 4 (FP64: 8) bytes, which must
  // fit the server's largest accepted message (often 4 MiB).
  size_t batch_size = 4096;
  size_t max_in_flight = 4;
  // The deadline of each attempt of each call.
  absl::Duration deadline = absl::Seconds(10);
  // Calls answered UNAVAILABLE are retried this many times, after waiting
  // initial_backoff, then twice as long each time.
  int max_retries = 3;
  absl::Duration initial_backoff = absl::Milliseconds(100);
};

}  // namespace glassbox::daemon

#endif  // GLASSBOX_DAEMON_MODELS_REMOTE_REMOTE_MODEL_OPTIONS_H_
