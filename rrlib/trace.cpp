#include "rrlib/trace.h"

#include "rrlib/clock_delta.h"
#include "rrlib/leb128.h"
#include "rrlib/little_endian.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <xxhash.h>

namespace wrr::trace {

// XXH64's primes; the runtime uses the same.
static constexpr uint64_t kPrime1 = 0x9E3779B185EBCA87ULL;
static constexpr uint64_t kPrime2 = 0xC2B2AE3D27D4EB4FULL;
static constexpr uint64_t kPrime5 = 0x27D4EB2F165667C5ULL;

static uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

uint64_t digestSeed(uint8_t kind) { return kPrime5 + kind; }

uint64_t digestScalar(uint64_t h, uint64_t value) {
  return rotl(h + value * kPrime2, 31) * kPrime1;
}

uint64_t digestBytes(uint64_t h, std::span<const uint8_t> bytes) {
  return XXH64(bytes.data(), bytes.size(), h);
}

uint64_t blockChecksum(uint64_t previous, uint32_t frame,
                       std::span<const uint8_t> payload) {
  std::unique_ptr<XXH64_state_t, decltype(&XXH64_freeState)> state(
      XXH64_createState(), &XXH64_freeState);
  XXH64_reset(state.get(), previous);
  uint8_t word[4] = {static_cast<uint8_t>(frame), static_cast<uint8_t>(frame >> 8),
                     static_cast<uint8_t>(frame >> 16), static_cast<uint8_t>(frame >> 24)};
  XXH64_update(state.get(), word, 4);
  XXH64_update(state.get(), payload.data(), payload.size());
  return XXH64_digest(state.get());
}

uint32_t digestFold(uint64_t h) { return static_cast<uint32_t>(h ^ (h >> 32)); }

std::string_view Event::name() const {
  if (isCall())
    return wasiFunctions()[kind].name;
  const SpecialEvent *s = specialEvent(kind);
  return s ? s->name : "unknown";
}

std::optional<std::string_view> trappedInName(uint8_t kind) {
  if (kind < wasiFunctions().size())
    return wasiFunctions()[kind].name;
  if (kind == kImportCall)
    return specialEvent(kind)->name;
  return std::nullopt;
}

std::optional<uint8_t> trappedInKind(std::string_view name) {
  if (std::optional<uint8_t> k = findWasiFunction(name))
    return k;
  if (name == specialEvent(kImportCall)->name)
    return kImportCall;
  return std::nullopt;
}

bool Event::endsTrace() const {
  if (isCall())
    return wasiFunctions()[kind].policy == Policy::Exit;
  const SpecialEvent *s = specialEvent(kind);
  return s && s->ends;
}

// ---- Values ---------------------------------------------------------------

std::string_view valTypeName(uint8_t type) {
  switch (type) {
  case kValI32:
    return "i32";
  case kValI64:
    return "i64";
  case kValF32:
    return "f32";
  case kValF64:
    return "f64";
  }
  return {};
}

uint8_t valTypeFromName(std::string_view name) {
  for (uint8_t t : {kValI32, kValI64, kValF32, kValF64})
    if (valTypeName(t) == name)
      return t;
  return 0;
}

static bool narrow(uint8_t type) { return type == kValI32 || type == kValF32; }

static std::string typeByte(uint8_t type) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02x", type);
  return buf;
}

std::string encodeValues(const std::vector<WasmValue> &values,
                         std::vector<uint8_t> &out) {
  for (size_t i = 0; i < values.size(); ++i) {
    const WasmValue &v = values[i];
    if (valTypeName(v.type).empty())
      return "value " + std::to_string(i) + " has an unknown type " +
             typeByte(v.type);
    if (narrow(v.type) && v.bits > 0xffffffffu)
      return "value " + std::to_string(i) + ", an " +
             std::string(valTypeName(v.type)) + ", does not fit 32 bits";
    out.push_back(v.type);
    appendUleb(out, v.bits);
  }
  return {};
}

std::string decodeValues(std::span<const uint8_t> b,
                         std::vector<WasmValue> &values) {
  values.clear();
  size_t at = 0;
  while (at < b.size()) {
    std::string which = "value " + std::to_string(values.size());
    WasmValue v;
    v.type = b[at++];
    if (valTypeName(v.type).empty())
      return which + " has an unknown type " + typeByte(v.type);
    bool done = false;
    for (unsigned shift = 0; !done; shift += 7) {
      if (at == b.size())
        return which + " is cut off by the region's end";
      uint8_t c = b[at++];
      // The tenth byte holds bit 63 only.
      if (shift == 63 && c > 1)
        return which + " is longer than 64 bits";
      v.bits |= static_cast<uint64_t>(c & 0x7f) << shift;
      done = !(c & 0x80);
    }
    if (narrow(v.type) && v.bits > 0xffffffffu)
      return which + ", an " + std::string(valTypeName(v.type)) +
             ", does not fit 32 bits";
    values.push_back(v);
  }
  return {};
}

// ---- Reader -----------------------------------------------------------------

Reader::Reader(const std::string &path) {
  source_ = openFile(path, error_);
  if (source_)
    readHeader();
}

Reader::Reader(std::unique_ptr<Source> source) : source_(std::move(source)) {
  readHeader();
}

Reader::~Reader() = default;

bool Reader::fail(std::string message) {
  if (error_.empty())
    error_ = std::move(message);
  return false;
}

size_t Reader::readFull(uint8_t *p, size_t n) {
  size_t got = source_->read(p, n);
  fileOffset_ += got;
  if (!source_->error().empty())
    fail(source_->error());
  return got;
}

bool Reader::readHeader() {
  uint8_t *h = headerBytes_.data();
  size_t got = readFull(h, kHeaderSize);
  if (!ok())
    return false;
  if (got == 0)
    return fail("trace is empty");
  if (got < 8 || std::memcmp(h, kMagic.data(), kMagic.size()) != 0)
    return fail("not a wrr trace (bad magic)");
  if (got < kHeaderSize)
    return fail("trace header is truncated");
  header_.version = static_cast<uint16_t>(readLE(h + kOffVersion, 2));
  if (header_.version < kMinVersion || header_.version > kVersion)
    return fail("unsupported trace format version " +
                std::to_string(header_.version) + " (this reader knows " +
                std::to_string(kMinVersion) + " to " +
                std::to_string(kVersion) + ")");
  header_.flags = static_cast<uint16_t>(readLE(h + kOffFlags, 2));
  if (readLE(h + kOffHeaderSize, 4) != kHeaderSize)
    return fail("unexpected trace header size");
  std::memcpy(header_.moduleHash.data(), h + kOffModuleHash, 32);
  header_.startTimeNs = readLE(h + kOffStartTime, 8);
  const char *v = reinterpret_cast<const char *>(h + kOffInstrumenter);
  header_.instrumenter.assign(v, strnlen(v, 8));
  const char *r = reinterpret_cast<const char *>(h + kOffRecorder);
  header_.recorder.assign(r, strnlen(r, kRecorderSize));
  header_.bufferPages = static_cast<uint32_t>(readLE(h + kOffBufferPages, 4));
  std::memcpy(header_.reserved.data(), h + kOffReserved,
              header_.reserved.size());
  chain_ = XXH64(h, kChainSeedBytes, 0);
  return true;
}

bool Reader::readBlock() {
  if (final_)
    return fail("event data past the final block");
  uint64_t at = fileOffset_;
  uint8_t frame[4];
  size_t got = readFull(frame, 4);
  if (!ok())
    return false;
  if (got == 0)
    return fail("trace ends without a final block (truncated, or the "
                "recording was cut off)");
  if (got < 4)
    return fail("trace is truncated inside a block header");
  uint32_t word = static_cast<uint32_t>(readLE(frame, 4));
  uint32_t len = word & ~kFinalBlock;
  streamBefore_ += payload_.size();
  // Read in bounded steps so a corrupt length cannot allocate gigabytes
  // before the file runs out.
  payload_.clear();
  pos_ = 0;
  while (payload_.size() < len) {
    if (payload_.size() >= kMaxBlockBytes)
      return fail("trace is corrupt: block " + std::to_string(blocks_ + 1) +
                  " claims " + std::to_string(len) +
                  " bytes, more than any log buffer holds");
    size_t step = std::min<size_t>(len - payload_.size(), 1 << 20);
    size_t old = payload_.size();
    resizeForOverwrite(payload_, old + step);
    if (readFull(payload_.data() + old, step) != step) {
      payload_.clear();
      return ok() ? fail("trace is truncated inside a block") : false;
    }
  }
  uint8_t sum[8];
  if (readFull(sum, 8) != 8)
    return ok() ? fail("trace is truncated inside a block checksum") : false;
  uint64_t expect = blockChecksum(chain_, word, payload_);
  if (readLE(sum, 8) != expect)
    return fail("trace is corrupt: block checksum mismatch after event " +
                std::to_string(events_));
  chain_ = expect;
  final_ = (word & kFinalBlock) != 0;
  ++blocks_;
  if (final_) {
    uint8_t extra;
    if (readFull(&extra, 1) != 0)
      return fail("trace has data after its final block");
    if (!ok())
      return false;
  }
  if (onBlock_)
    onBlock_({blocks_, at, len, streamBefore_ + len, final_});
  return true;
}

// Makes the next byte of the current event available. A new block may
// start here only if `mayLoad` (or when not strict).
bool Reader::need(bool mayLoad) {
  while (pos_ == payload_.size()) {
    if (final_)
      return fail("the trace's final block ends inside event " +
                  std::to_string(events_));
    if (strict_ && !mayLoad)
      return fail("event " + std::to_string(events_) +
                  " is split across blocks inside its fixed part, which "
                  "replay refuses");
    if (!readBlock())
      return false;
    mayLoad = true; // past empty blocks too
  }
  return true;
}

bool Reader::byte(uint8_t &b, bool mayLoad) {
  if (!need(mayLoad))
    return false;
  b = payload_[pos_++];
  if (keepRaw_ && current_)
    current_->raw.push_back(b);
  return true;
}

bool Reader::uleb(uint64_t &v, bool mayLoad) {
  v = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    uint8_t b;
    if (!byte(b, mayLoad && shift == 0))
      return false;
    // The tenth byte holds bit 63 only.
    if (shift == 63 && b > 1)
      break;
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80))
      return true;
  }
  // Its block's checksum matched: the recorder did not write this event.
  return fail("trace is malformed: event " + std::to_string(events_) +
              " holds a number longer than 64 bits");
}

bool Reader::take(size_t n, std::vector<uint8_t> &out, bool fixed) {
  out.clear();
  out.reserve(std::min<size_t>(n, 1 << 20));
  if (strict_ && fixed && n > payload_.size() - pos_ && !final_)
    return fail("event " + std::to_string(events_) +
                " is split across blocks inside its fixed part, which "
                "replay refuses");
  while (out.size() < n) {
    if (pos_ == payload_.size() && !need(true))
      return false;
    size_t step = std::min(n - out.size(), payload_.size() - pos_);
    out.insert(out.end(), payload_.begin() + pos_,
               payload_.begin() + pos_ + step);
    if (keepRaw_ && current_)
      current_->raw.insert(current_->raw.end(), payload_.begin() + pos_,
                           payload_.begin() + pos_ + step);
    pos_ += step;
  }
  return true;
}

bool Reader::readCall(Event &event) {
  const WasiFunction &f = wasiFunctions()[event.kind];
  uint8_t d[4];
  for (uint8_t &b : d)
    if (!byte(b))
      return false;
  event.digest = static_cast<uint32_t>(readLE(d, 4));
  if (event.errnoFlag) {
    uint64_t e;
    if (!uleb(e))
      return false;
    event.errnoValue = static_cast<uint32_t>(e);
  }
  if (header_.version >= 3 && !readSent(event))
    return false;
  if (event.errnoFlag)
    return true;
  if (f.policy == Policy::Exit || f.policy == Policy::MayNotReturn)
    return true;
  for (unsigned i = 0; i < f.numWrites; ++i) {
    const Region &r = f.writes[i];
    Write w;
    if (r.encoding == Region::ClockDelta) {
      uint8_t first;
      unsigned clock;
      int64_t delta;
      if (!byte(first) ||
          !readClockDelta(first, [&](uint64_t &rest) { return uleb(rest); },
                          clock, delta))
        return false;
      lastClock_[clock] += static_cast<uint64_t>(delta);
      w.bytes.resize(8);
      for (unsigned b = 0; b < 8; ++b)
        w.bytes[b] = static_cast<uint8_t>(lastClock_[clock] >> (8 * b));
      w.clock = static_cast<uint8_t>(clock);
      event.writes.push_back(std::move(w));
      continue;
    }
    uint64_t len = 0;
    if (r.len.kind == Len::Const) {
      len = r.len.value;
    } else if (r.lengthStored()) {
      // Replay may load the next block before a stored length.
      if (!uleb(len, true))
        return false;
    } else { // Deref: the count is an earlier fixed result of this event.
      len = readLE(event.writes[f.derefSource(i)].bytes.data(), 4) * r.len.scale;
    }
    if (len > (uint64_t{1} << 32))
      return fail("corrupt trace: region of " + std::to_string(len) +
                  " bytes in event " + std::to_string(events_));
    w.at = event.raw.size();
    if (!take(len, w.bytes, r.len.kind == Len::Const))
      return false;
    event.writes.push_back(std::move(w));
  }
  return true;
}

// Version 3: the call's sent items. Each may start a block (the writer
// flushes between them); a long region may continue in the next.
bool Reader::readSent(Event &event) {
  const WasiFunction &f = wasiFunctions()[event.kind];
  event.hasSent = true;
  for (unsigned i = 0; i < f.numParams; ++i) {
    if (f.isPointerParam(i))
      continue;
    uint64_t v;
    if (!uleb(v, true))
      return false;
    if (f.params[i] == ValType::I32 && v > 0xffffffffu)
      return fail("corrupt trace: " + std::string(f.name) + "'s " +
                  std::string(f.paramNames[i]) + " does not fit an i32 in event " +
                  std::to_string(events_));
    event.args.push_back(v);
  }
  for (size_t i = 0, n = f.readRegions().size(); i < n; ++i) {
    event.sent.emplace_back();
    size_t at = 0;
    if (!sized(event.sent.back(), &at))
      return false;
    if (keepRaw_)
      event.sentAt.push_back(at);
  }
  // The write regions' fixed part starts anew: the writer made room for
  // it, so it may begin the next block.
  if (!event.errnoFlag && f.numWrites && f.policy != Policy::Exit &&
      f.policy != Policy::MayNotReturn && pos_ == payload_.size() && !final_)
    return need(true);
  return true;
}

// A stored-length region: the length may start a block, the bytes may
// continue in the next.
bool Reader::sized(std::vector<uint8_t> &out, size_t *at) {
  uint64_t len;
  if (!uleb(len, true))
    return false;
  if (len > (uint64_t{1} << 32))
    return fail("corrupt trace: region of " + std::to_string(len) +
                " bytes in event " + std::to_string(events_));
  if (at && current_)
    *at = current_->raw.size();
  return take(len, out, false);
}

// What crosses between a host and the module: names, values, memory.
bool Reader::readHost(Event &event, SpecialPayload payload) {
  std::string what = "event " + std::to_string(event.index) + " (" +
                     std::string(event.name()) + ")";
  if (header_.version < 3)
    return fail("corrupt trace: " + what +
                " cannot be in a version 2 trace");
  if (event.errnoFlag)
    return fail("corrupt trace: " + what +
                " has the errno flag, which it never carries");
  std::vector<uint8_t> b;
  switch (payload) {
  case SpecialPayload::Import:
    if (!sized(b))
      return false;
    event.module.assign(b.begin(), b.end());
    [[fallthrough]];
  case SpecialPayload::Export:
    if (!sized(b))
      return false;
    event.function.assign(b.begin(), b.end());
    [[fallthrough]];
  case SpecialPayload::Values:
    if (!sized(b))
      return false;
    if (std::string why = decodeValues(b, event.values); !why.empty())
      return fail("corrupt trace: the values of " + what +
                  " do not parse: " + why);
    return true;
  case SpecialPayload::Memory:
    if (!uleb(event.address))
      return false;
    if (event.address > 0xffffffffu)
      return fail("corrupt trace: " + what + " writes at address " +
                  std::to_string(event.address) + ", which is not an i32");
    if (!sized(event.bytes, &event.bytesAt))
      return false;
    if (event.address + event.bytes.size() > (uint64_t{1} << 32))
      return fail("corrupt trace: " + what + " writes " +
                  std::to_string(event.bytes.size()) + " bytes at address " +
                  std::to_string(event.address) +
                  ", past the 4 GiB a memory can have");
    return true;
  default:
    return fail("internal error: " + what + " has no host payload");
  }
}

bool Reader::next(Event &event) {
  if (!ok())
    return false;
  // Skip to the next event; empty blocks carry none.
  while (pos_ == payload_.size() && !final_)
    if (!readBlock())
      return false;
  if (pos_ == payload_.size())
    return false;
  if (ended_)
    return fail("event data after the event that ended the trace (event " +
                std::to_string(events_) + ")");
  event = Event{};
  event.offset = streamOffset();
  current_ = &event;
  bool good = readEvent(event);
  current_ = nullptr;
  event.size = streamOffset() - event.offset;
  return good;
}

bool Reader::readEvent(Event &event) {
  uint8_t head;
  if (!byte(head))
    return false;
  event.index = ++events_;
  event.kind = head & kKindMask;
  event.errnoFlag = (head & kErrnoFlag) != 0;
  if (event.isCall()) {
    ended_ = wasiFunctions()[event.kind].policy == Policy::Exit;
    return readCall(event);
  }
  if (const SpecialEvent *s = specialEvent(event.kind)) {
    ended_ = s->ends;
    uint64_t e = 0;
    switch (s->payload) {
    case SpecialPayload::None:
      return true;
    case SpecialPayload::Pages:
      return uleb(event.growPages);
    case SpecialPayload::Errno:
      if (event.errnoFlag && !uleb(e))
        return false;
      event.errnoValue = static_cast<uint32_t>(e);
      return true;
    case SpecialPayload::Call:
      if (!event.errnoFlag)
        return true;
      if (!byte(event.inCall))
        return false;
      if (!trappedInName(event.inCall))
        return fail("corrupt trace: event " + std::to_string(event.index) +
                    " trapped inside an unknown call (kind " +
                    std::to_string(event.inCall) + ")");
      return true;
    case SpecialPayload::Export:
    case SpecialPayload::Import:
    case SpecialPayload::Values:
    case SpecialPayload::Memory:
      return readHost(event, s->payload);
    }
  }
  return fail("corrupt trace: unknown event kind " +
              std::to_string(event.kind) + " at event " +
              std::to_string(event.index));
}

} // namespace wrr::trace
