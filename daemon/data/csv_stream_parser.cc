#include "daemon/data/csv_stream_parser.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace glassbox::data {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool IsBlankLine(std::span<const std::string_view> fields) { return fields.size() == 1 && fields[0].empty(); }

}  // namespace

CsvStreamParser::CsvStreamParser(CsvOptions options)
    : options_(std::move(options)),
      tokenizer_([this](std::span<const std::string_view> fields, size_t line) { return AddRecord(fields, line); },
                 options_.max_column_name_bytes,
                 [this](size_t line, size_t field) { return OversizedCell(line, field); }) {}

void CsvStreamParser::Feed(std::string_view piece) {
  bytes_ += piece.size();
  utf8_.Feed(piece);
  if (tokenizer_.status().ok()) tokenizer_.Feed(piece);
}

absl::Status CsvStreamParser::OversizedCell(size_t line, size_t field) const {
  if (!header_read_) {
    return absl::InvalidArgumentError(absl::StrCat("header: the name of column ", field + 1, " is longer than ",
                                                   options_.max_column_name_bytes,
                                                   " bytes, the most a column name may have"));
  }
  const std::string column =
      field < columns_.size() ? absl::StrCat("'", columns_[field].name(), "'") : absl::StrCat(field + 1);
  return absl::InvalidArgumentError(absl::StrCat("line ", line, " (row ", rows_ + 1, "), column ", column,
                                                 ": the cell is longer than ", options_.max_cell_bytes,
                                                 " bytes, the limit (glassboxd --max_cell_kb)"));
}

absl::Status CsvStreamParser::ReadHeader(std::span<const std::string_view> fields) {
  if (fields.size() > options_.max_columns) {
    return absl::InvalidArgumentError(
        absl::StrCat("the CSV has ", fields.size(), " columns; the limit is ", options_.max_columns));
  }
  std::vector<std::string> names;
  names.reserve(fields.size());
  absl::flat_hash_set<std::string_view> seen;
  for (auto field : fields) {
    const std::string& name = names.emplace_back(Trim(field));
    if (name.empty()) return absl::InvalidArgumentError(absl::StrCat("header: column ", names.size(), " has no name"));
    if (!seen.insert(name).second) {
      return absl::InvalidArgumentError(absl::StrCat("header: column name '", name, "' appears twice"));
    }
  }
  for (const auto& [name, type] : options_.column_types) {
    if (!seen.contains(name)) {
      return absl::InvalidArgumentError(
          absl::StrCat("column_types names '", name, "', which is not a column of the CSV header"));
    }
  }
  columns_.reserve(names.size());
  for (auto& name : names) {
    auto requested = options_.column_types.find(name);
    columns_.emplace_back(std::move(name), requested == options_.column_types.end()
                                               ? glassbox::v1::COLUMN_TYPE_UNSPECIFIED
                                               : requested->second);
  }
  return absl::OkStatus();
}

absl::Status CsvStreamParser::AddRecord(std::span<const std::string_view> fields, size_t line) {
  if (!std::exchange(header_read_, true)) {
    tokenizer_.set_max_field_bytes(options_.max_cell_bytes);
    return ReadHeader(fields);
  }
  if (IsBlankLine(fields)) return absl::OkStatus();
  if (fields.size() != columns_.size()) {
    return absl::InvalidArgumentError(absl::StrCat("line ", line, ": expected ", columns_.size(),
                                                   " fields as in the header, found ", fields.size()));
  }
  if (rows_ == options_.max_rows) {
    return absl::InvalidArgumentError(absl::StrCat("the CSV has more than ", options_.max_rows, " rows, the limit"));
  }
  for (size_t i = 0; i < fields.size(); ++i) columns_[i].Add(Trim(fields[i]), line);
  ++rows_;
  return absl::OkStatus();
}

absl::Status CsvStreamParser::ReplayNumericPrefixes(CsvReplay replay) {
  std::vector<size_t> replayed;
  size_t needed = 0;
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].rows_to_replay() == 0) continue;
    replayed.push_back(i);
    needed = std::max(needed, columns_[i].rows_to_replay());
  }
  if (replayed.empty()) return absl::OkStatus();
  bool header = true;
  size_t row = 0;
  CsvTokenizer again([&](std::span<const std::string_view> fields, size_t) -> absl::Status {
    if (std::exchange(header, false) || IsBlankLine(fields) || row >= needed) return absl::OkStatus();
    if (fields.size() != columns_.size()) return absl::DataLossError("the CSV read again differs from the one parsed");
    for (size_t i : replayed) {
      if (row < columns_[i].rows_to_replay()) columns_[i].Replay(row, Trim(fields[i]));
    }
    ++row;
    return absl::OkStatus();
  });
  if (auto status = replay([&](std::string_view piece) {
        again.Feed(piece);
        return again.status().ok() && row < needed;
      });
      !status.ok()) {
    return status;
  }
  if (auto status = row < needed ? again.Finish() : again.status(); !status.ok()) return status;
  if (row < needed) {
    return absl::DataLossError(
        absl::StrCat("the CSV read again ended after ", row, " rows; ", needed, " were needed"));
  }
  return absl::OkStatus();
}

absl::StatusOr<sdk::Table> CsvStreamParser::Finish(CsvReplay replay) {
  const absl::Status records = tokenizer_.Finish();
  if (bytes_ == 0) return absl::InvalidArgumentError("the CSV is empty (0 bytes); send a header row and data rows");
  if (auto status = utf8_.Finish(); !status.ok()) return status;
  if (!records.ok()) return records;
  if (rows_ == 0) return absl::InvalidArgumentError("the CSV has a header but no data rows");
  for (const auto& column : columns_) {
    if (!column.status().ok()) return column.status();
  }
  if (auto status = ReplayNumericPrefixes(replay); !status.ok()) return status;
  sdk::Table table;
  for (auto& column : columns_) {
    if (auto status = table.AddColumn(std::move(column).Build()); !status.ok()) return status;
  }
  columns_.clear();
  return table;
}

}  // namespace glassbox::data
