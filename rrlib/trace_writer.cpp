// Writing traces: the header, the event encoder and the block writer.
#include "rrlib/trace.h"

#include "rrlib/clock_delta.h"
#include "rrlib/leb128.h"
#include "rrlib/little_endian.h"

#include <algorithm>
#include <cstring>
#include <xxhash.h>

namespace wrr::trace {

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

// "an export call", "a trap": an event named in a message.
static std::string aName(std::string_view name) {
  bool vowel = !name.empty() && std::strchr("aeiou", name[0]);
  return (vowel ? "an " : "a ") + std::string(name);
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
      return aName(e.name()) + " event has no results";
    const SpecialEvent *s = specialEvent(e.kind);
    switch (s ? s->payload : SpecialPayload::None) {
    case SpecialPayload::None:
      if (!s)
        break;
      if (e.errnoFlag)
        return aName(e.name()) + " event has no errno";
      out.push_back(head);
      return {};
    case SpecialPayload::Pages:
      out.push_back(head);
      appendUleb(out, e.growPages);
      return {};
    case SpecialPayload::Errno:
      if (!e.errnoFlag && e.errnoValue)
        return aName(e.name()) + " with errno " +
               std::to_string(e.errnoValue) + " lacks the errno flag";
      out.push_back(head);
      if (e.errnoFlag)
        appendUleb(out, e.errnoValue);
      return {};
    case SpecialPayload::Call:
      if (e.errnoFlag && e.inCall >= wasiFunctions().size())
        return aName(e.name()) + " inside an unknown call";
      if (e.errnoFlag && version_ < 3)
        return aName(e.name()) +
               " inside a call needs a version 3 trace";
      out.push_back(head);
      if (e.errnoFlag)
        out.push_back(e.inCall);
      return {};
    case SpecialPayload::Export:
    case SpecialPayload::Import:
    case SpecialPayload::Values:
    case SpecialPayload::Memory:
      return encodeHost(e, s->payload, out);
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
      appendClockDelta(out, w.clock, delta);
      continue;
    }
    uint64_t want = w.bytes.size();
    if (r.len.kind == Len::Const) {
      want = r.len.value;
    } else if (r.lengthStored()) {
      appendUleb(out, w.bytes.size());
    } else { // Deref: the count is an earlier fixed result of this event.
      want = readLE(e.writes[f.derefSource(i)].bytes.data(), 4) * r.len.scale;
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

static std::string appendSized(std::vector<uint8_t> &out,
                               std::span<const uint8_t> bytes,
                               const std::string &what) {
  if (bytes.size() > (uint64_t{1} << 32))
    return what + " is larger than 4 GiB";
  appendUleb(out, bytes.size());
  out.insert(out.end(), bytes.begin(), bytes.end());
  return {};
}

static std::span<const uint8_t> asBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t *>(s.data()), s.size()};
}

// What crosses between a host and the module (SpecialPayload Export,
// Import, Values, Memory): sized names, a sized values region, or an
// address and the bytes written there.
std::string Encoder::encodeHost(const Event &e, SpecialPayload payload,
                                std::vector<uint8_t> &out) {
  std::string name(e.name());
  if (e.errnoFlag)
    return aName(name) + " event has no errno";
  if (version_ < 3)
    return aName(name) + " event needs a version 3 trace";
  bool named = payload == SpecialPayload::Export ||
               payload == SpecialPayload::Import;
  if (payload != SpecialPayload::Import && !e.module.empty())
    return aName(name) + " event names no module";
  if (!named && !e.function.empty())
    return aName(name) + " event names no function";
  if (payload == SpecialPayload::Memory ? !e.values.empty()
                                        : !e.bytes.empty() || e.address)
    return aName(name) + " event has no " +
           (payload == SpecialPayload::Memory ? "values" : "address or bytes");
  out.push_back(e.kind);
  std::string why;
  if (payload == SpecialPayload::Memory) {
    if (e.address + e.bytes.size() > (uint64_t{1} << 32) ||
        e.address > 0xffffffffu)
      return aName(name) + " of " + std::to_string(e.bytes.size()) +
             " bytes at address " + std::to_string(e.address) +
             " goes past the 4 GiB a memory can have";
    appendUleb(out, e.address);
    return appendSized(out, e.bytes, name + "'s bytes");
  }
  if (payload == SpecialPayload::Import)
    why = appendSized(out, asBytes(e.module), name + "'s module");
  if (why.empty() && named)
    why = appendSized(out, asBytes(e.function), name + "'s function");
  std::vector<uint8_t> values;
  if (why.empty())
    why = encodeValues(e.values, values);
  if (!why.empty())
    return why.starts_with("value ") ? name + "'s " + why : why;
  return appendSized(out, values, name + "'s values");
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

} // namespace wrr::trace
