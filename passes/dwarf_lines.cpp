// DWARF rewriting (passes/dwarf_rewriter.h): .debug_line, every unit's
// program re-encoded at the new addresses.
#include "passes/dwarf_rewriter.h"

namespace wrr::dwarf {

llvm::Error Rewriter::rewriteLines() {
  std::vector<uint8_t> *sec = section(".debug_line");
  if (!sec)
    return llvm::Error::success();
  const std::vector<uint8_t> &in = *sec;
  std::vector<uint8_t> out;
  out.reserve(in.size() + in.size() / 8);
  Cur c(in);
  while (c.more(in.size())) {
    size_t start = c.at();
    auto unit = unitEnd(c, in.size(), ".debug_line");
    if (!unit)
      return unit.takeError();
    size_t end = *unit;
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

llvm::Error Rewriter::lineProgram(const std::vector<uint8_t> &in, size_t at, size_t end,
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

} // namespace wrr::dwarf
