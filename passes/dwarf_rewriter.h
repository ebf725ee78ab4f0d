// The parts of passes/dwarf_rewrite.cpp: the byte-level DWARF reading and
// writing they share, and the Rewriter, whose work is split by section:
//   dwarf_rewrite.cpp  the entry point: the sections in, the order of the work
//   dwarf_lines.cpp    .debug_line, re-encoded
//   dwarf_info.cpp     .debug_info and what it points to in place
//                      (.debug_addr, .debug_ranges, .debug_loc)
//   dwarf_lists.cpp    .debug_rnglists / .debug_loclists, re-encoded, and
//                      .debug_aranges
// Internal to passes/: the interface is dwarf_rewrite.h.
#ifndef WRR_PASSES_DWARF_REWRITER_H
#define WRR_PASSES_DWARF_REWRITER_H

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "llvm/Support/Error.h"
#include "passes/dwarf_offsets.h"
#include "passes/error.h"
#include "rrlib/leb128.h"

namespace wrr::dwarf {

// DWARF constants (DWARF 5, section 7).
namespace dw {
enum Form : uint32_t {
  addr = 0x01, block2 = 0x03, block4 = 0x04, data2 = 0x05, data4 = 0x06,
  data8 = 0x07, string = 0x08, block = 0x09, block1 = 0x0a, data1 = 0x0b,
  flag = 0x0c, sdata = 0x0d, strp = 0x0e, udata = 0x0f, ref_addr = 0x10,
  ref1 = 0x11, ref2 = 0x12, ref4 = 0x13, ref8 = 0x14, ref_udata = 0x15,
  indirect = 0x16, sec_offset = 0x17, exprloc = 0x18, flag_present = 0x19,
  strx = 0x1a, addrx = 0x1b, ref_sup4 = 0x1c, strp_sup = 0x1d, data16 = 0x1e,
  line_strp = 0x1f, ref_sig8 = 0x20, implicit_const = 0x21, loclistx = 0x22,
  rnglistx = 0x23, ref_sup8 = 0x24, strx1 = 0x25, strx2 = 0x26, strx3 = 0x27,
  strx4 = 0x28, addrx1 = 0x29, addrx2 = 0x2a, addrx3 = 0x2b, addrx4 = 0x2c,
  GNU_addr_index = 0x1f01, GNU_str_index = 0x1f02, GNU_ref_alt = 0x1f20,
  GNU_strp_alt = 0x1f21,
};
enum Attr : uint32_t {
  location = 0x02, stmt_list = 0x10, low_pc = 0x11, high_pc = 0x12,
  string_length = 0x19, return_addr = 0x2a, data_member_location = 0x38,
  frame_base = 0x40, segment = 0x46, static_link = 0x48, use_location = 0x4a,
  vtable_elem_location = 0x4d, entry_pc = 0x52, ranges = 0x55,
  addr_base = 0x73, rnglists_base = 0x74, call_return_pc = 0x7d,
  call_pc = 0x81, loclists_base = 0x8c,
};
} // namespace dw

// A bounds-checked cursor over one section.
class Cur {
public:
  // An offset past the end (from a damaged section) makes the cursor fail.
  Cur(std::span<const uint8_t> b, size_t at = 0)
      : b_(b), at_(at), ok_(at <= b.size()) {}
  size_t at() const { return at_; }
  void seek(size_t at) {
    at_ = at;
    ok_ = ok_ && at <= b_.size();
  }
  bool ok() const { return ok_; }
  bool more(size_t end) const { return ok_ && at_ < end; }
  uint64_t fixed(unsigned n) {
    if (!ok_ || n > b_.size() - at_) {
      ok_ = false;
      return 0;
    }
    uint64_t v = 0;
    for (unsigned i = 0; i < n; ++i)
      v |= uint64_t(b_[at_ + i]) << (8 * i);
    at_ += n;
    return v;
  }
  uint8_t u8() { return static_cast<uint8_t>(fixed(1)); }
  uint64_t uleb() {
    uint64_t v = 0;
    if (ok_ && !readUleb(b_, at_, v))
      ok_ = false;
    return v;
  }
  int64_t sleb() {
    int64_t v = 0;
    unsigned shift = 0;
    uint8_t byte = 0x80;
    while (ok_ && (byte & 0x80)) {
      if (at_ >= b_.size() || shift >= 64) {
        ok_ = false;
        return 0;
      }
      byte = b_[at_++];
      v |= int64_t(byte & 0x7f) << shift;
      shift += 7;
    }
    if (shift < 64 && (byte & 0x40))
      v |= -(int64_t{1} << shift);
    return v;
  }
  void skip(uint64_t n) {
    if (!ok_ || n > b_.size() - at_)
      ok_ = false;
    else
      at_ += n;
  }
  void cstring() {
    while (ok_ && at_ < b_.size() && b_[at_])
      ++at_;
    skip(1);
  }

private:
  std::span<const uint8_t> b_;
  size_t at_;
  bool ok_;
};

inline void put(std::vector<uint8_t> &b, size_t at, uint64_t v, unsigned n) {
  for (unsigned i = 0; i < n; ++i)
    b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}
inline void append(std::vector<uint8_t> &b, uint64_t v, unsigned n) {
  for (unsigned i = 0; i < n; ++i)
    b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
inline void appendSleb(std::vector<uint8_t> &out, int64_t v) {
  bool more = true;
  while (more) {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    more = !((v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40)));
    out.push_back(more ? byte | 0x80 : byte);
  }
}
// A ULEB of exactly `width` bytes (padded), for in-place patches.
inline bool putUleb(std::vector<uint8_t> &b, size_t at, uint64_t v, size_t width) {
  for (size_t i = 0; i < width; ++i) {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    b[at + i] = i + 1 < width ? byte | 0x80 : byte;
  }
  return v == 0;
}

// Reads a unit_length; DWARF64 is refused.
inline llvm::Expected<uint64_t> unitLength(Cur &c, std::string_view section) {
  uint64_t len = c.fixed(4);
  if (len >= 0xfffffff0)
    return error("64-bit DWARF in " + std::string(section) +
                 " is not supported");
  return len;
}

// Reads a unit's unit_length; returns where the unit ends, which must lie
// within the section's `size` bytes (`what` names the unit in the error).
inline llvm::Expected<size_t> unitEnd(Cur &c, size_t size,
                                      const std::string &section,
                                      std::string_view what = "unit") {
  auto len = unitLength(c, section);
  if (!len)
    return len.takeError();
  size_t end = c.at() + *len;
  if (end > size)
    return error("a " + section + " " + std::string(what) +
                 " runs past the section");
  return end;
}

struct Abbrev {
  uint64_t tag = 0;
  bool children = false;
  struct Spec {
    uint32_t attr, form;
    int64_t implicit;
  };
  std::vector<Spec> specs;
};
using AbbrevTable = std::unordered_map<uint64_t, Abbrev>;

// The work, over all the sections at once.
class Rewriter {
public:
  Rewriter(std::map<std::string, std::vector<uint8_t>> &s,
           const CodeOffsetMap &map)
      : s_(s), map_(map) {}

  llvm::Error run() {
    start();
    if (auto e = rewriteLines())
      return e;
    if (auto e = walkInfo(false))
      return e;
    if (auto e = rewriteLists("rnglists"))
      return e;
    if (auto e = rewriteLists("loclists"))
      return e;
    if (auto e = walkInfo(true))
      return e;
    if (auto e = rewriteAranges())
      return e;
    finishAddr();
    return llvm::Error::success();
  }

private:
  std::vector<uint8_t> *section(const char *name) {
    auto it = s_.find(name);
    return it == s_.end() ? nullptr : &it->second;
  }
  // Whether `a` is an address in the program's code (not a tombstone).
  bool code(uint64_t a) const {
    return a <= 0xffffffff && map_.inCode(static_cast<uint32_t>(a));
  }
  uint64_t map(uint64_t a) const {
    return code(a) ? map_.map(static_cast<uint32_t>(a)) : a;
  }
  // A length from `lo` (old), in the new code.
  uint64_t mapLength(uint64_t lo, uint64_t len) const {
    if (!code(lo) || !code(lo + len))
      return len;
    return map(lo + len) - map(lo);
  }

  // .debug_line: every unit's program, re-encoded at the new addresses.
  // The headers are kept byte for byte.
  llvm::Error rewriteLines();

  struct LineParams {
    uint8_t minInst = 1;
    int8_t lineBase = -5;
    uint8_t lineRange = 14;
    uint8_t opcodeBase = 13;
    std::vector<uint8_t> stdLengths;
  };

  llvm::Error lineProgram(const std::vector<uint8_t> &in, size_t at, size_t end,
                          const LineParams &p, unsigned addrSize,
                          std::vector<uint8_t> &out);

  // What the lists of a unit need to know about it.
  struct UnitInfo {
    uint16_t version = 4;
    unsigned addrSize = 4;
    uint64_t base = 0; // the unit's low_pc, in the input
    std::optional<uint64_t> addrBase;
  };

  const AbbrevTable *abbrevs(uint64_t offset);

  struct Value {
    uint32_t attr, form;
    size_t pos;    // in .debug_info
    size_t size;   // of the value's encoding
    uint64_t value;
  };

  // Reads one attribute value; false on a form this does not know.
  bool readValue(Cur &c, uint32_t form, int64_t implicit, const UnitInfo &u,
                 Value &v);

  static bool isAddrx(uint32_t form) {
    return form == dw::addrx || form == dw::addrx1 || form == dw::addrx2 ||
           form == dw::addrx3 || form == dw::addrx4 ||
           form == dw::GNU_addr_index;
  }
  static bool isLocList(uint32_t attr) {
    switch (attr) {
    case dw::location: case dw::string_length: case dw::return_addr:
    case dw::data_member_location: case dw::frame_base: case dw::segment:
    case dw::static_link: case dw::use_location: case dw::vtable_elem_location:
      return true;
    default:
      return false;
    }
  }
  // A section offset: sec_offset, or data4/data8 before DWARF 4.
  static bool isOffset(const Value &v, uint16_t version) {
    return v.form == dw::sec_offset ||
           (version < 4 && (v.form == dw::data4 || v.form == dw::data8));
  }

  // The code address in .debug_addr at `index` for unit `u`, and marks the
  // slot for mapping.
  std::optional<uint64_t> codeAddrx(const UnitInfo &u, uint64_t index);

  // Walks .debug_info. The first walk (patch false) only learns each unit's
  // base address and where its lists are; the second patches.
  llvm::Error walkInfo(bool patch);

  llvm::Error patchDie(std::vector<uint8_t> &info, const UnitInfo &u,
                       const std::vector<Value> &values);

  // .debug_ranges (DWARF 4 and earlier): fixed-size entries, patched in
  // place, once per list.
  llvm::Error rangesInPlace(uint64_t offset, const UnitInfo &u);
  llvm::Error locInPlace(uint64_t offset, const UnitInfo &u);
  llvm::Error pairsInPlace(const char *name, uint64_t offset, const UnitInfo &u,
                           bool expressions);

  // .debug_rnglists / .debug_loclists (DWARF 5): re-encoded, since their
  // entries hold LEBs; the offset tables and every offset into them follow.
  llvm::Error rewriteLists(const std::string &kind);

  // .debug_aranges: (address, length) pairs, in place.
  llvm::Error rewriteAranges();

  std::map<std::string, std::map<uint64_t, size_t>> owners_;
  std::map<std::string, std::map<uint64_t, uint64_t>> listOffsets_;
  std::map<std::string, std::set<uint64_t>> patched_;
  std::map<size_t, unsigned> codeSlots_; // .debug_addr slots holding code
  std::vector<uint8_t> addrOriginal_;
  std::vector<UnitInfo> units_;
  std::unordered_map<uint64_t, AbbrevTable> abbrevTables_;

public:
  void finishAddr() {
    std::vector<uint8_t> *sec = section(".debug_addr");
    if (!sec)
      return;
    for (auto [pos, n] : codeSlots_) {
      Cur c(addrOriginal_, pos);
      put(*sec, pos, map(c.fixed(n)), n);
    }
  }
  void start() {
    if (std::vector<uint8_t> *sec = section(".debug_addr"))
      addrOriginal_ = *sec;
  }

private:

  std::map<std::string, std::vector<uint8_t>> &s_;
  const CodeOffsetMap &map_;
  std::map<size_t, size_t> lineUnits_; // old unit offset -> new
};

} // namespace wrr::dwarf

#endif
