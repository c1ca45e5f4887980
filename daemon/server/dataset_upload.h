// Receives one dataset upload as its chunks arrive: each chunk is hashed,
// written to a staging file and parsed at once (data::CsvStreamParser), so the
// upload's bytes are never held whole in memory; its peak is about the table
// being built. The staging file is removed when the upload is destroyed,
// unless it was moved away first (DatasetStore::Insert moves it).
#ifndef GLASSBOX_DAEMON_SERVER_DATASET_UPLOAD_H_
#define GLASSBOX_DAEMON_SERVER_DATASET_UPLOAD_H_

#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "daemon/data/csv_stream_parser.h"
#include "glassbox/sdk/table.h"
#include "storage/sha256.h"

namespace glassbox::server {

class DatasetUpload {
 public:
  struct Received {
    sdk::Table table;
    std::string sha256;  // hex, of the bytes
    int64_t size_bytes;
  };

  DatasetUpload(std::string staging_path, data::CsvOptions options, int64_t max_bytes);
  ~DatasetUpload();
  DatasetUpload(const DatasetUpload&) = delete;
  DatasetUpload& operator=(const DatasetUpload&) = delete;

  // RESOURCE_EXHAUSTED once the bytes pass `max_bytes` (glassboxd --max_upload_mb).
  absl::Status Append(std::string_view chunk);
  // After the last chunk: the table, or INVALID_ARGUMENT "CSV: …" as ParseCsv
  // words it; INTERNAL when the staging file could not be written.
  absl::StatusOr<Received> Finish();
  const std::string& staging_path() const { return staging_path_; }

 private:
  const std::string staging_path_;
  const int64_t max_bytes_;
  std::ofstream staged_;
  storage::Sha256 hasher_;
  data::CsvStreamParser parser_;
  int64_t size_bytes_ = 0;
};

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_DATASET_UPLOAD_H_
