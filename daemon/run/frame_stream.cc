#include "daemon/run/frame_stream.h"

#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace glassbox::run {
namespace {

constexpr size_t kHeaderBytes = 4;

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

}  // namespace

absl::Status WriteFrame(int fd, const google::protobuf::MessageLite& message) {
  const size_t size = message.ByteSizeLong();
  if (size > std::numeric_limits<uint32_t>::max()) {
    return absl::ResourceExhaustedError(absl::StrCat("a message of ", size, " bytes does not fit in a frame"));
  }
  std::string frame(kHeaderBytes, '\0');
  for (size_t i = 0; i < kHeaderBytes; ++i) frame[i] = static_cast<char>((size >> (8 * i)) & 0xff);
  if (!message.AppendToString(&frame)) return absl::InternalError("cannot serialize the message");
  return WriteAll(fd, frame.data(), frame.size());
}

absl::Status ReadFrame(int fd, google::protobuf::MessageLite& message) {
  std::array<char, kHeaderBytes> header;
  absl::StatusOr<size_t> got = ReadAll(fd, header.data(), header.size());
  if (!got.ok()) return got.status();
  if (*got == 0) return absl::OutOfRangeError("the stream ended");
  if (*got < header.size()) return absl::DataLossError("the stream ended inside a frame header");
  size_t size = 0;
  for (size_t i = 0; i < kHeaderBytes; ++i) size |= static_cast<size_t>(static_cast<unsigned char>(header[i])) << (8 * i);
  std::string body(size, '\0');
  got = ReadAll(fd, body.data(), size);
  if (!got.ok()) return got.status();
  if (*got < size) return absl::DataLossError(absl::StrCat("the stream ended ", *got, " bytes into a ", size, "-byte frame"));
  if (!message.ParseFromString(body)) return absl::DataLossError("a frame does not parse");
  return absl::OkStatus();
}

}  // namespace glassbox::run
