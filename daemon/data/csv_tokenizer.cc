#include "daemon/data/csv_tokenizer.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace glassbox::data {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
// A record's buffer beyond this is released after the record, so that one
// huge cell does not keep its memory for the rest of the file.
constexpr size_t kKeptRecordCapacity = size_t{1} << 20;

}  // namespace

void CsvTokenizer::Feed(std::string_view piece) {
  while (!bom_decided_ && !piece.empty()) {
    if (piece.front() != kByteOrderMark[bom_matched_]) {
      bom_decided_ = true;
      Tokenize(kByteOrderMark.substr(0, bom_matched_));  // a mark's prefix, then something else: plain bytes
      break;
    }
    piece.remove_prefix(1);
    bom_decided_ = ++bom_matched_ == kByteOrderMark.size();
  }
  Tokenize(piece);
}

void CsvTokenizer::Tokenize(std::string_view bytes) {
  size_t i = 0;
  while (i < bytes.size() && status_.ok()) {
    if (!record_open_) {
      if (std::exchange(skip_lf_, false) && bytes[i] == '\n') {
        ++i;
        continue;
      }
      record_open_ = true;
      record_line_ = line_;
      state_ = State::kFieldStart;
    }
    switch (state_) {
      case State::kFieldStart:
        if (bytes[i] == '"') {
          state_ = State::kQuoted;
          ++i;
        } else {
          state_ = State::kUnquoted;
        }
        break;
      case State::kUnquoted: {
        size_t end = i;
        while (end < bytes.size() && bytes[end] != ',' && bytes[end] != '\n' && bytes[end] != '\r') ++end;
        text_.append(bytes.substr(i, end - i));
        CheckFieldLength();
        i = end;
        if (i < bytes.size() && status_.ok()) EndField(bytes[i++]);
        break;
      }
      case State::kQuoted: {
        const size_t end = std::min(bytes.find('"', i), bytes.size());
        line_ += std::count(bytes.begin() + i, bytes.begin() + end, '\n');
        text_.append(bytes.substr(i, end - i));
        CheckFieldLength();
        i = end;
        if (i < bytes.size() && status_.ok()) {
          state_ = State::kQuoteInQuoted;
          ++i;
        }
        break;
      }
      case State::kQuoteInQuoted:
        if (bytes[i] == '"') {
          text_.push_back('"');
          CheckFieldLength();
          state_ = State::kQuoted;
          ++i;
        } else if (bytes[i] == ',' || bytes[i] == '\n' || bytes[i] == '\r') {
          EndField(bytes[i++]);
        } else {
          status_ = absl::InvalidArgumentError(
              absl::StrCat("line ", record_line_, ": unexpected character after a quoted field"));
        }
        break;
    }
  }
}

void CsvTokenizer::CheckFieldLength() {
  const size_t field_start = ends_.empty() ? 0 : ends_.back();
  if (text_.size() - field_start > max_field_bytes_) status_ = oversized_(record_line_, ends_.size());
}

void CsvTokenizer::EndField(char delimiter) {
  ends_.push_back(text_.size());
  state_ = State::kFieldStart;
  if (delimiter == ',') return;
  ++line_;
  skip_lf_ = delimiter == '\r';
  EndRecord();
}

void CsvTokenizer::EndRecord() {
  fields_.clear();
  size_t start = 0;
  for (size_t end : ends_) {
    fields_.push_back(std::string_view(text_).substr(start, end - start));
    start = end;
  }
  status_ = sink_(fields_, record_line_);
  record_open_ = false;
  ends_.clear();
  text_.clear();
  if (text_.capacity() > kKeptRecordCapacity) text_ = std::string();
}

absl::Status CsvTokenizer::Finish() {
  if (!bom_decided_) {
    bom_decided_ = true;
    Tokenize(kByteOrderMark.substr(0, bom_matched_));
  }
  if (status_.ok() && record_open_) {
    if (state_ == State::kQuoted) {
      status_ = absl::InvalidArgumentError(
          absl::StrCat("line ", record_line_, ": a quoted field is not closed before the end of the file"));
    } else {
      ends_.push_back(text_.size());
      EndRecord();
    }
  }
  return status_;
}

}  // namespace glassbox::data
