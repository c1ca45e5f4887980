// Blobs in the database, read through the local cache of another daemon:
// bytes stored by one BlobStore come back byte for byte through a second one
// with a folder of its own, a bad cached file is replaced from the database,
// and chunks damaged or missing in the database are DATA_LOSS, never bytes.
#include "storage/blob_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "storage/sha256.h"
#include "tests/storage/store_fixture.h"

namespace glassbox::storage {
namespace {

using ::testing::HasSubstr;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

class BlobStoreTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    // Two whole chunks and a short third one, each chunk's bytes its own.
    for (size_t i = 0; i < 2 * BlobStore::kChunkBytes + 17; ++i) bytes_.push_back(static_cast<char>((i * 7 + i / 977) % 251));
    digest_ = Sha256Hex(bytes_);
    first_ = Open("daemon-a");
    second_ = Open("daemon-b");
    ASSERT_TRUE(first_->PutBytes(digest_, bytes_).ok());
  }

  std::unique_ptr<BlobStore> Open(const std::string& daemon) {
    auto store = BlobStore::Open(*database_, folder_.path() + "/" + daemon);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }

  int64_t Count(const std::string& sql) {
    Session session(*database_);
    auto query = session.Prepare(sql);
    EXPECT_TRUE(query.Step().value_or(false));
    return query.ColumnInt(0);
  }

  std::string bytes_;
  std::string digest_;
  std::unique_ptr<BlobStore> first_;
  std::unique_ptr<BlobStore> second_;
};

TEST_P(BlobStoreTest, BytesStoredByOneDaemonReadBackThroughAnother) {
  auto path = second_->LocalPath(digest_);
  ASSERT_TRUE(path.ok()) << path.status();
  EXPECT_EQ(*path, folder_.path() + "/daemon-b/" + digest_);
  EXPECT_EQ(ReadAll(*path), bytes_);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM blob_chunks"), 3);
  EXPECT_EQ(Count("SELECT size_bytes FROM blobs"), static_cast<int64_t>(bytes_.size()));
}

TEST_P(BlobStoreTest, StoringBytesTheDatabaseHoldsAddsNoChunk) {
  ASSERT_TRUE(second_->PutBytes(digest_, bytes_).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM blob_chunks"), 3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM blobs"), 1);
}

TEST_P(BlobStoreTest, ACachedFileThatNoLongerHashesIsReplacedFromTheDatabase) {
  std::ofstream(folder_.path() + "/daemon-b/" + digest_, std::ios::binary) << "not the bytes";
  auto path = second_->LocalPath(digest_);
  ASSERT_TRUE(path.ok()) << path.status();
  EXPECT_EQ(ReadAll(*path), bytes_);
}

TEST_P(BlobStoreTest, AMissingChunkIsDataLossNamingIt) {
  backend_.Execute("DELETE FROM blob_chunks WHERE chunk = 1");
  auto path = second_->LocalPath(digest_);
  EXPECT_EQ(path.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(path.status().message(), HasSubstr("chunk 1 of 3"));
  EXPECT_FALSE(std::filesystem::exists(folder_.path() + "/daemon-b/" + digest_));
}

TEST_P(BlobStoreTest, ADamagedChunkIsDataLossAndLeavesNoFile) {
  backend_.Execute("UPDATE blob_chunks SET bytes = " + backend_.BlobLiteral("00") + " WHERE chunk = 2");
  auto path = second_->LocalPath(digest_);
  EXPECT_EQ(path.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(path.status().message(), HasSubstr("no longer hash to their SHA-256"));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(folder_.path() + "/daemon-b"),
                          std::filesystem::directory_iterator()),
            0);
}

TEST_P(BlobStoreTest, ADigestNothingHoldsIsNotFound) {
  EXPECT_EQ(second_->LocalPath(Sha256Hex("other")).status().code(), absl::StatusCode::kNotFound);
}

TEST_P(BlobStoreTest, ABlobCutShortBeforeItsRowIsNeverReadAndTheNextPutCompletesIt) {
  const std::string other = std::string(BlobStore::kChunkBytes + 1, 'x');
  const std::string digest = Sha256Hex(other);
  backend_.Execute("INSERT INTO blob_chunks (sha256, chunk, bytes) VALUES ('" + digest + "', 0, " +
                   backend_.BlobLiteral("78") + ")");
  EXPECT_EQ(second_->LocalPath(digest).status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(first_->PutBytes(digest, other).ok());
  auto path = second_->LocalPath(digest);
  ASSERT_TRUE(path.ok()) << path.status();
  EXPECT_EQ(ReadAll(*path), other);
}

TEST_P(BlobStoreTest, FilesCachedOnlyAreAdoptedIntoTheDatabase) {
  const std::string old_bytes = "x,y\n1,2\n";
  const std::string digest = Sha256Hex(old_bytes);
  std::ofstream(folder_.path() + "/daemon-a/" + digest, std::ios::binary) << old_bytes;
  backend_.Execute("INSERT INTO datasets (id, project, sha256, create_time, creator, resource) VALUES ('ds_old', "
                   "'default', '" + digest + "', 0, 'alice', " + backend_.BlobLiteral("") + ")");
  ASSERT_TRUE(first_->AdoptCachedFiles("datasets").ok());
  auto path = second_->LocalPath(digest);
  ASSERT_TRUE(path.ok()) << path.status();
  EXPECT_EQ(ReadAll(*path), old_bytes);
}

INSTANTIATE_TEST_SUITE_P(Backends, BlobStoreTest, EveryBackend(), BackendName);

}  // namespace
}  // namespace glassbox::storage
