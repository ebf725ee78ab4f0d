// Little-endian integers, as the trace's header and block frames store them.
#ifndef WRR_RRLIB_LITTLE_ENDIAN_H
#define WRR_RRLIB_LITTLE_ENDIAN_H

#include <cstdint>
#include <vector>

namespace wrr::trace {

inline uint64_t readLE(const uint8_t *p, unsigned n) {
  uint64_t v = 0;
  for (unsigned i = 0; i < n; ++i)
    v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
}

inline void putLE(std::vector<uint8_t> &out, uint64_t v, unsigned n) {
  for (unsigned i = 0; i < n; ++i)
    out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

} // namespace wrr::trace

#endif
