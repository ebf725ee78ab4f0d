#!/usr/bin/env python3
"""What the trace viewer should show, from wrr-trace's text output (not the
JSON the page is served), in viewer_ui.mjs's formats.

  viewer_expect.py summary TRACE       "events N", "module HEX", table rows
  viewer_expect.py rows TRACE          "listed N"
  viewer_expect.py search TRACE TEXT   events with TEXT in a string result
  viewer_expect.py jump TRACE N        "Event #N: NAME"
  viewer_expect.py diff A B            "at N", "#N NAME" on each side
  viewer_expect.py links TRACE         fd_write events that wrote bytes, then
                                       "unlinked 0" (all output goes to stdout)
"""
import json
import re
import subprocess
import sys


def run(*args):
    p = subprocess.run(["wrr-trace", *args], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"wrr-trace {' '.join(args)}: {p.stderr}")
    return p.stdout


def stats(trace):
    text = run("stats", trace)
    events = re.search(r"^events:\s+(\d+) in", text, re.M).group(1)
    module = re.search(r"^module:\s+(\S+)", text, re.M).group(1)
    table = text.split("\nevent ", 1)[1].splitlines()[1:]
    rows = []
    for line in table:
        *name, count, errors, size, _each = line.split()
        rows.append(f"{' '.join(name)} {count} {errors} {size}")
    return events, module, sorted(rows)


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)


def main(argv):
    cmd = argv[1]
    if cmd == "summary":
        events, module, rows = stats(argv[2])
        print(f"events {events}\nmodule {module}")
        print("\n".join(rows))
    elif cmd == "rows":
        print(f"listed {stats(argv[2])[0]}")
    elif cmd == "search":
        for line in run("dump", "--json", argv[2]).splitlines():
            e = json.loads(line)
            if any(argv[3] in s for s in strings(e.get("results", {}))):
                print(e["index"])
    elif cmd == "jump":
        line = run("dump", argv[2]).splitlines()[int(argv[3]) - 1]
        index, name = re.match(r"#(\d+) ([^ (]+)", line).groups()
        print(f"Event #{index}: {name}")
    elif cmd == "diff":
        text = run("diff", argv[2], argv[3])
        at = re.search(r"^@@ event #(\d+):", text, re.M).group(1)
        print(f"at {at}")
        for mark in "-+":
            first = next(l for l in text.splitlines() if l.startswith(mark + "#"))
            print(re.match(r".#(\d+ [^ (]+)", first).expand(r"#\1"))
    elif cmd == "links":
        for line in run("dump", argv[2]).splitlines():
            # Version 3 traces show the call's arguments: fd_write(...).
            m = re.match(r"#(\d+) fd_write(?:\(.*\))? -> 0  nwritten=(\d+)$", line)
            if m and int(m.group(2)) > 0:
                print(m.group(1))
        print("unlinked 0")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
