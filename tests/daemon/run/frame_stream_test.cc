#include "daemon/run/frame_stream.h"

#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <thread>

#include "glassbox/internal/analysis_worker.pb.h"

namespace glassbox::run {
namespace {

class FrameStreamTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, ends_), 0); }
  void TearDown() override {
    for (int fd : ends_) {
      if (fd >= 0) close(fd);
    }
  }
  void CloseWriter() {
    close(ends_[0]);
    ends_[0] = -1;
  }

  int ends_[2] = {-1, -1};
};

TEST_F(FrameStreamTest, MessagesArriveWholeAndInOrder) {
  glassbox::internal::WorkerMessage first, second;
  first.mutable_progress()->set_fraction(0.25);
  first.mutable_progress()->set_message("a quarter");
  second.mutable_failure()->set_code(5);
  ASSERT_TRUE(WriteFrame(ends_[0], first).ok());
  ASSERT_TRUE(WriteFrame(ends_[0], second).ok());
  CloseWriter();

  glassbox::internal::WorkerMessage read;
  ASSERT_TRUE(ReadFrame(ends_[1], read).ok());
  EXPECT_EQ(read.progress().message(), "a quarter");
  ASSERT_TRUE(ReadFrame(ends_[1], read).ok());
  EXPECT_EQ(read.failure().code(), 5);
  EXPECT_EQ(ReadFrame(ends_[1], read).code(), absl::StatusCode::kOutOfRange);
}

TEST_F(FrameStreamTest, AFrameLargerThanTheSocketBufferArrivesWhole) {
  glassbox::internal::TableTransfer table;
  auto* values = table.add_columns()->mutable_numeric()->mutable_values();
  for (int i = 0; i < 1'000'000; ++i) values->Add(i * 0.5);
  table.set_num_rows(1'000'000);
  glassbox::internal::WorkerMessage next;
  next.mutable_progress()->set_message("the next frame");
  std::thread writer([&] {
    EXPECT_TRUE(WriteFrame(ends_[0], table).ok());
    EXPECT_TRUE(WriteFrame(ends_[0], next).ok());
  });
  glassbox::internal::TableTransfer read_table;
  glassbox::internal::WorkerMessage read_next;
  EXPECT_TRUE(ReadFrame(ends_[1], read_table).ok());
  EXPECT_TRUE(ReadFrame(ends_[1], read_next).ok());
  writer.join();
  ASSERT_EQ(read_table.columns(0).numeric().values_size(), 1'000'000);
  EXPECT_EQ(read_table.columns(0).numeric().values(999'999), 499'999.5);
  EXPECT_EQ(read_table.num_rows(), 1'000'000u);
  EXPECT_EQ(read_next.progress().message(), "the next frame");
}

TEST_F(FrameStreamTest, BytesThatDoNotParseAreDataLoss) {
  const char garbage[] = {3, 0, 0, 0, 0x7f, 0x7f, 0x7f};
  ASSERT_EQ(write(ends_[0], garbage, sizeof(garbage)), static_cast<ssize_t>(sizeof(garbage)));
  glassbox::internal::WorkerMessage read;
  absl::Status status = ReadFrame(ends_[1], read);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(std::string(status.message()), "a frame does not parse");
}

TEST_F(FrameStreamTest, AStreamCutInsideAFrameIsDataLoss) {
  const char partial[] = {10, 0, 0, 0, 8, 1};
  ASSERT_EQ(write(ends_[0], partial, sizeof(partial)), static_cast<ssize_t>(sizeof(partial)));
  CloseWriter();
  glassbox::internal::WorkerMessage read;
  absl::Status status = ReadFrame(ends_[1], read);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(std::string(status.message()), "the stream ended 2 bytes into a 10-byte frame");
}

TEST_F(FrameStreamTest, WritingToAClosedPeerIsAnErrorNotASignal) {
  close(ends_[1]);
  ends_[1] = -1;
  glassbox::internal::WorkerMessage message;
  message.mutable_progress()->set_message("nobody listens");
  EXPECT_EQ(WriteFrame(ends_[0], message).code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace glassbox::run
