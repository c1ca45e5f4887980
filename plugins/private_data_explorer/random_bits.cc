#include "random_bits.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace glassbox::plugins::privacy {

uint64_t SecureRandomBits::Next64() {
  if (next_ == buffer_.size()) Refill();
  return buffer_[next_++];
}

void SecureRandomBits::Refill() {
  auto* bytes = reinterpret_cast<unsigned char*>(buffer_.data());
  size_t filled = 0;
  const size_t wanted = sizeof(buffer_);
  while (filled < wanted) {
    const ssize_t got = getrandom(bytes + filled, wanted - filled, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      std::fprintf(stderr, "private_data_explorer: getrandom failed: %s\n", std::strerror(errno));
      std::abort();
    }
    filled += static_cast<size_t>(got);
  }
  next_ = 0;
}

}  // namespace glassbox::plugins::privacy
