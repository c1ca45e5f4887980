#include "daemon/run/frame_stream.h"

#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

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
