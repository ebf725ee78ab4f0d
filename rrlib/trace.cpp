#include "rrlib/trace.h"

#include "rrlib/leb128.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <xxhash.h>
#include <zstd.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

bool Event::endsTrace() const {
  if (isCall())
    return wasiFunctions()[kind].policy == Policy::Exit;
  const SpecialEvent *s = specialEvent(kind);
  return s && s->ends;
}

static uint64_t readLE(const uint8_t *p, unsigned n) {
  uint64_t v = 0;
  for (unsigned i = 0; i < n; ++i)
    v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
}

static void putLE(std::vector<uint8_t> &out, uint64_t v, unsigned n) {
  for (unsigned i = 0; i < n; ++i)
    out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

// ---- Sources and sinks ------------------------------------------------------

static constexpr uint8_t kZstdMagic[4] = {0x28, 0xb5, 0x2f, 0xfd};

namespace {

class FileSource : public Source {
public:
  FileSource(std::FILE *file, bool owned) : file_(file), owned_(owned) {}
  ~FileSource() override {
    if (owned_)
      std::fclose(file_);
  }
  size_t read(uint8_t *p, size_t n) override {
    size_t got = std::fread(p, 1, n, file_);
    if (got < n && std::ferror(file_) && error_.empty())
      error_ = std::string("cannot read trace: ") + std::strerror(errno);
    return got;
  }

private:
  std::FILE *file_;
  bool owned_;
};

class MemorySource : public Source {
public:
  explicit MemorySource(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  size_t read(uint8_t *p, size_t n) override {
    n = std::min(n, bytes_.size() - pos_);
    std::memcpy(p, bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }

private:
  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
};

// Gives back the bytes looked at to choose the format, then the rest.
class PeekedSource : public Source {
public:
  PeekedSource(std::unique_ptr<Source> inner, std::vector<uint8_t> peeked)
      : inner_(std::move(inner)), peeked_(std::move(peeked)) {}
  bool compressed() const override { return inner_->compressed(); }
  size_t read(uint8_t *p, size_t n) override {
    size_t got = std::min(n, peeked_.size() - pos_);
    std::memcpy(p, peeked_.data() + pos_, got);
    pos_ += got;
    if (got < n)
      got += inner_->read(p + got, n - got);
    if (error_.empty())
      error_ = inner_->error();
    return got;
  }

private:
  std::unique_ptr<Source> inner_;
  std::vector<uint8_t> peeked_;
  size_t pos_ = 0;
};

class ZstdSource : public Source {
public:
  explicit ZstdSource(std::unique_ptr<Source> inner)
      : inner_(std::move(inner)), stream_(ZSTD_createDStream()),
        buffer_(ZSTD_DStreamInSize()) {}
  ~ZstdSource() override { ZSTD_freeDStream(stream_); }
  bool compressed() const override { return true; }

  size_t read(uint8_t *p, size_t n) override {
    ZSTD_outBuffer out{p, n, 0};
    while (out.pos < out.size && error_.empty()) {
      if (in_.pos == in_.size && !eof_) {
        in_.size = inner_->read(buffer_.data(), buffer_.size());
        in_.src = buffer_.data();
        in_.pos = 0;
        if (!inner_->error().empty()) {
          error_ = inner_->error();
          break;
        }
        eof_ = in_.size == 0;
      }
      size_t before = out.pos, consumed = in_.pos;
      size_t r = ZSTD_decompressStream(stream_, &out, &in_);
      if (ZSTD_isError(r)) {
        error_ = std::string("cannot decompress trace: ") +
                 ZSTD_getErrorName(r);
        break;
      }
      bool progress = out.pos != before || in_.pos != consumed;
      if (progress)
        frameDone_ = r == 0;
      if (eof_ && in_.pos == in_.size && !progress) {
        if (!frameDone_)
          error_ = "the compressed trace is truncated";
        break;
      }
    }
    return out.pos;
  }

private:
  std::unique_ptr<Source> inner_;
  ZSTD_DStream *stream_;
  std::vector<uint8_t> buffer_;
  ZSTD_inBuffer in_{nullptr, 0, 0};
  bool eof_ = false;
  bool frameDone_ = true;
};

// Looks at the first bytes: a zstd frame is decompressed as it is read.
std::unique_ptr<Source> sniff(std::unique_ptr<Source> source) {
  std::vector<uint8_t> first(4);
  first.resize(source->read(first.data(), first.size()));
  bool zstd = first.size() == 4 && std::equal(first.begin(), first.end(),
                                               std::begin(kZstdMagic));
  auto peeked = std::make_unique<PeekedSource>(std::move(source),
                                               std::move(first));
  if (zstd)
    return std::make_unique<ZstdSource>(std::move(peeked));
  return peeked;
}

class ZstdSink : public Sink {
public:
  ZstdSink(Sink &inner, int level)
      : inner_(inner), stream_(ZSTD_createCStream()),
        buffer_(ZSTD_CStreamOutSize()) {
    ZSTD_initCStream(stream_, level);
  }
  ~ZstdSink() override { ZSTD_freeCStream(stream_); }

  bool write(std::span<const uint8_t> bytes) override {
    ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
    while (ok() && in.pos < in.size) {
      ZSTD_outBuffer out{buffer_.data(), buffer_.size(), 0};
      size_t r = ZSTD_compressStream(stream_, &out, &in);
      if (!check(r) || !emit(out))
        return false;
    }
    return ok();
  }
  bool finish() override {
    if (finished_)
      return ok();
    finished_ = true;
    size_t r;
    do {
      ZSTD_outBuffer out{buffer_.data(), buffer_.size(), 0};
      r = ZSTD_endStream(stream_, &out);
      if (!check(r) || !emit(out))
        return false;
    } while (r != 0);
    return inner_.finish() || (error_ = inner_.error(), false);
  }

private:
  bool check(size_t r) {
    if (ZSTD_isError(r) && ok())
      error_ = std::string("cannot compress: ") + ZSTD_getErrorName(r);
    return ok();
  }
  bool emit(const ZSTD_outBuffer &out) {
    if (!inner_.write({buffer_.data(), out.pos}) && ok())
      error_ = inner_.error();
    return ok();
  }

  Sink &inner_;
  ZSTD_CStream *stream_;
  std::vector<uint8_t> buffer_;
  bool finished_ = false;
};

} // namespace

std::unique_ptr<Source> openFile(const std::string &path, std::string &error) {
  if (path == "-")
    return sniff(std::make_unique<FileSource>(stdin, false));
  std::FILE *f = std::fopen(path.c_str(), "rb");
  if (!f) {
    error = "cannot open '" + path + "': " + std::strerror(errno);
    return nullptr;
  }
  return sniff(std::make_unique<FileSource>(f, true));
}

std::unique_ptr<Source> openMemory(std::span<const uint8_t> bytes) {
  return sniff(std::make_unique<MemorySource>(bytes));
}

std::vector<uint8_t> peek(std::unique_ptr<Source> &source, size_t n) {
  std::vector<uint8_t> first(n);
  first.resize(source->read(first.data(), n));
  source = std::make_unique<PeekedSource>(std::move(source), first);
  return first;
}

std::unique_ptr<Sink> zstdSink(Sink &inner, int level) {
  return std::make_unique<ZstdSink>(inner, level);
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
    payload_.resize(old + step);
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
      for (unsigned j = 0; j < i; ++j)
        if (f.writes[j].ptr == r.len.value && f.writes[j].len.kind == Len::Const)
          len = readLE(event.writes[j].bytes.data(), 4) * r.len.scale;
    }
    if (len > (uint64_t{1} << 32))
      return fail("corrupt trace: region of " + std::to_string(len) +
                  " bytes in event " + std::to_string(events_));
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
  for (const Region &r : f.readRegions()) {
    uint64_t len;
    if (!uleb(len, true))
      return false;
    if (len > (uint64_t{1} << 32))
      return fail("corrupt trace: region of " + std::to_string(len) +
                  " bytes in event " + std::to_string(events_));
    event.sent.emplace_back();
    if (keepRaw_)
      event.sentAt.push_back(event.raw.size());
    if (!take(len, event.sent.back(), false))
      return false;
    (void)r;
  }
  // The write regions' fixed part starts anew: the writer made room for
  // it, so it may begin the next block.
  if (!event.errnoFlag && f.numWrites && f.policy != Policy::Exit &&
      f.policy != Policy::MayNotReturn && pos_ == payload_.size() && !final_)
    return need(true);
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
      if (event.inCall >= wasiFunctions().size())
        return fail("corrupt trace: event " + std::to_string(event.index) +
                    " trapped inside an unknown call (kind " +
                    std::to_string(event.inCall) + ")");
      return true;
    }
  }
  return fail("corrupt trace: unknown event kind " +
              std::to_string(event.kind) + " at event " +
              std::to_string(event.index));
}

// ---- Writing ----------------------------------------------------------------

std::string encodeHeader(const Header &h,
                         std::array<uint8_t, kHeaderSize> &out) {
  if (h.instrumenter.size() > 8)
    return "the instrumenter version '" + h.instrumenter +
           "' is longer than 8 bytes";
  if (h.recorder.size() > kRecorderSize)
    return "the recorder '" + h.recorder + "' is longer than " +
           std::to_string(kRecorderSize) + " bytes";
  if (h.instrumenter.find('\0') != std::string::npos ||
      h.recorder.find('\0') != std::string::npos)
    return "the instrumenter and recorder fields cannot hold NUL bytes";
  std::vector<uint8_t> b(kMagic.begin(), kMagic.end());
  putLE(b, h.version, 2);
  putLE(b, h.flags, 2);
  putLE(b, kHeaderSize, 4);
  b.insert(b.end(), h.moduleHash.begin(), h.moduleHash.end());
  putLE(b, h.startTimeNs, 8);
  b.insert(b.end(), h.instrumenter.begin(), h.instrumenter.end());
  b.resize(kOffRecorder, 0);
  b.insert(b.end(), h.recorder.begin(), h.recorder.end());
  b.resize(kOffRecorder + kRecorderSize, 0);
  putLE(b, h.bufferPages, 4);
  b.insert(b.end(), h.reserved.begin(), h.reserved.end());
  std::copy(b.begin(), b.end(), out.begin());
  return {};
}

std::string Encoder::encode(const Event &e, std::vector<uint8_t> &out) {
  size_t start = out.size();
  std::string why = encodeCall(e, out);
  if (!why.empty())
    out.resize(start);
  return why;
}

std::string Encoder::encodeCall(const Event &e, std::vector<uint8_t> &out) {
  uint8_t head = e.kind | (e.errnoFlag ? kErrnoFlag : 0);
  if (!e.isCall()) {
    if (!e.writes.empty())
      return "a " + std::string(e.name()) + " event has no results";
    const SpecialEvent *s = specialEvent(e.kind);
    switch (s ? s->payload : SpecialPayload::None) {
    case SpecialPayload::None:
      if (!s)
        break;
      if (e.errnoFlag)
        return "a " + std::string(e.name()) + " event has no errno";
      out.push_back(head);
      return {};
    case SpecialPayload::Pages:
      out.push_back(head);
      appendUleb(out, e.growPages);
      return {};
    case SpecialPayload::Errno:
      if (!e.errnoFlag && e.errnoValue)
        return "a " + std::string(e.name()) + " with errno " +
               std::to_string(e.errnoValue) + " lacks the errno flag";
      out.push_back(head);
      if (e.errnoFlag)
        appendUleb(out, e.errnoValue);
      return {};
    case SpecialPayload::Call:
      if (e.errnoFlag && e.inCall >= wasiFunctions().size())
        return "a " + std::string(e.name()) + " inside an unknown call";
      if (e.errnoFlag && version_ < 3)
        return "a " + std::string(e.name()) +
               " inside a call needs a version 3 trace";
      out.push_back(head);
      if (e.errnoFlag)
        out.push_back(e.inCall);
      return {};
    }
    return "unknown event kind " + std::to_string(e.kind);
  }
  const WasiFunction &f = wasiFunctions()[e.kind];
  out.push_back(head);
  putLE(out, e.digest, 4);
  bool noResults = e.errnoFlag || f.policy == Policy::Exit ||
                   f.policy == Policy::MayNotReturn;
  if (e.errnoFlag)
    appendUleb(out, e.errnoValue);
  else if (e.errnoValue)
    return std::string(f.name) + " with errno " +
           std::to_string(e.errnoValue) + " lacks the errno flag";
  if (version_ >= 3) {
    unsigned scalars = f.numSentItems() - f.numReads;
    if (e.args.size() != scalars || e.sent.size() != f.numReads)
      return std::string(f.name) + " needs its " + std::to_string(scalars) +
             " arguments and " + std::to_string(f.numReads) +
             " sent regions in a version 3 trace";
    unsigned a = 0;
    for (unsigned i = 0; i < f.numParams; ++i) {
      if (f.isPointerParam(i))
        continue;
      if (f.params[i] == ValType::I32 && e.args[a] > 0xffffffffu)
        return std::string(f.name) + "'s " + std::string(f.paramNames[i]) +
               " does not fit an i32";
      appendUleb(out, e.args[a++]);
    }
    for (const std::vector<uint8_t> &bytes : e.sent) {
      if (bytes.size() > (uint64_t{1} << 32))
        return std::string(f.name) + ": a sent region is larger than 4 GiB";
      appendUleb(out, bytes.size());
      out.insert(out.end(), bytes.begin(), bytes.end());
    }
  } else if (e.hasSent || !e.args.empty() || !e.sent.empty()) {
    return std::string(f.name) +
           ": a version 2 trace has no arguments or sent regions";
  }
  if (noResults) {
    if (!e.writes.empty())
      return std::string(f.name) +
             (e.errnoFlag ? " failed, so it has no results"
                          : " has no results in the trace");
    return {};
  }
  if (e.writes.size() != f.numWrites)
    return std::string(f.name) + " has " + std::to_string(f.numWrites) +
           " results, not " + std::to_string(e.writes.size());
  for (unsigned i = 0; i < f.numWrites; ++i) {
    const Region &r = f.writes[i];
    const Write &w = e.writes[i];
    if (r.encoding == Region::ClockDelta) {
      if (w.bytes.size() != 8 || w.clock > 3)
        return std::string(f.name) + "'s " + std::string(r.name) +
               " is not an 8-byte reading of clock 0 to 3";
      uint64_t value = readLE(w.bytes.data(), 8);
      int64_t delta = static_cast<int64_t>(value - lastClock_[w.clock]);
      lastClock_[w.clock] = value;
      uint64_t zz = (static_cast<uint64_t>(delta) << 1) ^
                    static_cast<uint64_t>(delta >> 63);
      out.push_back(static_cast<uint8_t>((zz & 0x1f) << 2 | w.clock |
                                         (zz >= 32 ? 0x80 : 0)));
      if (zz >= 32)
        appendUleb(out, zz >> 5);
      continue;
    }
    uint64_t want = w.bytes.size();
    if (r.len.kind == Len::Const) {
      want = r.len.value;
    } else if (r.lengthStored()) {
      appendUleb(out, w.bytes.size());
    } else {
      for (unsigned j = 0; j < i; ++j)
        if (f.writes[j].ptr == r.len.value && f.writes[j].len.kind == Len::Const)
          want = readLE(e.writes[j].bytes.data(), 4) * r.len.scale;
    }
    if (w.bytes.size() != want)
      return std::string(f.name) + "'s " + std::string(r.name) + " has " +
             std::to_string(w.bytes.size()) + " bytes where the trace says " +
             std::to_string(want);
    if (want > (uint64_t{1} << 32))
      return std::string(f.name) + "'s " + std::string(r.name) +
             " is larger than 4 GiB";
    out.insert(out.end(), w.bytes.begin(), w.bytes.end());
  }
  return {};
}

bool Writer::fail(std::string message) {
  if (error_.empty())
    error_ = std::move(message);
  return false;
}

bool Writer::header(const std::array<uint8_t, kHeaderSize> &bytes) {
  if (started_)
    return fail("the header is written twice");
  started_ = true;
  encoder_.setVersion(static_cast<uint16_t>(readLE(bytes.data() + kOffVersion, 2)));
  chain_ = XXH64(bytes.data(), kChainSeedBytes, 0);
  if (!sink_.write(bytes))
    return fail(sink_.error());
  return true;
}

bool Writer::header(const Header &h) {
  std::array<uint8_t, kHeaderSize> bytes;
  if (std::string e = encodeHeader(h, bytes); !e.empty())
    return fail(e);
  return header(bytes);
}

bool Writer::event(const Event &e) {
  if (!ok())
    return false;
  if (final_)
    return fail("an event after the final block");
  size_t before = pending_.size();
  if (std::string why = encoder_.encode(e, pending_); !why.empty()) {
    pending_.resize(before);
    return fail(why);
  }
  return true;
}

bool Writer::encoded(std::span<const uint8_t> bytes) {
  if (!ok())
    return false;
  if (final_)
    return fail("an event after the final block");
  pending_.insert(pending_.end(), bytes.begin(), bytes.end());
  return true;
}

bool Writer::block(uint64_t end, bool final) {
  if (!ok())
    return false;
  if (!started_)
    return fail("a block before the header");
  if (final_)
    return fail("a block after the final block");
  if (end < written_ || end > size())
    return fail("a block cannot end at stream offset " + std::to_string(end) +
                " (the stream has " + std::to_string(size()) +
                " bytes, of which " + std::to_string(written_) +
                " are in earlier blocks)");
  uint64_t len = end - written_;
  if (len > kMaxBlockBytes)
    return fail("a block of " + std::to_string(len) +
                " bytes is larger than any log buffer");
  uint32_t word = static_cast<uint32_t>(len) | (final ? kFinalBlock : 0);
  std::vector<uint8_t> frame;
  putLE(frame, word, 4);
  std::span<const uint8_t> payload(pending_.data(), len);
  chain_ = blockChecksum(chain_, word, payload);
  std::vector<uint8_t> sum;
  putLE(sum, chain_, 8);
  if (!sink_.write(frame) || !sink_.write(payload) || !sink_.write(sum))
    return fail(sink_.error());
  pending_.erase(pending_.begin(), pending_.begin() + len);
  written_ = end;
  final_ = final;
  return true;
}

// ---- Sealing ----------------------------------------------------------------

namespace {

// A file descriptor closed on scope exit.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0)
      ::close(fd);
  }
};

bool preadAll(int fd, uint8_t *p, size_t n, uint64_t at) {
  while (n) {
    ssize_t got = ::pread(fd, p, n, static_cast<off_t>(at));
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      return false;
    p += got;
    n -= static_cast<size_t>(got);
    at += static_cast<uint64_t>(got);
  }
  return true;
}

bool pwriteAll(int fd, const uint8_t *p, size_t n, uint64_t at) {
  while (n) {
    ssize_t put = ::pwrite(fd, p, n, static_cast<off_t>(at));
    if (put < 0 && errno == EINTR)
      continue;
    if (put <= 0)
      return false;
    p += put;
    n -= static_cast<size_t>(put);
    at += static_cast<uint64_t>(put);
  }
  return true;
}

// The first `limit` bytes of another source.
class LimitedSource : public Source {
public:
  LimitedSource(std::unique_ptr<Source> inner, uint64_t limit)
      : inner_(std::move(inner)), left_(limit) {}
  size_t read(uint8_t *p, size_t n) override {
    n = static_cast<size_t>(std::min<uint64_t>(n, left_));
    size_t got = n ? inner_->read(p, n) : 0;
    left_ -= got;
    if (got < n && error_.empty())
      error_ = inner_->error();
    return got;
  }

private:
  std::unique_ptr<Source> inner_;
  uint64_t left_;
};

struct ScannedBlock {
  uint64_t fileOffset = 0; // of its frame word
  uint64_t fileEnd = 0;    // just past its checksum
  uint64_t streamEnd = 0;  // stream offset just past its payload
  uint64_t chain = 0;      // its checksum
  bool final = false;
};

// The blocks of the trace open at `fd` (`size` bytes, starting with
// `header`) whose checksums verify, in order, up to the first that does not
// or the first final one.
std::vector<ScannedBlock> scanBlocks(int fd, uint64_t size, const uint8_t *header) {
  std::vector<ScannedBlock> blocks;
  uint64_t chain = XXH64(header, kChainSeedBytes, 0);
  uint64_t at = kHeaderSize, stream = 0;
  std::vector<uint8_t> payload;
  while (at + 4 <= size) {
    uint8_t word[4];
    if (!preadAll(fd, word, 4, at))
      break;
    uint32_t frame = static_cast<uint32_t>(readLE(word, 4));
    uint32_t len = frame & ~kFinalBlock;
    if (len > kMaxBlockBytes || at + 4 + len + 8 > size)
      break;
    payload.resize(len);
    uint8_t sum[8];
    if (!preadAll(fd, payload.data(), len, at + 4) || !preadAll(fd, sum, 8, at + 4 + len))
      break;
    uint64_t expect = blockChecksum(chain, frame, payload);
    if (readLE(sum, 8) != expect)
      break;
    chain = expect;
    stream += len;
    at += 4 + uint64_t{len} + 8;
    blocks.push_back({at - 12 - len, at, stream, chain, (frame & kFinalBlock) != 0});
    if (blocks.back().final)
      break;
  }
  return blocks;
}

// The trace's header, read and checked; an empty string or why not.
std::string readHeaderAt(int fd, uint64_t size, uint8_t (&header)[kHeaderSize]) {
  if (size < kHeaderSize || !preadAll(fd, header, kHeaderSize, 0) ||
      std::memcmp(header, kMagic.data(), kMagic.size()) != 0)
    return "the trace has no whole header: nothing was recorded";
  if (Reader check(openMemory({header, kHeaderSize})); !check.ok())
    return "the trace's header is damaged: " + check.error();
  return "";
}

} // namespace

BlockCheck checkBlocks(const std::string &path) {
  BlockCheck r;
  Fd f;
  f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st{};
  if (f.fd < 0 || ::fstat(f.fd, &st) != 0) {
    r.problem = "cannot read the trace: " + std::string(std::strerror(errno));
    return r;
  }
  uint64_t size = static_cast<uint64_t>(st.st_size);
  uint8_t header[kHeaderSize];
  if (r.problem = readHeaderAt(f.fd, size, header); !r.problem.empty())
    return r;
  std::vector<ScannedBlock> blocks = scanBlocks(f.fd, size, header);
  r.blocks = blocks.size();
  r.bytes = size;
  if (blocks.empty() || !blocks.back().final)
    r.problem = "the trace has no final block";
  else if (blocks.back().fileEnd != size)
    r.problem = "trace has data after its final block";
  else
    r.complete = true;
  return r;
}

SealResult sealTrace(const std::string &path) {
  SealResult r;
  Fd f;
  f.fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (f.fd < 0) {
    r.error = "cannot open the trace: " + std::string(std::strerror(errno));
    return r;
  }
  struct stat st{};
  if (::fstat(f.fd, &st) != 0) {
    r.error = "cannot read the trace: " + std::string(std::strerror(errno));
    return r;
  }
  uint64_t size = static_cast<uint64_t>(st.st_size);
  uint8_t header[kHeaderSize];
  if (r.error = readHeaderAt(f.fd, size, header); !r.error.empty())
    return r;

  // Pass 1: the verified blocks, read one frame at a time.
  std::vector<ScannedBlock> blocks = scanBlocks(f.fd, size, header);
  uint64_t verified = blocks.empty() ? kHeaderSize : blocks.back().fileEnd;

  // Pass 2: the whole events in those blocks.
  std::string error;
  std::unique_ptr<Source> file = openFile(path, error);
  if (!file) {
    r.error = error;
    return r;
  }
  if (file->compressed()) {
    r.error = "a compressed trace cannot be sealed";
    return r;
  }
  Reader reader(std::make_unique<LimitedSource>(std::move(file), verified));
  Event event;
  uint64_t events = 0, lastEnd = 0;
  bool ended = false;
  while (reader.next(event)) {
    ++events;
    lastEnd = event.offset + event.size;
    ended = event.endsTrace();
  }
  bool whole = reader.ok() && reader.atEnd();
  if (whole && verified == size) {
    Reader full(path);
    while (full.next(event)) {
    }
    r.ok = r.complete = full.ok();
    if (!r.ok)
      r.error = full.error();
    r.events = events;
    r.blocks = blocks.size();
    return r;
  }
  if (!whole) {
    // Why the whole file does not read: the first error a reader meets.
    Reader full(path);
    while (full.next(event)) {
    }
    r.problem = full.ok() ? reader.error() : full.error();
  } else {
    r.problem = "trace has data after its final block";
  }

  uint64_t keep = verified;
  std::vector<uint8_t> tail; // the new final block, framed
  if (!whole) {
    // Keep whole blocks up to the last event boundary; the whole events
    // after them go, with a stop event, into a new final block.
    size_t j = 0;
    while (j < blocks.size() && blocks[j].streamEnd <= lastEnd)
      ++j;
    uint64_t from = j ? blocks[j - 1].streamEnd : 0;
    uint64_t seed = j ? blocks[j - 1].chain : XXH64(header, kChainSeedBytes, 0);
    keep = j ? blocks[j - 1].fileEnd : kHeaderSize;
    std::vector<uint8_t> body(lastEnd - from);
    if (!body.empty() && !preadAll(f.fd, body.data(), body.size(), keep + 4)) {
      r.error = "cannot read the trace: " + std::string(std::strerror(errno));
      return r;
    }
    if (!ended) {
      body.push_back(kStopped);
      ++events;
      r.addedStop = true;
    }
    uint32_t frame = static_cast<uint32_t>(body.size()) | kFinalBlock;
    putLE(tail, frame, 4);
    tail.insert(tail.end(), body.begin(), body.end());
    putLE(tail, blockChecksum(seed, frame, body), 8);
    r.blocks = j + 1;
  } else {
    r.blocks = blocks.size();
  }
  // Truncate first: on a full disk that frees the room the tail needs.
  if (::ftruncate(f.fd, static_cast<off_t>(keep)) != 0 ||
      !pwriteAll(f.fd, tail.data(), tail.size(), keep)) {
    r.error = "cannot seal the trace: " + std::string(std::strerror(errno));
    return r;
  }
  r.bytesCut = size > keep ? size - keep : 0;
  r.events = events;
  r.ok = true;
  return r;
}

} // namespace wrr::trace
