// Decodes function bodies instruction by instruction, skipping immediates:
// enough to align the input's code with the output's (dwarf_offsets.h) and
// to find the functions the pass must rewrite, without building any IR.
#ifndef WRR_PASSES_CODE_DECODER_H
#define WRR_PASSES_CODE_DECODER_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "rrlib/leb128.h"

namespace wrr::code {

struct Instr {
  uint32_t offset; // from the code section's payload
  uint32_t key;    // what the diff compares: the opcode
};

// Decodes one function body's instructions, skipping their immediates.
// Only the opcodes matter; the keys of memory.size, memory.grow and call
// are the same, since the pass turns the first two into the third.
class Decoder {
public:
  Decoder(std::span<const uint8_t> code, size_t at, size_t end, size_t base)
      : b_(code.first(end)), at_(at), base_(base) {}

  bool body(std::vector<Instr> &out) {
    uint64_t groups;
    if (!uleb(groups))
      return false;
    for (uint64_t i = 0; i < groups; ++i) {
      uint64_t n;
      if (!uleb(n) || !valType())
        return false;
    }
    while (at_ < b_.size()) {
      uint32_t start = static_cast<uint32_t>(at_ - base_);
      auto key = instruction();
      if (!key)
        return false;
      out.push_back({start, *key});
    }
    return at_ == b_.size();
  }

  // Whether a body decoded so far held memory.size or memory.grow (their
  // keys are call's).
  bool sawMemoryOp() const { return sawMemoryOp_; }

private:
  bool uleb(uint64_t &v) { return readUleb(b_, at_, v); }
  bool uleb() {
    uint64_t v;
    return uleb(v);
  }
  bool sleb() {
    for (unsigned i = 0; i < 10; ++i) {
      if (at_ >= b_.size())
        return false;
      if (!(b_[at_++] & 0x80))
        return true;
    }
    return false;
  }
  bool skip(size_t n) {
    if (n > b_.size() - at_)
      return false;
    at_ += n;
    return true;
  }
  bool byte(uint8_t &v) {
    if (at_ >= b_.size())
      return false;
    v = b_[at_++];
    return true;
  }
  // A value type; reference types with a heap type (0x63, 0x64) carry one.
  bool valType() {
    uint8_t t;
    if (!byte(t))
      return false;
    return (t == 0x63 || t == 0x64) ? sleb() : true;
  }
  bool memarg() { return uleb() && uleb(); }

  std::optional<uint32_t> instruction() {
    uint8_t op;
    if (!byte(op))
      return std::nullopt;
    bool ok = true;
    switch (op) {
    case 0x02: case 0x03: case 0x04: // block, loop, if: a block type
    case 0x06:                       // try
      ok = sleb();
      break;
    case 0x0c: case 0x0d:            // br, br_if
    case 0x07: case 0x08: case 0x09: // catch, throw, rethrow
    case 0x18:                       // delegate
    case 0x10: case 0x12:            // call, return_call
    case 0x20: case 0x21: case 0x22: case 0x23: case 0x24:
    case 0x25: case 0x26:            // table.get, table.set
    case 0xd2:                       // ref.func
      ok = uleb();
      break;
    case 0x0e: { // br_table
      uint64_t n;
      ok = uleb(n);
      for (uint64_t i = 0; ok && i <= n; ++i)
        ok = uleb();
      break;
    }
    case 0x11: case 0x13: // call_indirect, return_call_indirect
      ok = uleb() && uleb();
      break;
    case 0x1c: { // select t*
      uint64_t n;
      ok = uleb(n);
      for (uint64_t i = 0; ok && i < n; ++i)
        ok = valType();
      break;
    }
    case 0x3f: case 0x40: // memory.size, memory.grow
      ok = uleb();
      op = 0x10;
      sawMemoryOp_ = true;
      break;
    case 0x41: case 0x42:
      ok = sleb();
      break;
    case 0x43:
      ok = skip(4);
      break;
    case 0x44:
      ok = skip(8);
      break;
    case 0xd0: // ref.null
      ok = sleb();
      break;
    case 0xfc: case 0xfd: case 0xfe: {
      uint64_t sub;
      if (!uleb(sub) || sub > 0xffff)
        return std::nullopt;
      if (!prefixed(op, static_cast<uint32_t>(sub)))
        return std::nullopt;
      return (uint32_t{op} << 16) | static_cast<uint32_t>(sub);
    }
    default:
      // 0x28-0x3e: loads and stores.
      if (op >= 0x28 && op <= 0x3e)
        ok = memarg();
      // Everything else this decoder knows has no immediates.
      else if (!(op <= 0x01 || op == 0x05 || op == 0x0b || op == 0x0f ||
                 op == 0x19 || op == 0x1a || op == 0x1b ||
                 (op >= 0x45 && op <= 0xc4) || op == 0xd1))
        return std::nullopt;
    }
    if (!ok)
      return std::nullopt;
    return op;
  }

  bool prefixed(uint8_t prefix, uint32_t sub) {
    if (prefix == 0xfc) {
      if (sub <= 7)
        return true;
      switch (sub) {
      case 8: return uleb() && skip(1);   // memory.init
      case 9: case 13: case 15: case 16: case 17: return uleb();
      case 10: return skip(2);             // memory.copy
      case 11: return skip(1);             // memory.fill
      case 12: case 14: return uleb() && uleb();
      default: return false;
      }
    }
    if (prefix == 0xfe) // atomics: a memarg, but atomic.fence has a byte
      return sub == 3 ? skip(1) : memarg();
    // SIMD.
    if (sub <= 11 || sub == 92 || sub == 93)
      return memarg();
    if (sub == 12 || sub == 13)
      return skip(16);
    if (sub >= 21 && sub <= 34)
      return skip(1);
    if (sub >= 84 && sub <= 91)
      return memarg() && skip(1);
    return sub <= 0x1ff;
  }

  std::span<const uint8_t> b_;
  size_t at_;
  size_t base_;
  bool sawMemoryOp_ = false;
};

} // namespace wrr::code

#endif
