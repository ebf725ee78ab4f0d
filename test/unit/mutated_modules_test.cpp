// Damaged modules never crash wrr-instrument: every mutation of a few real
// modules (bit flips, random bytes, truncation, insertion) is either refused
// with an error or instrumented, in a child process that must not die of a
// signal. Binaryen aborts on input it cannot handle, so anything WABT lets
// through that Binaryen chokes on shows up here. (It found that Binaryen's
// DWARF writer aborts on damaged DWARF, which wrr now keeps from it.)
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
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

constexpr int kEscapedException = 3;

// Instruments `m` in a child; its exit status (0: instrumented, 1: refused,
// kEscapedException), or -N for a child killed by signal N (SIGALRM: it
// hung). The child never returns into the test.
int instrumentInChild(const Bytes &m) {
  pid_t pid = fork();
  if (pid == 0) {
    alarm(60);
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 2);
    try {
      auto out = wrr::instrumentModule(m);
      if (!out) {
        llvm::consumeError(out.takeError());
        _exit(1);
      }
    } catch (...) {
      _exit(kEscapedException);
    }
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
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
  ASSERT_EQ(instrumentInChild(original), 0) << "the unmutated module fails";
  std::mt19937_64 rng(0x77727221 ^ std::hash<std::string>()(in.name));
  // WRR_MUTATIONS=N runs a longer search.
  const char *env = std::getenv("WRR_MUTATIONS");
  const int kMutations = env ? std::atoi(env) : 1000;
  int instrumented = 0;
  for (int i = 0; i < kMutations; ++i) {
    Bytes m = mutate(original, rng);
    int status = instrumentInChild(m);
    if (status < 0 || status == kEscapedException) {
      std::string kept = testing::TempDir() + "wrr-crash-" + in.name + "-" +
                         std::to_string(i) + ".wasm";
      std::ofstream(kept, std::ios::binary)
          .write(reinterpret_cast<const char *>(m.data()),
                 static_cast<std::streamsize>(m.size()));
      ADD_FAILURE() << "mutation " << i << " of " << in.path
                    << (status < 0 ? " killed wrr by signal " +
                                         std::to_string(-status)
                                   : std::string(" made wrr throw"))
                    << "; kept as " << kept;
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
                    Input{"wat_with_names", "test/e2e/raw.wasm"}),
    [](const testing::TestParamInfo<Input> &info) {
      return std::string(info.param.name);
    });

} // namespace
