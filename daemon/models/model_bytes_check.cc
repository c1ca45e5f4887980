#include "daemon/models/model_bytes_check.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "daemon/common/json_nesting.h"

namespace glassbox::daemon {
namespace {

absl::Status Invalid(const std::string& reason) {
  return absl::InvalidArgumentError(absl::StrCat("the model file is not a readable XGBoost model: ", reason));
}

// Walks one UBJSON value of the grammar libxgboost reads, in bounds.
class UbjsonWalker {
 public:
  explicit UbjsonWalker(std::string_view bytes) : bytes_(bytes) {}

  absl::Status WalkDocument() {
    if (absl::Status status = Value(0); !status.ok()) return status;
    if (pos_ != bytes_.size()) return Invalid(absl::StrCat("UBJSON has ", bytes_.size() - pos_, " trailing bytes"));
    return absl::OkStatus();
  }

 private:
  absl::Status Truncated() const { return Invalid(absl::StrCat("UBJSON ends early, at byte ", bytes_.size())); }

  absl::Status Take(char& c) {
    if (pos_ >= bytes_.size()) return Truncated();
    c = bytes_[pos_++];
    return absl::OkStatus();
  }

  absl::Status Skip(uint64_t n) {
    if (n > bytes_.size() - pos_) return Truncated();
    pos_ += n;
    return absl::OkStatus();
  }

  absl::Status Expect(char wanted) {
    char c = 0;
    if (absl::Status status = Take(c); !status.ok()) return status;
    if (c != wanted)
      return Invalid(absl::StrCat("UBJSON has '", std::string(1, c), "' where '", std::string(1, wanted),
                                  "' belongs, at byte ", pos_ - 1));
    return absl::OkStatus();
  }

  // A count or a length: 'L' then a big-endian int64, at least 0.
  absl::Status Length(uint64_t& n) {
    if (absl::Status status = Expect('L'); !status.ok()) return status;
    if (bytes_.size() - pos_ < 8) return Truncated();
    n = 0;
    for (int k = 0; k < 8; ++k) n = (n << 8) | static_cast<uint8_t>(bytes_[pos_++]);
    if (n > static_cast<uint64_t>(INT64_MAX)) return Invalid("UBJSON has a negative length");
    return absl::OkStatus();
  }

  absl::Status String() {
    uint64_t n = 0;
    if (absl::Status status = Length(n); !status.ok()) return status;
    return Skip(n);
  }

  static int ScalarSize(char marker) {
    switch (marker) {
      case 'Z':
      case 'T':
      case 'F':
        return 0;
      case 'i':
      case 'U':
      case 'C':
        return 1;
      case 'I':
        return 2;
      case 'l':
      case 'd':
        return 4;
      case 'L':
        return 8;
      default:
        return -1;
    }
  }

  absl::Status Value(int depth) {
    char marker = 0;
    if (absl::Status status = Take(marker); !status.ok()) return status;
    if (marker == 'S') return String();
    if (marker == '{' || marker == '[') {
      if (depth == kMaxModelNesting) return Invalid("UBJSON nests too deep");
      return marker == '{' ? Object(depth + 1) : Array(depth + 1);
    }
    const int size = ScalarSize(marker);
    if (size < 0) return Invalid(absl::StrCat("UBJSON has an unknown marker at byte ", pos_ - 1));
    return Skip(size);
  }

  absl::Status Object(int depth) {
    while (true) {
      if (pos_ >= bytes_.size()) return Truncated();
      if (bytes_[pos_] == '}') {
        ++pos_;
        return absl::OkStatus();
      }
      if (absl::Status status = String(); !status.ok()) return status;
      if (absl::Status status = Value(depth); !status.ok()) return status;
    }
  }

  absl::Status Array(int depth) {
    if (pos_ >= bytes_.size()) return Truncated();
    uint64_t n = 0;
    if (bytes_[pos_] == '$') {
      ++pos_;
      char type = 0;
      if (absl::Status status = Take(type); !status.ok()) return status;
      const int size = type == 'd' || type == 'l' ? 4 : type == 'L' ? 8 : type == 'U' ? 1 : -1;
      if (size < 0) return Invalid("UBJSON has a typed array of an unsupported type");
      if (absl::Status status = Expect('#'); !status.ok()) return status;
      if (absl::Status status = Length(n); !status.ok()) return status;
      if (n > (bytes_.size() - pos_) / size) return Truncated();
      return Skip(n * size);
    }
    if (bytes_[pos_] == '#') {
      ++pos_;
      if (absl::Status status = Length(n); !status.ok()) return status;
      for (uint64_t k = 0; k < n; ++k) {
        if (absl::Status status = Value(depth); !status.ok()) return status;
      }
      return absl::OkStatus();
    }
    while (true) {
      if (pos_ >= bytes_.size()) return Truncated();
      if (bytes_[pos_] == ']') {
        ++pos_;
        return absl::OkStatus();
      }
      if (absl::Status status = Value(depth); !status.ok()) return status;
    }
  }

  std::string_view bytes_;
  size_t pos_ = 0;
};

}  // namespace

absl::Status CheckModelBytes(std::string_view bytes) {
  if (bytes.empty()) return absl::InvalidArgumentError("the model file is empty");
  // libxgboost's own dispatch: '{' then '"' is JSON, '{' then a letter UBJSON.
  if (bytes.size() >= 2 && bytes[0] == '{' && bytes[1] == '"') {
    if (JsonNesting(bytes) > kMaxModelNesting) return Invalid("JSON nests too deep");
    return absl::OkStatus();
  }
  if (bytes.size() >= 2 && bytes[0] == '{' && std::isalpha(static_cast<unsigned char>(bytes[1]))) {
    return UbjsonWalker(bytes).WalkDocument();
  }
  return absl::InvalidArgumentError(
      "the model file is not XGBoost JSON or UBJSON (the legacy binary format is not read; re-save the model with "
      "save_model(\"model.json\"))");
}

}  // namespace glassbox::daemon
