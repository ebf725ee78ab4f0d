// Where each instruction of the program went: a map from code offsets in the
// input to code offsets in the instrumented output (both relative to the
// start of the code section's payload, as wasm DWARF and source maps count
// them). Binaryen re-encodes every function, so sizes of LEBs and local
// declarations change, but the program's instruction sequence is kept
// except for known substitutions (memory.size/memory.grow become calls,
// `unreachable` may get a call before it, Binaryen adds or drops an
// `unreachable` in dead code). The map walks both bodies instruction by
// instruction and aligns them with a diff, so it does not depend on the
// list of substitutions, but for the trap the pass puts for `unreachable`,
// which it takes as one instruction.
#ifndef WRR_PASSES_DWARF_OFFSETS_H
#define WRR_PASSES_DWARF_OFFSETS_H

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace wrr {

class CodeOffsetMap {
public:
  // The map from `input` to `output`, whose first defined functions are
  // the input's, in order; or why it cannot be made (a body that does not
  // decode, a function count that does not fit).
  static std::optional<CodeOffsetMap> build(std::span<const uint8_t> input,
                                            std::span<const uint8_t> output,
                                            std::string &why);

  // An address inside the program's code (from the first body's start to
  // one past the last `end`) maps to the output's address of the same
  // instruction; an address that is not an instruction start maps with the
  // instruction it falls in. Other addresses (tombstones of removed code,
  // anything past the program's code) come back unchanged.
  uint32_t map(uint32_t address) const;

  // Whether `address` lies in a program function of the input.
  bool inCode(uint32_t address) const;

  // True when nothing moved.
  bool identity() const { return identity_; }

  // Where the code section's payload starts in the input and the output
  // (source maps count from the start of the file).
  uint32_t inputCodeStart = 0, outputCodeStart = 0;

private:
  struct Anchor {
    uint32_t from, to;
  };
  std::vector<Anchor> anchors_; // sorted by `from`, nondecreasing `to`
  uint32_t begin_ = 0, end_ = 0; // the program's functions in the input
  bool identity_ = true;
};

} // namespace wrr

#endif
