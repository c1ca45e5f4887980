// Fuzzes RegisterModelRequest through the edge check of every request
// (server::CheckRequest) and the model registry (ModelRegistry::Register,
// which is all RegisterModel does after it) against request_fixture.h's stores, whose
// dataset `categories_from_dataset_id` may name. The input is a
// RegisterModelRequest in text format (see proto_mutator.h); the seeds carry the
// XGBoost files of tests/daemon/models/testdata, whose bytes libFuzzer's own
// mutator changes.
//
// A served model (OPEN_INFERENCE_PROTOCOL) is reached at a real gRPC server of
// this process, on a Unix socket, whose inference service is the generated one
// that answers every call UNIMPLEMENTED: whatever endpoint the request names,
// so that no input waits on the network. Its registration therefore fails once
// connected, after every check of the request.
//
// Beyond not crashing: a refusal is INVALID_ARGUMENT or NOT_FOUND with a message
// (a served model: any error but INTERNAL); a registered version has the
// request's name, a version number, the SHA-256 of the bytes, a known task,
// features, two classes or more for a classification, categories only for its
// features; and it loads back with those features and classes.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "daemon/server/request_check.h"
#include "glassbox/v1/model.pb.h"
#include "inference/grpc_predict_v2.grpc.pb.h"
#include "storage/sha256.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/proto_mutator.h"
#include "tests/fuzz/request_fixture.h"

namespace glassbox::fuzz {
namespace {

using glassbox::v1::ModelVersion;
using glassbox::v1::RegisterModelRequest;

// "unix:<path>" of a gRPC server that answers every call UNIMPLEMENTED.
const std::string& SilentServer() {
  static const std::string* address = [] {
    auto* made = new std::string(absl::StrCat("unix:", Fixture().folder, "/oip.sock"));
    static inference::GRPCInferenceService::Service unimplemented;
    grpc::ServerBuilder builder;
    builder.AddListeningPort(*made, grpc::InsecureServerCredentials());
    builder.RegisterService(&unimplemented);
    static const std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
    FUZZ_CHECK(server != nullptr, *made);
    return made;
  }();
  return *address;
}

std::vector<std::string> Words() {
  std::vector<std::string> words = FixtureWords();
  for (const char* word : {"income-xgb", "a.b_c-1", "model name", "models/x", "learner", "feature_names",
                           "feature_types", "num_feature", "num_class", "objective", "binary:logistic",
                           "multi:softprob", "multi:softmax", "reg:squarederror", "base_score", "tree_info",
                           "\"c\"", "\"q\"", "\"float\"", "\"int\"", "[", "]", "{", "}", ",", "\"", "127.0.0.1:1",
                           "localhost:8001", "sklearn-iris", "v1", "0", "-1"}) {
    words.push_back(word);
  }
  return words;
}

bool IsKnownTask(glassbox::v1::TaskType task) {
  return task == glassbox::v1::BINARY_CLASSIFICATION || task == glassbox::v1::MULTICLASS_CLASSIFICATION ||
         task == glassbox::v1::REGRESSION;
}

void CheckRegistered(const RegisterModelRequest& request, const ModelVersion& version) {
  FUZZ_CHECK(version.name() == request.name(), version.name());
  int number = 0;
  FUZZ_CHECK(absl::SimpleAtoi(version.version(), &number) && number >= 1, version.version());
  FUZZ_CHECK(version.sha256() == storage::Sha256Hex(request.model_bytes()), "the version is the bytes'");
  FUZZ_CHECK(IsKnownTask(version.task()), absl::StrCat("task ", version.task()));
  FUZZ_CHECK(version.feature_names_size() > 0, "a model reads features");
  if (version.task() != glassbox::v1::REGRESSION) {
    FUZZ_CHECK(version.class_labels_size() >= 2, absl::StrCat(version.class_labels_size(), " classes"));
  }
  for (const auto& [feature, list] : version.categories()) {
    FUZZ_CHECK(std::count(version.feature_names().begin(), version.feature_names().end(), feature) == 1, feature);
  }
  glassbox::v1::ModelReference reference;
  reference.set_name(version.name());
  reference.set_version(version.version());
  auto loaded = Fixture().models->Load(kProject, reference);
  FUZZ_CHECK(loaded.ok(), loaded.status().ToString());
  const sdk::ModelInfo& info = loaded->model->info();
  FUZZ_CHECK(std::equal(info.feature_names.begin(), info.feature_names.end(), version.feature_names().begin(),
                        version.feature_names().end()),
             "the loaded model reads the registered features");
  FUZZ_CHECK(std::equal(info.classes.begin(), info.classes.end(), version.class_labels().begin(),
                        version.class_labels().end()),
             "the loaded model has the registered classes");
}

void Test(const RegisterModelRequest& given) {
  if (auto checked = server::CheckRequest(given, {}); !checked.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(checked) && !checked.message().empty(), checked.ToString());
    return;
  }
  RegisterModelRequest request = given;
  const bool remote = request.format() == glassbox::v1::OPEN_INFERENCE_PROTOCOL;
  if (remote && !request.remote().endpoint().empty()) request.mutable_remote()->set_endpoint(SilentServer());
  auto version =
      Fixture().models->Register(request, kProject, "fuzzer", FuzzerAudit("RegisterModel", "models/" + request.name()));
  if (!version.ok()) {
    FUZZ_CHECK(!version.status().message().empty(), "a refusal says why");
    if (remote) {
      FUZZ_CHECK(!absl::IsInternal(version.status()), version.status().ToString());
    } else {
      FUZZ_CHECK(absl::IsInvalidArgument(version.status()) || absl::IsNotFound(version.status()),
                 version.status().ToString());
    }
    return;
  }
  FUZZ_CHECK(!remote, "nothing serves a model here");
  CheckRegistered(request, *version);
}

}  // namespace
}  // namespace glassbox::fuzz

GLASSBOX_PROTO_FUZZER(glassbox::v1::RegisterModelRequest, glassbox::fuzz::Words, glassbox::fuzz::Test)
