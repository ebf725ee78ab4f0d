// What wrr-instrument needs to know about an input module before Binaryen
// sees it. Binaryen's reader aborts the process on bad input, so every
// module is first read and validated here with WABT, and everything wrr
// refuses is refused here with one clear message.
#ifndef WRR_PASSES_MODULE_INFO_H
#define WRR_PASSES_MODULE_INFO_H

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "llvm/Support/Error.h"
#include "rrlib/module_id.h"

namespace wrr {

struct ModuleInfo {
  // What the module uses that Binaryen cannot read (several memories among
  // them), or empty; refused only when there is something to instrument.
  std::string unsupported;
  bool memoryShared = false;
  bool memory64 = false;
  bool hasMemory = false;
  bool memoryImported = false;
  uint64_t memInitial = 0;
  std::optional<uint64_t> memMax;
  // Function index of the start function, if any.
  std::optional<uint32_t> start;
  // Field names of the wasi_snapshot_preview1 function imports.
  std::vector<std::string> wasiImports;
  // bodiesToRewrite(), set by the caller (it overlaps with Binaryen's read).
  std::vector<bool> rewritten;
  // The code validates with the features Binaryen will assume: all of
  // them, or those the target_features section declares. Binaryen's
  // validation of the whole module is then not needed to settle them.
  bool declaredSuffice = true;
};

// Reads and validates `bytes`; fails for anything wrr does not instrument.
llvm::Expected<ModuleInfo> inspectModule(std::span<const uint8_t> bytes);

// For each defined function of a valid module: whether its body holds what
// the pass rewrites (memory.size, memory.grow, unreachable), or does not
// decode. The pass walks only those.
std::vector<bool> bodiesToRewrite(std::span<const uint8_t> bytes);

// Validates what the pass made or changed in the instrumented `output`:
// the bodies of the input's functions (the first defined ones) that
// `rewritten` does not mark are left out, as WABT has validated them in
// the input and Binaryen only re-encoded them; everything else is
// validated. `declaredSuffice` says whether the output's target_features
// section, if any, declares all it uses.
llvm::Error validateRewritten(std::span<const uint8_t> output,
                              const std::vector<bool> &rewritten,
                              bool &declaredSuffice);

// Reads and validates `bytes` with every feature on; nothing more.
llvm::Error validateModule(std::span<const uint8_t> bytes);

// Returns `bytes` with the memory section's maximum set to `newMax` pages;
// the module must have a defined memory (with or without a maximum).
llvm::Expected<std::vector<uint8_t>>
setMemoryMaximum(std::span<const uint8_t> bytes, uint64_t newMax);

// Returns an instrumented module's bytes with its memory's maximum lowered
// so the program gets at most `programPages` (the runtime's `reservedPages`
// come on top, grown at start); fails when the program starts with more
// than that, or the memory is imported.
llvm::Expected<std::vector<uint8_t>>
limitMemoryMaximum(std::span<const uint8_t> bytes, uint64_t programPages,
                   uint64_t reservedPages);



// A module with one more passive data segment of `size` bytes, appended
// after its others: the output is head + (the segment's bytes) + tail, so a
// caller can stream the bytes from a file. The DataCount section is
// updated, or added.
struct SplicedModule {
  std::vector<uint8_t> head;
  std::vector<uint8_t> tail;
};
llvm::Expected<SplicedModule> appendPassiveSegment(std::span<const uint8_t> bytes,
                                                   uint64_t size);


} // namespace wrr

#endif
