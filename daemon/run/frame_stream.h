// Protocol buffer messages over a stream socket, one per frame: a 4-byte
// little-endian length, then the serialized message. Both calls block until
// the whole frame has moved; neither is safe to call from two threads at once
// on the same descriptor. Writing to a socket whose peer is gone is an error,
// never SIGPIPE.
#ifndef GLASSBOX_DAEMON_RUN_FRAME_STREAM_H_
#define GLASSBOX_DAEMON_RUN_FRAME_STREAM_H_

#include "absl/status/status.h"
#include "google/protobuf/message_lite.h"

namespace glassbox::run {

absl::Status WriteFrame(int fd, const google::protobuf::MessageLite& message);

// OUT_OF_RANGE when the stream ended cleanly before a frame began; DATA_LOSS
// when it ended inside one or the frame does not parse.
absl::Status ReadFrame(int fd, google::protobuf::MessageLite& message);

}  // namespace glassbox::run

#endif  // GLASSBOX_DAEMON_RUN_FRAME_STREAM_H_
