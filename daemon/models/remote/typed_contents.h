// The typed-contents field of InferTensorContents that holds elements of C++
// type T: fp32_contents for float, fp64_contents for double.
#ifndef GLASSBOX_DAEMON_MODELS_REMOTE_TYPED_CONTENTS_H_
#define GLASSBOX_DAEMON_MODELS_REMOTE_TYPED_CONTENTS_H_

#include <type_traits>

#include "inference/grpc_predict_v2.pb.h"

namespace glassbox::daemon {

template <typename T>
const google::protobuf::RepeatedField<T>& TypedContents(const inference::InferTensorContents& contents) {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>);
  if constexpr (std::is_same_v<T, float>) {
    return contents.fp32_contents();
  } else {
    return contents.fp64_contents();
  }
}

template <typename T>
google::protobuf::RepeatedField<T>* MutableTypedContents(inference::InferTensorContents& contents) {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>);
  if constexpr (std::is_same_v<T, float>) {
    return contents.mutable_fp32_contents();
  } else {
    return contents.mutable_fp64_contents();
  }
}

}  // namespace glassbox::daemon

#endif  // GLASSBOX_DAEMON_MODELS_REMOTE_TYPED_CONTENTS_H_
