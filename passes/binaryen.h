// A thin RAII layer over Binaryen's C API (Debian's binaryen 108 ships only
// binaryen-c.h): owning handles, and reading and writing modules.
#ifndef WRR_PASSES_BINARYEN_H
#define WRR_PASSES_BINARYEN_H

#include <binaryen-c.h>

#include <cstdint>
#include <memory>
#include <span>
#include <type_traits>
#include <vector>

namespace wrr::bn {

struct ModuleDeleter {
  void operator()(BinaryenModuleRef m) const { BinaryenModuleDispose(m); }
};
using Module =
    std::unique_ptr<std::remove_pointer_t<BinaryenModuleRef>, ModuleDeleter>;

// Binaryen aborts the process on malformed input: validate `bytes` first
// (passes/module_info.h).
Module read(std::span<const uint8_t> bytes);

// Writes the module in binary form, with a name section if `names`.
std::vector<uint8_t> write(BinaryenModuleRef module, bool names);

// Whether `func` is an import.
bool isImport(BinaryenFunctionRef func);

} // namespace wrr::bn

#endif
