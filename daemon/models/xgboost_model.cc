#include "daemon/models/xgboost_model.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <thread>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "daemon/common/log.h"
#include "daemon/models/model_bytes_check.h"
#include "daemon/models/probe_rows.h"
#include "daemon/models/tree_ensemble.h"

namespace glassbox::daemon {
namespace {

// Rows encoded and scored per libxgboost call: bounds the float matrix of a large table.
constexpr size_t kBatchRows = size_t{1} << 15;
// Rows a thread encodes and scores at a time natively: their floats stay in the core's cache.
constexpr size_t kNativeBatchRows = 4 * TreePredictor::kBlockRows;
// The fewest rows worth a thread of their own: starting one costs what scoring some tens of rows does.
constexpr size_t kMinPredictRowsPerThread = 2048;
constexpr size_t kMinExplainRowsPerThread = 64;
// The rows on which the native evaluator is compared with libxgboost at load.
constexpr size_t kProbeRows = 256;

constexpr char kValueConfig[] =
    R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": true,)"
    R"( "missing": NaN, "cache_id": 0})";
constexpr char kMarginConfig[] =
    R"({"type": 1, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": true,)"
    R"( "missing": NaN, "cache_id": 0})";
constexpr char kContributionsConfig[] =
    R"({"type": 2, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": true})";

// The most values TreeShap may tabulate for one model (8 bytes each); it explains the trees past them by the
// path algorithm.
constexpr size_t kMaxTreeShapTableEntries = size_t{1} << 23;

constexpr char kSupportedObjectives[] =
    "binary:logistic, binary:logitraw, multi:softprob, multi:softmax, reg:*, count:poisson";

// The parts of the learner's JSON configuration the backend needs.
struct LearnerConfig {
  std::string booster;
  std::string objective;
  int num_class = 0;
};

// The string at `path` in nested JSON objects, or "" when absent.
std::string StringAt(const google::protobuf::Struct& root, std::initializer_list<const char*> path) {
  const google::protobuf::Struct* object = &root;
  const google::protobuf::Value* value = nullptr;
  for (const char* key : path) {
    if (object == nullptr) return "";
    const auto it = object->fields().find(key);
    if (it == object->fields().end()) return "";
    value = &it->second;
    object = value->has_struct_value() ? &value->struct_value() : nullptr;
  }
  return value != nullptr && value->has_string_value() ? value->string_value() : "";
}

absl::StatusOr<LearnerConfig> ReadLearnerConfig(BoosterHandle booster) {
  bst_ulong length = 0;
  const char* json = nullptr;
  if (absl::Status status = XgboostStatus(XGBoosterSaveJsonConfig(booster, &length, &json), "XGBoosterSaveJsonConfig");
      !status.ok()) {
    return status;
  }
  google::protobuf::Struct config;
  if (!google::protobuf::util::JsonStringToMessage(std::string(json, length), &config).ok()) {
    return absl::InternalError("libxgboost returned a learner configuration that is not JSON");
  }
  LearnerConfig learner;
  learner.booster = StringAt(config, {"learner", "gradient_booster", "name"});
  learner.objective = StringAt(config, {"learner", "objective", "name"});
  const std::string num_class = StringAt(config, {"learner", "learner_model_param", "num_class"});
  if (!num_class.empty() && !absl::SimpleAtoi(num_class, &learner.num_class)) {
    return absl::InvalidArgumentError(absl::StrCat("the model's num_class is not a number: '", num_class, "'"));
  }
  return learner;
}

// The model file's feature names or types ("feature_name" / "feature_type"); empty when it has none.
absl::StatusOr<std::vector<std::string>> ReadFeatureInfo(BoosterHandle booster, const char* field) {
  bst_ulong length = 0;
  const char** strings = nullptr;
  if (absl::Status status = XgboostStatus(XGBoosterGetStrFeatureInfo(booster, field, &length, &strings),
                                          absl::StrCat("XGBoosterGetStrFeatureInfo(", field, ")"));
      !status.ok()) {
    return status;
  }
  return std::vector<std::string>(strings, strings + length);
}

// The model file's value of `field` when it has one (then `given`, if any, must agree), else `given`.
absl::StatusOr<std::vector<std::string>> Reconcile(std::vector<std::string> from_file, std::vector<std::string> given,
                                                   const char* field) {
  if (from_file.empty()) return given;
  if (!given.empty() && given != from_file) {
    return absl::InvalidArgumentError(absl::StrCat("the options give ", field, " [", absl::StrJoin(given, ", "),
                                                   "] but the model file has [", absl::StrJoin(from_file, ", "),
                                                   "]; give none or the same"));
  }
  return from_file;
}

absl::StatusOr<std::vector<FeatureSpec>> ResolveFeatures(BoosterHandle booster, XgboostModelOptions& options) {
  bst_ulong num_features = 0;
  if (absl::Status status = XgboostStatus(XGBoosterGetNumFeature(booster, &num_features), "XGBoosterGetNumFeature");
      !status.ok()) {
    return status;
  }
  absl::StatusOr<std::vector<std::string>> names = ReadFeatureInfo(booster, "feature_name");
  if (names.ok()) names = Reconcile(*std::move(names), std::move(options.feature_names), "feature_names");
  if (!names.ok()) return names.status();
  absl::StatusOr<std::vector<std::string>> types = ReadFeatureInfo(booster, "feature_type");
  if (types.ok()) types = Reconcile(*std::move(types), std::move(options.feature_types), "feature_types");
  if (!types.ok()) return types.status();

  if (names->size() != num_features) {
    return absl::InvalidArgumentError(absl::StrCat("the model reads ", num_features, " features but ", names->size(),
                                                   " feature names are known; give them all in feature_names"));
  }
  if (!types->empty() && types->size() != num_features) {
    return absl::InvalidArgumentError(
        absl::StrCat("the model reads ", num_features, " features but feature_types has ", types->size()));
  }
  std::vector<FeatureSpec> features(num_features);
  for (size_t i = 0; i < num_features; ++i) {
    FeatureSpec& feature = features[i];
    feature.name = (*names)[i];
    const std::string type = types->empty() ? "q" : (*types)[i];
    if (type == "c") {
      feature.categorical = true;
    } else if (type != "q" && type != "float" && type != "int" && type != "i") {
      return absl::InvalidArgumentError(absl::StrCat("feature '", feature.name, "' has type '", type,
                                                     "'; expected \"c\" (categorical) or q, float, int, i"));
    }
    const auto categories = options.categories.find(feature.name);
    if (feature.categorical) {
      if (categories == options.categories.end()) {
        return absl::InvalidArgumentError(
            absl::StrCat("categorical feature '", feature.name, "' needs its categories in the model's code order: ",
                         "set categories_from_dataset_id to the dataset it was trained on, or give categories"));
      }
      feature.categories = std::move(categories->second);
      options.categories.erase(categories);
    }
  }
  if (!options.categories.empty() && !options.ignore_unused_categories) {
    return absl::InvalidArgumentError(absl::StrCat("categories are given for '", options.categories.begin()->first,
                                                   "', which is not a categorical feature of the model"));
  }
  return features;
}

// The class labels: as given, or "0", "1", ... when none are.
absl::StatusOr<std::vector<std::string>> ClassLabels(std::vector<std::string> given, size_t num_classes) {
  if (given.empty()) {
    for (size_t i = 0; i < num_classes; ++i) given.push_back(absl::StrCat(i));
    return given;
  }
  if (given.size() != num_classes) {
    return absl::InvalidArgumentError(
        absl::StrCat("the model has ", num_classes, " classes but ", given.size(), " class labels are given"));
  }
  return given;
}

double Sigmoid(double margin) { return 1.0 / (1.0 + std::exp(-margin)); }

// The model's trees as libxgboost saves them in JSON, or nullopt for models
// they are not read from (dart, objectives of unknown base margin).
absl::StatusOr<std::optional<TreeEnsemble>> ReadTrees(BoosterHandle booster) {
  bst_ulong length = 0;
  const char* json = nullptr;
  if (absl::Status status = XgboostStatus(XGBoosterSaveModelToBuffer(booster, R"({"format": "json"})", &length, &json),
                                          "XGBoosterSaveModelToBuffer");
      !status.ok()) {
    return status;
  }
  absl::StatusOr<TreeEnsemble> ensemble = ParseXgboostJson(std::string_view(json, length));
  if (absl::IsFailedPrecondition(ensemble.status())) return std::nullopt;
  if (!ensemble.ok()) return ensemble.status();
  return *std::move(ensemble);
}

// Every category code a split uses must name one of the feature's categories.
absl::Status CheckCategoryCodes(const TreeEnsemble& ensemble, const std::vector<FeatureSpec>& features) {
  for (size_t f = 0; f < features.size(); ++f) {
    const int32_t max_code = ensemble.max_category[f];
    if (max_code < 0) continue;
    if (!features[f].categorical) {
      return absl::InvalidArgumentError(
          absl::StrCat("feature '", features[f].name, "' has categorical splits but its type is numeric; give \"c\""));
    }
    if (static_cast<size_t>(max_code) >= features[f].categories.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("the model splits feature '", features[f].name, "' on category code ", max_code, " but only ",
                       features[f].categories.size(),
                       " categories are given; give all the categories it was trained with, in ", "their code order"));
    }
  }
  return absl::OkStatus();
}

// Runs fn(begin, end) over consecutive ranges covering [0, n), one per core, each at least `min_per_thread` long.
template <typename Fn>
void ParallelFor(size_t n, size_t min_per_thread, Fn fn) {
  const size_t threads =
      std::clamp<size_t>(n / min_per_thread, 1, std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> workers;
  for (size_t t = 1; t < threads; ++t) workers.emplace_back(fn, n * t / threads, n * (t + 1) / threads);
  fn(0, n / threads);
  for (std::thread& worker : workers) worker.join();
}

}  // namespace

absl::StatusOr<std::unique_ptr<XgboostModel>> XgboostModel::Load(std::string_view model_bytes,
                                                                 XgboostModelOptions options) {
  if (absl::Status status = CheckModelBytes(model_bytes); !status.ok()) return status;
  BoosterHandle handle = nullptr;
  if (absl::Status status = XgboostStatus(XGBoosterCreate(nullptr, 0, &handle), "XGBoosterCreate"); !status.ok()) {
    return status;
  }
  BoosterPtr booster(handle);
  if (absl::Status status =
          XgboostStatus(XGBoosterLoadModelFromBuffer(handle, model_bytes.data(), model_bytes.size()),
                        "the model file is not a readable XGBoost model", absl::StatusCode::kInvalidArgument);
      !status.ok()) {
    return status;
  }
  absl::StatusOr<LearnerConfig> learner = ReadLearnerConfig(handle);
  if (!learner.ok()) return learner.status();
  if (learner->booster != "gbtree" && learner->booster != "dart") {
    return absl::InvalidArgumentError(
        absl::StrCat("the model's booster is '", learner->booster, "'; only tree boosters (gbtree, dart) are served"));
  }

  sdk::ModelInfo info;
  Output output;
  size_t num_groups = 1;
  const std::string& objective = learner->objective;
  if (objective == "binary:logistic" || objective == "binary:logitraw") {
    info.task = glassbox::v1::BINARY_CLASSIFICATION;
    output = objective == "binary:logistic" ? Output::kProbability : Output::kLogit;
  } else if (objective == "multi:softprob" || objective == "multi:softmax") {
    if (learner->num_class < 2) {
      return absl::InvalidArgumentError(absl::StrCat("the multiclass model has num_class ", learner->num_class));
    }
    info.task = glassbox::v1::MULTICLASS_CLASSIFICATION;
    output = objective == "multi:softprob" ? Output::kClassProbabilities : Output::kClassMargins;
    num_groups = learner->num_class;
  } else if (absl::StartsWith(objective, "reg:") || objective == "count:poisson") {
    info.task = glassbox::v1::REGRESSION;
    output = Output::kValue;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("the model's objective '", objective, "' is not supported; supported: ", kSupportedObjectives));
  }
  if (info.task == glassbox::v1::REGRESSION) {
    if (!options.class_labels.empty()) {
      return absl::InvalidArgumentError("class labels are given for a regression model");
    }
  } else {
    absl::StatusOr<std::vector<std::string>> classes =
        ClassLabels(std::move(options.class_labels), info.task == glassbox::v1::BINARY_CLASSIFICATION ? 2 : num_groups);
    if (!classes.ok()) return classes.status();
    info.classes = *std::move(classes);
  }

  absl::StatusOr<std::vector<FeatureSpec>> features = ResolveFeatures(handle, options);
  if (!features.ok()) return features.status();
  for (const FeatureSpec& feature : *features) info.feature_names.push_back(feature.name);
  absl::StatusOr<std::optional<TreeEnsemble>> trees = ReadTrees(handle);
  if (!trees.ok()) return trees.status();
  std::optional<TreePredictor> native;
  std::optional<TreeShap> tree_shap;
  size_t probe_rows = 1;
  std::vector<float> probe(info.feature_names.size(), std::numeric_limits<float>::quiet_NaN());
  if (trees->has_value()) {
    if (absl::Status status = CheckCategoryCodes(**trees, *features); !status.ok()) return status;
    absl::StatusOr<TreePredictor> predictor = TreePredictor::Create(
        **trees, TakesMargins(output) ? TreePredictor::Output::kMargin : TreePredictor::Output::kPrediction);
    if (predictor.ok()) {
      native = *std::move(predictor);
      probe_rows = kProbeRows;
      probe = ProbeRows(**trees, probe_rows);
    } else if (!absl::IsFailedPrecondition(predictor.status())) {
      return predictor.status();
    }
    absl::StatusOr<TreeShap> shap = TreeShap::Create(**std::move(trees), kMaxTreeShapTableEntries);
    if (shap.ok()) {
      tree_shap = *std::move(shap);
    } else if (!absl::IsFailedPrecondition(shap.status())) {
      return shap.status();
    }
  }
  absl::StatusOr<FeatureEncoder> encoder = FeatureEncoder::Create(*std::move(features));
  if (!encoder.ok()) return encoder.status();

  std::unique_ptr<XgboostModel> model(new XgboostModel(std::move(booster), *std::move(encoder), std::move(info), output,
                                                       num_groups, std::move(native), std::move(tree_shap)));
  if (absl::Status status = model->CheckNativeOnProbeRows(probe.data(), probe_rows); !status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("the model cannot predict: ", status.message()));
  }
  return model;
}

absl::Status XgboostModel::CheckNativeOnProbeRows(const float* probe, size_t rows) {
  absl::StatusOr<const float*> theirs = LibxgboostScores(probe, rows);
  if (!theirs.ok()) return theirs.status();
  if (!native_.has_value()) return absl::OkStatus();
  std::vector<float> ours(rows * num_groups_);
  native_->Predict(probe, rows, ours.data());
  if (std::memcmp(ours.data(), *theirs, ours.size() * sizeof(float)) != 0) {
    Log(LogLevel::kWarning,
        "an XGBoost model's predictions by glassbox's tree evaluator differ from libxgboost's; it is scored by "
        "libxgboost");
    native_.reset();
  }
  return absl::OkStatus();
}

namespace {

// Encodes `columns` batch by batch into one reused float matrix and calls
// `score(matrix, begin, end)` on each.
template <typename Score>
absl::Status ForEachBatch(const EncodedColumns& columns, Score score) {
  const size_t num_rows = columns.num_rows();
  std::vector<float> matrix(std::min(num_rows, kBatchRows) * columns.num_features());
  for (size_t begin = 0; begin < num_rows; begin += kBatchRows) {
    const size_t end = std::min(num_rows, begin + kBatchRows);
    columns.Encode(begin, end, matrix.data());
    if (absl::Status status = score(matrix.data(), begin, end); !status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<const float*> XgboostModel::LibxgboostScores(const float* matrix, size_t rows) const {
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* result = nullptr;
  if (absl::Status status =
          XgboostStatus(XGBoosterPredictFromDense(
                            booster_.get(), DenseArrayInterface(matrix, rows, encoder_.features().size()).c_str(),
                            TakesMargins(output_) ? kMarginConfig : kValueConfig, nullptr, &shape, &dims, &result),
                        "XGBoosterPredictFromDense");
      !status.ok()) {
    return status;
  }
  if (dims != 2 || shape[0] != rows || shape[1] != num_groups_) {
    return absl::InternalError("libxgboost returned predictions of an unexpected shape");
  }
  return result;
}

void XgboostModel::StoreScores(const float* result, size_t begin, size_t end, Eigen::MatrixXd& out) const {
  for (size_t r = 0; r < end - begin; ++r) {
    const float* scores = result + r * num_groups_;
    const Eigen::Index row = static_cast<Eigen::Index>(begin + r);
    switch (output_) {
      case Output::kValue:
        out(row, 0) = scores[0];
        break;
      case Output::kProbability:
      case Output::kLogit: {
        const double p = output_ == Output::kProbability ? scores[0] : Sigmoid(scores[0]);
        out(row, 0) = 1.0 - p;
        out(row, 1) = p;
        break;
      }
      case Output::kClassProbabilities:
        for (size_t k = 0; k < num_groups_; ++k) out(row, k) = scores[k];
        break;
      case Output::kClassMargins: {
        const double max = *std::max_element(scores, scores + num_groups_);
        double total = 0.0;
        for (size_t k = 0; k < num_groups_; ++k) total += out(row, k) = std::exp(scores[k] - max);
        out.row(row) /= total;
        break;
      }
    }
  }
}

absl::StatusOr<Eigen::MatrixXd> XgboostModel::Predict(const sdk::Table& rows) const {
  absl::StatusOr<EncodedColumns> columns = encoder_.Bind(rows);
  if (!columns.ok()) return columns.status();
  Eigen::MatrixXd out(rows.num_rows(), output_ == Output::kValue ? 1 : info_.classes.size());
  if (native_.has_value()) {
    ParallelFor(rows.num_rows(), kMinPredictRowsPerThread, [&](size_t first, size_t last) {
      std::vector<float> matrix(kNativeBatchRows * columns->num_features()), scores(kNativeBatchRows * num_groups_);
      for (size_t begin = first; begin < last; begin += kNativeBatchRows) {
        const size_t end = std::min(last, begin + kNativeBatchRows);
        columns->Encode(begin, end, matrix.data());
        native_->Predict(matrix.data(), end - begin, scores.data());
        StoreScores(scores.data(), begin, end, out);
      }
    });
    return out;
  }
  absl::Status status = ForEachBatch(*columns, [&](const float* matrix, size_t begin, size_t end) -> absl::Status {
    absl::StatusOr<const float*> scores = LibxgboostScores(matrix, end - begin);
    if (!scores.ok()) return scores.status();
    StoreScores(*scores, begin, end, out);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return out;
}

absl::Status XgboostModel::LibxgboostContributions(const float* matrix, size_t rows, double* out) const {
  const size_t width = num_groups_ * (encoder_.features().size() + 1);
  absl::StatusOr<DMatrixPtr> dmatrix = CreateDenseDMatrix(matrix, rows, encoder_.features().size());
  if (!dmatrix.ok()) return dmatrix.status();
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* result = nullptr;
  if (absl::Status status = XgboostStatus(
          XGBoosterPredictFromDMatrix(booster_.get(), dmatrix->get(), kContributionsConfig, &shape, &dims, &result),
          "XGBoosterPredictFromDMatrix(pred_contribs)");
      !status.ok()) {
    return status;
  }
  if (dims != 3 || shape[0] != rows || shape[1] != num_groups_ || shape[2] * num_groups_ != width) {
    return absl::InternalError("libxgboost returned contributions of an unexpected shape");
  }
  std::copy(result, result + rows * width, out);
  return absl::OkStatus();
}

absl::StatusOr<Eigen::MatrixXd> XgboostModel::PredictReplacing(
    const sdk::Table& rows, std::span<const std::shared_ptr<const sdk::Column>> replacements) const {
  if (!native_.has_value()) return sdk::Model::PredictReplacing(rows, replacements);
  absl::StatusOr<EncodedColumns> columns = encoder_.Bind(rows);
  if (!columns.ok()) return columns.status();
  const std::vector<FeatureSpec>& features = encoder_.features();
  std::vector<sdk::Table> tables(replacements.size(), rows);
  std::vector<EncodedColumns> variants;
  std::vector<size_t> changed;
  for (size_t v = 0; v < replacements.size(); ++v) {
    const std::string& name = replacements[v]->name();
    if (rows.Find(name) == nullptr || replacements[v]->size() != rows.num_rows()) {
      return absl::InvalidArgumentError(absl::StrCat("replacement ", v, " ('", name, "') must be a column of the ",
                                                     rows.num_rows(), " rows scored, of their length"));
    }
    (void)tables[v].ReplaceColumn(replacements[v]);  // Checked above: cannot fail.
    absl::StatusOr<EncodedColumns> variant = encoder_.Bind(tables[v]);
    if (!variant.ok()) return variant.status();
    variants.push_back(*std::move(variant));
    changed.push_back(static_cast<size_t>(
        std::find_if(features.begin(), features.end(), [&](const FeatureSpec& f) { return f.name == name; }) -
        features.begin()));
  }
  const size_t num_rows = rows.num_rows(), width = columns->num_features();
  Eigen::MatrixXd out(num_rows * replacements.size(), output_ == Output::kValue ? 1 : info_.classes.size());
  if (replacements.empty()) return out;
  ParallelFor(num_rows, kMinPredictRowsPerThread, [&](size_t first, size_t last) {
    std::vector<float> matrix(kNativeBatchRows * width), encoded(kNativeBatchRows * width);
    std::vector<float> new_values(variants.size() * kNativeBatchRows);  // Per variant: its changed column.
    std::vector<float> scores(variants.size() * kNativeBatchRows * num_groups_);
    std::vector<const float*> variant_columns;
    for (size_t v = 0; v < variants.size(); ++v) variant_columns.push_back(new_values.data() + v * kNativeBatchRows);
    for (size_t begin = first; begin < last; begin += kNativeBatchRows) {
      const size_t end = std::min(last, begin + kNativeBatchRows), count = end - begin;
      columns->Encode(begin, end, matrix.data());
      for (size_t v = 0; v < variants.size(); ++v) {
        if (changed[v] >= width) continue;
        variants[v].EncodeFeature(changed[v], begin, end, encoded.data());
        float* column = new_values.data() + v * kNativeBatchRows;
        for (size_t r = 0; r < count; ++r) column[r] = encoded[r * width + changed[v]];
      }
      native_->PredictVariants(matrix.data(), variant_columns, changed, count, scores.data());
      for (size_t v = 0; v < variants.size(); ++v) {
        StoreScores(scores.data() + v * count * num_groups_, v * num_rows + begin, v * num_rows + end, out);
      }
    }
  });
  return out;
}

absl::StatusOr<Eigen::MatrixXd> XgboostModel::Contributions(const sdk::Table& rows) const {
  absl::StatusOr<EncodedColumns> columns = encoder_.Bind(rows);
  if (!columns.ok()) return columns.status();
  const size_t num_features = encoder_.features().size();
  const size_t width = num_groups_ * (num_features + 1);
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> out(rows.num_rows(), width);
  absl::Status status = ForEachBatch(*columns, [&](const float* matrix, size_t begin, size_t end) -> absl::Status {
    double* batch_out = out.data() + begin * width;
    if (!tree_shap_.has_value()) return LibxgboostContributions(matrix, end - begin, batch_out);
    ParallelFor(end - begin, kMinExplainRowsPerThread, [&](size_t first, size_t last) {
      tree_shap_->Explain(matrix + first * num_features, last - first, batch_out + first * width);
    });
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return Eigen::MatrixXd(out);
}

}  // namespace glassbox::daemon
