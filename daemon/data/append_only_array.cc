#include "daemon/data/append_only_array.h"

#include <sys/mman.h>

#include <new>

namespace glassbox::data {

void* AllocateBlock(size_t bytes) {
  if (bytes < kMappedBlockBytes) return ::operator new(bytes);
  void* memory = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) throw std::bad_alloc();
  return memory;
}

void FreeBlock(void* memory, size_t bytes) {
  if (bytes < kMappedBlockBytes) {
    ::operator delete(memory);
  } else {
    munmap(memory, bytes);
  }
}

}  // namespace glassbox::data
