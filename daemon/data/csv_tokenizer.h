// Splits CSV bytes fed in pieces into records of fields (RFC 4180:
// comma-separated, double-quoted fields with "" escapes, LF, CRLF or a lone
// CR ending a record; a UTF-8 byte order mark at the very start is skipped).
// Records and fields may span pieces. Each record goes to the sink with the
// line it starts on (lines counted by record ends and by LFs inside quotes);
// an empty line is a record of one empty field; the bytes always make at least
// one record, empty if they are empty. The first error (a malformed record or
// one the sink refuses) ends the tokenizing: later bytes are ignored.
#ifndef GLASSBOX_DAEMON_DATA_CSV_TOKENIZER_H_
#define GLASSBOX_DAEMON_DATA_CSV_TOKENIZER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace glassbox::data {

class CsvTokenizer {
 public:
  // Receives a record's fields (valid during the call only) and its line; a
  // non-OK status stops the tokenizing and becomes its status.
  using RecordSink = std::function<absl::Status(std::span<const std::string_view> fields, size_t line)>;

  // Answers the error for field `field` (from 0) of the record on `line`
  // once the field is longer than the limit; it becomes the status.
  using OversizedFieldSink = std::function<absl::Status(size_t line, size_t field)>;

  explicit CsvTokenizer(RecordSink sink) : sink_(std::move(sink)) {}
  // A field (its bytes between the delimiters, without enclosing quotes, a
  // "" escape counted as one) longer than `max_field_bytes` stops the
  // tokenizing before more than that and one piece of it is held.
  CsvTokenizer(RecordSink sink, size_t max_field_bytes, OversizedFieldSink oversized)
      : sink_(std::move(sink)), max_field_bytes_(max_field_bytes), oversized_(std::move(oversized)) {}

  // The limit for the fields of the records that start from now on.
  void set_max_field_bytes(size_t max_field_bytes) { max_field_bytes_ = max_field_bytes; }

  void Feed(std::string_view piece);
  // Ends the last record (an open quote is an error); the first error.
  absl::Status Finish();
  const absl::Status& status() const { return status_; }

 private:
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };

  void Tokenize(std::string_view bytes);
  // Ends the field at `delimiter` (',' CR or LF), and the record unless ','.
  void EndField(char delimiter);
  void EndRecord();
  // Stops with oversized_'s error if the open field is now longer than the limit.
  void CheckFieldLength();

  RecordSink sink_;
  size_t max_field_bytes_ = SIZE_MAX;
  OversizedFieldSink oversized_;
  absl::Status status_;
  size_t bom_matched_ = 0;  // bytes of the byte order mark seen at the start
  bool bom_decided_ = false;
  State state_ = State::kFieldStart;
  bool record_open_ = true;  // the first record opens with the bytes, even if there are none
  bool skip_lf_ = false;     // the last record ended with CR: a LF right after belongs to it
  size_t line_ = 1;
  size_t record_line_ = 1;
  std::string text_;          // the open record's fields, back to back
  std::vector<size_t> ends_;  // where each of its ended fields ends in text_
  std::vector<std::string_view> fields_;
};

}  // namespace glassbox::data

#endif  // GLASSBOX_DAEMON_DATA_CSV_TOKENIZER_H_
