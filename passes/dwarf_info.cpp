// DWARF rewriting (passes/dwarf_rewriter.h): .debug_info walked, and what
// it points to patched in place (.debug_addr, .debug_ranges, .debug_loc).
#include "passes/dwarf_rewriter.h"

#include "llvm/ADT/StringExtras.h"

namespace wrr::dwarf {

const AbbrevTable *Rewriter::abbrevs(uint64_t offset) {
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

bool Rewriter::readValue(Cur &c, uint32_t form, int64_t implicit, const UnitInfo &u,
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

std::optional<uint64_t> Rewriter::codeAddrx(const UnitInfo &u, uint64_t index) {
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

llvm::Error Rewriter::walkInfo(bool patch) {
  std::vector<uint8_t> *sec = section(".debug_info");
  if (!sec)
    return llvm::Error::success();
  std::vector<uint8_t> &info = *sec;
  Cur c(info);
  while (c.more(info.size())) {
    size_t start = c.at();
    auto unit = unitEnd(c, info.size(), ".debug_info");
    if (!unit)
      return unit.takeError();
    size_t end = *unit;
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

llvm::Error Rewriter::patchDie(std::vector<uint8_t> &info, const UnitInfo &u,
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

llvm::Error Rewriter::rangesInPlace(uint64_t offset, const UnitInfo &u) {
  return pairsInPlace(".debug_ranges", offset, u, false);
}

llvm::Error Rewriter::locInPlace(uint64_t offset, const UnitInfo &u) {
  return pairsInPlace(".debug_loc", offset, u, true);
}

llvm::Error Rewriter::pairsInPlace(const char *name, uint64_t offset, const UnitInfo &u,
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

} // namespace wrr::dwarf
