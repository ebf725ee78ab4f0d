#!/usr/bin/env python3
"""Fault scenarios for test/lit/faults (lit's internal shell has no loops,
mounts or signals). Each prints one line per check and exits 1 if any
failed; the expected lines are in the .test files.

  faults.py destination TICK.wasm WORK   -t forms, on a tmpfs cwd (root)
  faults.py signals TICK.wasm WORK       SIGINT/SIGTERM/SIGHUP at random moments
  faults.py diskfull TICK.wasm WORK      a full tmpfs while recording (root)
  faults.py clean DIR...                 nothing of wrr's left in DIR
"""
import contextlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

failed = False


def check(ok, line, detail=""):
    global failed
    print(("" if ok else "FAILED: ") + line)
    if not ok:
        failed = True
        if detail:
            print("  " + detail.strip().replace("\n", "\n  "))


@contextlib.contextmanager
def tmpfs(path, size):
    os.makedirs(path, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", path], check=True)
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", path])


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=120, **kw)


def leftovers(*dirs):
    """wrr's temporary files or directories under dirs."""
    out = []
    for d in dirs:
        for root, names, files in os.walk(d):
            for n in names + files:
                if n.startswith(".wrr-") or re.match(r"^wrr-[A-Za-z0-9]{6}$", n) or ".wrr-" in n:
                    out.append(os.path.join(root, n))
    return out


def destination(tick, work):
    # The working directory on a tmpfs, TMPDIR on another file system.
    tmp = os.path.join(work, "tmpdir")
    os.makedirs(tmp, exist_ok=True)
    env = dict(os.environ, TMPDIR=tmp)
    with tmpfs(os.path.join(work, "cwd"), "64m") as cwd:
        if os.stat(cwd).st_dev == os.stat(tmp).st_dev:
            sys.exit("faults: the tmpfs is on TMPDIR's file system")
        os.makedirs(os.path.join(cwd, "sub"))
        os.makedirs(os.path.join(cwd, "dir"))
        cases = [("default", [], "tick.wrr"), ("-t x.wrr", ["-t", "x.wrr"], "x.wrr"),
                 ("-t ./y.wrr", ["-t", "./y.wrr"], "y.wrr"),
                 ("-t sub/x.wrr", ["-t", "sub/x.wrr"], "sub/x.wrr"),
                 ("-t EXISTING_DIR", ["-t", "dir"], "dir/tick.wrr"),
                 ("-t EXISTING_DIR/", ["-t", "dir/"], "dir/tick.wrr"),
                 ("-t ABSOLUTE", ["-t", os.path.join(cwd, "abs.wrr")], "abs.wrr"),
                 ("-t over an existing trace", ["-t", "x.wrr"], "x.wrr")]
        for name, opts, where in cases:
            r = run(["wrr", "record", tick] + opts + ["--", "5"], cwd=cwd, env=env)
            path = os.path.join(cwd, where)
            ok = r.returncode == 0 and os.path.isfile(path) and f"trace written to" in r.stderr
            rep = run(["wrr", "replay", tick, path], cwd=cwd, env=env) if ok else None
            ok = ok and rep.returncode == 0 and rep.stdout == r.stdout
            check(ok, f"record {name}: the trace is at {where} and replays", r.stderr + (rep.stderr if rep else ""))
        # A large trace replaced is let go by a child after wrr exits (tools/wrr/files.cpp):
        # its space must come back, and the child must not hold wrr's stdout.
        big = os.path.join(cwd, "big.wrr")
        with open(big, "wb") as f:
            f.write(os.urandom(40 << 20))
        before = shutil.disk_usage(cwd).used
        r = run(["wrr", "record", tick, "-t", "big.wrr", "--", "5"], cwd=cwd, env=env)
        freed = False
        for _ in range(50):
            if shutil.disk_usage(cwd).used < before - (30 << 20):
                freed = True
                break
            time.sleep(0.1)
        rep = run(["wrr", "replay", tick, big], cwd=cwd, env=env)
        ok = r.returncode == 0 and rep.returncode == 0 and rep.stdout == r.stdout and freed
        check(ok, "record -t over a 40 MB trace: it replays and the old one's space is freed",
              r.stderr + rep.stderr + f" freed={freed}")
        os.remove(big)
        # Refused before the program runs: nothing printed by it, one line.
        with tmpfs(os.path.join(work, "ro"), "4m") as ro:
            subprocess.run(["mount", "-o", "remount,ro", ro], check=True)
            with tmpfs(os.path.join(work, "tiny"), "512k") as tiny:
                refusals = [("a missing directory", ["-t", "nowhere/x.wrr"], "'nowhere' does not exist"),
                            ("a missing directory given as a directory", ["-t", "nowhere/"], "no such directory"),
                            ("a directory at the name", ["-t", "sub"], None),
                            ("a file as the parent", ["-t", "sub/x.wrr/y.wrr"], "is not a directory"),
                            ("a read-only file system", ["-t", os.path.join(ro, "x.wrr")], "is not writable"),
                            ("a nearly full file system", ["-t", os.path.join(tiny, "x.wrr")], "KiB free there")]
                os.makedirs(os.path.join(cwd, "sub", "tick.wrr"), exist_ok=True)
                refusals[2] = ("a directory where the trace goes", ["-t", "sub"], "it is a directory")
                for name, opts, want in refusals:
                    r = run(["wrr", "record", tick] + opts + ["--", "5"], cwd=cwd, env=env)
                    lines = r.stderr.strip().splitlines()
                    ok = (r.returncode != 0 and r.stdout == "" and len(lines) == 1 and
                          lines[0].startswith("wrr: error: cannot write the trace") and want in lines[0])
                    check(ok, f"refused before running: {name}", r.stderr)
        left = leftovers(cwd, tmp)
        check(not left, "nothing of wrr's left in the working directory or TMPDIR", " ".join(left))


def wait_for_ticks(p):
    """Reads the 3 ticks of `tick 3 ...` (the program is then past them)."""
    head = "".join(p.stdout.readline() for _ in range(3))
    time.sleep(0.3)
    return head


def signals(tick, work):
    os.makedirs(work, exist_ok=True)
    seed = int(os.environ.get("WRR_FAULTS_SEED", time.time_ns() % 100000))
    rng = random.Random(seed)
    print(f"(seed {seed}; WRR_FAULTS_SEED={seed} repeats it)", file=sys.stderr)
    trace = os.path.join(work, "t.wrr")
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        results = []
        for k in range(3):
            delay = rng.uniform(0.05, 1.2)
            pages = ["--buffer-pages", "1"] if k == 2 else []
            with open(os.path.join(work, "rec.out"), "w+") as out:
                p = subprocess.Popen(["wrr", "record", tick, "-t", trace] + pages + ["--", "100000"],
                                     stdout=out, stderr=subprocess.PIPE, text=True)
                time.sleep(delay)
                p.send_signal(sig)
                try:
                    _, err = p.communicate(timeout=30)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
                    results.append(False)
                    check(False, f"{sig.name} after {delay:.2f}s: wrr record did not end")
                    continue
                out.seek(0)
                recorded = out.read()
            if not os.path.exists(trace):
                # Stopped before the program started (before the runner, or
                # while the runner was still starting the module): nothing
                # of the program ran, nothing kept, and wrr says so.
                ok = (p.returncode == 128 + sig and recorded == ""
                      and ("nothing was run" in err or "ended before the module started" in err))
                rep = subprocess.CompletedProcess([], 0, "", "")
            else:
                rep = run(["wrr", "replay", tick, trace])
                same = rep.stdout.splitlines() == recorded.splitlines()
                ok = p.returncode == 128 + sig and sig.name in err and "trace written" in err and same
            with contextlib.suppress(FileNotFoundError):
                os.unlink(trace)
            results.append(ok)
            if not ok:
                check(False, f"{sig.name} after {delay:.2f}s{' (1-page buffer)' if pages else ''}",
                      f"status {p.returncode}; {err}\nreplay status {rep.returncode}: {rep.stderr}\n"
                      f"recorded {recorded.count(chr(10))} lines, replayed {rep.stdout.count(chr(10))}")
        check(all(results), f"{sig.name} at 3 random moments: status 128+{int(sig)}, the replay prints the recorded lines")
    # Computing (no WASI calls): interrupted by SIGINT to the runner.
    p = subprocess.Popen(["wrr", "record", tick, "-t", trace, "--", "3", "spin"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    head = wait_for_ticks(p)
    p.send_signal(signal.SIGINT)
    out = head + p.stdout.read()
    err = p.stderr.read()
    p.wait(timeout=30)
    rep = run(["wrr", "replay", tick, trace, "--timeout", "1"])
    check(p.returncode == 130 and "interrupting" in err and "trace written" in err and rep.stdout == out,
          "SIGINT while computing: interrupted, whole trace, same output", err + rep.stderr)
    # Blocked in a read of stdin: the runner's SIGINT ends the read (the
    # trace is whole) or, at worst, wrr kills it and seals the trace. The
    # program never sees the EINTR of the interrupted read (a plain run
    # would not): the run stops there instead.
    # "burst" makes 1000 quick calls first, so the runner's stop checks are
    # spaced out when the read is cut short: the interrupted read must still
    # look at the stop wrr asked for (it once did not, and the program saw
    # EINTR).
    for mode in ("read", "burst"):
        rd, wr = os.pipe()  # stdin that never ends while wrr runs
        p = subprocess.Popen(["wrr", "record", tick, "-t", trace, "--", "3", mode], stdin=rd,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        os.close(rd)
        head = wait_for_ticks(p)  # blocked in the read by now, however loaded the machine
        p.send_signal(signal.SIGTERM)
        out, err = p.communicate(timeout=30)
        out = head + out
        os.close(wr)
        rep = run(["wrr", "replay", tick, trace])
        whole = "trace written" in err and rep.stdout == out
        dump = run(["wrr-trace", "dump", trace]).stdout
        check(p.returncode == 143 and (whole or ("sealed" in err and out.startswith(rep.stdout)))
              and rep.returncode in (0, 124) and "EINTR" not in dump,
              f"SIGTERM while blocked in a read ({mode}): stopped, the replay prints the same",
              err + rep.stderr + dump[-300:])
    # A runner that does not respond (stopped): killed after the grace
    # periods; the trace is sealed, and its replay prints a prefix.
    p = subprocess.Popen(["wrr", "record", tick, "-t", trace, "--buffer-pages", "1", "--", "fill", "100000000"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    head = "".join(p.stdout.readline() for _ in range(200))  # a dozen blocks written
    with open(f"/proc/{p.pid}/task/{p.pid}/children") as f:
        runner = int(f.read().split()[0])
    os.kill(runner, signal.SIGSTOP)
    p.send_signal(signal.SIGTERM)
    # Through the same buffered reader: communicate() would skip what it
    # read ahead.
    out = head + p.stdout.read()
    err = p.stderr.read()
    p.wait(timeout=30)
    rep = run(["wrr", "replay", tick, trace])
    check(p.returncode == 143 and "killing" in err and "sealed" in err and "trace written" not in err
          and out.startswith(rep.stdout) and rep.stdout.count("\n") > 0 and rep.returncode == 124,
          "a runner that does not stop: killed, the trace sealed, its replay prints a prefix", err + rep.stderr)
    # A second signal escalates at once.
    # (wrr says it interrupts well before the 1 s it would otherwise wait.)
    p = subprocess.Popen(["wrr", "record", tick, "-t", trace, "--", "3", "spin"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for_ticks(p)
    start = time.monotonic()
    p.send_signal(signal.SIGINT)
    time.sleep(0.1)
    p.send_signal(signal.SIGINT)
    err, when = "", None
    for line in p.stderr:
        err += line
        if "interrupting" in line and when is None:
            when = time.monotonic() - start
    p.wait(timeout=30)
    check(p.returncode == 130 and when is not None and when < 0.8,
          "a second SIGINT interrupts at once", f"{err} after {when}")


def diskfull(tick, work):
    with tmpfs(os.path.join(work, "full"), "1200k") as full:
        trace = os.path.join(full, "t.wrr")
        r = run(["wrr", "record", tick, "-t", trace, "--buffer-pages", "1", "--", "fill", "100000"])
        err = r.stderr.strip().splitlines()
        sealed = [l for l in err if "sealed" in l]
        check(r.returncode != 0 and len(sealed) == 1 and "trace written" not in r.stderr,
              "a full disk: non-zero status, one line saying what was kept, never 'trace written'", r.stderr)
        rep = run(["wrr", "replay", tick, trace])
        lines = rep.stdout.splitlines()
        print(r.stderr, file=sys.stderr)
        check(rep.returncode == 124 and len(lines) > 10 and r.stdout.startswith(rep.stdout),
              "the sealed trace replays the run up to the failure", f"{rep.returncode} {rep.stderr} {len(lines)} lines")
        check(not leftovers(full), "nothing else left on the full file system", " ".join(leftovers(full)))


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    cmd, args = argv[1], argv[2:]
    if cmd == "destination":
        destination(*args)
    elif cmd == "signals":
        signals(*args)
    elif cmd == "diskfull":
        diskfull(*args)
    elif cmd == "clean":
        left = leftovers(*args)
        check(not left, "nothing of wrr's left behind", " ".join(left))
    else:
        sys.exit(__doc__)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
