#!/usr/bin/env python3
"""Source maps for wasm, made and checked independently of wrr.

  check_source_map.py make IN.wasm OUT.map
      A V3 source map of IN.wasm made from its DWARF line table (as
      emscripten's wasm-sourcemap.py does: one generated line, whose columns
      are file offsets, i.e. DWARF's code-relative address plus the code
      section's start). End-of-sequence rows become one-field segments and
      every seventh row names a symbol, so that all segment kinds occur.
  check_source_map.py add-url IN.wasm URL OUT.wasm
      IN.wasm with a sourceMappingURL section appended.
  check_source_map.py check IN.wasm IN.map OUT.wasm OUT.map URL
      Checks OUT.map against IN.map, pairing instructions as check_dwarf.py
      does (WABT's disassembler and difflib); prints one line per property
      and exits 1 if any fails."""
import bisect
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_dwarf import DWARFDUMP, code_start, functions, pair, run  # noqa: E402

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def vlq(value):
    v = (-value << 1) | 1 if value < 0 else value << 1
    out = ""
    while True:
        digit = v & 31
        v >>= 5
        out += B64[digit | (32 if v else 0)]
        if not v:
            return out


def decode(mappings):
    """[(column, None | (source, line, column[, name]))] of generated line 0."""
    assert ";" not in mappings, "a wasm source map has one generated line"
    fields = [0, 0, 0, 0, 0]
    out = []
    for seg in mappings.split(","):
        if not seg:
            continue
        vals, v, shift = [], 0, 0
        for ch in seg:
            d = B64.index(ch)
            v |= (d & 31) << shift
            shift += 5
            if not d & 32:
                vals.append(-(v >> 1) if v & 1 else v >> 1)
                v, shift = 0, 0
        for i, x in enumerate(vals):
            fields[i] += x
        out.append((fields[0], tuple(fields[1:len(vals)]) or None))
    return out


def make(wasm, path):
    base = code_start(wasm)
    fin = functions(wasm)
    lo, hi = fin[0][0], fin[-1][1]
    rows, files = [], {}
    unit = -1
    pending = None
    for line in run(DWARFDUMP, "--debug-line", wasm).splitlines():
        if line.startswith("debug_line["):
            unit += 1
        m = re.match(r"^file_names\[\s*(\d+)\]:", line)
        if m:
            pending = int(m.group(1))
        m = re.match(r'^\s+name: "(.*)"$', line)
        if m and pending is not None:
            files[(unit, pending)] = "u%d/%s" % (unit, m.group(1))
            pending = None
        m = re.match(r"^0x([0-9a-f]{16})\s+(\d+)\s+(\d+)\s+(\d+)\s.*?$", line)
        if m:
            a = int(m.group(1), 16)
            if lo <= a <= hi:
                rows.append((a, int(m.group(2)), int(m.group(3)),
                             files.get((unit, int(m.group(4))), "u%d/?" % unit),
                             "end_sequence" in line))
    rows.sort(key=lambda r: r[0])
    sources, names, segs = [], [], []
    last = [0, 0, 0, 0, 0]
    for i, (a, ln, col, f, end) in enumerate(rows):
        if not end and ln == 0:
            continue
        seg = [a + base]
        if not end:
            if f not in sources:
                sources.append(f)
            seg += [sources.index(f), ln - 1, max(col, 1) - 1]
            if i % 7 == 0:
                names.append("n%d" % i)
                seg.append(len(names) - 1)
        segs.append("".join(vlq(x - last[k]) for k, x in enumerate(seg)))
        for k, x in enumerate(seg):
            last[k] = x
    with open(path, "w") as fh:
        json.dump({"version": 3, "sources": sources, "names": names,
                   "mappings": ",".join(segs)}, fh)


def add_url(src, url, dst):
    def leb(n):
        out = bytearray()
        while True:
            b = n & 0x7f
            n >>= 7
            out.append(b | (0x80 if n else 0))
            if not n:
                return bytes(out)
    name = b"sourceMappingURL"
    body = leb(len(name)) + name + leb(len(url)) + url.encode()
    with open(src, "rb") as fh:
        data = fh.read()
    with open(dst, "wb") as fh:
        fh.write(data + b"\0" + leb(len(body)) + body)


def map_urls(wasm):
    """The URLs of the module's sourceMappingURL sections."""
    data = open(wasm, "rb").read()
    at, out = 8, []

    def leb():
        nonlocal at
        n = shift = 0
        while True:
            b = data[at]
            at += 1
            n |= (b & 0x7f) << shift
            shift += 7
            if not b & 0x80:
                return n
    while at < len(data):
        sid = data[at]
        at += 1
        size = leb()
        end = at + size
        if sid == 0:
            n = leb()
            name = data[at:at + n]
            at += n
            if name == b"sourceMappingURL":
                n = leb()
                out.append(data[at:at + n].decode())
        at = end
    return out


def check(src, src_map, dst, dst_map, url):
    failures = []

    def ok(name, good, detail=""):
        print(("ok   " if good else "FAIL ") + name + (": " + detail if detail and not good else ""))
        if not good:
            failures.append(name)

    jin, jout = json.load(open(src_map)), json.load(open(dst_map))
    ok("the output points at the rewritten map", map_urls(dst) == [url],
       str(map_urls(dst)))
    ok("only \"mappings\" changed",
       {k: v for k, v in jin.items() if k != "mappings"} ==
       {k: v for k, v in jout.items() if k != "mappings"})
    sin, sout = decode(jin["mappings"]), decode(jout["mappings"])
    ok("the same segments, in the same order (%d)" % len(sin),
       len(sin) == len(sout) and [s for _, s in sin] == [s for _, s in sout]
       and len(sin) > 0)

    bin_, bout = code_start(src), code_start(dst)
    fin, fout = functions(src), functions(dst)
    fout = fout[:len(fin)]
    corr = pair(fin, fout)
    bounds = ({at for _, _, ins in fout for at, _ in ins} |
              {s for s, _, _ in fout} | {e for _, e, _ in fout})
    bad = [hex(c) for c, _ in sout if c - bout not in bounds]
    ok("every mapping is at an instruction boundary", not bad,
       "%d, e.g. %s" % (len(bad), ", ".join(bad[:5])))

    def lookup(segs, column):
        cols = [c for c, _ in segs]
        i = bisect.bisect_right(cols, column) - 1
        return segs[i][1] if i >= 0 else None
    # pair() decides runs of equal instructions Binaryen shortened (it
    # keeps the first), as check_dwarf.py does: every pair is checked.
    pairs = [(a, corr[a]) for _, _, ins in fin for a, _ in ins if a in corr]
    # Every output instruction that stands for an input one (all of a
    # trap's group for an `unreachable`) maps to its source position.
    diff = [(hex(a), hex(b), lookup(sin, a + bin_), lookup(sout, b + bout))
            for a, bs in pairs for b in bs
            if lookup(sin, a + bin_) != lookup(sout, b + bout)]
    known = sum(1 for a, _ in pairs if lookup(sin, a + bin_))
    ok("paired instructions map to the same source position "
       "(%d, %d with a source)" % (len(pairs), known),
       not diff and known > 0, "%d differ, e.g. %s" % (len(diff), diff[:3]))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"make": make, "add-url": add_url, "check": check}[cmd](*args)
