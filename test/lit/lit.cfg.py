# lit configuration for wrr. Tests are .wat and .test files; %s is the test.
import os
import subprocess
import lit.formats

config.name = "wrr"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".wat", ".test"]
config.excludes = ["Inputs"]
# The fault suite runs as its own ctest entry (lit --param suite=faults).
if lit_config.params.get("suite") != "faults":
    config.excludes.append("faults")
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.wrr_build_dir, "test", "lit")

bin_dir = os.path.join(config.wrr_build_dir, "bin")
config.environment["PATH"] = os.pathsep.join(
    [bin_dir, config.llvm_tools_dir, config.environment.get("PATH", "")])
config.substitutions.append(("%node", config.node))
config.substitutions.append(("%wrr_build_dir", config.wrr_build_dir))
config.substitutions.append(("%wrr_source_dir", config.wrr_source_dir))
config.substitutions.append(("%runner", os.path.join(config.wrr_source_dir, "runner", "node", "wrr-run.mjs")))
config.substitutions.append(("%examples", os.path.join(config.wrr_build_dir, "examples")))
config.substitutions.append(("%inputs", os.path.join(os.path.dirname(__file__), "Inputs")))
config.substitutions.append(("%dwarf", os.path.join(config.wrr_build_dir, "test", "dwarf")))
config.substitutions.append(("%e2e", os.path.join(config.wrr_build_dir, "test", "e2e")))
# clang-19 for wasm32-wasi, as test/e2e builds its programs (the worked
# example of README's debugging section compiles and rebuilds its program).
config.substitutions.append(("%clang-wasi", "%s --target=wasm32-wasi --sysroot=%s" % (
    getattr(config, "clang_wasm", "clang-19"), getattr(config, "wasi_sysroot", "") or "/usr")))

# Wasmtime, as a bare engine (no runner calls wrr_trapped), through the npm
# package @bytecodealliance/wizer (pinned in package.json). Tests that need
# it say `REQUIRES: wizer`; lit reports them unsupported without it.
# (scripts/update-lit-checks.py evaluates this file with a config that has
# no features.)
features = getattr(config, "available_features", set())
wizer = os.path.join(config.wrr_source_dir, "node_modules", "@bytecodealliance",
                     "wizer-linux-x64", "wizer")
if os.access(wizer, os.X_OK):
    features.add("wizer")
    config.substitutions.append(("%wizer", wizer))
# Tests that mount a file system need root.
if os.geteuid() == 0:
    features.add("root")
# Tests that run wrr as a user with no passwd entry map one in a user
# namespace (unshare, util-linux), which some sandboxes forbid.
try:
    if subprocess.run(["unshare", "--user", "--map-user=54321", "--map-group=54321", "true"],
                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
        features.add("userns")
except OSError:
    pass
