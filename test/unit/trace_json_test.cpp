// Tests for the host-side trace tools in rrlib: the Writer and Encoder
// (trace.h), the JSON form (trace_json.h), zstd-compressed traces, the
// replay-strict reading that wrr-trace verify uses, and the text form of
// events (trace_text.h).

#include "rrlib/module_id.h"
#include "rrlib/trace.h"
#include "rrlib/trace_json.h"
#include "rrlib/trace_text.h"
#include "rrlib/wasi_names.h"
#include "rrlib/wasi_table.h"

#include <xxhash.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

namespace t = wrr::trace;
using Bytes = std::vector<uint8_t>;

Bytes le(uint64_t v, unsigned n) {
  Bytes b;
  for (unsigned i = 0; i < n; ++i)
    b.push_back(static_cast<uint8_t>(v >> (8 * i)));
  return b;
}

Bytes text(std::string_view s) { return Bytes(s.begin(), s.end()); }

uint8_t kind(std::string_view fn) { return *wrr::findWasiFunction(fn); }

t::Event call(std::string_view fn, uint32_t digest,
              std::vector<Bytes> writes = {}) {
  t::Event e;
  e.kind = kind(fn);
  e.digest = digest;
  for (Bytes &w : writes)
    e.writes.push_back({std::move(w), 0});
  return e;
}

t::Event failed(std::string_view fn, uint32_t digest, uint32_t errnoValue) {
  t::Event e = call(fn, digest);
  e.errnoFlag = true;
  e.errnoValue = errnoValue;
  return e;
}

t::Event clock(unsigned id, uint64_t ns, uint32_t digest) {
  t::Event e = call("clock_time_get", digest, {le(ns, 8)});
  e.writes[0].clock = static_cast<uint8_t>(id);
  return e;
}

t::Event special(uint8_t k, bool flag = false, uint64_t pages = 0,
                 uint32_t errnoValue = 0) {
  t::Event e;
  e.kind = k;
  e.errnoFlag = flag;
  e.growPages = pages;
  e.errnoValue = errnoValue;
  return e;
}

// Version 2: the events these tests build carry no sent items (the
// Version3 tests add them).
t::Header sampleHeader() {
  t::Header h;
  h.version = 2;
  const std::string module = "abc";
  h.moduleHash = wrr::moduleId(
      {reinterpret_cast<const uint8_t *>(module.data()), module.size()});
  h.startTimeNs = 1'795'248'521'000'000'000ull;
  h.instrumenter = "0.1.0";
  h.recorder = "test writer";
  return h;
}

// Every kind of event, every display hint, the clock encodings' edges.
std::vector<t::Event> sampleEvents() {
  Bytes dirents;
  for (auto [name, type] : {std::pair{"a.txt", 4}, std::pair{"sub", 3}}) {
    Bytes d = le(7, 8);      // d_next
    Bytes ino = le(1234, 8); // d_ino
    d.insert(d.end(), ino.begin(), ino.end());
    Bytes n = le(std::string_view(name).size(), 4); // d_namlen
    d.insert(d.end(), n.begin(), n.end());
    d.push_back(static_cast<uint8_t>(type)); // d_type
    d.insert(d.end(), 3, 0);
    d.insert(d.end(), name, name + std::string_view(name).size());
    dirents.insert(dirents.end(), d.begin(), d.end());
  }
  Bytes poll(32, 0);
  poll[0] = 9;  // userdata
  poll[10] = 1; // fd_read
  poll[16] = 5; // nbytes
  Bytes filestat(64, 0);
  filestat[16] = 4;  // regular_file
  filestat[32] = 42; // size
  return {
      call("fd_prestat_get", 0x01020304, {Bytes{0, 0, 0, 0, 2, 0, 0, 0}}),
      call("fd_prestat_dir_name", 0x11111111, {text("/d")}),
      failed("fd_prestat_get", 0x22222222, wrr::kErrnoBadf),
      call("args_sizes_get", 3, {le(2, 4), le(9, 4)}),
      call("args_get", 4,
           {Bytes{0, 0x10, 1, 0, 5, 0x10, 1, 0},
            text(std::string("prog\0hi\0", 8))}),
      clock(0, 1'795'248'521'123'456'789ull, 5),
      clock(1, 5, 6),
      clock(1, 5 + 16, 7),            // zz 32: the first long form
      clock(1, 5, 8),                 // negative
      clock(2, uint64_t{1} << 63, 9), // delta INT64_MIN
      clock(3, 42, 10),
      call("random_get", 11,
           {Bytes{0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f, 0x60, 0x71, 0x82}}),
      call("fd_read", 12, {le(5, 4), text("hello")}),
      call("fd_read", 13, {le(3, 4), Bytes{0xff, 0xfe, 0x00}}), // not UTF-8
      call("fd_read", 14, {le(0, 4), Bytes{}}),
      call("path_open", 15, {le(5, 4)}),
      failed("path_open", 16, 44),
      failed("fd_read", 17, 200), // no name
      failed("fd_close", 18, 0),  // the flag with errno 0
      call("fd_readdir", 19, {le(dirents.size(), 4), dirents}),
      call("poll_oneoff", 20, {le(1, 4), poll}),
      call("fd_filestat_get", 21, {filestat}),
      call("sock_recv", 22, {le(2, 4), le(1, 2), text("ok")}),
      call("fd_seek", 23, {le(1ull << 40, 8)}),
      call("sched_yield", 24),
      special(t::kMemoryGrow, false, 300),
      special(t::kMemoryGrow, true, 65536),
      call("proc_raise", 25),
      special(t::kRaiseResult),
      call("proc_raise", 26),
      special(t::kRaiseResult, true, 0, 52),
      call("proc_exit", 27),
  };
}

// The trace of `events` in blocks ending at `ends` (the last one final), or
// one final block.
Bytes writeTrace(const std::vector<t::Event> &events,
                 std::vector<uint64_t> ends = {},
                 const t::Header &header = sampleHeader()) {
  t::VectorSink sink;
  t::Writer w(sink);
  EXPECT_TRUE(w.header(header)) << w.error();
  size_t next = 0;
  for (const t::Event &e : events) {
    EXPECT_TRUE(w.event(e)) << w.error() << " (" << e.name() << ")";
    while (next < ends.size() && ends[next] <= w.size()) {
      EXPECT_TRUE(w.block(ends[next], false)) << w.error();
      ++next;
    }
  }
  EXPECT_TRUE(w.block(w.size(), true)) << w.error();
  return sink.bytes;
}

std::vector<t::Event> readEvents(t::Reader &r) {
  std::vector<t::Event> out;
  t::Event e;
  while (r.next(e))
    out.push_back(e);
  return out;
}

void expectSame(const std::vector<t::Event> &got,
                const std::vector<t::Event> &want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE("event " + std::to_string(i + 1) + " " +
                 std::string(want[i].name()));
    EXPECT_EQ(got[i].kind, want[i].kind);
    EXPECT_EQ(got[i].errnoFlag, want[i].errnoFlag);
    EXPECT_EQ(got[i].errnoValue, want[i].errnoValue);
    EXPECT_EQ(got[i].digest, want[i].digest);
    EXPECT_EQ(got[i].growPages, want[i].growPages);
    ASSERT_EQ(got[i].writes.size(), want[i].writes.size());
    for (size_t w = 0; w < want[i].writes.size(); ++w) {
      EXPECT_EQ(got[i].writes[w].bytes, want[i].writes[w].bytes);
      EXPECT_EQ(got[i].writes[w].clock, want[i].writes[w].clock);
    }
  }
}

std::string toJson(const Bytes &trace, std::string *error = nullptr) {
  t::Reader r(t::openMemory(trace));
  t::VectorSink out;
  std::string why = t::writeJson(r, out);
  if (error)
    *error = why;
  else
    EXPECT_EQ(why, "");
  return std::string(out.bytes.begin(), out.bytes.end());
}

Bytes fromJson(const std::string &json, std::string *error = nullptr) {
  t::VectorSink out;
  std::string why = t::readJson(json, out);
  if (error)
    *error = why;
  else
    EXPECT_EQ(why, "");
  return out.bytes;
}

// ---- Writer -----------------------------------------------------------------

TEST(Writer, WritesWhatTheReaderReads) {
  std::vector<t::Event> events = sampleEvents();
  Bytes trace = writeTrace(events);
  t::Reader r(t::openMemory(trace));
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.header().recorder, "test writer");
  std::vector<t::Event> got = readEvents(r);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_TRUE(r.atEnd());
  expectSame(got, events);
}

TEST(Writer, ClockEncodingIsTheFormats) {
  // A short delta is one byte after the digest; zz 32 takes two (version
  // 2: no sent items between them).
  t::Encoder enc;
  enc.setVersion(2);
  Bytes out;
  ASSERT_EQ(enc.encode(clock(1, 5, 0), out), "");
  EXPECT_EQ(out.size(), 6u);
  EXPECT_EQ(out.back(), 10 << 2 | 1);
  out.clear();
  ASSERT_EQ(enc.encode(clock(1, 21, 0), out), "");
  EXPECT_EQ(out, (Bytes{kind("clock_time_get"), 0, 0, 0, 0, 0x81, 0x01}));
}

TEST(Writer, RefusesEventsThatDoNotFitTheirRow) {
  t::Encoder enc;
  Bytes out;
  EXPECT_NE(enc.encode(call("path_open", 1, {le(5, 2)}), out), "");
  EXPECT_NE(enc.encode(call("path_open", 1, {}), out), "");
  EXPECT_NE(enc.encode(call("fd_read", 1, {le(5, 4), text("hell")}), out), "");
  t::Event e = failed("path_open", 1, 44);
  e.writes.push_back({le(5, 4), 0});
  EXPECT_NE(enc.encode(e, out), "");
  EXPECT_TRUE(out.empty());
}

TEST(Writer, BlocksEndWhereAsked) {
  std::vector<t::Event> events = sampleEvents();
  std::vector<t::BlockInfo> blocks;
  Bytes trace = writeTrace(events, {0, 30, 30, 200});
  t::Reader r(t::openMemory(trace));
  r.onBlock([&](const t::BlockInfo &b) { blocks.push_back(b); });
  expectSame(readEvents(r), events);
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(blocks.size(), 5u);
  EXPECT_EQ(blocks[0].length, 0u);
  EXPECT_EQ(blocks[1].streamEnd, 30u);
  EXPECT_EQ(blocks[2].length, 0u);
  EXPECT_EQ(blocks[3].streamEnd, 200u);
  EXPECT_TRUE(blocks[4].final);
  EXPECT_FALSE(blocks[3].final);
}

// ---- The JSON form --------------------------------------------------------

TEST(Json, RoundTripIsByteIdentical) {
  std::vector<t::Event> events = sampleEvents();
  // One block; many blocks, some empty, events cut anywhere; an empty
  // final block.
  for (std::vector<uint64_t> ends :
       {std::vector<uint64_t>{},
        std::vector<uint64_t>{0, 1, 7, 7, 64, 100, 301},
        std::vector<uint64_t>{1000000}}) {
    t::Header h = sampleHeader();
    h.reserved[3] = 0x5a; // kept, though zero today
    h.flags = 2;
    Bytes trace = writeTrace(events, ends, h);
    std::string json = toJson(trace);
    EXPECT_EQ(fromJson(json), trace);
    EXPECT_EQ(toJson(fromJson(json)), json);
  }
}

TEST(Json, EveryEndingEventRoundTrips) {
  for (unsigned k = t::kMemoryGrow; k <= t::kKindMask; ++k) {
    t::Event ender = special(static_cast<uint8_t>(k));
    if (!ender.endsTrace())
      continue;
    SCOPED_TRACE(std::string(ender.name()));
    Bytes trace = writeTrace({special(t::kMemoryGrow, false, 1), ender});
    std::string json = toJson(trace);
    EXPECT_NE(json.find("{\"event\": \"" + std::string(ender.name()) + "\"}"),
              std::string::npos)
        << json;
    EXPECT_EQ(fromJson(json), trace);
  }
}

TEST(Json, IsReadable) {
  std::string json = toJson(writeTrace(sampleEvents()));
  for (
      std::string_view want :
      {R"("wrr_trace_json": 1)", R"("recorder": "test writer")",
       R"({"call": "fd_prestat_dir_name", "digest": "11111111", "writes": {"path": {"text": "/d"}}})",
       R"({"call": "fd_prestat_get", "digest": "22222222", "errno": "EBADF"})",
       R"("writes": {"time": {"clock": "realtime", "ns": 1795248521123456789}})",
       R"("writes": {"nread": 5, "iovs": {"text": "hello"}})",
       R"("writes": {"nread": 3, "iovs": "fffe00"})", R"("errno": 200)",
       R"("errno": "ESUCCESS")",
       R"({"event": "memory.grow", "pages": 65536, "failed": true})",
       R"({"event": "proc_raise result", "errno": "ENOSYS"})",
       R"({"call": "proc_exit", "digest": "0000001b"})",
       R"("argv_buf": {"text": "prog\u0000hi\u0000"})", R"("final": true)"})
    EXPECT_NE(json.find(want), std::string::npos) << want << "\n" << json;
}

TEST(Json, HandWrittenTraces) {
  // Names or numbers for errnos and clocks, either case of hex, text or
  // hex bytes, and no "blocks": one final block.
  std::string json = R"({"wrr_trace_json": 1,
    "header": {"version": 2, "module": ")" +
                     std::string(64, 'A') + R"("},
    "events": [
      {"call": "clock_time_get", "digest": "DEADBEEF",
       "writes": {"time": {"clock": 1, "ns": 77}}},
      {"call": "fd_read", "digest": "00000001", "writes": {"nread": 2, "iovs": "6869"}},
      {"call": "fd_read", "digest": "00000002", "writes": {"nread": 2, "iovs": {"text": "hi"}}},
      {"call": "path_open", "digest": "00000003", "errno": 44},
      {"event": "_start returned"}]})";
  Bytes trace = fromJson(json);
  t::Reader r(t::openMemory(trace));
  std::vector<t::Event> got = readEvents(r);
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(got[0].digest, 0xdeadbeefu);
  EXPECT_EQ(got[0].writes[0].clock, 1);
  EXPECT_EQ(got[1].writes[1].bytes, got[2].writes[1].bytes);
  EXPECT_EQ(got[3].errnoValue, 44u);
  EXPECT_EQ(r.header().moduleHash[0], 0xaa);
  EXPECT_EQ(r.blocksRead(), 1u);
}

void expectJsonError(const std::string &json, std::string_view what) {
  std::string why;
  fromJson(json, &why);
  EXPECT_NE(why.find(what), std::string::npos)
      << "error: '" << why << "', expected '" << what << "'";
}

std::string withEvents(const std::string &events,
                       const std::string &more = "") {
  return R"({"wrr_trace_json": 1, "header": {"version": 2, "module": ")" +
         std::string(64, '0') + R"("}, "events": [)" + events + "]" + more +
         "}";
}

TEST(Json, RefusesWhatItCannotWrite) {
  expectJsonError("{\"wrr_trace_json\": 1,\n  \"header\": }", "line 2");
  expectJsonError("[]", "not a wrr trace in JSON form");
  expectJsonError(R"({"wrr_trace_json": 2})",
                  "unsupported JSON form version 2");
  expectJsonError(
      R"({"wrr_trace_json": 1, "header": {"version": 4, "module": ""}, "events": []})",
      "unsupported trace format version 4");
  expectJsonError(withEvents("", R"(, "extra": 1)"), "unknown field \"extra\"");
  expectJsonError(
      withEvents(R"({"call": "fd_frobnicate", "digest": "00000000"})"),
      "event #1: unknown WASI function \"fd_frobnicate\"");
  expectJsonError(withEvents(R"({"call": "path_open", "digest": "00"})"),
                  "8 hex digits");
  expectJsonError(
      withEvents(
          R"({"call": "path_open", "digest": "00000000", "writes": {}})"),
      "path_open's result \"fd\" is missing");
  expectJsonError(
      withEvents(
          R"({"call": "path_open", "digest": "00000000", "writes": {"fd": 5, "fdd": 1}})"),
      "path_open has no result \"fdd\"");
  expectJsonError(
      withEvents(
          R"({"call": "path_open", "digest": "00000000", "writes": {"fd": 4294967296}})"),
      "path_open's fd must be an integer from 0 to 4294967295");
  expectJsonError(
      withEvents(
          R"({"call": "fd_read", "digest": "00000000", "writes": {"nread": 3, "iovs": "6869"}})"),
      "fd_read's iovs has 2 bytes where the trace says 3");
  expectJsonError(
      withEvents(
          R"({"call": "fd_close", "digest": "00000000", "errno": "EWHAT"})"),
      "unknown errno \"EWHAT\"");
  expectJsonError(
      withEvents(
          R"({"call": "clock_time_get", "digest": "00000000", "writes": {"time": {"clock": "sundial", "ns": 1}}})"),
      "unknown clock \"sundial\"");
  expectJsonError(withEvents(R"({"event": "trap"}, {"event": "trap"})"),
                  "event #2: it follows event #1, which ended the trace");
  expectJsonError(
      withEvents(R"({"event": "trap"})", R"(, "blocks": [{"end": 0}])"),
      "in no block");
  expectJsonError(withEvents(R"({"event": "trap"})",
                             R"(, "blocks": [{"end": 5, "final": true}])"),
                  "block 1: a block cannot end at stream offset 5");
  expectJsonError(
      withEvents(R"({"event": "trap"})",
                 R"(, "blocks": [{"end": 1, "final": true}, {"end": 1}])"),
      "a block after the final block");
}

TEST(Json, LastBlockMayBeLeftOpen) {
  // A cut-off recording, made on purpose (for tests of truncated traces).
  Bytes trace = fromJson(withEvents(R"({"event": "memory.grow", "pages": 1})",
                                    R"(, "blocks": [{"end": 2}])"));
  t::Reader r(t::openMemory(trace));
  readEvents(r);
  EXPECT_NE(r.error().find("without a final block"), std::string::npos)
      << r.error();
}

TEST(Json, RefusesBinaryItCannotReproduce) {
  Bytes trace = writeTrace({special(t::kMemoryGrow, false, 5)});
  // The same event with an over-long uleb (0x85 0x00 for 5): the reader
  // accepts it, the JSON form would lose it.
  Bytes payload = {t::kMemoryGrow, 0x85, 0x00};
  Bytes bytes(trace.begin(), trace.begin() + t::kHeaderSize);
  Bytes frame = le(payload.size() | t::kFinalBlock, 4);
  bytes.insert(bytes.end(), frame.begin(), frame.end());
  bytes.insert(bytes.end(), payload.begin(), payload.end());
  Bytes framed = frame;
  framed.insert(framed.end(), payload.begin(), payload.end());
  Bytes sum = le(XXH64(framed.data(), framed.size(),
                       XXH64(bytes.data(), t::kHeaderSize, 0)),
                 8);
  bytes.insert(bytes.end(), sum.begin(), sum.end());
  t::Reader check(t::openMemory(bytes));
  ASSERT_EQ(readEvents(check).size(), 1u);
  ASSERT_TRUE(check.ok()) << check.error();
  std::string why;
  toJson(bytes, &why);
  EXPECT_NE(why.find("event #1 (memory.grow) is not encoded as wrr encodes it"),
            std::string::npos)
      << why;

  // A recorder field with a byte after its NUL padding.
  bytes = trace;
  bytes[t::kOffRecorder + 20] = 'x';
  toJson(bytes, &why);
  EXPECT_NE(why.find("after a NUL"), std::string::npos) << why;
}

// ---- zstd -----------------------------------------------------------------

Bytes compress(const Bytes &b) {
  t::VectorSink out;
  std::unique_ptr<t::Sink> z = t::zstdSink(out, 3);
  EXPECT_TRUE(z->write(b));
  EXPECT_TRUE(z->finish());
  return out.bytes;
}

TEST(Zstd, CompressedTracesReadAsTheyAre) {
  std::vector<t::Event> events = sampleEvents();
  Bytes trace = writeTrace(events, {10, 20});
  Bytes packed = compress(trace);
  ASSERT_EQ(packed[0], 0x28);
  t::Reader r(t::openMemory(packed));
  EXPECT_TRUE(r.compressed());
  expectSame(readEvents(r), events);
  EXPECT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.bytesRead(), trace.size());
  // And in the JSON form.
  EXPECT_EQ(fromJson(toJson(packed)), trace);
}

TEST(Zstd, BadCompressedTracesAreErrors) {
  Bytes packed = compress(writeTrace(sampleEvents()));
  for (size_t cut :
       {size_t{4}, size_t{10}, packed.size() / 2, packed.size() - 1}) {
    t::Reader r(t::openMemory(Bytes(packed.begin(), packed.begin() + cut)));
    readEvents(r);
    EXPECT_FALSE(r.ok()) << cut;
  }
  Bytes flipped = packed;
  flipped[flipped.size() / 2] ^= 0x40;
  t::Reader r(t::openMemory(flipped));
  readEvents(r);
  EXPECT_FALSE(r.ok());
}

// ---- Replay's split rule --------------------------------------------------

TEST(StrictSplits, OnlyByteRegionsAndStoredLengthsCross) {
  // fd_read: kind, digest (1..4), nread (5..8), then 5 bytes of data.
  std::vector<t::Event> events = {call("fd_read", 1, {le(5, 4), text("hello")}),
                                  call("random_get", 2, {text("xy")}),
                                  special(t::kStartReturned)};
  for (uint64_t cut = 1; cut < 22; ++cut) {
    Bytes trace = writeTrace(events, {cut});
    t::Reader lenient(t::openMemory(trace));
    expectSame(readEvents(lenient), events);
    EXPECT_TRUE(lenient.ok()) << lenient.error();
    t::Reader strict(t::openMemory(trace));
    strict.setStrictSplits(true);
    readEvents(strict);
    // Allowed: before or in fd_read's data (9..13), before random_get's
    // kind (14), before its stored length (19), before or in its data (20,
    // 21). Not: in a digest, or before or in a fixed result (nread).
    bool allowed = (cut >= 9 && cut <= 14) || cut >= 19;
    EXPECT_EQ(strict.ok(), allowed)
        << "cut at " << cut << ": " << strict.error();
    if (!allowed) {
      EXPECT_NE(strict.error().find("split across blocks inside its fixed "
                                    "part"),
                std::string::npos)
          << strict.error();
    }
  }
}

// ---- Text -----------------------------------------------------------------

TEST(Text, OneLinePerEvent) {
  Bytes trace = writeTrace(sampleEvents());
  t::Reader r(t::openMemory(trace));
  std::vector<std::string> lines;
  for (const t::Event &e : readEvents(r))
    lines.push_back(t::formatEvent(e));
  ASSERT_EQ(lines.size(), sampleEvents().size());
  EXPECT_EQ(lines[0], "#1 fd_prestat_get -> 0  prestat={type=dir name_len=2}");
  EXPECT_EQ(lines[1], "#2 fd_prestat_dir_name -> 0  path=\"/d\"");
  EXPECT_EQ(lines[2], "#3 fd_prestat_get -> EBADF");
  EXPECT_EQ(lines[3], "#4 args_sizes_get -> 0  argc=2 argv_buf_size=9");
  EXPECT_EQ(lines[4],
            "#5 args_get -> 0  argv=[2 pointers] argv_buf=[\"prog\", \"hi\"]");
  // 1795248521 s after the epoch: 2026-11-21 (date -u -d @1795248521).
  EXPECT_EQ(lines[5],
            "#6 clock_time_get(realtime) -> 0  2026-11-21T08:08:41.123456789Z");
  EXPECT_EQ(lines[6], "#7 clock_time_get(monotonic) -> 0  0.000000005s");
  EXPECT_EQ(lines[9], "#10 clock_time_get(process_cputime_id) -> 0  "
                      "9223372036.854775808s");
  EXPECT_EQ(lines[11],
            "#12 random_get -> 0  buf=[9 bytes 0a1b2c3d4e5f6071...]");
  EXPECT_EQ(lines[12], "#13 fd_read -> 0  nread=5 iovs=\"hello\"");
  EXPECT_EQ(lines[13], "#14 fd_read -> 0  nread=3 iovs=\"\\xff\\xfe\\x00\"");
  EXPECT_EQ(lines[15], "#16 path_open -> 0  fd=5");
  EXPECT_EQ(lines[16], "#17 path_open -> ENOENT");
  EXPECT_EQ(lines[17], "#18 fd_read -> errno 200");
  EXPECT_EQ(lines[18], "#19 fd_close -> 0 (errno flag)");
  EXPECT_EQ(lines[19],
            "#20 fd_readdir -> 0  bufused=56 buf=[\"a.txt\", \"sub\"]");
  EXPECT_EQ(lines[20], "#21 poll_oneoff -> 0  nevents=1 events=[{type=fd_read "
                       "userdata=9 error=0 nbytes=5 flags=0x0}]");
  EXPECT_EQ(lines[21], "#22 fd_filestat_get -> 0  filestat={dev=0 ino=0 "
                       "filetype=regular_file nlink=0 size=42 "
                       "atim=1970-01-01T00:00:00.000000000Z "
                       "mtim=1970-01-01T00:00:00.000000000Z "
                       "ctim=1970-01-01T00:00:00.000000000Z}");
  EXPECT_EQ(lines[22],
            "#23 sock_recv -> 0  ro_datalen=2 ro_flags=1 ri_data=\"ok\"");
  EXPECT_EQ(lines[23], "#24 fd_seek -> 0  newoffset=1099511627776");
  EXPECT_EQ(lines[24], "#25 sched_yield -> 0");
  EXPECT_EQ(lines[25], "#26 memory.grow(300 pages) -> ok");
  EXPECT_EQ(lines[26], "#27 memory.grow(65536 pages) -> failed");
  EXPECT_EQ(lines[27], "#28 proc_raise");
  EXPECT_EQ(lines[28], "#29 proc_raise result -> 0");
  EXPECT_EQ(lines[30], "#31 proc_raise result -> ENOSYS");
  EXPECT_EQ(lines[31], "#32 proc_exit");
}

TEST(Text, LongStringsAreCut) {
  t::Event e = call("fd_read", 1, {le(40, 4), text(std::string(40, 'x'))});
  e.index = 3;
  t::TextOptions o;
  o.stringLimit = 4;
  EXPECT_EQ(t::formatEvent(e, o), "#3 fd_read -> 0  nread=40 iovs=\"xxxx\"...");
  o.digests = true;
  EXPECT_EQ(t::formatEvent(e, o),
            "#3 fd_read digest=00000001 -> 0  nread=40 iovs=\"xxxx\"...");
}

TEST(Text, JsonLines) {
  t::Event e = clock(0, 1'795'248'521'123'456'789ull, 0xabcdef01);
  e.index = 12;
  EXPECT_EQ(
      t::eventJsonLine(e),
      R"({"index":12,"event":"clock_time_get","digest":"abcdef01","errno":0,)"
      R"("results":{"time":{"clock":"realtime","ns":1795248521123456789}},"bytes":0})");
  t::Event f = failed("path_open", 1, 44);
  EXPECT_EQ(t::eventJsonLine(f),
            R"({"index":0,"event":"path_open","digest":"00000001","errno":44,)"
            R"("error":"ENOENT","bytes":0})");
}

TEST(Names, ErrnosAndClocks) {
  EXPECT_EQ(wrr::errnoName(8), "EBADF");
  EXPECT_EQ(wrr::errnoName(76), "ENOTCAPABLE");
  EXPECT_EQ(wrr::errnoName(77), "");
  EXPECT_EQ(wrr::errnoFromName("ENOENT"), 44);
  EXPECT_EQ(wrr::clockName(3), "thread_cputime_id");
  EXPECT_EQ(wrr::clockFromName("monotonic"), 1u);
}

TEST(Names, EveryResultHasANameAndADisplay) {
  for (const wrr::WasiFunction &f : wrr::wasiFunctions())
    for (const wrr::Region &r : f.writeRegions())
      EXPECT_FALSE(r.name.empty()) << f.name;
  EXPECT_EQ(wrr::checkWasiTable(), "");
}

// ---- The instrumented marker ----------------------------------------------

TEST(Marker, ReadsTheCustomSection) {
  std::string body = R"({"wrr":"0.1.0","module":")" + std::string(64, 'b') +
                     R"(","buffer_pages":4})";
  std::string name = "wrr.instrumented";
  Bytes m = {0, 'a', 's', 'm', 1, 0, 0, 0};
  m.push_back(0); // custom section
  m.push_back(static_cast<uint8_t>(1 + name.size() + body.size()));
  m.push_back(static_cast<uint8_t>(name.size()));
  m.insert(m.end(), name.begin(), name.end());
  m.insert(m.end(), body.begin(), body.end());
  std::optional<wrr::InstrumentedMarker> marker = wrr::instrumentedMarker(m);
  ASSERT_TRUE(marker);
  EXPECT_EQ(marker->bufferPages, 4u);
  EXPECT_EQ(marker->identity[0], 0xbb);
  EXPECT_EQ(marker->version, "0.1.0");
  EXPECT_FALSE(wrr::instrumentedMarker(Bytes(m.begin(), m.end() - 3)));
  EXPECT_FALSE(wrr::instrumentedMarker(text("not wasm")));
}

// ---- Version 3: arguments and sent bytes in the JSON form -----------------

TEST(Json, Version3RoundTrip) {
  t::Header h = sampleHeader();
  h.version = 3;
  t::Event write;
  write.kind = kind("fd_write");
  write.digest = 0x1234abcd;
  write.hasSent = true;
  write.args = {1, 2};
  write.sent = {Bytes{7, 0, 0, 0, 6, 0, 0, 0},
                Bytes{'H', 'e', 'l', 'l', 'o', ',', ' ', 'A', 'l', 'i', 'c', 'e', '\n'}};
  write.writes.push_back({{13, 0, 0, 0}, 0});
  t::Event open;
  open.kind = kind("path_open");
  open.errnoFlag = true;
  open.errnoValue = 44;
  open.hasSent = true;
  open.args = {3, 1, 9, 0, uint64_t{1} << 40, 0, 0};
  open.sent = {Bytes{'i', 'n', 'p', 'u', 't', '.', 't', 'x', 't'}};
  t::Event poll;
  poll.kind = kind("poll_oneoff");
  poll.errnoFlag = true;
  poll.errnoValue = 28;
  poll.hasSent = true;
  poll.args = {1};
  poll.sent = {Bytes(40, 0)};
  t::Event yield;
  yield.kind = kind("sched_yield");
  yield.hasSent = true;
  Bytes trace = writeTrace({write, open, poll, yield, special(t::kStartReturned)},
                           {}, h);
  std::string json = toJson(trace);
  EXPECT_NE(json.find(R"("args": {"fd": 1, "iovs_len": 2}, "sent": {"iovs": [7, 6], "data": {"text": "Hello, Alice\n"}}, "writes": {"nwritten": 13})"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("errno": "ENOENT", "args": {"fd": 3, "dirflags": 1, "path_len": 9, "oflags": 0, "fs_rights_base": 1099511627776, "fs_rights_inheriting": 0, "fdflags": 0}, "sent": {"path": {"text": "input.txt"}})"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("sent": {"in": "00000000)"), std::string::npos) << json;
  EXPECT_EQ(fromJson(json), trace);
  // The dump shows them strace-style.
  t::Reader r(t::openMemory(trace));
  std::vector<t::Event> got = readEvents(r);
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(t::formatEvent(got[0]),
            "#1 fd_write(fd=1, iovs_len=2, iovs=[7, 6], data=\"Hello, Alice\\n\") -> 0  nwritten=13");
  EXPECT_EQ(t::byteDifference(got[0].sent[1], Bytes{'H', 'e', 'l', 'l', 'o', ',', ' ', 'B', 'o', 'b', '\n'}),
            "differs at byte 7 (13 bytes vs 11): \"Hello, Alice\\n\" vs \"Hello, Bob\\n\"");
  EXPECT_EQ(t::byteDifference(Bytes{0, 1, 2}, Bytes{0, 1, 3}),
            "differs at byte 2 of 3: 000102 vs 000103");
  EXPECT_EQ(t::byteDifference(Bytes{1}, Bytes{1}), "");
}

TEST(Json, Version3NeedsTheItems) {
  std::string base = R"({"wrr_trace_json": 1, "header": {"version": 3, "module": ")" +
                     std::string(64, '0') + R"("}, "events": [)";
  auto error = [&](const std::string &event) {
    std::string why;
    fromJson(base + event + R"(, {"event": "_start returned"}]})", &why);
    return why;
  };
  EXPECT_NE(error(R"({"call": "fd_close", "digest": "00000000"})")
                .find("needs its 1 arguments"),
            std::string::npos);
  EXPECT_NE(error(R"({"call": "fd_close", "digest": "00000000", "args": {"fd": 1, "x": 2}})")
                .find("fd_close has no argument \"x\""),
            std::string::npos);
  EXPECT_NE(error(R"({"call": "path_unlink_file", "digest": "00000000", "args": {"fd": 3, "path_len": 1}, "sent": {"path": [1]}})")
                .find("is bytes, not a list"),
            std::string::npos);
  EXPECT_EQ(error(R"({"call": "path_unlink_file", "digest": "00000000", "args": {"fd": 3, "path_len": 1}, "sent": {"path": {"text": "a"}}})"),
            "");
}

} // namespace

namespace {

// ---- Host-driven modules in the JSON form ----------------------------------

t::Event hostEvent(uint8_t k, std::vector<t::WasmValue> values = {},
                   std::string function = "", std::string module = "") {
  t::Event e;
  e.kind = k;
  e.values = std::move(values);
  e.function = std::move(function);
  e.module = std::move(module);
  return e;
}

t::Event hostWrite(uint64_t address, Bytes bytes) {
  t::Event e;
  e.kind = t::kHostWrite;
  e.address = address;
  e.bytes = std::move(bytes);
  return e;
}

t::Header v3Header() {
  t::Header h = sampleHeader();
  h.version = 3;
  return h;
}

std::vector<t::Event> hostEvents() {
  return {
      hostWrite(1024, text("hello world\n")),
      hostWrite(0, Bytes{0xff, 0x00}),
      hostWrite(7, Bytes{}),
      hostEvent(t::kExportCall, {{t::kValI32, 1024}, {t::kValI32, 12}},
                "execute"),
      hostEvent(t::kImportCall, {{t::kValI64, ~uint64_t{0}}}, "host_value",
                "env"),
      hostEvent(t::kImportReturn, {{t::kValF32, 0x3dcccccd}}), // 0.1f
      hostEvent(t::kExportReturn,
                {{t::kValF64, 0x8000000000000000ull},  // -0.0
                 {t::kValF64, 0x7ff0000000000000ull},  // inf
                 {t::kValF32, 0xffc00000u},            // -nan
                 {t::kValI32, 0x80000000u}}),          // INT32_MIN
      hostEvent(t::kExportCall, {}, "ünïcode"),
      hostEvent(t::kHostReturned),
  };
}

TEST(HostJson, RoundTripIsByteIdentical) {
  std::vector<t::Event> events = hostEvents();
  // One block; blocks cut inside names, values and written bytes.
  for (std::vector<uint64_t> ends :
       {std::vector<uint64_t>{}, std::vector<uint64_t>{3, 5, 9, 20, 24, 33, 40}}) {
    Bytes trace = writeTrace(events, ends, v3Header());
    std::string json = toJson(trace);
    EXPECT_EQ(fromJson(json), trace);
    EXPECT_EQ(toJson(fromJson(json)), json);
  }
  std::string json = toJson(writeTrace(events, {}, v3Header()));
  for (const char *want : {
           R"({"event": "host write", "address": 1024, "bytes": {"text": "hello world\n"}})",
           R"({"event": "host write", "address": 0, "bytes": "ff00"})",
           R"({"event": "host write", "address": 7, "bytes": ""})",
           R"({"event": "export call", "export": "execute", "values": [{"i32": 1024}, {"i32": 12}]})",
           R"({"event": "import call", "module": "env", "import": "host_value", "values": [{"i64": -1}]})",
           R"({"event": "import return", "values": [{"f32": 0.1}]})",
           R"({"event": "export return", "values": [{"f64": -0.0}, {"f64": "0x7ff0000000000000"}, {"f32": "0xffc00000"}, {"i32": -2147483648}]})",
           R"({"event": "host returned"})",
       })
    EXPECT_NE(json.find(want), std::string::npos) << want << "\n" << json;
}

// Floats come back bit for bit, whatever their bits: finite ones as
// numbers (the shortest that read back the same), others in hex.
TEST(HostJson, FloatsKeepTheirBits) {
  std::vector<t::WasmValue> values;
  uint64_t x = 0x9e3779b97f4a7c15ull;
  for (int i = 0; i < 4000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    values.push_back({t::kValF64, x});
    values.push_back({t::kValF32, x >> 32});
    // Small exponents and denormals too.
    values.push_back({t::kValF32, (x >> 40) & 0x807fffff});
    values.push_back({t::kValF64, x & 0x800fffffffffffffull});
  }
  for (uint64_t bits : {0x00000001ull, 0x7f7fffffull, 0x00800000ull,
                        0x3f800000ull, 0x4b000001ull, 0x7f800000ull})
    values.push_back({t::kValF32, bits});
  std::vector<t::Event> events;
  for (size_t i = 0; i < values.size(); i += 50)
    events.push_back(hostEvent(
        t::kExportReturn,
        std::vector<t::WasmValue>(values.begin() + static_cast<long>(i),
                                  values.begin() + static_cast<long>(
                                      std::min(i + 50, values.size())))));
  Bytes trace = writeTrace(events, {}, v3Header());
  std::string json = toJson(trace);
  EXPECT_EQ(fromJson(json), trace);
  EXPECT_NE(json.find(R"({"f32": 1.0})"), std::string::npos);
  EXPECT_NE(json.find(R"({"f32": 3.4028235e+38})"), std::string::npos) << json.substr(0, 400);
}

TEST(HostJson, HandWrittenValuesAndTheirErrors) {
  std::string base = R"({"wrr_trace_json": 1, "header": {"version": 3, "module": ")" +
                     std::string(64, '0') + R"("}, "events": [)";
  auto read = [&](const std::string &event, std::string *why) {
    return fromJson(base + event + R"(, {"event": "host returned"}]})", why);
  };
  auto error = [&](const std::string &event) {
    std::string why;
    read(event, &why);
    return why;
  };
  auto values = [&](const std::string &event) {
    std::string why;
    Bytes trace = read(event, &why);
    EXPECT_EQ(why, "");
    t::Reader r(t::openMemory(trace));
    std::vector<t::Event> got = readEvents(r);
    EXPECT_EQ(r.error(), "");
    return got.empty() ? std::vector<t::WasmValue>{} : got[0].values;
  };
  // Integers signed or not; floats as numbers (integers too) or bits.
  EXPECT_EQ(values(R"({"event": "export return", "values": [{"i32": 4294967295}, {"i32": -1}, {"i64": 18446744073709551615}, {"f64": 1}, {"f32": "0x7fc00000"}]})"),
            (std::vector<t::WasmValue>{{t::kValI32, 0xffffffffu},
                                       {t::kValI32, 0xffffffffu},
                                       {t::kValI64, ~uint64_t{0}},
                                       {t::kValF64, 0x3ff0000000000000ull},
                                       {t::kValF32, 0x7fc00000u}}));
  // Without results, "values" may be left out.
  EXPECT_EQ(values(R"({"event": "export return"})"), std::vector<t::WasmValue>{});
  EXPECT_EQ(error(R"({"event": "export return", "values": [{"i32": 4294967296}]})"),
            "event #1: value 0 does not fit an i32");
  EXPECT_EQ(error(R"({"event": "export return", "values": [{"i32": -2147483649}]})"),
            "event #1: value 0 does not fit an i32");
  EXPECT_EQ(error(R"({"event": "export return", "values": [{"v128": 0}]})"),
            "event #1: value 0 has an unknown type \"v128\" (i32, i64, f32 or f64)");
  EXPECT_EQ(error(R"({"event": "export return", "values": [{"i32": 1, "i64": 2}]})"),
            "event #1: value 0 must be one type and its value ({\"i32\": 1})");
  EXPECT_EQ(error(R"({"event": "export return", "values": {"i32": 1}})"),
            "event #1: \"values\" must be a list ([{\"i32\": 1}, ...])");
  EXPECT_EQ(error(R"({"event": "export return", "values": [{"f32": 1e300}]})"),
            "event #1: value 0 is too large for an f32");
  EXPECT_EQ(error(R"({"event": "export return", "values": [{"i64": 1.5}]})"),
            "event #1: value 0 must be an integer");
  EXPECT_EQ(error(R"({"event": "export return", "values": [{"f32": "0x1ffffffff"}]})"),
            "event #1: value 0 must be a number or its bits in hex (\"0x7fc00000\")");
  EXPECT_EQ(error(R"({"event": "export call", "values": []})"),
            "event #1: an export call has no \"export\"");
  EXPECT_EQ(error(R"({"event": "import call", "module": "env", "values": []})"),
            "event #1: an import call has no \"import\"");
  EXPECT_EQ(error(R"({"event": "host write", "address": 1})"),
            "event #1: a host write has no \"bytes\"");
  EXPECT_EQ(error(R"({"event": "host write", "address": 1, "bytes": "0g"})"),
            "event #1: the bytes is not hex");
  EXPECT_EQ(error(R"({"event": "host write", "address": 1, "bytes": "", "values": []})"),
            "event #1: a host write has an unknown field \"values\"");
  EXPECT_EQ(error(R"({"event": "host returned", "values": []})"),
            "event #1: a host returned has an unknown field \"values\"");
}

TEST(HostJson, NamesThatAreNotUtf8AreRefused) {
  Bytes trace = writeTrace({hostEvent(t::kExportCall, {}, "\xff"),
                            hostEvent(t::kHostReturned)},
                           {}, v3Header());
  std::string why;
  toJson(trace, &why);
  EXPECT_EQ(why, "event #1 (export call) names a function or module that is "
                 "not UTF-8, which the JSON form cannot keep");
  // The dump shows it escaped, and dump --json as hex.
  t::Reader r(t::openMemory(trace));
  std::vector<t::Event> got = readEvents(r);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(t::formatEvent(got[0]), "#1 export call \"\\xff\"()");
  EXPECT_NE(t::eventJsonLine(got[0]).find(R"("export":{"hex":"ff"})"),
            std::string::npos)
      << t::eventJsonLine(got[0]);
}

TEST(HostJson, SearchFindsHostWritesAndNames) {
  Bytes trace = writeTrace(hostEvents(), {}, v3Header());
  t::Reader r(t::openMemory(trace));
  std::vector<t::Event> got = readEvents(r);
  ASSERT_EQ(got.size(), 9u);
  auto found = [&](const t::Query &q) {
    std::vector<uint64_t> out;
    for (const t::Event &e : got)
      if (t::matches(e, q))
        out.push_back(e.index);
    return out;
  };
  t::Query q;
  q.text = "world";
  EXPECT_EQ(found(q), (std::vector<uint64_t>{1}));
  q = {};
  q.functions = {"env.host_value", "execute"};
  EXPECT_EQ(found(q), (std::vector<uint64_t>{4, 5}));
  q.functions = {"host write"};
  EXPECT_EQ(found(q), (std::vector<uint64_t>{1, 2, 3}));
  q = {};
  q.errors = true;
  EXPECT_EQ(found(q), (std::vector<uint64_t>{}));
}

} // namespace
