//===- instrument.cpp - make WASI calls recordable and replayable ---------===//
//
// Rewrites a module so that every wasi_snapshot_preview1 import goes through
// a thunk generated from its row in rrlib's WASI table. The thunk records
// the call's result and every byte the host wrote into memory, or, in
// replay, checks the call against the trace and answers from it:
//
//   before:
//     (import "wasi_snapshot_preview1" "random_get" (func $random_get ...))
//     (call $random_get (local.get $buf) (i32.const 16))
//
//   after:
//     (import "wasi_snapshot_preview1" "random_get" (func $wrr.h.random_get ...))
//     (func $random_get (param $buf i32) (param $len i32) (result i32)
//       (if (i32.eqz (global.get $wrr.mode)) (then (call $wrr.init)))
//       (block $replay (block $record (block $pass
//         (br_table $pass $pass $record $replay $pass (global.get $wrr.mode)))
//         (return (call $wrr.h.random_get (local.get 0) (local.get 1))))
//        ;; record: digest the inputs, call the host, log result and bytes
//        ...
//        (return (local.get $r)))
//       ;; replay: check the digest against the trace, copy the bytes back
//       ...)
//     (call $random_get (local.get $buf) (i32.const 16))   ;; unchanged
//
// Calls, table entries and exports name functions, so they follow the new
// definition without being touched. The runtime the thunks call
// (passes/runtime/*.wat) is copied in, memory.size and memory.grow are
// virtualized (memory_ops.h) so the program never sees the pages the log
// buffer lives in, the start function reserves those pages, and _start is
// wrapped so the trace is finished when it returns.
//
//===----------------------------------------------------------------------===//

#include "passes/instrument.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "passes/error.h"
#include "passes/binaryen.h"
#include "passes/binaryen_input.h"
#include "passes/dwarf_offsets.h"
#include "passes/dwarf_rewrite.h"
#include "passes/memory_ops.h"
#include "passes/source_map.h"
#include "passes/module_info.h"
#include "rrlib/module_id.h"
#include "rrlib/runtime_layout.h"
#include "rrlib/trace.h"
#include "rrlib/wasi_names.h"
#include "rrlib/wasi_table.h"
#include "rrlib/wasm_sections.h"

namespace wrr {

extern const uint8_t kRuntimeWasm[];
extern const size_t kRuntimeWasmSize;
extern const uint8_t kRuntimeBundleWasm[];
extern const size_t kRuntimeBundleWasmSize;

const char *wrrVersion() { return WRR_VERSION; } // CMakeLists.txt's project()

namespace {

constexpr uint32_t kMaxPages = 65536;
constexpr const char *kPrefix = "wrr.";
constexpr const char *kHostPrefix = "wrr.h.";

// The runtime's messages, by the name it imports their ids under.
struct Message {
  const char *name;
  const char *text;
};
constexpr Message kMessages[] = {
    {"msg_prefix", "wrr: "},
    {"msg_diverged", "replay diverged at event #"},
    {"msg_trace_has", "the trace has "},
    {"msg_program_called", ", the program called "},
    {"msg_other_args", " called with other arguments than recorded"},
    {"msg_trace_ended", "the trace has ended"},
    {"msg_trapped_here", "the recording trapped here"},
    {"msg_trapped_in", "the recording trapped inside "},
    {"msg_not_last",
     "the trace directory (/.wrr/record or /.wrr/replay) must be the last "
     "preopened directory"},
    {"msg_cannot_open", "cannot open or read trace.wrr in the trace directory"},
    {"msg_cannot_write", "cannot write trace.wrr in the trace directory"},
    {"msg_bad_header",
     "trace.wrr is not a wrr trace of format version 2 or 3"},
    {"msg_other_module",
     "the trace was recorded from another module (this module "},
    {"msg_trace_hash", ", the trace's "},
    {"msg_corrupt", "the trace is corrupt (a block checksum does not match)"},
    {"msg_truncated", "the trace is truncated"},
    {"msg_long_number", "the trace is malformed (event #"},
    {"msg_long_number_end", " holds a number longer than 64 bits)"},
    {"msg_split", "the trace is malformed (an event's fixed part spans two "
                  "blocks)"},
    {"msg_after_end", "the trace is corrupt (data after its final block)"},
    {"msg_stopped", "the recording was stopped here (a time limit, a signal, "
                    "or wrr sealing a trace that was cut short)"},
    {"msg_raise_survived",
     "the recording ended in proc_raise, but the signal did not end this "
     "process"},
    {"msg_bad_region",
     "the trace does not fit the program's memory (corrupt trace?)"},
    {"msg_grow_refused",
     "the engine refused memory that the recording was granted"},
    {"msg_digest", " (trace digest "},
    {"msg_program_digest", ", program digest "},
    {"msg_write_failed", "cannot write the trace ("},
    {"msg_at_event", ") at event #"},
    {"msg_unrecorded", ": recording stopped; the program runs on unrecorded"},
    {"msg_cut_off", "the trace is truncated (it has no final block: the "
                    "recorded run crashed or was killed) before event #"},
    {"msg_stray", "the program wrote into wrr's reserved memory ("},
    {"msg_stray_header", "the trace header at +"},
    {"msg_stray_names", "the runtime's file names at +"},
    {"msg_stray_before", ") before event #"},
    {"msg_stray_between", ") between event #"},
    {"msg_stray_and", " and #"},
    {"msg_stray_end", "; a plain run would have trapped there"},
    {"msg_epipe", "replay: the program's output pipe was closed (EPIPE); "
                  "stopping the replay"},
    {"msg_stop_at", "replay stopped after event #"},
    {"msg_paused", "replay reached event #"},
    {"msg_paused_if", ": paused there if a debugger is attached"},
    {"msg_buffer_recorded", "the trace was recorded with a "},
    {"msg_buffer_module", "-page log buffer; this module has "},
    {"msg_recorded", ": recorded "},
    {"msg_now", ", now "},
    {"msg_differs_at", " differs at byte "},
    {"msg_of", " of "},
    {"msg_lengths", " (recorded "},
    {"msg_bytes_now", " bytes, now "},
    {"msg_buffer_fix", " (wrr replay sizes the buffer to fit the trace; "
                       "wrr-instrument takes --buffer-pages)"},
};

static_assert(trace::kVersion == 3 && trace::kMinVersion == 2,
              "msg_bad_header names the versions");

// Builds the module's IR; every helper is one WAT instruction.
class IR {
public:
  explicit IR(BinaryenModuleRef m) : m_(m) {}
  BinaryenModuleRef module() const { return m_; }

  BinaryenExpressionRef i32(int32_t v) {
    return BinaryenConst(m_, BinaryenLiteralInt32(v));
  }
  BinaryenExpressionRef i64(int64_t v) {
    return BinaryenConst(m_, BinaryenLiteralInt64(v));
  }
  BinaryenExpressionRef get(BinaryenIndex i, BinaryenType t) {
    return BinaryenLocalGet(m_, i, t);
  }
  BinaryenExpressionRef set(BinaryenIndex i, BinaryenExpressionRef v) {
    return BinaryenLocalSet(m_, i, v);
  }
  BinaryenExpressionRef global(const char *name, BinaryenType t) {
    return BinaryenGlobalGet(m_, name, t);
  }
  BinaryenExpressionRef call(const std::string &fn,
                             std::vector<BinaryenExpressionRef> args,
                             BinaryenType result = BinaryenTypeNone()) {
    return BinaryenCall(m_, fn.c_str(), args.data(), args.size(), result);
  }
  BinaryenExpressionRef block(std::vector<BinaryenExpressionRef> body,
                              const char *name = nullptr,
                              BinaryenType t = BinaryenTypeAuto()) {
    return BinaryenBlock(m_, name, body.data(), body.size(), t);
  }
  BinaryenExpressionRef when(BinaryenExpressionRef cond,
                             BinaryenExpressionRef then,
                             BinaryenExpressionRef otherwise = nullptr) {
    return BinaryenIf(m_, cond, then, otherwise);
  }
  BinaryenExpressionRef binary(BinaryenOp op, BinaryenExpressionRef a,
                               BinaryenExpressionRef b) {
    return BinaryenBinary(m_, op, a, b);
  }
  BinaryenExpressionRef unary(BinaryenOp op, BinaryenExpressionRef a) {
    return BinaryenUnary(m_, op, a);
  }
  BinaryenExpressionRef load32(BinaryenExpressionRef ptr, uint32_t off = 0) {
    return BinaryenLoad(m_, 4, false, off, 1, BinaryenTypeInt32(), ptr);
  }
  BinaryenExpressionRef store(unsigned bytes, BinaryenExpressionRef ptr,
                              uint32_t off, BinaryenExpressionRef value,
                              BinaryenType t) {
    return BinaryenStore(m_, bytes, off, 1, ptr, value, t);
  }
  BinaryenExpressionRef ret(BinaryenExpressionRef v = nullptr) {
    return BinaryenReturn(m_, v);
  }
  BinaryenExpressionRef drop(BinaryenExpressionRef v) {
    return BinaryenDrop(m_, v);
  }
  BinaryenExpressionRef unreachable() { return BinaryenUnreachable(m_); }

private:
  BinaryenModuleRef m_;
};

BinaryenType wasmType(ValType t) {
  return t == ValType::I32 ? BinaryenTypeInt32() : BinaryenTypeInt64();
}

BinaryenType paramsType(const WasiFunction &f) {
  std::vector<BinaryenType> types;
  for (ValType t : f.paramTypes())
    types.push_back(wasmType(t));
  return BinaryenTypeCreate(types.data(), types.size());
}

BinaryenType resultType(const WasiFunction &f) {
  return f.returnsErrno ? BinaryenTypeInt32() : BinaryenTypeNone();
}

std::string hostName(std::string_view wasiName) {
  return kHostPrefix + std::string(wasiName);
}

// Stores `bytes` at (local 1) + offset, eight at a time.
std::vector<BinaryenExpressionRef> storeBytes(IR &ir, BinaryenIndex dst,
                                              std::string_view bytes) {
  std::vector<BinaryenExpressionRef> out;
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t v;
    std::memcpy(&v, bytes.data() + i, 8);
    out.push_back(ir.store(8, ir.get(dst, BinaryenTypeInt32()), i,
                           ir.i64(static_cast<int64_t>(v)),
                           BinaryenTypeInt64()));
  }
  for (; i < bytes.size(); ++i)
    out.push_back(ir.store(1, ir.get(dst, BinaryenTypeInt32()), i,
                           ir.i32(static_cast<uint8_t>(bytes[i])),
                           BinaryenTypeInt32()));
  return out;
}

// A bundle replays a trace embedded as passive data segment `segment`.
struct Bundle {
  uint32_t segment = 0;
  uint32_t traceSize = 0;
};

class Instrumenter {
public:
  // `featuresSection`: whether Binaryen read a target_features section.
  Instrumenter(BinaryenModuleRef m, const ModuleInfo &info,
               bool featuresSection, const ModuleId &id,
               const InstrumentOptions &options,
               std::optional<Bundle> bundle = std::nullopt)
      : m_(m), ir_(m), info_(info), featuresSection_(featuresSection), id_(id),
        options_(options), bundle_(bundle) {}

  llvm::Error run();

private:
  llvm::Error checkNames();
  llvm::Error mergeRuntime();
  void addGeneratedFunction(const std::string &name, const char *base);
  llvm::Expected<int32_t> constant(const std::string &base);
  void ensureHostImport(const WasiFunction &f);
  void replaceImport(BinaryenFunctionRef import);
  BinaryenExpressionRef thunkBody(const WasiFunction &f, uint8_t kind);
  BinaryenExpressionRef digest(const WasiFunction &f, uint8_t kind);
  BinaryenExpressionRef recordPath(const WasiFunction &f, uint8_t kind);
  BinaryenExpressionRef replayPath(const WasiFunction &f, uint8_t kind);
  BinaryenExpressionRef regionLength(const WasiFunction &f, const Len &len);
  BinaryenExpressionRef recordRegion(const WasiFunction &f, const Region &r);
  BinaryenExpressionRef replayRegion(const WasiFunction &f, uint8_t kind,
                                     const Region &r);
  BinaryenExpressionRef hostCall(const WasiFunction &f);
  std::vector<BinaryenExpressionRef> sentItems(const WasiFunction &f,
                                               uint8_t kind, bool record);
  BinaryenExpressionRef param(const WasiFunction &f, unsigned i) {
    return ir_.get(i, wasmType(f.params[i]));
  }
  std::vector<BinaryenExpressionRef> allParams(const WasiFunction &f) {
    std::vector<BinaryenExpressionRef> args;
    for (unsigned i = 0; i < f.numParams; ++i)
      args.push_back(param(f, i));
    return args;
  }
  BinaryenExpressionRef headerFunction();
  BinaryenExpressionRef messageFunction();
  BinaryenExpressionRef nameFunction();
  BinaryenExpressionRef errnoFunction();
  BinaryenExpressionRef sentNameFunction();
  BinaryenExpressionRef pollFunction();
  void wrapStart();
  void wrapExports();
  void addMarker();

  BinaryenModuleRef m_;
  IR ir_;
  const ModuleInfo &info_;
  bool featuresSection_;
  const ModuleId &id_;
  const InstrumentOptions &options_;
  std::optional<Bundle> bundle_;
  std::string startName_;
};

// The runtime's names must be free (a stripped instrumented module has lost
// its marker section but not its names).
llvm::Error Instrumenter::checkNames() {
  auto taken = [](const char *name) {
    return std::strncmp(name, kPrefix, std::strlen(kPrefix)) == 0;
  };
  for (BinaryenIndex i = 0, n = BinaryenGetNumFunctions(m_); i < n; ++i)
    if (taken(BinaryenFunctionGetName(BinaryenGetFunctionByIndex(m_, i))))
      return error("module already has functions named wrr.*; was it "
                   "instrumented before?");
  for (BinaryenIndex i = 0, n = BinaryenGetNumGlobals(m_); i < n; ++i)
    if (taken(BinaryenGlobalGetName(BinaryenGetGlobalByIndex(m_, i))))
      return error("module already has globals named wrr.*; was it "
                   "instrumented before?");
  for (BinaryenIndex i = 0, n = BinaryenGetNumExports(m_); i < n; ++i)
    if (std::strncmp(BinaryenExportGetName(BinaryenGetExportByIndex(m_, i)),
                     "wrr_", 4) == 0)
      return error("module already exports wrr_* names; was it instrumented "
                   "before?");
  return llvm::Error::success();
}

llvm::Expected<int32_t> Instrumenter::constant(const std::string &base) {
  using namespace trace;
  const uint32_t pages = options_.bufferPages;
  uint64_t vmax = kMaxPages - pages;
  if (info_.memMax)
    vmax = std::min<uint64_t>(*info_.memMax, vmax);
  static const std::map<std::string, int64_t> kFixed = {
      {"header_size", kHeaderSize},
      {"chain_seed_bytes", kChainSeedBytes},
      {"final_block", static_cast<int32_t>(kFinalBlock)},
      {"errno_flag", kErrnoFlag},
      {"kind_mask", kKindMask},
      {"exit_stopped", kExitStopped},
      {"exit_stop_at", kExitStopAt},
      {"kind_fd_write", *findWasiFunction("fd_write")},
      {"exit_divergence", kExitDivergence},
      {"exit_trace_error", kExitTraceError},
      {"exit_epipe", kExitOutputClosed},
      {"version", kVersion},
      {"min_version", kMinVersion},
      {"off_version", kOffVersion},
      {"off_module_hash", kOffModuleHash},
      {"off_start_time", kOffStartTime},
      {"off_recorder", kOffRecorder},
      {"recorder_size", kRecorderSize},
      {"off_buffer_pages", kOffBufferPages},
  };
  if (base == "pages")
    return static_cast<int32_t>(pages);
  if (base == "vmax")
    return static_cast<int32_t>(vmax);
  if (base == "trace_size" && bundle_)
    return static_cast<int32_t>(bundle_->traceSize);
  if (auto it = kFixed.find(base); it != kFixed.end())
    return static_cast<int32_t>(it->second);
  for (const SpecialEvent &s : kSpecialEvents)
    if (base == s.wat)
      return s.code;
  for (const layout::Constant &c : layout::kConstants)
    if (base == c.wat)
      return static_cast<int32_t>(c.value);
  for (size_t i = 0; i < std::size(kMessages); ++i)
    if (base == kMessages[i].name)
      return static_cast<int32_t>(i);
  return error("internal error: the runtime imports an unknown constant '" +
               base + "'");
}

// Copies the runtime module in: its functions and globals, its WASI imports,
// and what it imports from "wrr" (generated here).
llvm::Error Instrumenter::mergeRuntime() {
  bn::Module rt = bundle_ ? bn::read({kRuntimeBundleWasm, kRuntimeBundleWasmSize})
                          : bn::read({kRuntimeWasm, kRuntimeWasmSize});
  BinaryenModuleRef r = rt.get();
  for (BinaryenIndex i = 0, n = BinaryenGetNumGlobals(r); i < n; ++i) {
    BinaryenGlobalRef g = BinaryenGetGlobalByIndex(r, i);
    const char *name = BinaryenGlobalGetName(g);
    const char *mod = BinaryenGlobalImportGetModule(g);
    if (mod && *mod) {
      auto value = constant(BinaryenGlobalImportGetBase(g));
      if (!value)
        return value.takeError();
      BinaryenAddGlobal(m_, name, BinaryenTypeInt32(), false, ir_.i32(*value));
      continue;
    }
    BinaryenAddGlobal(m_, name, BinaryenGlobalGetType(g),
                      BinaryenGlobalIsMutable(g),
                      BinaryenExpressionCopy(BinaryenGlobalGetInitExpr(g), m_));
  }
  for (BinaryenIndex i = 0, n = BinaryenGetNumFunctions(r); i < n; ++i) {
    BinaryenFunctionRef f = BinaryenGetFunctionByIndex(r, i);
    const char *name = BinaryenFunctionGetName(f);
    if (bn::isImport(f)) {
      std::string mod = BinaryenFunctionImportGetModule(f);
      const char *base = BinaryenFunctionImportGetBase(f);
      if (mod == "wrr") {
        addGeneratedFunction(name, base);
        continue;
      }
      if (!BinaryenGetFunction(m_, name))
        BinaryenAddFunctionImport(m_, name, mod.c_str(), base,
                                  BinaryenFunctionGetParams(f),
                                  BinaryenFunctionGetResults(f));
      continue;
    }
    std::vector<BinaryenType> vars;
    for (BinaryenIndex v = 0; v < BinaryenFunctionGetNumVars(f); ++v)
      vars.push_back(BinaryenFunctionGetVar(f, v));
    BinaryenAddFunction(m_, name, BinaryenFunctionGetParams(f),
                        BinaryenFunctionGetResults(f), vars.data(), vars.size(),
                        BinaryenExpressionCopy(BinaryenFunctionGetBody(f), m_));
  }
  // The runtime's exports are for runners (wrr_trapped, wrr_stopped); its
  // XXH64 is exported only so tests can check it.
  for (BinaryenIndex i = 0, n = BinaryenGetNumExports(r); i < n; ++i) {
    BinaryenExportRef ex = BinaryenGetExportByIndex(r, i);
    std::string_view name = BinaryenExportGetName(ex);
    if (BinaryenExportGetKind(ex) == BinaryenExternalFunction() &&
        name != "wrr_xxh64")
      BinaryenAddFunctionExport(m_, BinaryenExportGetValue(ex), name.data());
  }
  return llvm::Error::success();
}

void Instrumenter::addGeneratedFunction(const std::string &name,
                                        const char *base) {
  std::string_view b = base;
  BinaryenType i32 = BinaryenTypeInt32();
  if (b == "write_header") {
    BinaryenAddFunction(m_, name.c_str(), i32, BinaryenTypeNone(), nullptr, 0,
                        headerFunction());
    return;
  }
  if (b == "trace_read") {
    // (dst, offset, len): copy from the embedded trace.
    std::array<BinaryenType, 3> three = {i32, i32, i32};
    BinaryenExpressionRef body = BinaryenMemoryInit(
        m_, bundle_->segment, ir_.get(0, i32), ir_.get(1, i32), ir_.get(2, i32));
    BinaryenAddFunction(m_, name.c_str(), BinaryenTypeCreate(three.data(), 3),
                        BinaryenTypeNone(), nullptr, 0, body);
    return;
  }
  if (b == "poll") {
    std::array<BinaryenType, 4> four = {i32, i32, i32, i32};
    BinaryenAddFunction(m_, name.c_str(), BinaryenTypeCreate(four.data(), 4),
                        i32, nullptr, 0, pollFunction());
    return;
  }
  std::array<BinaryenType, 2> two = {i32, i32};
  BinaryenType params = BinaryenTypeCreate(two.data(), 2);
  BinaryenExpressionRef body = b == "msg"          ? messageFunction()
                               : b == "errno_name" ? errnoFunction()
                               : b == "sent_name"  ? sentNameFunction()
                                                   : nameFunction();
  BinaryenAddFunction(m_, name.c_str(), params, i32, nullptr, 0, body);
}

// Writes the constant part of the trace header (rrlib/trace.h).
BinaryenExpressionRef Instrumenter::headerFunction() {
  using namespace trace;
  std::string h(kHeaderSize, '\0');
  std::memcpy(h.data(), kMagic.data(), kMagic.size());
  h[kOffVersion] = kVersion & 0xff;
  h[kOffVersion + 1] = kVersion >> 8;
  h[kOffHeaderSize] = kHeaderSize & 0xff;
  std::memcpy(h.data() + kOffModuleHash, id_.data(), id_.size());
  std::string_view v = wrrVersion();
  std::memcpy(h.data() + kOffInstrumenter, v.data(), std::min<size_t>(v.size(), 8));
  for (unsigned i = 0; i < 4; ++i)
    h[kOffBufferPages + i] = static_cast<char>(options_.bufferPages >> (8 * i));
  // The dst parameter is local 0 here; storeBytes uses the index given.
  return ir_.block(storeBytes(ir_, 0, h));
}

// (func (param $id i32) (param $dst i32) (result i32)): one `if` per entry
// writes the text and returns its length; other ids write "?". Cold: only
// for error messages. Entries with no text are left out.
static BinaryenExpressionRef
stringSwitch(IR &ir, const std::vector<std::string_view> &texts) {
  std::vector<BinaryenExpressionRef> body;
  for (size_t i = 0; i < texts.size(); ++i) {
    if (texts[i].empty())
      continue;
    std::vector<BinaryenExpressionRef> write = storeBytes(ir, 1, texts[i]);
    write.push_back(ir.ret(ir.i32(static_cast<int32_t>(texts[i].size()))));
    body.push_back(ir.when(
        ir.binary(BinaryenEqInt32(), ir.get(0, BinaryenTypeInt32()),
                  ir.i32(static_cast<int32_t>(i))),
        ir.block(write)));
  }
  std::vector<BinaryenExpressionRef> unknown = storeBytes(ir, 1, "?");
  unknown.push_back(ir.ret(ir.i32(1)));
  body.push_back(ir.block(unknown));
  return ir.block(body, nullptr, BinaryenTypeNone());
}

BinaryenExpressionRef Instrumenter::messageFunction() {
  std::vector<std::string_view> texts;
  for (const Message &m : kMessages)
    texts.push_back(m.text);
  return stringSwitch(ir_, texts);
}

BinaryenExpressionRef Instrumenter::nameFunction() {
  std::vector<std::string_view> texts;
  for (unsigned k = 0; k <= trace::kKindMask; ++k) {
    trace::Event e;
    e.kind = static_cast<uint8_t>(k);
    texts.push_back(e.name() == "unknown" ? std::string_view() : e.name());
  }
  return stringSwitch(ir_, texts);
}

// Sent items are numbered across the table, row by row: a row's scalar
// parameters, then its read regions (WasiFunction::numSentItems).
static std::vector<std::string_view> sentNames() {
  std::vector<std::string_view> names;
  for (const WasiFunction &f : wasiFunctions()) {
    for (unsigned i = 0; i < f.numParams; ++i)
      if (!f.isPointerParam(i))
        names.push_back(f.paramNames[i]);
    for (const Region &r : f.readRegions())
      names.push_back(r.name);
  }
  return names;
}

static int32_t firstSentId(uint8_t kind) {
  int32_t id = 0;
  for (uint8_t k = 0; k < kind; ++k)
    id += static_cast<int32_t>(wasiFunctions()[k].numSentItems());
  return id;
}

BinaryenExpressionRef Instrumenter::sentNameFunction() {
  return stringSwitch(ir_, sentNames());
}

BinaryenExpressionRef Instrumenter::errnoFunction() {
  std::vector<std::string_view> texts;
  for (unsigned e = 0; !errnoName(e).empty(); ++e)
    texts.push_back(errnoName(e));
  return stringSwitch(ir_, texts);
}

// The runtime may wait with poll_oneoff only if the program imports it:
// an engine without it (wasm3) must still run the module.
BinaryenExpressionRef Instrumenter::pollFunction() {
  BinaryenType i32 = BinaryenTypeInt32();
  const std::vector<std::string> &in = info_.wasiImports;
  if (bundle_ || std::find(in.begin(), in.end(), "poll_oneoff") == in.end())
    return ir_.i32(52); // ENOSYS
  const WasiFunction &f = wasiFunctions()[*findWasiFunction("poll_oneoff")];
  ensureHostImport(f);
  return ir_.call(hostName(f.name),
                  {ir_.get(0, i32), ir_.get(1, i32), ir_.get(2, i32),
                   ir_.get(3, i32)},
                  i32);
}

void Instrumenter::ensureHostImport(const WasiFunction &f) {
  std::string name = hostName(f.name);
  if (BinaryenGetFunction(m_, name.c_str()))
    return;
  std::string base(f.name);
  BinaryenAddFunctionImport(m_, name.c_str(), std::string(kWasiModule).c_str(),
                            base.c_str(), paramsType(f), resultType(f));
}

BinaryenExpressionRef Instrumenter::digest(const WasiFunction &f,
                                           uint8_t kind) {
  BinaryenType i64 = BinaryenTypeInt64();
  BinaryenExpressionRef h = ir_.i64(static_cast<int64_t>(trace::digestSeed(kind)));
  for (unsigned i = 0; i < f.numParams; ++i) {
    if (f.isPointerParam(i))
      continue;
    BinaryenExpressionRef v = param(f, i);
    if (f.params[i] == ValType::I32)
      v = ir_.unary(BinaryenExtendUInt32(), v);
    // rotl(h + v * P2, 31) * P1 (XXH64's round), inline: thunks are hot.
    h = ir_.binary(
        BinaryenMulInt64(),
        ir_.binary(BinaryenRotLInt64(),
                   ir_.binary(BinaryenAddInt64(), h,
                              ir_.binary(BinaryenMulInt64(), v,
                                         ir_.i64(static_cast<int64_t>(0xC2B2AE3D27D4EB4Full)))),
                   ir_.i64(31)),
        ir_.i64(static_cast<int64_t>(0x9E3779B185EBCA87ull)));
  }
  // Never an address: iovec arrays by their lengths, subscriptions
  // without their userdata (docs/trace-format.md, "The digest").
  for (const Region &r : f.readRegions()) {
    if (r.kind == Region::Iovecs) {
      h = ir_.call("wrr.dgather", {h, param(f, r.ptr), param(f, r.iovCount)},
                   i64);
      continue;
    }
    if (r.encoding == Region::IovecLengths) {
      h = ir_.call("wrr.dlens", {h, param(f, r.ptr), param(f, r.len.value)},
                   i64);
      continue;
    }
    if (r.encoding == Region::Subscriptions) {
      h = ir_.call("wrr.dsubs", {h, param(f, r.ptr), param(f, r.len.value)},
                   i64);
      continue;
    }
    h = ir_.call("wrr.dbytes", {h, param(f, r.ptr), regionLength(f, r.len)},
                 i64);
  }
  return h;
}

BinaryenExpressionRef Instrumenter::regionLength(const WasiFunction &f,
                                                 const Len &len) {
  BinaryenExpressionRef n = nullptr;
  switch (len.kind) {
  case Len::Const:
    return ir_.i32(static_cast<int32_t>(len.value));
  case Len::Param:
    n = param(f, len.value);
    break;
  case Len::Deref:
    n = ir_.load32(param(f, len.value));
    break;
  case Len::HostSizes: {
    // Ask the host for the sizes again; the program's own *_sizes_get call
    // may not have come first.
    BinaryenType i32 = BinaryenTypeInt32();
    BinaryenExpressionRef scr = ir_.call("wrr.scratch", {}, i32);
    BinaryenExpressionRef scr4 = ir_.binary(
        BinaryenAddInt32(), ir_.call("wrr.scratch", {}, i32), ir_.i32(4));
    n = ir_.block({ir_.drop(ir_.call(hostName(len.sizesFunc), {scr, scr4}, i32)),
                   ir_.load32(ir_.call("wrr.scratch", {}, i32), 4 * len.value)});
    break;
  }
  }
  if (len.scale != 1)
    n = ir_.binary(BinaryenMulInt32(), n,
                   ir_.i32(static_cast<int32_t>(len.scale)));
  return n;
}

BinaryenExpressionRef Instrumenter::recordRegion(const WasiFunction &f,
                                                 const Region &r) {
  if (r.kind == Region::Iovecs)
    return ir_.call("wrr.rec_iovecs", {param(f, r.ptr), param(f, r.iovCount),
                                       regionLength(f, r.len)});
  if (r.encoding == Region::ClockDelta)
    return ir_.call("wrr.rec_clock", {param(f, 0), param(f, r.ptr)});
  if (r.encoding == Region::Offsets)
    return ir_.call("wrr.rec_offsets", {param(f, r.ptr), regionLength(f, r.len),
                                        param(f, r.base)});
  if (r.encoding == Region::PollEvents)
    return ir_.call("wrr.rec_events", {param(f, r.ptr), regionLength(f, r.len),
                                       param(f, r.base), param(f, r.iovCount)});
  if (r.len.kind == Len::Const)
    return ir_.call("wrr.rec_fixed", {param(f, r.ptr), regionLength(f, r.len)});
  if (r.lengthStored())
    return ir_.call("wrr.rec_sized", {param(f, r.ptr), regionLength(f, r.len)});
  return ir_.call("wrr.rec_bytes", {param(f, r.ptr), regionLength(f, r.len)});
}

BinaryenExpressionRef Instrumenter::replayRegion(const WasiFunction &f,
                                                 uint8_t kind,
                                                 const Region &r) {
  if (r.kind == Region::Iovecs)
    return ir_.call("wrr.rep_iovecs", {param(f, r.ptr), param(f, r.iovCount),
                                       regionLength(f, r.len)});
  if (r.encoding == Region::ClockDelta)
    return ir_.call("wrr.rep_clock", {param(f, r.ptr)});
  if (r.encoding == Region::Offsets)
    return ir_.call("wrr.rep_offsets", {param(f, r.ptr), param(f, r.base)});
  if (r.encoding == Region::PollEvents)
    return ir_.call("wrr.rep_events", {param(f, r.ptr), regionLength(f, r.len),
                                       param(f, r.base), param(f, r.iovCount)});
  if (r.len.kind == Len::Const)
    return ir_.call("wrr.rep_fixed", {param(f, r.ptr), regionLength(f, r.len)});
  if (r.len.kind == Len::HostSizes)
    return ir_.call("wrr.rep_sized", {param(f, r.ptr), ir_.i32(-1), ir_.i32(kind)});
  if (r.lengthStored())
    return ir_.call("wrr.rep_sized",
                    {param(f, r.ptr), regionLength(f, r.len), ir_.i32(kind)});
  return ir_.call("wrr.rep_bytes", {param(f, r.ptr), regionLength(f, r.len)});
}

// The host call of a recording: fd arguments translated from the program's
// numbers to the host's (the runtime's hidden fds are skipped).
BinaryenExpressionRef Instrumenter::hostCall(const WasiFunction &f) {
  BinaryenType i32 = BinaryenTypeInt32();
  std::vector<BinaryenExpressionRef> args;
  for (unsigned i = 0; i < f.numParams; ++i)
    args.push_back(f.isFdParam(i) ? ir_.call("wrr.fd_in", {param(f, i)}, i32)
                                  : param(f, i));
  return ir_.call(hostName(f.name), args, resultType(f));
}

// The call's sent items (trace format version 3, 42_sent.wat): recorded
// after rec_begin, or checked after rep_begin.
std::vector<BinaryenExpressionRef>
Instrumenter::sentItems(const WasiFunction &f, uint8_t kind, bool record) {
  std::vector<BinaryenExpressionRef> out;
  int32_t id = firstSentId(kind);
  for (unsigned i = 0; i < f.numParams; ++i) {
    if (f.isPointerParam(i))
      continue;
    BinaryenExpressionRef v = param(f, i);
    if (f.params[i] == ValType::I32)
      v = ir_.unary(BinaryenExtendUInt32(), v);
    out.push_back(record ? ir_.call("wrr.rec_uleb", {v})
                         : ir_.call("wrr.rep_arg", {v, ir_.i32(id),
                                                    ir_.i32(f.isLengthParam(i))}));
    ++id;
  }
  for (const Region &r : f.readRegions()) {
    int32_t src = 0;
    BinaryenExpressionRef b;
    if (r.kind == Region::Iovecs) {
      src = 1;
      b = param(f, r.iovCount);
    } else if (r.encoding == Region::IovecLengths) {
      src = 2;
      b = param(f, r.len.value);
    } else if (r.encoding == Region::Subscriptions) {
      src = 3;
      b = param(f, r.len.value);
    } else {
      b = regionLength(f, r.len);
    }
    std::vector<BinaryenExpressionRef> args = {ir_.i32(src), param(f, r.ptr), b};
    if (!record) {
      args.push_back(ir_.i32(id));
      args.push_back(ir_.i32(r.encoding == Region::IovecLengths));
    }
    out.push_back(ir_.call(record ? "wrr.rec_sent" : "wrr.rep_sent", args));
    ++id;
  }
  return out;
}

BinaryenExpressionRef Instrumenter::recordPath(const WasiFunction &f,
                                               uint8_t kind) {
  const BinaryenIndex h = f.numParams, r = f.numParams + 1;
  BinaryenType i32 = BinaryenTypeInt32(), i64 = BinaryenTypeInt64();
  std::string host = hostName(f.name);
  std::vector<BinaryenExpressionRef> body;
  // A stray store into the reserved pages ends the run before the call
  // (the last call: checked in full).
  body.push_back(ir_.call(
      f.policy == Policy::Exit ? "wrr.guard_last" : "wrr.guard_check", {}));
  // A trap from here until rec_end is inside this call (wrr_trapped).
  body.push_back(BinaryenGlobalSet(m_, "wrr.incall", ir_.i32(trace::kErrnoFlag | kind)));
  body.push_back(ir_.set(h, digest(f, kind)));
  auto begin = [&](BinaryenExpressionRef errnoValue) {
    return ir_.call("wrr.rec_begin", {ir_.i32(kind), ir_.get(h, i64), errnoValue});
  };
  switch (f.policy) {
  case Policy::Exit:
    body.push_back(begin(ir_.i32(0)));
    for (BinaryenExpressionRef e : sentItems(f, kind, true))
      body.push_back(e);
    body.push_back(ir_.call("wrr.rec_finish", {}));
    body.push_back(ir_.call(host, allParams(f)));
    body.push_back(ir_.unreachable());
    return ir_.block(body);
  case Policy::MayNotReturn:
    // Log the call before making it: it may end the process.
    body.push_back(begin(ir_.i32(0)));
    for (BinaryenExpressionRef e : sentItems(f, kind, true))
      body.push_back(e);
    body.push_back(BinaryenGlobalSet(m_, "wrr.cpos", ir_.global("wrr.pos", i32)));
    body.push_back(ir_.call("wrr.flush", {ir_.i32(0)}));
    body.push_back(ir_.set(r, ir_.call(host, allParams(f), i32)));
    body.push_back(ir_.call("wrr.rec_raise_result", {ir_.get(r, i32)}));
    body.push_back(ir_.ret(ir_.get(r, i32)));
    return ir_.block(body);
  case Policy::Replay:
  case Policy::EchoOutput:
    break;
  }
  // A call that can wait for long: what the buffer holds goes out first.
  if (f.blocks == Blocks::Always)
    body.push_back(ir_.call("wrr.flush_pending", {}));
  else if (f.blocks == Blocks::OnStdin)
    body.push_back(ir_.call("wrr.flush_stdin", {param(f, 0)}));
  // Subscriptions name fds too: the host's numbers for the call only.
  const Region *subs = nullptr;
  for (const Region &rd : f.readRegions())
    if (rd.encoding == Region::Subscriptions)
      subs = &rd;
  auto translateSubs = [&](int toHost) {
    return ir_.call("wrr.fd_subs", {param(f, subs->ptr), param(f, subs->len.value),
                                    ir_.i32(toHost)});
  };
  if (subs)
    body.push_back(translateSubs(1));
  body.push_back(ir_.set(r, hostCall(f)));
  if (subs)
    body.push_back(translateSubs(0));
  std::vector<BinaryenExpressionRef> regions;
  // Opened fds, in the program's numbers (recorded so, replayed so).
  for (const Region &w : f.writeRegions())
    if (w.display == Display::Fd)
      regions.push_back(ir_.store(
          4, param(f, w.ptr), 0,
          ir_.call("wrr.fd_out", {ir_.load32(param(f, w.ptr))}, i32), i32));
  for (const Region &w : f.writeRegions())
    regions.push_back(recordRegion(f, w));
  body.push_back(begin(ir_.get(r, i32)));
  for (BinaryenExpressionRef e : sentItems(f, kind, true))
    body.push_back(e);
  if (f.numWrites && f.numSentItems())
    body.push_back(ir_.call("wrr.rec_sent_end", {}));
  if (!regions.empty())
    body.push_back(ir_.when(ir_.unary(BinaryenEqZInt32(), ir_.get(r, i32)),
                            ir_.block(regions)));
  body.push_back(ir_.call("wrr.rec_end", {}));
  body.push_back(ir_.ret(ir_.get(r, i32)));
  return ir_.block(body);
}

BinaryenExpressionRef Instrumenter::replayPath(const WasiFunction &f,
                                               uint8_t kind) {
  const BinaryenIndex h = f.numParams, r = f.numParams + 1;
  BinaryenType i32 = BinaryenTypeInt32(), i64 = BinaryenTypeInt64();
  std::string host = hostName(f.name);
  std::vector<BinaryenExpressionRef> body;
  body.push_back(ir_.set(h, digest(f, kind)));
  BinaryenExpressionRef begin =
      ir_.call("wrr.rep_begin", {ir_.i32(kind), ir_.get(h, i64)}, i32);
  switch (f.policy) {
  case Policy::Exit:
    body.insert(body.begin(), ir_.call("wrr.guard_last", {}));
    body.push_back(ir_.drop(begin));
    for (BinaryenExpressionRef e : sentItems(f, kind, false))
      body.push_back(e);
    body.push_back(ir_.call("wrr.rep_sent_end", {ir_.i32(0)}));
    body.push_back(ir_.call("wrr.rep_finish", {ir_.i32(kind)}));
    body.push_back(ir_.call(host, allParams(f)));
    body.push_back(ir_.unreachable());
    return ir_.block(body);
  case Policy::MayNotReturn: {
    body.push_back(ir_.drop(begin));
    for (BinaryenExpressionRef e : sentItems(f, kind, false))
      body.push_back(e);
    body.push_back(ir_.call("wrr.rep_sent_end", {ir_.i32(0)}));
    // The recording ended with this call: the signal ended the process.
    // Raise it again so the replay ends the same way.
    // A bundle cannot raise signals; it exits as a shell reports them.
    std::vector<BinaryenExpressionRef> died;
    if (!bundle_)
      died.push_back(ir_.drop(ir_.call(host, allParams(f), i32)));
    died.push_back(ir_.call("wrr.raise_survived", {param(f, 0)}));
    died.push_back(ir_.unreachable());
    body.push_back(
        ir_.when(ir_.call("wrr.rep_raise_ended", {}, i32), ir_.block(died)));
    body.push_back(ir_.call("wrr.rep_raise_result", {}, i32));
    return ir_.block(body, nullptr, i32);
  }
  case Policy::Replay:
  case Policy::EchoOutput:
    break;
  }
  // --extra-output: output the trace does not hold is let through.
  if (f.name == "fd_write")
    body.push_back(ir_.when(
        ir_.call("wrr.rep_extra",
                 {ir_.get(h, i64), param(f, 0), param(f, 1), param(f, 2), param(f, 3)}, i32),
        ir_.ret(ir_.i32(0))));
  body.push_back(ir_.set(r, begin));
  for (BinaryenExpressionRef e : sentItems(f, kind, false))
    body.push_back(e);
  // A digest that differs where no item does is reported here.
  body.push_back(ir_.call(
      "wrr.rep_sent_end",
      {f.numWrites ? ir_.unary(BinaryenEqZInt32(), ir_.get(r, i32)) : ir_.i32(0)}));
  std::vector<BinaryenExpressionRef> regions;
  for (const Region &w : f.writeRegions())
    regions.push_back(replayRegion(f, kind, w));
  if (f.policy == Policy::EchoOutput)
    regions.push_back(ir_.call(
        "wrr.rep_echo",
        {param(f, 0), param(f, 1), param(f, 2), ir_.load32(param(f, 3))}));
  if (!regions.empty())
    body.push_back(ir_.when(ir_.unary(BinaryenEqZInt32(), ir_.get(r, i32)),
                            ir_.block(regions)));
  body.push_back(ir_.get(r, i32));
  return ir_.block(body, nullptr, i32);
}

BinaryenExpressionRef Instrumenter::thunkBody(const WasiFunction &f,
                                              uint8_t kind) {
  BinaryenType i32 = BinaryenTypeInt32();
  std::vector<BinaryenExpressionRef> body;
  body.push_back(ir_.when(
      ir_.unary(BinaryenEqZInt32(), ir_.global("wrr.mode", i32)),
      ir_.call("wrr.init", {})));
  // A bundle only replays, and reaches no host function but the output.
  if (bundle_) {
    body.push_back(replayPath(f, kind));
    return ir_.block(body, nullptr, resultType(f));
  }
  // Modes: 0 and 1 pass through, 2 records, 3 replays, 4 (finished) passes.
  const char *targets[] = {"pass", "pass", "record", "replay", "pass"};
  BinaryenExpressionRef dispatch = BinaryenSwitch(
      m_, targets, 5, "pass", ir_.global("wrr.mode", i32), nullptr);
  BinaryenExpressionRef pass;
  std::string host = hostName(f.name);
  if (f.returnsErrno)
    pass = ir_.ret(ir_.call(host, allParams(f), i32));
  else
    pass = ir_.block({ir_.call(host, allParams(f)), ir_.ret()});
  BinaryenExpressionRef passBlock = ir_.block({dispatch}, "pass");
  BinaryenExpressionRef recordBlock =
      ir_.block({passBlock, pass}, "record");
  BinaryenExpressionRef replayBlock =
      ir_.block({recordBlock, recordPath(f, kind)}, "replay");
  body.push_back(replayBlock);
  body.push_back(replayPath(f, kind));
  return ir_.block(body, nullptr, resultType(f));
}

void Instrumenter::replaceImport(BinaryenFunctionRef import) {
  std::string name = BinaryenFunctionGetName(import);
  std::string base = BinaryenFunctionImportGetBase(import);
  uint8_t kind = *findWasiFunction(base); // checked by inspectModule
  const WasiFunction &f = wasiFunctions()[kind];
  if (!bundle_) {
    ensureHostImport(f);
    for (const Region &r : f.writeRegions())
      if (r.len.kind == Len::HostSizes)
        ensureHostImport(wasiFunctions()[*findWasiFunction(r.len.sizesFunc)]);
  }
  BinaryenRemoveFunction(m_, name.c_str());
  BinaryenType vars[] = {BinaryenTypeInt64(), BinaryenTypeInt32()};
  BinaryenAddFunction(m_, name.c_str(), paramsType(f), resultType(f), vars, 2,
                      thunkBody(f, kind));
}

// The start function reserves the log buffer's pages before anything else
// runs, so the program only ever sees the memory below them.
void Instrumenter::wrapStart() {
  if (startName_.empty()) {
    BinaryenSetStart(m_, BinaryenGetFunction(m_, "wrr.reserve"));
    return;
  }
  BinaryenExpressionRef body = ir_.block(
      {ir_.call("wrr.reserve", {}), ir_.call(startName_, {})});
  BinaryenFunctionRef f = BinaryenAddFunction(
      m_, "wrr.start_section", BinaryenTypeNone(), BinaryenTypeNone(), nullptr,
      0, body);
  BinaryenSetStart(m_, f);
}

// _start: set up first, finish the trace when it returns. _initialize
// (reactors): set up first.
void Instrumenter::wrapExports() {
  struct Entry {
    const char *exportName;
    const char *wrapper;
    bool finish;
  };
  for (const Entry &e : {Entry{"_start", "wrr.start", true},
                         Entry{"_initialize", "wrr.initialize", false}}) {
    BinaryenExportRef ex = BinaryenGetExport(m_, e.exportName);
    if (!ex || BinaryenExportGetKind(ex) != BinaryenExternalFunction())
      continue;
    std::string target = BinaryenExportGetValue(ex);
    BinaryenFunctionRef fn = BinaryenGetFunction(m_, target.c_str());
    if (BinaryenFunctionGetParams(fn) != BinaryenTypeNone() ||
        BinaryenFunctionGetResults(fn) != BinaryenTypeNone())
      continue;
    std::vector<BinaryenExpressionRef> body = {ir_.call("wrr.init", {}),
                                               ir_.call(target, {})};
    if (e.finish)
      body.push_back(ir_.call("wrr.start_returned", {}));
    BinaryenAddFunction(m_, e.wrapper, BinaryenTypeNone(), BinaryenTypeNone(),
                        nullptr, 0, ir_.block(body));
    BinaryenRemoveExport(m_, e.exportName);
    BinaryenAddFunctionExport(m_, e.wrapper, e.exportName);
  }
}

void Instrumenter::addMarker() {
  std::string text = instrumentedMarkerText({id_, options_.bufferPages, wrrVersion()});
  BinaryenAddCustomSection(m_, kInstrumentedSection, text.data(), text.size());
}

llvm::Error Instrumenter::run() {
  if (auto e = checkNames())
    return e;
  if (info_.start)
    startName_ = BinaryenFunctionGetName(BinaryenGetFunctionByIndex(m_, *info_.start));
  // The runtime needs bulk memory. Without a target_features section
  // Binaryen assumes the MVP; WABT has validated the module with every
  // feature on, so allow them all (no features section is written then).
  BinaryenFeatures features = featuresSection_
                                  ? BinaryenModuleGetFeatures(m_)
                                  : BinaryenFeatureAll();
  BinaryenModuleSetFeatures(m_, features | BinaryenFeatureBulkMemory());
  // Virtualize the program's memory operations before the runtime, whose
  // own must stay real, is added.
  // The program's own `unreachable` (abort, panic, __builtin_trap) ends
  // the trace before it traps, so a bare engine keeps the crash.
  auto replaced = virtualizeMemoryOps(m_, "wrr.mem_size", "wrr.mem_grow",
                                      kPrefix, "wrr.trapped");
  if (!replaced)
    return replaced.takeError();
  std::vector<BinaryenFunctionRef> imports;
  for (BinaryenIndex i = 0, n = BinaryenGetNumFunctions(m_); i < n; ++i) {
    BinaryenFunctionRef f = BinaryenGetFunctionByIndex(m_, i);
    if (bn::isImport(f) && BinaryenFunctionImportGetModule(f) == kWasiModule)
      imports.push_back(f);
  }
  if (auto e = mergeRuntime())
    return e;
  for (BinaryenFunctionRef f : imports)
    replaceImport(f);
  wrapStart();
  wrapExports();
  addMarker();
  // A bundle's trace segment is added to the binary afterwards; it is
  // validated then, and its features are settled before (bundleModule).
  // Here, features the module uses but does not declare are added.
  std::string why;
  if (!bundle_ && !bn::settleFeatures(m_, &why))
    return error("Binaryen 108 does not accept the instrumented module: " + why);
  return llvm::Error::success();
}

} // namespace

namespace {

// The input, checked, split for Binaryen (binaryen_input.h), and with its
// memory maximum raised; nothing for Binaryen when there is nothing to
// instrument.
struct Prepared {
  ModuleInfo info;
  BinaryenInput binaryen;
};

llvm::Expected<Prepared> prepare(std::span<const uint8_t> input,
                                 const InstrumentOptions &options) {
  if (options.bufferPages < kMinBufferPages ||
      options.bufferPages > kMaxBufferPages)
    return error("buffer pages must be between " +
                 std::to_string(kMinBufferPages) + " and " +
                 std::to_string(kMaxBufferPages));
  auto info = inspectModule(input);
  if (!info)
    return info.takeError();
  Prepared p{std::move(*info), {}};
  if (p.info.wasiImports.empty())
    return p;
  std::vector<uint8_t> patched;
  std::span<const uint8_t> bytes = input;
  if (p.info.memInitial + options.bufferPages > kMaxPages)
    return error("the module's initial memory leaves no room for wrr's " +
                 std::to_string(options.bufferPages) + "-page log buffer");
  if (p.info.memMax) {
    if (p.info.memoryImported)
      return error("imported memories with a maximum size are not supported");
    uint64_t max =
        std::min<uint64_t>(*p.info.memMax + options.bufferPages, kMaxPages);
    auto raised = setMemoryMaximum(input, max);
    if (!raised)
      return raised.takeError();
    patched = std::move(*raised);
    bytes = patched;
  }
  auto split = binaryenInput(bytes, options.warn);
  if (!split)
    return split.takeError();
  p.binaryen = std::move(*split);
  return p;
}

// Checks, streaming, that the trace is whole and was recorded from `id`.
llvm::Error checkTrace(const std::string &path, const ModuleId &id) {
  trace::Reader reader(path);
  if (!reader.ok())
    return error(reader.error());
  if (reader.header().moduleHash != id)
    return error("the trace was recorded from another module (module " +
                 toHex(id).substr(0, 16) + ", trace " +
                 toHex(reader.header().moduleHash).substr(0, 16) + ")");
  trace::Event event;
  while (reader.next(event)) {
  }
  if (!reader.ok())
    return error(reader.error());
  return llvm::Error::success();
}

// Writes the trace's bytes to `out` (or only counts them without one),
// decompressed if it is stored compressed: the module reads only
// uncompressed traces.
llvm::Expected<uint64_t> streamTrace(const std::string &path,
                                     llvm::raw_ostream *out) {
  std::string why;
  std::unique_ptr<trace::Source> source = trace::openFile(path, why);
  if (!source)
    return error(why);
  std::vector<uint8_t> chunk(1 << 20);
  uint64_t total = 0;
  while (size_t n = source->read(chunk.data(), chunk.size())) {
    if (out)
      out->write(reinterpret_cast<const char *>(chunk.data()), n);
    total += n;
  }
  if (!source->error().empty())
    return error("cannot read '" + path + "': " + source->error());
  return total;
}

// The output's bytes: Binaryen's, with a name section only if it read one
// (it would name every function by its index), then the custom sections
// Binaryen did not see, unchanged, then DWARF rewritten for the output's
// code (passes/dwarf_rewrite.h), or dropped with a warning when it cannot
// be, then a sourceMappingURL for a rewritten source map.
llvm::Expected<std::vector<uint8_t>>
writeOutput(BinaryenModuleRef module, std::span<const uint8_t> input,
            const BinaryenInput &sections, const InstrumentOptions &options) {
  std::vector<uint8_t> output = bn::write(module, sections.hasNames);
  // Binaryen writes target_features last; LLVM's tools (llvm-dwarfdump,
  // llvm-symbolizer) refuse a producers section after it.
  size_t keptAt = output.size();
  for (const WasmSection &s : wasmSections(output))
    if (s.id == section_id::kCustom && s.name == "target_features" &&
        s.end == output.size())
      keptAt = s.begin;
  output.insert(output.begin() + static_cast<std::ptrdiff_t>(keptAt),
                sections.keptAside.begin(), sections.keptAside.end());
  std::span<const uint8_t> debug = sections.describingCode;
  // With a map to rewrite, the input's sourceMappingURL gives way to one
  // pointing at the rewritten map.
  std::vector<uint8_t> others;
  if (options.sourceMap) {
    std::vector<uint8_t> whole = {0, 'a', 's', 'm', 1, 0, 0, 0};
    whole.insert(whole.end(), debug.begin(), debug.end());
    for (const WasmSection &s : wasmSections(whole))
      if (s.name != "sourceMappingURL")
        others.insert(others.end(), whole.begin() + static_cast<std::ptrdiff_t>(s.begin),
                      whole.begin() + static_cast<std::ptrdiff_t>(s.end));
    debug = others;
  }
  if (debug.empty() && !options.sourceMap)
    return output;
  auto drop = [&](const std::string &why) {
    if (options.warn)
      options.warn("dropped the DWARF and source map sections: " + why);
  };
  std::string why;
  auto map = CodeOffsetMap::build(input, output, why);
  if (!map) {
    if (options.sourceMap)
      return error("cannot rewrite the source map: cannot map the "
                   "instrumented code to the input's (" + why + ")");
    drop("cannot map the instrumented code to the input's (" + why + ")");
    return output;
  }
  if (options.sourceMap) {
    auto rewritten = rewriteSourceMap(options.sourceMap->input, *map);
    if (!rewritten)
      return error("cannot rewrite the source map: " +
                   llvm::toString(rewritten.takeError()));
    options.sourceMap->output = std::move(*rewritten);
  }
  if (!debug.empty()) {
    auto rewritten = rewriteDebugSections(debug, *map, options.warn);
    if (!rewritten)
      drop(llvm::toString(rewritten.takeError()));
    else
      output.insert(output.end(), rewritten->begin(), rewritten->end());
  }
  if (options.sourceMap)
    appendSourceMappingUrl(output, options.sourceMap->url);
  return output;
}

} // namespace

llvm::Expected<std::vector<uint8_t>>
instrumentModule(std::span<const uint8_t> input,
                 const InstrumentOptions &options) {
  auto prepared = prepare(input, options);
  if (!prepared)
    return prepared.takeError();
  if (prepared->info.wasiImports.empty()) {
    if (options.sourceMap)
      options.sourceMap->output = options.sourceMap->input;
    return std::vector<uint8_t>(input.begin(), input.end());
  }
  ModuleId id = options.identity ? *options.identity : moduleId(input);
  bn::Module module = bn::read(prepared->binaryen.bytes);
  Instrumenter instrumenter(module.get(), prepared->info,
                            prepared->binaryen.hasFeatures, id, options);
  if (auto e = instrumenter.run())
    return e;
  return writeOutput(module.get(), input, prepared->binaryen, options);
}

llvm::Error bundleModule(std::span<const uint8_t> input,
                         const std::string &tracePath, llvm::raw_ostream &out,
                         const InstrumentOptions &options) {
  return bundleModule(
      input, tracePath,
      [&]() -> llvm::Expected<llvm::raw_ostream *> { return &out; }, options);
}

llvm::Error bundleModule(std::span<const uint8_t> input,
                         const std::string &tracePath, const OpenOutput &open,
                         const InstrumentOptions &given) {
  // The buffer must hold the trace's largest block: at least the
  // recording's (its header says how large).
  InstrumentOptions options = given;
  {
    trace::Reader reader(tracePath);
    if (reader.ok() && reader.header().bufferPages > options.bufferPages)
      options.bufferPages = reader.header().bufferPages;
  }
  auto prepared = prepare(input, options);
  if (!prepared)
    return prepared.takeError();
  if (prepared->info.wasiImports.empty())
    return error("the module imports no WASI functions: there is nothing to "
                 "replay");
  ModuleId id = options.identity ? *options.identity : moduleId(input);
  if (auto e = checkTrace(tracePath, id))
    return e;
  auto size = streamTrace(tracePath, nullptr);
  if (!size)
    return size.takeError();
  // Engines refuse modules over 1 GiB (V8's limit).
  if (*size > (uint64_t{1} << 30))
    return error("traces over 1 GiB cannot be embedded in a module");
  bn::Module module = bn::read(prepared->binaryen.bytes);
  std::string why;
  if (prepared->binaryen.hasFeatures && !bn::settleFeatures(module.get(), &why))
    return error("Binaryen 108 does not accept the module: " + why);
  Bundle bundle{BinaryenGetNumMemorySegments(module.get()),
                static_cast<uint32_t>(*size)};
  Instrumenter instrumenter(module.get(), prepared->info,
                            prepared->binaryen.hasFeatures, id, options, bundle);
  if (auto e = instrumenter.run())
    return e;
  auto written = writeOutput(module.get(), input, prepared->binaryen, options);
  if (!written)
    return written.takeError();
  std::vector<uint8_t> bytes = std::move(*written);
  // Validate with a one-byte stand-in for the trace, then write the real one.
  auto probe = appendPassiveSegment(bytes, 1);
  if (!probe)
    return probe.takeError();
  std::vector<uint8_t> whole = probe->head;
  whole.push_back(0);
  whole.insert(whole.end(), probe->tail.begin(), probe->tail.end());
  if (auto e = validateModule(whole))
    return error("internal error: the bundle does not validate: " +
                 llvm::toString(std::move(e)));
  auto spliced = appendPassiveSegment(bytes, *size);
  if (!spliced)
    return spliced.takeError();
  auto opened = open();
  if (!opened)
    return opened.takeError();
  llvm::raw_ostream &out = **opened;
  out.write(reinterpret_cast<const char *>(spliced->head.data()),
            spliced->head.size());
  auto streamed = streamTrace(tracePath, &out);
  if (!streamed)
    return streamed.takeError();
  if (*streamed != *size)
    return error("the trace '" + tracePath + "' changed while it was embedded");
  out.write(reinterpret_cast<const char *>(spliced->tail.data()),
            spliced->tail.size());
  return llvm::Error::success();
}

} // namespace wrr
