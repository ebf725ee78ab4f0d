# lit configuration for wrr. Tests are .wat and .test files; %s is the test.
import os
import lit.formats

config.name = "wrr"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".wat", ".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.wrr_build_dir, "test", "lit")

bin_dir = os.path.join(config.wrr_build_dir, "bin")
config.environment["PATH"] = os.pathsep.join(
    [bin_dir, config.llvm_tools_dir, config.environment.get("PATH", "")])
config.substitutions.append(("%node", config.node))
config.substitutions.append(("%runner", os.path.join(config.wrr_source_dir, "runner", "node", "wrr-run.mjs")))
config.substitutions.append(("%examples", os.path.join(config.wrr_build_dir, "examples")))
config.substitutions.append(("%inputs", os.path.join(os.path.dirname(__file__), "Inputs")))
config.substitutions.append(("%dwarf", os.path.join(config.wrr_build_dir, "test", "dwarf")))
config.substitutions.append(("%e2e", os.path.join(config.wrr_build_dir, "test", "e2e")))
