#include "storage/blob_store.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/sha256.h"

namespace glassbox::storage {
namespace {

// Chunks per transaction: 16 MiB between two releases of the database.
constexpr int kChunksPerTransaction = 16;
// Names of the files being written into the cache, renamed once complete.
constexpr char kFetchPrefix[] = ".fetch-";

absl::StatusOr<std::string> HashFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  Sha256 hash;
  std::vector<char> buffer(BlobStore::kChunkBytes);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    hash.Update(std::string_view(buffer.data(), static_cast<size_t>(in.gcount())));
  }
  if (in.bad()) return absl::DataLossError(absl::StrCat("cannot read ", path));
  return hash.HexDigest();
}

std::string Short(const std::string& sha256) { return sha256.substr(0, 12); }

}  // namespace

absl::StatusOr<std::unique_ptr<BlobStore>> BlobStore::Open(Database& database, std::string folder) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) return absl::UnavailableError(absl::StrCat("cannot create ", folder, ": ", error.message()));
  // Fetches a previous process left unfinished.
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    if (entry.path().filename().string().starts_with(kFetchPrefix)) std::filesystem::remove(entry.path(), error);
  }
  return std::unique_ptr<BlobStore>(new BlobStore(database, std::move(folder)));
}

std::string BlobStore::CachePath(const std::string& sha256) const { return absl::StrCat(folder_, "/", sha256); }

std::string BlobStore::NewTemporaryPath() const {
  static std::atomic<uint64_t> counter{0};
  static const uint64_t salt = std::random_device{}();
  return absl::StrCat(folder_, "/", kFetchPrefix, salt, "-", counter++);
}

absl::StatusOr<bool> BlobStore::Stored(const std::string& sha256) {
  Session session(database_);
  auto query = session.Prepare("SELECT 1 FROM blobs WHERE sha256 = ?");
  query.Bind(1, sha256);
  return query.Step();
}

absl::Status BlobStore::WriteChunks(const std::string& sha256, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InternalError(absl::StrCat("cannot open the bytes to store at ", path));
  std::vector<char> buffer(kChunkBytes);
  int64_t chunk = 0;
  int64_t size = 0;
  while (in) {
    Transaction transaction(database_, Transaction::Scope::kRowLocking);
    if (!transaction.began().ok()) return transaction.began();
    for (int i = 0; i < kChunksPerTransaction && in; ++i) {
      in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      if (in.gcount() == 0) break;
      auto insert = transaction.Prepare(
          "INSERT INTO blob_chunks (sha256, chunk, bytes) VALUES (?, ?, ?) "
          "ON CONFLICT (sha256, chunk) DO UPDATE SET bytes = excluded.bytes");
      insert.Bind(1, sha256).Bind(2, chunk).BindBlob(3, std::string_view(buffer.data(), in.gcount()));
      if (auto status = insert.Run(); !status.ok()) return status;
      ++chunk;
      size += in.gcount();
    }
    if (auto status = transaction.Commit(); !status.ok()) return status;
  }
  if (in.bad()) return absl::InternalError(absl::StrCat("cannot read the bytes to store at ", path));
  Session session(database_);
  auto complete =
      session.Prepare("INSERT INTO blobs (sha256, size_bytes, chunk_count) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
  complete.Bind(1, sha256).Bind(2, size).Bind(3, chunk);
  return complete.Run();
}

absl::Status BlobStore::PutFile(const std::string& sha256, const std::string& path) {
  auto stored = Stored(sha256);
  if (!stored.ok()) return stored.status();
  if (!*stored) {
    if (auto status = WriteChunks(sha256, path); !status.ok()) return status;
  }
  std::error_code error;
  if (std::filesystem::exists(CachePath(sha256))) {
    std::filesystem::remove(path, error);
    return absl::OkStatus();
  }
  std::filesystem::rename(path, CachePath(sha256), error);
  if (error) return absl::InternalError(absl::StrCat("cannot cache the stored bytes: ", error.message()));
  std::lock_guard lock(verified_mutex_);
  verified_.insert(sha256);
  return absl::OkStatus();
}

absl::Status BlobStore::PutBytes(const std::string& sha256, std::string_view bytes) {
  std::string temporary = NewTemporaryPath();
  std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    std::filesystem::remove(temporary);
    return absl::InternalError(absl::StrCat("cannot write to ", folder_));
  }
  auto status = PutFile(sha256, temporary);
  std::error_code ignored;
  std::filesystem::remove(temporary, ignored);
  return status;
}

absl::Status BlobStore::Adopt(const std::string& sha256) {
  auto stored = Stored(sha256);
  if (!stored.ok()) return stored.status();
  if (*stored) return absl::OkStatus();
  auto digest = HashFile(CachePath(sha256));
  if (!digest.ok() || *digest != sha256) return absl::OkStatus();
  return WriteChunks(sha256, CachePath(sha256));
}

absl::Status BlobStore::AdoptCachedFiles(std::string_view table) {
  std::vector<std::string> digests;
  {
    Session session(database_);
    auto query = session.Prepare(absl::StrCat("SELECT DISTINCT sha256 FROM ", std::string(table),
                                              " WHERE sha256 <> '' AND sha256 NOT IN (SELECT sha256 FROM blobs)"));
    while (true) {
      auto row = query.Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      digests.push_back(query.ColumnText(0));
    }
  }
  for (const auto& digest : digests) {
    if (auto status = Adopt(digest); !status.ok()) return status;
  }
  return absl::OkStatus();
}

bool BlobStore::CachedAndVerified(const std::string& sha256) {
  const std::string path = CachePath(sha256);
  {
    std::lock_guard lock(verified_mutex_);
    if (verified_.contains(sha256) && std::filesystem::exists(path)) return true;
  }
  auto digest = HashFile(path);
  if (!digest.ok()) return false;
  if (*digest != sha256) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    return false;
  }
  std::lock_guard lock(verified_mutex_);
  verified_.insert(sha256);
  return true;
}

absl::StatusOr<std::string> BlobStore::Fetch(const std::string& sha256) {
  int64_t size = 0;
  int64_t chunks = 0;
  {
    Session session(database_);
    auto query = session.Prepare("SELECT size_bytes, chunk_count FROM blobs WHERE sha256 = ?");
    query.Bind(1, sha256);
    auto found = query.Step();
    if (!found.ok()) return found.status();
    if (!*found) {
      return absl::NotFoundError(absl::StrCat("no bytes with SHA-256 ", sha256, " are stored in the database"));
    }
    size = query.ColumnInt(0);
    chunks = query.ColumnInt(1);
  }
  const std::string temporary = NewTemporaryPath();
  std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
  Sha256 hash;
  int64_t written = 0;
  auto fail = [&](absl::Status status) {
    out.close();
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    return status;
  };
  for (int64_t chunk = 0; chunk < chunks; ++chunk) {
    Session session(database_);
    auto query = session.Prepare("SELECT bytes FROM blob_chunks WHERE sha256 = ? AND chunk = ?");
    query.Bind(1, sha256).Bind(2, chunk);
    auto found = query.Step();
    if (!found.ok()) return fail(found.status());
    if (!*found) {
      return fail(absl::DataLossError(
          absl::StrCat("chunk ", chunk, " of ", chunks, " of the bytes ", Short(sha256), " is missing from the database")));
    }
    std::string bytes = query.ColumnBlob(0);
    hash.Update(bytes);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    written += static_cast<int64_t>(bytes.size());
  }
  out.close();
  if (!out) return fail(absl::InternalError(absl::StrCat("cannot write to ", folder_)));
  if (written != size || hash.HexDigest() != sha256) {
    return fail(absl::DataLossError(absl::StrCat("the bytes ", Short(sha256),
                                                 " stored in the database no longer hash to their SHA-256 (",
                                                 written, " of ", size, " bytes read)")));
  }
  std::error_code error;
  std::filesystem::rename(temporary, CachePath(sha256), error);
  if (error) return fail(absl::InternalError(absl::StrCat("cannot cache fetched bytes: ", error.message())));
  std::lock_guard lock(verified_mutex_);
  verified_.insert(sha256);
  return CachePath(sha256);
}

absl::StatusOr<std::string> BlobStore::LocalPath(const std::string& sha256) {
  if (CachedAndVerified(sha256)) return CachePath(sha256);
  return Fetch(sha256);
}

}  // namespace glassbox::storage
