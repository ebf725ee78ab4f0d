// Tests for the WASI effects table (rrlib/wasi_table.h): the rows are the 46
// functions of wasi_snapshot_preview1, in the order event kinds number them,
// with the signatures of the witx definitions, the fd parameters flagged and
// the memory effects the recorder and the trace decoder rely on.

#include "rrlib/trace.h"
#include "rrlib/wasi_table.h"

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace {

using wrr::Blocks;
using wrr::Len;
using wrr::Policy;
using wrr::Region;
using wrr::ValType;
using wrr::WasiFunction;

constexpr ValType I32 = ValType::I32;
constexpr ValType I64 = ValType::I64;

// The expected signature of one function, from the witx definitions as
// lowered to core WebAssembly: every pointer, length, handle and flag set is
// an i32, timestamps, file sizes, offsets, rights and dircookies are i64.
struct Expected {
  std::string_view name;
  std::vector<ValType> params;
  std::set<unsigned> fds; // parameters that are file descriptors
};

// In the order of the issue (and of the witx file): an event's kind is the
// row's index, so reordering rows would break every recorded trace.
const std::vector<Expected> &expectedRows() {
  static const std::vector<Expected> rows = {
      {"args_get", {I32, I32}, {}},
      {"args_sizes_get", {I32, I32}, {}},
      {"environ_get", {I32, I32}, {}},
      {"environ_sizes_get", {I32, I32}, {}},
      {"clock_res_get", {I32, I32}, {}},
      {"clock_time_get", {I32, I64, I32}, {}},
      {"fd_advise", {I32, I64, I64, I32}, {0}},
      {"fd_allocate", {I32, I64, I64}, {0}},
      {"fd_close", {I32}, {0}},
      {"fd_datasync", {I32}, {0}},
      {"fd_fdstat_get", {I32, I32}, {0}},
      {"fd_fdstat_set_flags", {I32, I32}, {0}},
      {"fd_fdstat_set_rights", {I32, I64, I64}, {0}},
      {"fd_filestat_get", {I32, I32}, {0}},
      {"fd_filestat_set_size", {I32, I64}, {0}},
      {"fd_filestat_set_times", {I32, I64, I64, I32}, {0}},
      {"fd_pread", {I32, I32, I32, I64, I32}, {0}},
      {"fd_prestat_get", {I32, I32}, {0}},
      {"fd_prestat_dir_name", {I32, I32, I32}, {0}},
      {"fd_pwrite", {I32, I32, I32, I64, I32}, {0}},
      {"fd_read", {I32, I32, I32, I32}, {0}},
      {"fd_readdir", {I32, I32, I32, I64, I32}, {0}},
      {"fd_renumber", {I32, I32}, {0, 1}},
      {"fd_seek", {I32, I64, I32, I32}, {0}},
      {"fd_sync", {I32}, {0}},
      {"fd_tell", {I32, I32}, {0}},
      {"fd_write", {I32, I32, I32, I32}, {0}},
      {"path_create_directory", {I32, I32, I32}, {0}},
      {"path_filestat_get", {I32, I32, I32, I32, I32}, {0}},
      {"path_filestat_set_times", {I32, I32, I32, I32, I64, I64, I32}, {0}},
      {"path_link", {I32, I32, I32, I32, I32, I32, I32}, {0, 4}},
      {"path_open", {I32, I32, I32, I32, I32, I64, I64, I32, I32}, {0}},
      {"path_readlink", {I32, I32, I32, I32, I32, I32}, {0}},
      {"path_remove_directory", {I32, I32, I32}, {0}},
      {"path_rename", {I32, I32, I32, I32, I32, I32}, {0, 3}},
      {"path_symlink", {I32, I32, I32, I32, I32}, {2}},
      {"path_unlink_file", {I32, I32, I32}, {0}},
      {"poll_oneoff", {I32, I32, I32, I32}, {}},
      {"proc_exit", {I32}, {}},
      {"proc_raise", {I32}, {}},
      {"random_get", {I32, I32}, {}},
      {"sched_yield", {}, {}},
      {"sock_accept", {I32, I32, I32}, {0}},
      {"sock_recv", {I32, I32, I32, I32, I32, I32}, {0}},
      {"sock_send", {I32, I32, I32, I32, I32}, {0}},
      {"sock_shutdown", {I32, I32}, {0}},
  };
  return rows;
}

const WasiFunction &row(std::string_view name) {
  std::optional<uint8_t> i = wrr::findWasiFunction(name);
  if (!i) {
    ADD_FAILURE() << "no row for " << name;
    return wrr::wasiFunctions()[0];
  }
  return wrr::wasiFunctions()[*i];
}

std::string describe(const Region &r) {
  std::string s = r.kind == Region::Bytes ? "Bytes" : "Iovecs";
  s += "(ptr=" + std::to_string(r.ptr);
  if (r.kind == Region::Iovecs)
    s += ", iovCount=" + std::to_string(r.iovCount);
  static constexpr const char *kKinds[] = {"Const", "Param", "Deref",
                                           "HostSizes"};
  s += ", len=" + std::string(kKinds[r.len.kind]) + " " +
       std::to_string(r.len.value) + "*" + std::to_string(r.len.scale);
  if (r.len.kind == Len::HostSizes)
    s += " of " + std::string(r.len.sizesFunc);
  if (r.encoding == Region::ClockDelta)
    s += ", ClockDelta";
  return s + ")";
}

// A Bytes region of `size` constant bytes at parameter `ptr`.
void expectOut(const Region &r, unsigned ptr, uint32_t size) {
  EXPECT_EQ(r.kind, Region::Bytes) << describe(r);
  EXPECT_EQ(r.ptr, ptr) << describe(r);
  EXPECT_EQ(r.len.kind, Len::Const) << describe(r);
  EXPECT_EQ(r.len.value, size) << describe(r);
  EXPECT_EQ(r.encoding, Region::Raw) << describe(r);
  EXPECT_FALSE(r.lengthStored()) << describe(r);
}

void expectLen(const Region &r, Len::Kind kind, uint32_t value,
               uint32_t scale) {
  EXPECT_EQ(r.len.kind, kind) << describe(r);
  EXPECT_EQ(r.len.value, value) << describe(r);
  EXPECT_EQ(r.len.scale, scale) << describe(r);
}

// A (ptr, ptr + 1) path argument the host reads.
void expectPath(const Region &r, unsigned ptr) {
  EXPECT_EQ(r.kind, Region::Bytes) << describe(r);
  EXPECT_EQ(r.ptr, ptr) << describe(r);
  expectLen(r, Len::Param, ptr + 1, 1);
  EXPECT_TRUE(r.lengthStored());
}

TEST(WasiTable, HasExactlyTheFortySixPreview1Functions) {
  auto rows = wrr::wasiFunctions();
  ASSERT_EQ(rows.size(), 46u);
  ASSERT_EQ(expectedRows().size(), 46u);
  for (size_t i = 0; i < rows.size(); ++i)
    EXPECT_EQ(rows[i].name, expectedRows()[i].name) << "row " << i;
}

TEST(WasiTable, NamesAreUnique) {
  std::set<std::string_view> names;
  for (const WasiFunction &f : wrr::wasiFunctions())
    EXPECT_TRUE(names.insert(f.name).second) << "duplicate row " << f.name;
}

TEST(WasiTable, CheckPasses) { EXPECT_EQ(wrr::checkWasiTable(), ""); }

// What the pass and the runtime assume of rows is checked where the table is.
TEST(WasiTable, CheckRefusesRowsThePassCannotServe) {
  using namespace wrr;
  const WasiFunction &fdWrite = wasiFunctions()[*findWasiFunction("fd_write")];
  ASSERT_EQ(fdWrite.policy, Policy::EchoOutput);
  EXPECT_EQ(checkAssumptions(fdWrite), "");
  // EchoOutput re-emits fd_write's bytes from its parameters.
  WasiFunction moved = fdWrite;
  moved.writes[0].ptr = 2;
  moved.params[2] = ValType::I32;
  EXPECT_NE(checkAssumptions(moved), "");
  WasiFunction noGather = fdWrite;
  noGather.numReads = 0;
  EXPECT_NE(checkAssumptions(noGather), "");
  // Every event's fixed part fits the room the recorder starts it with.
  const WasiFunction &filestat =
      wasiFunctions()[*findWasiFunction("fd_filestat_get")];
  EXPECT_EQ(checkAssumptions(filestat), "");
  WasiFunction big = filestat;
  big.writes[0].len.value = 200;
  big.writes[0].display = Display::Bytes;
  EXPECT_NE(checkAssumptions(big), "");
}

TEST(WasiTable, FindRoundTrips) {
  auto rows = wrr::wasiFunctions();
  for (size_t i = 0; i < rows.size(); ++i) {
    std::optional<uint8_t> found = wrr::findWasiFunction(rows[i].name);
    ASSERT_TRUE(found.has_value()) << rows[i].name;
    EXPECT_EQ(*found, i) << rows[i].name;
  }
  EXPECT_FALSE(wrr::findWasiFunction(""));
  EXPECT_FALSE(wrr::findWasiFunction("fd_wri"));
  EXPECT_FALSE(wrr::findWasiFunction("fd_write "));
  EXPECT_FALSE(wrr::findWasiFunction("FD_WRITE"));
  EXPECT_FALSE(wrr::findWasiFunction("sock_open")); // preview1 has none
  EXPECT_FALSE(wrr::findWasiFunction("wasi_snapshot_preview1"));
}

TEST(WasiTable, SignaturesMatchWitx) {
  for (const Expected &e : expectedRows()) {
    SCOPED_TRACE(std::string(e.name));
    const WasiFunction &f = row(e.name);
    ASSERT_LE(f.numParams, wrr::kMaxParams);
    ASSERT_EQ(f.numParams, e.params.size());
    for (unsigned i = 0; i < f.numParams; ++i)
      EXPECT_EQ(f.params[i], e.params[i]) << "param " << i;
    EXPECT_EQ(f.paramTypes().size(), e.params.size());
    // Every function returns an errno except proc_exit.
    EXPECT_EQ(f.returnsErrno, e.name != "proc_exit");
  }
}

TEST(WasiTable, FdParametersAreFlagged) {
  for (const Expected &e : expectedRows()) {
    SCOPED_TRACE(std::string(e.name));
    const WasiFunction &f = row(e.name);
    for (unsigned i = 0; i < 16; ++i)
      EXPECT_EQ(f.isFdParam(i), e.fds.count(i) == 1) << "param " << i;
  }
  // Whatever the table says, an fd-flagged parameter is an i32 parameter,
  // and every function whose first parameter is named fd in witx
  // (fd_*, sock_*, path_* but path_symlink) has it flagged.
  for (const WasiFunction &f : wrr::wasiFunctions()) {
    SCOPED_TRACE(std::string(f.name));
    for (unsigned i = 0; i < 16; ++i)
      if (f.isFdParam(i)) {
        ASSERT_LT(i, f.numParams);
        EXPECT_EQ(f.params[i], I32);
      }
    std::string_view n = f.name;
    if (n.starts_with("fd_") || n.starts_with("sock_") ||
        (n.starts_with("path_") && n != "path_symlink")) {
      EXPECT_TRUE(f.isFdParam(0));
    }
  }
}

TEST(WasiTable, PathOpen) {
  const WasiFunction &f = row("path_open");
  ASSERT_EQ(f.numParams, 9u);
  EXPECT_EQ(f.params[5], I64); // fs_rights_base
  EXPECT_EQ(f.params[6], I64); // fs_rights_inheriting
  for (unsigned i : {0u, 1u, 2u, 3u, 4u, 7u, 8u})
    EXPECT_EQ(f.params[i], I32) << i;
  ASSERT_EQ(f.numReads, 1u);
  expectPath(f.reads[0], 2);
  ASSERT_EQ(f.numWrites, 1u);
  expectOut(f.writes[0], 8, 4); // the new fd
  EXPECT_EQ(f.policy, Policy::Replay);
}

TEST(WasiTable, FdSeekAndTell) {
  const WasiFunction &seek = row("fd_seek");
  ASSERT_EQ(seek.numParams, 4u);
  EXPECT_EQ(seek.params[0], I32);
  EXPECT_EQ(seek.params[1], I64);
  EXPECT_EQ(seek.params[2], I32);
  EXPECT_EQ(seek.params[3], I32);
  ASSERT_EQ(seek.numWrites, 1u);
  expectOut(seek.writes[0], 3, 8);
  EXPECT_EQ(seek.numReads, 0u);

  const WasiFunction &tell = row("fd_tell");
  ASSERT_EQ(tell.numWrites, 1u);
  expectOut(tell.writes[0], 1, 8);
}

TEST(WasiTable, PollOneoff) {
  const WasiFunction &f = row("poll_oneoff");
  // in: nsubscriptions subscriptions of 48 bytes.
  ASSERT_EQ(f.numReads, 1u);
  EXPECT_EQ(f.reads[0].kind, Region::Bytes);
  EXPECT_EQ(f.reads[0].ptr, 0u);
  expectLen(f.reads[0], Len::Param, 2, 48);
  // out: nevents (written at param 3) events of 32 bytes.
  ASSERT_EQ(f.numWrites, 2u);
  expectOut(f.writes[0], 3, 4);
  EXPECT_EQ(f.writes[1].kind, Region::Bytes);
  EXPECT_EQ(f.writes[1].ptr, 1u);
  expectLen(f.writes[1], Len::Deref, 3, 32);
  EXPECT_FALSE(f.writes[1].lengthStored());
}

TEST(WasiTable, FixedSizeResults) {
  struct Out {
    std::string_view name;
    unsigned ptr;
    uint32_t size;
  };
  // witx struct sizes: fdstat 24, filestat 64, prestat 8, timestamp 8,
  // filesize 8, size 4, fd 4.
  for (const Out &o : {
           Out{"fd_fdstat_get", 1, 24},
           Out{"fd_filestat_get", 1, 64},
           Out{"path_filestat_get", 4, 64},
           Out{"fd_prestat_get", 1, 8},
           Out{"clock_res_get", 1, 8},
           Out{"sock_accept", 2, 4},
       }) {
    SCOPED_TRACE(std::string(o.name));
    const WasiFunction &f = row(o.name);
    ASSERT_EQ(f.numWrites, 1u);
    expectOut(f.writes[0], o.ptr, o.size);
  }
  for (std::string_view name : {"args_sizes_get", "environ_sizes_get"}) {
    SCOPED_TRACE(std::string(name));
    const WasiFunction &f = row(name);
    ASSERT_EQ(f.numWrites, 2u);
    expectOut(f.writes[0], 0, 4);
    expectOut(f.writes[1], 1, 4);
  }
}

TEST(WasiTable, SockRecv) {
  const WasiFunction &f = row("sock_recv");
  ASSERT_EQ(f.numReads, 1u); // the iovec array
  EXPECT_EQ(f.reads[0].ptr, 1u);
  expectLen(f.reads[0], Len::Param, 2, 8);
  ASSERT_EQ(f.numWrites, 3u);
  expectOut(f.writes[0], 4, 4); // ro_datalen
  expectOut(f.writes[1], 5, 2); // ro_flags: a u16
  EXPECT_EQ(f.writes[2].kind, Region::Iovecs);
  EXPECT_EQ(f.writes[2].ptr, 1u);
  EXPECT_EQ(f.writes[2].iovCount, 2u);
  expectLen(f.writes[2], Len::Deref, 4, 1);
}

TEST(WasiTable, ReadsAndWritesThroughIovecs) {
  for (std::string_view name : {"fd_read", "fd_pread"}) {
    SCOPED_TRACE(std::string(name));
    const WasiFunction &f = row(name);
    unsigned nread = f.numParams - 1;
    ASSERT_EQ(f.numReads, 1u);
    expectLen(f.reads[0], Len::Param, 2, 8);
    ASSERT_EQ(f.numWrites, 2u);
    expectOut(f.writes[0], nread, 4);
    EXPECT_EQ(f.writes[1].kind, Region::Iovecs);
    EXPECT_EQ(f.writes[1].ptr, 1u);
    EXPECT_EQ(f.writes[1].iovCount, 2u);
    expectLen(f.writes[1], Len::Deref, nread, 1);
  }
  for (std::string_view name : {"fd_write", "fd_pwrite", "sock_send"}) {
    SCOPED_TRACE(std::string(name));
    const WasiFunction &f = row(name);
    unsigned nwritten = f.numParams - 1;
    ASSERT_EQ(f.numReads, 2u);
    expectLen(f.reads[0], Len::Param, 2, 8);
    EXPECT_EQ(f.reads[1].kind, Region::Iovecs);
    EXPECT_EQ(f.reads[1].ptr, 1u);
    EXPECT_EQ(f.reads[1].iovCount, 2u);
    ASSERT_EQ(f.numWrites, 1u);
    expectOut(f.writes[0], nwritten, 4);
  }
}

TEST(WasiTable, VariableLengthResults) {
  const WasiFunction &random = row("random_get");
  ASSERT_EQ(random.numWrites, 1u);
  EXPECT_EQ(random.writes[0].ptr, 0u);
  expectLen(random.writes[0], Len::Param, 1, 1);
  EXPECT_TRUE(random.writes[0].lengthStored());

  const WasiFunction &dirName = row("fd_prestat_dir_name");
  ASSERT_EQ(dirName.numWrites, 1u);
  EXPECT_EQ(dirName.writes[0].ptr, 1u);
  expectLen(dirName.writes[0], Len::Param, 2, 1);

  const WasiFunction &readdir = row("fd_readdir");
  ASSERT_EQ(readdir.numWrites, 2u);
  expectOut(readdir.writes[0], 4, 4);
  EXPECT_EQ(readdir.writes[1].ptr, 1u);
  expectLen(readdir.writes[1], Len::Deref, 4, 1);

  const WasiFunction &readlink = row("path_readlink");
  ASSERT_EQ(readlink.numReads, 1u);
  expectPath(readlink.reads[0], 1);
  ASSERT_EQ(readlink.numWrites, 2u);
  expectOut(readlink.writes[0], 5, 4);
  EXPECT_EQ(readlink.writes[1].ptr, 3u);
  expectLen(readlink.writes[1], Len::Deref, 5, 1);

  for (std::string_view name : {"args_get", "environ_get"}) {
    SCOPED_TRACE(std::string(name));
    const WasiFunction &f = row(name);
    std::string sizes = std::string(name.substr(0, name.find('_'))) +
                        "_sizes_get";
    ASSERT_EQ(f.numWrites, 2u);
    // The pointer array (count * 4 bytes), then the string buffer.
    EXPECT_EQ(f.writes[0].ptr, 0u);
    expectLen(f.writes[0], Len::HostSizes, 0, 4);
    EXPECT_EQ(f.writes[0].len.sizesFunc, sizes);
    EXPECT_EQ(f.writes[1].ptr, 1u);
    expectLen(f.writes[1], Len::HostSizes, 1, 1);
    EXPECT_EQ(f.writes[1].len.sizesFunc, sizes);
    EXPECT_TRUE(f.writes[0].lengthStored());
  }
}

TEST(WasiTable, ClockTimeGetIsStoredAsDelta) {
  const WasiFunction &f = row("clock_time_get");
  ASSERT_EQ(f.numWrites, 1u);
  EXPECT_EQ(f.writes[0].ptr, 2u);
  EXPECT_EQ(f.writes[0].len.kind, Len::Const);
  EXPECT_EQ(f.writes[0].len.value, 8u);
  EXPECT_EQ(f.writes[0].encoding, Region::ClockDelta);
  // No other region is delta-encoded: the encoding reads the clock id from
  // parameter 0. The other encodings keep addresses out of digests and
  // traces: poll_oneoff's subscriptions and events (userdata), iovec
  // arrays (digested by their lengths), argv/environ (offsets).
  for (const WasiFunction &g : wrr::wasiFunctions()) {
    for (const Region &r : g.readRegions()) {
      Region::Encoding want =
          g.name == "poll_oneoff" ? Region::Subscriptions
          : r.kind == Region::Bytes && r.len.scale == 8 ? Region::IovecLengths
                                                        : Region::Raw;
      EXPECT_EQ(r.encoding, want) << g.name;
    }
    for (const Region &r : g.writeRegions()) {
      Region::Encoding want =
          g.name == "clock_time_get"       ? Region::ClockDelta
          : g.name == "poll_oneoff" && r.name == "events" ? Region::PollEvents
          : r.display == wrr::Display::Pointers          ? Region::Offsets
                                                         : Region::Raw;
      EXPECT_EQ(r.encoding, want) << g.name << " " << r.name;
    }
  }
}

// Calls that can wait for input are flushed before (PLAN contract 7).
TEST(WasiTable, BlockingCalls) {
  for (const WasiFunction &g : wrr::wasiFunctions()) {
    Blocks want = g.name == "fd_read" ? Blocks::OnStdin
                  : g.name == "poll_oneoff" || g.name == "sock_recv" ||
                          g.name == "sock_accept"
                      ? Blocks::Always
                      : Blocks::Never;
    EXPECT_EQ(g.blocks, want) << g.name;
  }
}

TEST(WasiTable, PathArgumentsAreRead) {
  struct Paths {
    std::string_view name;
    std::vector<unsigned> ptrs;
  };
  for (const Paths &p : {
           Paths{"path_create_directory", {1}},
           Paths{"path_filestat_get", {2}},
           Paths{"path_filestat_set_times", {2}},
           Paths{"path_link", {2, 5}},
           Paths{"path_open", {2}},
           Paths{"path_readlink", {1}},
           Paths{"path_remove_directory", {1}},
           Paths{"path_rename", {1, 4}},
           Paths{"path_symlink", {0, 3}},
           Paths{"path_unlink_file", {1}},
       }) {
    SCOPED_TRACE(std::string(p.name));
    const WasiFunction &f = row(p.name);
    ASSERT_EQ(f.numReads, p.ptrs.size());
    for (size_t i = 0; i < p.ptrs.size(); ++i)
      expectPath(f.reads[i], p.ptrs[i]);
  }
}

TEST(WasiTable, FunctionsWithoutMemoryEffects) {
  for (std::string_view name :
       {"fd_advise", "fd_allocate", "fd_close", "fd_datasync",
        "fd_fdstat_set_flags", "fd_fdstat_set_rights", "fd_filestat_set_size",
        "fd_filestat_set_times", "fd_renumber", "fd_sync", "proc_exit",
        "proc_raise", "sched_yield", "sock_shutdown"}) {
    const WasiFunction &f = row(name);
    EXPECT_EQ(f.numReads, 0u) << name;
    EXPECT_EQ(f.numWrites, 0u) << name;
  }
}

TEST(WasiTable, Policies) {
  for (const WasiFunction &f : wrr::wasiFunctions()) {
    Policy want = Policy::Replay;
    if (f.name == "fd_write")
      want = Policy::EchoOutput;
    else if (f.name == "proc_exit")
      want = Policy::Exit;
    else if (f.name == "proc_raise")
      want = Policy::MayNotReturn;
    EXPECT_EQ(static_cast<int>(f.policy), static_cast<int>(want)) << f.name;
  }
}

// Structural rules checkWasiTable states, checked again independently.
TEST(WasiTable, RegionsAreWellFormed) {
  for (const WasiFunction &f : wrr::wasiFunctions()) {
    SCOPED_TRACE(std::string(f.name));
    ASSERT_LE(f.numReads, wrr::kMaxRegions);
    ASSERT_LE(f.numWrites, wrr::kMaxRegions);
    auto check = [&](const Region &r, bool isWrite, unsigned index) {
      SCOPED_TRACE(describe(r));
      ASSERT_LT(r.ptr, f.numParams);
      EXPECT_EQ(f.params[r.ptr], I32);
      EXPECT_GE(r.len.scale, 1u);
      if (r.kind == Region::Iovecs) {
        ASSERT_LT(r.iovCount, f.numParams);
        EXPECT_EQ(f.params[r.iovCount], I32);
        EXPECT_EQ(r.iovCount, r.ptr + 1);
      }
      if (r.len.kind == Len::Param) {
        ASSERT_LT(r.len.value, f.numParams);
        EXPECT_EQ(f.params[r.len.value], I32);
      }
      if (r.len.kind == Len::Deref) {
        EXPECT_TRUE(isWrite);
        bool found = false;
        for (unsigned j = 0; j < index; ++j)
          found |= f.writes[j].kind == Region::Bytes &&
                   f.writes[j].ptr == r.len.value &&
                   f.writes[j].len.kind == Len::Const &&
                   f.writes[j].len.value == 4;
        EXPECT_TRUE(found) << "Deref names no earlier u32 result";
      }
      if (r.len.kind == Len::HostSizes) {
        EXPECT_TRUE(r.len.sizesFunc == "args_sizes_get" ||
                    r.len.sizesFunc == "environ_sizes_get");
        EXPECT_LE(r.len.value, 1u);
      }
      EXPECT_EQ(r.lengthStored(), r.len.kind == Len::Param ||
                                      r.len.kind == Len::HostSizes);
    };
    for (unsigned i = 0; i < f.numReads; ++i)
      check(f.reads[i], false, i);
    for (unsigned i = 0; i < f.numWrites; ++i)
      check(f.writes[i], true, i);
    // Fixed-size results come first: a decoder reads them before any
    // variable-length region.
    bool variable = false;
    for (const Region &w : f.writeRegions()) {
      if (w.len.kind != Len::Const)
        variable = true;
      else
        EXPECT_FALSE(variable) << "fixed result after a variable one";
    }
  }
}

TEST(WasiTable, SpecialEventKindsAreAboveTheRows) {
  namespace t = wrr::trace;
  size_t rows = wrr::wasiFunctions().size();
  // Every row of rrlib/special_events.def, the stop included.
  std::set<uint8_t> kinds;
  std::set<std::string_view> names, wats;
  for (const t::SpecialEvent &s : t::kSpecialEvents) {
    kinds.insert(s.code);
    names.insert(s.name);
    wats.insert(s.wat);
  }
  const size_t n = std::size(t::kSpecialEvents);
  EXPECT_EQ(n, 11u);
  EXPECT_EQ(kinds.size(), n) << "two special kinds share a value";
  EXPECT_EQ(names.size(), n) << "two special events share a name";
  EXPECT_EQ(wats.size(), n) << "two special events share a runtime constant";
  EXPECT_EQ(kinds, (std::set<uint8_t>{t::kMemoryGrow, t::kStartReturned,
                                      t::kTrap, t::kRaiseResult, t::kStopped,
                                      t::kExportCall, t::kExportReturn,
                                      t::kImportCall, t::kImportReturn,
                                      t::kHostWrite, t::kHostReturned}));
  // Issue 16's codes, as the runtime writes them.
  EXPECT_EQ(t::kExportCall, 0x72);
  EXPECT_EQ(t::kExportReturn, 0x73);
  EXPECT_EQ(t::kImportCall, 0x74);
  EXPECT_EQ(t::kImportReturn, 0x75);
  EXPECT_EQ(t::kHostWrite, 0x76);
  EXPECT_EQ(t::kHostReturned, 0x77);
  for (const t::SpecialEvent &s : t::kSpecialEvents) {
    uint8_t k = s.code;
    EXPECT_GE(k, rows) << int(k);
    EXPECT_EQ(k & t::kKindMask, k) << int(k);
    EXPECT_EQ(k & t::kErrnoFlag, 0) << int(k);
    t::Event e;
    e.kind = k;
    EXPECT_FALSE(e.isCall()) << int(k);
    EXPECT_EQ(e.name(), s.name) << int(k);
    EXPECT_EQ(e.endsTrace(), s.ends) << int(k);
    EXPECT_FALSE(wrr::findWasiFunction(s.name)) << s.name;
    EXPECT_EQ(t::findSpecialEvent(s.name), &s) << s.name;
  }
  EXPECT_EQ(t::kKindMask | t::kErrnoFlag, 0xff);
  EXPECT_EQ(t::kKindMask & t::kErrnoFlag, 0);
  EXPECT_LE(rows, size_t{t::kKindMask} + 1);
  // Every row is a call event named after its function.
  for (size_t i = 0; i < rows; ++i) {
    t::Event e;
    e.kind = static_cast<uint8_t>(i);
    EXPECT_TRUE(e.isCall());
    EXPECT_EQ(e.name(), wrr::wasiFunctions()[i].name);
  }
  t::Event unknown;
  unknown.kind = static_cast<uint8_t>(rows);
  EXPECT_FALSE(unknown.isCall());
  EXPECT_EQ(unknown.name(), "unknown");
}

} // namespace

namespace {

// Trace format 3 stores what a call sends, and messages name it: every
// parameter has its witx name, every read region a name, and the items are
// the scalar parameters then the read regions.
TEST(WasiTable, ParametersAndReadRegionsAreNamed) {
  EXPECT_EQ(wrr::checkWasiTable(), "");
  for (const WasiFunction &f : wrr::wasiFunctions()) {
    SCOPED_TRACE(std::string(f.name));
    ASSERT_EQ(f.numParamNames, f.numParams);
    for (const Region &r : f.readRegions())
      EXPECT_FALSE(r.name.empty());
  }
  auto names = [](const WasiFunction &f) {
    std::vector<std::string> out;
    for (unsigned i = 0; i < f.numParams; ++i)
      if (!f.isPointerParam(i))
        out.emplace_back(f.paramNames[i]);
    for (const Region &r : f.readRegions())
      out.emplace_back(r.name);
    EXPECT_EQ(out.size(), f.numSentItems());
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(names(row("fd_write")), (V{"fd", "iovs_len", "iovs", "data"}));
  EXPECT_EQ(names(row("fd_read")), (V{"fd", "iovs_len", "iovs"}));
  EXPECT_EQ(names(row("path_open")),
            (V{"fd", "dirflags", "path_len", "oflags", "fs_rights_base",
               "fs_rights_inheriting", "fdflags", "path"}));
  EXPECT_EQ(names(row("path_rename")),
            (V{"fd", "old_path_len", "new_fd", "new_path_len", "old_path",
               "new_path"}));
  EXPECT_EQ(names(row("poll_oneoff")), (V{"nsubscriptions", "in"}));
  EXPECT_EQ(names(row("clock_time_get")), (V{"id", "precision"}));
  EXPECT_EQ(names(row("proc_exit")), (V{"rval"}));
  EXPECT_EQ(names(row("sched_yield")), V{});
  // Lengths of what is sent are reported after the bytes they size.
  EXPECT_TRUE(row("path_open").isLengthParam(3));
  EXPECT_TRUE(row("fd_write").isLengthParam(2));
  EXPECT_FALSE(row("fd_write").isLengthParam(0));
}

} // namespace
