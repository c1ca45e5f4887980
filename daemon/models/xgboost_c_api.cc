#include "daemon/models/xgboost_c_api.h"

#include <xgboost/c_api.h>

#include <cstdint>

#include "absl/strings/str_cat.h"

namespace glassbox::daemon {

void BoosterFree::operator()(void* booster) const { XGBoosterFree(booster); }

void DMatrixFree::operator()(void* dmatrix) const { XGDMatrixFree(dmatrix); }

absl::Status XgboostStatus(int rc, const std::string& what, absl::StatusCode code) {
  if (rc == 0) return absl::OkStatus();
  return absl::Status(code, absl::StrCat(what, ": ", XGBGetLastError()));
}

std::string DenseArrayInterface(const float* data, size_t rows, size_t cols) {
  return absl::StrCat(R"({"data": [)", reinterpret_cast<uintptr_t>(data), R"(, true], "shape": [)", rows, ", ", cols,
                      R"(], "strides": null, "typestr": "<f4", "version": 3})");
}

absl::StatusOr<DMatrixPtr> CreateDenseDMatrix(const float* data, size_t rows, size_t cols) {
  DMatrixHandle handle = nullptr;
  const int rc = XGDMatrixCreateFromDense(DenseArrayInterface(data, rows, cols).c_str(),
                                          R"({"missing": NaN, "nthread": 0})", &handle);
  DMatrixPtr dmatrix(handle);
  if (absl::Status status = XgboostStatus(rc, "XGDMatrixCreateFromDense"); !status.ok()) return status;
  return dmatrix;
}

}  // namespace glassbox::daemon
