// Damaged modules never crash wrr-instrument: every mutation of a few real
// modules (bit flips, random bytes, truncation, insertion) is either refused
// with an error or instrumented, in a child process that must not die of a
// signal or exit the process. Binaryen aborts on input it cannot handle, so
// anything WABT lets through that Binaryen chokes on shows up here. (It
// found that Binaryen's DWARF writer aborts on damaged DWARF, and its reader
// on tag names and on relaxed SIMD; wrr now keeps all three from it.)
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "passes/instrument.h"

namespace {

using Bytes = std::vector<uint8_t>;

Bytes readFile(const std::string &path) {
  std::ifstream f(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(f), {});
}

Bytes mutate(Bytes m, std::mt19937_64 &rng) {
  int edits = 1 + static_cast<int>(rng() % 4);
  for (int e = 0; e < edits && !m.empty(); ++e) {
    size_t at = rng() % m.size();
    switch (rng() % 4) {
    case 0:
      m[at] ^= static_cast<uint8_t>(1u << (rng() % 8));
      break;
    case 1:
      m[at] = static_cast<uint8_t>(rng());
      break;
    case 2:
      m.resize(at + 1);
      break;
    default:
      m.insert(m.begin() + static_cast<std::ptrdiff_t>(at),
               static_cast<uint8_t>(rng()));
    }
  }
  return m;
}

constexpr int kRefused = 10;
constexpr int kEscapedException = 11;

struct Outcome {
  // 0: instrumented, kRefused, kEscapedException, or another exit status
  // (something exited the process, as Binaryen's fatal errors do); -N for
  // a child killed by signal N (SIGALRM: it hung).
  int status;
  std::string stderrText;
};

// Binaryen 108 cannot read blocks with parameters (multi-value) in some
// shapes, which WABT validates, and exits the process with status 1; wrr
// does not look for them in the code (docs/design.md lists it as a known
// limitation), but says so in one line (bn::onReadFailure).
bool knownBinaryenLimitation(const Outcome &o) {
  return o.status == 1 &&
         o.stderrText.starts_with("Binaryen 108 cannot read the module: ") &&
         o.stderrText.find('\n') == o.stderrText.size() - 1;
}

// Instruments `m` in a child, which never returns into the test.
Outcome instrumentInChild(const Bytes &m) {
  std::string errPath = testing::TempDir() + "wrr-mutated-" +
                        std::to_string(getpid()) + ".err";
  pid_t pid = fork();
  if (pid == 0) {
    alarm(60);
    int err = open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(err, 2);
    try {
      auto out = wrr::instrumentModule(m);
      if (!out) {
        llvm::consumeError(out.takeError());
        _exit(kRefused);
      }
    } catch (...) {
      _exit(kEscapedException);
    }
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  std::string text;
  {
    std::ifstream f(errPath);
    text.assign(std::istreambuf_iterator<char>(f), {});
  }
  std::remove(errPath.c_str());
  return {WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status), text};
}

struct Input {
  const char *name;
  const char *path; // under the build directory
};

class MutatedModules : public testing::TestWithParam<Input> {};

TEST_P(MutatedModules, AreRefusedOrInstrumentedNeverCrash) {
  const Input &in = GetParam();
  Bytes original = readFile(std::string(WRR_BUILD_DIR) + "/" + in.path);
  ASSERT_FALSE(original.empty()) << in.path;
  ASSERT_EQ(instrumentInChild(original).status, 0)
      << "the unmutated module fails";
  std::mt19937_64 rng(0x77727221 ^ std::hash<std::string>()(in.name));
  // WRR_MUTATIONS=N runs a longer search.
  const char *env = std::getenv("WRR_MUTATIONS");
  const int kMutations = env ? std::atoi(env) : 1000;
  int instrumented = 0;
  for (int i = 0; i < kMutations; ++i) {
    Bytes m = mutate(original, rng);
    Outcome o = instrumentInChild(m);
    int status = o.status;
    if (status != 0 && status != kRefused && !knownBinaryenLimitation(o)) {
      std::string kept = testing::TempDir() + "wrr-crash-" + in.name + "-" +
                         std::to_string(i) + ".wasm";
      std::ofstream(kept, std::ios::binary)
          .write(reinterpret_cast<const char *>(m.data()),
                 static_cast<std::streamsize>(m.size()));
      ADD_FAILURE() << "mutation " << i << " of " << in.path
                    << (status < 0 ? " killed wrr by signal " +
                                         std::to_string(-status)
                        : status == kEscapedException
                            ? std::string(" made wrr throw")
                            : " made wrr exit with " + std::to_string(status))
                    << "; kept as " << kept << "\n" << o.stderrText;
    }
    instrumented += status == 0;
  }
  // Some mutations must get through validation, or this tests only WABT.
  EXPECT_GT(instrumented, 0);
  RecordProperty("instrumented", instrumented);
}

INSTANTIATE_TEST_SUITE_P(
    Modules, MutatedModules,
    testing::Values(Input{"c_with_dwarf", "examples/print_time.wasm"},
                    Input{"assemblyscript", "examples/as_alloc_after.wasm"},
                    Input{"wat_with_names", "test/e2e/raw.wasm"},
                    Input{"many_features", "test/features.wasm"}),
    [](const testing::TestParamInfo<Input> &info) {
      return std::string(info.param.name);
    });

} // namespace
