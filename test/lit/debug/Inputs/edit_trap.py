#!/usr/bin/env python3
"""Edits a trace's JSON form (docs/trace-format.md) for recorded-trap.test:

  edit_trap.py IN.json OUT.json in-call NAME   the trap was inside call NAME
  edit_trap.py IN.json OUT.json v2             a version 2 trace (no sent items)

Drops "blocks", so that the events go into one final block.
"""
import json
import sys

trace = json.load(open(sys.argv[1]))
trace.pop("blocks", None)
if sys.argv[3] == "in-call":
    for e in trace["events"]:
        if e.get("event") == "trap":
            e["in_call"] = sys.argv[4]
elif sys.argv[3] == "v2":
    trace["header"]["version"] = 2
    for e in trace["events"]:
        e.pop("args", None)
        e.pop("sent", None)
else:
    sys.exit(__doc__)
json.dump(trace, open(sys.argv[2], "w"))
