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
  e2e_util.py splice FILE N BYTE HEX
      Replaces payload byte BYTE of block N (from 1) of a wrr trace with the
      bytes given in hexadecimal, and writes the block's length and every
      block's chain checksum anew: the blocks verify, the events need not.
  e2e_util.py closed-stdout CMD [ARGS...]
      Runs CMD with stdout a pipe whose reader has already gone (stdin and
      stderr this process's); prints "status N", a signal as a shell
      reports it. A reader that closes the pipe itself may do so after
      CMD's first writes, on a loaded machine.
  e2e_util.py tty-closed-stderr CMD [ARGS...]
      Runs CMD with stdout a terminal (a pty, read until CMD ends) and
      stderr a pipe whose reader has already gone; prints "status N" and
      what the terminal got.
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


M64 = (1 << 64) - 1
P1, P2, P3, P4, P5 = (0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                      0x85EBCA77C2B2AE63, 0x27D4EB2F165667C5)


def rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & M64


def xxh64(data, seed):
    """XXH64, as the chain uses it (rrlib/trace.h)."""
    def rnd(acc, v):
        return (rotl((acc + v * P2) & M64, 31) * P1) & M64

    def merge(h, v):
        return ((h ^ rnd(0, v)) * P1 + P4) & M64

    n, i = len(data), 0
    if n >= 32:
        v = [(seed + P1 + P2) & M64, (seed + P2) & M64, seed, (seed - P1) & M64]
        while i + 32 <= n:
            for k in range(4):
                v[k] = rnd(v[k], struct.unpack_from("<Q", data, i + 8 * k)[0])
            i += 32
        h = (rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18)) & M64
        for k in range(4):
            h = merge(h, v[k])
    else:
        h = (seed + P5) & M64
    h = (h + n) & M64
    while i + 8 <= n:
        h ^= rnd(0, struct.unpack_from("<Q", data, i)[0])
        h = (rotl(h, 27) * P1 + P4) & M64
        i += 8
    if i + 4 <= n:
        h ^= (struct.unpack_from("<I", data, i)[0] * P1) & M64
        h = (rotl(h, 23) * P2 + P3) & M64
        i += 4
    while i < n:
        h ^= (data[i] * P5) & M64
        h = (rotl(h, 11) * P1) & M64
        i += 1
    h ^= h >> 33
    h = (h * P2) & M64
    h ^= h >> 29
    h = (h * P3) & M64
    return h ^ (h >> 32)


def rechain(data):
    """Writes every block's chain checksum anew (docs/trace-format.md)."""
    chain = xxh64(bytes(data[:header_size(data)]), 0)
    for offset, end, _ in blocks(data):
        chain = xxh64(bytes(data[offset:end - 8]), chain)
        struct.pack_into("<Q", data, end - 8, chain)


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
    if cmd == "closed-stdout":
        import os
        r, w = os.pipe()
        os.close(r)
        got = subprocess.run(args, stdout=w).returncode
        os.close(w)
        print(f"status {128 - got if got < 0 else got}")
        return 0
    if cmd == "tty-closed-stderr":
        import os
        import pty
        master, slave = pty.openpty()
        r, w = os.pipe()
        os.close(r)
        p = subprocess.Popen(args, stdout=slave, stderr=w)
        os.close(slave)
        os.close(w)
        got = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: the terminal's last writer is gone
                break
            if not chunk:
                break
            got += chunk
        print(f"status {p.wait()}")
        sys.stdout.write(got.decode(errors="replace").replace("\r\n", "\n"))
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
    elif cmd == "splice":
        n, byte = int(args[1]), int(args[2])
        found = blocks(data)
        if not 1 <= n <= len(found):
            die(f"{path} has no block {n}")
        offset, end, _ = found[n - 1]
        if 4 + byte >= end - 8 - offset:
            die(f"block {n} of {path} has no payload byte {byte}")
        new = bytes.fromhex(args[3])
        data[offset + 4 + byte:offset + 5 + byte] = new
        (word,) = struct.unpack_from("<I", data, offset)
        struct.pack_into("<I", data, offset, word + len(new) - 1)
        rechain(data)
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
