#include "rrlib/leb128.h"

namespace wrr {

bool readUleb(std::span<const uint8_t> b, size_t &at, uint64_t &v) {
  v = 0;
  for (unsigned shift = 0; shift < 64 && at < b.size(); shift += 7) {
    uint8_t byte = b[at++];
    v |= uint64_t(byte & 0x7f) << shift;
    if (!(byte & 0x80))
      return true;
  }
  return false;
}

void appendUleb(std::vector<uint8_t> &out, uint64_t v) {
  do {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    out.push_back(v ? byte | 0x80 : byte);
  } while (v);
}

} // namespace wrr
