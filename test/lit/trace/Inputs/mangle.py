"""Damages trace files for the bad-trace tests.

  mangle.py flip FILE OFFSET [BIT]   flip one bit (OFFSET < 0: from the end)
  mangle.py cut FILE LENGTH          keep LENGTH bytes (< 0: drop that many)
  mangle.py u16 FILE OFFSET VALUE    overwrite a little-endian u16
  mangle.py enormous IN OUT          IN's header, then a block claiming
                                     2 GiB, in a 3 GiB sparse file
  mangle.py clocks OUT N             a JSON trace of N clock readings
  mangle.py status N CMD...          run CMD; succeed iff it exits with N
"""
import subprocess
import sys


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    if cmd == "status":
        got = subprocess.call(sys.argv[3:])
        if got != int(path):
            sys.exit("exit status %d, expected %s" % (got, path))
        return
    if cmd == "clocks":
        n = int(sys.argv[3])
        with open(path, "w") as f:
            f.write('{"wrr_trace_json": 1, "header": {"version": 2, '
                    '"module": "%s"}, "events": [\n' % ("0" * 64))
            for i in range(n):
                f.write('{"call": "clock_time_get", "digest": "%08x", '
                        '"writes": {"time": {"clock": "monotonic", '
                        '"ns": %d}}},\n' % (i, 1000000 + 1500 * i))
            f.write('{"call": "proc_exit", "digest": "00000000"}]}\n')
        return
    if cmd == "enormous":
        with open(path, "rb") as f:
            header = f.read(128)
        with open(sys.argv[3], "wb") as f:
            f.write(header)
            f.write((0x7FFFFFFF).to_bytes(4, "little"))
            f.truncate(3 << 30)
        return
    data = bytearray(open(path, "rb").read())
    if cmd == "flip":
        at = int(sys.argv[3])
        bit = int(sys.argv[4]) if len(sys.argv) > 4 else 0
        data[at] ^= 1 << bit
    elif cmd == "cut":
        n = int(sys.argv[3])
        data = data[:n] if n >= 0 else data[:len(data) + n]
    elif cmd == "u16":
        at, value = int(sys.argv[3]), int(sys.argv[4])
        data[at:at + 2] = value.to_bytes(2, "little")
    else:
        sys.exit("unknown command " + cmd)
    open(path, "wb").write(data)


main()
