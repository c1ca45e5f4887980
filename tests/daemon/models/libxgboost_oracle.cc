#include "tests/daemon/models/libxgboost_oracle.h"

#include <xgboost/c_api.h>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace glassbox::daemon {
namespace {

std::string PredictConfig(bool margins, bool inplace) {
  return absl::StrCat(R"({"type": )", margins ? 1 : 0,
                      R"(, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": true)",
                      inplace ? R"(, "missing": NaN, "cache_id": 0})" : "}");
}

std::vector<float> Copy(const bst_ulong* shape, bst_ulong dims, const float* result) {
  if (result == nullptr) return {};
  size_t size = 1;
  for (bst_ulong d = 0; d < dims; ++d) size *= shape[d];
  return std::vector<float>(result, result + size);
}

}  // namespace

BoosterPtr LoadBooster(const std::string& bytes) {
  BoosterHandle handle = nullptr;
  EXPECT_EQ(XGBoosterCreate(nullptr, 0, &handle), 0);
  BoosterPtr booster(handle);
  EXPECT_EQ(XGBoosterLoadModelFromBuffer(handle, bytes.data(), bytes.size()), 0) << XGBGetLastError();
  return booster;
}

std::vector<float> LibxgboostInplace(void* booster, const FloatRows& rows, bool margins) {
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* result = nullptr;
  EXPECT_EQ(XGBoosterPredictFromDense(booster,
                                      DenseArrayInterface(rows.values.data(), rows.num_rows, rows.num_features).c_str(),
                                      PredictConfig(margins, true).c_str(), nullptr, &shape, &dims, &result),
            0)
      << XGBGetLastError();
  return Copy(shape, dims, result);
}

std::vector<float> LibxgboostDMatrix(void* booster, const FloatRows& rows, bool margins) {
  absl::StatusOr<DMatrixPtr> dmatrix = CreateDenseDMatrix(rows.values.data(), rows.num_rows, rows.num_features);
  EXPECT_TRUE(dmatrix.ok()) << dmatrix.status();
  if (!dmatrix.ok()) return {};
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* result = nullptr;
  EXPECT_EQ(XGBoosterPredictFromDMatrix(booster, dmatrix->get(), PredictConfig(margins, false).c_str(), &shape, &dims,
                                        &result),
            0)
      << XGBGetLastError();
  return Copy(shape, dims, result);
}

}  // namespace glassbox::daemon
