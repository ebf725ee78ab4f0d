"""For inspect-dwarf.test:
  inspect_dwarf.py NODE CDP_CLIENT DUMP SOURCE DWARF_WASM OUT -- REPLAY...
pauses REPLAY (a `wrr replay ... --inspect-brk`) under Node's inspector at
the first fd_write event of DUMP (`wrr-trace dump`), with its stdout to
OUT, and maps the paused WebAssembly frames through DWARF_WASM's DWARF
with llvm-symbolizer-19 and llvm-dwarfdump-19. Prints ok/FAIL lines and
exits 1 on a FAIL: `main` (V8's name, from the name section) must be at
SOURCE's line marked "the printf", in the subprogram `main`, and the libc
frames under it in their own files."""
import os
import re
import subprocess
import sys

node, client, dump, source, dwarf_wasm, out, sep, *replay = sys.argv[1:]
assert sep == "--"
failed = False


def check(ok, what):
    global failed
    failed |= not ok
    print(("ok   " if ok else "FAIL ") + what)


events = re.findall(r"^#(\d+) fd_write\b", open(dump).read(), re.M)
first = int(events[0])
# --stop-at N pauses at the head of event N + 1, inside that call.
cdp = subprocess.run([node, client, "--wasm-frames", out, *replay, "--stop-at", str(first - 1)],
                     capture_output=True, text=True, check=True).stdout
print(cdp, end="")
frames = re.findall(r"^frame \$(\S+) 0x([0-9a-f]+) 0x([0-9a-f]+)$", cdp, re.M)
check(len(frames) > 0, "wasm frames at the pause")
# DWARF addresses are offsets in the code section's contents.
addrs = {name: int(off, 16) - int(code, 16) for name, off, code in frames}


def where(addr):
    text = subprocess.run(["llvm-symbolizer-19", "--obj=" + dwarf_wasm, hex(addr)],
                          capture_output=True, text=True, check=True).stdout.split("\n")
    # The first line's name comes from the symbol table, which llvm-symbolizer
    # 19 reads wrongly for linked wasm; the subprogram comes from dwarfdump.
    file, line = text[1].rsplit(":", 2)[:2]
    dd = subprocess.run(["llvm-dwarfdump-19", "--lookup=" + hex(addr), dwarf_wasm],
                        capture_output=True, text=True, check=True).stdout
    sub = re.search(r"DW_TAG_subprogram\b[^\n]*\n(?:\s+DW_AT_[^\n]*\n)*?\s+DW_AT_name\s+\(\"(\w+)\"\)", dd)
    return file, int(line), sub.group(1) if sub else None


line = next(i for i, l in enumerate(open(source), 1) if "the printf (" in l)
expect = {"main": (source, line, "main"), "printf": "printf.c", "vfprintf": "vfprintf.c",
          "__stdio_write": "__stdio_write.c", "writev": "writev.c"}
for name, want in expect.items():
    if name not in addrs:
        check(False, "frame %s is on the stack" % name)
        continue
    file, ln, sub = where(addrs[name])
    if isinstance(want, tuple):
        same = (os.path.realpath(file), ln, sub) == (os.path.realpath(want[0]),) + want[1:]
        check(same, "%s maps to %s:%d in %s (got %s:%d in %s)"
              % (name, want[0], want[1], want[2], file, ln, sub))
    else:
        check(file.endswith("/" + want), "%s maps to %s (got %s:%d)" % (name, want, file, ln))
sys.exit(1 if failed else 0)
