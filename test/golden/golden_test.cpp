// Golden record/replay fixtures: test/golden/NAME/ holds a recorded trace
// (trace.json, the trace's JSON form, so that a review shows what changed)
// and what its replay must print. Each fixture is one test: instrument the
// example it names, convert the trace to binary (rrlib, in process), replay
// it on Node, and compare stdout, stderr and the exit status byte for byte.
// A second test per fixture checks that JSON -> binary -> JSON -> binary
// gives back the same bytes and the same text.
//
// Regenerate fixtures (record them anew) with:
//   build/test/golden/golden_test --update [--gtest_filter='*NAME*']
#include <gtest/gtest.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <toml++/toml.h>

#include "passes/instrument.h"
#include "rrlib/module_id.h"
#include "rrlib/trace.h"
#include "rrlib/trace_json.h"

extern char **environ;

namespace fs = std::filesystem;

namespace {

bool gUpdate = false;

const fs::path kFixtures = fs::path(WRR_SOURCE_DIR) / "test" / "golden";
const fs::path kRunner =
    fs::path(WRR_SOURCE_DIR) / "runner" / "node" / "wrr-run.mjs";
const fs::path kBundleRunner =
    fs::path(WRR_SOURCE_DIR) / "runner" / "bundle" / "run-bundle.mjs";
const fs::path kEngines =
    fs::path(WRR_SOURCE_DIR) / "runner" / "host" / "engines.mjs";

std::string readFile(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void writeFile(const fs::path &p, std::string_view data) {
  std::ofstream out(p, std::ios::binary);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
}

struct Fixture {
  std::string name;
  fs::path dir;
  std::string module;             // examples/<module>.wasm in the build
  std::vector<std::string> args;
  std::vector<std::string> env;   // NAME=VALUE
  std::vector<std::pair<std::string, std::string>> dirs; // host (in dir), guest
  std::string stdinFile;          // in dir, or empty
  int exitCode = 0;
  bool mustFail = false;
  // --update: record until the run ends with this status (for programs
  // that crash only sometimes).
  std::optional<int> recordUntilExit;
};

toml::table parseToml(const fs::path &p) {
  try {
    return toml::parse_file(p.string());
  } catch (const toml::parse_error &e) {
    ADD_FAILURE() << p << ": " << e.description();
    return {};
  }
}

void PrintTo(const Fixture &f, std::ostream *os) { *os << f.name; }

Fixture loadFixture(const fs::path &dir) {
  Fixture f;
  f.name = dir.filename();
  f.dir = dir;
  toml::table t = parseToml(dir / "metadata.toml");
  f.module = t["module"].value_or(std::string());
  if (auto *a = t["args"].as_array())
    for (auto &v : *a)
      f.args.push_back(v.value_or(std::string()));
  if (auto *e = t["env"].as_table())
    for (auto &[k, v] : *e)
      f.env.push_back(std::string(k.str()) + "=" + v.value_or(std::string()));
  if (auto *d = t["dirs"].as_array())
    for (auto &v : *d)
      if (auto *entry = v.as_table())
        f.dirs.emplace_back((*entry)["host"].value_or(std::string()),
                            (*entry)["guest"].value_or(std::string()));
  f.stdinFile = t["stdin"].value_or(std::string());
  f.exitCode = t["exit_code"].value_or(0);
  f.mustFail = t["must_fail"].value_or(false);
  if (auto v = t["record_until_exit"].value<int>())
    f.recordUntilExit = *v;
  return f;
}

std::vector<Fixture> allFixtures() {
  std::vector<Fixture> out;
  for (auto &entry : fs::directory_iterator(kFixtures))
    if (fs::exists(entry.path() / "metadata.toml"))
      out.push_back(loadFixture(entry.path()));
  std::sort(out.begin(), out.end(),
            [](auto &a, auto &b) { return a.name < b.name; });
  return out;
}

// Runs argv in `cwd` with stdin from `in` and stdout/stderr into files;
// returns the exit status (128+signal when killed).
int run(const std::vector<std::string> &argv, const fs::path &cwd,
        const fs::path &in, const fs::path &out, const fs::path &err) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  std::vector<char *> args;
  for (auto &a : argv)
    args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0)
    return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

class Golden : public testing::TestWithParam<Fixture> {
protected:
  void SetUp() override {
    work_ = fs::temp_directory_path() /
            ("wrr-golden-" + GetParam().name + "-" + std::to_string(getpid()));
    fs::remove_all(work_);
    fs::create_directories(work_ / "trace");
  }
  void TearDown() override { fs::remove_all(work_); }

  // Instruments the fixture's module into work_/<module>.wasm.
  std::string instrument(std::string &originalBytes) {
    fs::path src = fs::path(WRR_BUILD_DIR) / "examples" / (GetParam().module + ".wasm");
    originalBytes = readFile(src);
    auto out = wrr::instrumentModule(
        {reinterpret_cast<const uint8_t *>(originalBytes.data()),
         originalBytes.size()});
    if (!out) {
      ADD_FAILURE() << "cannot instrument " << src << ": "
                    << llvm::toString(out.takeError());
      return {};
    }
    std::string name = GetParam().module + ".wasm";
    writeFile(work_ / name, {reinterpret_cast<const char *>(out->data()), out->size()});
    return name;
  }

  std::vector<std::string> runnerArgs(const std::string &mode,
                                      const std::string &module) {
    std::vector<std::string> argv = {WRR_NODE, "--no-warnings", kRunner.string(),
                                     "--" + mode, (work_ / "trace").string()};
    if (mode == "record") {
      for (auto &[host, guest] : GetParam().dirs)
        argv.insert(argv.end(),
                    {"--dir", (work_ / "files" / host).string() + "::" + guest});
      for (auto &e : GetParam().env)
        argv.insert(argv.end(), {"--env", e});
    }
    argv.push_back(module);
    argv.insert(argv.end(), GetParam().args.begin(), GetParam().args.end());
    return argv;
  }

  void record(const std::string &module);
  void writeBundle();
  void expectReplayed(int status);
  void replay(const std::string &module, const std::string &original);

  fs::path work_;
};

// The binary trace of a fixture's trace.json, or a failure.
std::optional<std::vector<uint8_t>> binaryTrace(const Fixture &f) {
  fs::path json = f.dir / "trace.json";
  if (!fs::exists(json)) {
    ADD_FAILURE() << "fixture " << f.name << " has no trace.json";
    return std::nullopt;
  }
  wrr::trace::VectorSink out;
  std::string why = wrr::trace::readJson(readFile(json), out);
  if (!why.empty()) {
    ADD_FAILURE() << json << ": " << why;
    return std::nullopt;
  }
  return std::move(out.bytes);
}

// The JSON form of a binary trace, or a failure.
std::optional<std::string> jsonTrace(std::span<const uint8_t> bytes) {
  wrr::trace::Reader reader(wrr::trace::openMemory(bytes));
  wrr::trace::VectorSink out;
  std::string why = wrr::trace::writeJson(reader, out);
  if (!why.empty()) {
    ADD_FAILURE() << why;
    return std::nullopt;
  }
  return std::string(out.bytes.begin(), out.bytes.end());
}

void Golden::record(const std::string &module) {
  const Fixture &f = GetParam();
  // The program may write into its directories: record in a copy.
  if (fs::exists(f.dir / "files"))
    fs::copy(f.dir / "files", work_ / "files", fs::copy_options::recursive);
  fs::path in = f.stdinFile.empty() ? fs::path("/dev/null") : f.dir / f.stdinFile;
  int status = -1;
  for (int attempt = 0; attempt < 100; ++attempt) {
    status = run(runnerArgs("record", module), work_, in, f.dir / "stdout.txt",
                 f.dir / "stderr.txt");
    if (!f.recordUntilExit || status == *f.recordUntilExit)
      break;
  }
  if (f.recordUntilExit) {
    ASSERT_EQ(status, *f.recordUntilExit) << "no run ended as asked";
  }
  std::string binary = readFile(work_ / "trace" / "trace.wrr");
  std::optional<std::string> json = jsonTrace(
      {reinterpret_cast<const uint8_t *>(binary.data()), binary.size()});
  ASSERT_TRUE(json) << "the recorded trace of " << f.name
                    << " cannot be converted to JSON";
  writeFile(f.dir / "trace.json", *json);
  // Rewrite only the exit_code line, keeping the file's comments.
  std::string meta = readFile(f.dir / "metadata.toml");
  std::string line = "exit_code = " + std::to_string(status) + "\n";
  size_t at = meta.find("\nexit_code =");
  if (at == std::string::npos) {
    meta += line;
  } else {
    size_t end = meta.find('\n', at + 1);
    meta.replace(at + 1, end == std::string::npos ? std::string::npos : end - at,
                 line);
  }
  writeFile(f.dir / "metadata.toml", meta);
  std::cout << "recorded " << f.name << ": exit " << status << "\n";
}

void Golden::replay(const std::string &module, const std::string &original) {
  const Fixture &f = GetParam();
  std::optional<std::vector<uint8_t>> trace = binaryTrace(f);
  ASSERT_TRUE(trace);
  // A rebuilt example that no longer matches the trace is reported as such,
  // not as a divergence.
  wrr::trace::Reader reader(wrr::trace::openMemory(*trace));
  if (!f.mustFail) {
    ASSERT_TRUE(reader.ok()) << "fixture " << f.name << ": " << reader.error();
    auto id = wrr::moduleId({reinterpret_cast<const uint8_t *>(original.data()),
                             original.size()});
    ASSERT_EQ(wrr::toHex(reader.header().moduleHash), wrr::toHex(id))
        << "fixture " << f.name << " is stale: examples/" << f.module
        << ".wasm was rebuilt and is no longer the module the trace was "
           "recorded from; re-record it with: golden_test --update "
           "--gtest_filter='*"
        << f.name << "*'";
  }
  writeFile(work_ / "trace" / "trace.wrr",
            {reinterpret_cast<const char *>(trace->data()), trace->size()});
  int status = run(runnerArgs("replay", module), work_, "/dev/null",
                   work_ / "stdout.txt", work_ / "stderr.txt");
  if (f.mustFail && status == 0)
    FAIL() << "fixture " << f.name << " must fail but its replay passed "
           << "(unexpected pass)";
  EXPECT_EQ(readFile(work_ / "stdout.txt"), readFile(f.dir / "stdout.txt"))
      << "stdout of the replay differs from the recording";
  EXPECT_EQ(readFile(work_ / "stderr.txt"), readFile(f.dir / "stderr.txt"))
      << "stderr of the replay differs from the recording";
  EXPECT_EQ(status, f.exitCode) << "exit status of the replay differs";
}

TEST_P(Golden, Replay) {
  std::string original;
  std::string module = instrument(original);
  ASSERT_FALSE(module.empty());
  if (gUpdate && !GetParam().mustFail) {
    record(module);
    return;
  }
  replay(module, original);
}

// Lines a runner adds about a trap; they name the runner, so they differ
// between runners while the program's own output does not.
std::string withoutRunnerLines(const std::string &text) {
  std::istringstream in(text);
  std::string line, out;
  while (std::getline(in, line))
    if (line.rfind("wrr-run: ", 0) != 0 && line.rfind("run-bundle: ", 0) != 0)
      out += line + "\n";
  return out;
}

// The fixture's trace embedded in its module (wrr-instrument --embed-trace)
// replays with no WASI grants at all: the bundle imports only fd_write and
// proc_exit, and the script that runs it provides nothing else.
// Writes the fixture's bundle (its trace embedded in its module) to
// work/repro.wasm.
void Golden::writeBundle() {
  const Fixture &f = GetParam();
  std::string original =
      readFile(fs::path(WRR_BUILD_DIR) / "examples" / (f.module + ".wasm"));
  std::string bundle;
  llvm::raw_string_ostream out(bundle);
  // Fixtures keep the JSON form; the bundle embeds the binary trace.
  std::optional<std::vector<uint8_t>> trace = binaryTrace(f);
  ASSERT_TRUE(trace);
  writeFile(work_ / "trace" / "trace.wrr",
            {reinterpret_cast<const char *>(trace->data()), trace->size()});
  llvm::Error e = wrr::bundleModule(
      {reinterpret_cast<const uint8_t *>(original.data()), original.size()},
      (work_ / "trace" / "trace.wrr").string(), out);
  ASSERT_FALSE(e) << "cannot bundle: " << llvm::toString(std::move(e));
  out.flush();
  writeFile(work_ / "repro.wasm", bundle);
}

void Golden::expectReplayed(int status) {
  const Fixture &f = GetParam();
  EXPECT_EQ(readFile(work_ / "stdout.txt"), readFile(f.dir / "stdout.txt"));
  EXPECT_EQ(withoutRunnerLines(readFile(work_ / "stderr.txt")),
            withoutRunnerLines(readFile(f.dir / "stderr.txt")));
  EXPECT_EQ(status, f.exitCode);
}

// The fixture's trace embedded in its module (wrr-instrument --embed-trace)
// replays with no WASI grants at all: the bundle imports only fd_write and
// proc_exit, and the script that runs it provides nothing else.
TEST_P(Golden, Bundle) {
  ASSERT_NO_FATAL_FAILURE(writeBundle());
  expectReplayed(run({WRR_NODE, kBundleRunner.string(), "repro.wasm"}, work_,
                     "/dev/null", work_ / "stdout.txt", work_ / "stderr.txt"));
}

// The same bundle on JavaScriptCore and in a browser, through the runner
// core (which hands over a trace directory the bundle never looks at).
TEST_P(Golden, BundleOnJscAndChromium) {
  ASSERT_NO_FATAL_FAILURE(writeBundle());
  for (const char *engine : {"jsc", "chromium"}) {
    SCOPED_TRACE(engine);
    expectReplayed(run({WRR_NODE, kEngines.string(), "--engine", engine,
                        "--replay", (work_ / "trace").string(), "repro.wasm"},
                       work_, "/dev/null", work_ / "stdout.txt",
                       work_ / "stderr.txt"));
  }
}

TEST(GoldenBundle, RefusesATraceOfAnotherModule) {
  std::string original =
      readFile(fs::path(WRR_BUILD_DIR) / "examples" / "print_time.wasm");
  std::string bundle;
  llvm::raw_string_ostream out(bundle);
  std::optional<std::vector<uint8_t>> trace =
      binaryTrace(loadFixture(kFixtures / "fortune"));
  ASSERT_TRUE(trace);
  fs::path path = fs::temp_directory_path() /
                  ("wrr-golden-fortune-" + std::to_string(getpid()) + ".wrr");
  writeFile(path,
            {reinterpret_cast<const char *>(trace->data()), trace->size()});
  llvm::Error e = wrr::bundleModule(
      {reinterpret_cast<const uint8_t *>(original.data()), original.size()},
      path.string(), out);
  fs::remove(path);
  ASSERT_TRUE(bool(e));
  EXPECT_NE(llvm::toString(std::move(e)).find("recorded from another module"),
            std::string::npos);
}

// binary -> JSON -> binary is byte-identical, and the fixture's JSON is
// the canonical text the converter writes.
TEST_P(Golden, RoundTrip) {
  const Fixture &f = GetParam();
  std::optional<std::vector<uint8_t>> binary = binaryTrace(f);
  ASSERT_TRUE(binary);
  std::optional<std::string> json = jsonTrace(*binary);
  ASSERT_TRUE(json);
  EXPECT_EQ(*json, readFile(f.dir / "trace.json"))
      << "trace.json is not in the form wrr-trace convert writes";
  wrr::trace::VectorSink again;
  ASSERT_EQ(wrr::trace::readJson(*json, again), "");
  EXPECT_TRUE(again.bytes == *binary)
      << "binary -> JSON -> binary changed the trace of " << f.name;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, Golden, testing::ValuesIn(allFixtures()),
                         [](const testing::TestParamInfo<Fixture> &info) {
                           return info.param.name;
                         });

} // namespace

int main(int argc, char **argv) {
  testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i < argc; ++i)
    gUpdate |= std::string_view(argv[i]) == "--update";
  return RUN_ALL_TESTS();
}
