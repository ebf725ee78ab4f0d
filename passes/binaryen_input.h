// What Binaryen 108 is given of a module's custom sections. Its reader
// interprets some of them (name, target_features, dylink, linking, reloc.*)
// and exits the process on anything there it cannot parse, including names
// with NUL bytes and subsection numbers other tools use differently; its
// writer also rewrites DWARF, and aborts on damaged DWARF. WABT's validation
// does not look inside custom sections. So Binaryen gets only a name and a
// target_features section that wrr has parsed itself, and every other
// custom section is kept aside, to be put back into the output unchanged.
#ifndef WRR_PASSES_BINARYEN_INPUT_H
#define WRR_PASSES_BINARYEN_INPUT_H

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "llvm/Support/Error.h"

namespace wrr {

struct BinaryenInput {
  // The module for Binaryen to read.
  std::vector<uint8_t> bytes;
  // Whole custom sections, in their order, to append to the output.
  std::vector<uint8_t> keptAside;
  // Those that locate code by its offset (DWARF, source maps): rewritten
  // for the output's code (dwarf_rewrite.h).
  std::vector<uint8_t> describingCode;
  bool hasNames = false;
  bool hasFeatures = false;
};

// Whether a custom section locates code by its offset in the code section.
bool describesCodeOffsets(std::string_view name);

// The features the target_features section Binaryen is given (the first
// that parses) declares, '+' or '=', or nullopt without one: Binaryen
// validates the module with those.
std::optional<std::vector<std::string>>
declaredFeatures(std::span<const uint8_t> module);

// Splits a validated module's custom sections as above. Refuses relocatable
// objects and shared libraries (linking, reloc.*, dylink sections); drops,
// through `warn`, custom sections that are malformed: parts of the name
// section, a target_features section, or a section whose own name does not
// parse or holds a NUL byte.
llvm::Expected<BinaryenInput>
binaryenInput(std::span<const uint8_t> module,
              const std::function<void(const std::string &)> &warn);

} // namespace wrr

#endif
