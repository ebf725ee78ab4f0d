# Driver for fault-interrupted.test: each interruption point, recorded,
# verified and replayed.
import os, shutil, subprocess, sys

node, interrupt, runner, app, stdin, tmp = sys.argv[1:]
failed = 0
cases = [(how, where, k, fault)
         for how in ("trap", "stop")
         for where, ks, fault in (("trace", range(1, 8), "read"),
                                  ("trace", (1, 2), "abort"),
                                  ("stdout", (1, 500), "abort"))
         for k in ks]
for how, where, k, fault in cases:
    name = f"{how}-{where}-{k}-{fault}"
    trace = os.path.join(tmp, name)
    shutil.rmtree(trace, ignore_errors=True)
    os.makedirs(trace)
    env = dict(os.environ, FAULT=fault, LINES="20000")
    with open(stdin, "rb") as i:
        rec = subprocess.run([node, "--no-warnings", interrupt, how, where, str(k), trace, app],
                             stdin=i, capture_output=True, env=env)
    status = 134 if how == "trap" else 124
    verify = subprocess.run(["wrr-trace", "verify", os.path.join(trace, "trace.wrr")],
                            capture_output=True, text=True)
    ends = "trap" if how == "trap" else "stopped by a limit"
    rep = subprocess.run([node, "--no-warnings", runner, "--env", "FAULT", "--env", "LINES",
                          "--replay", trace, app], stdin=subprocess.DEVNULL,
                         capture_output=True, env=env)
    problems = []
    if rec.returncode != status:
        problems.append(f"recording exited {rec.returncode}: {rec.stderr.decode()[-300:]}")
    if verify.returncode or not verify.stdout.strip().endswith("ends with " + ends):
        problems.append("verify: " + (verify.stdout + verify.stderr).strip())
    # Interrupted inside a WASI call: the trap event names it.
    if how == "trap":
        last = subprocess.run(["wrr-trace", "dump", "--from", "1", os.path.join(trace, "trace.wrr")],
                              capture_output=True, text=True).stdout.strip().split("\n")[-1]
        if " trap (inside " not in last:
            problems.append(f"the trap event does not name the call: {last}")
    if rep.returncode != status:
        problems.append(f"replay exited {rep.returncode}: {rep.stderr.decode()[-300:]}")
    # An interrupted call may have written its output before the event was
    # dropped: the replay prints everything else.
    if not rec.stdout.startswith(rep.stdout) or rec.stdout.count(b"\n") - rep.stdout.count(b"\n") > 1:
        problems.append("replay's output is not the recording's")
    for p in problems:
        print(f"{name}: {p}")
    failed += bool(problems)
print(f"{len(cases) - failed} of {len(cases)} interruptions left a whole trace")
sys.exit(1 if failed else 0)
