// RemoteModel against a real Open Inference Protocol server: the Python
// server tests/support/oip_server.py serving scikit-learn models trained on
// adult.csv. Expected outputs are scikit-learn's own (predict_proba or
// predict on the whole of adult_test_scored.csv, computed by the server
// script at start); the remote model sends the same rows in batches. adult's
// numeric columns are integers below 2^24, so FP32 tensors carry them exactly.
#include "daemon/models/remote/remote_model.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/oip_server_process.h"

namespace glassbox::daemon {
namespace {

using ::glassbox::testing::DatasetPath;
using ::glassbox::testing::OipServerProcess;
using ::glassbox::testing::ReadCsvFile;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class RemoteModelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { scored_ = new sdk::Table(ReadCsvFile(DatasetPath("adult_test_scored.csv"))); }
  static void TearDownTestSuite() { delete scored_; }

  // Starts the server; fails the test (and returns false) when it does not listen.
  bool StartServer(const std::vector<std::string>& flags = {}) {
    absl::StatusOr<std::unique_ptr<OipServerProcess>> server = OipServerProcess::Start(flags);
    EXPECT_TRUE(server.ok()) << server.status();
    if (!server.ok()) return false;
    server_ = *std::move(server);
    return true;
  }

  // The options that describe the server's model as its card gives it.
  RemoteModelOptions Options() const {
    RemoteModelOptions options;
    options.endpoint = server_->endpoint();
    options.model_name = server_->card().model_name;
    options.task = server_->card().task;
    options.feature_names = server_->card().features;
    options.categories = server_->card().categories;
    options.classes = server_->card().classes;
    return options;
  }

  std::unique_ptr<RemoteModel> Connect(const RemoteModelOptions& options) {
    absl::StatusOr<std::unique_ptr<RemoteModel>> model = RemoteModel::Connect(options);
    EXPECT_TRUE(model.ok()) << model.status();
    return model.ok() ? *std::move(model) : nullptr;
  }

  // Predict on adult_test_scored.csv, checked against scikit-learn's outputs.
  void ExpectScikitLearnOutputs(const RemoteModel& model, double tolerance = 1e-6) {
    absl::StatusOr<Eigen::MatrixXd> predicted = model.Predict(*scored_);
    ASSERT_TRUE(predicted.ok()) << predicted.status();
    ASSERT_EQ(predicted->rows(), server_->expected().rows());
    ASSERT_EQ(predicted->cols(), server_->expected().cols());
    EXPECT_LE((*predicted - server_->expected()).cwiseAbs().maxCoeff(), tolerance);
  }

  static sdk::Table* scored_;
  std::unique_ptr<OipServerProcess> server_;
};

sdk::Table* RemoteModelTest::scored_ = nullptr;

// As std::string, which gMock prints readably.
std::string Message(const absl::Status& status) { return std::string(status.message()); }

// A 127.0.0.1 port nothing listens on (it was free a moment ago).
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

TEST_F(RemoteModelTest, BinaryProbabilitiesAreScikitLearnsPredictProba) {
  ASSERT_TRUE(StartServer());
  // The model codes categories in order of first appearance in adult.csv, not
  // sorted as the table's dictionaries are: Predict must re-code them.
  EXPECT_FALSE(std::is_sorted(server_->card().categories.at("relationship").begin(),
                              server_->card().categories.at("relationship").end()));
  std::unique_ptr<RemoteModel> model = Connect(Options());
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->info().task, glassbox::v1::BINARY_CLASSIFICATION);
  EXPECT_THAT(model->info().classes, ElementsAre("<=50K", ">50K"));
  EXPECT_EQ(model->info().feature_names, server_->card().features);
  ExpectScikitLearnOutputs(*model);
}

TEST_F(RemoteModelTest, SingleProbabilityOutputBecomesBothClasses) {
  ASSERT_TRUE(StartServer({"--single-probability"}));
  std::unique_ptr<RemoteModel> model = Connect(Options());
  ASSERT_NE(model, nullptr);
  ExpectScikitLearnOutputs(*model);
}

TEST_F(RemoteModelTest, Fp64InputsAndFp32OutputsAsTypedContents) {
  ASSERT_TRUE(StartServer({"--input-datatype=FP64", "--output-datatype=FP32"}));
  RemoteModelOptions options = Options();
  options.raw_contents = false;
  std::unique_ptr<RemoteModel> model = Connect(options);
  ASSERT_NE(model, nullptr);
  // FP32 probabilities are within half a float ulp (< 6e-8) of scikit-learn's doubles.
  ExpectScikitLearnOutputs(*model);
}

TEST_F(RemoteModelTest, MulticlassProbabilitiesAreScikitLearnsPredictProba) {
  ASSERT_TRUE(StartServer({"--target=race"}));
  std::unique_ptr<RemoteModel> model = Connect(Options());
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->info().task, glassbox::v1::MULTICLASS_CLASSIFICATION);
  EXPECT_EQ(model->info().classes.size(), 5u);
  ExpectScikitLearnOutputs(*model);
}

TEST_F(RemoteModelTest, RegressionValuesAreScikitLearnsPredict) {
  ASSERT_TRUE(StartServer({"--target=hours-per-week"}));
  std::unique_ptr<RemoteModel> model = Connect(Options());
  ASSERT_NE(model, nullptr);
  EXPECT_TRUE(model->info().classes.empty());
  ExpectScikitLearnOutputs(*model);
}

TEST_F(RemoteModelTest, SmallBatchesGiveTheSameResults) {
  ASSERT_TRUE(StartServer());
  RemoteModelOptions options = Options();
  options.batch_size = 20000;
  std::unique_ptr<RemoteModel> whole = Connect(options);
  options.batch_size = 997;
  options.max_in_flight = 3;
  std::unique_ptr<RemoteModel> batched = Connect(options);
  ASSERT_NE(whole, nullptr);
  ASSERT_NE(batched, nullptr);
  absl::StatusOr<Eigen::MatrixXd> at_once = whole->Predict(*scored_);
  absl::StatusOr<Eigen::MatrixXd> in_batches = batched->Predict(*scored_);
  ASSERT_TRUE(at_once.ok()) << at_once.status();
  ASSERT_TRUE(in_batches.ok()) << in_batches.status();
  // The server's BLAS may round a row differently in a matrix of another size, by an ulp or so.
  EXPECT_LE((*at_once - *in_batches).cwiseAbs().maxCoeff(), 1e-12);
  ExpectScikitLearnOutputs(*batched);
}

TEST_F(RemoteModelTest, ConcurrentPredictCallsAgree) {
  ASSERT_TRUE(StartServer());
  RemoteModelOptions options = Options();
  options.batch_size = 1500;
  std::unique_ptr<RemoteModel> model = Connect(options);
  ASSERT_NE(model, nullptr);
  std::vector<absl::StatusOr<Eigen::MatrixXd>> results(4);
  std::vector<std::thread> threads;
  for (auto& result : results) threads.emplace_back([&] { result = model->Predict(*scored_); });
  for (std::thread& thread : threads) thread.join();
  for (const auto& result : results) {
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_LE((*result - server_->expected()).cwiseAbs().maxCoeff(), 1e-6);
  }
}

TEST_F(RemoteModelTest, RetriesCallsAnsweredUnavailable) {
  ASSERT_TRUE(StartServer({"--unavailable-calls=3"}));
  RemoteModelOptions options = Options();
  options.max_retries = 3;
  options.initial_backoff = absl::Milliseconds(10);
  std::unique_ptr<RemoteModel> model = Connect(options);
  ASSERT_NE(model, nullptr);
  ExpectScikitLearnOutputs(*model);
}

TEST_F(RemoteModelTest, GivesUpWhenTheServerStaysUnavailable) {
  ASSERT_TRUE(StartServer({"--unavailable-calls=1000"}));
  RemoteModelOptions options = Options();
  options.max_retries = 2;
  options.initial_backoff = absl::Milliseconds(10);
  std::unique_ptr<RemoteModel> model = Connect(options);
  ASSERT_NE(model, nullptr);
  const absl::Status status = model->Predict(*scored_).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(Message(status), HasSubstr("remote model 'adult' at " + server_->endpoint() +
                                         ": ModelInfer failed (3 attempts): warming up"));
}

TEST_F(RemoteModelTest, SlowServerExceedsTheDeadline) {
  ASSERT_TRUE(StartServer({"--delay=2"}));
  RemoteModelOptions options = Options();
  options.deadline = absl::Milliseconds(300);
  std::unique_ptr<RemoteModel> model = Connect(options);
  ASSERT_NE(model, nullptr);
  const absl::Status status = model->Predict(*scored_).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(Message(status), HasSubstr(server_->endpoint()));
  EXPECT_THAT(Message(status), HasSubstr("ModelInfer got no answer within its 300ms deadline"));
}

TEST_F(RemoteModelTest, AnswerOfTheWrongShapeIsRefused) {
  ASSERT_TRUE(StartServer({"--wrong-shape"}));
  RemoteModelOptions options = Options();
  options.batch_size = 20000;
  std::unique_ptr<RemoteModel> model = Connect(options);
  ASSERT_NE(model, nullptr);
  const absl::Status status = model->Predict(*scored_).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(
      Message(status),
      HasSubstr("remote model 'adult' at " + server_->endpoint() +
                ": output 'predict_proba' has shape [10054, 3] for a batch of 10054 rows; expected [10054, 2]"));
}

TEST_F(RemoteModelTest, UnreachableServerIsUnavailable) {
  const std::string endpoint = "127.0.0.1:" + std::to_string(FreePort());
  RemoteModelOptions options;
  options.endpoint = endpoint;
  options.model_name = "adult";
  options.task = glassbox::v1::BINARY_CLASSIFICATION;
  options.feature_names = {"age"};
  options.max_retries = 1;
  options.initial_backoff = absl::Milliseconds(10);
  const absl::Status status = RemoteModel::Connect(options).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(Message(status), HasSubstr("remote model 'adult' at " + endpoint + ": ServerReady failed (2 attempts)"));
}

TEST_F(RemoteModelTest, ServerGoneAfterConnectIsUnavailable) {
  ASSERT_TRUE(StartServer());
  RemoteModelOptions options = Options();
  options.max_retries = 1;
  options.initial_backoff = absl::Milliseconds(10);
  std::unique_ptr<RemoteModel> model = Connect(options);
  ASSERT_NE(model, nullptr);
  server_->Kill();
  const absl::Status status = model->Predict(*scored_).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(Message(status), HasSubstr("remote model 'adult' at " + server_->endpoint() + ": ModelInfer failed"));
}

TEST_F(RemoteModelTest, ModelThatIsNotReadyIsRefused) {
  ASSERT_TRUE(StartServer({"--not-ready"}));
  const absl::Status status = RemoteModel::Connect(Options()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Message(status), "remote model 'adult' at " + server_->endpoint() + ": the model is not ready");
}

TEST_F(RemoteModelTest, UnknownModelIsRefused) {
  ASSERT_TRUE(StartServer());
  RemoteModelOptions options = Options();
  options.model_name = "income";
  options.model_version = "2";
  const absl::Status status = RemoteModel::Connect(options).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Message(status), HasSubstr("remote model 'income' version 2 at " + server_->endpoint() +
                                         ": ModelReady failed: no model named 'income'"));
}

TEST_F(RemoteModelTest, MetadataThatDisagreesWithTheOptionsIsRefused) {
  ASSERT_TRUE(StartServer());
  RemoteModelOptions options = Options();
  options.feature_names.pop_back();
  options.categories.erase("sex");
  absl::Status status = RemoteModel::Connect(options).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Message(status), "remote model 'adult' at " + server_->endpoint() +
                                 ": input 'input-0' has shape [-1, 10], 10 features, but feature_names gives 9");

  options = Options();
  options.task = glassbox::v1::MULTICLASS_CLASSIFICATION;
  options.classes = {"a", "b", "c"};
  status = RemoteModel::Connect(options).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(status), HasSubstr("output 'predict_proba' has shape [-1, 2]; expected [-1, 3]"));
}

TEST_F(RemoteModelTest, MetadataWithoutTensorsNeedsTheInputName) {
  ASSERT_TRUE(StartServer({"--bare-metadata"}));
  RemoteModelOptions options = Options();
  EXPECT_THAT(Message(RemoteModel::Connect(options).status()),
              HasSubstr("the model's metadata lists no inputs; give input_name"));
  options.input_name = server_->card().input_name;
  std::unique_ptr<RemoteModel> model = Connect(options);
  ASSERT_NE(model, nullptr);
  ExpectScikitLearnOutputs(*model);
}

TEST_F(RemoteModelTest, TableWithoutAFeatureIsRefused) {
  ASSERT_TRUE(StartServer());
  std::unique_ptr<RemoteModel> model = Connect(Options());
  ASSERT_NE(model, nullptr);
  std::vector<std::string> columns = scored_->ColumnNames();
  columns.erase(std::find(columns.begin(), columns.end(), "race"));
  absl::StatusOr<sdk::Table> without_race = scored_->SelectColumns(columns);
  ASSERT_TRUE(without_race.ok());
  const absl::Status status = model->Predict(*without_race).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(status), HasSubstr("the table lacks the model's features: race"));

  absl::StatusOr<Eigen::MatrixXd> none = model->Predict(scored_->SelectRows({}));
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(none->rows(), 0);
  EXPECT_EQ(none->cols(), 2);
}

TEST_F(RemoteModelTest, BadOptionsAreRefusedBeforeAnyCall) {
  RemoteModelOptions options;
  options.endpoint = "127.0.0.1:1";
  options.model_name = "m";
  options.task = glassbox::v1::REGRESSION;
  options.feature_names = {"a"};
  options.batch_size = 0;
  EXPECT_EQ(RemoteModel::Connect(options).status(),
            absl::InvalidArgumentError("remote model 'm' at 127.0.0.1:1: option 'batch_size' must be >= 1; got 0"));
  options.batch_size = 1;
  options.categories["b"] = {"x"};
  EXPECT_EQ(RemoteModel::Connect(options).status(),
            absl::InvalidArgumentError(
                "remote model 'm' at 127.0.0.1:1: categories are given for 'b', which is not in feature_names"));
}

}  // namespace
}  // namespace glassbox::daemon
