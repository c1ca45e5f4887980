#include "daemon/models/xgboost_c_api.h"

#include <xgboost/c_api.h>

#include <algorithm>
#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace glassbox::daemon {

void BoosterFree::operator()(void* booster) const { XGBoosterFree(booster); }

void DMatrixFree::operator()(void* dmatrix) const { XGDMatrixFree(dmatrix); }

namespace {

// libxgboost's last error without its decoration: "[hh:mm:ss] file.cc:123: "
// before the message, and a stack trace after it.
std::string LastErrorMessage() {
  absl::string_view message = XGBGetLastError();
  message = message.substr(0, message.find("Stack trace:"));
  if (absl::ConsumePrefix(&message, "[")) message.remove_prefix(std::min(message.size(), message.find("] ") + 2));
  const absl::string_view location = message.substr(0, message.find(' '));
  if (absl::EndsWith(location, ":") && location.find(':') < location.size() - 1)
    message.remove_prefix(location.size() + 1);
  return std::string(absl::StripTrailingAsciiWhitespace(message));
}

}  // namespace

absl::Status XgboostStatus(int rc, const std::string& what, absl::StatusCode code) {
  if (rc == 0) return absl::OkStatus();
  return absl::Status(code, absl::StrCat(what, ": ", LastErrorMessage()));
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
