// Checks that bytes fed in pieces are well-formed UTF-8 (RFC 3629: shortest
// forms only, no surrogates, nothing past U+10FFFF), the text that protobuf
// string fields, and so every client, accept. A character may be split between
// pieces; one cut off by the end of the bytes is malformed.
#ifndef GLASSBOX_DAEMON_DATA_UTF8_VALIDATOR_H_
#define GLASSBOX_DAEMON_DATA_UTF8_VALIDATOR_H_

#include <cstddef>
#include <string_view>

#include "absl/status/status.h"

namespace glassbox::data {

class Utf8Validator {
 public:
  // Checks `piece`, the bytes that follow those fed before. Nothing after the
  // first malformed sequence is looked at.
  void Feed(std::string_view piece);
  // After the last piece: OK, or INVALID_ARGUMENT naming the line (counted
  // by LF) and the byte where the first malformed sequence starts.
  absl::Status Finish() const;

 private:
  size_t offset_ = 0;          // bytes fed so far
  size_t newlines_ = 0;        // LFs before the sequence being read
  size_t sequence_start_ = 0;  // offset of the lead byte of the sequence being read
  int pending_ = 0;            // continuation bytes the sequence still needs
  unsigned char low_ = 0x80;   // bounds of the next continuation byte
  unsigned char high_ = 0xBF;
  bool malformed_ = false;
};

}  // namespace glassbox::data

#endif  // GLASSBOX_DAEMON_DATA_UTF8_VALIDATOR_H_
