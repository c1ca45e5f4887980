#include "tests/support/csv_comparison.h"

#include <algorithm>
#include <cstring>
#include <random>

#include "absl/functional/function_ref.h"
#include "absl/strings/str_cat.h"

namespace glassbox::testing {

absl::StatusOr<sdk::Table> ParseInPieces(std::string_view bytes, const std::vector<size_t>& cuts,
                                         const data::CsvOptions& options) {
  auto feed_pieces = [&](absl::FunctionRef<bool(std::string_view)> feed) {
    size_t start = 0;
    for (size_t cut : cuts) {
      if (!feed(bytes.substr(start, cut - start))) return;
      start = cut;
    }
    feed(bytes.substr(start));
  };
  data::CsvStreamParser parser(options);
  feed_pieces([&](std::string_view piece) {
    parser.Feed(piece);
    return true;
  });
  return parser.Finish([&](absl::FunctionRef<bool(std::string_view)> feed) {
    feed_pieces(feed);
    return absl::OkStatus();
  });
}

std::vector<size_t> RandomCuts(size_t size, size_t max_piece, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<size_t> piece(1, std::max<size_t>(max_piece, 1));
  std::vector<size_t> cuts;
  for (size_t cut = piece(random); cut < size; cut += piece(random)) cuts.push_back(cut);
  return cuts;
}

std::string DifferenceBetween(const absl::StatusOr<sdk::Table>& expected, const absl::StatusOr<sdk::Table>& actual) {
  if (actual.status() != expected.status()) {
    return absl::StrCat("status ", actual.status().ToString(), ", expected ", expected.status().ToString());
  }
  if (!expected.ok()) return "";
  if (actual->num_columns() != expected->num_columns() || actual->num_rows() != expected->num_rows()) {
    return absl::StrCat(actual->num_columns(), " columns × ", actual->num_rows(), " rows, expected ",
                        expected->num_columns(), " × ", expected->num_rows());
  }
  for (size_t i = 0; i < expected->num_columns(); ++i) {
    const sdk::Column& want = expected->column(i);
    const sdk::Column& got = actual->column(i);
    const std::string where = absl::StrCat("column ", i, " '", want.name(), "'");
    if (got.name() != want.name()) return absl::StrCat(where, " is named '", got.name(), "'");
    if (got.type() != want.type()) return absl::StrCat(where, " has the other type");
    if (want.is_numeric()) {
      auto same_bits = [](double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; };
      auto [got_end, want_end] =
          std::mismatch(got.values().begin(), got.values().end(), want.values().begin(), same_bits);
      if (got_end != got.values().end()) {
        return absl::StrCat(where, " row ", got_end - got.values().begin(), ": ", *got_end, ", expected ", *want_end);
      }
    } else {
      if (got.categories() != want.categories()) return absl::StrCat(where, ": other categories");
      if (!std::equal(got.codes().begin(), got.codes().end(), want.codes().begin())) {
        return absl::StrCat(where, ": other codes");
      }
    }
  }
  return "";
}

}  // namespace glassbox::testing
