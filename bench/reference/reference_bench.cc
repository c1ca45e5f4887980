// Glassbox against the Python reference stack in one session, on the same data:
// adult.csv repeated 1× and 10× (exact repetition, built in memory), scored by
// adult_xgb.json. Predict: glassbox's backend Predict (table to probabilities),
// its native evaluator on the encoded float matrix, libxgboost's C API
// in-place prediction of that matrix, and Booster.predict in Python.
// Permutation importance (accuracy, 5 repeats of each of the 14 features):
// glassbox's explanations plugin in process and in a worker process (the
// daemon's way), and sklearn.inspection.permutation_importance.
//
// Every case runs in a fresh process, this binary again with --case or
// reference.py under Debian's /usr/bin/python3; the sides alternate, each
// case --repeats times, and the fastest wall time of each is kept. Peak is
// VmHWM after the timed call, its mark reset just before it (so: what was
// resident then plus what the call added). The load average is printed before
// and after each group, since the machine is shared.
//
//   build/bin/reference_bench [--copies=1,10] [--cases=predict,permutation] [--repeats=3]
//                             [--permutation_repeats=1]
#include <malloc.h>
#include <unistd.h>
#include <xgboost/c_api.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <limits>
#include <memory>
#include <numeric>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "bench/support/adult_replica.h"
#include "bench/support/analysis_bench.h"
#include "bench/support/bench_analyses.h"
#include "daemon/data/csv_reader.h"
#include "daemon/models/feature_encoder.h"
#include "daemon/models/tree_ensemble.h"
#include "daemon/models/tree_predictor.h"
#include "daemon/models/xgboost_c_api.h"
#include "daemon/models/xgboost_model.h"
#include "daemon/plugins/plugin_host.h"
#include "daemon/run/isolated_analysis.h"
#include "daemon/run/prepared_run.h"
#include "tests/support/adult_model.h"
#include "tests/support/process_stats.h"

ABSL_FLAG(std::string, copies, "1,10", "the scales of adult.csv, comma-separated");
ABSL_FLAG(std::string, cases, "predict,permutation", "the groups to measure: predict, permutation");
ABSL_FLAG(int, repeats, 3, "runs of each predict case per side; the fastest is kept");
ABSL_FLAG(int, permutation_repeats, 1, "runs of each permutation importance case per side");
ABSL_FLAG(std::string, child_case, "", "internal: run one glassbox case in this process and print its figures");
ABSL_FLAG(int, child_copies, 1, "internal: the scale of --child_case");

namespace glassbox::bench {
namespace {

[[noreturn]] void Fail(const std::string& message) {
  std::fprintf(stderr, "reference_bench: %s\n", message.c_str());
  std::exit(1);
}

std::string ReadDatasetFile(const std::string& name) {
  std::ifstream file(std::string(GLASSBOX_DATASETS_DIR) + "/" + name, std::ios::binary);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

// adult.csv's rows `copies` times over, in order.
sdk::Table AdultRepeated(int copies) {
  absl::StatusOr<sdk::Table> adult = data::ParseCsv(ReadDatasetFile("adult.csv"));
  if (!adult.ok()) Fail(std::string(adult.status().message()));
  std::vector<size_t> rows(adult->num_rows() * copies);
  for (size_t i = 0; i < rows.size(); ++i) rows[i] = i % adult->num_rows();
  return adult->SelectRows(rows);
}

std::shared_ptr<const sdk::Model> AdultModel() {
  absl::StatusOr<std::unique_ptr<daemon::XgboostModel>> model =
      daemon::XgboostModel::Load(ReadDatasetFile("adult_xgb.json"), testing::AdultModelOptions());
  if (!model.ok()) Fail(std::string(model.status().message()));
  return std::shared_ptr<const sdk::Model>(*std::move(model));
}

// The rows encoded as the backend encodes them, row-major floats.
std::vector<float> EncodedMatrix(const sdk::Model& model, const sdk::Table& table) {
  daemon::XgboostModelOptions options = testing::AdultModelOptions();
  std::vector<daemon::FeatureSpec> features;
  for (const std::string& name : model.info().feature_names) {
    const auto categories = options.categories.find(name);
    features.push_back(categories == options.categories.end()
                           ? daemon::FeatureSpec{name, false, {}}
                           : daemon::FeatureSpec{name, true, categories->second});
  }
  absl::StatusOr<daemon::FeatureEncoder> encoder = daemon::FeatureEncoder::Create(features);
  if (!encoder.ok()) Fail(std::string(encoder.status().message()));
  absl::StatusOr<daemon::EncodedColumns> columns = encoder->Bind(table);
  if (!columns.ok()) Fail(std::string(columns.status().message()));
  std::vector<float> matrix(table.num_rows() * features.size());
  columns->Encode(0, table.num_rows(), matrix.data());
  return matrix;
}

struct Figures {
  double wall = 0, cpu = 0, rows = 0, peak_mib = 0, before_mib = 0;
};

double Mib(absl::StatusOr<int64_t> kib) {
  if (!kib.ok()) Fail(std::string(kib.status().message()));
  return static_cast<double>(*kib) / 1024.0;
}

double CpuSeconds() {
  absl::StatusOr<double> self = testing::ReadProcessCpuSeconds(getpid());
  if (!self.ok()) Fail(std::string(self.status().message()));
  return *self;
}

// Times `call` alone: freed heap returned and the peak mark reset first.
template <typename Call>
Figures Measure(size_t rows, Call call) {
  malloc_trim(0);
  Figures figures;
  figures.rows = static_cast<double>(rows);
  figures.before_mib = Mib(testing::ReadProcessStatusKib(getpid(), "VmRSS"));
  if (absl::Status status = testing::ResetPeakResident(getpid()); !status.ok()) Fail(std::string(status.message()));
  const double cpu = CpuSeconds();
  const auto start = std::chrono::steady_clock::now();
  call();
  figures.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  figures.cpu = CpuSeconds() - cpu;
  figures.peak_mib = Mib(testing::ReadProcessStatusKib(getpid(), "VmHWM"));
  return figures;
}

Figures RunPredictCase(const std::string& name, int copies) {
  const sdk::Table table = AdultRepeated(copies);
  const std::shared_ptr<const sdk::Model> model = AdultModel();
  const size_t rows = table.num_rows();
  if (name == "predict") {
    return Measure(rows, [&] {
      if (!model->Predict(table).ok()) Fail("Predict failed");
    });
  }
  const std::vector<float> matrix = EncodedMatrix(*model, table);
  const size_t width = model->info().feature_names.size();
  const std::string json = ReadDatasetFile("adult_xgb.json");
  if (name == "native") {
    absl::StatusOr<daemon::TreeEnsemble> ensemble = daemon::ParseXgboostJson(json);
    if (!ensemble.ok()) Fail(std::string(ensemble.status().message()));
    absl::StatusOr<daemon::TreePredictor> native =
        daemon::TreePredictor::Create(*ensemble, daemon::TreePredictor::Output::kPrediction);
    if (!native.ok()) Fail(std::string(native.status().message()));
    std::vector<float> out(rows);
    const size_t threads = std::max(1u, std::thread::hardware_concurrency());
    return Measure(rows, [&] {
      auto score = [&](size_t t) {
        const size_t begin = rows * t / threads, end = rows * (t + 1) / threads;
        native->Predict(matrix.data() + begin * width, end - begin, out.data() + begin);
      };
      std::vector<std::thread> workers;
      for (size_t t = 1; t < threads; ++t) workers.emplace_back(score, t);
      score(0);
      for (std::thread& worker : workers) worker.join();
    });
  }
  if (name == "capi") {
    BoosterHandle handle = nullptr;
    XGBoosterCreate(nullptr, 0, &handle);
    daemon::BoosterPtr booster(handle);
    if (XGBoosterLoadModelFromBuffer(handle, json.data(), json.size()) != 0) Fail(XGBGetLastError());
    const std::string data = daemon::DenseArrayInterface(matrix.data(), rows, width);
    const char* config =
        R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": true,)"
        R"( "missing": NaN, "cache_id": 0})";
    return Measure(rows, [&] {
      const bst_ulong* shape = nullptr;
      bst_ulong dims = 0;
      const float* result = nullptr;
      if (XGBoosterPredictFromDense(handle, data.c_str(), config, nullptr, &shape, &dims, &result) != 0) {
        Fail(XGBGetLastError());
      }
    });
  }
  Fail("unknown case " + name);
}

Figures RunPermutationCase(const std::string& name, int copies) {
  static auto* host = new plugins::PluginHost({GLASSBOX_PLUGIN_DIR});
  glassbox::v1::RunSpec spec;
  spec.set_target_column("income");
  spec.set_task(glassbox::v1::BINARY_CLASSIFICATION);
  spec.set_positive_class(">50K");
  AddAnalysis(spec, "explanations", kPermutationParams);
  absl::StatusOr<run::PreparedRun> run =
      run::PrepareRun(spec, std::make_shared<const sdk::Table>(AdultRepeated(copies)), *host, AdultModel());
  if (!run.ok() || !run::ScoreWithModel(*run).ok()) Fail("the permutation run could not be prepared");
  const bool isolated = name == "permutation_worker";
  if (!isolated && name != "permutation") Fail("unknown case " + name);
  return Measure(run->table->num_rows(), [&] {
    absl::StatusOr<glassbox::v1::Insight> insight =
        isolated ? run::ExecuteIsolated(*run, 0, nullptr, nullptr, run::WorkerOptions())
                 : run::ExecuteAnalysis(*run, 0, nullptr, nullptr);
    if (!insight.ok()) Fail(std::string(insight.status().message()));
  });
}

// --- The driver ---

struct Side {
  std::string label;
  std::string command;  // Run by the shell; prints one line of Figures.
  int reference = -1;   // The side of the group this one is compared with (-1: none).
  int second_reference = -1;
};

Figures RunCommand(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) Fail("cannot run " + command);
  char line[512] = {};
  const bool read = std::fgets(line, sizeof line, pipe) != nullptr;
  const int status = pclose(pipe);
  Figures figures;
  if (!read || status != 0 ||
      std::sscanf(line, "%lf %lf %lf %lf %lf", &figures.wall, &figures.cpu, &figures.rows, &figures.peak_mib,
                  &figures.before_mib) != 5) {
    Fail("case failed: " + command);
  }
  return figures;
}

std::string LoadAverage() {
  std::ifstream file("/proc/loadavg");
  std::string one, five, fifteen;
  file >> one >> five >> fifteen;
  return absl::StrCat(one, " / ", five, " / ", fifteen);
}

std::string Ratio(const Figures& reference, const Figures& ours) {
  return absl::StrFormat("%.1f×", reference.wall / ours.wall);
}

void RunGroup(const std::string& title, const std::vector<Side>& sides, int repeats) {
  const std::string load_before = LoadAverage();
  std::vector<Figures> best(sides.size());
  for (Figures& figures : best) figures.wall = std::numeric_limits<double>::infinity();
  for (int r = 0; r < repeats; ++r) {
    for (size_t s = 0; s < sides.size(); ++s) {
      const Figures figures = RunCommand(sides[s].command);
      std::fprintf(stderr, "  %s, %s: %.3f s\n", title.c_str(), sides[s].label.c_str(), figures.wall);
      if (figures.wall < best[s].wall) best[s] = figures;
    }
  }
  std::printf("\n### %s\n\nLoad average (1/5/15 min): %s before, %s after; fastest of %d runs per side, "
              "sides interleaved.\n\n",
              title.c_str(), load_before.c_str(), LoadAverage().c_str(), repeats);
  std::printf("| side | wall s | CPU s | rows/s | peak MiB (before the call) | ratio |\n|---|---:|---:|---:|---:|---|\n");
  for (size_t s = 0; s < sides.size(); ++s) {
    const Figures& f = best[s];
    std::string ratio = "–";
    for (int reference : {sides[s].reference, sides[s].second_reference}) {
      if (reference < 0) continue;
      ratio = absl::StrCat(ratio == "–" ? "" : ratio + "; ", Ratio(best[reference], f), " ",
                           sides[reference].label);
    }
    std::printf("| %s | %.3f | %.2f | %.3g | %.0f (%.0f) | %s |\n", sides[s].label.c_str(), f.wall, f.cpu,
                f.rows / f.wall, f.peak_mib, f.before_mib, ratio.c_str());
  }
  std::fflush(stdout);
}

int Drive(const char* self) {
  const std::string python = absl::StrCat("/usr/bin/python3 " GLASSBOX_BENCH_SOURCE_DIR "/reference.py ",
                                          GLASSBOX_DATASETS_DIR, " ");
  const std::vector<std::string> groups = absl::StrSplit(absl::GetFlag(FLAGS_cases), ',');
  const std::vector<std::string> scales = absl::StrSplit(absl::GetFlag(FLAGS_copies), ',');
  for (const std::string& copies_text : scales) {
    int copies = 0;
    if (!absl::SimpleAtoi(copies_text, &copies) || copies < 1) Fail("--copies: positive integers, e.g. 1,10");
    const std::string ours = absl::StrCat(self, " --child_copies=", copies, " --child_case=");
    const std::string scale = absl::StrCat(copies * kAdultRows, " rows (adult.csv ", copies, "×)");
    for (const std::string& group : groups) {
      if (group == "predict") {
        RunGroup(absl::StrCat("Predict, ", scale),
                 {{"Booster.predict (Python)", absl::StrCat(python, "booster_predict ", copies)},
                  {"libxgboost C API, in-place", ours + "capi"},
                  {"glassbox native, float matrix", ours + "native", 1},
                  {"glassbox Predict, table", ours + "predict", 0, 1}},
                 absl::GetFlag(FLAGS_repeats));
      } else if (group == "permutation") {
        RunGroup(absl::StrCat("Permutation importance, ", scale),
                 {{"sklearn permutation_importance", absl::StrCat(python, "permutation ", copies)},
                  {"glassbox, in process", ours + "permutation", 0},
                  {"glassbox, in a worker", ours + "permutation_worker", 0}},
                 absl::GetFlag(FLAGS_permutation_repeats));
      } else {
        Fail("--cases: predict, permutation");
      }
    }
  }
  return 0;
}

}  // namespace
}  // namespace glassbox::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string child = absl::GetFlag(FLAGS_child_case);
  if (child.empty()) return glassbox::bench::Drive(argv[0]);
  const int copies = absl::GetFlag(FLAGS_child_copies);
  const glassbox::bench::Figures f = absl::StrContains(child, "permutation")
                                         ? glassbox::bench::RunPermutationCase(child, copies)
                                         : glassbox::bench::RunPredictCase(child, copies);
  std::printf("%.6f %.6f %.0f %.3f %.3f\n", f.wall, f.cpu, f.rows, f.peak_mib, f.before_mib);
  return 0;
}
