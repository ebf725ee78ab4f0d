//===- rrlib/bytes.h - a byte buffer that a read fills ----------*- C++ -*-===//
//
// A trace block's buffer is resized before every read that fills it, and
// blocks of 2 KB and 257 to 259 KB alternate (read_stdin). std::vector
// zeroes what resize() adds, and grows its capacity to the size asked for
// when that is more than twice the current size: `wrr record`'s check of a
// 105 MB trace spent a sixth of its time zeroing, and more in page faults
// on buffers reallocated at almost every block (perf). Bytes zeroes
// nothing, and resizeForOverwrite grows by powers of two.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace wrr {

template <class T> struct DefaultInitAllocator : std::allocator<T> {
  template <class U> struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() = default;
  template <class U> DefaultInitAllocator(const DefaultInitAllocator<U> &) noexcept {}
  // resize()'s new elements: default-initialized, so bytes stay as they are.
  template <class U> void construct(U *p) noexcept(noexcept(U())) {
    ::new (static_cast<void *>(p)) U;
  }
  template <class U, class... Args> void construct(U *p, Args &&...args) {
    ::new (static_cast<void *>(p)) U(std::forward<Args>(args)...);
  }
};

using Bytes = std::vector<uint8_t, DefaultInitAllocator<uint8_t>>;

// Resizes `b` to `n` bytes, new ones left as they are, growing its
// capacity to a power of two so that sizes that wobble reallocate rarely.
inline void resizeForOverwrite(Bytes &b, size_t n) {
  if (n > b.capacity())
    b.reserve(std::bit_ceil(n));
  b.resize(n);
}

} // namespace wrr
