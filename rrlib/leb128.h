// Unsigned LEB128, as wasm binaries and wrr's traces write integers.
#ifndef WRR_RRLIB_LEB128_H
#define WRR_RRLIB_LEB128_H

#include <cstdint>
#include <span>
#include <vector>

namespace wrr {

// Reads an unsigned LEB128 at `at`, advancing it; false if it runs off the
// end or past 64 bits.
bool readUleb(std::span<const uint8_t> bytes, size_t &at, uint64_t &value);

void appendUleb(std::vector<uint8_t> &out, uint64_t value);

} // namespace wrr

#endif
