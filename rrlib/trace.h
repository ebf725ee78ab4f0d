// The wrr trace format, version 3 (docs/trace-format.md is the
// specification). The injected runtime writes it from inside the module;
// this is the host-side reader and the constants both sides share.
#ifndef WRR_RRLIB_TRACE_H
#define WRR_RRLIB_TRACE_H

#include <array>
#include <cstdint>
#include <optional>
#include <cstdio>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rrlib/bytes.h"
#include "rrlib/wasi_table.h"

namespace wrr::trace {

// ---- File layout ----------------------------------------------------------
// header (kHeaderSize bytes), then blocks:
//   u32 payloadLen | kFinalBlock   (little endian)
//   payload                        (events; an event may straddle blocks)
//   u64 chain = XXH64(frame word || payload, seed = previous chain)
// The first seed is XXH64(header, 0): the chain covers the header too.
// The writer never splits an event's fixed part (kind, digest, errno,
// fixed-size results) across blocks, and replay relies on that; longer byte
// regions may continue in the next block.

inline constexpr std::array<uint8_t, 8> kMagic = {0x89, 'W',  'R',  'R',
                                                  '\r', '\n', 0x1a, '\n'};
inline constexpr uint16_t kVersion = 3;
// The oldest version readers and replay still take: version 2 has no sent
// items (replay checks only the digest there).
inline constexpr uint16_t kMinVersion = 2;
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
// The log buffer the recording module had, in 64 KiB pages (u32): replay
// needs one as large, since a block holds up to a buffer. 0: not known.
inline constexpr uint32_t kOffBufferPages = 96;
inline constexpr uint32_t kOffReserved = 100;
inline constexpr uint32_t kChainSeedBytes = kHeaderSize;
inline constexpr uint32_t kFinalBlock = 0x80000000u;
inline constexpr uint32_t kMaxBlockPayload = 0x7fffffffu;
// A block holds at most one log buffer, and the largest the instrumenter
// makes is 1024 pages (--buffer-pages): host tools refuse larger blocks
// rather than hold gigabytes that a corrupt length claims.
inline constexpr uint32_t kMaxBlockBytes = 1024u * 65536u;

// ---- Events ---------------------------------------------------------------
// byte: kind | kErrnoFlag
// WASI call (kind < number of table rows):
//   u32 digest, [uleb errno if kErrnoFlag], (version 3) the sent items:
//   each scalar parameter as a uleb (i64 as its u64), then each read region
//   as uleb length + its bytes as digested (an iovec array: each entry's
//   u32 length; a gather: the bytes of all its iovecs; subscriptions: bytes
//   8..48 of each; a region outside the program's memory: empty), then if
//   errno == 0 the row's
//   write regions in order: stored lengths as uleb, then the bytes
//   (ClockDelta: a 66-bit uleb of zigzag(delta) << 2 | clock & 3, the
//   delta against the previous reading of the same clock).
//   Exit rows have no errno and end the trace; MayNotReturn rows carry it in a following
//   kRaiseResult event.
// Special events (rrlib/special_events.def lists them, with what follows
// their kind byte): memory.grow, _start returned, trap, proc_raise result,
// stopped by a limit, and a host-driven module's export call, export
// return, import call, import return, host write and host returned.
inline constexpr uint8_t kErrnoFlag = 0x80;
inline constexpr uint8_t kKindMask = 0x7f;
#define WRR_SPECIAL_EVENT(Id, code, ...) inline constexpr uint8_t k##Id = code;
#include "rrlib/special_events.def"

// What follows a special event's kind byte.
enum class SpecialPayload : uint8_t {
  None,  // nothing
  Pages, // uleb delta pages; the errno flag says the grow failed
  Errno, // uleb errno when the errno flag is set
  Call,  // the errno flag: inside a WASI call, whose kind follows as a u8
  Export, // name (sized bytes), values (sized bytes)
  Import, // module, name, values (each sized bytes)
  Values, // values (sized bytes)
  Memory, // uleb address, bytes (sized)
};

// A wasm value crossing between a host and the module (export arguments and
// results, import arguments and results): its valtype byte, as wasm
// binaries write it, and its bits (a float's bit pattern; i32 and f32 fit
// 32 bits). A values region is (u8 type, uleb bits) pairs, as many as its
// length holds.
inline constexpr uint8_t kValI32 = 0x7f;
inline constexpr uint8_t kValI64 = 0x7e;
inline constexpr uint8_t kValF32 = 0x7d;
inline constexpr uint8_t kValF64 = 0x7c;
struct WasmValue {
  uint8_t type = kValI32;
  uint64_t bits = 0;
  bool operator==(const WasmValue &) const = default;
};
// "i32", "i64", "f32", "f64", or empty for another byte.
std::string_view valTypeName(uint8_t type);
// The type named `name` ("i32"...), or 0.
uint8_t valTypeFromName(std::string_view name);
// Appends the values region's bytes (without its length); an empty string,
// or why a value cannot be encoded (an unknown type, an i32 wider than 32
// bits).
std::string encodeValues(const std::vector<WasmValue> &values,
                         std::vector<uint8_t> &out);
// Parses a values region; an empty string, or what is wrong with it.
std::string decodeValues(std::span<const uint8_t> bytes,
                         std::vector<WasmValue> &values);

struct SpecialEvent {
  uint8_t code;
  std::string_view wat;  // the runtime's constant import for the code
  std::string_view name; // as dumps, JSON and messages name it
  SpecialPayload payload;
  bool ends;    // nothing may follow it
  bool failure; // dump --errors lists it
};

inline constexpr SpecialEvent kSpecialEvents[] = {
#define WRR_SPECIAL_EVENT(Id, code, wat, name, payload, ends, failure)         \
  {code, wat, name, SpecialPayload::payload, ends, failure},
#include "rrlib/special_events.def"
};

// The row of special event `kind`, or null.
constexpr const SpecialEvent *specialEvent(uint8_t kind) {
  for (const SpecialEvent &s : kSpecialEvents)
    if (s.code == kind)
      return &s;
  return nullptr;
}
// The row named `name`, or null.
constexpr const SpecialEvent *findSpecialEvent(std::string_view name) {
  for (const SpecialEvent &s : kSpecialEvents)
    if (s.name == name)
      return &s;
  return nullptr;
}
// What a trap (version 3) may have happened inside: a WASI call, or a
// non-WASI import (kImportCall: the host's import threw). Its name, or
// nullopt for any other kind; and back.
std::optional<std::string_view> trappedInName(uint8_t kind);
std::optional<uint8_t> trappedInKind(std::string_view name);

// Exit statuses the runtime uses for its own failures.
inline constexpr int kExitDivergence = 117;
inline constexpr int kExitTraceError = 118;
// A replay that reaches the point where the recording was stopped.
inline constexpr int kExitStopped = 124;
// A replay stopped where `wrr replay --stop-at N` asked.
inline constexpr int kExitStopAt = 119;
// Replay ends so when its stdout or stderr is a closed pipe (EPIPE), as a
// shell reports a program killed by SIGPIPE.
inline constexpr int kExitOutputClosed = 141;

// A block's checksum: XXH64 over its frame word (length and final flag) and
// its payload, seeded with the previous block's (or the header's).
uint64_t blockChecksum(uint64_t previous, uint32_t frame,
                       std::span<const uint8_t> payload);

// Digest of a call's inputs: XXH64 rounds over the scalar arguments, then
// XXH64 over each region the host reads, seeded with the running value.
uint64_t digestSeed(uint8_t kind);
uint64_t digestScalar(uint64_t h, uint64_t value);
uint64_t digestBytes(uint64_t h, std::span<const uint8_t> bytes);
uint32_t digestFold(uint64_t h);

// ---- Bytes in and out -----------------------------------------------------
// Host tools read traces as they are written, or compressed with zstd (a
// .wrr.zst file): a source recognizes a zstd frame by its magic number and
// decompresses it as it reads. The module itself reads only uncompressed
// traces.

class Source {
public:
  virtual ~Source() = default;
  // Up to `n` bytes into `p`: fewer only at the end of the input or on an
  // error, which error() then describes.
  virtual size_t read(uint8_t *p, size_t n) = 0;
  virtual bool compressed() const { return false; }
  const std::string &error() const { return error_; }

protected:
  std::string error_;
};

// `path` ("-" is stdin); null with `error` set if it cannot be opened.
std::unique_ptr<Source> openFile(const std::string &path, std::string &error);
// Bytes the caller keeps alive while the source reads them.
std::unique_ptr<Source> openMemory(std::span<const uint8_t> bytes);
// Up to `n` first bytes of `source`, which then starts over.
std::vector<uint8_t> peek(std::unique_ptr<Source> &source, size_t n);

class Sink {
public:
  virtual ~Sink() = default;
  // Takes all of `bytes`; false on an error, which error() describes.
  virtual bool write(std::span<const uint8_t> bytes) = 0;
  // Writes anything held back (a compressor's last frame).
  virtual bool finish() { return ok(); }
  bool ok() const { return error_.empty(); }
  const std::string &error() const { return error_; }

protected:
  std::string error_;
};

class VectorSink : public Sink {
public:
  bool write(std::span<const uint8_t> b) override {
    bytes.insert(bytes.end(), b.begin(), b.end());
    return true;
  }
  std::vector<uint8_t> bytes;
};

// Compresses everything written into one zstd frame in `inner`.
std::unique_ptr<Sink> zstdSink(Sink &inner, int level = 9);

// ---- Reading --------------------------------------------------------------
struct Header {
  uint16_t version = 0;
  uint16_t flags = 0;
  std::array<uint8_t, 32> moduleHash{};
  uint64_t startTimeNs = 0;
  std::string instrumenter;
  std::string recorder;
  uint32_t bufferPages = 0;
  std::array<uint8_t, 28> reserved{}; // zero as written today
};

struct Write {
  std::vector<uint8_t> bytes; // for ClockDelta: the decoded 8 bytes
  uint8_t clock = 0;          // for ClockDelta: the clock id (0..3)
  // With Reader::setKeepRaw: where the bytes start in Event::raw (not for
  // ClockDelta, whose bytes are decoded).
  size_t at = 0;
};

struct Event {
  uint64_t index = 0; // 1-based, as messages count events
  uint8_t kind = 0;
  bool errnoFlag = false;
  uint32_t digest = 0;
  uint32_t errnoValue = 0;
  uint64_t growPages = 0;
  // A trap with the errno flag (version 3): the WASI call it trapped inside.
  uint8_t inCall = 0;
  // Version 3: what the host read from the program (WasiFunction::
  // numSentItems): `args` the scalar parameters in order, `sent` the read
  // regions' bytes. hasSent: the event carries them (a version 3 call).
  bool hasSent = false;
  std::vector<uint64_t> args;
  std::vector<std::vector<uint8_t>> sent;
  // With Reader::setKeepRaw: where each sent region's bytes start in `raw`.
  std::vector<size_t> sentAt;
  std::vector<Write> writes;
  // A host-driven module's events (SpecialPayload Export, Import, Values,
  // Memory): `module` and `function` name the import (an export: only
  // `function`), `values` are the arguments or results, and a host write
  // puts `bytes` at `address` in the program's memory.
  std::string module;
  std::string function;
  std::vector<WasmValue> values;
  uint64_t address = 0;
  std::vector<uint8_t> bytes;
  // With Reader::setKeepRaw: where `bytes` start in `raw`.
  size_t bytesAt = 0;
  // Where the event lies in the event stream (the blocks' payloads one
  // after another), and its bytes there if Reader::setKeepRaw was set.
  uint64_t offset = 0;
  uint64_t size = 0;
  std::vector<uint8_t> raw;

  bool isCall() const { return kind < wasiFunctions().size(); }
  std::string_view name() const;
  // Whether nothing may follow this event (proc_exit, _start returned,
  // trap).
  bool endsTrace() const;
};

struct BlockInfo {
  uint64_t index = 0;     // 1-based
  uint64_t fileOffset = 0; // of its length word, in the (decompressed) trace
  uint32_t length = 0;     // of its payload
  uint64_t streamEnd = 0;  // stream offset just past its payload
  bool final = false;
};

// Reads a trace as a stream: the file is never held in memory whole, only
// one block at a time.
class Reader {
public:
  // Opens `path` ("-" is stdin); on failure error() says why.
  explicit Reader(const std::string &path);
  explicit Reader(std::unique_ptr<Source> source);
  ~Reader();
  Reader(const Reader &) = delete;
  Reader &operator=(const Reader &) = delete;

  bool ok() const { return error_.empty(); }
  const std::string &error() const { return error_; }
  const Header &header() const { return header_; }
  // The header as it is in the trace.
  const std::array<uint8_t, kHeaderSize> &headerBytes() const {
    return headerBytes_;
  }

  // Options; set them before the first next().
  // Keep each event's encoded bytes in Event::raw.
  void setKeepRaw(bool keep) { keepRaw_ = keep; }
  // Refuse what replay refuses: a block boundary inside an event's fixed
  // part (only byte regions may continue in the next block, and a stored
  // length may start it).
  void setStrictSplits(bool strict) { strict_ = strict; }
  // Called for each block once its checksum has been verified, before any
  // of its events is returned.
  void onBlock(std::function<void(const BlockInfo &)> f) {
    onBlock_ = std::move(f);
  }

  // The next event; false at the end of the trace or on error (see ok()).
  bool next(Event &event);
  // True once the final block has been read completely.
  bool atEnd() const { return final_ && pos_ == payload_.size(); }
  uint64_t chain() const { return chain_; }
  // Event stream bytes consumed so far.
  uint64_t streamOffset() const { return streamBefore_ + pos_; }
  // Trace bytes read so far (after decompression).
  uint64_t bytesRead() const { return fileOffset_; }
  uint64_t blocksRead() const { return blocks_; }
  bool compressed() const { return source_ && source_->compressed(); }

private:
  bool fail(std::string message);
  bool readHeader();
  bool readBlock();
  size_t readFull(uint8_t *p, size_t n);
  bool need(bool mayLoad);
  bool byte(uint8_t &b, bool mayLoad = false);
  bool uleb(uint64_t &v, bool mayLoad = false);
  bool take(size_t n, std::vector<uint8_t> &out, bool fixed);
  bool readEvent(Event &event);
  bool readCall(Event &event);
  bool readSent(Event &event);
  bool readHost(Event &event, SpecialPayload payload);
  bool sized(std::vector<uint8_t> &out, size_t *at = nullptr);

  std::unique_ptr<Source> source_;
  std::string error_;
  Header header_;
  std::array<uint8_t, kHeaderSize> headerBytes_{};
  Bytes payload_; // filled by each block's read: not zeroed first
  size_t pos_ = 0;
  uint64_t streamBefore_ = 0; // stream bytes in the blocks before this one
  uint64_t fileOffset_ = 0;
  uint64_t blocks_ = 0;
  bool final_ = false;
  bool ended_ = false; // an event that ends the trace was read
  uint64_t chain_ = 0;
  uint64_t events_ = 0;
  uint64_t lastClock_[4] = {};
  bool keepRaw_ = false;
  bool strict_ = false;
  Event *current_ = nullptr;
  std::function<void(const BlockInfo &)> onBlock_;
};

// ---- Writing --------------------------------------------------------------
// The host-side encoder: what the runtime writes, for tools that make or
// rewrite traces (wrr-trace convert, redact) and for tests.

// The header's 128 bytes; an empty string, or why the fields do not fit.
std::string encodeHeader(const Header &header,
                         std::array<uint8_t, kHeaderSize> &out);

// Encodes events one after another (clock readings are deltas against the
// previous reading of the same clock, so order matters).
class Encoder {
public:
  // The format version to write: calls of version 3 need their sent items
  // (Event::hasSent), of version 2 must have none.
  void setVersion(uint16_t version) { version_ = version; }
  uint16_t version() const { return version_; }
  // Appends `event`'s encoding to `out`; an empty string, or why the event
  // cannot be encoded (its results do not match its row, say).
  std::string encode(const Event &event, std::vector<uint8_t> &out);

private:
  std::string encodeCall(const Event &event, std::vector<uint8_t> &out);
  std::string encodeHost(const Event &event, SpecialPayload payload,
                         std::vector<uint8_t> &out);
  uint64_t lastClock_[4] = {};
  uint16_t version_ = kVersion;
};

// Writes a trace: the header, then the event stream cut into blocks where
// the caller says, each framed and chained.
class Writer {
public:
  explicit Writer(Sink &sink) : sink_(sink) {}

  bool header(const std::array<uint8_t, kHeaderSize> &bytes);
  bool header(const Header &header);
  // Appends an event to the stream.
  bool event(const Event &event);
  // Appends bytes already encoded (a trace's events copied as they are).
  // Clock deltas in them do not update the encoder: do not mix the two
  // where clock readings follow.
  bool encoded(std::span<const uint8_t> bytes);
  // Ends a block at stream offset `end` (counted from the first event):
  // the bytes since the previous block become its payload.
  bool block(uint64_t end, bool final);

  // Event stream bytes so far, and how many of them are in blocks.
  uint64_t size() const { return written_ + pending_.size(); }
  uint64_t blocked() const { return written_; }
  bool finished() const { return final_; }
  bool ok() const { return error_.empty(); }
  const std::string &error() const { return error_; }

private:
  bool fail(std::string message);

  Sink &sink_;
  Encoder encoder_;
  std::vector<uint8_t> pending_; // encoded, not yet in a block
  uint64_t written_ = 0;
  uint64_t chain_ = 0;
  bool started_ = false;
  bool final_ = false;
  std::string error_;
};

// ---- Sealing -------------------------------------------------------------
// A recording the module could not end (runner killed, disk full) is made
// replayable by the host: keep the longest prefix of whole, verified blocks
// and whole events; if it has no final block, end it with one holding a
// `stopped` event. Uncompressed traces only.

struct SealResult {
  bool ok = false;         // false: nothing could be kept (error says why)
  std::string error;
  bool complete = false;   // the trace was whole already: nothing changed
  std::string problem;     // what was wrong with it, as the reader saw it
  uint64_t events = 0;     // events in the sealed trace (the stop included)
  uint64_t blocks = 0;     // blocks in the sealed trace
  uint64_t bytesCut = 0;   // bytes removed from the end of the file
  bool addedStop = false;  // a stop event was appended
};

// Whether the trace at `path` is whole, checked without decoding an event
// (one XXH64 pass over its bytes): its header reads, every block's chain checksum verifies, and the last block is the
// module's final block and ends the file. Uncompressed traces only.
struct BlockCheck {
  bool complete = false;
  std::string problem;   // why not, when not complete
  uint64_t bytes = 0;    // the file's size
  uint64_t blocks = 0;   // blocks that verified
};
BlockCheck checkBlocks(const std::string &path);

// The same check made while a recorder writes the trace: `wrr record` calls
// advance as the file grows, so little is left to read and hash when the
// run ends. Blocks are appended whole and never rewritten, so a block that
// verified stays verified.
class BlockScanner {
public:
  BlockScanner();
  ~BlockScanner();
  // Verifies the blocks lying wholly in the first `size` bytes of the trace
  // open at `fd` (read with pread) that follow those verified before.
  void advance(int fd, uint64_t size);
  // The check of the trace, once advance has seen all of its `size` bytes.
  BlockCheck check(uint64_t size) const;

private:
  friend struct BlockScanAccess;
  struct State;
  std::unique_ptr<State> s_;
};

// Seals the trace at `path` in place (it is truncated and appended to).
SealResult sealTrace(const std::string &path);

} // namespace wrr::trace

#endif
