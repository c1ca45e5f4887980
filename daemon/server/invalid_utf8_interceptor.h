// Answers a request whose string field is not valid UTF-8 with
// INVALID_ARGUMENT naming the field ("spec.display_name is not valid UTF-8
// ..."), where gRPC alone answers INTERNAL with an empty message (unary
// calls) or ends the request stream as if the client had (UploadDataset's
// handler then sees no header).
//
// How: protobuf's parser names the field only in its log ("String field
// 'glassbox.v1.RunSpec.display_name' contains invalid UTF-8 data when
// parsing ..."). The factory installs a protobuf log handler that keeps that
// field for the thread that parsed (other messages go to the previous
// handler). gRPC's synchronous server parses a request on the thread that
// then runs the call's interceptors, with a null message when parsing failed
// (POST_RECV_MESSAGE); there the interceptor takes the field, and when the
// call's status goes out (PRE_SEND_STATUS) it replaces it. The field is
// named by its path in the method's request type (`[]` for any element of a
// repeated field or map). A remembered field that is not part of the
// method's request is ignored. Interceptors see only parsed messages, never
// the bytes, so the parser's report is the only place the field is known;
// declaring the fields `bytes` instead would change the API for every client.
#ifndef GLASSBOX_DAEMON_SERVER_INVALID_UTF8_INTERCEPTOR_H_
#define GLASSBOX_DAEMON_SERVER_INVALID_UTF8_INTERCEPTOR_H_

#include <memory>

#include <grpcpp/support/server_interceptor.h>

namespace glassbox::server {

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> InvalidUtf8InterceptorFactory();

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_INVALID_UTF8_INTERCEPTOR_H_
