// The SDK as a platform team uses it, end to end: `cmake --install` of this
// build tree's SDK into a fresh prefix; sdk/examples/calibration built out of
// tree against that prefix alone (find_package(glassbox-sdk)); the plugin
// dropped into a running glassboxd's plugin folder and loaded by
// ReloadPlugins; its runs on adult_test_scored.csv checked against
// scikit-learn, with their lineage (version, library hash) and scorecard
// section; and a rebuilt version picked up by a second reload.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "glassbox/sdk/analyzer.h"
#include "google/protobuf/struct.pb.h"
#include "storage/sha256.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"

namespace glassbox::testing {
namespace {

namespace fs = std::filesystem;
namespace v1 = glassbox::v1;
using ::testing::DoubleEq;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pointwise;

// scikit-learn 1.2.1 / numpy 1.24.2 on adult_test_scored.csv (10,054 rows, 2,503 '>50K'), y = income,
// s = probability:
//   brier_score_loss(y, s, pos_label='>50K');
//   prob_true, prob_pred = calibration_curve(y, s, pos_label='>50K', n_bins=n, strategy=...);
//   edges = numpy.linspace(0, 1, n + 1) (uniform) or numpy.percentile(s, numpy.linspace(0, 1, n + 1) * 100);
//   rows = numpy.bincount(numpy.searchsorted(edges[1:-1], s)) without its zeros, as calibration_curve bins;
//   ECE = sum(rows / 10054 * |prob_true - prob_pred|), MCE = max |prob_true - prob_pred|.
constexpr double kBrierScoreLoss = 0.0928548942108685;

struct ExpectedCurve {
  std::vector<double> edges;
  std::vector<double> rows;
  std::vector<double> prob_true;
  std::vector<double> prob_pred;
  double expected_calibration_error;
  double maximum_calibration_error;
};

const ExpectedCurve kUniformTenBins = {
    {0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9, 1.0},
    {5454, 913, 579, 538, 448, 375, 336, 339, 303, 769},
    {0.026585991932526587, 0.18729463307776562, 0.27806563039723664, 0.34386617100371747, 0.43973214285714285,
     0.5893333333333334, 0.5565476190476191, 0.6991150442477876, 0.8283828382838284, 0.9726918075422627},
    {0.017793180418041774, 0.14565901423877345, 0.2467035820379967, 0.3480729591078066, 0.4480134888392856,
     0.5494978773333334, 0.6483366517857146, 0.749044162241888, 0.8499133993399343, 0.9829705838751629},
    0.018622911875870334,
    0.09178903273809558};

const ExpectedCurve kQuantileFiveBins = {
    {2e-06, 0.002893000000000001, 0.022943800000000014, 0.15783780000000022, 0.5262804000000003, 0.999984},
    {2011, 2011, 2010, 2011, 2011},
    {0.002486325211337643, 0.013426156141223273, 0.10398009950248756, 0.33664843361511687, 0.7881650919940328},
    {0.0007667304823470917, 0.010405186971655883, 0.07345542985074623, 0.3220805912481355, 0.8126733341621092},
    0.014866706385518319,
    0.030524669651741332};

struct CommandResult {
  int exit_code = -1;
  std::string output;
};

// Runs `command` in a shell, stderr with stdout.
CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string Quoted(const std::string& text) { return "'" + text + "'"; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The file `ldd` says the library `soname` resolves to, or "" if it does not.
std::string ResolvedLibrary(const std::string& ldd_output, const std::string& soname) {
  const std::string marker = soname + " => ";
  const size_t start = ldd_output.find(marker);
  if (start == std::string::npos) return "";
  const size_t path = start + marker.size();
  return ldd_output.substr(path, ldd_output.find(" (", path) - path);
}

// As a platform team deploys a plugin: a copy renamed into place, so the
// daemon never sees half a file.
void Deploy(const std::string& plugin, const std::string& folder) {
  const std::string target = folder + "/calibration.so";
  fs::copy_file(plugin, target + ".new", fs::copy_options::overwrite_existing);
  fs::rename(target + ".new", target);
}

const v1::Analyzer* FindAnalyzer(const google::protobuf::RepeatedPtrField<v1::Analyzer>& analyzers,
                                 const std::string& name) {
  for (const auto& analyzer : analyzers) {
    if (analyzer.name() == name) return &analyzer;
  }
  return nullptr;
}

v1::ListAnalyzersResponse ListAnalyzers(DaemonProcess& daemon) {
  grpc::ClientContext context;
  v1::ListAnalyzersResponse response;
  EXPECT_TRUE(daemon.stub().ListAnalyzers(&context, {}, &response).ok());
  return response;
}

// A run of calibration with `params` on adult_test_scored.csv's prediction and probability columns.
v1::RunSpec CalibrationSpec(const std::string& dataset_id, const std::string& params) {
  v1::RunSpec spec;
  spec.set_dataset_id(dataset_id);
  spec.set_target_column("income");
  spec.set_task(v1::BINARY_CLASSIFICATION);
  spec.mutable_predictions()->set_prediction_column("prediction");
  spec.mutable_predictions()->add_probability_columns("probability");
  spec.set_positive_class(">50K");
  auto* analysis = spec.add_analyses();
  analysis->set_analyzer("calibration");
  *analysis->mutable_params() = ParseParams(params);
  return spec;
}

grpc::Status CreateRun(DaemonProcess& daemon, const v1::RunSpec& spec, v1::Run* created) {
  v1::CreateRunRequest request;
  *request.mutable_spec() = spec;
  grpc::ClientContext context;
  return daemon.stub().CreateRun(&context, request, created);
}

// Creates the run and waits for its end.
v1::Run Execute(DaemonProcess& daemon, const v1::RunSpec& spec) {
  v1::Run created;
  grpc::Status status = CreateRun(daemon, spec, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return WaitForRun(daemon.stub(), created.id());
}

v1::Insight InsightOf(DaemonProcess& daemon, const v1::Run& run) {
  EXPECT_EQ(run.analyses_size(), 1);
  grpc::ClientContext context;
  v1::GetInsightRequest request;
  request.set_id(run.analyses(0).insight_id());
  v1::Insight insight;
  EXPECT_TRUE(daemon.stub().GetInsight(&context, request, &insight).ok());
  return insight;
}

std::vector<double> Numbers(const google::protobuf::ListValue& list) {
  std::vector<double> numbers;
  for (const auto& value : list.values()) numbers.push_back(value.number_value());
  return numbers;
}

// Every number the insight holds, in its blocks and its payload, against the reference.
void ExpectCurve(const v1::Insight& insight, const ExpectedCurve& expected) {
  std::map<std::string, double> metrics;
  const v1::ChartBlock* chart = nullptr;
  const v1::TableBlock* table = nullptr;
  for (const auto& block : insight.blocks()) {
    if (block.has_metric()) metrics[block.metric().name()] = block.metric().value();
    if (block.has_chart()) chart = &block.chart();
    if (block.has_table()) table = &block.table();
  }
  // Ours sums the rows in order, numpy pairwise: the last digits may differ.
  EXPECT_NEAR(metrics["brier_score_loss"], kBrierScoreLoss, 1e-14);
  EXPECT_NEAR(metrics["expected_calibration_error"], expected.expected_calibration_error, 1e-15);
  EXPECT_NEAR(metrics["maximum_calibration_error"], expected.maximum_calibration_error, 1e-15);

  ASSERT_NE(chart, nullptr);
  EXPECT_EQ(chart->kind(), v1::LINE);
  ASSERT_EQ(chart->series_size(), 2);
  EXPECT_EQ(chart->categories_size(), static_cast<int>(expected.rows.size()));
  EXPECT_THAT(std::vector<double>(chart->series(0).values().begin(), chart->series(0).values().end()),
              Pointwise(DoubleEq(), expected.prob_true));
  EXPECT_THAT(std::vector<double>(chart->series(1).values().begin(), chart->series(1).values().end()),
              Pointwise(DoubleEq(), expected.prob_pred));
  ASSERT_NE(table, nullptr);
  std::vector<double> table_rows;
  for (const auto& row : table->rows()) table_rows.push_back(row.cells(1).number());
  EXPECT_EQ(table_rows, expected.rows);

  google::protobuf::Struct payload;
  ASSERT_TRUE(insight.payload().UnpackTo(&payload)) << insight.payload().type_url();
  const auto& fields = payload.fields();
  EXPECT_THAT(Numbers(fields.at("bin_edges").list_value()), Pointwise(DoubleEq(), expected.edges));
  EXPECT_EQ(fields.at("brier_score_loss").number_value(), metrics["brier_score_loss"]);
  EXPECT_EQ(fields.at("expected_calibration_error").number_value(), metrics["expected_calibration_error"]);
  EXPECT_EQ(fields.at("maximum_calibration_error").number_value(), metrics["maximum_calibration_error"]);
  EXPECT_EQ(fields.at("rows").number_value(), 10054);
  std::vector<double> payload_rows, payload_true, payload_pred;
  for (const auto& bin : fields.at("bins").list_value().values()) {
    payload_rows.push_back(bin.struct_value().fields().at("rows").number_value());
    payload_true.push_back(bin.struct_value().fields().at("fraction_of_positives").number_value());
    payload_pred.push_back(bin.struct_value().fields().at("mean_predicted_probability").number_value());
  }
  EXPECT_EQ(payload_rows, expected.rows);
  EXPECT_THAT(payload_true, Pointwise(DoubleEq(), expected.prob_true));
  EXPECT_THAT(payload_pred, Pointwise(DoubleEq(), expected.prob_pred));
}

// Whether a line of `text` holds `part` alone, between blanks.
bool HasLineOnly(const std::string& text, const std::string& part) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const size_t begin = line.find_first_not_of(' ');
    if (begin != std::string::npos && line.substr(begin, line.find_last_not_of(' ') + 1 - begin) == part) return true;
  }
  return false;
}

// The text of the scorecard CreateScorecard issues for `run_id` with an empty configuration.
std::string ScorecardText(DaemonProcess& daemon, const std::string& run_id, const std::string& folder) {
  grpc::ClientContext create_context;
  v1::CreateScorecardRequest create;
  create.set_run_id(run_id);
  create.set_config_json("{}");
  v1::Scorecard card;
  grpc::Status status = daemon.stub().CreateScorecard(&create_context, create, &card);
  EXPECT_TRUE(status.ok()) << status.error_message();

  grpc::ClientContext get_context;
  v1::GetScorecardRequest get;
  get.set_id(card.id());
  auto reader = daemon.stub().GetScorecard(&get_context, get);
  v1::ScorecardChunk chunk;
  std::string pdf;
  while (reader->Read(&chunk)) pdf += chunk.data();
  EXPECT_TRUE(reader->Finish().ok());
  const std::string path = folder + "/card.pdf";
  std::ofstream(path, std::ios::binary) << pdf;
  return RunCommand("pdftotext -layout " + Quoted(path) + " -").output;
}

class SdkInstallTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    workspace_ = new TemporaryFolder;
    // The example's own files only, as a plugin author's checkout would hold them.
    fs::copy(GLASSBOX_SOURCE_DIR "/sdk/examples/calibration", ExampleSource());
    ready_ = Step("installing the SDK", std::string(CMAKE_COMMAND) + " --install " + Quoted(GLASSBOX_BINARY_DIR) +
                                            " --prefix " + Quoted(Prefix()) + " --component sdk") &&
             Step("configuring the example", std::string(CMAKE_COMMAND) + " -S " + Quoted(ExampleSource()) + " -B " +
                                                 Quoted(ExampleBuild()) + " -G " + Quoted(CMAKE_GENERATOR) +
                                                 " -DCMAKE_CXX_COMPILER=" + Quoted(CXX_COMPILER) +
                                                 " -DCMAKE_PREFIX_PATH=" + Quoted(Prefix())) &&
             BuildExample();
  }

  static void TearDownTestSuite() {
    delete workspace_;
    workspace_ = nullptr;
  }

  void SetUp() override { ASSERT_TRUE(ready_) << "the SDK did not install or the example did not build"; }

  static std::string Workspace() { return workspace_->path(); }
  static std::string Prefix() { return Workspace() + "/prefix"; }
  static std::string ExampleSource() { return Workspace() + "/calibration"; }
  static std::string ExampleBuild() { return Workspace() + "/calibration-build"; }
  static std::string BuiltPlugin() { return ExampleBuild() + "/calibration.so"; }

  // Runs `command`; a failure fails the test with its output.
  static bool Step(const std::string& what, const std::string& command) {
    CommandResult result = RunCommand(command);
    EXPECT_EQ(result.exit_code, 0) << what << " failed: " << command << "\n" << result.output;
    return result.exit_code == 0;
  }

  static bool BuildExample() {
    return Step("building the example", std::string(CMAKE_COMMAND) + " --build " + Quoted(ExampleBuild()));
  }

  // Changes the project version in the example's CMakeLists.txt, as its author would for a release.
  static void SetExampleVersion(const std::string& from, const std::string& to) {
    const std::string path = ExampleSource() + "/CMakeLists.txt";
    std::string text = ReadFile(path);
    const std::string old_version = "VERSION " + from;
    const size_t at = text.find(old_version);
    ASSERT_NE(at, std::string::npos) << path << " has no " << old_version;
    text.replace(at, old_version.size(), "VERSION " + to);
    std::ofstream(path) << text;
  }

  static TemporaryFolder* workspace_;
  static bool ready_;
};

TemporaryFolder* SdkInstallTest::workspace_ = nullptr;
bool SdkInstallTest::ready_ = false;

TEST_F(SdkInstallTest, ThePackageBuildsAPluginFromThePrefixAlone) {
  for (const char* file :
       {"lib/libglassbox_sdk.so", "lib/libglassbox_proto.so", "include/glassbox/sdk/analyzer.h",
        "include/glassbox/sdk/metrics.h", "include/glassbox/v1/insight.pb.h",
        "include/glassbox/v1/analyses/model_overview.pb.h", "share/glassbox/proto/glassbox/v1/service.proto",
        "share/glassbox/proto/glassbox/v1/analyses/model_overview.proto",
        "lib/cmake/glassbox-sdk/glassbox-sdk-config.cmake", "lib/cmake/glassbox-sdk/glassbox-sdk-config-version.cmake",
        "lib/cmake/glassbox-sdk/glassbox-sdk-targets.cmake", "lib/cmake/glassbox-sdk/GlassboxSdkAnalyzer.cmake"}) {
    EXPECT_TRUE(fs::exists(Prefix() + "/" + file)) << file;
  }
  EXPECT_FALSE(fs::exists(Prefix() + "/bin/glassboxd")) << "the sdk component is the SDK alone";
  EXPECT_THAT(ReadFile(ExampleBuild() + "/CMakeCache.txt"),
              HasSubstr("glassbox-sdk_DIR:PATH=" + Prefix() + "/lib/cmake/glassbox-sdk"));
  // Every header and library the build used is the prefix's: the build (its
  // dependency records included) never names the source or build tree.
  CommandResult references = RunCommand("grep -rlF -e " + Quoted(GLASSBOX_SOURCE_DIR "/") + " -e " +
                                        Quoted(GLASSBOX_BINARY_DIR "/") + " " + Quoted(ExampleBuild()));
  EXPECT_EQ(references.output, "");

  // Hidden visibility: only GLASSBOX_PLUGIN's entry points and build fingerprint are exported.
  CommandResult symbols = RunCommand("nm -D -C --defined-only " + Quoted(BuiltPlugin()));
  ASSERT_EQ(symbols.exit_code, 0) << symbols.output;
  EXPECT_THAT(symbols.output, HasSubstr(" glassbox_sdk_abi_version"));
  EXPECT_THAT(symbols.output, HasSubstr(" glassbox_create_analyzer"));
  EXPECT_THAT(symbols.output, HasSubstr(" glassbox_sdk_build_fingerprint"));
  EXPECT_THAT(symbols.output, Not(HasSubstr("glassbox::")));

  // The installed libraries are named by the SDK's ABI version, and the plugin needs that version's.
  const std::string abi = std::to_string(sdk::kAbiVersion);
  for (const std::string library : {"libglassbox_sdk.so", "libglassbox_proto.so"}) {
    CommandResult header = RunCommand("objdump -p " + Quoted(Prefix() + "/lib/" + library));
    ASSERT_EQ(header.exit_code, 0) << header.output;
    EXPECT_THAT(header.output, ::testing::ContainsRegex("SONAME +" + library + "\\." + abi + "\n")) << library;
    EXPECT_TRUE(fs::exists(Prefix() + "/lib/" + library + "." + abi + "." + std::to_string(sdk::kAbiMinorVersion)));
  }
  CommandResult needed = RunCommand("objdump -p " + Quoted(BuiltPlugin()));
  EXPECT_THAT(needed.output, ::testing::ContainsRegex("NEEDED +libglassbox_sdk\\.so\\." + abi + "\n"));
  EXPECT_THAT(needed.output, ::testing::ContainsRegex("NEEDED +libglassbox_proto\\.so\\." + abi + "\n"));

  // Installed into the daemon's plugin folder of the prefix, it finds the
  // SDK's libraries through its RPATH, wherever the prefix is moved.
  ASSERT_TRUE(Step("installing the example", std::string(CMAKE_COMMAND) + " --install " + Quoted(ExampleBuild()) +
                                                 " --prefix " + Quoted(Prefix())));
  ASSERT_TRUE(fs::exists(Prefix() + "/lib/glassbox/plugins/calibration.so"));
  const std::string moved = Workspace() + "/moved";
  fs::rename(Prefix(), moved);
  CommandResult ldd =
      RunCommand("env -u LD_LIBRARY_PATH ldd " + Quoted(moved + "/lib/glassbox/plugins/calibration.so"));
  for (const std::string unversioned : {"libglassbox_sdk.so", "libglassbox_proto.so"}) {
    const std::string library = unversioned + "." + abi;
    const std::string resolved = ResolvedLibrary(ldd.output, library);
    EXPECT_TRUE(!resolved.empty() && fs::exists(resolved) && fs::equivalent(resolved, moved + "/lib/" + library))
        << library << " resolves to '" << resolved << "':\n"
        << ldd.output;
  }
  fs::rename(moved, Prefix());
}

TEST_F(SdkInstallTest, ADroppedInPluginLoadsOnReloadRunsAndReachesTheScorecard) {
  TemporaryFolder plugins;
  DaemonProcess daemon(
      {"--plugin_dir=" + std::string(GLASSBOX_BINARY_DIR) + "/lib/glassbox/plugins," + plugins.path()});
  ASSERT_TRUE(daemon.running());
  EXPECT_EQ(FindAnalyzer(ListAnalyzers(daemon).analyzers(), "calibration"), nullptr);

  Deploy(BuiltPlugin(), plugins.path());
  const std::string sha256 = storage::Sha256Hex(ReadFile(BuiltPlugin()));
  grpc::ClientContext reload_context;
  v1::ReloadPluginsResponse reloaded;
  ASSERT_TRUE(daemon.stub().ReloadPlugins(&reload_context, {}, &reloaded).ok());
  for (const auto& skipped : reloaded.skipped()) {
    EXPECT_THAT(skipped.library_path(), Not(HasSubstr(plugins.path()))) << skipped.reason();
  }
  const v1::Analyzer* loaded = FindAnalyzer(reloaded.analyzers(), "calibration");
  ASSERT_NE(loaded, nullptr);
  EXPECT_EQ(loaded->version(), "1.0.0");
  EXPECT_EQ(loaded->library_sha256(), sha256);
  EXPECT_EQ(loaded->sdk_abi_version(), sdk::kAbiVersion);
  const v1::ListAnalyzersResponse listed = ListAnalyzers(daemon);
  const v1::Analyzer* calibration = FindAnalyzer(listed.analyzers(), "calibration");
  ASSERT_NE(calibration, nullptr);
  std::vector<std::string> parameters;
  for (const auto& parameter : calibration->parameters()) parameters.push_back(parameter.name());
  EXPECT_THAT(parameters, ::testing::ElementsAre("num_bins", "strategy", "cohort"));

  v1::Dataset dataset;
  ASSERT_TRUE(UploadFile(daemon.stub(), DatasetPath("adult_test_scored.csv"), &dataset).ok());

  // The host checks parameters against the plugin's declared specs at CreateRun.
  const std::vector<std::pair<std::string, std::string>> bad_params = {{"num_bins", R"({"num_bins": 0})"},
                                                                       {"strategy", R"({"strategy": "isotonic"})"}};
  for (const auto& [name, params] : bad_params) {
    v1::Run refused;
    grpc::Status status = CreateRun(daemon, CalibrationSpec(dataset.id(), params), &refused);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << params;
    EXPECT_THAT(status.error_message(), HasSubstr("analyses[0].params." + name));
  }

  v1::Run run = Execute(daemon, CalibrationSpec(dataset.id(), "{}"));
  ASSERT_EQ(run.state(), v1::SUCCEEDED) << run.error();
  v1::Insight insight = InsightOf(daemon, run);
  EXPECT_EQ(insight.analyzer(), "calibration");
  EXPECT_EQ(insight.analyzer_version(), "1.0.0");
  EXPECT_EQ(insight.plugin_sha256(), sha256);
  ExpectCurve(insight, kUniformTenBins);

  // The scorecard gives the unknown analyzer a section of its own from its generic blocks.
  const std::string text = ScorecardText(daemon, run.id(), plugins.path());
  EXPECT_THAT(text, HasSubstr("Results of the calibration analysis"));
  EXPECT_THAT(text, HasSubstr("analyzer calibration 1.0.0"));
  EXPECT_THAT(text, HasSubstr("brier_score_loss"));
  EXPECT_THAT(text, HasSubstr("Reliability bins"));
  // The bins' table is typed as INTERVALS, so the scorecard plots each bin's fraction of positives against its
  // range, as it does a built-in analyzer's estimates: the plot's labels stand on lines of their own.
  EXPECT_TRUE(HasLineOnly(text, "(0.1, 0.2]")) << text;

  // On a cohort. scikit-learn 1.2.1 on the 3,287 rows with sex == 'Female', 10 uniform bins as above.
  v1::RunSpec women = CalibrationSpec(dataset.id(), R"({"cohort": "Women"})");
  auto* cohort = women.add_cohorts();
  cohort->set_name("Women");
  cohort->set_filter("sex == Female");
  v1::Run cohort_run = Execute(daemon, women);
  ASSERT_EQ(cohort_run.state(), v1::SUCCEEDED) << cohort_run.error();
  const v1::Insight cohort_insight = InsightOf(daemon, cohort_run);
  std::map<std::string, double> metrics;
  for (const auto& block : cohort_insight.blocks()) {
    if (!block.has_metric()) continue;
    EXPECT_EQ(block.metric().cohort(), "Women");
    metrics[block.metric().name()] = block.metric().value();
  }
  EXPECT_NEAR(metrics["brier_score_loss"], 0.052642700125970186, 1e-14);
  EXPECT_NEAR(metrics["expected_calibration_error"], 0.016603700638880444, 1e-15);
  EXPECT_NEAR(metrics["maximum_calibration_error"], 0.11730458139534872, 1e-15);

  // Without probabilities the analysis fails, naming the field to set.
  v1::RunSpec without_probabilities = CalibrationSpec(dataset.id(), "{}");
  without_probabilities.mutable_predictions()->clear_probability_columns();
  v1::Run without = Execute(daemon, without_probabilities);
  EXPECT_EQ(without.state(), v1::FAILED);
  ASSERT_EQ(without.analyses_size(), 1);
  EXPECT_EQ(without.analyses(0).state(), v1::ANALYSIS_FAILED);
  EXPECT_THAT(without.analyses(0).error(), HasSubstr("predictions.probability_columns"));
}

// The example declares its metrics in Describe() (sdk/report_declaration.h);
// CreateRun holds a run's scorecard configuration to that declaration, as it
// does for the built-in analyzers, though the daemon has never heard of it.
TEST_F(SdkInstallTest, TheExamplesDeclarationMakesCreateRunRefuseAMetricItDoesNotReport) {
  TemporaryFolder plugins;
  Deploy(BuiltPlugin(), plugins.path());
  DaemonProcess daemon({"--plugin_dir=" + plugins.path()});
  ASSERT_TRUE(daemon.running());
  const v1::ListAnalyzersResponse listed = ListAnalyzers(daemon);
  const v1::Analyzer* calibration = FindAnalyzer(listed.analyzers(), "calibration");
  ASSERT_NE(calibration, nullptr);
  std::vector<std::string> declared;
  for (const auto& metric : calibration->reports().metrics()) declared.push_back(metric.name());
  EXPECT_THAT(declared,
              ::testing::ElementsAre("brier_score_loss", "expected_calibration_error", "maximum_calibration_error"));

  v1::Dataset dataset;
  ASSERT_TRUE(UploadFile(daemon.stub(), DatasetPath("adult_test_scored.csv"), &dataset).ok());
  v1::RunSpec misnamed = CalibrationSpec(dataset.id(), "{}");
  misnamed.set_scorecard_config(R"({"Metrics": {"expected_calibration_eror": {"threshold": "<=0.05"}}})");
  v1::Run refused;
  const grpc::Status status = CreateRun(daemon, misnamed, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("spec.scorecard_config: scorecard config key 'Metrics.expected_calibration_eror': no analysis "
                        "of the run reports a metric named 'expected_calibration_eror'; did you mean "
                        "'expected_calibration_error'?"));
  EXPECT_THAT(status.error_message(),
              HasSubstr("The run reports: brier_score_loss, expected_calibration_error, maximum_calibration_error"));

  // On a cohort it reports no whole-data metrics, so a whole-data target is refused too.
  v1::RunSpec on_cohort = CalibrationSpec(dataset.id(), R"({"cohort": "Women"})");
  auto* cohort = on_cohort.add_cohorts();
  cohort->set_name("Women");
  cohort->set_filter("sex == Female");
  on_cohort.set_scorecard_config(R"({"Metrics": {"brier_score_loss": {"threshold": "<=0.25"}}})");
  const grpc::Status cohort_status = CreateRun(daemon, on_cohort, &refused);
  EXPECT_EQ(cohort_status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(cohort_status.error_message(), HasSubstr("'Metrics.brier_score_loss'"));

  v1::RunSpec named = CalibrationSpec(dataset.id(), "{}");
  named.set_scorecard_config(R"({"Metrics": {"brier_score_loss": {"threshold": "<=0.25"}}})");
  const v1::Run run = Execute(daemon, named);
  EXPECT_EQ(run.state(), v1::SUCCEEDED) << run.error();
}

TEST_F(SdkInstallTest, ARebuiltPluginReplacesTheLoadedOneAndRunsRecordWhichVersionProducedThem) {
  TemporaryFolder plugins;
  Deploy(BuiltPlugin(), plugins.path());
  const std::string old_sha256 = storage::Sha256Hex(ReadFile(BuiltPlugin()));
  DaemonProcess daemon({"--plugin_dir=" + plugins.path()});
  ASSERT_TRUE(daemon.running());
  v1::Dataset dataset;
  ASSERT_TRUE(UploadFile(daemon.stub(), DatasetPath("adult_test_scored.csv"), &dataset).ok());
  constexpr char kQuantiles[] = R"({"strategy": "quantile", "num_bins": 5})";
  v1::Run before = Execute(daemon, CalibrationSpec(dataset.id(), kQuantiles));
  ASSERT_EQ(before.state(), v1::SUCCEEDED) << before.error();
  ExpectCurve(InsightOf(daemon, before), kQuantileFiveBins);

  SetExampleVersion("1.0.0", "1.0.1");
  ASSERT_TRUE(BuildExample());
  const std::string new_sha256 = storage::Sha256Hex(ReadFile(BuiltPlugin()));
  EXPECT_NE(new_sha256, old_sha256);
  Deploy(BuiltPlugin(), plugins.path());
  CliResult reload = RunCli(daemon.address(), {"reload-plugins"});
  ASSERT_EQ(reload.exit_code, 0) << reload.err;
  EXPECT_THAT(reload.out, HasSubstr("loaded  calibration 1.0.1"));

  v1::Run after = Execute(daemon, CalibrationSpec(dataset.id(), kQuantiles));
  ASSERT_EQ(after.state(), v1::SUCCEEDED) << after.error();
  v1::Insight insight = InsightOf(daemon, after);
  EXPECT_EQ(insight.analyzer_version(), "1.0.1");
  EXPECT_EQ(insight.plugin_sha256(), new_sha256);
  ExpectCurve(insight, kQuantileFiveBins);

  v1::Insight archived = InsightOf(daemon, before);
  EXPECT_EQ(archived.analyzer_version(), "1.0.0");
  EXPECT_EQ(archived.plugin_sha256(), old_sha256);
}

}  // namespace
}  // namespace glassbox::testing
