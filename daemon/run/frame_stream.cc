#include "daemon/run/frame_stream.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace glassbox::run {
namespace {

constexpr size_t kHeaderBytes = 4;
constexpr int kBufferBytes = 1 << 16;

absl::Status WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t written = ::send(fd, data, size, MSG_NOSIGNAL);
    if (written < 0) {
      if (errno == EINTR) continue;
      return absl::UnavailableError(absl::StrCat("cannot write to the stream: ", std::strerror(errno)));
    }
    data += written;
    size -= static_cast<size_t>(written);
  }
  return absl::OkStatus();
}

// Reads exactly `size` bytes; returns how many arrived before the stream ended.
absl::StatusOr<size_t> ReadAll(int fd, char* data, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t got = ::read(fd, data + done, size - done);
    if (got < 0) {
      if (errno == EINTR) continue;
      return absl::UnavailableError(absl::StrCat("cannot read from the stream: ", std::strerror(errno)));
    }
    if (got == 0) break;
    done += static_cast<size_t>(got);
  }
  return done;
}

// Messages are serialized straight into the socket and parsed straight from
// it, so a large one (a run's table) is never also held as a byte string.
class SocketOutput final : public google::protobuf::io::CopyingOutputStream {
 public:
  explicit SocketOutput(int fd) : fd_(fd) {}

  bool Write(const void* buffer, int size) override {
    if (status_.ok()) status_ = WriteAll(fd_, static_cast<const char*>(buffer), static_cast<size_t>(size));
    return status_.ok();
  }

  const absl::Status& status() const { return status_; }

 private:
  const int fd_;
  absl::Status status_;
};

// One frame's body: never reads past it, so the next frame stays in the socket.
class FrameInput final : public google::protobuf::io::CopyingInputStream {
 public:
  FrameInput(int fd, size_t size) : fd_(fd), remaining_(size) {}

  int Read(void* buffer, int size) override {
    const size_t wanted = std::min(remaining_, static_cast<size_t>(size));
    if (wanted == 0) return 0;
    absl::StatusOr<size_t> got = ReadAll(fd_, static_cast<char*>(buffer), wanted);
    if (!got.ok()) {
      status_ = got.status();
      return -1;
    }
    remaining_ -= *got;
    received_ += *got;
    ended_ = *got < wanted;
    return static_cast<int>(*got);
  }

  const absl::Status& status() const { return status_; }
  size_t received() const { return received_; }
  // The stream ended before the frame did.
  bool ended() const { return ended_; }

 private:
  const int fd_;
  size_t remaining_;
  size_t received_ = 0;
  bool ended_ = false;
  absl::Status status_;
};

}  // namespace

absl::Status WriteFrame(int fd, const google::protobuf::MessageLite& message) {
  const size_t size = message.ByteSizeLong();
  if (size > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return absl::ResourceExhaustedError(absl::StrCat("a message of ", size, " bytes does not fit in a frame"));
  }
  SocketOutput socket(fd);
  {
    google::protobuf::io::CopyingOutputStreamAdaptor buffered(&socket, kBufferBytes);
    {
      google::protobuf::io::CodedOutputStream coded(&buffered);
      coded.WriteLittleEndian32(static_cast<uint32_t>(size));
      message.SerializeWithCachedSizes(&coded);
    }
    buffered.Flush();
  }
  return socket.status();
}

absl::Status ReadFrame(int fd, google::protobuf::MessageLite& message) {
  std::array<char, kHeaderBytes> header;
  absl::StatusOr<size_t> got = ReadAll(fd, header.data(), header.size());
  if (!got.ok()) return got.status();
  if (*got == 0) return absl::OutOfRangeError("the stream ended");
  if (*got < header.size()) return absl::DataLossError("the stream ended inside a frame header");
  size_t size = 0;
  for (size_t i = 0; i < kHeaderBytes; ++i) size |= static_cast<size_t>(static_cast<unsigned char>(header[i])) << (8 * i);
  if (size > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return absl::DataLossError(absl::StrCat("a frame claims ", size, " bytes, more than a message can hold"));
  }
  FrameInput input(fd, size);
  google::protobuf::io::CopyingInputStreamAdaptor buffered(&input, kBufferBytes);
  const bool parsed = message.ParseFromBoundedZeroCopyStream(&buffered, static_cast<int>(size));
  if (!input.status().ok()) return input.status();
  if (input.ended()) {
    return absl::DataLossError(absl::StrCat("the stream ended ", input.received(), " bytes into a ", size, "-byte frame"));
  }
  if (!parsed) return absl::DataLossError("a frame does not parse");
  return absl::OkStatus();
}

}  // namespace glassbox::run
