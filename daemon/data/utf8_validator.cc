#include "daemon/data/utf8_validator.h"

#include "absl/strings/str_cat.h"

namespace glassbox::data {

void Utf8Validator::Feed(std::string_view piece) {
  for (size_t i = 0; i < piece.size() && !malformed_; ++i) {
    const auto byte = static_cast<unsigned char>(piece[i]);
    if (pending_ > 0) {
      if (byte < low_ || byte > high_) {
        malformed_ = true;
        break;
      }
      low_ = 0x80;
      high_ = 0xBF;
      --pending_;
      continue;
    }
    if (byte < 0x80) {
      newlines_ += byte == '\n';
      continue;
    }
    sequence_start_ = offset_ + i;
    if (byte >= 0xC2 && byte <= 0xDF) {
      pending_ = 1;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
      pending_ = 2;
      if (byte == 0xE0) low_ = 0xA0;   // overlong
      if (byte == 0xED) high_ = 0x9F;  // surrogates
    } else if (byte >= 0xF0 && byte <= 0xF4) {
      pending_ = 3;
      if (byte == 0xF0) low_ = 0x90;   // overlong
      if (byte == 0xF4) high_ = 0x8F;  // past U+10FFFF
    } else {
      malformed_ = true;
    }
  }
  offset_ += piece.size();
}

absl::Status Utf8Validator::Finish() const {
  if (!malformed_ && pending_ == 0) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("line ", 1 + newlines_, " is not UTF-8 text (byte ",
                                                 sequence_start_ + 1,
                                                 "); save the CSV as UTF-8, e.g. with iconv -f latin1 -t utf-8"));
}

}  // namespace glassbox::data
