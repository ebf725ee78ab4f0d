#include "passes/binaryen.h"

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>

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

bool validate(BinaryenModuleRef module, std::string *firstError) {
  // libbinaryen.so shares our libstdc++, hence std::cerr.
  std::ostringstream text;
  std::streambuf *saved = std::cerr.rdbuf(text.rdbuf());
  bool ok = BinaryenModuleValidate(module);
  std::cerr.rdbuf(saved);
  if (!ok && firstError) {
    std::string all = text.str();
    *firstError = all.substr(0, all.find('\n'));
    // The first line often ends in ", on" before the IR it refers to.
    if (firstError->ends_with(", on"))
      firstError->resize(firstError->size() - 4);
  }
  return ok;
}

bool settleFeatures(BinaryenModuleRef module, std::string *firstError) {
  if (validate(module))
    return true;
  BinaryenFeatures declared = BinaryenModuleGetFeatures(module);
  BinaryenModuleSetFeatures(module, BinaryenFeatureAll());
  if (!validate(module, firstError)) {
    BinaryenModuleSetFeatures(module, declared);
    return false;
  }
  // Leave out, one at a time, each undeclared feature the module validates
  // without. Newer features come first: some need older ones (GC needs
  // reference types), which can go only after them.
  BinaryenFeatures used = BinaryenFeatureAll();
  for (BinaryenFeatures f = uint32_t{1} << 31; f; f >>= 1) {
    if (!(used & f) || (declared & f))
      continue;
    BinaryenModuleSetFeatures(module, used & ~f);
    if (validate(module))
      used &= ~f;
  }
  BinaryenModuleSetFeatures(module, used);
  return validate(module, firstError);
}

bool isImport(BinaryenFunctionRef func) {
  const char *base = BinaryenFunctionImportGetBase(func);
  return base && *base;
}

} // namespace wrr::bn
