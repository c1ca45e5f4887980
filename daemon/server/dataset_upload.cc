#include "daemon/server/dataset_upload.h"

#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "daemon/data/csv_reader.h"

namespace glassbox::server {
namespace {

absl::Status CannotWrite() { return absl::InternalError("cannot write the dataset to the data folder"); }

}  // namespace

DatasetUpload::DatasetUpload(std::string staging_path, data::CsvOptions options, int64_t max_bytes)
    : staging_path_(std::move(staging_path)),
      max_bytes_(max_bytes),
      staged_(staging_path_, std::ios::binary | std::ios::trunc),
      parser_(std::move(options)) {}

DatasetUpload::~DatasetUpload() {
  std::error_code ignored;
  std::filesystem::remove(staging_path_, ignored);
}

absl::Status DatasetUpload::Append(std::string_view chunk) {
  if (size_bytes_ + static_cast<int64_t>(chunk.size()) > max_bytes_) {
    return absl::ResourceExhaustedError(
        absl::StrCat("the upload exceeds the limit of ", max_bytes_, " bytes (glassboxd --max_upload_mb)"));
  }
  size_bytes_ += static_cast<int64_t>(chunk.size());
  hasher_.Update(chunk);
  staged_.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  parser_.Feed(chunk);
  return absl::OkStatus();
}

absl::StatusOr<DatasetUpload::Received> DatasetUpload::Finish() {
  staged_.close();
  const bool written = !staged_.fail();
  auto table = parser_.Finish([&](absl::FunctionRef<bool(std::string_view)> feed) {
    return written ? data::FeedFile(staging_path_, feed) : CannotWrite();
  });
  if (absl::IsInvalidArgument(table.status())) {
    return absl::InvalidArgumentError(absl::StrCat("CSV: ", table.status().message()));
  }
  if (!table.ok()) return table.status();
  if (!written) return CannotWrite();
  return Received{*std::move(table), hasher_.HexDigest(), size_bytes_};
}

}  // namespace glassbox::server
