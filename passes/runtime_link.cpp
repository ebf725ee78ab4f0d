// The runtime merged into the module (passes/runtime/*.wat), the constants
// it imports (Instrumenter::constant), and the functions the pass
// generates for it: header, messages, names, errnos, poll.
#include "passes/instrumenter.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <string>

#include "passes/error.h"
#include "passes/binaryen.h"
#include "passes/dwarf_offsets.h"
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

namespace detail {

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
    {"msg_differs_after", " differs after byte "},
    {"msg_prefix_match", " (a trace keeps only the first bytes of a write, and "
                         "those match)"},
    {"msg_buffer_fix", " (wrr replay sizes the buffer to fit the trace; "
                       "wrr-instrument takes --buffer-pages)"},
    // Host-driven modules (45_host.wat); names come from host_name.
    {"msg_host_called", "the host called "},
    {"msg_drives", " during replay; replay drives the module itself"},
    {"msg_host_write_outside",
     "wrr_host_write was given bytes outside the program's memory"},
    {"msg_replay_host_recording", "wrr_replay_host was called while recording"},
    {"msg_returned_other", " returned other values than recorded: result "},
    {"msg_argument", ": argument "},
    {"msg_other_types", " has other parameter or result types than recorded"},
    {"msg_trace_calls", "the trace calls export \""},
    {"msg_not_exported", "\", which this build does not export"},
    {"msg_returned_to_host", ", the program returned to the host"},
    {"msg_returned_from", ", the program returned from "},
    {"msg_host_returned_from", ", the host returned from "},
    {"msg_bad_valtype", " holds a malformed value)"},
};

static_assert(trace::kVersion == 3 && trace::kMinVersion == 2,
              "msg_bad_header names the versions");

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
      {"iovec_size", kIovecSize},
      {"subscription_size", kSubscriptionSize},
      {"event_size", kEventSize},
      {"sent_prefix", kSentGatherPrefix},
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
  if (b == "export_call") {
    BinaryenAddFunction(m_, name.c_str(), BinaryenTypeInt64(), i32, nullptr, 0,
                        exportCallFunction());
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
                               : b == "host_name"  ? hostNameFunction()
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
BinaryenExpressionRef
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

int32_t firstSentId(uint8_t kind) {
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

// _start: set up first, finish the trace when it returns. (_initialize is
// wrapped as every export is: host_calls.cpp.)
void Instrumenter::wrapExports() {
  struct Entry {
    const char *exportName;
    const char *wrapper;
    bool finish;
  };
  for (const Entry &e : {Entry{"_start", "wrr.start", true}}) {
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

} // namespace detail

} // namespace wrr
