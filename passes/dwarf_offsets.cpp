#include "passes/dwarf_offsets.h"

#include <algorithm>
#include <thread>

#include "passes/code_decoder.h"
#include "rrlib/wasm_sections.h"

namespace wrr {
namespace {

using code::Decoder;
using code::Instr;

// For each input instruction, the output instruction it matches or -1:
// Myers' diff over the keys, after trimming the common ends.
std::optional<std::vector<int64_t>> align(const std::vector<Instr> &a,
                                          const std::vector<Instr> &b) {
  std::vector<int64_t> match(a.size(), -1);
  size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre].key == b[pre].key) {
    match[pre] = static_cast<int64_t>(pre);
    ++pre;
  }
  size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre &&
         a[a.size() - 1 - suf].key == b[b.size() - 1 - suf].key) {
    match[a.size() - 1 - suf] = static_cast<int64_t>(b.size() - 1 - suf);
    ++suf;
  }
  const int64_t n = static_cast<int64_t>(a.size() - pre - suf);
  const int64_t m = static_cast<int64_t>(b.size() - pre - suf);
  if (n == 0 || m == 0)
    return match;
  // The pass changes a handful of instructions per function; a large
  // distance means the bodies are not the same code.
  const int64_t maxD = std::min<int64_t>(n + m, 2000);
  const int64_t off = maxD + 1;
  std::vector<int64_t> v(2 * off + 1, 0);
  std::vector<std::vector<int64_t>> trace;
  auto eq = [&](int64_t x, int64_t y) {
    return a[pre + static_cast<size_t>(x)].key ==
           b[pre + static_cast<size_t>(y)].key;
  };
  int64_t found = -1;
  for (int64_t d = 0; d <= maxD && found < 0; ++d) {
    trace.push_back(std::vector<int64_t>(v.begin() + (off - d),
                                         v.begin() + (off + d + 1)));
    for (int64_t k = -d; k <= d; k += 2) {
      int64_t x;
      if (k == -d || (k != d && v[off + k - 1] < v[off + k + 1]))
        x = v[off + k + 1];
      else
        x = v[off + k - 1] + 1;
      int64_t y = x - k;
      while (x < n && y < m && eq(x, y)) {
        ++x;
        ++y;
      }
      v[off + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0)
    return std::nullopt;
  // Walk back through the saved frontiers.
  int64_t x = n, y = m;
  for (int64_t d = found; d > 0; --d) {
    const std::vector<int64_t> &pv = trace[static_cast<size_t>(d)];
    // pv holds v[-(d)..d] before step d, i.e. the frontier of step d-1
    // (entries at k in [-(d-1), d-1] are meaningful).
    auto prev = [&](int64_t k) { return pv[static_cast<size_t>(k + d)]; };
    int64_t k = x - y;
    int64_t pk;
    if (k == -d || (k != d && prev(k - 1) < prev(k + 1)))
      pk = k + 1;
    else
      pk = k - 1;
    int64_t px = prev(pk), py = px - pk;
    int64_t sx = (pk == k + 1) ? px : px + 1; // after the edit
    while (x > sx) {
      --x;
      --y;
      match[pre + static_cast<size_t>(x)] = static_cast<int64_t>(pre) + y;
    }
    x = px;
    y = py;
  }
  while (x > 0 && y > 0) {
    --x;
    --y;
    match[pre + static_cast<size_t>(x)] = static_cast<int64_t>(pre) + y;
  }
  return match;
}

// A minimal diff is not unique: for `unreachable` -> `block; call $trap;
// unreachable; end; unreachable`, Myers may pair the input's `unreachable`
// and the `end` after it with the inner ones, leaving the trailing
// `unreachable; end` to the next instruction (so a range ending after the
// trap ended before its last instruction). As git's diff does, slide each
// run of unpaired instructions of `y` (with[j]: the pair of y[j], or -1) up
// and down over equal keys, merging it with its neighbours, and leave it at
// its lowest place: the fewest runs, inserted instructions just before the
// one they belong to, and of equal instructions the first kept (Binaryen
// drops dead code after an `unreachable`, not before).
void slideRuns(const std::vector<Instr> &y, std::vector<int64_t> &with) {
  const size_t m = y.size();
  for (size_t s = 0;;) {
    while (s < m && with[s] >= 0)
      ++s;
    if (s >= m)
      break;
    size_t e = s;
    while (e < m && with[e] < 0)
      ++e;
    size_t len;
    do {
      len = e - s;
      while (s > 0 && y[s - 1].key == y[e - 1].key) {
        with[e - 1] = with[s - 1];
        with[s - 1] = -1;
        --s;
        --e;
        while (s > 0 && with[s - 1] < 0)
          --s;
      }
      while (e < m && y[e].key == y[s].key) {
        with[s] = with[e];
        with[e] = -1;
        ++s;
        ++e;
        while (e < m && with[e] < 0)
          ++e;
      }
    } while (e - s != len);
    s = e;
  }
}

void compact(const std::vector<Instr> &a, const std::vector<Instr> &b,
             std::vector<int64_t> &match) {
  std::vector<int64_t> by(b.size(), -1); // b index -> a index
  for (size_t i = 0; i < a.size(); ++i)
    if (match[i] >= 0)
      by[static_cast<size_t>(match[i])] = static_cast<int64_t>(i);
  slideRuns(b, by); // inserted instructions
  std::fill(match.begin(), match.end(), -1);
  for (size_t j = 0; j < b.size(); ++j)
    if (by[j] >= 0)
      match[static_cast<size_t>(by[j])] = static_cast<int64_t>(j);
  slideRuns(a, match); // removed instructions
}

// The pass's trap, `block; call $wrr.trapped; unreachable; end;
// unreachable` (Binaryen's writer adds the last `unreachable` after the
// block), stands for one input `unreachable`: made one instruction before
// the diff, which would otherwise pair the trailing `unreachable` with a
// following input one Binaryen dropped as dead code (rustc ends a function
// with `call $noreturn; unreachable; unreachable`), splitting the group.
// Every program `unreachable` becomes a trap, so no other output code has
// an `unreachable` right after a call inside a `block` of no type.
void foldTraps(std::span<const uint8_t> code, std::vector<Instr> &b) {
  size_t to = 0;
  for (size_t j = 0; j < b.size(); ++j) {
    if (j + 4 < b.size() && b[j].key == 0x02 && code[b[j].offset + 1] == 0x40 &&
        b[j + 1].key == 0x10 && b[j + 2].key == 0x00 && b[j + 3].key == 0x0b &&
        b[j + 4].key == 0x00) {
      b[to++] = {b[j].offset, 0x00};
      j += 4;
      continue;
    }
    b[to++] = b[j];
  }
  b.resize(to);
}

struct Code {
  uint32_t start = 0; // the payload, from the start of the file
  std::vector<FunctionBody> bodies;
  std::span<const uint8_t> bytes; // from the payload
};

std::optional<Code> codeOf(std::span<const uint8_t> module) {
  for (const WasmSection &s : wasmSections(module))
    if (s.id == section_id::kCode)
      return Code{static_cast<uint32_t>(s.payload), functionBodies(module),
                  module.subspan(s.payload, s.end - s.payload)};
  return std::nullopt;
}

// The size field's length: bodies are preceded by their size's LEB.
uint32_t sizeFieldStart(std::span<const uint8_t> code, const FunctionBody &f) {
  // Walk back over the LEB: its last byte has no continuation bit, the
  // others have one.
  uint32_t at = f.offset - 1;
  while (at > 0 && (code[at - 1] & 0x80))
    --at;
  return at;
}

} // namespace

std::optional<CodeOffsetMap> CodeOffsetMap::build(std::span<const uint8_t> input,
                                                  std::span<const uint8_t> output,
                                                  std::string &why) {
  auto in = codeOf(input), out = codeOf(output);
  CodeOffsetMap map;
  if (!in || in->bodies.empty())
    return map; // no code: nothing to map
  if (!out || out->bodies.size() < in->bodies.size()) {
    why = "the output lacks some of the program's functions";
    return std::nullopt;
  }
  map.inputCodeStart = in->start;
  map.outputCodeStart = out->start;
  // DWARF never points before the first body (wasm-opt's garbled DWARF
  // does, at 0 and 1: those stay as they are).
  map.begin_ = in->bodies.front().offset;
  map.end_ = in->bodies.back().offset + in->bodies.back().size;
  // Functions [begin, end) into `anchors`; false, with `fail`, when one
  // cannot be mapped.
  auto mapFunctions = [&](size_t begin, size_t end, std::vector<Anchor> &anchors,
                          bool &identity, std::string &fail) {
    std::vector<Instr> a, b;
    for (size_t i = begin; i < end; ++i) {
      const FunctionBody &fa = in->bodies[i], &fb = out->bodies[i];
      a.clear();
      b.clear();
      if (!Decoder(in->bytes, fa.offset, fa.offset + fa.size, 0).body(a) ||
          !Decoder(out->bytes, fb.offset, fb.offset + fb.size, 0).body(b)) {
        fail = "function " + std::to_string(i) + " does not decode";
        return false;
      }
      foldTraps(out->bytes, b);
      auto match = align(a, b);
      if (!match) {
        fail = "function " + std::to_string(i) +
               " differs too much from the input";
        return false;
      }
      compact(a, b, *match);
      uint32_t sa = sizeFieldStart(in->bytes, fa), sb = sizeFieldStart(out->bytes, fb);
      anchors.push_back({sa, sb});
      anchors.push_back({fa.offset, fb.offset});
      // Output instructions the pass inserted before a kept one (a call
      // before `unreachable`) belong to it; input instructions it removed
      // or replaced map to where their replacement starts.
      int64_t lastMatched = -1; // in b
      auto gapStart = [&](int64_t lm) {
        return lm + 1 < static_cast<int64_t>(b.size())
                   ? b[static_cast<size_t>(lm + 1)].offset
                   : fb.offset + fb.size;
      };
      bool deletedInGap = false;
      for (size_t j = 0; j < a.size(); ++j) {
        int64_t mj = (*match)[j];
        uint32_t to;
        if (mj < 0) {
          to = gapStart(lastMatched);
          deletedInGap = true;
        } else {
          to = deletedInGap ? b[static_cast<size_t>(mj)].offset : gapStart(lastMatched);
          lastMatched = mj;
          deletedInGap = false;
        }
        anchors.push_back({a[j].offset, to});
      }
      anchors.push_back({fa.offset + fa.size, fb.offset + fb.size});
      if (sa != sb || fa.offset != fb.offset || fa.size != fb.size)
        identity = false;
    }
    return true;
  };
  // Functions map independently: a large program's are split over two
  // threads, half its code each (about one instruction per two bytes).
  size_t n = in->bodies.size(), half = n;
  if (in->bytes.size() >= (512 << 10))
    for (half = 0; half < n && in->bodies[half].offset < in->bytes.size() / 2;)
      ++half;
  map.anchors_.reserve(in->bytes.size() / 2);
  std::vector<Anchor> later;
  bool laterIdentity = true, ok = true;
  std::string laterWhy;
  std::thread other;
  if (half < n)
    other = std::thread([&] {
      later.reserve((in->bytes.size() - in->bodies[half].offset) / 2);
      ok = mapFunctions(half, n, later, laterIdentity, laterWhy);
    });
  bool first = mapFunctions(0, half, map.anchors_, map.identity_, why);
  if (other.joinable())
    other.join();
  if (!first)
    return std::nullopt;
  if (!ok) {
    why = laterWhy;
    return std::nullopt;
  }
  map.anchors_.insert(map.anchors_.end(), later.begin(), later.end());
  map.identity_ = map.identity_ && laterIdentity;
  // Bodies and their instructions come in order, so the anchors are sorted
  // already (equal `from`s, the end of one function and the next one's size
  // field, keep their order: map takes the later). Sorting them again took
  // over 1% of wrr-instrument's time on the SQLite shell.
  if (!std::is_sorted(map.anchors_.begin(), map.anchors_.end(),
                      [](const Anchor &x, const Anchor &y) { return x.from < y.from; }))
    std::stable_sort(map.anchors_.begin(), map.anchors_.end(),
                     [](const Anchor &x, const Anchor &y) { return x.from < y.from; });
  return map;
}

bool CodeOffsetMap::inCode(uint32_t address) const {
  return address >= begin_ && address <= end_ && !anchors_.empty();
}

uint32_t CodeOffsetMap::map(uint32_t address) const {
  if (!inCode(address))
    return address;
  auto it = std::upper_bound(
      anchors_.begin(), anchors_.end(), address,
      [](uint32_t a, const Anchor &x) { return a < x.from; });
  return std::prev(it)->to;
}

} // namespace wrr
