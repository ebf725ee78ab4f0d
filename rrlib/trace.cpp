#include "rrlib/trace.h"

#include <cstring>
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

uint32_t digestFold(uint64_t h) { return static_cast<uint32_t>(h ^ (h >> 32)); }

std::string_view Event::name() const {
  if (isCall())
    return wasiFunctions()[kind].name;
  switch (kind) {
  case kMemoryGrow:
    return "memory.grow";
  case kStartReturned:
    return "_start returned";
  case kTrap:
    return "trap";
  case kRaiseResult:
    return "proc_raise result";
  }
  return "unknown";
}

static uint64_t readLE(const uint8_t *p, unsigned n) {
  uint64_t v = 0;
  for (unsigned i = 0; i < n; ++i)
    v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
}

Reader::Reader(const std::string &path) {
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) {
    fail("cannot open trace '" + path + "': " + std::strerror(errno));
    return;
  }
  readHeader();
}

Reader::~Reader() {
  if (file_)
    std::fclose(file_);
}

bool Reader::fail(std::string message) {
  if (error_.empty())
    error_ = std::move(message);
  return false;
}

bool Reader::readHeader() {
  uint8_t h[kHeaderSize];
  size_t got = std::fread(h, 1, sizeof h, file_);
  if (got == 0)
    return fail("trace is empty");
  if (got < 8 || std::memcmp(h, kMagic.data(), kMagic.size()) != 0)
    return fail("not a wrr trace (bad magic)");
  if (got < sizeof h)
    return fail("trace header is truncated");
  header_.version = static_cast<uint16_t>(readLE(h + kOffVersion, 2));
  if (header_.version != kVersion)
    return fail("unsupported trace format version " +
                std::to_string(header_.version) + " (this reader knows " +
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
  chain_ = XXH64(h, kChainSeedBytes, 0);
  return true;
}

bool Reader::readBlock() {
  if (final_)
    return fail("event data past the final block");
  uint8_t frame[4];
  size_t got = std::fread(frame, 1, 4, file_);
  if (got == 0)
    return fail("trace ends without a final block (truncated, or the "
                "recording was cut off)");
  if (got < 4)
    return fail("trace is truncated inside a block header");
  uint32_t word = static_cast<uint32_t>(readLE(frame, 4));
  uint32_t len = word & ~kFinalBlock;
  // Read in bounded steps so a corrupt length cannot allocate gigabytes
  // before the file runs out.
  payload_.clear();
  while (payload_.size() < len) {
    size_t step = std::min<size_t>(len - payload_.size(), 1 << 20);
    size_t old = payload_.size();
    payload_.resize(old + step);
    if (std::fread(payload_.data() + old, 1, step, file_) != step)
      return fail("trace is truncated inside a block");
  }
  uint8_t sum[8];
  if (std::fread(sum, 1, 8, file_) != 8)
    return fail("trace is truncated inside a block checksum");
  uint64_t expect = XXH64(payload_.data(), payload_.size(), chain_);
  if (readLE(sum, 8) != expect)
    return fail("trace is corrupt: block checksum mismatch after event " +
                std::to_string(events_));
  chain_ = expect;
  pos_ = 0;
  final_ = (word & kFinalBlock) != 0;
  if (final_ && std::fgetc(file_) != EOF)
    return fail("trace has data after its final block");
  return true;
}

bool Reader::need(size_t n) {
  while (pos_ + n > payload_.size()) {
    if (pos_ < payload_.size())
      return fail("an event is split across blocks in a way the format "
                  "does not allow");
    if (final_)
      return fail("the trace ends inside event " + std::to_string(events_));
    if (!readBlock())
      return false;
  }
  return true;
}

bool Reader::byte(uint8_t &b) {
  if (!need(1))
    return false;
  b = payload_[pos_++];
  return true;
}

bool Reader::uleb(uint64_t &v) {
  v = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    uint8_t b;
    if (!byte(b))
      return false;
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80))
      return true;
  }
  return fail("corrupt trace: integer too long in event " +
              std::to_string(events_));
}

bool Reader::take(size_t n, std::vector<uint8_t> &out) {
  out.clear();
  out.reserve(std::min<size_t>(n, 1 << 20));
  while (out.size() < n) {
    if (pos_ == payload_.size() && !readBlock())
      return false;
    size_t step = std::min(n - out.size(), payload_.size() - pos_);
    out.insert(out.end(), payload_.begin() + pos_,
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
    return true;
  }
  if (f.policy == Policy::Exit || f.policy == Policy::MayNotReturn)
    return true;
  for (unsigned i = 0; i < f.numWrites; ++i) {
    const Region &r = f.writes[i];
    Write w;
    if (r.encoding == Region::ClockDelta) {
      // A 66-bit uleb: the clock in the low 2 bits, zigzag(delta) above.
      uint8_t first;
      if (!byte(first))
        return false;
      unsigned clock = first & 3;
      uint64_t zz = (first >> 2) & 0x1f;
      if (first & 0x80) {
        uint64_t rest;
        if (!uleb(rest))
          return false;
        zz |= rest << 5;
      }
      int64_t delta = static_cast<int64_t>(zz >> 1) ^ -static_cast<int64_t>(zz & 1);
      lastClock_[clock] += static_cast<uint64_t>(delta);
      w.bytes.resize(8);
      for (unsigned b = 0; b < 8; ++b)
        w.bytes[b] = static_cast<uint8_t>(lastClock_[clock] >> (8 * b));
      event.writes.push_back(std::move(w));
      continue;
    }
    uint64_t len = 0;
    if (r.len.kind == Len::Const) {
      len = r.len.value;
    } else if (r.lengthStored()) {
      if (!uleb(len))
        return false;
    } else { // Deref: the count is an earlier fixed result of this event.
      for (unsigned j = 0; j < i; ++j)
        if (f.writes[j].ptr == r.len.value && f.writes[j].len.kind == Len::Const)
          len = readLE(event.writes[j].bytes.data(), 4) * r.len.scale;
    }
    if (len > (uint64_t{1} << 32))
      return fail("corrupt trace: region of " + std::to_string(len) +
                  " bytes in event " + std::to_string(events_));
    if (!take(len, w.bytes))
      return false;
    event.writes.push_back(std::move(w));
  }
  return true;
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
  switch (event.kind) {
  case kMemoryGrow:
    return uleb(event.growPages);
  case kStartReturned:
  case kTrap:
    ended_ = true;
    return true;
  case kRaiseResult: {
    uint64_t e = 0;
    if (event.errnoFlag && !uleb(e))
      return false;
    event.errnoValue = static_cast<uint32_t>(e);
    return true;
  }
  }
  return fail("corrupt trace: unknown event kind " +
              std::to_string(event.kind) + " at event " +
              std::to_string(event.index));
}

} // namespace wrr::trace
