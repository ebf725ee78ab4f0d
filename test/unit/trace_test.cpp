// Tests for the trace format (rrlib/trace.h): traces are assembled byte by
// byte here, from the layout trace.h describes, and read back with
// trace::Reader; damaged traces must give a clear error, never a crash or a
// huge allocation. Also checks the call digest helpers.

#include "rrlib/module_id.h"
#include "rrlib/trace.h"
#include "rrlib/trace_text.h"
#include "rrlib/wasi_table.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <xxhash.h>

namespace {

namespace fs = std::filesystem;
namespace t = wrr::trace;
using Bytes = std::vector<uint8_t>;

// ---- A small encoder, written from the format description ----------------

void putLE(Bytes &out, uint64_t v, unsigned n) {
  for (unsigned i = 0; i < n; ++i)
    out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void putUleb(Bytes &out, unsigned __int128 v) {
  do {
    uint8_t b = static_cast<uint8_t>(v & 0x7f);
    v >>= 7;
    out.push_back(v ? (b | 0x80) : b);
  } while (v);
}

uint8_t kindOf(std::string_view fn) {
  std::optional<uint8_t> k = wrr::findWasiFunction(fn);
  if (!k) {
    ADD_FAILURE() << "no WASI row " << fn;
    return 0;
  }
  return *k;
}

// The events these tests encode by hand are of version 2 (no sent items);
// the Version3 tests set version 3 and add them.
struct HeaderFields {
  std::array<uint8_t, 8> magic = t::kMagic;
  uint16_t version = 2;
  uint16_t flags = 0;
  uint32_t headerSize = t::kHeaderSize;
  wrr::ModuleId moduleHash{};
  uint64_t startTimeNs = 0;
  std::string instrumenter = "wrr";
  std::string recorder = "test encoder";
};

Bytes encodeHeader(const HeaderFields &h) {
  Bytes out(h.magic.begin(), h.magic.end());
  putLE(out, h.version, 2);
  putLE(out, h.flags, 2);
  putLE(out, h.headerSize, 4);
  out.insert(out.end(), h.moduleHash.begin(), h.moduleHash.end());
  putLE(out, h.startTimeNs, 8);
  for (size_t i = 0; i < 8; ++i)
    out.push_back(i < h.instrumenter.size()
                      ? static_cast<uint8_t>(h.instrumenter[i])
                      : 0);
  for (size_t i = 0; i < t::kRecorderSize; ++i)
    out.push_back(i < h.recorder.size() ? static_cast<uint8_t>(h.recorder[i])
                                        : 0);
  out.resize(t::kHeaderSize, 0); // reserved
  EXPECT_EQ(out.size(), 128u);
  return out;
}

struct Block {
  Bytes payload;
  bool final = false;
};

struct Trace {
  Bytes bytes;
  std::vector<size_t> blockOffsets; // where each block's frame starts
  uint64_t chain = 0;               // after the last block
};

// header, then each block framed and chained.
Trace assemble(const Bytes &header, const std::vector<Block> &blocks) {
  Trace tr;
  tr.bytes = header;
  tr.chain = XXH64(header.data(), t::kChainSeedBytes, 0);
  for (const Block &b : blocks) {
    tr.blockOffsets.push_back(tr.bytes.size());
    uint32_t word = static_cast<uint32_t>(b.payload.size()) |
                    (b.final ? 0x80000000u : 0u);
    putLE(tr.bytes, word, 4);
    tr.bytes.insert(tr.bytes.end(), b.payload.begin(), b.payload.end());
    // XXH64 over the frame word and the payload (docs/trace-format.md).
    Bytes framed;
    putLE(framed, word, 4);
    framed.insert(framed.end(), b.payload.begin(), b.payload.end());
    tr.chain = XXH64(framed.data(), framed.size(), tr.chain);
    putLE(tr.bytes, tr.chain, 8);
  }
  return tr;
}

// The events a trace should decode to, built alongside their encoding.
struct ExpectedEvent {
  uint8_t kind = 0;
  bool errnoFlag = false;
  uint32_t digest = 0;
  uint32_t errnoValue = 0;
  uint64_t growPages = 0;
  std::vector<Bytes> writes;
};

class EventStream {
public:
  Bytes bytes;
  std::vector<ExpectedEvent> events;

  // A call's kind byte and digest; the caller appends its regions.
  EventStream &call(std::string_view fn, uint32_t digest) {
    ExpectedEvent e;
    e.kind = kindOf(fn);
    e.digest = digest;
    bytes.push_back(e.kind);
    putLE(bytes, digest, 4);
    events.push_back(e);
    return *this;
  }
  EventStream &callErrno(std::string_view fn, uint32_t digest,
                         uint32_t errnoValue) {
    ExpectedEvent e;
    e.kind = kindOf(fn);
    e.errnoFlag = true;
    e.digest = digest;
    e.errnoValue = errnoValue;
    bytes.push_back(e.kind | t::kErrnoFlag);
    putLE(bytes, digest, 4);
    putUleb(bytes, errnoValue);
    events.push_back(e);
    return *this;
  }
  // A fixed-size result region.
  EventStream &fixed(const Bytes &b) {
    bytes.insert(bytes.end(), b.begin(), b.end());
    events.back().writes.push_back(b);
    return *this;
  }
  EventStream &fixedU32(uint32_t v) {
    Bytes b;
    putLE(b, v, 4);
    return fixed(b);
  }
  // A region whose length the trace stores.
  EventStream &sized(const Bytes &b) {
    putUleb(bytes, b.size());
    return fixed(b);
  }
  // A clock_time_get result: the 66-bit uleb of zigzag(delta) << 2 | clock.
  EventStream &clockReading(unsigned clock, uint64_t reading) {
    int64_t delta = static_cast<int64_t>(reading - last_[clock]);
    last_[clock] = reading;
    uint64_t zz = (static_cast<uint64_t>(delta) << 1) ^
                  static_cast<uint64_t>(delta >> 63);
    putUleb(bytes, (static_cast<unsigned __int128>(zz) << 2) | clock);
    Bytes b;
    putLE(b, reading, 8);
    events.back().writes.push_back(b);
    return *this;
  }
  EventStream &clock(unsigned clock, uint64_t reading, uint32_t digest) {
    call("clock_time_get", digest);
    return clockReading(clock, reading);
  }
  EventStream &grow(uint64_t pages, bool failed = false) {
    ExpectedEvent e;
    e.kind = t::kMemoryGrow;
    e.errnoFlag = failed;
    e.growPages = pages;
    bytes.push_back(t::kMemoryGrow | (failed ? t::kErrnoFlag : 0));
    putUleb(bytes, pages);
    events.push_back(e);
    return *this;
  }
  EventStream &raiseResult(uint32_t errnoValue) {
    ExpectedEvent e;
    e.kind = t::kRaiseResult;
    e.errnoFlag = errnoValue != 0;
    e.errnoValue = errnoValue;
    bytes.push_back(t::kRaiseResult | (errnoValue ? t::kErrnoFlag : 0));
    if (errnoValue)
      putUleb(bytes, errnoValue);
    events.push_back(e);
    return *this;
  }
  EventStream &special(uint8_t kind) {
    ExpectedEvent e;
    e.kind = kind;
    bytes.push_back(kind);
    events.push_back(e);
    return *this;
  }

private:
  uint64_t last_[4] = {};
};

Bytes pattern(size_t n, uint8_t salt) {
  Bytes b(n);
  uint32_t x = 0x9e3779b9u ^ salt;
  for (size_t i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b[i] = static_cast<uint8_t>(x >> 11);
  }
  return b;
}

constexpr uint64_t kRealtime0 = 1'700'000'000'123'456'789ull;

// Events of every kind the reader decodes.
EventStream sampleEvents() {
  EventStream s;
  // clock_time_get: long form (first reading of clock 0), short forms, a
  // negative delta, two (then four) clocks tracked separately, and the
  // boundaries of the short form (zigzag 31 fits, 32 does not).
  s.clock(0, kRealtime0, 0x01020304);
  s.clock(1, 5, 0x11111111);                  // zz 10: short
  s.clock(0, kRealtime0 - 3, 0x22222222);     // delta -3: short
  s.clock(1, 2'000'005, 0x33333333);          // long, positive
  s.clock(1, 1'000'005, 0x44444444);          // long, negative
  s.clock(0, kRealtime0 + 12, 0x55555555);    // +15: zz 30
  s.clock(0, kRealtime0 - 4, 0x66666666);     // -16: zz 31, last short
  s.clock(0, kRealtime0 + 12, 0x77777777);    // +16: zz 32, first long
  s.clock(0, kRealtime0 - 5, 0x88888888);     // -17: zz 33
  s.clock(0, kRealtime0 - 5, 0x99999999);     // 0
  s.clock(2, ~uint64_t{0}, 0xaaaaaaaa);       // delta -1 from 0
  s.clock(2, uint64_t{INT64_MAX}, 0xbbbbbbbb);        // delta INT64_MIN: zz 2^64-1
  s.clock(3, 42, 0xcccccccc);
  s.clock(1, 1'000'006, 0xdddddddd);          // clock 1 kept its own value
  // random_get: a stored length.
  s.call("random_get", 0xdeadbeef).sized(pattern(37, 1));
  // fd_read: nread, then that many bytes scattered over the iovecs.
  s.call("fd_read", 0x0badcafe).fixedU32(300).fixed(pattern(300, 2));
  s.call("fd_read", 0x0badcaff).fixedU32(0).fixed({}); // end of file
  // Errno'd calls: no regions.
  s.callErrno("path_open", 0x12345678, 44);
  s.callErrno("fd_close", 0x12345679, wrr::kErrnoBadf);
  s.callErrno("fd_read", 0x1234567a, 200); // two-byte uleb
  // fd_write: nwritten.
  s.call("fd_write", 0xfeedf00d).fixedU32(12);
  // sock_recv: ro_datalen, ro_flags (u16), then the data.
  s.call("sock_recv", 0xabcdef01)
      .fixedU32(5)
      .fixed({0x01, 0x00})
      .fixed(pattern(5, 3));
  // poll_oneoff: nevents, then nevents * 32 bytes.
  s.call("poll_oneoff", 0x5ca1ab1e).fixedU32(2).fixed(pattern(64, 4));
  // args_get: both lengths come from the host, so the trace stores them.
  s.call("args_get", 0x0a0a0a0a).sized(pattern(8, 5)).sized(pattern(130, 6));
  // fd_filestat_get: a fixed 64-byte result.
  s.call("fd_filestat_get", 0x64646464).fixed(pattern(64, 7));
  // sched_yield: no regions.
  s.call("sched_yield", 0x00000000);
  // memory.grow, successful and refused.
  s.grow(300);
  s.grow(65536, true);
  // proc_raise: its result follows in a kRaiseResult event.
  s.call("proc_raise", 0x5151515a).raiseResult(0);
  s.call("proc_raise", 0x5151515b).raiseResult(52);
  s.special(t::kStartReturned);
  return s;
}

HeaderFields sampleHeader() {
  HeaderFields h;
  const std::string module = "abc";
  h.moduleHash = wrr::moduleId(
      {reinterpret_cast<const uint8_t *>(module.data()), module.size()});
  h.startTimeNs = kRealtime0 - 1000;
  h.instrumenter = "wrr 0.1";
  h.flags = 0x0003;
  return h;
}

// ---- Reading ---------------------------------------------------------------

struct ReadResult {
  std::vector<t::Event> events;
  bool ok = false;
  std::string error;
  bool atEnd = false;
  uint64_t chain = 0;
  t::Header header;
};

ReadResult readAll(const fs::path &path) {
  ReadResult r;
  t::Reader reader(path.string());
  r.header = reader.header();
  t::Event e;
  // A bound, so that a reader that never stops fails instead of hanging.
  for (int i = 0; i < 100000 && reader.next(e); ++i)
    r.events.push_back(e);
  // Calling again after the end or an error changes nothing.
  EXPECT_FALSE(reader.next(e));
  r.ok = reader.ok();
  r.error = reader.error();
  r.atEnd = reader.atEnd();
  r.chain = reader.chain();
  return r;
}

class TraceTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::string tmpl =
        (fs::path(::testing::TempDir()) / "wrr-trace-XXXXXX").string();
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    ASSERT_NE(mkdtemp(buf.data()), nullptr);
    dir_ = buf.data();
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  fs::path write(const Bytes &bytes, const std::string &name = "t.wrr") {
    fs::path p = dir_ / name;
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char *>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    EXPECT_TRUE(out.good());
    return p;
  }

  ReadResult read(const Bytes &bytes) { return readAll(write(bytes)); }

  // The trace must be rejected with a message containing `what`.
  void expectError(const Bytes &bytes, std::string_view what) {
    ReadResult r = read(bytes);
    EXPECT_FALSE(r.ok) << "accepted; " << r.events.size() << " events";
    EXPECT_NE(r.error.find(what), std::string::npos)
        << "error: '" << r.error << "', expected it to mention '" << what
        << "'";
  }

  fs::path dir_;
};

void expectEvents(const ReadResult &r, const std::vector<ExpectedEvent> &want) {
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.atEnd);
  ASSERT_EQ(r.events.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    const t::Event &e = r.events[i];
    const ExpectedEvent &x = want[i];
    SCOPED_TRACE("event " + std::to_string(i + 1) + " (" +
                 std::string(e.name()) + ")");
    EXPECT_EQ(e.index, i + 1);
    EXPECT_EQ(e.kind, x.kind);
    EXPECT_EQ(e.errnoFlag, x.errnoFlag);
    EXPECT_EQ(e.digest, x.digest);
    EXPECT_EQ(e.errnoValue, x.errnoValue);
    EXPECT_EQ(e.growPages, x.growPages);
    ASSERT_EQ(e.writes.size(), x.writes.size());
    for (size_t w = 0; w < x.writes.size(); ++w)
      EXPECT_EQ(e.writes[w].bytes, x.writes[w]) << "write " << w;
  }
}

// ---- Good traces -----------------------------------------------------------

TEST_F(TraceTest, ReadsHeader) {
  HeaderFields h = sampleHeader();
  Trace tr = assemble(encodeHeader(h),
                      {{Bytes{t::kStartReturned}, /*final=*/true}});
  ReadResult r = read(tr.bytes);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.header.version, 2);
  EXPECT_EQ(r.header.flags, 3);
  EXPECT_EQ(wrr::toHex(r.header.moduleHash),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(r.header.startTimeNs, kRealtime0 - 1000);
  EXPECT_EQ(r.header.instrumenter, "wrr 0.1");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].kind, t::kStartReturned);
  EXPECT_EQ(r.events[0].name(), "_start returned");
  EXPECT_TRUE(r.atEnd);
  EXPECT_EQ(r.chain, tr.chain);

  // An instrumenter name of all 8 bytes has no terminator.
  h.instrumenter = "12345678";
  r = read(assemble(encodeHeader(h), {{Bytes{t::kTrap}, true}}).bytes);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.header.instrumenter, "12345678");
  EXPECT_EQ(r.header.recorder, "test encoder");
}

// The cache's remembered identities and --identity go through this.
TEST(ModuleIdHex, RoundTripsAndRefuses) {
  wrr::ModuleId id = wrr::moduleId(std::span<const uint8_t>());
  std::string hex = wrr::toHex(id);
  EXPECT_EQ(wrr::moduleIdFromHex(hex), id);
  std::string upper = hex;
  for (char &c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(wrr::moduleIdFromHex(upper), id);
  EXPECT_FALSE(wrr::moduleIdFromHex(hex.substr(1)));
  EXPECT_FALSE(wrr::moduleIdFromHex(hex + "0"));
  EXPECT_FALSE(wrr::moduleIdFromHex(""));
  for (size_t i : {size_t{0}, size_t{33}, hex.size() - 1}) {
    std::string bad = hex;
    bad[i] = 'g';
    EXPECT_FALSE(wrr::moduleIdFromHex(bad)) << i;
  }
}

TEST_F(TraceTest, LayoutConstants) {
  EXPECT_EQ(t::kMagic, (std::array<uint8_t, 8>{0x89, 0x57, 0x52, 0x52, 0x0d,
                                               0x0a, 0x1a, 0x0a}));
  EXPECT_EQ(t::kHeaderSize, 128u);
  EXPECT_EQ(t::kOffRecorder, 64u);
  EXPECT_EQ(t::kRecorderSize, 32u);
  EXPECT_EQ(t::kOffVersion, 8u);
  EXPECT_EQ(t::kOffFlags, 10u);
  EXPECT_EQ(t::kOffHeaderSize, 12u);
  EXPECT_EQ(t::kOffModuleHash, 16u);
  EXPECT_EQ(t::kOffStartTime, 48u);
  EXPECT_EQ(t::kOffInstrumenter, 56u);
  EXPECT_EQ(t::kChainSeedBytes, t::kHeaderSize);
  EXPECT_EQ(t::kFinalBlock | t::kMaxBlockPayload, 0xffffffffu);
  EXPECT_EQ(t::kFinalBlock & t::kMaxBlockPayload, 0u);
}

TEST_F(TraceTest, ReadsEveryEventKindFromOneBlock) {
  EventStream s = sampleEvents();
  Trace tr = assemble(encodeHeader(sampleHeader()), {{s.bytes, true}});
  ReadResult r = read(tr.bytes);
  expectEvents(r, s.events);
  EXPECT_EQ(r.chain, tr.chain);
  // Names, for messages.
  ASSERT_FALSE(r.events.empty());
  EXPECT_EQ(r.events[0].name(), "clock_time_get");
  EXPECT_TRUE(r.events[0].isCall());
}

TEST_F(TraceTest, ClockDeltaEncodings) {
  // The short form is one byte; the long form continues with zz >> 5.
  EventStream s;
  s.clock(1, 5, 0);
  EXPECT_EQ(s.bytes.size(), 6u);
  EXPECT_EQ(s.bytes.back(), 10 << 2 | 1);
  s.clock(1, 5 + 16, 0); // zz 32: 0x80 | 0 << 2 | 1, then 1
  EXPECT_EQ(s.bytes.size(), 13u);
  EXPECT_EQ(s.bytes[s.bytes.size() - 2], 0x81);
  EXPECT_EQ(s.bytes.back(), 0x01);
  s.clock(3, 5, 0); // clock 3: zz 10
  EXPECT_EQ(s.bytes.back(), 10 << 2 | 3);
  s.clock(2, uint64_t{1} << 63, 0); // delta INT64_MIN: zz = 2^64 - 1
  // 2 + 64 bits in 7-bit groups: 10 bytes.
  EXPECT_EQ(s.bytes.size(), 13u + 6 + 5 + 10);
  s.special(t::kStartReturned);
  ReadResult r =
      read(assemble(encodeHeader(sampleHeader()), {{s.bytes, true}}).bytes);
  expectEvents(r, s.events);
}

// Every way of cutting the events into two blocks, whatever the cut splits:
// a digest, a uleb, a clock delta, a region. trace.h allows an event to
// straddle blocks anywhere, and the reader accepts all of these. (The
// recorder only ever splits an event inside a region's bytes or before a
// stored length, and the replay runtime relies on that: 40_replay.wat's
// rep_fixed_check refuses a split fixed part as corrupt.)
TEST_F(TraceTest, EventsStraddleTwoBlocks) {
  EventStream s = sampleEvents();
  Bytes header = encodeHeader(sampleHeader());
  for (size_t cut = 1; cut < s.bytes.size(); ++cut) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    Block a{Bytes(s.bytes.begin(), s.bytes.begin() + cut), false};
    Block b{Bytes(s.bytes.begin() + cut, s.bytes.end()), true};
    Trace tr = assemble(header, {a, b});
    ReadResult r = read(tr.bytes);
    expectEvents(r, s.events);
    EXPECT_EQ(r.chain, tr.chain);
    if (HasFailure())
      break;
  }
}

TEST_F(TraceTest, EventsStraddleManyBlocks) {
  EventStream s = sampleEvents();
  Bytes header = encodeHeader(sampleHeader());
  // Blocks of every small size, one byte upwards.
  for (size_t size : {1, 2, 3, 5, 7, 64, 299, 301}) {
    SCOPED_TRACE("blocks of " + std::to_string(size));
    std::vector<Block> blocks;
    for (size_t at = 0; at < s.bytes.size(); at += size) {
      size_t end = std::min(at + size, s.bytes.size());
      blocks.push_back({Bytes(s.bytes.begin() + at, s.bytes.begin() + end),
                        end == s.bytes.size()});
    }
    Trace tr = assemble(header, blocks);
    ReadResult r = read(tr.bytes);
    expectEvents(r, s.events);
    EXPECT_EQ(r.chain, tr.chain);
  }
}

TEST_F(TraceTest, EmptyNonFinalBlocksAreSkipped) {
  EventStream s = sampleEvents();
  size_t half = s.bytes.size() / 2;
  Trace tr = assemble(encodeHeader(sampleHeader()),
                      {{{}, false},
                       {Bytes(s.bytes.begin(), s.bytes.begin() + half), false},
                       {{}, false},
                       {{}, false},
                       {Bytes(s.bytes.begin() + half, s.bytes.end()), true}});
  expectEvents(read(tr.bytes), s.events);
}

// An empty final block ends a trace as well as any other. The runtime does
// not write one today (its last event always lands in the final block), but
// nothing in trace.h requires a final block to carry an event, and the
// reader does skip empty blocks that are not final.
TEST_F(TraceTest, EmptyFinalBlockEndsTheTrace) {
  EventStream s = sampleEvents();
  Trace tr = assemble(encodeHeader(sampleHeader()),
                      {{s.bytes, false}, {{}, true}});
  ReadResult r = read(tr.bytes);
  expectEvents(r, s.events);
  EXPECT_EQ(r.chain, tr.chain);
}

TEST_F(TraceTest, BlockLengthIsNotTheEventBoundary) {
  // The runtime flushes a full buffer in the middle of a region: an
  // fd_read whose 70000 bytes span three blocks.
  EventStream s;
  s.call("fd_read", 7).fixedU32(70000).fixed(pattern(70000, 9));
  s.special(t::kStartReturned);
  std::vector<Block> blocks = {
      {Bytes(s.bytes.begin(), s.bytes.begin() + 30000), false},
      {Bytes(s.bytes.begin() + 30000, s.bytes.begin() + 65536), false},
      {Bytes(s.bytes.begin() + 65536, s.bytes.end()), true}};
  expectEvents(read(assemble(encodeHeader(sampleHeader()), blocks).bytes),
               s.events);
}

TEST_F(TraceTest, TrapAndProcExitEndTraces) {
  EventStream s;
  s.call("fd_write", 1).fixedU32(3);
  s.special(t::kTrap);
  ReadResult r =
      read(assemble(encodeHeader(sampleHeader()), {{s.bytes, true}}).bytes);
  expectEvents(r, s.events);
  EXPECT_EQ(r.events.back().name(), "trap");

  EventStream x;
  x.call("proc_exit", 0x70707070); // no errno, no regions
  r = read(assemble(encodeHeader(sampleHeader()), {{x.bytes, true}}).bytes);
  expectEvents(r, x.events);
  EXPECT_EQ(r.events.back().name(), "proc_exit");
}

// ---- Bad traces ------------------------------------------------------------

Trace sampleTrace() {
  EventStream s = sampleEvents();
  size_t a = 100, b = 400;
  return assemble(encodeHeader(sampleHeader()),
                  {{Bytes(s.bytes.begin(), s.bytes.begin() + a), false},
                   {Bytes(s.bytes.begin() + a, s.bytes.begin() + b), false},
                   {Bytes(s.bytes.begin() + b, s.bytes.end()), true}});
}

TEST_F(TraceTest, MissingFile) {
  ReadResult r = readAll(dir_ / "no-such-trace.wrr");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("cannot open"), std::string::npos) << r.error;
}

TEST_F(TraceTest, EmptyFile) { expectError({}, "empty"); }

TEST_F(TraceTest, BadMagic) {
  Bytes bytes = sampleTrace().bytes;
  bytes[1] = 'X';
  expectError(bytes, "bad magic");
  // Something else entirely.
  std::string text = "(module)\n";
  expectError(Bytes(text.begin(), text.end()), "bad magic");
  // A wasm module is not a trace either.
  expectError(Bytes{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}, "magic");
}

TEST_F(TraceTest, UnknownVersion) {
  HeaderFields h = sampleHeader();
  for (uint16_t v : {0, 1, 4, 0x100, 0xffff}) {
    h.version = v;
    Trace tr = assemble(encodeHeader(h), {{Bytes{t::kStartReturned}, true}});
    expectError(tr.bytes, "version " + std::to_string(v));
  }
}

TEST_F(TraceTest, WrongHeaderSize) {
  HeaderFields h = sampleHeader();
  h.headerSize = 72;
  expectError(assemble(encodeHeader(h), {{Bytes{t::kTrap}, true}}).bytes,
              "header size");
}

TEST_F(TraceTest, TruncatedHeader) {
  Bytes bytes = sampleTrace().bytes;
  expectError(Bytes(bytes.begin(), bytes.begin() + 40), "header is truncated");
  expectError(Bytes(bytes.begin(), bytes.begin() + 63), "header is truncated");
  // Shorter than the magic: rejected one way or the other.
  for (size_t n = 1; n < 8; ++n) {
    ReadResult r = read(Bytes(bytes.begin(), bytes.begin() + n));
    EXPECT_FALSE(r.ok) << n;
    EXPECT_FALSE(r.error.empty()) << n;
  }
}

TEST_F(TraceTest, HeaderOnly) {
  expectError(encodeHeader(sampleHeader()), "without a final block");
}

TEST_F(TraceTest, TruncatedBlock) {
  Trace tr = sampleTrace();
  size_t second = tr.blockOffsets[1];
  // In the frame, in the payload, in the checksum.
  expectError(Bytes(tr.bytes.begin(), tr.bytes.begin() + second + 2),
              "truncated inside a block header");
  expectError(Bytes(tr.bytes.begin(), tr.bytes.begin() + second + 4 + 50),
              "truncated inside a block");
  size_t third = tr.blockOffsets[2];
  expectError(Bytes(tr.bytes.begin(), tr.bytes.begin() + third - 3),
              "truncated inside a block checksum");
  // The final block, cut.
  expectError(Bytes(tr.bytes.begin(), tr.bytes.end() - 9), "truncated");
}

TEST_F(TraceTest, EveryTruncationIsAnError) {
  Trace tr = sampleTrace();
  for (size_t n = 0; n < tr.bytes.size(); ++n) {
    ReadResult r = read(Bytes(tr.bytes.begin(), tr.bytes.begin() + n));
    EXPECT_FALSE(r.ok) << "a trace cut to " << n << " bytes was accepted";
    EXPECT_FALSE(r.error.empty()) << n;
  }
}

TEST_F(TraceTest, FlippedBitInPayload) {
  Trace tr = sampleTrace();
  Bytes bytes = tr.bytes;
  bytes[tr.blockOffsets[1] + 4 + 10] ^= 0x10;
  expectError(bytes, "checksum mismatch");
}

TEST_F(TraceTest, FlippedBitInChecksum) {
  Trace tr = sampleTrace();
  Bytes bytes = tr.bytes;
  bytes[tr.blockOffsets[2] - 1] ^= 0x80; // last byte of block 2's checksum
  expectError(bytes, "checksum mismatch");
  bytes = tr.bytes;
  bytes.back() ^= 0x01; // the final block's
  expectError(bytes, "checksum mismatch");
}

TEST_F(TraceTest, FlippedBitInChainedHeader) {
  Trace tr = sampleTrace();
  Bytes bytes = tr.bytes;
  bytes[t::kOffModuleHash + 5] ^= 0x04; // a trace of another module
  expectError(bytes, "checksum mismatch");
}

// Every single-bit change is caught, in the header too (the chain's seed
// hashes the whole header).
TEST_F(TraceTest, EveryBitFlipIsAnError) {
  Trace tr = sampleTrace();
  for (size_t i = 0; i < tr.bytes.size(); ++i) {
    for (unsigned bit = 0; bit < 8; ++bit) {
      Bytes bytes = tr.bytes;
      bytes[i] ^= static_cast<uint8_t>(1u << bit);
      ReadResult r = read(bytes);
      EXPECT_FALSE(r.ok) << "flipping byte " << i << " bit " << bit
                         << " was not noticed";
    }
    if (HasFailure())
      break;
  }
}

TEST_F(TraceTest, SwappedBlocks) {
  EventStream s = sampleEvents();
  size_t a = 100, b = 200;
  Bytes header = encodeHeader(sampleHeader());
  Trace tr =
      assemble(header, {{Bytes(s.bytes.begin(), s.bytes.begin() + a), false},
                        {Bytes(s.bytes.begin() + a, s.bytes.begin() + b), false},
                        {Bytes(s.bytes.begin() + b, s.bytes.end()), true}});
  // Blocks 1 and 2, each with its own (correct in place) checksum, swapped.
  Bytes swapped(tr.bytes.begin(), tr.bytes.begin() + tr.blockOffsets[0]);
  swapped.insert(swapped.end(), tr.bytes.begin() + tr.blockOffsets[1],
                 tr.bytes.begin() + tr.blockOffsets[2]);
  swapped.insert(swapped.end(), tr.bytes.begin() + tr.blockOffsets[0],
                 tr.bytes.begin() + tr.blockOffsets[1]);
  swapped.insert(swapped.end(), tr.bytes.begin() + tr.blockOffsets[2],
                 tr.bytes.end());
  ASSERT_EQ(swapped.size(), tr.bytes.size());
  expectError(swapped, "checksum mismatch");
  // A block dropped from the middle.
  Bytes dropped(tr.bytes.begin(), tr.bytes.begin() + tr.blockOffsets[1]);
  dropped.insert(dropped.end(), tr.bytes.begin() + tr.blockOffsets[2],
                 tr.bytes.end());
  expectError(dropped, "checksum mismatch");
  // A block replayed twice.
  Bytes twice(tr.bytes.begin(), tr.bytes.begin() + tr.blockOffsets[1]);
  twice.insert(twice.end(), tr.bytes.begin() + tr.blockOffsets[0],
               tr.bytes.end());
  expectError(twice, "checksum mismatch");
}

TEST_F(TraceTest, DataAfterFinalBlock) {
  Bytes bytes = sampleTrace().bytes;
  bytes.push_back(0);
  expectError(bytes, "after its final block");
  // A whole well-formed block after the final one.
  Trace tr = sampleTrace();
  bytes = tr.bytes;
  putLE(bytes, 1, 4);
  bytes.push_back(t::kTrap);
  putLE(bytes, XXH64(bytes.data() + bytes.size() - 5, 5, tr.chain), 8);
  expectError(bytes, "after its final block");
}

TEST_F(TraceTest, MissingFinalBlock) {
  EventStream s = sampleEvents();
  Trace tr = assemble(encodeHeader(sampleHeader()), {{s.bytes, false}});
  ReadResult r = read(tr.bytes);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("without a final block"), std::string::npos)
      << r.error;
  // The events before the cut are still delivered.
  EXPECT_EQ(r.events.size(), s.events.size());
}

// ---- The completeness check ------------------------------------------------
// checkBlocks decodes no event, yet must refuse everything the reader
// refuses at the block level: wrr says "trace written" on its word.

class CheckBlocksTest : public TraceTest {
protected:
  t::BlockCheck check(const Bytes &bytes) {
    return t::checkBlocks(write(bytes, "check.wrr").string());
  }
};

TEST_F(CheckBlocksTest, CompleteTrace) {
  Trace tr = sampleTrace();
  t::BlockCheck c = check(tr.bytes);
  EXPECT_TRUE(c.complete) << c.problem;
  EXPECT_EQ(c.blocks, 3u);
  EXPECT_EQ(c.bytes, tr.bytes.size());
}

TEST_F(CheckBlocksTest, EveryTruncationIsIncomplete) {
  Trace tr = sampleTrace();
  for (size_t n = 0; n < tr.bytes.size(); ++n) {
    t::BlockCheck c = check(Bytes(tr.bytes.begin(), tr.bytes.begin() + n));
    EXPECT_FALSE(c.complete) << "a trace cut to " << n << " bytes was whole";
    EXPECT_FALSE(c.problem.empty()) << n;
  }
}

// One bit of every byte (the reader's test flips all eight).
TEST_F(CheckBlocksTest, EveryByteFlippedIsIncomplete) {
  Trace tr = sampleTrace();
  for (size_t i = 0; i < tr.bytes.size() && !HasFailure(); ++i) {
    Bytes bytes = tr.bytes;
    bytes[i] ^= static_cast<uint8_t>(1u << (i % 8));
    EXPECT_FALSE(check(bytes).complete) << "flipping byte " << i << " was not noticed";
  }
}

TEST_F(CheckBlocksTest, DataAfterTheFinalBlockOrNoFinalBlock) {
  Bytes bytes = sampleTrace().bytes;
  bytes.push_back(0);
  t::BlockCheck c = check(bytes);
  EXPECT_FALSE(c.complete);
  EXPECT_NE(c.problem.find("after its final block"), std::string::npos) << c.problem;
  EventStream s = sampleEvents();
  c = check(assemble(encodeHeader(sampleHeader()), {{s.bytes, false}}).bytes);
  EXPECT_FALSE(c.complete);
  EXPECT_EQ(c.blocks, 1u);
  EXPECT_NE(c.problem.find("no final block"), std::string::npos) << c.problem;
}

TEST_F(CheckBlocksTest, SwappedBlocks) {
  Trace tr = sampleTrace();
  Bytes swapped(tr.bytes.begin(), tr.bytes.begin() + tr.blockOffsets[0]);
  swapped.insert(swapped.end(), tr.bytes.begin() + tr.blockOffsets[1],
                 tr.bytes.begin() + tr.blockOffsets[2]);
  swapped.insert(swapped.end(), tr.bytes.begin() + tr.blockOffsets[0],
                 tr.bytes.begin() + tr.blockOffsets[1]);
  swapped.insert(swapped.end(), tr.bytes.begin() + tr.blockOffsets[2], tr.bytes.end());
  EXPECT_FALSE(check(swapped).complete);
}

// wrr record's scanner reads the file while it grows: a block seen in part
// is waited for, not refused, and the result is the whole file's.
TEST_F(CheckBlocksTest, ScannerAsTheFileGrows) {
  Trace tr = sampleTrace();
  for (size_t step : {1u, 3u, 7u, 64u}) {
    fs::path p = write({}, "growing.wrr");
    int fd = ::open(p.c_str(), O_RDWR);
    ASSERT_GE(fd, 0);
    t::BlockScanner scanner;
    for (size_t n = 0; n < tr.bytes.size(); n += std::min(step, tr.bytes.size() - n)) {
      size_t more = std::min(step, tr.bytes.size() - n);
      ASSERT_EQ(::pwrite(fd, tr.bytes.data() + n, more, static_cast<off_t>(n)), ssize_t(more));
      scanner.advance(fd, n + more);
    }
    t::BlockCheck c = scanner.check(tr.bytes.size());
    EXPECT_TRUE(c.complete) << "step " << step << ": " << c.problem;
    EXPECT_EQ(c.blocks, 3u) << step;
    ::close(fd);
  }
}

// Seen in parts, a damaged trace is refused as checkBlocks refuses it.
TEST_F(CheckBlocksTest, ScannerAgreesOnDamage) {
  Trace tr = sampleTrace();
  for (size_t i = 0; i < tr.bytes.size() && !HasFailure(); i += 5) {
    Bytes bytes = tr.bytes;
    bytes[i] ^= 0x10;
    fs::path p = write(bytes, "damaged.wrr");
    int fd = ::open(p.c_str(), O_RDONLY);
    ASSERT_GE(fd, 0);
    t::BlockScanner scanner;
    for (size_t n = 0; n <= bytes.size(); n += 11)
      scanner.advance(fd, n);
    scanner.advance(fd, bytes.size());
    t::BlockCheck c = scanner.check(bytes.size()), whole = t::checkBlocks(p.string());
    EXPECT_FALSE(c.complete) << "flipping byte " << i << " was not noticed";
    EXPECT_EQ(c.blocks, whole.blocks) << i;
    EXPECT_EQ(c.problem, whole.problem) << i;
    ::close(fd);
  }
}

// Block buffers are reused without zeroing (rrlib/bytes.h): blocks that
// shrink and grow again, and a block longer than the reader's 1 MiB read
// step, must read back byte for byte, in the reader and in the scanner.
TEST_F(CheckBlocksTest, BlocksThatShrinkAndGrow) {
  EventStream s;
  for (uint8_t i = 0; i < 6; ++i)
    s.call("random_get", 0x1000u + i).sized(pattern(i % 2 ? 700'000 : 3'000, i));
  s.call("random_get", 0x2000).sized(pattern(2'600'000, 9)); // past two read steps
  s.call("fd_write", 0x3000).fixedU32(12);
  std::vector<Block> blocks;
  size_t at = 0;
  for (size_t size : {2'048u, 1'300'000u, 2'000u, 259'104u, 1'000u, 2'700'000u}) {
    blocks.push_back({Bytes(s.bytes.begin() + at, s.bytes.begin() + at + size), false});
    at += size;
  }
  blocks.push_back({Bytes(s.bytes.begin() + at, s.bytes.end()), true});
  Trace tr = assemble(encodeHeader(sampleHeader()), blocks);
  ReadResult r = read(tr.bytes);
  expectEvents(r, s.events);
  EXPECT_EQ(r.chain, tr.chain);

  fs::path p = write(tr.bytes, "wobble.wrr");
  int fd = ::open(p.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  t::BlockScanner scanner;
  for (size_t n = 0; n < tr.bytes.size(); n += 100'000)
    scanner.advance(fd, n);
  scanner.advance(fd, tr.bytes.size());
  t::BlockCheck c = scanner.check(tr.bytes.size());
  EXPECT_TRUE(c.complete) << c.problem;
  EXPECT_EQ(c.blocks, blocks.size());
  ::close(fd);
}

TEST_F(CheckBlocksTest, MissingFile) {
  t::BlockCheck c = t::checkBlocks((dir_ / "none.wrr").string());
  EXPECT_FALSE(c.complete);
  EXPECT_NE(c.problem.find("cannot open the trace"), std::string::npos) << c.problem;
}

// ---- Sealing ---------------------------------------------------------------
// sealTrace keeps the longest prefix of whole, verified blocks and whole
// events, and ends it with a final block (a stop event when nothing ended
// the trace), so a replay accepts it.

class SealTest : public TraceTest {
protected:
  // Seals `bytes`; the sealed file must read completely.
  std::pair<t::SealResult, ReadResult> seal(const Bytes &bytes) {
    fs::path p = write(bytes, "seal.wrr");
    t::SealResult s = t::sealTrace(p.string());
    ReadResult r = readAll(p);
    if (s.ok) {
      EXPECT_TRUE(r.ok) << r.error;
      EXPECT_TRUE(r.atEnd);
      EXPECT_EQ(r.events.size(), s.events);
      // What was kept is the original's first bytes, unchanged.
      std::ifstream in(p, std::ios::binary);
      Bytes now((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      size_t kept = bytes.size() - s.bytesCut;
      EXPECT_TRUE(now.size() >= kept && std::equal(bytes.begin(), bytes.begin() + kept, now.begin()));
    }
    return {s, r};
  }
  // The sealed events are the first `n` of `want`, then a stop event.
  static void expectPrefixThenStop(const ReadResult &r, const EventStream &want, size_t n) {
    ASSERT_EQ(r.events.size(), n + 1);
    for (size_t i = 0; i < n; ++i) {
      EXPECT_EQ(r.events[i].kind, want.events[i].kind) << "event " << i + 1;
      EXPECT_EQ(r.events[i].digest, want.events[i].digest) << "event " << i + 1;
    }
    EXPECT_EQ(r.events.back().kind, t::kStopped);
  }
};

// The sample events without the last (_start returned), so that nothing
// ends the trace before the cut.
EventStream openEndedEvents() {
  EventStream s = sampleEvents();
  s.bytes.pop_back();
  s.events.pop_back();
  return s;
}

TEST_F(SealTest, CompleteTraceIsLeftAlone) {
  Trace tr = sampleTrace();
  auto [s, r] = seal(tr.bytes);
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_TRUE(s.complete);
  EXPECT_EQ(s.bytesCut, 0u);
  EXPECT_FALSE(s.addedStop);
  EXPECT_EQ(r.events.size(), sampleEvents().events.size());
}

TEST_F(SealTest, NoFinalBlock) {
  EventStream s = openEndedEvents();
  Trace tr = assemble(encodeHeader(sampleHeader()),
                      {{Bytes(s.bytes.begin(), s.bytes.begin() + 100), false},
                       {Bytes(s.bytes.begin() + 100, s.bytes.end()), false}});
  auto [res, r] = seal(tr.bytes);
  ASSERT_TRUE(res.ok) << res.error;
  EXPECT_FALSE(res.complete);
  EXPECT_TRUE(res.addedStop);
  EXPECT_EQ(res.bytesCut, 0u);
  EXPECT_NE(res.problem.find("without a final block"), std::string::npos) << res.problem;
  expectPrefixThenStop(r, s, s.events.size());
}

TEST_F(SealTest, TruncatedMidBlock) {
  EventStream s = openEndedEvents();
  Trace tr = assemble(encodeHeader(sampleHeader()),
                      {{Bytes(s.bytes.begin(), s.bytes.begin() + 100), false},
                       {Bytes(s.bytes.begin() + 100, s.bytes.begin() + 400), false},
                       {Bytes(s.bytes.begin() + 400, s.bytes.end()), false}});
  // Every cut inside the third block keeps the events of the first two.
  size_t third = tr.blockOffsets[2];
  for (size_t cut : {third + 1, third + 4, tr.bytes.size() - 9, tr.bytes.size() - 1}) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    auto [res, r] = seal(Bytes(tr.bytes.begin(), tr.bytes.begin() + cut));
    ASSERT_TRUE(res.ok) << res.error;
    EXPECT_GE(res.bytesCut, cut - third); // more when an event straddles the cut block
    EXPECT_TRUE(res.addedStop);
    // Whole events inside the first 400 stream bytes.
    t::Reader full(write(tr.bytes, "full.wrr").string());
    t::Event e;
    size_t n = 0;
    while (full.next(e) && e.offset + e.size <= 400)
      ++n;
    expectPrefixThenStop(r, s, n);
  }
}

TEST_F(SealTest, DamagedBlockIsCut) {
  EventStream s = openEndedEvents();
  Trace tr = assemble(encodeHeader(sampleHeader()),
                      {{Bytes(s.bytes.begin(), s.bytes.begin() + 100), false},
                       {Bytes(s.bytes.begin() + 100, s.bytes.end()), false}});
  Bytes bytes = tr.bytes;
  bytes[tr.blockOffsets[1] + 10] ^= 1;
  auto [res, r] = seal(bytes);
  ASSERT_TRUE(res.ok) << res.error;
  EXPECT_NE(res.problem.find("checksum"), std::string::npos) << res.problem;
  ASSERT_GE(r.events.size(), 1u);
  EXPECT_EQ(r.events.back().kind, t::kStopped);
  EXPECT_LT(r.events.size(), s.events.size());
}

TEST_F(SealTest, GarbageAfterTheFinalBlockIsCut) {
  Trace tr = sampleTrace();
  Bytes bytes = tr.bytes;
  for (uint8_t b : {0x01, 0x02, 0x03})
    bytes.push_back(b);
  auto [res, r] = seal(bytes);
  ASSERT_TRUE(res.ok) << res.error;
  EXPECT_FALSE(res.complete);
  EXPECT_FALSE(res.addedStop);
  EXPECT_EQ(res.bytesCut, 3u);
  EXPECT_EQ(r.events.size(), sampleEvents().events.size());
  EXPECT_NE(res.problem.find("after its final block"), std::string::npos) << res.problem;
}

TEST_F(SealTest, EmptyAfterTheHeader) {
  Bytes header = encodeHeader(sampleHeader());
  auto [res, r] = seal(header);
  ASSERT_TRUE(res.ok) << res.error;
  EXPECT_TRUE(res.addedStop);
  EXPECT_EQ(res.blocks, 1u);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].kind, t::kStopped);
  // Half a block frame after the header: the same.
  Bytes half = header;
  half.push_back(0x10);
  auto [res2, r2] = seal(half);
  ASSERT_TRUE(res2.ok) << res2.error;
  EXPECT_EQ(res2.bytesCut, 1u);
  EXPECT_EQ(r2.events.size(), 1u);
}

TEST_F(SealTest, EventEndingTheTraceGetsNoStop) {
  EventStream s = sampleEvents(); // ends with _start returned
  Trace tr = assemble(encodeHeader(sampleHeader()), {{s.bytes, false}});
  auto [res, r] = seal(tr.bytes);
  ASSERT_TRUE(res.ok) << res.error;
  EXPECT_FALSE(res.addedStop);
  EXPECT_EQ(r.events.size(), s.events.size());
  EXPECT_EQ(r.events.back().kind, t::kStartReturned);
}

TEST_F(SealTest, NoHeaderIsRefused) {
  Bytes header = encodeHeader(sampleHeader());
  auto [res, r] = seal(Bytes(header.begin(), header.begin() + 60));
  EXPECT_FALSE(res.ok);
  EXPECT_NE(res.error.find("no whole header"), std::string::npos) << res.error;
  auto [res2, r2] = seal({});
  EXPECT_FALSE(res2.ok);
}

long maxRssKiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

size_t addressSpaceBytes() {
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0;
  statm >> pages;
  return pages * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

// Reads `path` in a child process whose address space may grow by no more
// than 256 MiB: a reader that allocates what a bogus length claims dies
// there of bad_alloc. The read must end in an error mentioning `what`.
void expectBoundedError(const fs::path &path, const std::string &what) {
  EXPECT_EXIT(
      {
        rlimit limit{};
        limit.rlim_cur = limit.rlim_max = addressSpaceBytes() + (256u << 20);
        if (setrlimit(RLIMIT_AS, &limit) != 0)
          std::_Exit(3);
        ReadResult r = readAll(path);
        std::fprintf(stderr, "reader error: %s\n", r.error.c_str());
        std::_Exit(!r.ok && r.error.find(what) != std::string::npos ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "reader error: ");
}

TEST_F(TraceTest, HugeBogusBlockLength) {
  Trace tr = sampleTrace();
  for (uint32_t word : {0x7fffffffu, 0xfffffff0u, 0x40000000u}) {
    SCOPED_TRACE(word);
    Bytes bytes = tr.bytes;
    // The second block claims almost 2 GiB; the file ends long before.
    for (unsigned i = 0; i < 4; ++i)
      bytes[tr.blockOffsets[1] + i] = static_cast<uint8_t>(word >> (8 * i));
    fs::path p = write(bytes);
    long before = maxRssKiB();
    ReadResult r = readAll(p);
    long after = maxRssKiB();
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("truncated inside a block"), std::string::npos)
        << r.error;
    EXPECT_LT(after - before, 64 * 1024) << "reading grew RSS by "
                                         << (after - before) << " KiB";
    expectBoundedError(p, "truncated inside a block");
  }
}

TEST_F(TraceTest, UnknownEventKind) {
  for (uint8_t kind : {uint8_t(46), uint8_t(0x50), uint8_t(0x71),
                       uint8_t(0x7d), uint8_t(0x7f), uint8_t(0x80 | 46)}) {
    EventStream s;
    s.call("sched_yield", 1);
    s.bytes.push_back(kind);
    s.bytes.insert(s.bytes.end(), 16, 0); // whatever follows
    Trace tr = assemble(encodeHeader(sampleHeader()), {{s.bytes, true}});
    expectError(tr.bytes,
                "unknown event kind " + std::to_string(kind & t::kKindMask));
    ReadResult r = read(tr.bytes);
    EXPECT_EQ(r.events.size(), 1u); // the good event before it
    EXPECT_NE(r.error.find("event 2"), std::string::npos) << r.error;
  }
}

TEST_F(TraceTest, RegionBeyondFourGiB) {
  // A stored length of 4 GiB + 1.
  EventStream s;
  s.call("random_get", 1);
  putUleb(s.bytes, (uint64_t{1} << 32) + 1);
  s.bytes.insert(s.bytes.end(), 64, 0xaa);
  long before = maxRssKiB();
  expectError(assemble(encodeHeader(sampleHeader()), {{s.bytes, true}}).bytes,
              "region of 4294967297 bytes");
  // A stored length of 2^63.
  EventStream big;
  big.call("random_get", 1);
  putUleb(big.bytes, uint64_t{1} << 63);
  big.bytes.insert(big.bytes.end(), 64, 0xaa);
  expectError(
      assemble(encodeHeader(sampleHeader()), {{big.bytes, true}}).bytes,
      "region of");
  // A Deref length: poll_oneoff's nevents * 32 past 4 GiB.
  EventStream poll;
  poll.call("poll_oneoff", 2).fixedU32(0x08000001);
  poll.bytes.insert(poll.bytes.end(), 64, 0xbb);
  expectError(
      assemble(encodeHeader(sampleHeader()), {{poll.bytes, true}}).bytes,
      "region of 4294967328 bytes");
  // Just under: 4 GiB - 1 is a possible region; the file ends first.
  EventStream under;
  under.call("fd_read", 3).fixedU32(0xffffffff);
  under.bytes.insert(under.bytes.end(), 64, 0xcc);
  expectError(
      assemble(encodeHeader(sampleHeader()), {{under.bytes, true}}).bytes,
      "final block");
  fs::path p = write(
      assemble(encodeHeader(sampleHeader()), {{under.bytes, true}}).bytes);
  expectBoundedError(p, "final block");
  p = write(assemble(encodeHeader(sampleHeader()), {{poll.bytes, true}}).bytes);
  expectBoundedError(p, "region of");
  long after = maxRssKiB();
  EXPECT_LT(after - before, 64 * 1024) << "reading grew RSS by "
                                       << (after - before) << " KiB";
}

TEST_F(TraceTest, OverlongUleb) {
  EventStream s;
  s.bytes.push_back(t::kMemoryGrow);
  s.bytes.insert(s.bytes.end(), 12, 0x80);
  s.bytes.push_back(0);
  expectError(assemble(encodeHeader(sampleHeader()), {{s.bytes, true}}).bytes,
              "trace is malformed: event 1 holds a number longer than 64 bits");
  // Ten bytes whose last holds more than bit 63.
  EventStream ten;
  ten.bytes.push_back(t::kMemoryGrow);
  ten.bytes.insert(ten.bytes.end(), 9, 0xff);
  ten.bytes.push_back(2);
  expectError(assemble(encodeHeader(sampleHeader()), {{ten.bytes, true}}).bytes,
              "event 1 holds a number longer than 64 bits");
}

// _start returned, trap and proc_exit end the trace (trace.h,
// docs/trace-format.md; replay's rep_finish diverges on anything after
// them): an event after one of them is a corrupt trace, not more events.
TEST_F(TraceTest, NothingFollowsTheEndOfTheTrace) {
  for (int ender = 0; ender < 3; ++ender) {
    SCOPED_TRACE(ender);
    EventStream s;
    s.call("sched_yield", 1);
    if (ender == 0)
      s.special(t::kStartReturned);
    else if (ender == 1)
      s.special(t::kTrap);
    else
      s.call("proc_exit", 2);
    s.call("fd_write", 3).fixedU32(4); // after the end
    ReadResult r =
        read(assemble(encodeHeader(sampleHeader()), {{s.bytes, true}}).bytes);
    EXPECT_FALSE(r.ok) << r.events.size() << " events read, the last "
                       << (r.events.empty() ? "" : r.events.back().name());
    EXPECT_LE(r.events.size(), 2u);
  }
}

TEST_F(TraceTest, EventCutByTheFinalBlock) {
  EventStream s = sampleEvents();
  // The final block ends inside the fd_read payload.
  Bytes head(s.bytes.begin(), s.bytes.begin() + 150);
  ReadResult r =
      read(assemble(encodeHeader(sampleHeader()), {{head, true}}).bytes);
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.error.empty());
}

// ---- Digest ----------------------------------------------------------------

constexpr uint64_t kP1 = 0x9E3779B185EBCA87ULL;
constexpr uint64_t kP2 = 0xC2B2AE3D27D4EB4FULL;
constexpr uint64_t kP3 = 0x165667B19E3779F9ULL;
constexpr uint64_t kP4 = 0x85EBCA77C2B2AE63ULL;
constexpr uint64_t kP5 = 0x27D4EB2F165667C5ULL;

uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

uint64_t lane(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i)
    v |= uint64_t{p[i]} << (8 * i);
  return v;
}

// XXH64 of exactly 32 bytes, with `round` as its accumulator round: equal
// to libxxhash's only if `round` is XXH64's round.
template <typename Round>
uint64_t xxh64Of32(const uint8_t *p, uint64_t seed, Round round) {
  uint64_t v1 = round(seed + kP1 + kP2, lane(p));
  uint64_t v2 = round(seed + kP2, lane(p + 8));
  uint64_t v3 = round(seed, lane(p + 16));
  uint64_t v4 = round(seed - kP1, lane(p + 24));
  uint64_t h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
  for (uint64_t v : {v1, v2, v3, v4})
    h = (h ^ round(0, v)) * kP1 + kP4;
  h += 32;
  h ^= h >> 33;
  h *= kP2;
  h ^= h >> 29;
  h *= kP3;
  h ^= h >> 32;
  return h;
}

TEST(Digest, ScalarIsAnXxh64Round) {
  EXPECT_EQ(t::digestScalar(0, 0), 0u);
  EXPECT_EQ(t::digestScalar(0, 1), rotl(kP2, 31) * kP1);
  EXPECT_EQ(t::digestScalar(1, 0), rotl(1, 31) * kP1);
  Bytes data = pattern(32, 42);
  for (uint64_t seed : {uint64_t{0}, uint64_t{1}, kP5, ~uint64_t{0},
                        uint64_t{0x8000000000000000}}) {
    EXPECT_EQ(xxh64Of32(data.data(), seed, t::digestScalar),
              XXH64(data.data(), 32, seed))
        << seed;
  }
  // A real round is order-sensitive and mixes every bit of its input.
  uint64_t h = t::digestSeed(3);
  EXPECT_NE(t::digestScalar(t::digestScalar(h, 1), 2),
            t::digestScalar(t::digestScalar(h, 2), 1));
  for (int bit = 0; bit < 64; ++bit)
    EXPECT_NE(t::digestScalar(h, 0), t::digestScalar(h, uint64_t{1} << bit))
        << bit;
}

TEST(Digest, SeedIsPerKind) {
  // PRIME64_5 + kind, as the runtime's $wrr.dseed computes it.
  for (unsigned k = 0; k <= t::kKindMask; ++k)
    EXPECT_EQ(t::digestSeed(static_cast<uint8_t>(k)), kP5 + k) << k;
}

TEST(Digest, BytesIsXxh64SeededWithTheRunningValue) {
  for (size_t n : {0, 1, 3, 4, 7, 8, 31, 32, 33, 100, 1000}) {
    Bytes data = pattern(n, static_cast<uint8_t>(n));
    for (uint64_t h : {uint64_t{0}, t::digestSeed(20), ~uint64_t{0}})
      EXPECT_EQ(t::digestBytes(h, data), XXH64(data.data(), n, h))
          << n << " " << h;
  }
  // Regions chain: the second is seeded with the digest of the first.
  Bytes a = pattern(10, 1), b = pattern(20, 2);
  uint64_t h = t::digestSeed(26);
  EXPECT_EQ(t::digestBytes(t::digestBytes(h, a), b),
            XXH64(b.data(), b.size(), XXH64(a.data(), a.size(), h)));
}

TEST(Digest, FoldXorsTheHalves) {
  EXPECT_EQ(t::digestFold(0), 0u);
  EXPECT_EQ(t::digestFold(0x0123456789abcdefULL), 0x88888888u);
  EXPECT_EQ(t::digestFold(0xffffffff00000000ULL), 0xffffffffu);
  EXPECT_EQ(t::digestFold(0x00000000ffffffffULL), 0xffffffffu);
  EXPECT_EQ(t::digestFold(0xffffffffffffffffULL), 0u);
}

// A whole call's digest, as the pass composes it: the seed of the kind,
// each scalar argument that is not an address (i32 zero-extended), then
// what the host reads: the iovec array by its lengths, then the payload.
// fd_write(1, iovs, 1, nwritten) writing "hi\n".
TEST(Digest, ComposedCallDigest) {
  uint8_t kind = kindOf("fd_write");
  Bytes text = {'h', 'i', '\n'};
  uint64_t h = t::digestSeed(kind);
  for (uint64_t v : {uint64_t{1}, uint64_t{1}, uint64_t{0xfffffff0}})
    h = t::digestScalar(h, v);
  h = t::digestScalar(h, 3); // the one iovec's length
  h = t::digestBytes(h, text);

  uint64_t want = kP5 + kind;
  for (uint64_t v : {uint64_t{1}, uint64_t{1}, uint64_t{0xfffffff0}, uint64_t{3}})
    want = rotl(want + v * kP2, 31) * kP1;
  want = XXH64(text.data(), text.size(), want);
  EXPECT_EQ(h, want);
  EXPECT_EQ(t::digestFold(h), static_cast<uint32_t>(want ^ (want >> 32)));
}

// ---- Version 3: sent items ------------------------------------------------

HeaderFields v3Header() {
  HeaderFields h;
  h.version = 3;
  return h;
}

// fd_write(fd 1, iovs_len 2) writing "Hello, " and "Alice\n": digest, the
// scalars fd and iovs_len, the iovec lengths (u32 each), the gathered data,
// then the result nwritten.
Bytes v3Write(Bytes *lengths = nullptr) {
  Bytes e = {kindOf("fd_write")};
  putLE(e, 0x01020304, 4);
  putUleb(e, 1);
  putUleb(e, 2);
  Bytes lens;
  putLE(lens, 7, 4);
  putLE(lens, 6, 4);
  if (lengths)
    *lengths = lens;
  putUleb(e, lens.size());
  e.insert(e.end(), lens.begin(), lens.end());
  std::string text = "Hello, Alice\n";
  putUleb(e, text.size());
  e.insert(e.end(), text.begin(), text.end());
  putLE(e, 13, 4);
  return e;
}

std::vector<t::Event> readMemory(const Bytes &bytes, std::string &error,
                                 bool strict = false) {
  t::Reader r(t::openMemory(bytes));
  r.setStrictSplits(strict);
  r.setKeepRaw(true);
  std::vector<t::Event> out;
  t::Event e;
  while (r.next(e))
    out.push_back(e);
  error = r.error();
  return out;
}

TEST(Version3, ReadsArgumentsAndSentRegions) {
  Bytes lens;
  Bytes events = v3Write(&lens);
  // A failed path_open: the errno comes before the sent items.
  Bytes open = {static_cast<uint8_t>(kindOf("path_open") | t::kErrnoFlag)};
  putLE(open, 7, 4);
  putUleb(open, 44); // ENOENT
  for (uint64_t v : {3, 1, 9, 0})
    putUleb(open, v);
  putUleb(open, uint64_t{1} << 40); // i64 rights
  putUleb(open, 0);
  putUleb(open, 0);
  putUleb(open, 9);
  for (char c : std::string("input.txt"))
    open.push_back(static_cast<uint8_t>(c));
  events.insert(events.end(), open.begin(), open.end());
  events.push_back(t::kStartReturned);
  Trace tr = assemble(encodeHeader(v3Header()), {{events, true}});
  std::string error;
  std::vector<t::Event> got = readMemory(tr.bytes, error, true);
  ASSERT_EQ(error, "");
  ASSERT_EQ(got.size(), 3u);
  EXPECT_TRUE(got[0].hasSent);
  EXPECT_EQ(got[0].args, (std::vector<uint64_t>{1, 2}));
  ASSERT_EQ(got[0].sent.size(), 2u);
  EXPECT_EQ(got[0].sent[0], lens);
  EXPECT_EQ(std::string(got[0].sent[1].begin(), got[0].sent[1].end()),
            "Hello, Alice\n");
  ASSERT_EQ(got[0].writes.size(), 1u);
  EXPECT_EQ(got[0].writes[0].bytes, (Bytes{13, 0, 0, 0}));
  EXPECT_EQ(got[1].errnoValue, 44u);
  EXPECT_EQ(got[1].args,
            (std::vector<uint64_t>{3, 1, 9, 0, uint64_t{1} << 40, 0, 0}));
  EXPECT_EQ(std::string(got[1].sent[0].begin(), got[1].sent[0].end()),
            "input.txt");
  // The encoder writes the same bytes.
  t::Encoder enc;
  Bytes again;
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(enc.encode(got[i], again), "") << i;
  }
  EXPECT_EQ(again, events);
}

// The recorder may start a block before each sent item, inside a region,
// and before the results' fixed part: replay and the strict reader take it.
TEST(Version3, SentItemsMayStartBlocks) {
  Bytes e = v3Write();
  // After the digest (5), after fd (6), inside the data (6+1+1+8+1+3), and
  // before nwritten (the last 4 bytes).
  std::vector<size_t> cuts = {5, 6, 20, e.size() - 4};
  std::vector<Block> blocks;
  size_t at = 0;
  for (size_t c : cuts) {
    blocks.push_back({Bytes(e.begin() + at, e.begin() + c), false});
    at = c;
  }
  Bytes rest(e.begin() + at, e.end());
  rest.push_back(t::kStartReturned);
  blocks.push_back({rest, true});
  Trace tr = assemble(encodeHeader(v3Header()), blocks);
  std::string error;
  std::vector<t::Event> got = readMemory(tr.bytes, error, true);
  ASSERT_EQ(error, "");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].sent[1].size(), 13u);
  EXPECT_EQ(got[0].writes[0].bytes, (Bytes{13, 0, 0, 0}));
}

TEST(Version3, CorruptSentItemsAreErrors) {
  auto expectBad = [](Bytes event, const std::string &what) {
    event.push_back(t::kStartReturned);
    Trace tr = assemble(encodeHeader(v3Header()), {{event, true}});
    std::string error;
    readMemory(tr.bytes, error);
    EXPECT_NE(error.find(what), std::string::npos) << error;
  };
  // A region longer than 4 GiB.
  Bytes huge = {kindOf("fd_write")};
  putLE(huge, 0, 4);
  putUleb(huge, 1);
  putUleb(huge, 1);
  putUleb(huge, (uint64_t{1} << 32) + 1);
  expectBad(huge, "region of 4294967297 bytes");
  // An i32 argument that does not fit.
  Bytes wide = {kindOf("fd_close")};
  putLE(wide, 0, 4);
  putUleb(wide, uint64_t{1} << 32);
  expectBad(wide, "fd_close's fd does not fit an i32");
  // A region that claims more than the trace holds.
  Bytes cut = {kindOf("path_unlink_file")};
  putLE(cut, 0, 4);
  putUleb(cut, 3);
  putUleb(cut, 5);
  putUleb(cut, 1000);
  expectBad(cut, "final block ends inside event 1");
  // An over-long uleb.
  Bytes longer = {kindOf("fd_close")};
  putLE(longer, 0, 4);
  for (int i = 0; i < 11; ++i)
    longer.push_back(0x80);
  longer.push_back(0);
  expectBad(longer, "event 1 holds a number longer than 64 bits");
}

TEST(Version3, EncoderChecksTheItems) {
  t::Event e;
  e.kind = kindOf("fd_write");
  e.writes.push_back({{13, 0, 0, 0}, 0});
  t::Encoder enc;
  Bytes out;
  EXPECT_NE(enc.encode(e, out).find("needs its 2 arguments and 2 sent regions"),
            std::string::npos);
  e.hasSent = true;
  e.args = {1, 1};
  e.sent = {Bytes{13, 0, 0, 0}, Bytes(13, 'x')};
  EXPECT_EQ(enc.encode(e, out), "");
  t::Encoder v2;
  v2.setVersion(2);
  EXPECT_NE(v2.encode(e, out).find("version 2 trace has no arguments"),
            std::string::npos);
  e.kind = kindOf("fd_close");
  e.writes.clear();
  e.args = {uint64_t{1} << 32};
  e.sent.clear();
  EXPECT_NE(enc.encode(e, out).find("does not fit an i32"), std::string::npos);
}

} // namespace

namespace {

// A trap inside a call (version 3): the errno flag, then the call's kind.
TEST(Version3, TrapInsideACall) {
  Bytes inside = {static_cast<uint8_t>(t::kTrap | t::kErrnoFlag), kindOf("fd_write")};
  std::string error;
  std::vector<t::Event> got =
      readMemory(assemble(encodeHeader(v3Header()), {{inside, true}}).bytes, error, false);
  ASSERT_EQ(error, "");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].errnoFlag);
  EXPECT_EQ(got[0].inCall, kindOf("fd_write"));
  EXPECT_EQ(t::formatEvent(got[0], {}), "#1 trap (inside fd_write)");
  // Encoded the same way; a version 2 trace cannot say it.
  t::Encoder enc;
  Bytes out;
  EXPECT_EQ(enc.encode(got[0], out), "");
  EXPECT_EQ(out, inside);
  t::Encoder v2;
  v2.setVersion(2);
  EXPECT_NE(v2.encode(got[0], out).find("needs a version 3 trace"), std::string::npos);
  // Between calls: the kind byte alone.
  got = readMemory(assemble(encodeHeader(v3Header()), {{Bytes{t::kTrap}, true}}).bytes,
                   error, false);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].errnoFlag);
  EXPECT_EQ(t::formatEvent(got[0], {}), "#1 trap");
  // A kind that names no call.
  Bytes unknown = {static_cast<uint8_t>(t::kTrap | t::kErrnoFlag), 0x70};
  readMemory(assemble(encodeHeader(v3Header()), {{unknown, true}}).bytes, error, false);
  EXPECT_NE(error.find("trapped inside an unknown call (kind 112)"), std::string::npos) << error;
}

} // namespace

namespace {

// ---- Host-driven modules: export and import calls, host writes -------------
// Encoded by hand from docs/trace-format.md: sized regions are a uleb
// length and the bytes; values are (u8 valtype, uleb bits) pairs.

void putSized(Bytes &out, std::string_view s) {
  putUleb(out, s.size());
  out.insert(out.end(), s.begin(), s.end());
}

void putSized(Bytes &out, const Bytes &b) {
  putUleb(out, b.size());
  out.insert(out.end(), b.begin(), b.end());
}

// A values region's bytes.
Bytes valueBytes(const std::vector<t::WasmValue> &values) {
  Bytes b;
  for (const t::WasmValue &v : values) {
    b.push_back(v.type);
    putUleb(b, v.bits);
  }
  return b;
}

Bytes exportCall(std::string_view name, const std::vector<t::WasmValue> &v) {
  Bytes e = {t::kExportCall};
  putSized(e, name);
  putSized(e, valueBytes(v));
  return e;
}

Bytes importCall(std::string_view module, std::string_view name,
                 const std::vector<t::WasmValue> &v) {
  Bytes e = {t::kImportCall};
  putSized(e, module);
  putSized(e, name);
  putSized(e, valueBytes(v));
  return e;
}

Bytes returned(uint8_t kind, const std::vector<t::WasmValue> &v) {
  Bytes e = {kind};
  putSized(e, valueBytes(v));
  return e;
}

Bytes hostWrite(uint64_t address, const Bytes &bytes) {
  Bytes e = {t::kHostWrite};
  putUleb(e, address);
  putSized(e, bytes);
  return e;
}

const t::WasmValue kI32Max{t::kValI32, 0xffffffffu};
const t::WasmValue kI64Min{t::kValI64, uint64_t{1} << 63};
const t::WasmValue kF32Nan{t::kValF32, 0x7fc00001u};
const t::WasmValue kF64Half{t::kValF64, 0x3fe0000000000000ull};

// One event of each host payload, in the order a reactor's recording has
// them; the host write is long enough for a two-byte length.
struct HostSample {
  Bytes bytes;
  std::vector<Bytes> events; // each event's encoding
};

HostSample hostSample() {
  HostSample s;
  s.events = {
      hostWrite(70000, pattern(200, 9)), // a three-byte address
      exportCall("execute", {{t::kValI32, 1024}, kI64Min, kF32Nan, kF64Half}),
      importCall("env", "host_value", {{t::kValI32, 3}}),
      returned(t::kImportReturn, {{t::kValI64, 42}}),
      returned(t::kExportReturn, {kI32Max}),
      exportCall("", {}), // an empty name, no arguments
      returned(t::kExportReturn, {}),
      Bytes{t::kHostReturned},
  };
  for (const Bytes &e : s.events)
    s.bytes.insert(s.bytes.end(), e.begin(), e.end());
  return s;
}

void expectHostSample(const std::vector<t::Event> &got) {
  ASSERT_EQ(got.size(), 8u);
  EXPECT_EQ(got[0].kind, t::kHostWrite);
  EXPECT_EQ(got[0].address, 70000u);
  EXPECT_EQ(got[0].bytes, pattern(200, 9));
  EXPECT_EQ(got[1].function, "execute");
  EXPECT_EQ(got[1].module, "");
  EXPECT_EQ(got[1].values, (std::vector<t::WasmValue>{
                               {t::kValI32, 1024}, kI64Min, kF32Nan, kF64Half}));
  EXPECT_EQ(got[2].module, "env");
  EXPECT_EQ(got[2].function, "host_value");
  EXPECT_EQ(got[2].values, (std::vector<t::WasmValue>{{t::kValI32, 3}}));
  EXPECT_EQ(got[3].values, (std::vector<t::WasmValue>{{t::kValI64, 42}}));
  EXPECT_EQ(got[4].values, (std::vector<t::WasmValue>{kI32Max}));
  EXPECT_EQ(got[5].function, "");
  EXPECT_TRUE(got[5].values.empty());
  EXPECT_TRUE(got[6].values.empty());
  EXPECT_EQ(got[7].kind, t::kHostReturned);
  EXPECT_TRUE(got[7].endsTrace());
  for (const t::Event &e : got)
    EXPECT_FALSE(e.errnoFlag);
}

TEST(HostEvents, ReadAndEncodedAsTheFormatSays) {
  HostSample s = hostSample();
  Trace tr = assemble(encodeHeader(v3Header()), {{s.bytes, true}});
  std::string error;
  std::vector<t::Event> got = readMemory(tr.bytes, error, true);
  ASSERT_EQ(error, "");
  expectHostSample(got);
  // The raw bytes of each event, and where a host write's bytes start.
  for (size_t i = 0; i < got.size(); ++i)
    EXPECT_EQ(got[i].raw, s.events[i]) << i;
  EXPECT_EQ(got[0].bytesAt, 1u + 3u + 2u);
  // The encoder writes the same bytes, event by event.
  t::Encoder enc;
  Bytes again;
  for (const t::Event &e : got)
    ASSERT_EQ(enc.encode(e, again), "") << e.name();
  EXPECT_EQ(again, s.bytes);
  // Names and the text form.
  EXPECT_EQ(got[1].name(), "export call");
  EXPECT_EQ(t::formatEvent(got[1]),
            "#2 export call execute(i32 1024, i64 -9223372036854775808, "
            "f32 nan:0x400001, f64 0.5)");
  EXPECT_EQ(t::formatEvent(got[2]), "#3 import call env.host_value(i32 3)");
  EXPECT_EQ(t::formatEvent(got[3]), "#4 import return (i64 42)");
  EXPECT_EQ(t::formatEvent(got[4]), "#5 export return (i32 -1)");
  EXPECT_EQ(t::formatEvent(got[5]), "#6 export call \"\"()");
  EXPECT_EQ(t::formatEvent(got[6]), "#7 export return ()");
  EXPECT_EQ(t::formatEvent(got[7]), "#8 host returned");
  EXPECT_EQ(t::formatEvent(got[0]).substr(0, 25), "#1 host write 70000 +200 ");
}

// Where a block may begin inside each event: replay's rules (strict) take
// a boundary before a stored length and inside a sized region's bytes
// (names, values, written bytes), never inside a uleb nor between a host
// write's kind and its address. Without strictness every cut reads.
TEST(HostEvents, SplitAcrossBlocksAsStoredRegionsAre) {
  HostSample s = hostSample();
  // Offsets in the stream where strict reading must refuse a block start.
  std::set<size_t> refused = {1, 2, 3, 5}; // in the address; in the length
  // The export call's i64 bits are ten bytes: inside them is inside the
  // values region's bytes, which may continue in the next block.
  for (size_t cut = 1; cut < s.bytes.size(); ++cut) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    Bytes first(s.bytes.begin(), s.bytes.begin() + static_cast<long>(cut));
    Bytes rest(s.bytes.begin() + static_cast<long>(cut), s.bytes.end());
    Trace tr = assemble(encodeHeader(v3Header()),
                        {{first, false}, {Bytes{}, false}, {rest, true}});
    std::string error;
    expectHostSample(readMemory(tr.bytes, error, false));
    EXPECT_EQ(error, "");
    std::vector<t::Event> strict = readMemory(tr.bytes, error, true);
    if (refused.count(cut)) {
      EXPECT_NE(error.find("event 1 is split across blocks inside its fixed "
                           "part, which replay refuses"),
                std::string::npos)
          << error;
    } else {
      EXPECT_EQ(error, "");
      expectHostSample(strict);
    }
  }
}

TEST(HostEvents, CorruptEventsAreOneClearError) {
  auto errorOf = [](const Bytes &event) {
    Bytes events = exportCall("ok", {});
    events.insert(events.end(), event.begin(), event.end());
    events.push_back(t::kHostReturned);
    std::string error;
    std::vector<t::Event> got = readMemory(
        assemble(encodeHeader(v3Header()), {{events, true}}).bytes, error);
    EXPECT_EQ(got.size(), 1u) << "the good event before it";
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
    return error;
  };
  // A valtype that is none of i32, i64, f32, f64.
  Bytes badType = {t::kExportReturn, 2, 0x40, 0};
  EXPECT_EQ(errorOf(badType),
            "corrupt trace: the values of event 2 (export return) do not "
            "parse: value 0 has an unknown type 0x40");
  // Values cut off by the region's end: a type alone, bits cut short.
  EXPECT_EQ(errorOf(Bytes{t::kImportReturn, 1, t::kValI32}),
            "corrupt trace: the values of event 2 (import return) do not "
            "parse: value 0 is cut off by the region's end");
  Bytes cut = {t::kExportCall, 1, 'f', 4, t::kValI32, 1, t::kValI64, 0x80};
  EXPECT_EQ(errorOf(cut),
            "corrupt trace: the values of event 2 (export call) do not "
            "parse: value 1 is cut off by the region's end");
  // An i32 or f32 wider than 32 bits; bits past 64.
  Bytes wide = {t::kImportCall, 1, 'm', 1, 'f'};
  Bytes v = {t::kValF32};
  putUleb(v, uint64_t{1} << 32);
  putSized(wide, v);
  EXPECT_EQ(errorOf(wide),
            "corrupt trace: the values of event 2 (import call) do not "
            "parse: value 0, an f32, does not fit 32 bits");
  Bytes huge = {t::kExportReturn, 11, t::kValI64};
  huge.insert(huge.end(), 9, 0xff);
  huge.push_back(0x02);
  EXPECT_EQ(errorOf(huge),
            "corrupt trace: the values of event 2 (export return) do not "
            "parse: value 0 is longer than 64 bits");
  // Absurd lengths: past 4 GiB, or past the trace's end.
  Bytes absurd = {t::kExportCall};
  putUleb(absurd, uint64_t{1} << 40);
  EXPECT_EQ(errorOf(absurd), "corrupt trace: region of 1099511627776 bytes "
                             "in event 2");
  Bytes longer = {t::kHostWrite, 0};
  putUleb(longer, 1u << 30);
  EXPECT_EQ(errorOf(longer),
            "the trace's final block ends inside event 2");
  // Host writes outside any memory.
  Bytes address = {t::kHostWrite};
  putUleb(address, uint64_t{1} << 32);
  putSized(address, Bytes{1});
  EXPECT_EQ(errorOf(address), "corrupt trace: event 2 (host write) writes at "
                              "address 4294967296, which is not an i32");
  EXPECT_EQ(errorOf(hostWrite(0xfffffffe, Bytes{1, 2, 3})),
            "corrupt trace: event 2 (host write) writes 3 bytes at address "
            "4294967294, past the 4 GiB a memory can have");
  // The errno flag, which these events never carry; a version 2 trace.
  Bytes flagged = returned(t::kExportReturn, {});
  flagged[0] |= t::kErrnoFlag;
  EXPECT_EQ(errorOf(flagged), "corrupt trace: event 2 (export return) has "
                              "the errno flag, which it never carries");
  std::string v2;
  readMemory(assemble(encodeHeader(HeaderFields{}), {{hostWrite(0, {1}), true}}).bytes, v2);
  EXPECT_EQ(v2, "corrupt trace: event 1 (host write) cannot be in a version 2 trace");
  // A host event's kind byte between the WASI rows and the first special
  // kind is unknown.
  EXPECT_EQ(errorOf(Bytes{0x71}), "corrupt trace: unknown event kind 113 at "
                                  "event 2");
}

TEST(HostEvents, EncoderRefusesWhatTheReaderWould) {
  t::Encoder enc;
  Bytes out;
  t::Event e;
  e.kind = t::kExportCall;
  e.function = "f";
  e.values = {{0x40, 1}};
  EXPECT_EQ(enc.encode(e, out),
            "export call's value 0 has an unknown type 0x40");
  e.values = {{t::kValI32, uint64_t{1} << 32}};
  EXPECT_EQ(enc.encode(e, out),
            "export call's value 0, an i32, does not fit 32 bits");
  e.values = {};
  e.errnoFlag = true;
  EXPECT_EQ(enc.encode(e, out), "an export call event has no errno");
  e.errnoFlag = false;
  e.module = "env";
  EXPECT_EQ(enc.encode(e, out), "an export call event names no module");
  e.module.clear();
  e.bytes = {1};
  EXPECT_EQ(enc.encode(e, out), "an export call event has no address or bytes");
  t::Event w;
  w.kind = t::kHostWrite;
  w.address = 0xffffffffu;
  w.bytes = {1, 2};
  EXPECT_EQ(enc.encode(w, out), "a host write of 2 bytes at address "
                                "4294967295 goes past the 4 GiB a memory can "
                                "have");
  w.bytes = {1};
  w.values = {{t::kValI32, 1}};
  EXPECT_EQ(enc.encode(w, out), "a host write event has no values");
  w.values.clear();
  t::Encoder v2;
  v2.setVersion(2);
  EXPECT_EQ(v2.encode(w, out), "a host write event needs a version 3 trace");
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(enc.encode(w, out), "");
  EXPECT_EQ(out, (Bytes{t::kHostWrite, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 1}));
}

// Every truncation and every flipped bit of a trace of host events is an
// error or fewer events, never a crash.
TEST(HostEvents, DamagedTracesAreErrors) {
  HostSample s = hostSample();
  Trace tr = assemble(encodeHeader(v3Header()), {{s.bytes, true}});
  for (size_t n = 0; n < tr.bytes.size(); ++n) {
    std::string error;
    readMemory(Bytes(tr.bytes.begin(), tr.bytes.begin() + static_cast<long>(n)),
               error);
    EXPECT_NE(error, "") << n;
  }
  for (size_t at = t::kHeaderSize; at < tr.bytes.size(); ++at) {
    Bytes b = tr.bytes;
    b[at] ^= 0x10;
    std::string error;
    readMemory(b, error);
    EXPECT_NE(error, "") << at;
  }
}

} // namespace
