// SHA-256 digests as lowercase hex, incremental for streamed uploads.
#ifndef GLASSBOX_STORAGE_SHA256_H_
#define GLASSBOX_STORAGE_SHA256_H_

#include <memory>
#include <string>
#include <string_view>

namespace glassbox::storage {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view bytes);
  // The hex digest; the hasher is spent afterwards.
  std::string HexDigest();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

std::string Sha256Hex(std::string_view bytes);

}  // namespace glassbox::storage

#endif  // GLASSBOX_STORAGE_SHA256_H_
