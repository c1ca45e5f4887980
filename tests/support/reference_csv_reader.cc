#include "tests/support/reference_csv_reader.h"

#include <algorithm>
#include <deque>
#include <limits>
#include <optional>
#include <unordered_map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "daemon/data/number.h"

namespace glassbox::testing {
namespace {

using data::CsvOptions;
using data::ParseNumber;

// Splits the bytes into records of fields. Unquoted fields point into the
// input; fields with escaped quotes are unescaped into `unescaped_`. A record
// stops at its first field longer than `max_field_bytes`, whose index
// oversized_field() then holds.
class Tokenizer {
 public:
  Tokenizer(std::string_view bytes, size_t max_field_bytes) : bytes_(bytes), max_field_bytes_(max_field_bytes) {
    if (bytes_.starts_with("\xEF\xBB\xBF")) bytes_.remove_prefix(3);
  }

  bool done() const { return pos_ >= bytes_.size(); }
  size_t line() const { return line_; }

  // Reads the next record into `fields`.
  absl::Status Next(std::vector<std::string_view>& fields) {
    fields.clear();
    record_line_ = line_;
    while (true) {
      std::string_view field;
      if (pos_ < bytes_.size() && bytes_[pos_] == '"') {
        if (auto status = ReadQuoted(field); !status.ok()) {
          if (unclosed_length_ <= max_field_bytes_) return status;
          oversized_field_ = fields.size();
          return absl::OkStatus();
        }
      } else {
        size_t end = pos_;
        while (end < bytes_.size() && bytes_[end] != ',' && bytes_[end] != '\n' && bytes_[end] != '\r') ++end;
        field = bytes_.substr(pos_, end - pos_);
        pos_ = end;
      }
      fields.push_back(field);
      if (field.size() > max_field_bytes_) {
        oversized_field_ = fields.size() - 1;
        return absl::OkStatus();
      }
      if (pos_ >= bytes_.size()) return absl::OkStatus();
      char c = bytes_[pos_++];
      if (c == ',') continue;
      if (c == '\r' && pos_ < bytes_.size() && bytes_[pos_] == '\n') ++pos_;
      if (c == '\r' || c == '\n') {
        ++line_;
        return absl::OkStatus();
      }
      return absl::InvalidArgumentError(
          absl::StrCat("line ", record_line_, ": unexpected character after a quoted field"));
    }
  }

  size_t record_line() const { return record_line_; }
  void set_max_field_bytes(size_t max_field_bytes) { max_field_bytes_ = max_field_bytes; }
  std::optional<size_t> oversized_field() const { return oversized_field_; }

 private:
  absl::Status ReadQuoted(std::string_view& field) {
    size_t start = ++pos_;
    std::string* unescaped = nullptr;
    while (true) {
      size_t quote = bytes_.find('"', pos_);
      if (quote == std::string_view::npos) {
        unclosed_length_ = (unescaped == nullptr ? 0 : unescaped->size()) + bytes_.size() - pos_;
        return absl::InvalidArgumentError(
            absl::StrCat("line ", record_line_, ": a quoted field is not closed before the end of the file"));
      }
      line_ += std::count(bytes_.begin() + pos_, bytes_.begin() + quote, '\n');
      if (quote + 1 < bytes_.size() && bytes_[quote + 1] == '"') {
        if (unescaped == nullptr) unescaped = &unescaped_.emplace_back();
        unescaped->append(bytes_.substr(pos_, quote + 1 - pos_));
        pos_ = quote + 2;
        continue;
      }
      if (unescaped == nullptr) {
        field = bytes_.substr(start, quote - start);
      } else {
        unescaped->append(bytes_.substr(pos_, quote - pos_));
        field = *unescaped;
      }
      pos_ = quote + 1;
      return absl::OkStatus();
    }
  }

  std::string_view bytes_;
  size_t max_field_bytes_;
  std::optional<size_t> oversized_field_;
  size_t unclosed_length_ = 0;  // of a quoted field the bytes end in
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t record_line_ = 1;
  std::deque<std::string> unescaped_;
};

// The length of the longest prefix of `bytes` that is well-formed UTF-8 (RFC
// 3629: shortest forms only, no surrogates, nothing past U+10FFFF), the text
// that protobuf string fields, and so every client, accept.
size_t Utf8PrefixLength(std::string_view bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    const auto lead = static_cast<unsigned char>(bytes[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    size_t length = 0;
    unsigned char second_low = 0x80, second_high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) second_low = 0xA0;   // overlong
      if (lead == 0xED) second_high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) second_low = 0x90;   // overlong
      if (lead == 0xF4) second_high = 0x8F;  // past U+10FFFF
    } else {
      return i;
    }
    if (bytes.size() - i < length) return i;
    for (size_t k = 1; k < length; ++k) {
      const auto byte = static_cast<unsigned char>(bytes[i + k]);
      if (byte < (k == 1 ? second_low : 0x80) || byte > (k == 1 ? second_high : 0xBF)) return i;
    }
    i += length;
  }
  return i;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool IsMissing(std::string_view cell) {
  return cell.empty() || cell == "NA" || cell == "N/A" || cell == "NaN" || cell == "nan" || cell == "?";
}

// The cells of one column, row by row, trimmed.
using ColumnCells = std::vector<std::string_view>;

std::shared_ptr<const sdk::Column> BuildCategorical(const std::string& name, const ColumnCells& cells) {
  std::unordered_map<std::string_view, int32_t> first_codes;
  std::vector<std::string_view> distinct;
  std::vector<int32_t> codes(cells.size());
  for (size_t row = 0; row < cells.size(); ++row) {
    if (IsMissing(cells[row])) {
      codes[row] = sdk::Column::kMissingCode;
      continue;
    }
    auto [it, inserted] = first_codes.try_emplace(cells[row], static_cast<int32_t>(distinct.size()));
    if (inserted) distinct.push_back(cells[row]);
    codes[row] = it->second;
  }
  std::vector<int32_t> order(distinct.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int32_t>(i);
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return distinct[a] < distinct[b]; });
  std::vector<int32_t> sorted_code(distinct.size());
  std::vector<std::string> categories(distinct.size());
  for (size_t rank = 0; rank < order.size(); ++rank) {
    sorted_code[order[rank]] = static_cast<int32_t>(rank);
    categories[rank] = std::string(distinct[order[rank]]);
  }
  for (auto& code : codes) {
    if (code != sdk::Column::kMissingCode) code = sorted_code[code];
  }
  return sdk::Column::Categorical(name, std::move(categories), std::move(codes));
}

// Returns nullptr when some non-missing cell is not a number; `bad_row` then
// holds its row.
std::shared_ptr<const sdk::Column> BuildNumeric(const std::string& name, const ColumnCells& cells, size_t& bad_row) {
  std::vector<double> values(cells.size());
  for (size_t row = 0; row < cells.size(); ++row) {
    if (IsMissing(cells[row])) {
      values[row] = std::numeric_limits<double>::quiet_NaN();
    } else if (!ParseNumber(cells[row], values[row])) {
      bad_row = row;
      return nullptr;
    }
  }
  return sdk::Column::Numeric(name, std::move(values));
}

}  // namespace

absl::StatusOr<sdk::Table> ReferenceParseCsv(std::string_view bytes, const CsvOptions& options) {
  if (bytes.empty()) return absl::InvalidArgumentError("the CSV is empty (0 bytes); send a header row and data rows");
  if (size_t valid = Utf8PrefixLength(bytes); valid < bytes.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "line ", 1 + std::count(bytes.begin(), bytes.begin() + valid, '\n'), " is not UTF-8 text (byte ", valid + 1,
        "); save the CSV as UTF-8, e.g. with iconv -f latin1 -t utf-8"));
  }
  Tokenizer tokenizer(bytes, options.max_column_name_bytes);
  std::vector<std::string_view> fields;
  if (auto status = tokenizer.Next(fields); !status.ok()) return status;
  if (auto field = tokenizer.oversized_field()) {
    return absl::InvalidArgumentError(absl::StrCat("header: the name of column ", *field + 1, " is longer than ",
                                                   options.max_column_name_bytes,
                                                   " bytes, the most a column name may have"));
  }
  tokenizer.set_max_field_bytes(options.max_cell_bytes);
  std::vector<std::string> names;
  for (auto field : fields) names.emplace_back(Trim(field));
  if (names.size() > options.max_columns) {
    return absl::InvalidArgumentError(
        absl::StrCat("the CSV has ", names.size(), " columns; the limit is ", options.max_columns));
  }
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) return absl::InvalidArgumentError(absl::StrCat("header: column ", i + 1, " has no name"));
    for (size_t j = 0; j < i; ++j) {
      if (names[i] == names[j]) {
        return absl::InvalidArgumentError(absl::StrCat("header: column name '", names[i], "' appears twice"));
      }
    }
  }
  for (const auto& [name, type] : options.column_types) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("column_types names '", name, "', which is not a column of the CSV header"));
    }
  }

  std::vector<ColumnCells> columns(names.size());
  std::vector<size_t> lines;
  while (!tokenizer.done()) {
    if (auto status = tokenizer.Next(fields); !status.ok()) return status;
    if (auto field = tokenizer.oversized_field()) {
      const std::string column = *field < names.size() ? absl::StrCat("'", names[*field], "'") : absl::StrCat(*field + 1);
      return absl::InvalidArgumentError(absl::StrCat("line ", tokenizer.record_line(), " (row ", lines.size() + 1,
                                                     "), column ", column, ": the cell is longer than ",
                                                     options.max_cell_bytes, " bytes, the limit (glassboxd --max_cell_kb)"));
    }
    if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
    if (fields.size() != names.size()) {
      return absl::InvalidArgumentError(absl::StrCat("line ", tokenizer.record_line(), ": expected ", names.size(),
                                                     " fields as in the header, found ", fields.size()));
    }
    if (lines.size() == options.max_rows) {
      return absl::InvalidArgumentError(absl::StrCat("the CSV has more than ", options.max_rows, " rows, the limit"));
    }
    for (size_t i = 0; i < fields.size(); ++i) columns[i].push_back(Trim(fields[i]));
    lines.push_back(tokenizer.record_line());
  }
  if (lines.empty()) return absl::InvalidArgumentError("the CSV has a header but no data rows");

  sdk::Table table;
  for (size_t i = 0; i < names.size(); ++i) {
    auto override_it = options.column_types.find(names[i]);
    auto requested = override_it == options.column_types.end() ? glassbox::v1::COLUMN_TYPE_UNSPECIFIED
                                                                : override_it->second;
    std::shared_ptr<const sdk::Column> column;
    if (requested != glassbox::v1::CATEGORICAL) {
      size_t bad_row = 0;
      column = BuildNumeric(names[i], columns[i], bad_row);
      if (column == nullptr && requested == glassbox::v1::NUMERIC) {
        return absl::InvalidArgumentError(absl::StrCat("line ", lines[bad_row], ", column '", names[i], "': '",
                                                       std::string(columns[i][bad_row]),
                                                       "' is not a number, but column_types says NUMERIC"));
      }
    }
    if (column == nullptr) column = BuildCategorical(names[i], columns[i]);
    if (auto status = table.AddColumn(std::move(column)); !status.ok()) return status;
  }
  return table;
}

}  // namespace glassbox::testing
