#!/usr/bin/env python3
"""Checks that an instrumented module's DWARF describes its code as the
input's DWARF describes the input's, with tools independent of wrr: WABT's
disassembler, difflib to pair the instructions of each program function,
and LLVM 19's llvm-dwarfdump and llvm-symbolizer.

usage: check_dwarf.py IN.wasm OUT.wasm
Prints one line per property and exits 1 if any fails."""
import difflib
import re
import subprocess
import sys

DWARFDUMP = "llvm-dwarfdump-19"
SYMBOLIZER = "llvm-symbolizer-19"


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def code_start(path):
    m = re.search(r"Code start=0x([0-9a-f]+)", run("wasm-objdump", "-h", path))
    return int(m.group(1), 16)


def functions(path):
    """Each defined function: (body start, end, [(offset, token)]), code
    section relative. A token is the mnemonic, with the callee's name for a
    call: function indices move, names do not, and a call must not pair
    with a call of another function."""
    base = code_start(path)
    out = []
    for line in run("wasm-objdump", "-d", path).splitlines():
        m = re.match(r"^([0-9a-f]+) func\[\d+\]", line)
        if m:
            out.append([int(m.group(1), 16) - base, 0, []])
            continue
        m = re.match(r"^ ([0-9a-f]+): ([0-9a-f ]+)\| (.*)$", line)
        if m and out:
            at = int(m.group(1), 16) - base
            text = m.group(3).strip()
            nbytes = len(m.group(2).split())
            out[-1][1] = max(out[-1][1], at + nbytes)
            if text and not text.startswith("local["):
                token = text.split()[0]
                callee = re.match(r"call \d+ <(.*)>$", text)
                if callee:
                    token += " " + callee.group(1)
                out[-1][2].append((at, token))
    return out


def trap_groups(ins, known):
    """The instrumentation turns each `unreachable` into `block; call $trap;
    unreachable; end; unreachable`, or `call $trap; unreachable` where
    Binaryen needs no block (the trap handler is a function the input does
    not call). The group stands for the input's `unreachable`, so DWARF
    must give all of it the trap's line, ranges and locations. Returns the
    instructions without the group's leading ones, and {the group's last
    offset: the group's offsets}."""
    kept, groups, i = [], {}, 0
    while i < len(ins):
        for shape in (["block", None, "unreachable", "end", "unreachable"],
                      [None, "unreachable"]):
            w = [t for _, t in ins[i:i + len(shape)]]
            if len(w) == len(shape) and all(
                    t == x if x else t.startswith("call ") and t[5:] not in known
                    for t, x in zip(w, shape)):
                n = len(shape) - 1
                groups[ins[i + n][0]] = [at for at, _ in ins[i:i + n + 1]]
                i += n
                break
        else:
            kept.append(ins[i])
            i += 1
    return kept, groups


def pair(fin, fout):
    """in offset -> the offsets of the output instructions that stand for
    it (first the one its DWARF addresses must map to), for the
    instructions difflib pairs."""
    known = {t[5:] for _, _, ins in fin for _, t in ins if t.startswith("call ")}
    corr = {}
    for (s1, e1, a), (s2, e2, b) in zip(fin, fout):
        b, groups = trap_groups(b, known)
        sm = difflib.SequenceMatcher(None, [x[1] for x in a], [x[1] for x in b],
                                     autojunk=False)
        to = [None] * len(a)
        for i, j, n in sm.get_matching_blocks():
            for k in range(n):
                to[i + k] = j + k
        # Of equal instructions in a row of which Binaryen kept fewer, it
        # kept the first: what follows an `unreachable` is dead code.
        for i in range(len(a) - 2, -1, -1):
            if to[i] is None and to[i + 1] is not None and a[i][1] == a[i + 1][1]:
                to[i], to[i + 1] = to[i + 1], None
        for i, j in enumerate(to):
            if j is not None:
                corr[a[i][0]] = groups.get(b[j][0], [b[j][0]])
        corr[s1] = [s2]
        corr[e1] = [e2]
    return corr


def line_rows(path):
    """Per line-table unit, its rows: (address, line, file, end_sequence)."""
    units = []
    for line in run(DWARFDUMP, "--debug-line", path).splitlines():
        if line.startswith("debug_line["):
            units.append([])
        m = re.match(r"^0x([0-9a-f]{16})\s+(\d+)\s+(\d+)\s+(\d+)\s.*?$", line)
        if m and units:
            units[-1].append((int(m.group(1), 16), int(m.group(2)),
                              int(m.group(4)), "end_sequence" in line))
    return units


def dies(path):
    """DIE offset -> {'tag', 'ranges': [(lo, hi)], 'locs': [(lo, hi, expr)]}"""
    out = {}
    cur = None
    attr = None
    for line in run(DWARFDUMP, "--debug-info", path).splitlines():
        m = re.match(r"^0x([0-9a-f]{8}):\s+(DW_TAG_\w+)", line)
        if m:
            cur = out.setdefault(int(m.group(1), 16),
                                 {"tag": m.group(2), "ranges": [], "locs": [],
                                  "low": None, "high": None})
            attr = None
            continue
        if cur is None:
            continue
        m = re.match(r"^\s+(DW_AT_\w+)\s*\((.*)$", line)
        if m:
            attr = m.group(1)
            value = m.group(2)
            v = re.match(r"0x([0-9a-f]+)\)", value)
            if attr == "DW_AT_low_pc" and v:
                cur["low"] = int(v.group(1), 16)
            if attr == "DW_AT_high_pc" and v:
                cur["high"] = int(v.group(1), 16)
            continue
        m = re.match(r"^\s+\[0x([0-9a-f]+), 0x([0-9a-f]+)\)(?::\s*(.*?))?\)?$", line)
        if m and attr:
            lo, hi = int(m.group(1), 16), int(m.group(2), 16)
            if attr == "DW_AT_ranges":
                cur["ranges"].append((lo, hi))
            elif m.group(3) is not None:
                cur["locs"].append((attr, lo, hi, m.group(3).rstrip(")")))
    for d in out.values():
        if d["low"] is not None and d["high"] is not None:
            d["ranges"].append((d["low"], d["high"]))
    return out


def main():
    src, dst = sys.argv[1], sys.argv[2]
    failures = []

    def check(name, ok, detail=""):
        print(("ok   " if ok else "FAIL ") + name + (": " + detail if detail and not ok else ""))
        if not ok:
            failures.append(name)

    # 1. The verifier finds nothing the input did not already have.
    def errors(p):
        r = subprocess.run([DWARFDUMP, "--verify", p], capture_output=True, text=True)
        return {l for l in (r.stdout + r.stderr).splitlines() if l.startswith("error:")}
    new = errors(dst) - errors(src)
    check("llvm-dwarfdump --verify reports no new error", not new, "; ".join(sorted(new)[:3]))

    fin, fout = functions(src), functions(dst)
    fout = fout[:len(fin)]
    corr = pair(fin, fout)
    code_in = (fin[0][0], fin[-1][1]) if fin else (0, 0)
    code_out = (fout[0][0], fout[-1][1]) if fout else (0, 0)
    starts_out = {at for _, _, ins in fout for at, _ in ins}
    bounds_out = starts_out | {s for s, _, _ in fout} | {e for _, e, _ in fout}
    insn_in = sorted(at for _, _, ins in fin for at, _ in ins)
    insn_out = sorted(starts_out)

    # 2. Every row of the output at an instruction boundary.
    rin, rout = line_rows(src), line_rows(dst)
    bad = [hex(a) for u in rout for a, _, _, _ in u
           if code_out[0] <= a <= code_out[1] and a not in bounds_out]
    check("every line-table row is at an instruction boundary", not bad,
          str(len(bad)) + " rows, e.g. " + ", ".join(bad[:5]))
    check("the output has line rows", any(rout))

    # 3. Each (unit, file, line) with code in the input has rows in the output.
    def lines(units, lo, hi):
        return {(i, f, l) for i, u in enumerate(units) for a, l, f, end in u
                if lo <= a < hi and not end and l}
    missing = lines(rin, *code_in) - lines(rout, *code_out)
    check("every source line with code keeps rows", not missing,
          str(sorted(missing)[:5]))

    # 4. Ranges and location lists cover the same instructions.
    din, dout = dies(src), dies(dst)

    def covered(ranges, insns):
        out = set()
        import bisect
        for lo, hi in ranges:
            i = bisect.bisect_left(insns, lo)
            while i < len(insns) and insns[i] < hi:
                out.add(insns[i])
                i += 1
        return out

    inv = {v: k for k, vs in corr.items() for v in vs}
    mismatch = []
    counted = 0
    for off, d in din.items():
        e = dout.get(off)
        if e is None or e["tag"] != d["tag"]:
            mismatch.append(hex(off) + " missing")
            continue
        groups = [("ranges", d["ranges"], e["ranges"])]
        if len(d["locs"]) != len(e["locs"]):
            mismatch.append(hex(off) + " location count")
            continue
        for (a1, l1, h1, x1), (a2, l2, h2, x2) in zip(d["locs"], e["locs"]):
            if a1 != a2 or x1 != x2:
                mismatch.append(hex(off) + " location expression")
            groups.append(("loc", [(l1, h1)], [(l2, h2)]))
        for kind, r1, r2 in groups:
            c1 = covered(r1, insn_in)
            c2 = covered(r2, insn_out)
            counted += bool(c1)
            mapped = {v for a in c1 if a in corr for v in corr[a]}
            back = {inv[a] for a in c2 if a in inv}
            if mapped - c2 or back - c1:
                mismatch.append(hex(off) + " " + d["tag"] + " " + kind)
    check("subprogram, block, range and location coverage is the same (%d checked)" % counted,
          not mismatch and counted > 0, ", ".join(mismatch[:5]))

    # 5. llvm-symbolizer: same function, file and line for paired
    # instructions, and for every instruction of each trap's group.
    sample = [a for a in insn_in if a in corr][:: max(1, len(insn_in) // 400)]
    sample = sorted(set(sample) | {a for a in insn_in if len(corr.get(a, ())) > 1})
    sample = [(a, v) for a in sample for v in corr[a]]

    def symbolize(path, addrs):
        text = run(SYMBOLIZER, "--obj=" + path, "--inlining", *[hex(a) for a in addrs])
        out = []
        for frames in text.strip("\n").split("\n\n"):
            lines = frames.split("\n")
            # The outermost frame's name comes from the symbol table, which
            # llvm-symbolizer 19 reads wrongly for linked wasm inputs; the
            # subprogram coverage check covers that DIE.
            if len(lines) >= 2:
                lines[-2] = "*"
            out.append("\n".join(lines))
        return out
    s1 = symbolize(src, [a for a, _ in sample])
    s2 = symbolize(dst, [v for _, v in sample])
    diff = [(hex(a), hex(v), x, y) for (a, v), x, y in zip(sample, s1, s2) if x != y]
    known = sum(1 for x in s1 if "??" not in x)
    check("llvm-symbolizer agrees on %d paired instructions (%d with a source)"
          % (len(sample), known), not diff and known > 0, str(diff[:3]))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
