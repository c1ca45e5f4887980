#include "daemon/data/csv_reader.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"

namespace glassbox::data {

absl::StatusOr<sdk::Table> ParseCsv(std::string_view bytes, const CsvOptions& options) {
  CsvStreamParser parser(options);
  parser.Feed(bytes);
  return parser.Finish([&](absl::FunctionRef<bool(std::string_view)> feed) {
    feed(bytes);
    return absl::OkStatus();
  });
}

absl::Status FeedFile(const std::string& path, absl::FunctionRef<bool(std::string_view)> feed) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (file == nullptr) return absl::NotFoundError(absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  std::vector<char> piece(size_t{1} << 20);
  while (true) {
    const size_t read = std::fread(piece.data(), 1, piece.size(), file.get());
    if (read > 0 && !feed(std::string_view(piece.data(), read))) return absl::OkStatus();
    if (read < piece.size()) break;
  }
  if (std::ferror(file.get())) {
    return absl::DataLossError(absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::StatusOr<sdk::Table> ParseCsvFile(const std::string& path, const CsvOptions& options) {
  CsvStreamParser parser(options);
  if (auto status = FeedFile(path, [&](std::string_view piece) {
        parser.Feed(piece);
        return true;
      });
      !status.ok()) {
    return status;
  }
  return parser.Finish([&](absl::FunctionRef<bool(std::string_view)> feed) { return FeedFile(path, feed); });
}

}  // namespace glassbox::data
