// Calls whose request bytes are given as they are, past the client's own
// serializer (which would refuse, e.g., invalid UTF-8 in a string field), to
// see what the daemon answers to bytes a careless or hostile client sends.
#ifndef GLASSBOX_TESTS_SUPPORT_RAW_CALL_H_
#define GLASSBOX_TESTS_SUPPORT_RAW_CALL_H_

#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

namespace glassbox::testing {

// A unary call of `method` (e.g. "/glassbox.v1.Glassbox/GetRun") whose request is `bytes`.
grpc::Status RawUnaryCall(grpc::Channel& channel, const std::string& method, const std::string& bytes);

// An UploadDataset whose request messages are `messages`, each as it is.
grpc::Status RawUpload(grpc::Channel& channel, const std::vector<std::string>& messages);

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_SUPPORT_RAW_CALL_H_
