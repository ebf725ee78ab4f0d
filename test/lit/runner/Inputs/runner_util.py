#!/usr/bin/env python3
"""Helpers for the runner tests (test/lit/runner), which run under lit's
internal shell: it has no $?, no arithmetic and no loops.

  runner_util.py status N CMD [ARGS...]
      Runs CMD with this process's stdio; exits 0 if CMD exited with status
      N, else says what it got and exits 1.
  runner_util.py blocks TRACE
      Prints the number of blocks of a wrr trace and whether the last is
      final: "blocks 2 final".
  runner_util.py serve
      Starts `wrr serve --port 0`, asks it for a few paths (some outside
      what it serves) and prints "PATH STATUS TYPE" for each, then stops it.
  runner_util.py serve-summary WRR TRACE
      Starts `WRR serve --port 0`, uploads TRACE to its trace viewer's API,
      prints the summary it answers (what its wrr-trace said), stops it.
  runner_util.py trap-boundary PROGRAM.rr.wasm WORKDIR
      Finds the smallest N for which `program random N trap`, recorded with
      wrr, drains its log buffer before the end (its trace has two blocks),
      then records traps before, at and after that boundary and checks that
      each trace holds every event before the trap and replays the same.
"""
import os
import re
import struct
import subprocess
import sys

FINAL = 0x80000000


def blocks(path):
    with open(path, "rb") as f:
        data = f.read()
    (pos,) = struct.unpack_from("<I", data, 12)
    out = []
    while pos + 4 <= len(data):
        (word,) = struct.unpack_from("<I", data, pos)
        end = pos + 4 + (word & ~FINAL) + 8
        if end > len(data):
            break
        out.append(bool(word & FINAL))
        pos = end
    return out


def record(module, trace, n):
    """Records `random n trap`; returns (status, stdout, events)."""
    p = subprocess.run(["wrr", "record", module, "-t", trace, "--", "random", str(n), "trap"],
                       capture_output=True, text=True)
    if "trace written" not in p.stderr or "incomplete" in p.stderr:
        sys.exit(f"runner_util: no complete trace for N={n}: {p.stderr}")
    # wrr says the size; the reader counts the events.
    stats = subprocess.run(["wrr-trace", "stats", trace], capture_output=True, text=True)
    m = re.search(r"^events: +(\d+) in", stats.stdout, re.M)
    if not m:
        sys.exit(f"runner_util: wrr-trace stats did not count the events: {stats.stdout}{stats.stderr}")
    return p.returncode, p.stdout, int(m.group(1))


def trap_boundary(module, work):
    os.makedirs(work, exist_ok=True)
    trace = os.path.join(work, "t.wrr")
    _, _, base = record(module, trace, 0)
    lo, hi = 0, 4096  # one block at lo, two at hi
    if len(blocks(trace)) != 1:
        sys.exit("runner_util: even N=0 drains the buffer")
    record(module, trace, hi)
    if len(blocks(trace)) < 2:
        sys.exit(f"runner_util: N={hi} does not drain the buffer")
    while hi - lo > 1:
        mid = (lo + hi) // 2
        record(module, trace, mid)
        if len(blocks(trace)) >= 2:
            hi = mid
        else:
            lo = mid
    for where, n in (("before", hi - 1), ("at", hi), ("after", hi + 1), ("well after", hi + 40)):
        status, out, events = record(module, trace, n)
        b = blocks(trace)
        rep = subprocess.run(["wrr", "replay", module, trace], capture_output=True, text=True)
        ok = (status == 134 and events == base + n and b[-1] and
              rep.returncode == 134 and rep.stdout == out)
        print(f"trap {where} the boundary: blocks={len(b)} events=base+{events - base} "
              f"replay={'same' if ok else 'DIFFERENT'}")
        if not ok:
            print(f"  N={n} status={status} replay status={rep.returncode} {rep.stderr}")
    return 0


def serve_summary(wrr, trace):
    import http.client
    import json
    import signal
    p = subprocess.Popen([wrr, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", p.stdout.readline())
        if not m:
            return 1
        c = http.client.HTTPConnection("127.0.0.1", int(m.group(1)), timeout=60)
        with open(trace, "rb") as f:
            c.request("POST", "/_trace?name=t.wrr", body=f.read())
        tid = json.loads(c.getresponse().read())["id"]
        c.request("GET", f"/_trace/{tid}/summary")
        print(c.getresponse().read().decode())
        c.close()
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=30)
    return 0


def serve():
    import http.client
    import signal
    p = subprocess.Popen(["wrr", "serve", "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        line = p.stdout.readline()
        print(line.rstrip())
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            return 1
        for path in ("/runner/web/index.html", "/runner/web/app.mjs", "/runner/core/shim-wasi.mjs",
                     "/node_modules/@bjorn3/browser_wasi_shim/dist/index.js",
                     "/runner/../CMakeLists.txt", "/runner/%2e%2e/CMakeLists.txt", "/etc/passwd"):
            c = http.client.HTTPConnection("127.0.0.1", int(m.group(1)), timeout=30)
            c.putrequest("GET", path, skip_accept_encoding=True)
            c.endheaders()
            r = c.getresponse()
            r.read()
            kind = (r.getheader("Content-Type") or "").split(";")[0]
            print(f"{path} {r.status} {kind}".rstrip())
            c.close()
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=30)
    return 0


def main(argv):
    if len(argv) == 2 and argv[1] == "serve":
        return serve()
    if len(argv) < 3:
        sys.exit(__doc__)
    cmd, args = argv[1], argv[2:]
    if cmd == "status":
        want = int(args[0])
        got = subprocess.run(args[1:]).returncode
        if got < 0:
            got = 128 - got
        if got != want:
            sys.stderr.write(f"runner_util: expected exit status {want}, got {got}: {' '.join(args[1:])}\n")
            return 1
        return 0
    if cmd == "blocks":
        b = blocks(args[0])
        print(f"blocks {len(b)}{' final' if b and b[-1] else ''}")
        return 0
    if cmd == "trap-boundary":
        return trap_boundary(args[0], args[1])
    if cmd == "serve-summary":
        return serve_summary(args[0], args[1])
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
