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
// This file runs the pass (Instrumenter::run) and holds the byte pipeline:
// the input checked and split for Binaryen, debug info moved, the output
// and bundles written. The thunks are made in thunks.cpp; the runtime is
// merged in by runtime_link.cpp.
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
#include <thread>

#include "passes/error.h"
#include "passes/binaryen.h"
#include "passes/binaryen_input.h"
#include "passes/dwarf_offsets.h"
#include "passes/dwarf_rewrite.h"
#include "passes/instrumenter.h"
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

const char *wrrVersion() { return WRR_VERSION; } // CMakeLists.txt's project()

namespace detail {

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
                                      kPrefix, "wrr.trapped", &info_.rewritten);
  if (!replaced)
    return replaced.takeError();
  std::vector<BinaryenFunctionRef> imports;
  for (BinaryenIndex i = 0, n = BinaryenGetNumFunctions(m_); i < n; ++i) {
    BinaryenFunctionRef f = BinaryenGetFunctionByIndex(m_, i);
    if (bn::isImport(f) && BinaryenFunctionImportGetModule(f) == kWasiModule)
      imports.push_back(f);
  }
  if (auto e = collectHostCalls())
    return e;
  if (auto e = mergeRuntime())
    return e;
  for (BinaryenFunctionRef f : imports)
    replaceImport(f);
  wrapStart();
  wrapExports();
  addHostCalls();
  addMarker();
  // A bundle's trace segment is added to the binary afterwards; it is
  // validated then, and its features are settled before (bundleModule).
  // Here, features the module uses but does not declare are added; the
  // rest is validated in the output (instrumentModule).
  std::string why;
  if (!bundle_ && !info_.declaredSuffice && !bn::settleFeatures(m_, &why))
    return error("Binaryen 108 does not accept the instrumented module: " + why);
  return llvm::Error::success();
}

} // namespace detail

using detail::Bundle;
using detail::Instrumenter;
using detail::kMaxPages;

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

// Binaryen's read of `p`, and meanwhile, on another thread, what needs
// only the input: the functions the pass walks and the identity (when
// `id` has none yet).
bn::Module readOverlapped(std::span<const uint8_t> input, Prepared &p,
                          std::optional<ModuleId> &id) {
  std::thread other([&] {
    p.info.rewritten = bodiesToRewrite(input);
    if (!id)
      id = moduleId(input);
  });
  bn::Module module = bn::read(p.binaryen.bytes);
  other.join();
  return module;
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

// One instrumentation of `input`. `settle` says whether the features the
// output uses are declared whatever the input's section says (Binaryen's
// settleFeatures, at the end of Instrumenter::run); the output is then not
// checked again, its code having been in the attempt before. Without it,
// `settle` comes back true when the output's section falls short.
llvm::Expected<std::vector<uint8_t>>
instrumentOnce(std::span<const uint8_t> input, const InstrumentOptions &options,
               bool &settle) {
  auto prepared = prepare(input, options);
  if (!prepared)
    return prepared.takeError();
  if (prepared->info.wasiImports.empty()) {
    if (options.sourceMap)
      options.sourceMap->output = options.sourceMap->input;
    return std::vector<uint8_t>(input.begin(), input.end());
  }
  if (settle)
    prepared->info.declaredSuffice = false;
  std::optional<ModuleId> id = options.identity;
  bn::Module module = readOverlapped(input, *prepared, id);
  Instrumenter instrumenter(module.get(), prepared->info,
                            prepared->binaryen.hasFeatures, *id, options);
  if (auto e = instrumenter.run())
    return e;
  auto output = writeOutput(module.get(), input, prepared->binaryen, options);
  if (!output || settle)
    return output;
  // The check below reads again every function the pass changed: on a
  // module whose functions nearly all hold an `unreachable` (CRuby), two
  // thirds of it. Binaryen's IR is let go first, so that the check reuses
  // its memory instead of touching new pages (13% of CRuby's time;
  // docs/performance.md, "CRuby's instrumentation").
  module.reset();
  // Validating all of the module again in Binaryen took 11 to 18% of the
  // time: WABT validated the input, so only what the pass made or changed
  // is validated, in the bytes written.
  bool declaredSuffice = true;
  if (auto e = validateRewritten(*output, prepared->info.rewritten, declaredSuffice))
    return error("internal error: the instrumented module does not validate: " +
                 llvm::toString(std::move(e)));
  // Settled already (the input's own code needed it), another attempt
  // would make the same bytes: Binaryen finds nothing more to declare.
  settle = !declaredSuffice && prepared->info.declaredSuffice;
  return output;
}

} // namespace

llvm::Expected<std::vector<uint8_t>>
instrumentModule(std::span<const uint8_t> input,
                 const InstrumentOptions &options) {
  bool settle = false;
  auto output = instrumentOnce(input, options, settle);
  if (!output || !settle)
    return output;
  // The pass's code needs a feature the section leaves out, where the
  // program's own did not: instrument again, declaring what the module
  // uses. Its warnings were said.
  InstrumentOptions quiet = options;
  quiet.warn = nullptr;
  return instrumentOnce(input, quiet, settle);
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
  std::optional<ModuleId> known = id;
  bn::Module module = readOverlapped(input, *prepared, known);
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
