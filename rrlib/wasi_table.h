// The table of wasi_snapshot_preview1 functions and their memory effects.
//
// One row per function. The pass generates its record/replay thunks from
// these rows, and the trace decoder and dump read events with them: adding a
// function is adding a row in wasi_table.cpp.
#ifndef WRR_RRLIB_WASI_TABLE_H
#define WRR_RRLIB_WASI_TABLE_H

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace wrr {

inline constexpr std::string_view kWasiModule = "wasi_snapshot_preview1";
inline constexpr std::string_view kLegacyWasiModule = "wasi_unstable";

enum class ValType : uint8_t { I32, I64 };

// How long a memory region is.
struct Len {
  enum Kind : uint8_t {
    Const,     // `value` bytes.
    Param,     // The value of parameter `value`, times `scale`.
    Deref,     // The u32 at the address in parameter `value`, times `scale`;
               // that address is an earlier Fixed write region of the row.
    HostSizes, // Field `value` (0 or 1) of the *_sizes_get call named by
               // `sizesFunc`, times `scale`: known only from an earlier call.
  };
  Kind kind = Const;
  uint32_t value = 0;
  uint32_t scale = 1;
  std::string_view sizesFunc = {};
};

// How tools show a region's bytes: the rows of rrlib/displays.def.
enum class Display : uint8_t {
#define WRR_DISPLAY(Id, size, json) Id,
#include "rrlib/displays.def"
};

// How the JSON form shows a region's bytes (rrlib/displays.def).
enum class DisplayJson : uint8_t { Hex, Number, Text };

struct DisplayInfo {
  std::string_view name;
  uint32_t size; // the region's size when the kind implies one, else 0
  DisplayJson json;
};

inline constexpr DisplayInfo kDisplays[] = {
#define WRR_DISPLAY(Id, size, json) {#Id, size, DisplayJson::json},
#include "rrlib/displays.def"
};

constexpr const DisplayInfo &displayInfo(Display d) {
  return kDisplays[static_cast<size_t>(d)];
}

// Where the host reads or writes guest memory.
struct Region {
  enum Kind : uint8_t {
    Bytes,  // [param `ptr`, + len).
    Iovecs, // The iovec array at param `ptr` with param `iovCount` entries;
            // for writes, `len` bytes scattered over it in order.
  };
  enum Encoding : uint8_t {
    Raw,        // Bytes as they are.
    ClockDelta, // A u64 timestamp of the clock in param 0, stored as a
                // delta against the previous reading of that clock.
    Subscriptions, // poll_oneoff's subscriptions (48 bytes each): those
                   // of fd_read and fd_write name an fd (u32 at 16). The
                   // digest leaves out their userdata (often an address).
    IovecLengths,  // An iovec array the host reads: the digest takes each
                   // entry's length, never its buffer's address.
    Offsets,       // u32 addresses into the region at param `base`: the
                   // trace stores them as offsets from it, and replay
                   // rebuilds them from the program's own buffer.
    PollEvents,    // poll_oneoff's events (32 bytes each): the trace stores
                   // each userdata as the index of the subscription at
                   // param `base` (count: param `iovCount`) that has it.
  };
  Kind kind = Bytes;
  uint8_t ptr = 0;
  Len len = {};
  uint8_t iovCount = 0;
  Encoding encoding = Raw;
  // For Offsets and PollEvents: the parameter they are relative to.
  uint8_t base = 0;
  // For messages, tools and the trace's JSON form: the witx name of the
  // result or argument, and how to show it. Set on every region (a read
  // region's is its pointer parameter's, or "data" for a gather); read
  // regions keep the Bytes display.
  std::string_view name = {};
  Display display = Display::Bytes;
  // A path: one the program names a file by (a read region), or a
  // preopened directory's name (fd_prestat_dir_name's result). `wrr-trace
  // search --path` looks in these.
  bool isPath = false;

  // Whether the trace stores this region's length, or the decoder can derive
  // it from earlier bytes of the same event.
  bool lengthStored() const {
    return len.kind == Len::Param || len.kind == Len::HostSizes;
  }
};

// What replay does with the call, beyond returning the recorded result and
// memory writes.
enum class Policy : uint8_t {
  Replay,       // Nothing more.
  EchoOutput,   // Re-emit the bytes written to stdout and stderr; with
                // --extra-output, let through output the trace lacks.
  Exit,         // Ends the program: finish the trace first.
  MayNotReturn, // May end the process (proc_raise): flush first.
};

// Whether the call can wait for long (input that may never come): the
// recorder writes what it holds first, so a run killed there loses nothing.
enum class Blocks : uint8_t {
  Never,
  Always,
  OnStdin, // when its fd (param 0) is 0
};

// The witx structs that rows count in entries (a fixed-size result's size
// is its display's, rrlib/displays.def).
inline constexpr uint32_t kIovecSize = 8;        // struct iovec / ciovec
inline constexpr uint32_t kSubscriptionSize = 48; // struct subscription
inline constexpr uint32_t kEventSize = 32;        // struct event
inline constexpr uint32_t kDirentSize = 24;       // struct dirent, before its name

// A version 3 trace keeps the first this many bytes of a gather (what a
// write sends): enough to show a divergence near the start of a write,
// while output-heavy programs do not store their output twice.
inline constexpr uint32_t kSentGatherPrefix = 64;

inline constexpr unsigned kMaxParams = 9;
inline constexpr unsigned kMaxRegions = 4;

struct WasiFunction {
  std::string_view name;
  uint8_t numParams = 0;
  ValType params[kMaxParams] = {};
  // The witx names of the parameters (messages, tools, the JSON form).
  uint8_t numParamNames = 0;
  std::string_view paramNames[kMaxParams] = {};
  bool returnsErrno = true;
  // Parameters that are file descriptors: the recorder hides its own
  // directory behind them.
  uint16_t fdParams = 0; // bit i set: param i is an fd
  uint8_t numReads = 0;
  Region reads[kMaxRegions] = {};
  uint8_t numWrites = 0;
  Region writes[kMaxRegions] = {};
  Policy policy = Policy::Replay;
  Blocks blocks = Blocks::Never;

  std::span<const ValType> paramTypes() const { return {params, numParams}; }
  std::span<const Region> readRegions() const { return {reads, numReads}; }
  std::span<const Region> writeRegions() const { return {writes, numWrites}; }
  bool isFdParam(unsigned i) const { return (fdParams >> i) & 1; }
  // Whether param i is an address into guest memory (a region's pointer).
  // Digests leave addresses out: replay writes wherever the program points
  // now, and a rebuild that moves its stack must still match.
  bool isPointerParam(unsigned i) const {
    for (const Region &r : readRegions())
      if (r.ptr == i)
        return true;
    for (const Region &r : writeRegions())
      if (r.ptr == i)
        return true;
    return false;
  }
  // Whether param i only sizes a read region (path_len, iovs_len,
  // nsubscriptions): messages and diffs name the region's bytes first.
  bool isLengthParam(unsigned i) const {
    for (const Region &r : readRegions())
      if ((r.len.kind == Len::Param && r.len.value == i) ||
          (r.kind == Region::Iovecs && r.iovCount == i))
        return true;
    return false;
  }
  // For the Deref length of write region `i`: the earlier fixed 4-byte
  // result it counts by (the region at the address it reads), or `i` if
  // none. The decoder, the encoder and checkWasiTable ask here.
  unsigned derefSource(unsigned i) const {
    unsigned found = i;
    for (unsigned j = 0; j < i; ++j)
      if (writes[j].kind == Region::Bytes && writes[j].ptr == writes[i].len.value &&
          writes[j].len.kind == Len::Const && writes[j].len.value == 4)
        found = j;
    return found;
  }
  // What a version 3 trace stores of the call's inputs ("sent" items, in
  // digest order): each scalar (non-pointer) parameter, then each read
  // region.
  unsigned numSentItems() const {
    unsigned n = numReads;
    for (unsigned i = 0; i < numParams; ++i)
      n += !isPointerParam(i);
    return n;
  }
};

// All rows; an event's function kind is its index here.
std::span<const WasiFunction> wasiFunctions();

// The row for `name`, or nullopt.
std::optional<uint8_t> findWasiFunction(std::string_view name);

// Checks the table's internal consistency (every Deref names an earlier
// fixed 4-byte write, indices are in range, ...). Returns an error message,
// or an empty string.
std::string_view checkWasiTable();
// Part of that check, for one row: what the pass and the runtime assume of
// rows beyond their shape (an event's fixed part fits the room the recorder
// starts it with; an EchoOutput row is shaped as fd_write).
std::string_view checkAssumptions(const WasiFunction &f);

// WASI errno values the recorder produces itself.
inline constexpr uint16_t kErrnoBadf = 8;

} // namespace wrr

#endif
