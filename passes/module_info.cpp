#include "passes/module_info.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <thread>

#include "passes/binaryen_input.h"
#include "passes/code_decoder.h"
#include "passes/error.h"
#include "rrlib/wasi_table.h"
#include "rrlib/wasm_sections.h"
#include "passes/wabt_reader.h"

namespace wrr {
namespace {

llvm::Error checkHeader(std::span<const uint8_t> b) {
  static constexpr uint8_t kMagic[] = {0, 'a', 's', 'm'};
  if (b.size() < 8 || std::memcmp(b.data(), kMagic, 4) != 0)
    return error("not a WebAssembly module (bad magic number)");
  if (b[4] == 0x0d && b[6] == 0x01)
    return error("this is a component-model binary; wrr instruments core "
                 "modules (extract the core module first)");
  if (b[4] != 1 || b[5] != 0 || b[6] != 0 || b[7] != 0)
    return error("unsupported WebAssembly binary version");
  return llvm::Error::success();
}

std::string describeType(const WabtModule::FuncImport &import) {
  std::string s = "(";
  for (size_t i = 0; i < import.params.size(); ++i)
    s += (i ? " " : "") + import.params[i].GetName();
  s += ") -> (";
  for (size_t i = 0; i < import.results.size(); ++i)
    s += (i ? " " : "") + import.results[i].GetName();
  return s + ")";
}

llvm::Error checkWasiImport(const WabtModule::FuncImport &import) {
  auto row = findWasiFunction(import.name);
  if (!row)
    return error("unknown WASI function wasi_snapshot_preview1." + import.name);
  const WasiFunction &f = wasiFunctions()[*row];
  bool ok = import.params.size() == f.numParams &&
            import.results.size() == (f.returnsErrno ? 1u : 0u);
  for (size_t i = 0; ok && i < f.numParams; ++i)
    ok = import.params[i] == (f.params[i] == ValType::I32 ? wabt::Type::I32
                                                          : wabt::Type::I64);
  if (ok && f.returnsErrno)
    ok = import.results[0] == wabt::Type::I32;
  if (!ok)
    return error("wasi_snapshot_preview1." + import.name +
                 " is imported with type " + describeType(import) +
                 ", which is not WASI's");
  return llvm::Error::success();
}

void readMemory(const WabtModule &m, ModuleInfo &info) {
  if (m.memories.empty())
    return;
  const wabt::Limits &l = m.memories[0];
  info.memory64 = l.is_64;
  info.memoryShared = l.is_shared;
  info.hasMemory = true;
  info.memoryImported = m.importedMemories > 0;
  info.memInitial = l.initial;
  if (l.has_max)
    info.memMax = l.max;
}

// What wrr cannot instrument yet; a module without WASI imports is not
// instrumented and so not refused.
llvm::Error checkInstrumentable(const ModuleInfo &info) {
  if (info.wasiImports.empty())
    return llvm::Error::success();
  if (!info.unsupported.empty())
    return error(info.unsupported);
  if (info.memory64)
    return error("memory64 is not supported");
  if (info.memoryShared)
    return error("shared memory (threads) is not supported yet");
  if (!info.hasMemory)
    return error("module imports WASI functions but has no memory");
  return llvm::Error::success();
}

// WABT's streaming validator does not check a DataCount section against a
// missing data section; Binaryen exits on the mismatch.
llvm::Error checkDataCount(std::span<const uint8_t> bytes) {
  std::optional<uint64_t> declared;
  uint64_t segments = 0;
  for (const WasmSection &s : wasmSections(bytes)) {
    if (s.id != section_id::kDataCount && s.id != section_id::kData)
      continue;
    size_t at = s.payload;
    uint64_t n = 0;
    readUleb(bytes.first(s.end), at, n);
    if (s.id == section_id::kDataCount)
      declared = n;
    else
      segments = n;
  }
  if (declared && *declared != segments)
    return error("invalid module: the data count section declares " +
                 std::to_string(*declared) + " data segments, the module has " +
                 std::to_string(segments));
  return llvm::Error::success();
}

// WABT's reader reserves room for a DataCount section's count before
// anything checks it (a 15-byte module asked for 100 GB); every segment
// takes at least 2 bytes (a passive one: flags, size) of the data section
// that must follow.
llvm::Error checkDataCountSize(std::span<const uint8_t> bytes) {
  for (const WasmSection &s : wasmSections(bytes)) {
    if (s.id != section_id::kDataCount)
      continue;
    size_t at = s.payload;
    uint64_t n = 0;
    if (readUleb(bytes.first(s.end), at, n) && n > (bytes.size() - s.end) / 2)
      return error("invalid module: the data count section declares " +
                   std::to_string(n) + " data segments, more than the " +
                   std::to_string(bytes.size() - s.end) +
                   " bytes after it can hold");
  }
  return llvm::Error::success();
}

// Binaryen makes one entry per local, so a 20-byte function declaring 2^28
// locals (valid for WABT) takes gigabytes and minutes. Engines refuse more
// than 50,000 locals in a function (the JS API's and Wasmtime's limit).
constexpr uint64_t kMaxLocals = 50000;

llvm::Error checkLocalCounts(std::span<const uint8_t> bytes) {
  std::vector<WasmSection> sections = wasmSections(bytes);
  auto code = std::find_if(sections.begin(), sections.end(),
                           [](const WasmSection &s) {
                             return s.id == section_id::kCode;
                           });
  if (code == sections.end())
    return llvm::Error::success();
  std::span<const uint8_t> b = bytes.first(code->end);
  std::vector<FunctionBody> bodies = functionBodies(bytes);
  for (size_t i = 0; i < bodies.size(); ++i) {
    size_t at = code->payload + bodies[i].offset;
    std::span<const uint8_t> body = b.first(at + bodies[i].size);
    uint64_t groups, count, total = 0;
    if (!readUleb(body, at, groups))
      continue;
    for (uint64_t g = 0; g < groups && total <= kMaxLocals; ++g) {
      if (!readUleb(body, at, count) || at >= body.size())
        break;
      total += count;
      ++at; // the type (WABT has validated it)
    }
    if (total > kMaxLocals)
      return error("function " + std::to_string(i) + " of the code section "
                   "declares more than " + std::to_string(kMaxLocals) +
                   " locals, which engines refuse");
  }
  return llvm::Error::success();
}

// Skips a constant expression (through its `end`); false for an opcode it
// does not know (WABT has validated the expression; this only walks it).
bool skipConstExpr(std::span<const uint8_t> b, size_t &at) {
  uint64_t v;
  while (at < b.size()) {
    uint8_t op = b[at++];
    switch (op) {
    case 0x0b: // end
      return true;
    case 0x41: // i32.const, i64.const: signed LEBs skip like unsigned ones
    case 0x42:
    case 0x23: // global.get
    case 0xd2: // ref.func
      if (!readUleb(b, at, v))
        return false;
      break;
    case 0xd0: // ref.null t
      ++at;
      break;
    case 0x43: // f32.const
      at += 4;
      break;
    case 0x44: // f64.const
      at += 8;
      break;
    case 0x6a: case 0x6b: case 0x6c: // i32.add, sub, mul
    case 0x7c: case 0x7d: case 0x7e: // i64.add, sub, mul
      break;
    default:
      return false;
    }
  }
  return false;
}

// WABT's reader does not check a data segment's flags (only 0, 1 and 2 mean
// anything); Binaryen exits on others.
llvm::Error checkDataSegments(std::span<const uint8_t> bytes) {
  for (const WasmSection &s : wasmSections(bytes)) {
    if (s.id != section_id::kData)
      continue;
    std::span<const uint8_t> b = bytes.first(s.end);
    size_t at = s.payload;
    uint64_t count, flags, index, size;
    if (!readUleb(b, at, count))
      return llvm::Error::success();
    for (uint64_t i = 0; i < count; ++i) {
      if (!readUleb(b, at, flags))
        break;
      if (flags > 2)
        return error("invalid module: data segment " + std::to_string(i) +
                     " has flags " + std::to_string(flags) +
                     " (only 0, 1 and 2 are defined)");
      if ((flags == 2 && !readUleb(b, at, index)) ||
          (flags != 1 && !skipConstExpr(b, at)) || !readUleb(b, at, size) ||
          size > b.size() - at)
        break;
      at += size;
    }
  }
  return llvm::Error::success();
}

// `b` with the bodies `keep` rejects replaced by `unreachable` (valid for
// any type): validating it validates all of `b` but those bodies.
template <typename Keep>
std::vector<uint8_t> withBodies(std::span<const uint8_t> b, Keep keep) {
  for (const WasmSection &s : wasmSections(b)) {
    if (s.id != section_id::kCode)
      continue;
    static constexpr uint8_t kStub[] = {3, 0, 0x00, 0x0b}; // size, no locals
    std::vector<FunctionBody> bodies = functionBodies(b);
    std::vector<uint8_t> payload;
    appendUleb(payload, bodies.size());
    for (size_t i = 0; i < bodies.size(); ++i) {
      if (!keep(i)) {
        payload.insert(payload.end(), std::begin(kStub), std::end(kStub));
        continue;
      }
      appendUleb(payload, bodies[i].size);
      auto body = b.subspan(s.payload + bodies[i].offset, bodies[i].size);
      payload.insert(payload.end(), body.begin(), body.end());
    }
    std::vector<uint8_t> out(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(s.begin));
    out.push_back(section_id::kCode);
    appendUleb(out, payload.size());
    out.insert(out.end(), payload.begin(), payload.end());
    out.insert(out.end(), b.begin() + static_cast<std::ptrdiff_t>(s.end), b.end());
    return out;
  }
  return {b.begin(), b.end()};
}

// readValidModule, on two threads for a large module: each validates all
// but half the bodies (withBodies), as wasm-opt validates in parallel. Any
// failure is read again whole, for the error's exact place.
std::optional<std::string> readValid(std::span<const uint8_t> bytes,
                                     WabtModule *out,
                                     const std::vector<std::string> *declared) {
  std::vector<FunctionBody> bodies = functionBodies(bytes);
  uint64_t total = 0;
  for (const FunctionBody &f : bodies)
    total += f.size;
  // withBodies keeps only the bodies: bytes after them must fail whole.
  bool tiled = false;
  for (const WasmSection &s : wasmSections(bytes))
    if (s.id == section_id::kCode)
      tiled = !bodies.empty() &&
              bodies.back().offset + bodies.back().size == s.end - s.payload;
  if (total < (512 << 10) || !tiled)
    return readValidModule(bytes.data(), bytes.size(), out, declared);
  size_t half = 0;
  for (uint64_t sum = 0; sum < total / 2; ++half)
    sum += bodies[half].size;
  std::vector<uint8_t> first = withBodies(bytes, [&](size_t i) { return i < half; });
  std::vector<uint8_t> second = withBodies(bytes, [&](size_t i) { return i >= half; });
  WabtModule a, b;
  std::optional<std::string> failed;
  std::thread other([&] {
    failed = readValidModule(first.data(), first.size(), &a, declared);
  });
  std::optional<std::string> failedToo =
      readValidModule(second.data(), second.size(), &b, declared);
  other.join();
  if (failed || failedToo || !a.unsupported.empty() || !b.unsupported.empty())
    return readValidModule(bytes.data(), bytes.size(), out, declared);
  b.declaredSuffice = a.declaredSuffice && b.declaredSuffice;
  *out = std::move(b);
  return std::nullopt;
}

} // namespace

// A decode of the code without any IR, a fifth of what walking Binaryen's
// IR of every function through the C API took.
std::vector<bool> bodiesToRewrite(std::span<const uint8_t> bytes) {
  std::vector<bool> rewritten;
  for (const WasmSection &s : wasmSections(bytes)) {
    if (s.id != section_id::kCode)
      continue;
    std::span<const uint8_t> code = bytes.subspan(s.payload, s.end - s.payload);
    std::vector<code::Instr> instrs;
    for (const FunctionBody &f : functionBodies(bytes)) {
      instrs.clear();
      code::Decoder d(code, f.offset, f.offset + f.size, 0);
      bool ok = d.body(instrs);
      rewritten.push_back(!ok || d.sawMemoryOp() ||
                          std::any_of(instrs.begin(), instrs.end(),
                                      [](code::Instr i) { return i.key == 0x00; }));
    }
  }
  return rewritten;
}

llvm::Error validateRewritten(std::span<const uint8_t> output,
                              const std::vector<bool> &rewritten,
                              bool &declaredSuffice) {
  std::vector<uint8_t> probe = withBodies(output, [&](size_t i) {
    return i >= rewritten.size() || rewritten[i];
  });
  auto declared = declaredFeatures(output);
  WabtModule module;
  if (auto e = readValidModule(probe.data(), probe.size(), &module,
                               declared ? &*declared : nullptr))
    return error(*e);
  if (!module.unsupported.empty())
    return error("it uses " + module.unsupported);
  declaredSuffice = !declared || module.declaredSuffice;
  return llvm::Error::success();
}

llvm::Error validateModule(std::span<const uint8_t> bytes) {
  if (auto e = checkDataCountSize(bytes))
    return e;
  WabtModule module;
  if (auto e = readValidModule(bytes.data(), bytes.size(), &module))
    return error("invalid module: " + *e);
  if (!module.unsupported.empty())
    return error("the module uses " + module.unsupported);
  return llvm::Error::success();
}

llvm::Expected<ModuleInfo> inspectModule(std::span<const uint8_t> bytes) {
  if (auto e = checkHeader(bytes))
    return e;
  if (customSection(bytes, kInstrumentedSection))
    return error("module is already instrumented by wrr");

  if (auto e = checkDataCountSize(bytes))
    return e;
  auto declared = declaredFeatures(bytes);
  WabtModule module;
  if (auto e = readValid(bytes, &module, declared ? &*declared : nullptr))
    return error("invalid module: " + *e);
  if (auto e = checkDataCount(bytes))
    return e;
  if (auto e = checkDataSegments(bytes))
    return e;

  ModuleInfo info;
  if (!module.unsupported.empty())
    info.unsupported = "the module uses " + module.unsupported +
                       ", which wrr cannot instrument (Binaryen 108 does not "
                       "read today's encoding)";
  else if (module.nulInNames)
    info.unsupported = "import and export names with NUL bytes are not "
                       "supported (Binaryen refuses them)";
  readMemory(module, info);
  info.start = module.start;
  info.declaredSuffice = !declared || module.declaredSuffice;
  for (const WabtModule::FuncImport &import : module.funcImports) {
    if (import.module == kLegacyWasiModule)
      return error("legacy wasi_unstable imports are not supported; rebuild "
                   "the module against wasi_snapshot_preview1");
    if (import.module != kWasiModule)
      continue;
    if (auto e = checkWasiImport(import))
      return e;
    info.wasiImports.push_back(import.name);
  }
  if (!info.wasiImports.empty())
    if (auto e = checkLocalCounts(bytes))
      return e;
  if (auto e = checkInstrumentable(info))
    return e;
  return info;
}

namespace {

// Rewrites the defined memory's limits: `pick(initial, max)` returns the new
// maximum (or an error).
template <typename Pick>
llvm::Expected<std::vector<uint8_t>>
rewriteMemoryLimits(std::span<const uint8_t> bytes, Pick pick) {
  for (const WasmSection &s : wasmSections(bytes)) {
    if (s.id != section_id::kMemory)
      continue;
    size_t pos = s.payload;
    uint64_t count, initial, max = 0;
    if (!readUleb(bytes, pos, count) || count != 1 || pos >= bytes.size())
      return error("unexpected memory section");
    uint8_t flags = bytes[pos++];
    if (flags > 1 || !readUleb(bytes, pos, initial) ||
        (flags == 1 && !readUleb(bytes, pos, max)))
      return error("unexpected memory limits");
    llvm::Expected<uint64_t> newMax =
        pick(initial, flags == 1 ? std::optional<uint64_t>(max) : std::nullopt);
    if (!newMax)
      return newMax.takeError();
    std::vector<uint8_t> body;
    appendUleb(body, 1);
    body.push_back(1);
    appendUleb(body, initial);
    appendUleb(body, *newMax);
    std::vector<uint8_t> out(bytes.begin(), bytes.begin() + s.begin + 1);
    appendUleb(out, body.size());
    out.insert(out.end(), body.begin(), body.end());
    out.insert(out.end(), bytes.begin() + s.end, bytes.end());
    return out;
  }
  return error("module has no memory section (is its memory imported?)");
}

} // namespace

llvm::Expected<std::vector<uint8_t>>
setMemoryMaximum(std::span<const uint8_t> bytes, uint64_t newMax) {
  return rewriteMemoryLimits(
      bytes, [&](uint64_t, std::optional<uint64_t>) -> llvm::Expected<uint64_t> {
        return newMax;
      });
}

llvm::Expected<std::vector<uint8_t>>
limitMemoryMaximum(std::span<const uint8_t> bytes, uint64_t programPages,
                   uint64_t reservedPages) {
  uint64_t limit = programPages + reservedPages;
  return rewriteMemoryLimits(
      bytes,
      [&](uint64_t initial,
          std::optional<uint64_t> max) -> llvm::Expected<uint64_t> {
        if (initial > programPages)
          return error("the module starts with " + std::to_string(initial * 64) +
                       " KiB of memory, more than the limit allows");
        return max ? std::min(*max, limit) : limit;
      });
}

namespace {

constexpr uint8_t kCodeSection = section_id::kCode;
constexpr uint8_t kDataSection = section_id::kData;
constexpr uint8_t kDataCountSection = section_id::kDataCount;

void appendSection(std::vector<uint8_t> &out, uint8_t id,
                   const std::vector<uint8_t> &payload) {
  out.push_back(id);
  appendUleb(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
}

} // namespace

llvm::Expected<SplicedModule> appendPassiveSegment(std::span<const uint8_t> b,
                                                   uint64_t size) {
  std::vector<WasmSection> all = wasmSections(b);
  uint64_t existing = 0;
  for (const WasmSection &s : all) {
    if (s.id != kDataSection)
      continue;
    size_t pos = s.payload;
    if (!readUleb(b, pos, existing))
      return error("unexpected data section");
  }
  // The new segment's header: passive, then its size.
  std::vector<uint8_t> segment = {0x01};
  appendUleb(segment, size);

  SplicedModule out;
  std::vector<uint8_t> *dst = &out.head;
  dst->assign(b.begin(), b.begin() + 8);
  bool wroteCount = false, wroteData = false;
  auto dataCount = [&] {
    std::vector<uint8_t> payload;
    appendUleb(payload, existing + 1);
    appendSection(*dst, kDataCountSection, payload);
    wroteCount = true;
  };
  auto newData = [&](std::span<const uint8_t> oldSegments) {
    std::vector<uint8_t> count;
    appendUleb(count, existing + 1);
    dst->push_back(kDataSection);
    appendUleb(*dst, count.size() + oldSegments.size() + segment.size() + size);
    dst->insert(dst->end(), count.begin(), count.end());
    dst->insert(dst->end(), oldSegments.begin(), oldSegments.end());
    dst->insert(dst->end(), segment.begin(), segment.end());
    // The segment's bytes go between head and tail.
    dst = &out.tail;
    wroteData = true;
  };
  for (const WasmSection &s : all) {
    std::span<const uint8_t> whole = b.subspan(s.begin, s.end - s.begin);
    if (s.id == kDataCountSection) {
      dataCount();
      continue;
    }
    if (s.id == kCodeSection && !wroteCount)
      dataCount();
    if (s.id == kDataSection) {
      size_t pos = s.payload;
      uint64_t n;
      readUleb(b, pos, n);
      newData(b.subspan(pos, s.end - pos));
      continue;
    }
    dst->insert(dst->end(), whole.begin(), whole.end());
    // No data section: the new one goes right after the code.
    if (s.id == kCodeSection && !wroteData &&
        std::none_of(all.begin(), all.end(),
                     [](const WasmSection &x) { return x.id == kDataSection; }))
      newData({});
  }
  if (!wroteCount || !wroteData)
    return error("module has no code section");
  return out;
}

} // namespace wrr
