// Reads and validates a module with WABT in one streaming pass, without
// building WABT's IR: the reader drives WABT's SharedValidator directly (the
// path WABT's interpreter loads modules by). On a 30 MB module this takes a
// third of the time and an eighth of the memory of ReadBinaryIr plus
// ValidateModule (docs/performance.md).
//
// This header and its source compile as C++17: WABT 1.0.32's interpreter
// headers do not compile as C++20.
#ifndef WRR_PASSES_WABT_READER_H
#define WRR_PASSES_WABT_READER_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wabt/common.h"
#include "wabt/type.h"

namespace wrr {

// The facts about a valid module that wrr-instrument needs.
struct WabtModule {
  struct FuncImport {
    std::string module;
    std::string name;
    std::vector<wabt::Type> params;
    std::vector<wabt::Type> results;
  };
  std::vector<FuncImport> funcImports;
  // Imported memories first, as in the index space.
  std::vector<wabt::Limits> memories;
  size_t importedMemories = 0;
  std::optional<uint32_t> start;
  // An import's or export's name holds a NUL byte (Binaryen refuses those).
  bool nulInNames = false;
  // What the module uses that Binaryen 108 cannot read, or empty.
  std::string unsupported;
  // It validated with only the features it was said to declare.
  bool declaredSuffice = false;
};

// Reads and validates `size` bytes. On failure returns WABT's first error,
// with its byte offset. A valid module using an encoding Binaryen 108
// cannot read is not a failure: `out->unsupported` says what it uses.
//
// With `declared` (the names of a target_features section's entries), it
// is read first with only those features and bulk memory, which the pass
// adds: if that passes, the code needs nothing Binaryen, trusting the
// section, would not validate (`out->declaredSuffice`).
std::optional<std::string>
readValidModule(const uint8_t *data, size_t size, WabtModule *out,
                const std::vector<std::string> *declared = nullptr);

} // namespace wrr

#endif
