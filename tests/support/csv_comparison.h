// Helpers to compare data::CsvStreamParser with the reference parser: feed
// bytes in chosen pieces, and tell two parse results apart exactly.
#ifndef GLASSBOX_TESTS_SUPPORT_CSV_COMPARISON_H_
#define GLASSBOX_TESTS_SUPPORT_CSV_COMPARISON_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "daemon/data/csv_stream_parser.h"
#include "glassbox/sdk/table.h"

namespace glassbox::testing {

// Parses `bytes` fed in the pieces that `cuts` (increasing offsets inside the
// bytes) mark, and gives them again in the same pieces when the parser asks.
absl::StatusOr<sdk::Table> ParseInPieces(std::string_view bytes, const std::vector<size_t>& cuts,
                                         const data::CsvOptions& options = {});

// Offsets cutting `size` bytes into pieces of 1 to `max_piece` bytes, drawn from `seed`.
std::vector<size_t> RandomCuts(size_t size, size_t max_piece, uint64_t seed);

// The first difference between two parse results (status, column names,
// types, numbers bit for bit, categories, codes), or "" when there is none.
std::string DifferenceBetween(const absl::StatusOr<sdk::Table>& expected, const absl::StatusOr<sdk::Table>& actual);

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_SUPPORT_CSV_COMPARISON_H_
