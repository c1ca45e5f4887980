// Content-addressed bytes (dataset files, model files) kept in the database,
// so that every daemon sharing it reads them, and cached as files named by
// their SHA-256 in a local folder of each daemon.
//
// In the database a blob is its chunks (kChunkBytes each, the last shorter),
// written in small transactions so that a large upload never holds the
// database for long, then its row in `blobs`, written last: a blob without
// that row is incomplete (an upload cut short) and is never read; a later
// Put of the same bytes rewrites its chunks and completes it.
//
// Reads verify: a blob fetched from the database is hashed as it is written
// to the cache and kept only if it matches; a cached file found on disk is
// hashed once per process before it is first used, and replaced from the
// database if it does not match. Bytes that cannot be had intact are
// DATA_LOSS naming the digest and what is wrong, never a silently bad file.
#ifndef GLASSBOX_STORAGE_BLOB_STORE_H_
#define GLASSBOX_STORAGE_BLOB_STORE_H_

#include <cstddef>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "storage/database.h"

namespace glassbox::storage {

class BlobStore {
 public:
  static constexpr size_t kChunkBytes = 1 << 20;

  // `folder` holds the cached files; created if absent.
  static absl::StatusOr<std::unique_ptr<BlobStore>> Open(Database& database, std::string folder);

  // Stores the file at `path`, whose SHA-256 the caller computed as
  // `sha256`, unless the database holds that blob already, then moves the
  // file to the cache (or removes it when the cache has the blob).
  absl::Status PutFile(const std::string& sha256, const std::string& path);
  // The same for bytes in memory; they are written to the cache too.
  absl::Status PutBytes(const std::string& sha256, std::string_view bytes);

  // For each digest in the sha256 column of `table` that the database holds
  // no blob of, stores the cached file of that digest if the file hashes to
  // it: how an archive whose bytes were files only (schema version 8 and
  // before) comes to share them. Digests without an intact file are left
  // for LocalPath to report.
  absl::Status AdoptCachedFiles(std::string_view table);

  // The path of a cached file holding the verified bytes of `sha256`,
  // fetched from the database if the cache lacks them. NOT_FOUND when the
  // database has no such blob and no cached file holds it; DATA_LOSS when
  // the database's chunks are missing or do not hash to `sha256`.
  absl::StatusOr<std::string> LocalPath(const std::string& sha256);

 private:
  BlobStore(Database& database, std::string folder) : database_(database), folder_(std::move(folder)) {}

  std::string CachePath(const std::string& sha256) const;
  std::string NewTemporaryPath() const;
  absl::StatusOr<bool> Stored(const std::string& sha256);
  absl::Status Adopt(const std::string& sha256);
  // Writes the chunks of the file at `path` and the blob's row.
  absl::Status WriteChunks(const std::string& sha256, const std::string& path);
  absl::StatusOr<std::string> Fetch(const std::string& sha256);
  bool CachedAndVerified(const std::string& sha256);

  Database& database_;
  std::string folder_;
  std::mutex verified_mutex_;
  std::set<std::string> verified_;
};

}  // namespace glassbox::storage

#endif  // GLASSBOX_STORAGE_BLOB_STORE_H_
