// The XGBoost backend of sdk::Model: a tree model (gbtree or dart) saved by
// XGBoost as JSON or UBJSON, scored through libxgboost's C API.
//
// Predict runs glassbox's TreePredictor for gbtree models with the objectives
// below (equal to libxgboost's predictions to the bit), on every core: each
// thread encodes and scores its own share of the rows, with no OpenMP team.
// Once at load it is compared with libxgboost on ProbeRows; should the two
// ever differ, a warning is logged and Predict is libxgboost's. Otherwise
// (dart) Predict runs libxgboost's in-place prediction, which XGBoost
// documents as thread-safe and lock-free for tree boosters; the model is
// configured once at load, so concurrent Predict and Contributions calls share
// no mutable state.
// PredictReplacing is served by TreePredictor where Predict is.
// Contributions are exact path-dependent TreeSHAP: for gbtree models with the
// objectives below, computed by TreeShap over the model's trees (equal to
// libxgboost's pred_contribs, several times faster); otherwise by libxgboost.
//
// Supported objectives: binary:logistic and binary:logitraw (binary; Predict
// gives [1 - p, p]), multi:softprob and multi:softmax (multiclass; Predict
// gives the class probabilities), reg:* and count:poisson (regression; Predict
// gives rows × 1 values). Rows are encoded as FeatureEncoder documents: a
// category the model never saw is scored as a missing value.
#ifndef GLASSBOX_DAEMON_MODELS_XGBOOST_MODEL_H_
#define GLASSBOX_DAEMON_MODELS_XGBOOST_MODEL_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "daemon/models/feature_encoder.h"
#include "daemon/models/tree_predictor.h"
#include "daemon/models/tree_shap.h"
#include "daemon/models/xgboost_c_api.h"
#include "glassbox/sdk/model.h"

namespace glassbox::daemon {

// What the model file may not carry.
struct XgboostModelOptions {
  // The feature names in the model's column order; used when the file has none,
  // and must agree with the file's when it has them.
  std::vector<std::string> feature_names;
  // Per feature, "c" for categorical or an XGBoost numeric type ("q", "float",
  // "int", "i"); used when the file has none (then empty means all numeric),
  // and must agree with the file's when it has them.
  std::vector<std::string> feature_types;
  // Classification: the labels of the model's classes in its order (binary:
  // the negative class first). Empty means "0", "1", ...
  std::vector<std::string> class_labels;
  // Every categorical feature: its category strings in the order of the codes
  // the model was trained on (pandas: the column's categories).
  std::map<std::string, std::vector<std::string>> categories;
  // When set, lists in `categories` for names that are not categorical
  // features are ignored (e.g. every column's categories taken from a dataset)
  // instead of refused.
  bool ignore_unused_categories = false;
};

class XgboostModel final : public sdk::Model {
 public:
  // Fails with INVALID_ARGUMENT, giving the reason, when the bytes are not a
  // readable XGBoost JSON/UBJSON tree model or disagree with `options` (among
  // others: fewer categories given than the model's splits use).
  static absl::StatusOr<std::unique_ptr<XgboostModel>> Load(std::string_view model_bytes, XgboostModelOptions options);

  const sdk::ModelInfo& info() const override { return info_; }
  absl::StatusOr<Eigen::MatrixXd> Predict(const sdk::Table& rows) const override;
  absl::StatusOr<Eigen::MatrixXd> Contributions(const sdk::Table& rows) const override;
  // Served where Predict is native: per block of rows, the trees that do not split on a replaced column are walked
  // once for every replacement (TreePredictor::PredictVariants). INVALID_ARGUMENT for a replacement that names no
  // column of `rows` or has another length.
  absl::StatusOr<Eigen::MatrixXd> PredictReplacing(
      const sdk::Table& rows, std::span<const std::shared_ptr<const sdk::Column>> replacements) const override;

 private:
  // How libxgboost's output becomes Predict's.
  enum class Output { kValue, kProbability, kLogit, kClassProbabilities, kClassMargins };

  XgboostModel(BoosterPtr booster, FeatureEncoder encoder, sdk::ModelInfo info, Output output, size_t num_groups,
               std::optional<TreePredictor> native, std::optional<TreeShap> tree_shap)
      : booster_(std::move(booster)),
        encoder_(std::move(encoder)),
        info_(std::move(info)),
        output_(output),
        num_groups_(num_groups),
        native_(std::move(native)),
        tree_shap_(std::move(tree_shap)) {}

  // Whether Predict takes libxgboost's margins rather than its predictions.
  static bool TakesMargins(Output output) { return output == Output::kLogit || output == Output::kClassMargins; }

  // libxgboost's scores of `rows` rows of `matrix`: rows × num_groups_ floats, valid until this thread's next call.
  absl::StatusOr<const float*> LibxgboostScores(const float* matrix, size_t rows) const;
  // Runs libxgboost once on the `rows` rows of `probe` (it configures a loaded model lazily, on its first
  // prediction; doing it here keeps that one-time write out of concurrent calls) and drops native_ when it does
  // not give the same floats.
  absl::Status CheckNativeOnProbeRows(const float* probe, size_t rows);
  // Writes the scores of rows [begin, end) as Predict's rows from `begin` of `out`.
  void StoreScores(const float* scores, size_t begin, size_t end, Eigen::MatrixXd& out) const;
  // libxgboost's pred_contribs of `rows` rows of `matrix`, into `out` row-major.
  absl::Status LibxgboostContributions(const float* matrix, size_t rows, double* out) const;

  BoosterPtr booster_;
  FeatureEncoder encoder_;
  sdk::ModelInfo info_;
  Output output_;
  size_t num_groups_;  // Outputs per row of libxgboost: 1, or the number of classes.
  std::optional<TreePredictor> native_;
  std::optional<TreeShap> tree_shap_;
};

}  // namespace glassbox::daemon

#endif  // GLASSBOX_DAEMON_MODELS_XGBOOST_MODEL_H_
