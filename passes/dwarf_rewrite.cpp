#include "passes/dwarf_rewrite.h"

#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

#include "passes/error.h"
#include "llvm/ADT/StringExtras.h"

#include "rrlib/leb128.h"
#include "rrlib/wasm_sections.h"

namespace wrr {
namespace {

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

void put(std::vector<uint8_t> &b, size_t at, uint64_t v, unsigned n) {
  for (unsigned i = 0; i < n; ++i)
    b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}
void append(std::vector<uint8_t> &b, uint64_t v, unsigned n) {
  for (unsigned i = 0; i < n; ++i)
    b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void appendSleb(std::vector<uint8_t> &out, int64_t v) {
  bool more = true;
  while (more) {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    more = !((v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40)));
    out.push_back(more ? byte | 0x80 : byte);
  }
}
// A ULEB of exactly `width` bytes (padded), for in-place patches.
bool putUleb(std::vector<uint8_t> &b, size_t at, uint64_t v, size_t width) {
  for (size_t i = 0; i < width; ++i) {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    b[at + i] = i + 1 < width ? byte | 0x80 : byte;
  }
  return v == 0;
}

// Reads a unit_length; DWARF64 is refused.
llvm::Expected<uint64_t> unitLength(Cur &c, std::string_view section) {
  uint64_t len = c.fixed(4);
  if (len >= 0xfffffff0)
    return error("64-bit DWARF in " + std::string(section) +
                 " is not supported");
  return len;
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
  llvm::Error rewriteLines() {
    std::vector<uint8_t> *sec = section(".debug_line");
    if (!sec)
      return llvm::Error::success();
    const std::vector<uint8_t> &in = *sec;
    std::vector<uint8_t> out;
    out.reserve(in.size() + in.size() / 8);
    Cur c(in);
    while (c.more(in.size())) {
      size_t start = c.at();
      auto len = unitLength(c, ".debug_line");
      if (!len)
        return len.takeError();
      size_t end = c.at() + *len;
      if (end > in.size())
        return error("a .debug_line unit runs past the section");
      uint16_t version = static_cast<uint16_t>(c.fixed(2));
      if (version < 2 || version > 5)
        return error(".debug_line version " + std::to_string(version) +
                     " is not supported");
      unsigned addrSize = 4;
      if (version >= 5) {
        addrSize = c.u8();
        c.u8(); // segment selector size
      }
      uint64_t headerLength = c.fixed(4);
      size_t program = c.at() + headerLength;
      LineParams p;
      p.minInst = c.u8();
      if (version >= 4)
        c.u8(); // maximum_operations_per_instruction: 1 for wasm
      c.u8();   // default_is_stmt
      p.lineBase = static_cast<int8_t>(c.u8());
      p.lineRange = c.u8();
      p.opcodeBase = c.u8();
      for (unsigned i = 1; i < p.opcodeBase; ++i)
        p.stdLengths.push_back(c.u8());
      if (!c.ok() || program > end || p.lineRange == 0 || p.minInst == 0 ||
          p.opcodeBase == 0)
        return error("a damaged .debug_line header at " + std::to_string(start));
      lineUnits_[start] = out.size();
      size_t newStart = out.size();
      append(out, 0, 4);
      out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(start + 4),
                 in.begin() + static_cast<std::ptrdiff_t>(program));
      if (auto e = lineProgram(in, program, end, p, addrSize, out))
        return e;
      put(out, newStart, out.size() - newStart - 4, 4);
      c.seek(end);
    }
    *sec = std::move(out);
    return llvm::Error::success();
  }

  struct LineParams {
    uint8_t minInst = 1;
    int8_t lineBase = -5;
    uint8_t lineRange = 14;
    uint8_t opcodeBase = 13;
    std::vector<uint8_t> stdLengths;
  };

  llvm::Error lineProgram(const std::vector<uint8_t> &in, size_t at, size_t end,
                          const LineParams &p, unsigned addrSize,
                          std::vector<uint8_t> &out) {
    Cur c(std::span<const uint8_t>(in).first(end), at);
    uint64_t addr = 0;     // the state machine's, in the input
    uint64_t emitted = 0;  // the address the output's rows are at
    bool setAddress = false;
    unsigned setSize = addrSize;
    auto copy = [&](size_t from) {
      out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(from),
                 in.begin() + static_cast<std::ptrdiff_t>(c.at()));
    };
    // Brings the output's address to map(addr).
    auto moveTo = [&]() -> uint64_t {
      uint64_t target = map(addr);
      if (setAddress || target < emitted) {
        out.push_back(0);
        appendUleb(out, 1 + setSize);
        out.push_back(2); // DW_LNE_set_address
        append(out, target, setSize);
        emitted = target;
        setAddress = false;
        return 0;
      }
      uint64_t delta = (target - emitted) / p.minInst;
      emitted = target;
      return delta;
    };
    // A row, with the line advance `line`.
    auto row = [&](int64_t line) {
      uint64_t delta = moveTo();
      auto special = [&](uint64_t d) -> std::optional<uint8_t> {
        if (line < p.lineBase || line >= p.lineBase + p.lineRange)
          return std::nullopt;
        uint64_t op = uint64_t(line - p.lineBase) + p.lineRange * d + p.opcodeBase;
        if (op > 255)
          return std::nullopt;
        return static_cast<uint8_t>(op);
      };
      if (auto op = special(delta)) {
        out.push_back(*op);
        return;
      }
      if (delta) {
        out.push_back(2); // DW_LNS_advance_pc
        appendUleb(out, delta);
      }
      if (auto op = special(0)) {
        out.push_back(*op);
        return;
      }
      out.push_back(3); // DW_LNS_advance_line
      appendSleb(out, line);
      out.push_back(1); // DW_LNS_copy
    };
    while (c.more(end)) {
      size_t from = c.at();
      uint8_t op = c.u8();
      if (op >= p.opcodeBase) {
        unsigned adj = op - p.opcodeBase;
        addr += uint64_t(adj / p.lineRange) * p.minInst;
        row(p.lineBase + int64_t(adj % p.lineRange));
        continue;
      }
      switch (op) {
      case 0: { // extended
        uint64_t len = c.uleb();
        size_t body = c.at();
        if (len == 0 || len > end - body)
          return error("a damaged .debug_line extended opcode");
        uint8_t sub = c.u8();
        if (sub == 1) { // end_sequence
          if (uint64_t delta = moveTo()) {
            out.push_back(2);
            appendUleb(out, delta);
          }
          c.seek(body + len);
          copy(from);
          addr = emitted = 0;
          setAddress = false;
          continue;
        }
        if (sub == 2) { // set_address
          setSize = static_cast<unsigned>(len - 1);
          if (setSize > 8)
            return error("a damaged DW_LNE_set_address");
          addr = c.fixed(setSize);
          setAddress = true;
          continue;
        }
        c.seek(body + len);
        copy(from);
        break;
      }
      case 1: // copy
        row(0);
        break;
      case 2: // advance_pc
        addr += c.uleb() * p.minInst;
        break;
      case 8: // const_add_pc
        addr += uint64_t((255 - p.opcodeBase) / p.lineRange) * p.minInst;
        break;
      case 9: // fixed_advance_pc
        addr += c.fixed(2);
        break;
      default: // the others (lines, files, columns, flags): unchanged
        if (op == 3) {
          c.sleb();
        } else {
          for (unsigned i = 0; op - 1u < p.stdLengths.size() &&
                               i < p.stdLengths[op - 1]; ++i)
            c.uleb();
        }
        copy(from);
      }
      if (!c.ok())
        return error("a damaged .debug_line program");
    }
    return llvm::Error::success();
  }

  // What the lists of a unit need to know about it.
  struct UnitInfo {
    uint16_t version = 4;
    unsigned addrSize = 4;
    uint64_t base = 0; // the unit's low_pc, in the input
    std::optional<uint64_t> addrBase;
  };

  const AbbrevTable *abbrevs(uint64_t offset) {
    auto it = abbrevTables_.find(offset);
    if (it != abbrevTables_.end())
      return &it->second;
    std::vector<uint8_t> *sec = section(".debug_abbrev");
    if (!sec)
      return nullptr;
    AbbrevTable table;
    Cur c(*sec, offset);
    while (c.more(sec->size())) {
      uint64_t code = c.uleb();
      if (code == 0)
        break;
      Abbrev a;
      a.tag = c.uleb();
      a.children = c.u8() != 0;
      while (c.ok()) {
        uint32_t attr = static_cast<uint32_t>(c.uleb());
        uint32_t form = static_cast<uint32_t>(c.uleb());
        if (attr == 0 && form == 0)
          break;
        int64_t implicit = form == dw::implicit_const ? c.sleb() : 0;
        a.specs.push_back({attr, form, implicit});
      }
      table[code] = std::move(a);
    }
    if (!c.ok())
      return nullptr;
    return &abbrevTables_.emplace(offset, std::move(table)).first->second;
  }

  struct Value {
    uint32_t attr, form;
    size_t pos;    // in .debug_info
    size_t size;   // of the value's encoding
    uint64_t value;
  };

  // Reads one attribute value; false on a form this does not know.
  bool readValue(Cur &c, uint32_t form, int64_t implicit, const UnitInfo &u,
                 Value &v) {
    v.form = form;
    v.pos = c.at();
    v.value = 0;
    switch (form) {
    case dw::addr: v.value = c.fixed(u.addrSize); break;
    case dw::data1: case dw::ref1: case dw::flag: case dw::strx1:
    case dw::addrx1:
      v.value = c.fixed(1); break;
    case dw::data2: case dw::ref2: case dw::strx2: case dw::addrx2:
      v.value = c.fixed(2); break;
    case dw::strx3: case dw::addrx3: v.value = c.fixed(3); break;
    case dw::data4: case dw::ref4: case dw::ref_sup4: case dw::strx4:
    case dw::addrx4: case dw::strp: case dw::line_strp: case dw::strp_sup:
    case dw::sec_offset: case dw::GNU_ref_alt: case dw::GNU_strp_alt:
      v.value = c.fixed(4); break;
    case dw::ref_addr:
      v.value = c.fixed(u.version <= 2 ? u.addrSize : 4); break;
    case dw::data8: case dw::ref8: case dw::ref_sig8: case dw::ref_sup8:
      v.value = c.fixed(8); break;
    case dw::data16: c.skip(16); break;
    case dw::sdata: v.value = static_cast<uint64_t>(c.sleb()); break;
    case dw::udata: case dw::ref_udata: case dw::strx: case dw::addrx:
    case dw::loclistx: case dw::rnglistx: case dw::GNU_addr_index:
    case dw::GNU_str_index:
      v.value = c.uleb(); break;
    case dw::string: c.cstring(); break;
    case dw::block1: c.skip(c.fixed(1)); break;
    case dw::block2: c.skip(c.fixed(2)); break;
    case dw::block4: c.skip(c.fixed(4)); break;
    case dw::block: case dw::exprloc: c.skip(c.uleb()); break;
    case dw::flag_present: break;
    case dw::implicit_const: v.value = static_cast<uint64_t>(implicit); break;
    case dw::indirect:
      return readValue(c, static_cast<uint32_t>(c.uleb()), implicit, u, v);
    default:
      return false;
    }
    v.size = c.at() - v.pos;
    return c.ok();
  }

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
  std::optional<uint64_t> codeAddrx(const UnitInfo &u, uint64_t index) {
    std::vector<uint8_t> *sec = section(".debug_addr");
    if (!sec || !u.addrBase)
      return std::nullopt;
    size_t pos = *u.addrBase + index * u.addrSize;
    if (pos + u.addrSize > addrOriginal_.size())
      return std::nullopt;
    codeSlots_.emplace(pos, u.addrSize);
    Cur c(addrOriginal_, pos);
    return c.fixed(u.addrSize);
  }

  // Walks .debug_info. The first walk (patch false) only learns each unit's
  // base address and where its lists are; the second patches.
  llvm::Error walkInfo(bool patch) {
    std::vector<uint8_t> *sec = section(".debug_info");
    if (!sec)
      return llvm::Error::success();
    std::vector<uint8_t> &info = *sec;
    Cur c(info);
    while (c.more(info.size())) {
      size_t start = c.at();
      auto len = unitLength(c, ".debug_info");
      if (!len)
        return len.takeError();
      size_t end = c.at() + *len;
      if (end > info.size())
        return error("a .debug_info unit runs past the section");
      UnitInfo u;
      u.version = static_cast<uint16_t>(c.fixed(2));
      uint64_t abbrevOffset;
      if (u.version >= 5) {
        uint8_t type = c.u8();
        u.addrSize = c.u8();
        abbrevOffset = c.fixed(4);
        if (type == 4 || type == 5)
          c.skip(8);
        else if (type == 2 || type == 6)
          c.skip(12);
      } else {
        abbrevOffset = c.fixed(4);
        u.addrSize = c.u8();
      }
      if (u.version < 2 || u.version > 5 || u.addrSize == 0 || u.addrSize > 8)
        return error("a .debug_info unit of version " +
                     std::to_string(u.version) + " or address size " +
                     std::to_string(u.addrSize) + " is not supported");
      const AbbrevTable *table = abbrevs(abbrevOffset);
      if (!table)
        return error("a damaged .debug_abbrev table at " +
                     std::to_string(abbrevOffset));
      bool first = true;
      std::vector<Value> values;
      while (c.more(end)) {
        uint64_t code = c.uleb();
        if (code == 0)
          continue;
        auto it = table->find(code);
        if (it == table->end())
          return error("a DIE with an unknown abbreviation in the unit at " +
                       std::to_string(start));
        values.clear();
        for (const Abbrev::Spec &spec : it->second.specs) {
          Value v;
          v.attr = spec.attr;
          if (!readValue(c, spec.form, spec.implicit, u, v))
            return error("an attribute of an unknown form (0x" +
                         llvm::utohexstr(spec.form) + ") in .debug_info");
          values.push_back(v);
        }
        if (first) {
          // The unit DIE: its base address and address table.
          for (const Value &v : values)
            if (v.attr == dw::addr_base)
              u.addrBase = v.value;
          if (!u.addrBase && u.version >= 5 && section(".debug_addr"))
            u.addrBase = 8; // the first contribution's, after its header
          for (const Value &v : values)
            if (v.attr == dw::low_pc) {
              if (v.form == dw::addr)
                u.base = v.value;
              else if (isAddrx(v.form))
                u.base = codeAddrx(u, v.value).value_or(0);
            }
          first = false;
          if (!patch) {
            units_.push_back(u);
            // Without DW_AT_*lists_base, indexed lists are in the first
            // table (after its 12-byte header).
            if (u.version >= 5)
              for (const char *kind : {"rnglists", "loclists"})
                owners_[kind].emplace(12, units_.size() - 1);
          }
        }
        if (!patch) {
          for (const Value &v : values) {
            if (u.version < 5 || !isOffset(v, u.version))
              continue;
            if (v.attr == dw::ranges || v.attr == dw::rnglists_base)
              owners_["rnglists"][v.value] = units_.size() - 1;
            else if (isLocList(v.attr) || v.attr == dw::loclists_base)
              owners_["loclists"][v.value] = units_.size() - 1;
          }
          continue;
        }
        if (auto e = patchDie(info, u, values))
          return e;
      }
      if (!c.ok())
        return error("a damaged .debug_info unit at " + std::to_string(start));
      c.seek(end);
    }
    return llvm::Error::success();
  }

  llvm::Error patchDie(std::vector<uint8_t> &info, const UnitInfo &u,
                       const std::vector<Value> &values) {
    std::optional<uint64_t> low;
    for (const Value &v : values) {
      if (v.attr != dw::low_pc)
        continue;
      if (v.form == dw::addr)
        low = v.value;
      else if (isAddrx(v.form))
        low = codeAddrx(u, v.value);
    }
    for (const Value &v : values) {
      if (v.form == dw::addr) {
        put(info, v.pos, map(v.value), u.addrSize);
      } else if (isAddrx(v.form) &&
                 (v.attr == dw::low_pc || v.attr == dw::high_pc ||
                  v.attr == dw::entry_pc || v.attr == dw::call_return_pc ||
                  v.attr == dw::call_pc)) {
        codeAddrx(u, v.value);
      } else if (v.attr == dw::high_pc) {
        if (!low)
          continue;
        uint64_t len = mapLength(*low, v.value);
        if (v.form == dw::udata) {
          if (!putUleb(info, v.pos, len, v.size))
            return error("a DW_AT_high_pc does not fit its encoding");
        } else if (v.form == dw::data1 || v.form == dw::data2 ||
                   v.form == dw::data4 || v.form == dw::data8) {
          if (v.size < 8 && len >> (8 * v.size))
            return error("a DW_AT_high_pc does not fit its encoding");
          put(info, v.pos, len, static_cast<unsigned>(v.size));
        }
      } else if (v.attr == dw::stmt_list && isOffset(v, u.version)) {
        auto it = lineUnits_.find(v.value);
        if (it != lineUnits_.end())
          put(info, v.pos, it->second, static_cast<unsigned>(v.size));
      } else if (isOffset(v, u.version) &&
                 (v.attr == dw::ranges || isLocList(v.attr) ||
                  v.attr == dw::rnglists_base || v.attr == dw::loclists_base)) {
        bool ranges = v.attr == dw::ranges || v.attr == dw::rnglists_base;
        if (u.version < 5) {
          if (auto e = ranges ? rangesInPlace(v.value, u) : locInPlace(v.value, u))
            return e;
          continue;
        }
        const std::map<uint64_t, uint64_t> &moved =
            listOffsets_[ranges ? "rnglists" : "loclists"];
        auto it = moved.find(v.value);
        if (it != moved.end())
          put(info, v.pos, it->second, static_cast<unsigned>(v.size));
      }
    }
    return llvm::Error::success();
  }

  // .debug_ranges (DWARF 4 and earlier): fixed-size entries, patched in
  // place, once per list.
  llvm::Error rangesInPlace(uint64_t offset, const UnitInfo &u) {
    return pairsInPlace(".debug_ranges", offset, u, false);
  }
  llvm::Error locInPlace(uint64_t offset, const UnitInfo &u) {
    return pairsInPlace(".debug_loc", offset, u, true);
  }
  llvm::Error pairsInPlace(const char *name, uint64_t offset, const UnitInfo &u,
                           bool expressions) {
    std::vector<uint8_t> *sec = section(name);
    if (!sec || !patched_[name].insert(offset).second)
      return llvm::Error::success();
    const unsigned n = u.addrSize;
    const uint64_t max = n == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * n)) - 1;
    uint64_t base = u.base;
    Cur c(*sec, offset);
    while (c.ok()) {
      size_t at = c.at();
      uint64_t lo = c.fixed(n), hi = c.fixed(n);
      if (!c.ok())
        return error(std::string("a list in ") + name + " runs past the section");
      if (lo == 0 && hi == 0)
        break;
      if (lo == max) {
        put(*sec, at + n, map(hi), n);
        base = hi;
        continue;
      }
      if (code(base + lo) && code(base + hi)) {
        uint64_t nb = map(base);
        put(*sec, at, map(base + lo) - nb, n);
        put(*sec, at + n, map(base + hi) - nb, n);
      }
      if (expressions)
        c.skip(c.fixed(2));
    }
    return llvm::Error::success();
  }

  // .debug_rnglists / .debug_loclists (DWARF 5): re-encoded, since their
  // entries hold LEBs; the offset tables and every offset into them follow.
  llvm::Error rewriteLists(const std::string &kind) {
    std::vector<uint8_t> *sec = section((".debug_" + kind).c_str());
    if (!sec)
      return llvm::Error::success();
    const bool loc = kind == "loclists";
    const std::vector<uint8_t> &in = *sec;
    const std::map<uint64_t, size_t> &owners = owners_[kind];
    std::map<uint64_t, uint64_t> &moved = listOffsets_[kind];
    std::vector<uint8_t> out;
    Cur c(in);
    while (c.more(in.size())) {
      size_t start = c.at();
      auto len = unitLength(c, ".debug_" + kind);
      if (!len)
        return len.takeError();
      size_t end = c.at() + *len;
      if (end > in.size())
        return error("a .debug_" + kind + " table runs past the section");
      c.fixed(2); // version
      unsigned addrSize = c.u8();
      c.u8(); // segment selector size
      uint64_t count = c.fixed(4);
      size_t tableAt = c.at();
      if (!c.ok() || addrSize == 0 || addrSize > 8 || count * 4 > end - tableAt)
        return error("a damaged .debug_" + kind + " header");
      UnitInfo u;
      u.addrSize = addrSize;
      auto owner = owners.lower_bound(start);
      if (owner != owners.end() && owner->first <= end)
        u = units_[owner->second];
      size_t newStart = out.size();
      out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(start),
                 in.begin() + static_cast<std::ptrdiff_t>(tableAt + count * 4));
      // The unit's base (DW_AT_*lists_base) points after the header.
      moved[tableAt] = newStart + (tableAt - start);
      c.seek(tableAt + count * 4);
      uint64_t base = u.base;
      while (c.more(end)) {
        moved[c.at()] = out.size();
        uint8_t kindByte = c.u8();
        out.push_back(kindByte);
        auto uleb = [&] { return c.uleb(); };
        auto addr = [&] { return c.fixed(addrSize); };
        // RLE and LLE share codes 0-4; then LLE has default_location (5)
        // and shifts base_address, start_end, start_length by one.
        unsigned k = kindByte;
        if (loc && k == 5) {
          // default_location: an expression only
        } else if (loc && k >= 6) {
          k -= 1;
        }
        switch (k) {
        case 0: // end_of_list
          break;
        case 1: { // base_addressx
          uint64_t i = uleb();
          appendUleb(out, i);
          base = codeAddrx(u, i).value_or(0);
          break;
        }
        case 2: { // startx_endx
          uint64_t a = uleb(), b = uleb();
          codeAddrx(u, a);
          codeAddrx(u, b);
          appendUleb(out, a);
          appendUleb(out, b);
          break;
        }
        case 3: { // startx_length
          uint64_t a = uleb(), l = uleb();
          uint64_t lo = codeAddrx(u, a).value_or(0);
          appendUleb(out, a);
          appendUleb(out, mapLength(lo, l));
          break;
        }
        case 4: { // offset_pair
          uint64_t a = uleb(), b = uleb();
          if (code(base + a) && code(base + b)) {
            uint64_t nb = map(base);
            a = map(base + a) - nb;
            b = map(base + b) - nb;
          }
          appendUleb(out, a);
          appendUleb(out, b);
          break;
        }
        case 5: { // base_address (or LLE default_location)
          if (loc && kindByte == 5)
            break;
          base = addr();
          append(out, map(base), addrSize);
          break;
        }
        case 6: { // start_end
          uint64_t a = addr(), b = addr();
          append(out, map(a), addrSize);
          append(out, map(b), addrSize);
          break;
        }
        case 7: { // start_length
          uint64_t a = addr(), l = uleb();
          append(out, map(a), addrSize);
          appendUleb(out, mapLength(a, l));
          break;
        }
        default:
          return error("an unknown .debug_" + kind + " entry kind");
        }
        if (loc && kindByte != 0 && kindByte != 1 && kindByte != 6) {
          uint64_t n = uleb();
          size_t from = c.at();
          c.skip(n);
          if (!c.ok())
            return error("a damaged .debug_loclists entry");
          appendUleb(out, n);
          out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(from),
                     in.begin() + static_cast<std::ptrdiff_t>(from + n));
        }
        if (kindByte == 0)
          base = u.base;
        if (!c.ok())
          return error("a damaged .debug_" + kind + " entry");
      }
      moved[end] = out.size();
      // The offset table: entries are relative to the table's start.
      for (uint64_t i = 0; i < count; ++i) {
        Cur t(in, tableAt + i * 4);
        uint64_t rel = t.fixed(4);
        auto it = moved.find(tableAt + rel);
        if (it != moved.end())
          put(out, newStart + (tableAt - start) + i * 4,
              it->second - (newStart + (tableAt - start)), 4);
      }
      put(out, newStart, out.size() - newStart - 4, 4);
      c.seek(end);
    }
    *sec = std::move(out);
    return llvm::Error::success();
  }

  // .debug_aranges: (address, length) pairs, in place.
  llvm::Error rewriteAranges() {
    std::vector<uint8_t> *sec = section(".debug_aranges");
    if (!sec)
      return llvm::Error::success();
    Cur c(*sec);
    while (c.more(sec->size())) {
      size_t start = c.at();
      auto len = unitLength(c, ".debug_aranges");
      if (!len)
        return len.takeError();
      size_t end = c.at() + *len;
      c.fixed(2);
      c.fixed(4);
      unsigned n = c.u8();
      c.u8();
      if (!c.ok() || n == 0 || n > 8 || end > sec->size())
        return error("a damaged .debug_aranges set");
      size_t at = c.at() - start;
      c.skip((2 * n - at % (2 * n)) % (2 * n));
      while (c.more(end)) {
        size_t pos = c.at();
        uint64_t a = c.fixed(n), l = c.fixed(n);
        if (a == 0 && l == 0)
          break;
        put(*sec, pos + n, mapLength(a, l), n);
        put(*sec, pos, map(a), n);
      }
      c.seek(end);
    }
    return llvm::Error::success();
  }

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

} // namespace

llvm::Expected<std::vector<uint8_t>>
rewriteDebugSections(std::span<const uint8_t> sections, const CodeOffsetMap &map,
                     const std::function<void(const std::string &)> &warn) {
  auto say = [&](const std::string &m) {
    if (warn)
      warn(m);
  };
  // The sections, in order; DWARF's by name (a second one of a name is
  // dropped: DWARF has one of each).
  struct Entry {
    std::string name;
    std::span<const uint8_t> whole;
  };
  std::vector<Entry> order;
  std::map<std::string, std::vector<uint8_t>> dwarf;
  size_t at = 0;
  while (at < sections.size()) {
    size_t begin = at++;
    uint64_t size, nameLen;
    if (!readUleb(sections, at, size) || size > sections.size() - at)
      return error("a damaged custom section");
    size_t end = at + size, p = at;
    if (!readUleb(sections.first(end), p, nameLen) || nameLen > end - p)
      return error("a damaged custom section");
    std::string name(reinterpret_cast<const char *>(sections.data() + p), nameLen);
    at = end;
    if (name.starts_with(".debug_")) {
      if (!dwarf.emplace(name, std::vector<uint8_t>(sections.begin() + p + nameLen,
                                                    sections.begin() + end)).second) {
        say("dropped a second " + name + " section");
        continue;
      }
    }
    order.push_back({name, sections.subspan(begin, end - begin)});
  }
  if (!map.identity()) {
    Rewriter r(dwarf, map);
    if (auto e = r.run())
      return e;
  }
  std::vector<uint8_t> out;
  for (const Entry &e : order) {
    auto it = dwarf.find(e.name);
    if (it != dwarf.end()) {
      appendCustomSection(out, e.name, it->second);
    } else if (map.identity() && (e.name != "sourceMappingURL" ||
                                  map.inputCodeStart == map.outputCodeStart)) {
      // (A source map counts from the start of the file.)
      out.insert(out.end(), e.whole.begin(), e.whole.end());
    } else if (e.name == "sourceMappingURL") {
      say("dropped the sourceMappingURL section: instrumenting moved the "
          "code it maps; pass --source-map with the map's file to rewrite it");
    } else {
      say("dropped the " + e.name + " section: instrumenting moved the code "
          "it describes, and wrr cannot rewrite what it points to");
    }
  }
  return out;
}

} // namespace wrr
