// The wrr trace format, version 1 (docs/trace-format.md is the
// specification). The injected runtime writes it from inside the module;
// this is the host-side reader and the constants both sides share.
#ifndef WRR_RRLIB_TRACE_H
#define WRR_RRLIB_TRACE_H

#include <array>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rrlib/wasi_table.h"

namespace wrr::trace {

// ---- File layout ----------------------------------------------------------
// header (kHeaderSize bytes), then blocks:
//   u32 payloadLen | kFinalBlock   (little endian)
//   payload                        (events; an event may straddle blocks)
//   u64 chain = XXH64(payload, seed = previous chain)
// The first seed is XXH64(header, 0): the chain covers the header too.
// The writer never splits an event's fixed part (kind, digest, errno,
// fixed-size results) across blocks, and replay relies on that; longer byte
// regions may continue in the next block.

inline constexpr std::array<uint8_t, 8> kMagic = {0x89, 'W',  'R',  'R',
                                                  '\r', '\n', 0x1a, '\n'};
inline constexpr uint16_t kVersion = 1;
inline constexpr uint32_t kHeaderSize = 128;
inline constexpr uint32_t kOffVersion = 8;
inline constexpr uint32_t kOffFlags = 10;
inline constexpr uint32_t kOffHeaderSize = 12;
inline constexpr uint32_t kOffModuleHash = 16;
inline constexpr uint32_t kOffStartTime = 48;
inline constexpr uint32_t kOffInstrumenter = 56;
// Who recorded: the engine and runner, as the runner wrote it in a file
// "recorder" in the trace directory (NUL-padded ASCII; empty on a bare
// engine).
inline constexpr uint32_t kOffRecorder = 64;
inline constexpr uint32_t kRecorderSize = 32;
inline constexpr uint32_t kChainSeedBytes = kHeaderSize;
inline constexpr uint32_t kFinalBlock = 0x80000000u;
inline constexpr uint32_t kMaxBlockPayload = 0x7fffffffu;

// ---- Events ---------------------------------------------------------------
// byte: kind | kErrnoFlag
// WASI call (kind < number of table rows):
//   u32 digest, [uleb errno if kErrnoFlag], then if errno == 0 the row's
//   write regions in order: stored lengths as uleb, then the bytes
//   (ClockDelta: a 66-bit uleb of zigzag(delta) << 2 | clock & 3, the
//   delta against the previous reading of the same clock).
//   Exit rows have no errno; MayNotReturn rows carry it in a following
//   kRaiseResult event.
// kMemoryGrow: uleb delta pages; kErrnoFlag set when the grow failed.
// kStartReturned, kTrap: nothing more. Both end the trace, as does an
// Exit row.
inline constexpr uint8_t kErrnoFlag = 0x80;
inline constexpr uint8_t kKindMask = 0x7f;
inline constexpr uint8_t kMemoryGrow = 0x78;
inline constexpr uint8_t kStartReturned = 0x79;
inline constexpr uint8_t kTrap = 0x7a;
inline constexpr uint8_t kRaiseResult = 0x7b;

// Exit statuses the runtime uses for its own failures.
inline constexpr int kExitDivergence = 117;
inline constexpr int kExitTraceError = 118;

// Digest of a call's inputs: XXH64 rounds over the scalar arguments, then
// XXH64 over each region the host reads, seeded with the running value.
uint64_t digestSeed(uint8_t kind);
uint64_t digestScalar(uint64_t h, uint64_t value);
uint64_t digestBytes(uint64_t h, std::span<const uint8_t> bytes);
uint32_t digestFold(uint64_t h);

// ---- Reading --------------------------------------------------------------
struct Header {
  uint16_t version = 0;
  uint16_t flags = 0;
  std::array<uint8_t, 32> moduleHash{};
  uint64_t startTimeNs = 0;
  std::string instrumenter;
  std::string recorder;
};

struct Write {
  std::vector<uint8_t> bytes; // for ClockDelta: the decoded 8 bytes
};

struct Event {
  uint64_t index = 0; // 1-based, as messages count events
  uint8_t kind = 0;
  bool errnoFlag = false;
  uint32_t digest = 0;
  uint32_t errnoValue = 0;
  uint64_t growPages = 0;
  std::vector<Write> writes;

  bool isCall() const { return kind < wasiFunctions().size(); }
  std::string_view name() const;
};

// Reads a trace as a stream: the file is never held in memory whole.
class Reader {
public:
  // Opens `path`; on failure error() says why.
  explicit Reader(const std::string &path);
  ~Reader();
  Reader(const Reader &) = delete;
  Reader &operator=(const Reader &) = delete;

  bool ok() const { return error_.empty(); }
  const std::string &error() const { return error_; }
  const Header &header() const { return header_; }

  // The next event; false at the end of the trace or on error (see ok()).
  bool next(Event &event);
  // True once the final block has been read completely.
  bool atEnd() const { return final_ && pos_ == payload_.size(); }
  uint64_t chain() const { return chain_; }

private:
  bool fail(std::string message);
  bool readHeader();
  bool readBlock();
  bool need(size_t n);
  bool byte(uint8_t &b);
  bool uleb(uint64_t &v);
  bool take(size_t n, std::vector<uint8_t> &out);
  bool readCall(Event &event);

  std::FILE *file_ = nullptr;
  std::string error_;
  Header header_;
  std::vector<uint8_t> payload_;
  size_t pos_ = 0;
  bool final_ = false;
  bool ended_ = false; // an event that ends the trace was read
  uint64_t chain_ = 0;
  uint64_t events_ = 0;
  uint64_t lastClock_[4] = {};
};

} // namespace wrr::trace

#endif
