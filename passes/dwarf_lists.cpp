// DWARF rewriting (passes/dwarf_rewriter.h): .debug_rnglists and
// .debug_loclists re-encoded, .debug_aranges patched.
#include "passes/dwarf_rewriter.h"

namespace wrr::dwarf {

llvm::Error Rewriter::rewriteLists(const std::string &kind) {
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
    auto unit = unitEnd(c, in.size(), ".debug_" + kind, "table");
    if (!unit)
      return unit.takeError();
    size_t end = *unit;
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

llvm::Error Rewriter::rewriteAranges() {
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

} // namespace wrr::dwarf
