// A sequence of plain values that grows by appending without ever moving what
// it holds: blocks that grow with it from 512 bytes up to 1 MiB, so appending
// copies nothing and the unused room is at most one block. Blocks of 256 KiB
// and more are pages mapped for them alone, so freeing them gives the memory
// back to the system at once (a heap keeps freed blocks resident, to reuse
// them). MoveTo hands the values over as one contiguous vector, freeing each
// block once it is copied: the values are held twice only for that moment.
#ifndef GLASSBOX_DAEMON_DATA_APPEND_ONLY_ARRAY_H_
#define GLASSBOX_DAEMON_DATA_APPEND_ONLY_ARRAY_H_

#include <algorithm>
#include <cstddef>
#include <type_traits>
#include <utility>
#include <vector>

namespace glassbox::data {

// Memory for a block of `bytes`: mapped pages from kMappedBlockBytes on, the
// heap below. FreeBlock takes the same size.
inline constexpr size_t kMappedBlockBytes = size_t{256} << 10;
void* AllocateBlock(size_t bytes);
void FreeBlock(void* memory, size_t bytes);

template <typename T>
class AppendOnlyArray {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  AppendOnlyArray() = default;
  AppendOnlyArray(const AppendOnlyArray&) = delete;
  AppendOnlyArray& operator=(const AppendOnlyArray&) = delete;
  AppendOnlyArray(AppendOnlyArray&&) noexcept = default;
  AppendOnlyArray& operator=(AppendOnlyArray&&) noexcept = default;

  size_t size() const { return size_; }

  void push_back(T value) {
    if (blocks_.empty() || blocks_.back().full()) {
      blocks_.emplace_back(std::clamp(size_, kMinBlock, kMaxBlock));
    }
    blocks_.back().push_back(value);
    ++size_;
  }

  // Appends the values to `out` and leaves this array empty.
  void MoveTo(std::vector<T>& out) {
    out.reserve(out.size() + size_);
    for (auto& block : blocks_) {
      out.insert(out.end(), block.begin(), block.end());
      block = Block(0);
    }
    blocks_.clear();
    size_ = 0;
  }

 private:
  static constexpr size_t kMinBlock = 512 / sizeof(T);  // small: a CSV may have 10,000 columns
  static constexpr size_t kMaxBlock = (size_t{1} << 20) / sizeof(T);

  class Block {
   public:
    explicit Block(size_t capacity)
        : data_(capacity == 0 ? nullptr : static_cast<T*>(AllocateBlock(capacity * sizeof(T)))),
          capacity_(capacity) {}
    Block(Block&& other) noexcept
        : data_(std::exchange(other.data_, nullptr)),
          capacity_(std::exchange(other.capacity_, 0)),
          size_(std::exchange(other.size_, 0)) {}
    Block& operator=(Block&& other) noexcept {
      std::swap(data_, other.data_);
      std::swap(capacity_, other.capacity_);
      std::swap(size_, other.size_);
      return *this;
    }
    ~Block() {
      if (data_ != nullptr) FreeBlock(data_, capacity_ * sizeof(T));
    }

    bool full() const { return size_ == capacity_; }
    void push_back(T value) { data_[size_++] = value; }
    const T* begin() const { return data_; }
    const T* end() const { return data_ + size_; }

   private:
    T* data_;
    size_t capacity_;
    size_t size_ = 0;
  };

  std::vector<Block> blocks_;
  size_t size_ = 0;
};

}  // namespace glassbox::data

#endif  // GLASSBOX_DAEMON_DATA_APPEND_ONLY_ARRAY_H_
