#!/usr/bin/env python3
"""What the trace viewer should show, from wrr-trace's text output (not the
JSON the page is served), in viewer_ui.mjs's formats.

  viewer_expect.py summary TRACE       "events N", "module HEX", table rows
  viewer_expect.py rows TRACE          "listed N"
  viewer_expect.py search TRACE TEXT   events with TEXT in a string result
  viewer_expect.py content TRACE Q...  for each query Q ("fd=4", "path=in.txt",
                                       "text=Hello", "function=fd_read",
                                       "errors=1"; "&" joins criteria) the
                                       line "Q: [N N ...]" of the events that
                                       match, with " older: KEYS" (Q's criteria)
                                       if the trace is of format 2, which holds
                                       no arguments
  viewer_expect.py jump TRACE N        "Event #N: NAME", then per memory
                                       region its title and first lines of
                                       text and hex
  viewer_expect.py diff A B            "at N", "#N NAME" on each side
  viewer_expect.py links TRACE [STDOUT] the fd_write events to stdout or stderr
                                       ("EVENT: TEXT" with the bytes written
                                       where the trace holds them; a trace
                                       keeps a long write's first bytes, so
                                       stdout's come from the recording's
                                       STDOUT), then "unlinked 0"
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


# The viewer's fd, path and text criteria, written again from
# docs/wrr-trace.md and contract A (not shared with wrr-trace search or
# runner/web/event-match.mjs, which they check).
def has_string(value):
    if isinstance(value, str):
        return True
    if isinstance(value, list):
        return any(has_string(v) for v in value)
    if isinstance(value, dict):
        return any(has_string(v) for v in value.values())
    return False


def read_items(e):
    """What the host wrote back that holds text or bytes, exactly (raw)."""
    for name, value in e.get("results", {}).items():
        if has_string(value) and name in e.get("raw", {}):
            yield name, bytes.fromhex(e["raw"][name])


def sent_items(e):
    """What the call sent as bytes: a string (text, as in the dump) or
    {"text": ...}; lists of iovec lengths are not bytes."""
    for name, value in e.get("sent", {}).items():
        if isinstance(value, dict) and "text" in value:
            value = value["text"]
        if isinstance(value, str):
            yield name, value.encode()


def is_fd(event, name):
    return name == "fd" or name.endswith("_fd") or (event == "fd_renumber" and name == "to")


def is_path(name):
    return name == "path" or name.endswith("_path")


def content_match(e, query):
    for crit in query.split("&"):
        key, value = crit.split("=", 1)
        if key == "fd":
            fds = [v for group in (e.get("args", {}), e.get("results", {}))
                   for k, v in group.items() if isinstance(v, int) and is_fd(e["event"], k)]
            if int(value) not in fds:
                return False
        elif key == "path":
            items = [b for n, b in [*sent_items(e), *read_items(e)] if is_path(n)]
            if not any(value.encode() in b for b in items):
                return False
        elif key == "function":
            if e["event"] != value:
                return False
        elif key == "errors":
            if not (e.get("errno", 0) != 0 or e.get("failed") or e["event"] in ("trap", "stopped by a limit")):
                return False
        elif key == "text":
            if not any(value.encode() in b for _, b in [*read_items(e), *sent_items(e)]):
                return False
        else:
            sys.exit(f"viewer_expect.py: unknown criterion {key}")
    return True


def version(trace):
    return int(re.search(r"format version (\d+)", run("verify", trace)).group(1))


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
        e = json.loads(run("dump", "--json", "--raw", argv[2]).splitlines()[int(argv[3]) - 1])
        regions = [(f"sent {n}", b, True) for n, b in sent_items(e)]
        for name, h in e.get("raw", {}).items():
            r = e.get("results", {}).get(name)
            texty = isinstance(r, str) or (isinstance(r, list) and all(isinstance(x, str) for x in r))
            regions.append((name, bytes.fromhex(h), texty))
        for title, b, texty in regions:
            print(f"{title}: {len(b)} bytes")
            if texty:
                print("text " + b.decode(errors="replace").split("\n")[0])
            if b:
                first = b[:16]
                ascii_ = "".join(chr(c) if 32 <= c < 127 else "." for c in first)
                print(f"hex 000000  {' '.join(f'{c:02x}' for c in first):<47}  {ascii_}")
            else:
                print("hex ")
    elif cmd == "diff":
        text = run("diff", argv[2], argv[3])
        at = re.search(r"^@@ event #(\d+):", text, re.M).group(1)
        print(f"at {at}")
        for mark in "-+":
            first = next(l for l in text.splitlines() if l.startswith(mark + "#"))
            print(re.match(r".#(\d+ [^ (]+)", first).expand(r"#\1"))
    elif cmd == "content":
        events = [json.loads(l) for l in run("dump", "--json", "--raw", argv[2]).splitlines()]
        older = version(argv[2]) < 3
        for q in argv[3:]:
            found = " ".join(str(e["index"]) for e in events if content_match(e, q))
            keys = " ".join(k for k in (c.split("=")[0] for c in q.split("&")) if k in ("fd", "path", "text"))
            print(f"{q}: [{found}]" + (f" older: {keys}" if older and keys else ""))
    elif cmd == "links":
        out = open(argv[3], "rb").read() if len(argv) > 3 else None
        at = 0
        for line in run("dump", "--json", "--raw", argv[2]).splitlines():
            e = json.loads(line)
            if e["event"] != "fd_write" or e.get("errno") != 0:
                continue
            if "args" in e:
                data = dict(sent_items(e)).get("data", b"")
                if out is not None and e["args"].get("fd") == 1:
                    n = e["results"]["nwritten"]
                    assert out[at:at + len(data)] == data, "the output is not the recording's"
                    data, at = out[at:at + n], at + n
                if e["args"].get("fd") in (1, 2) and data:
                    print(f"{e['index']}: {json.dumps(data.decode(), ensure_ascii=False)}")
            elif e["results"]["nwritten"] > 0:
                print(e["index"])
        print("unlinked 0")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
