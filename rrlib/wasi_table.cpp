// The rows of the WASI effects table, from the wasi_snapshot_preview1 witx
// definitions. A fixed-size result's size is its display's
// (rrlib/displays.def); arrays count in kIovecSize, kSubscriptionSize,
// kEventSize (wasi_table.h).
#include "rrlib/wasi_table.h"

#include "rrlib/runtime_layout.h"

#include <algorithm>
#include <array>
#include <initializer_list>

namespace wrr {
namespace {

constexpr ValType I32 = ValType::I32;
constexpr ValType I64 = ValType::I64;

// Lengths.
constexpr Len constLen(uint32_t n) { return {Len::Const, n, 1, {}}; }
constexpr Len paramLen(uint8_t p, uint32_t scale = 1) {
  return {Len::Param, p, scale, {}};
}
constexpr Len derefLen(uint8_t p, uint32_t scale = 1) {
  return {Len::Deref, p, scale, {}};
}
constexpr Len hostSizes(std::string_view fn, uint8_t field,
                        uint32_t scale = 1) {
  return {Len::HostSizes, field, scale, fn};
}

// Regions.
constexpr Region bytes(uint8_t ptr, Len len) {
  return {Region::Bytes, ptr, len, 0, Region::Raw};
}
// A result region, with the name and display hint tools use.
constexpr Region named(Region r, std::string_view name, Display display) {
  r.name = name;
  r.display = display;
  return r;
}
// A fixed-size result: its size is its display's (rrlib/displays.def).
constexpr Region out(uint8_t ptr, std::string_view name, Display display) {
  return named(bytes(ptr, constLen(displayInfo(display).size)), name, display);
}
// A C string argument: (ptr, len) parameter pair.
constexpr Region path(uint8_t ptr) {
  Region r = bytes(ptr, paramLen(ptr + 1));
  r.isPath = true;
  return r;
}
constexpr Region asPath(Region r) {
  r.isPath = true;
  return r;
}
// The iovec array itself, as the host reads it (digested by its lengths).
constexpr Region iovArray(uint8_t iovs) {
  Region r = bytes(iovs, paramLen(iovs + 1, kIovecSize));
  r.encoding = Region::IovecLengths;
  return r;
}
// Addresses into the buffer at param `base`, stored as offsets.
constexpr Region offsets(Region r, uint8_t base) {
  r.encoding = Region::Offsets;
  r.base = base;
  return r;
}
// The payload the host gathers from the iovecs.
constexpr Region gather(uint8_t iovs) {
  Region r = {Region::Iovecs, iovs, {}, static_cast<uint8_t>(iovs + 1),
              Region::Raw};
  r.name = "data";
  return r;
}
// `count` bytes scattered over the iovecs; count is the u32 at param `at`.
constexpr Region scatter(uint8_t iovs, uint8_t at, std::string_view name) {
  return named({Region::Iovecs, iovs, derefLen(at),
                static_cast<uint8_t>(iovs + 1), Region::Raw},
               name, Display::String);
}

constexpr WasiFunction blocking(WasiFunction f, Blocks b) {
  f.blocks = b;
  return f;
}

// `names`: the witx parameter names, one per parameter. A read region
// without a name of its own takes its pointer parameter's.
constexpr WasiFunction row(std::string_view name,
                           std::initializer_list<ValType> params,
                           std::initializer_list<std::string_view> names,
                           std::initializer_list<uint8_t> fds,
                           std::initializer_list<Region> reads,
                           std::initializer_list<Region> writes,
                           Policy policy = Policy::Replay,
                           bool returnsErrno = true) {
  WasiFunction f;
  f.name = name;
  for (ValType t : params)
    f.params[f.numParams++] = t;
  for (std::string_view n : names)
    if (f.numParamNames < kMaxParams)
      f.paramNames[f.numParamNames++] = n;
  for (uint8_t p : fds)
    f.fdParams |= static_cast<uint16_t>(1u << p);
  for (Region r : reads) {
    if (r.name.empty() && r.ptr < f.numParamNames)
      r.name = f.paramNames[r.ptr];
    f.reads[f.numReads++] = r;
  }
  for (const Region &r : writes)
    f.writes[f.numWrites++] = r;
  f.policy = policy;
  f.returnsErrno = returnsErrno;
  return f;
}

// Write regions are listed in the order events store them: fixed-size
// results first, so that Deref lengths can refer to them.
constexpr WasiFunction kTable[] = {
    row("args_get", {I32, I32}, {"argv", "argv_buf"}, {}, {},
     {named(offsets(bytes(0, hostSizes("args_sizes_get", 0, 4)), 1), "argv",
            Display::Pointers),
      named(bytes(1, hostSizes("args_sizes_get", 1)), "argv_buf",
            Display::StringList)}),
    row("args_sizes_get", {I32, I32}, {"argc", "argv_buf_size"}, {}, {},
     {out(0, "argc", Display::U32),
      out(1, "argv_buf_size", Display::U32)}),
    row("environ_get", {I32, I32}, {"environ", "environ_buf"}, {}, {},
     {named(offsets(bytes(0, hostSizes("environ_sizes_get", 0, 4)), 1),
            "environ", Display::Pointers),
      named(bytes(1, hostSizes("environ_sizes_get", 1)), "environ_buf",
            Display::StringList)}),
    row("environ_sizes_get", {I32, I32}, {"environc", "environ_buf_size"}, {}, {},
     {out(0, "environc", Display::U32),
      out(1, "environ_buf_size", Display::U32)}),
    row("clock_res_get", {I32, I32}, {"id", "resolution"}, {}, {},
     {out(1, "resolution", Display::U64)}),
    row("clock_time_get", {I32, I64, I32}, {"id", "precision", "time"}, {}, {},
     {named({Region::Bytes, 2, constLen(8), 0, Region::ClockDelta}, "time",
            Display::Timestamp)}),
    row("fd_advise", {I32, I64, I64, I32}, {"fd", "offset", "len", "advice"}, {0}, {}, {}),
    row("fd_allocate", {I32, I64, I64}, {"fd", "offset", "len"}, {0}, {}, {}),
    row("fd_close", {I32}, {"fd"}, {0}, {}, {}),
    row("fd_datasync", {I32}, {"fd"}, {0}, {}, {}),
    row("fd_fdstat_get", {I32, I32}, {"fd", "stat"}, {0}, {},
     {out(1, "fdstat", Display::Fdstat)}),
    row("fd_fdstat_set_flags", {I32, I32}, {"fd", "flags"}, {0}, {}, {}),
    row("fd_fdstat_set_rights", {I32, I64, I64}, {"fd", "fs_rights_base", "fs_rights_inheriting"}, {0}, {}, {}),
    row("fd_filestat_get", {I32, I32}, {"fd", "buf"}, {0}, {},
     {out(1, "filestat", Display::Filestat)}),
    row("fd_filestat_set_size", {I32, I64}, {"fd", "size"}, {0}, {}, {}),
    row("fd_filestat_set_times", {I32, I64, I64, I32}, {"fd", "atim", "mtim", "fst_flags"}, {0}, {}, {}),
    row("fd_pread", {I32, I32, I32, I64, I32}, {"fd", "iovs", "iovs_len", "offset", "nread"}, {0}, {iovArray(1)},
     {out(4, "nread", Display::U32), scatter(1, 4, "iovs")}),
    row("fd_prestat_get", {I32, I32}, {"fd", "buf"}, {0}, {},
     {out(1, "prestat", Display::Prestat)}),
    row("fd_prestat_dir_name", {I32, I32, I32}, {"fd", "path", "path_len"}, {0}, {},
     {asPath(named(bytes(1, paramLen(2)), "path", Display::String))}),
    row("fd_pwrite", {I32, I32, I32, I64, I32}, {"fd", "iovs", "iovs_len", "offset", "nwritten"}, {0}, {iovArray(1), gather(1)},
     {out(4, "nwritten", Display::U32)}),
    blocking(row("fd_read", {I32, I32, I32, I32}, {"fd", "iovs", "iovs_len", "nread"}, {0}, {iovArray(1)},
     {out(3, "nread", Display::U32), scatter(1, 3, "iovs")}),
     Blocks::OnStdin),
    row("fd_readdir", {I32, I32, I32, I64, I32}, {"fd", "buf", "buf_len", "cookie", "bufused"}, {0}, {},
     {out(4, "bufused", Display::U32),
      named(bytes(1, derefLen(4)), "buf", Display::Dirents)}),
    row("fd_renumber", {I32, I32}, {"fd", "to"}, {0, 1}, {}, {}),
    row("fd_seek", {I32, I64, I32, I32}, {"fd", "offset", "whence", "newoffset"}, {0}, {},
     {out(3, "newoffset", Display::U64)}),
    row("fd_sync", {I32}, {"fd"}, {0}, {}, {}),
    row("fd_tell", {I32, I32}, {"fd", "offset"}, {0}, {}, {out(1, "offset", Display::U64)}),
    row("fd_write", {I32, I32, I32, I32}, {"fd", "iovs", "iovs_len", "nwritten"}, {0}, {iovArray(1), gather(1)},
     {out(3, "nwritten", Display::U32)}, Policy::EchoOutput),
    row("path_create_directory", {I32, I32, I32}, {"fd", "path", "path_len"}, {0}, {path(1)}, {}),
    row("path_filestat_get", {I32, I32, I32, I32, I32}, {"fd", "flags", "path", "path_len", "buf"}, {0}, {path(2)},
     {out(4, "filestat", Display::Filestat)}),
    row("path_filestat_set_times", {I32, I32, I32, I32, I64, I64, I32}, {"fd", "flags", "path", "path_len", "atim", "mtim", "fst_flags"}, {0},
     {path(2)}, {}),
    row("path_link", {I32, I32, I32, I32, I32, I32, I32}, {"old_fd", "old_flags", "old_path", "old_path_len", "new_fd", "new_path", "new_path_len"}, {0, 4},
     {path(2), path(5)}, {}),
    row("path_open", {I32, I32, I32, I32, I32, I64, I64, I32, I32}, {"fd", "dirflags", "path", "path_len", "oflags", "fs_rights_base", "fs_rights_inheriting", "fdflags", "opened_fd"}, {0},
     {path(2)}, {out(8, "fd", Display::Fd)}),
    row("path_readlink", {I32, I32, I32, I32, I32, I32}, {"fd", "path", "path_len", "buf", "buf_len", "bufused"}, {0}, {path(1)},
     {out(5, "bufused", Display::U32),
      named(bytes(3, derefLen(5)), "buf", Display::String)}),
    row("path_remove_directory", {I32, I32, I32}, {"fd", "path", "path_len"}, {0}, {path(1)}, {}),
    row("path_rename", {I32, I32, I32, I32, I32, I32}, {"fd", "old_path", "old_path_len", "new_fd", "new_path", "new_path_len"}, {0, 3},
     {path(1), path(4)}, {}),
    row("path_symlink", {I32, I32, I32, I32, I32}, {"old_path", "old_path_len", "fd", "new_path", "new_path_len"}, {2}, {path(0), path(3)}, {}),
    row("path_unlink_file", {I32, I32, I32}, {"fd", "path", "path_len"}, {0}, {path(1)}, {}),
    blocking(row("poll_oneoff", {I32, I32, I32, I32}, {"in", "out", "nsubscriptions", "nevents"}, {},
     {{Region::Bytes, 0, paramLen(2, kSubscriptionSize), 0, Region::Subscriptions}},
     {out(3, "nevents", Display::U32),
      named({Region::Bytes, 1, derefLen(3, kEventSize), 2, Region::PollEvents, 0},
            "events", Display::Events)}),
     Blocks::Always),
    row("proc_exit", {I32}, {"rval"}, {}, {}, {}, Policy::Exit, false),
    row("proc_raise", {I32}, {"sig"}, {}, {}, {}, Policy::MayNotReturn),
    row("random_get", {I32, I32}, {"buf", "buf_len"}, {}, {},
     {named(bytes(0, paramLen(1)), "buf", Display::Bytes)}),
    row("sched_yield", {}, {}, {}, {}, {}),
    blocking(row("sock_accept", {I32, I32, I32}, {"fd", "flags", "ro_fd"}, {0}, {},
     {out(2, "fd", Display::Fd)}), Blocks::Always),
    blocking(row("sock_recv", {I32, I32, I32, I32, I32, I32}, {"fd", "ri_data", "ri_data_len", "ri_flags", "ro_datalen", "ro_flags"}, {0}, {iovArray(1)},
     {out(4, "ro_datalen", Display::U32),
      out(5, "ro_flags", Display::U16), scatter(1, 4, "ri_data")}),
     Blocks::Always),
    row("sock_send", {I32, I32, I32, I32, I32}, {"fd", "si_data", "si_data_len", "si_flags", "so_datalen"}, {0}, {iovArray(1), gather(1)},
     {out(4, "so_datalen", Display::U32)}),
    row("sock_shutdown", {I32, I32}, {"fd", "how"}, {0}, {}, {}),
};

} // namespace

std::span<const WasiFunction> wasiFunctions() { return kTable; }

std::optional<uint8_t> findWasiFunction(std::string_view name) {
  for (size_t i = 0; i < std::size(kTable); ++i)
    if (kTable[i].name == name)
      return static_cast<uint8_t>(i);
  return std::nullopt;
}

static bool isPointer(const WasiFunction &f, unsigned p) {
  return p < f.numParams && f.params[p] == ValType::I32;
}

static std::string_view checkRegion(const WasiFunction &f, const Region &r,
                                    bool isWrite, unsigned index) {
  if (!isPointer(f, r.ptr))
    return "region pointer is not an i32 parameter";
  if (r.kind == Region::Iovecs && !isPointer(f, r.iovCount))
    return "iovec count is not an i32 parameter";
  switch (r.len.kind) {
  case Len::Const:
    if (r.kind == Region::Bytes && r.len.value == 0)
      return "empty constant region";
    break;
  case Len::Param:
    if (r.len.value >= f.numParams)
      return "length parameter out of range";
    break;
  case Len::Deref: {
    if (!isWrite)
      return "a read region cannot depend on a result";
    if (f.derefSource(index) == index)
      return "Deref length does not name an earlier 4-byte result";
    break;
  }
  case Len::HostSizes:
    if (!findWasiFunction(r.len.sizesFunc) || r.len.value > 1)
      return "HostSizes names no *_sizes_get field";
    break;
  }
  if (r.encoding == Region::Subscriptions &&
      (isWrite || r.kind != Region::Bytes || r.len.kind != Len::Param ||
       r.len.scale != kSubscriptionSize))
    return "a Subscriptions region is not a read of 48-byte entries";
  if (r.encoding == Region::IovecLengths &&
      (isWrite || r.kind != Region::Bytes || r.len.kind != Len::Param ||
       r.len.scale != kIovecSize))
    return "an IovecLengths region is not a read of 8-byte entries";
  if (r.encoding == Region::Offsets &&
      (!isWrite || r.kind != Region::Bytes || r.len.scale != 4 ||
       !isPointer(f, r.base)))
    return "an Offsets region is not a u32 array relative to a pointer";
  if (r.encoding == Region::PollEvents &&
      (!isWrite || r.kind != Region::Bytes || r.len.scale != kEventSize ||
       !isPointer(f, r.base) || !isPointer(f, r.iovCount)))
    return "a PollEvents region is not an event array of a subscription "
           "array";
  if (r.encoding == Region::ClockDelta &&
      (r.len.kind != Len::Const || r.len.value != 8))
    return "ClockDelta region is not 8 bytes";
  if (!isWrite) {
    // Messages, tools and the JSON form name what the host read.
    if (r.name.empty())
      return "a read region has no name";
    for (unsigned i = 0; i < index; ++i)
      if (f.reads[i].name == r.name)
        return "two read regions of a row have the same name";
    for (unsigned p = 0; p < f.numParams; ++p)
      if (!f.isPointerParam(p) && f.paramNames[p] == r.name)
        return "a read region has the name of a scalar parameter";
  }
  if (isWrite) {
    // Tools and the JSON form name results; a display must fit the bytes.
    if (r.name.empty())
      return "a write region has no name";
    for (unsigned i = 0; i < index; ++i)
      if (f.writes[i].name == r.name)
        return "two write regions of a row have the same name";
    if (uint32_t size = displayInfo(r.display).size;
        size && (r.len.kind != Len::Const || r.len.value != size))
      return "a region's display does not fit its size";
    if (r.display == Display::Timestamp && r.encoding != Region::ClockDelta)
      return "a Timestamp region is not ClockDelta-encoded";
  }
  return {};
}

std::string_view checkAssumptions(const WasiFunction &f) {
  // The recorder starts each event with layout::kEventRoom bytes free and
  // writes its fixed part there without looking: kind, digest, errno (a
  // uleb of up to 5 bytes), the fixed-size results (a clock reading as a
  // uleb of up to 10 bytes).
  uint32_t fixed = 1 + 4 + 5;
  for (const Region &w : f.writeRegions())
    if (w.len.kind == Len::Const)
      fixed += w.encoding == Region::ClockDelta ? 10 : w.len.value;
  if (fixed > layout::kEventRoom)
    return "a row's fixed results do not fit the room an event starts with "
           "(rrlib/runtime_layout.def)";
  // Replay's EchoOutput re-emits fd_write's bytes from its parameters:
  // (fd, iovs, iovs_len, nwritten), the bytes gathered from the iovecs and
  // nwritten the one result.
  if (f.policy == Policy::EchoOutput) {
    const ValType fdWrite[] = {ValType::I32, ValType::I32, ValType::I32,
                               ValType::I32};
    bool params = f.numParams == 4 &&
                  std::equal(fdWrite, fdWrite + 4, f.params) &&
                  f.isFdParam(0);
    bool gathers = false;
    for (const Region &r : f.readRegions())
      gathers |= r.kind == Region::Iovecs && r.ptr == 1 && r.iovCount == 2;
    bool result = f.numWrites == 1 && f.writes[0].kind == Region::Bytes &&
                  f.writes[0].ptr == 3 && f.writes[0].len.kind == Len::Const &&
                  f.writes[0].len.value == 4;
    if (!params || !gathers || !result)
      return "an EchoOutput row is not shaped as fd_write (the replay thunk "
             "reads its parameters so)";
  }
  return {};
}

std::string_view checkWasiTable() {
  for (const WasiFunction &f : kTable) {
    if (f.numParamNames != f.numParams)
      return "a row does not name each of its parameters";
    for (unsigned p = 0; p < f.numParams; ++p) {
      if (f.paramNames[p].empty())
        return "a parameter has an empty name";
      for (unsigned q = 0; q < p; ++q)
        if (f.paramNames[q] == f.paramNames[p])
          return "two parameters of a row have the same name";
    }
    for (unsigned i = 0; i < f.numReads; ++i)
      if (auto e = checkRegion(f, f.reads[i], false, i); !e.empty())
        return e;
    for (unsigned i = 0; i < f.numWrites; ++i)
      if (auto e = checkRegion(f, f.writes[i], true, i); !e.empty())
        return e;
    for (unsigned p = 0; p < kMaxParams; ++p)
      if (f.isFdParam(p) && !isPointer(f, p))
        return "fd parameter is not an i32";
    for (const Region &w : f.writeRegions())
      if (w.display == Display::Fd && w.kind != Region::Bytes)
        return "an Fd result is not a plain 4-byte region";
    if (f.blocks == Blocks::OnStdin && !f.isFdParam(0))
      return "OnStdin names a call whose param 0 is no fd";
    if (auto e = checkAssumptions(f); !e.empty())
      return e;
  }
  return {};
}

} // namespace wrr
