// A module's identity: the SHA-256 of its bytes as given to wrr-instrument.
// The trace header carries it so a trace cannot be replayed against another
// module.
#ifndef WRR_RRLIB_MODULE_ID_H
#define WRR_RRLIB_MODULE_ID_H

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace wrr {

using ModuleId = std::array<uint8_t, 32>;

ModuleId moduleId(std::span<const uint8_t> bytes);
std::string toHex(std::span<const uint8_t> bytes);
// The value of one hex digit (either case), or -1.
int hexDigit(char c);
// An identity as toHex writes it (64 hex digits, either case), or nullopt.
std::optional<ModuleId> moduleIdFromHex(std::string_view hex);

// The custom section that marks an instrumented module.
inline constexpr const char *kInstrumentedSection = "wrr.instrumented";

// The payload of the first custom section named `name`, or nullopt (also for
// bytes that are not a module).
std::optional<std::string> customSection(std::span<const uint8_t> module,
                                         std::string_view name);

// What wrr-instrument wrote into its output's "wrr.instrumented" custom
// section: the identity the module accepts traces of, and its log buffer.
struct InstrumentedMarker {
  ModuleId identity{};
  uint32_t bufferPages = 0;
  std::string version;
};
// The marker, or nullopt for a module wrr did not instrument (or bytes that
// are not a module).
std::optional<InstrumentedMarker>
instrumentedMarker(std::span<const uint8_t> module);
// The section's payload for `marker` (what wrr-instrument writes).
std::string instrumentedMarkerText(const InstrumentedMarker &marker);

} // namespace wrr

#endif
