#include "passes/binaryen.h"

#include <cstdlib>
#include <cstring>

namespace wrr::bn {

Module read(std::span<const uint8_t> bytes) {
  // The C API takes a mutable buffer but only copies from it (binaryen-c.cpp
  // of version 108 reads it into its own vector first).
  auto *data = reinterpret_cast<char *>(const_cast<uint8_t *>(bytes.data()));
  return Module(BinaryenModuleRead(data, bytes.size()));
}

std::vector<uint8_t> write(BinaryenModuleRef module, bool names) {
  // Binaryen writes names exactly when debug info is on.
  BinaryenSetDebugInfo(names);
  BinaryenModuleAllocateAndWriteResult r =
      BinaryenModuleAllocateAndWrite(module, nullptr);
  std::unique_ptr<void, decltype(&std::free)> binary(r.binary, &std::free);
  std::unique_ptr<char, decltype(&std::free)> map(r.sourceMap, &std::free);
  auto *p = static_cast<const uint8_t *>(r.binary);
  return std::vector<uint8_t>(p, p + r.binaryBytes);
}

bool isImport(BinaryenFunctionRef func) {
  const char *base = BinaryenFunctionImportGetBase(func);
  return base && *base;
}

} // namespace wrr::bn
