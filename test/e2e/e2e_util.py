#!/usr/bin/env python3
"""Helpers for the end-to-end lit tests (test/lit/e2e), which run under
lit's internal shell: it has no $?, and no tools to edit binary files.

  e2e_util.py status N CMD [ARGS...]
      Runs CMD with this process's stdin, stdout and stderr; exits 0 if CMD
      exited with status N, else says what it got on stderr and exits 1.
  e2e_util.py flip FILE OFFSET [BIT]
      Flips bit BIT (default 0) of the byte at OFFSET (negative: from the
      end).
  e2e_util.py truncate FILE LENGTH
      Keeps the first LENGTH bytes (negative: drops the last -LENGTH).
  e2e_util.py append FILE HEX
      Appends the bytes given in hexadecimal.
  e2e_util.py blocks FILE
      Prints the offset and end of each block of a wrr trace
      (docs/trace-format.md): "block OFFSET END [final]".
  e2e_util.py truncate-block FILE N
      Keeps the header and the first N blocks of a wrr trace.
  e2e_util.py flip-block FILE N BYTE
      Flips bit 0 of payload byte BYTE of block N (from 1) of a wrr trace.
  e2e_util.py flip-final FILE N
      Flips the "final block" flag of block N (from 1) of a wrr trace.
  e2e_util.py prefix DUMP.jsonl OUTPUT N
      Prints the part of OUTPUT that the fd_write events up to event #N
      wrote (their nwritten, from `wrr-trace dump --json`): what a run that
      writes to one stream only had printed after event #N.
"""
import struct
import subprocess
import sys

FINAL = 0x80000000


def header_size(data):
    """The header's own size field (offset 12)."""
    if len(data) < 16:
        die("too short for a wrr trace header")
    return struct.unpack_from("<I", data, 12)[0]


def die(message):
    sys.stderr.write(f"e2e_util: {message}\n")
    sys.exit(2)


def blocks(data):
    """(offset, end, final) of each block; stops at the first one cut off."""
    out = []
    pos = header_size(data)
    while pos + 4 <= len(data):
        (word,) = struct.unpack_from("<I", data, pos)
        end = pos + 4 + (word & ~FINAL) + 8
        if end > len(data):
            break
        out.append((pos, end, bool(word & FINAL)))
        pos = end
    return out


def main(argv):
    if len(argv) < 2:
        die(__doc__)
    cmd, args = argv[1], argv[2:]
    if cmd == "status":
        if len(args) < 2:
            die("status N CMD [ARGS...]")
        want = int(args[0])
        got = subprocess.run(args[1:]).returncode
        if got < 0:  # killed by a signal, as a shell would report it
            got = 128 - got
        if got != want:
            sys.stderr.write(
                f"e2e_util: expected exit status {want}, got {got}: "
                f"{' '.join(args[1:])}\n")
            return 1
        return 0
    if cmd == "prefix":
        import json
        n = 0
        with open(args[0]) as f:
            for line in f:
                e = json.loads(line)
                if e["index"] <= int(args[2]) and e["event"] == "fd_write":
                    n += e.get("results", {}).get("nwritten", 0)
        with open(args[1], "rb") as f:
            sys.stdout.buffer.write(f.read()[:n])
        return 0
    if not args:
        die(f"{cmd}: no file given")
    path = args[0]
    with open(path, "rb") as f:
        data = bytearray(f.read())
    if cmd == "flip":
        offset = int(args[1])
        bit = int(args[2]) if len(args) > 2 else 0
        data[offset] ^= 1 << bit
    elif cmd == "truncate":
        length = int(args[1])
        data = data[:length] if length >= 0 else data[:len(data) + length]
    elif cmd == "append":
        data += bytes.fromhex(args[1])
    elif cmd == "blocks":
        for offset, end, final in blocks(data):
            print(f"block {offset} {end}" + (" final" if final else ""))
        return 0
    elif cmd == "truncate-block":
        n = int(args[1])
        found = blocks(data)
        if n > len(found):
            die(f"{path} has only {len(found)} blocks")
        data = data[:found[n - 1][1] if n else header_size(data)]
    elif cmd == "flip-block":
        n, byte = int(args[1]), int(args[2])
        found = blocks(data)
        if not 1 <= n <= len(found):
            die(f"{path} has no block {n}")
        offset = found[n - 1][0] + 4 + byte
        if offset >= found[n - 1][1] - 8:
            die(f"block {n} of {path} has no payload byte {byte}")
        data[offset] ^= 1
    elif cmd == "flip-final":
        n = int(args[1])
        found = blocks(data)
        if not 1 <= n <= len(found):
            die(f"{path} has no block {n}")
        data[found[n - 1][0] + 3] ^= FINAL >> 24
    else:
        die(f"unknown command {cmd}")
    with open(path, "wb") as f:
        f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
