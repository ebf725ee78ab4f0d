// A ClockDelta region's codec (docs/trace-format.md), shared by the encoder
// (trace_writer.cpp) and the reader (trace.cpp); the runtime's
// $wrr.rec_clock and $wrr.rep_clock (passes/runtime/) write and read the
// same bytes: a 66-bit uleb of zigzag(delta) << 2 | clock. Its first byte
// holds the clock in bits 0-1, zigzag's low 5 bits in bits 2-6 and, in
// bit 7, whether a uleb of the rest follows.
#ifndef WRR_RRLIB_CLOCK_DELTA_H
#define WRR_RRLIB_CLOCK_DELTA_H

#include <cstdint>
#include <vector>

#include "rrlib/leb128.h"

namespace wrr::trace {

inline void appendClockDelta(std::vector<uint8_t> &out, unsigned clock,
                             int64_t delta) {
  uint64_t zz = (static_cast<uint64_t>(delta) << 1) ^
                static_cast<uint64_t>(delta >> 63);
  out.push_back(static_cast<uint8_t>((zz & 0x1f) << 2 | clock |
                                     (zz >= 32 ? 0x80 : 0)));
  if (zz >= 32)
    appendUleb(out, zz >> 5);
}

// Decodes from the first byte; `rest(uint64_t &)` reads the uleb that
// follows it when there is one (false if it cannot).
template <class ReadUleb>
bool readClockDelta(uint8_t first, ReadUleb rest, unsigned &clock,
                    int64_t &delta) {
  clock = first & 3;
  uint64_t zz = (first >> 2) & 0x1f;
  if (first & 0x80) {
    uint64_t more;
    if (!rest(more))
      return false;
    zz |= more << 5;
  }
  delta = static_cast<int64_t>(zz >> 1) ^ -static_cast<int64_t>(zz & 1);
  return true;
}

} // namespace wrr::trace

#endif
