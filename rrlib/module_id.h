// A module's identity: the SHA-256 of its bytes as given to wrr-instrument.
// The trace header carries it so a trace cannot be replayed against another
// module.
#ifndef WRR_RRLIB_MODULE_ID_H
#define WRR_RRLIB_MODULE_ID_H

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace wrr {

using ModuleId = std::array<uint8_t, 32>;

ModuleId moduleId(std::span<const uint8_t> bytes);
std::string toHex(std::span<const uint8_t> bytes);

} // namespace wrr

#endif
