// The runtime's reserved region (rrlib/runtime_layout.def), as constants,
// and the checks that its parts fit together.
#ifndef WRR_RRLIB_RUNTIME_LAYOUT_H
#define WRR_RRLIB_RUNTIME_LAYOUT_H

#include <cstdint>
#include <string_view>

#include "rrlib/trace.h"

namespace wrr::layout {

#define WRR_LAYOUT(Id, wat, value) inline constexpr uint32_t k##Id = value;
#include "rrlib/runtime_layout.def"

struct Constant {
  std::string_view wat;
  uint32_t value;
};
inline constexpr Constant kConstants[] = {
#define WRR_LAYOUT(Id, wat, value) {wat, value},
#include "rrlib/runtime_layout.def"
};

static_assert(trace::kHeaderSize <= kTraceName);
static_assert(kTraceName + kTraceNameLen <= kRecorderName);
static_assert(kRecorderName + kRecorderNameLen <= kGuarded);
static_assert(kGuarded <= kScratch);
static_assert(kScratch + kScratchSize <= kMessage);
static_assert(kMessage + kMessageSize <= kGuardCopy);
static_assert(kGuardCopy + kGuarded <= kFrame);
static_assert(kFrame + 4 == kBuffer);
static_assert(kBufferTail >= 8, "a block's checksum follows its payload");

// The bytes of the region in front of the log buffer and behind it: a
// block of `n` bytes fits a region of `n + kBlockOverhead` bytes.
inline constexpr uint32_t kBlockOverhead = kBuffer + 8;

} // namespace wrr::layout

#endif
