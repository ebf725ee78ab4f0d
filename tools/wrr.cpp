//===- wrr.cpp - record and replay WASI programs from the command line ----===//
//
//   wrr record app.wasm [-t TRACE] [--dir HOST[::GUEST]]... [--env NAME[=VALUE]]...
//                       [--timeout S] [--max-memory SIZE] [--sync] [-- ARGS...]
//   wrr replay app.wasm [TRACE] [--engine node|chromium|firefox|jsc|all]
//   wrr serve [--port N]
//
// Instruments with the sibling wrr-instrument (cached by the module's
// SHA-256), then hands the module to a JavaScript runner (runner/): Node's
// node:wasi for node, runner/host/engines.mjs for the other engines. wrr
// itself does not link Binaryen: a cached run never loads it.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>

#include <optional>
#include <string>
#include <vector>

#include "passes/error.h"
#include "passes/instrument.h" // InstrumentOptions's defaults only: not linked
#include "passes/module_info.h"
#include "rrlib/module_id.h"
#include "rrlib/trace.h"

extern char **environ;

using namespace llvm;

namespace {

// ---- Options ----------------------------------------------------------------

cl::OptionCategory Category("wrr options");
cl::SubCommand Record("record", "Run a WASI module and record the run into a trace");
cl::SubCommand Replay("replay", "Replay a trace: same output, same exit status");
cl::SubCommand Serve("serve", "Serve the web runner (runner/web) on 127.0.0.1");

cl::list<std::string> RecordPositionals(cl::Positional, cl::OneOrMore,
                                        cl::desc("<app.wasm> [-- ARGS...]"),
                                        cl::sub(Record), cl::cat(Category));
cl::opt<std::string> TraceOut("t", cl::desc("Write the trace here (default: <app>.wrr in the current directory)"),
                              cl::value_desc("trace"), cl::sub(Record), cl::cat(Category));
cl::list<std::string> Dirs("dir", cl::desc("Grant a host directory, as GUEST (default: the same path)"),
                           cl::value_desc("host[::guest]"), cl::sub(Record), cl::cat(Category));
cl::list<std::string> Envs("env", cl::desc("Grant an environment variable (NAME alone: its value here)"),
                           cl::value_desc("name[=value]"), cl::sub(Record), cl::cat(Category));
cl::opt<std::string> MaxMemory("max-memory",
                               cl::desc("Refuse the program memory beyond this size (e.g. 64M, 1G, 65536)"),
                               cl::value_desc("size"), cl::sub(Record), cl::cat(Category));
cl::opt<bool> Sync("sync",
                   cl::desc("Write every event to the trace as its call returns (keeps every "
                            "event through any crash; slower)"),
                   cl::sub(Record), cl::cat(Category));
cl::opt<unsigned> BufferPages("buffer-pages",
                              cl::desc("64 KiB pages for the log buffer when instrumenting"),
                              cl::init(wrr::InstrumentOptions{}.bufferPages), cl::sub(Record),
                              cl::cat(Category));

cl::list<std::string> ReplayPositionals(cl::Positional, cl::OneOrMore,
                                        cl::desc("<app.wasm> [trace]"), cl::sub(Replay),
                                        cl::cat(Category));

cl::opt<bool> ChangedBuild("changed-build",
                           cl::desc("Replay the trace against this different build of its program: "
                                    "it takes the trace's module identity, and the replay says where "
                                    "the two builds part"),
                           cl::sub(Replay), cl::cat(Category));

cl::opt<uint64_t> StopAt("stop-at",
                         cl::desc("Stop the replay right after event N (numbered as wrr-trace dump "
                                  "numbers them), having printed what the recording printed up to "
                                  "there (exit status 119)"),
                         cl::value_desc("N"), cl::init(0), cl::sub(Replay), cl::cat(Category));
cl::opt<bool> ExtraOutput("extra-output",
                          cl::desc("Let writes to stdout and stderr that the trace does not hold "
                                   "through (a rebuild's debugging prints) instead of diverging"),
                          cl::sub(Replay), cl::cat(Category));

cl::opt<bool> Inspect("inspect",
                      cl::desc("Run the replay under Node's inspector on 127.0.0.1 (Chrome DevTools, "
                               "VS Code attach); with --stop-at it pauses there instead of exiting"),
                      cl::sub(Replay), cl::cat(Category));
cl::opt<bool> InspectBrk("inspect-brk",
                         cl::desc("As --inspect, and wait for a debugger before the replay starts"),
                         cl::sub(Replay), cl::cat(Category));
cl::opt<unsigned> InspectPort("inspect-port",
                              cl::desc("The inspector's port (default 0: any free port; Node prints "
                                       "the address)"),
                              cl::init(0), cl::value_desc("port"), cl::sub(Replay), cl::cat(Category));

cl::opt<std::string> Engine("engine",
                            cl::desc("node (default), chromium, firefox, jsc; replay also takes all"),
                            cl::init("node"), cl::sub(Record), cl::sub(Replay), cl::cat(Category));
cl::opt<unsigned> Timeout("timeout", cl::desc("Stop the run after this many seconds (0: never)"),
                          cl::init(0), cl::value_desc("seconds"), cl::sub(Record), cl::sub(Replay),
                          cl::cat(Category));

cl::opt<bool> Verbose("v", cl::desc("Say whether the module was instrumented or taken from the cache"),
                      cl::sub(Record), cl::sub(Replay), cl::cat(Category));

cl::opt<unsigned> Port("port", cl::desc("Port to listen on"), cl::init(8117), cl::sub(Serve),
                       cl::cat(Category));

const char *const Overview = R"(wrr: record and replay WebAssembly WASI programs

  wrr record app.wasm [-t TRACE] [--dir HOST[::GUEST]]... [--env NAME[=VALUE]]... [-- ARGS...]
  wrr replay app.wasm [TRACE] [--engine node|chromium|firefox|jsc|all]
  wrr replay rebuilt.wasm TRACE --changed-build
  wrr serve [--port N]

The module may be plain or already instrumented; plain modules are
instrumented once and cached by their SHA-256 under $XDG_CACHE_HOME/wrr
(or ~/.cache/wrr). The program sees only the directories and variables
granted. The default trace is <app>.wrr in the current directory.
)";

const std::vector<std::string> kEngines = {"node", "chromium", "firefox", "jsc"};
constexpr uint64_t kPageSize = 65536;

// ---- Small helpers ----------------------------------------------------------

using wrr::error;

Expected<std::unique_ptr<MemoryBuffer>> readFile(const std::string &path, StringRef what) {
  auto buffer = MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (std::error_code EC = buffer.getError())
    return error("cannot read " + what + " '" + path + "': " + EC.message());
  return std::move(*buffer);
}

std::span<const uint8_t> bytesOf(StringRef s) {
  return {reinterpret_cast<const uint8_t *>(s.data()), s.size()};
}

Error writeFile(const std::string &path, std::span<const uint8_t> bytes) {
  std::error_code EC;
  raw_fd_ostream out(path, EC, sys::fs::OF_None);
  if (EC)
    return error("cannot write '" + path + "': " + EC.message());
  out.write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
  out.close();
  if (out.has_error())
    return error("cannot write '" + path + "': " + out.error().message());
  return Error::success();
}

// <app> for app.wasm and app.rr.wasm.
std::string stem(StringRef module) {
  StringRef name = sys::path::filename(module);
  name.consume_back(".wasm");
  name.consume_back(".rr");
  return name.str();
}

// "64M", "1GiB", "512k", "65536": bytes, rounded up to whole pages.
Expected<uint64_t> parseSize(StringRef text) {
  StringRef digits = text.take_while([](char c) { return isDigit(c); });
  uint64_t n;
  if (digits.empty() || digits.getAsInteger(10, n) || n > (1ull << 40))
    return error("--max-memory needs a size such as 64M, not '" + text + "'");
  std::string u = text.drop_front(digits.size()).lower();
  uint64_t scale = 1;
  if (u == "k" || u == "kb" || u == "kib")
    scale = 1ull << 10;
  else if (u == "m" || u == "mb" || u == "mib")
    scale = 1ull << 20;
  else if (u == "g" || u == "gb" || u == "gib")
    scale = 1ull << 30;
  else if (!u.empty())
    return error("--max-memory needs a size such as 64M, not '" + text + "'");
  uint64_t pages = (n * scale + kPageSize - 1) / kPageSize;
  if (pages == 0 || pages > 65536)
    return error("--max-memory must be between 64K and 4G");
  return pages;
}

// ---- The module -------------------------------------------------------------

struct Module {
  std::string path;    // the instrumented module on disk
  std::string id;      // identity (hex) its traces carry
  uint64_t bufferPages = 0;
};

// wrr-instrument, next to wrr (as built and as installed).
std::string instrumenterPath() {
  std::string self = sys::fs::getMainExecutable(nullptr, reinterpret_cast<void *>(&instrumenterPath));
  return (sys::path::parent_path(self) + "/wrr-instrument").str();
}

// Identifies this build of the instrumenter, so a rebuilt wrr-instrument
// never reuses another build's cached output: its executable's identity on
// disk (device, inode, size, modification time), which a rebuild or
// reinstall changes. Hashing the executable itself cost ~30 ms every run.
std::string instrumenterId() {
  struct stat st;
  if (::stat(instrumenterPath().c_str(), &st) != 0)
    return WRR_VERSION;
  std::string key = std::string(WRR_VERSION) + " " + std::to_string(st.st_dev) + " " +
                    std::to_string(st.st_ino) + " " + std::to_string(st.st_size) + " " +
                    std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
  return wrr::toHex(wrr::moduleId(bytesOf(key))).substr(0, 16);
}

std::string cacheDir() {
  if (std::optional<std::string> xdg = sys::Process::GetEnv("XDG_CACHE_HOME"); xdg && !xdg->empty())
    return *xdg + "/wrr";
  SmallString<128> home;
  if (!sys::path::home_directory(home))
    return "";
  return std::string(home) + "/.cache/wrr";
}

std::string readText(const std::string &path) {
  auto b = MemoryBuffer::getFile(path, /*IsText=*/true);
  return b ? (*b)->getBuffer().str() : "";
}

// Runs `wrr-instrument input -o output` (which writes `output` whole or not
// at all). Its error comes back as wrr's one line; its stderr is kept in
// `scratch` until then. Signals stop it as they would stop wrr.
Error runInstrumenter(const std::string &input, const std::string &output, unsigned bufferPages,
                      const std::string &scratch,
                      const std::optional<wrr::ModuleId> &identity = std::nullopt) {
  std::string tool = instrumenterPath();
  std::vector<std::string> argv = {tool, "--buffer-pages", std::to_string(bufferPages), input,
                                   "-o", output};
  // A changed build replays under the trace's identity.
  if (identity)
    argv.insert(argv.begin() + 1, {"--identity", wrr::toHex(*identity)});
  std::vector<char *> args;
  for (std::string &a : argv)
    args.push_back(a.data());
  args.push_back(nullptr);
  std::string log = scratch + "/instrument.err";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE})
    sigaddset(&defaults, sig);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t child;
  int rc = posix_spawn(&child, tool.c_str(), &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc)
    return error("cannot run '" + tool + "' to instrument '" + input + "': " + std::strerror(rc));
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  std::string err = readText(log);
  sys::fs::remove(log);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
    return Error::success();
  // Its last error line, without its prefix.
  StringRef why;
  for (StringRef line : split(StringRef(err), '\n'))
    if (line.consume_front("wrr-instrument: error: "))
      why = line;
  if (WIFSIGNALED(status))
    return error("instrumenting '" + input + "' was stopped (signal " + Twine(WTERMSIG(status)) + ")");
  if (why.empty())
    return error("cannot instrument '" + input + "': wrr-instrument exited with status " +
                Twine(WIFEXITED(status) ? WEXITSTATUS(status) : 1));
  return error(why);
}

// The instrumented module for `path`: the file itself if it is instrumented,
// else the cached instrumentation (made now if missing). `scratch` is where
// to put it when there is no cache, or when the cache is `denied` (it is
// within the program's reach: the reason).
Expected<Module> prepareModule(const std::string &path, unsigned bufferPages,
                               const std::string &scratch, const std::string &denied = "",
                               std::optional<wrr::ModuleId> identity = std::nullopt) {
  auto input = readFile(path, "module");
  if (!input)
    return input.takeError();
  StringRef bytes = (*input)->getBuffer();
  if (std::optional<wrr::InstrumentedMarker> marker = wrr::instrumentedMarker(bytesOf(bytes))) {
    if (identity && marker->identity != *identity)
      return error("'" + path + "' is already instrumented for another module; --changed-build "
                  "needs the plain build (it instruments it for the trace's identity)");
    if (Verbose)
      errs() << "wrr: " << path << " is already instrumented\n";
    return Module{path, wrr::toHex(marker->identity), marker->bufferPages};
  }
  std::string key = wrr::toHex(wrr::moduleId(bytesOf(bytes))) + "-" + instrumenterId() +
                    "-b" + std::to_string(bufferPages) +
                    (identity ? "-as" + wrr::toHex(*identity).substr(0, 16) : "") + ".wasm";
  std::string dir = denied.empty() ? cacheDir() : "";
  if (!denied.empty() && Verbose)
    errs() << "wrr: not using the instrumentation cache: " << denied << "\n";
  std::string cached = dir.empty() ? "" : dir + "/" + key;
  if (!cached.empty() && sys::fs::exists(cached)) {
    if (Verbose)
      errs() << "wrr: using the cached instrumentation " << cached << "\n";
  } else {
    if (Verbose)
      errs() << "wrr: instrumenting " << path << "\n";
    // Made under a name of its own, checked, then renamed into place: a
    // concurrent run never sees half a module, nor one with nothing to
    // record. Without a writable cache it is made for this run only.
    bool cache = !cached.empty() && !sys::fs::create_directories(dir) &&
                 ::access(dir.c_str(), W_OK) == 0;
    std::string made = cache ? cached + ".tmp" + std::to_string(::getpid()) : scratch + "/" + key;
    if (Error e = runInstrumenter(path, made, bufferPages, scratch, identity))
      return e;
    auto out = readFile(made, "module");
    if (!out)
      return out.takeError();
    if (!wrr::instrumentedMarker(bytesOf((*out)->getBuffer()))) {
      sys::fs::remove(made);
      return error("'" + path + "' imports no WASI functions: there is nothing to record");
    }
    if (!cache)
      cached = made;
    else if (std::error_code EC = sys::fs::rename(made, cached)) {
      sys::fs::remove(made);
      return error("cannot write '" + cached + "': " + EC.message());
    }
  }
  auto instrumented = readFile(cached, "module");
  if (!instrumented)
    return instrumented.takeError();
  std::optional<wrr::InstrumentedMarker> marker =
      wrr::instrumentedMarker(bytesOf((*instrumented)->getBuffer()));
  if (!marker)
    return error("'" + cached + "' is not an instrumented module");
  return Module{cached, wrr::toHex(marker->identity), marker->bufferPages};
}

// ---- Running ----------------------------------------------------------------

std::string runnerPath(StringRef rel) { return std::string(WRR_RUNNER_DIR) + "/" + rel.str(); }

Expected<std::string> findNode() {
  ErrorOr<std::string> node = sys::findProgramByName("node");
  if (!node)
    return error("node is not on PATH (install Debian's nodejs package)");
  return *node;
}

// ---- Running the runner -----------------------------------------------------
//
// The runner runs in a session of its own (setsid), so the terminal's
// Ctrl-C reaches only wrr; wrr then stops the run in steps (README, "Signals"):
// it writes the signal to the runner's control pipe (the program stops at
// its next WASI call and the module ends its trace), then, if the run has
// not ended after kStopGrace, sends the runner SIGINT (which interrupts
// wasm that computes), then after kKillGrace kills it. Each further signal
// from the user takes the next step at once.

constexpr int kStopGraceMs = 1000;
constexpr int kKillGraceMs = 2000;

struct ChildIo {
  std::vector<int> inherit;           // descriptors the child keeps, same numbers
  std::vector<std::pair<int, int>> dup2s; // (from, to)
  int controlFd = -1;                 // write end of the control pipe, or -1
};

struct ChildResult {
  int status = 0;
  int userSignal = 0; // the first signal the user sent wrr, if any
  bool killed = false; // wrr had to kill the runner
};

const char *signalName(int sig) {
  switch (sig) {
  case SIGINT:
    return "SIGINT";
  case SIGTERM:
    return "SIGTERM";
  case SIGHUP:
    return "SIGHUP";
  }
  return "a signal";
}

int64_t nowMs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

// Runs argv with this process's stdio (but for `io`); returns its exit
// status (128 + signal when killed).
Expected<ChildResult> runChild(const std::vector<std::string> &argv, const ChildIo &io = {}) {
  std::vector<char *> args;
  for (const std::string &a : argv)
    args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);

  sigset_t handled, old;
  sigemptyset(&handled);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGCHLD})
    sigaddset(&handled, sig);
  sigprocmask(SIG_BLOCK, &handled, &old);
  auto restore = make_scope_exit([&] { sigprocmask(SIG_SETMASK, &old, nullptr); });

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  auto cleanup = make_scope_exit([&] {
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
  });
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGPIPE})
    sigaddset(&defaults, sig);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  for (auto [from, to] : io.dup2s)
    posix_spawn_file_actions_adddup2(&actions, from, to);
  // dup2 onto itself clears close-on-exec (glibc 2.29 and later).
  for (int fd : io.inherit)
    posix_spawn_file_actions_adddup2(&actions, fd, fd);
  // A signal that came while wrr was getting ready: nothing has run yet.
  struct timespec zero = {0, 0};
  sigset_t userSignals = handled;
  sigdelset(&userSignals, SIGCHLD);
  if (int sig = sigtimedwait(&userSignals, nullptr, &zero); sig > 0) {
    errs() << "wrr: " << signalName(sig) << " before the program started: nothing was run\n";
    return ChildResult{128 + sig, sig, false};
  }
  pid_t child;
  if (int rc = posix_spawn(&child, args[0], &actions, &attr, args.data(), environ))
    return error("cannot run '" + argv[0] + "': " + std::strerror(rc));

  ChildResult result;
  int stage = 0; // 0 running, 1 asked to stop, 2 interrupted, 3 killed
  int64_t deadline = -1;
  auto step = [&] {
    ++stage;
    if (stage == 1 && io.controlFd >= 0) {
      unsigned char b = static_cast<unsigned char>(result.userSignal);
      (void)!::write(io.controlFd, &b, 1);
      deadline = nowMs() + kStopGraceMs;
    } else if (stage <= 2) {
      stage = 2;
      if (io.controlFd >= 0)
        errs() << "wrr: the program has not stopped: interrupting it\n";
      ::kill(child, io.controlFd >= 0 ? SIGINT : result.userSignal);
      deadline = nowMs() + kKillGraceMs;
    } else {
      stage = 3;
      errs() << "wrr: the run has not ended: killing it\n";
      ::kill(child, SIGKILL);
      result.killed = true;
      deadline = -1;
    }
  };
  int status = 0;
  for (;;) {
    pid_t done = waitpid(child, &status, WNOHANG);
    if (done == child)
      break;
    struct timespec wait = {0, 200 * 1000 * 1000};
    if (deadline >= 0) {
      int64_t left = std::max<int64_t>(deadline - nowMs(), 1);
      wait = {static_cast<time_t>(left / 1000), static_cast<long>(left % 1000) * 1000000};
    }
    siginfo_t info;
    int sig = sigtimedwait(&handled, &info, &wait);
    if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP) {
      if (!result.userSignal) {
        result.userSignal = sig;
        if (io.controlFd >= 0)
          errs() << "wrr: " << signalName(sig)
                 << ": stopping the program at its next WASI call (send it again to hurry)\n";
      }
      if (stage < 3)
        step();
    } else if (sig < 0 && errno == EAGAIN && deadline >= 0 && nowMs() >= deadline && stage < 3) {
      step();
    }
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

bool knownEngine(StringRef name, bool allowAll) {
  return (allowAll && name == "all") || is_contained(kEngines, name.str());
}

Error checkEngine(bool allowAll) {
  if (knownEngine(Engine, allowAll))
    return Error::success();
  return error("unknown engine '" + Engine + "' (choose " + join(kEngines, ", ") +
              (allowAll ? " or all" : "") + ")");
}

// The runner's command line: node's own runner for node, the engine host for
// the others. `modeArgs` is {"--record"|"--replay", DIR}.
Expected<std::vector<std::string>> runnerCommand(const std::vector<std::string> &modeArgs) {
  auto node = findNode();
  if (!node)
    return node.takeError();
  std::vector<std::string> argv = {*node, "--no-warnings"};
  if (Engine == "node") {
    argv.push_back(runnerPath("node/wrr-run.mjs"));
  } else {
    argv.insert(argv.end(), {runnerPath("host/engines.mjs"), "--engine", Engine});
  }
  argv.insert(argv.end(), modeArgs.begin(), modeArgs.end());
  if (Timeout)
    argv.insert(argv.end(), {"--timeout", std::to_string(Timeout)});
  return argv;
}

// ---- Private scratch space --------------------------------------------------

bool isUnder(StringRef path, StringRef dir) {
  if (dir == "/")
    return true;
  return path == dir || (path.starts_with(dir) && path[dir.size()] == '/');
}

std::string realPath(StringRef path) {
  SmallString<256> real;
  if (sys::fs::real_path(path, real))
    return "";
  return std::string(real);
}

// The real path of `path`, which may not exist yet: its nearest existing
// ancestor's real path, with the rest appended.
std::string realPathOfFuture(StringRef path) {
  SmallString<256> abs(path);
  sys::fs::make_absolute(abs);
  sys::path::remove_dots(abs, /*remove_dot_dot=*/true);
  std::string rest;
  StringRef p = abs;
  while (!p.empty()) {
    if (std::string r = realPath(p); !r.empty())
      return r + rest;
    rest = ("/" + sys::path::filename(p) + rest).str();
    p = sys::path::parent_path(p);
  }
  return abs.str().str();
}

// Why the instrumentation cache must not be used with these grants (it is
// in a granted directory, or holds one: the program could read or plant
// modules there), or "".
std::string cacheDenied(const std::vector<std::string> &granted) {
  std::string dir = cacheDir();
  if (dir.empty())
    return "";
  std::string real = realPathOfFuture(dir);
  for (const std::string &g : granted) {
    std::string r = realPath(g);
    if (!r.empty() && (isUnder(real, r) || isUnder(r, real)))
      return dir + " is within reach of --dir " + g + "; instrumenting for this run only";
  }
  return "";
}

// wrr's own directory for a run: mode 0700, in $TMPDIR (or /tmp, /var/tmp,
// /dev/shm), never inside a directory the program is granted; it holds the
// runner's placeholder for the reserved directory (`r/`, at most the
// `recorder` file) and modules made for this run only.
class PrivateDir {
public:
  static Expected<PrivateDir> create(const std::vector<std::string> &granted) {
    std::vector<std::string> grants;
    for (const std::string &g : granted)
      if (std::string r = realPath(g); !r.empty())
        grants.push_back(r);
    std::vector<std::string> candidates;
    if (std::optional<std::string> t = sys::Process::GetEnv("TMPDIR"); t && !t->empty())
      candidates.push_back(*t);
    for (const char *c : {"/tmp", "/var/tmp", "/dev/shm"})
      candidates.push_back(c);
    std::string tried;
    for (const std::string &c : candidates) {
      std::string real = realPath(c);
      if (real.empty())
        continue;
      if (any_of(grants, [&](const std::string &g) { return isUnder(real, g); })) {
        tried += (tried.empty() ? "" : ", ") + c;
        continue;
      }
      std::string tmpl = real + "/wrr-XXXXXX";
      if (!::mkdtemp(tmpl.data()))
        continue;
      PrivateDir dir(tmpl);
      if (::mkdir(dir.placeholder().c_str(), 0700) != 0)
        return error("cannot make '" + dir.placeholder() + "': " + std::strerror(errno));
      return dir;
    }
    if (!tried.empty())
      return error("every place for wrr's private directory (" + tried +
                  ") is inside a granted --dir; set TMPDIR to a directory outside them");
    return error("cannot make a private directory in $TMPDIR, /tmp, /var/tmp or /dev/shm");
  }
  PrivateDir(PrivateDir &&o) : path_(std::move(o.path_)) { o.path_.clear(); }
  ~PrivateDir() {
    if (!path_.empty())
      sys::fs::remove_directories(path_);
  }
  const std::string &path() const { return path_; }
  std::string placeholder() const { return path_ + "/r"; }

private:
  explicit PrivateDir(std::string p) : path_(std::move(p)) {}
  std::string path_;
};

// ---- The trace's destination ------------------------------------------------

struct Destination {
  std::string path;   // as the user will see it
  std::string parent; // its directory ("." for a bare name)
  std::string name;   // its file name
};

// Where the trace goes, checked before anything runs: `-t DIR` (an
// existing directory) means DIR/<app>.wrr, as cp does.
Expected<Destination> destination(const std::string &input) {
  std::string path = TraceOut.empty() ? stem(input) + ".wrr" : TraceOut.getValue();
  bool dirGiven = !TraceOut.empty() && (StringRef(path).ends_with("/") || sys::fs::is_directory(path));
  if (dirGiven) {
    if (!sys::fs::is_directory(path))
      return error("cannot write the trace in '" + path + "': no such directory");
    path = (StringRef(path).rtrim('/') + "/" + stem(input) + ".wrr").str();
    if (path.front() == '/' && path[1] == '/')
      path.erase(0, 1);
  }
  Destination d;
  d.path = path;
  d.name = sys::path::filename(path).str();
  d.parent = sys::path::parent_path(path).str();
  if (d.parent.empty())
    d.parent = ".";
  auto refuse = [&](const Twine &why) {
    return error("cannot write the trace to '" + path + "': " + why);
  };
  struct stat st;
  if (::stat(d.parent.c_str(), &st) != 0)
    return refuse("'" + d.parent + "' " +
                  (errno == ENOENT ? StringRef("does not exist") : StringRef(std::strerror(errno))));
  if (!S_ISDIR(st.st_mode))
    return refuse("'" + d.parent + "' is not a directory");
  if (::access(d.parent.c_str(), W_OK | X_OK) != 0)
    return refuse("'" + d.parent + "' is not writable: " + std::strerror(errno));
  if (::lstat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode))
      return refuse("it is a directory");
    if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode))
      return refuse("it exists and is not a regular file");
  }
  struct statvfs vfs;
  if (::statvfs(d.parent.c_str(), &vfs) == 0) {
    uint64_t avail = uint64_t(vfs.f_bavail) * vfs.f_frsize;
    if (avail < (1u << 20))
      return refuse("only " + Twine(avail / 1024) + " KiB free there (wrr needs 1 MiB to start)");
  }
  return d;
}

// The trace file being recorded: anonymous (O_TMPFILE) in the destination's
// directory, so it is written on the destination's file system and put in
// place at the end by a link and a rename (never a copy across devices); a
// hidden named file there where the file system has no O_TMPFILE.
class TraceFile {
public:
  static Expected<TraceFile> create(const Destination &d) {
    TraceFile f(d);
    f.fd_ = ::open(d.parent.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (f.fd_ < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
      f.named_ = d.parent + "/." + d.name + ".wrr-XXXXXX";
      f.fd_ = ::mkostemp(f.named_.data(), O_CLOEXEC);
      if (f.fd_ < 0)
        f.named_.clear();
    }
    if (f.fd_ < 0)
      return error("cannot write the trace to '" + d.path + "': " + std::strerror(errno));
    return f;
  }
  TraceFile(TraceFile &&o) : dest_(o.dest_), fd_(o.fd_), named_(std::move(o.named_)) {
    o.fd_ = -1;
    o.named_.clear();
  }
  ~TraceFile() {
    if (fd_ >= 0)
      ::close(fd_);
    if (!named_.empty())
      ::unlink(named_.c_str());
  }
  int fd() const { return fd_; }
  // A path that opens this very file.
  std::string path() const {
    return named_.empty() ? "/proc/self/fd/" + std::to_string(fd_) : named_;
  }
  uint64_t size() const {
    struct stat st;
    return ::fstat(fd_, &st) == 0 ? uint64_t(st.st_size) : 0;
  }
  // Puts the file at the destination, replacing what is there.
  Error keep() {
    std::string tmp = named_;
    if (tmp.empty()) {
      for (int i = 0; tmp.empty() && i < 100; ++i) {
        std::string t = dest_.parent + "/." + dest_.name + ".wrr-" + std::to_string(::getpid()) +
                        "-" + std::to_string(i);
        std::string self = "/proc/self/fd/" + std::to_string(fd_);
        if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, t.c_str(), AT_SYMLINK_FOLLOW) == 0 ||
            ::linkat(fd_, "", AT_FDCWD, t.c_str(), AT_EMPTY_PATH) == 0)
          tmp = t;
        else if (errno != EEXIST)
          return error("cannot put the trace at '" + dest_.path + "': " + std::strerror(errno));
      }
    }
    if (::rename(tmp.c_str(), dest_.path.c_str()) != 0) {
      int e = errno;
      ::unlink(tmp.c_str());
      named_.clear();
      return error("cannot put the trace at '" + dest_.path + "': " + std::strerror(e));
    }
    named_.clear();
    return Error::success();
  }

private:
  explicit TraceFile(const Destination &d) : dest_(d) {}
  Destination dest_;
  int fd_ = -1;
  std::string named_; // the fallback's name, removed unless kept
};

// ---- Descriptors for the runner -------------------------------------------

struct ControlPipe {
  int read = -1, write = -1;
  ~ControlPipe() {
    if (read >= 0)
      ::close(read);
    if (write >= 0)
      ::close(write);
  }
};

Expected<std::unique_ptr<ControlPipe>> controlPipe() {
  auto p = std::make_unique<ControlPipe>();
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    return error(Twine("cannot make a pipe: ") + std::strerror(errno));
  p->read = fds[0];
  p->write = fds[1];
  // The runner polls it (a blocked read would hold up its exit).
  ::fcntl(p->read, F_SETFL, ::fcntl(p->read, F_GETFL) | O_NONBLOCK);
  return p;
}

// Node makes its stdio pipes non-blocking at start-up, and node:wasi then
// hands the program EAGAIN where a plain process would block. So the
// program gets its own blocking open of each pipe, at another descriptor
// number that Node leaves alone (the runner's --stdin/--stdout/--stderr).
// Returns {fd, its reopening} pairs; the caller closes the reopenings.
std::vector<std::pair<int, int>> blockingStdio(ChildIo &io) {
  std::vector<std::pair<int, int>> opened;
  for (int fd : {0, 1, 2}) {
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISFIFO(st.st_mode))
      continue;
    std::string self = "/proc/self/fd/" + std::to_string(fd);
    // O_NONBLOCK only to open (a FIFO's open waits for the other end).
    int mine = ::open(self.c_str(), (fd == 0 ? O_RDONLY : O_WRONLY) | O_NONBLOCK | O_CLOEXEC);
    if (mine < 0)
      continue;
    ::fcntl(mine, F_SETFL, ::fcntl(mine, F_GETFL) & ~O_NONBLOCK);
    io.inherit.push_back(mine);
    opened.push_back({fd, mine});
  }
  return opened;
}

// Runs the runner with the trace descriptor and the control pipe.
Expected<ChildResult> runRunner(std::vector<std::string> argv, int traceFd) {
  auto pipe = controlPipe();
  if (!pipe)
    return pipe.takeError();
  ChildIo io;
  io.controlFd = (*pipe)->write;
  io.inherit.push_back((*pipe)->read);
  // The runner's options go right after its script (node's own, such as
  // --inspect, come before it).
  auto afterScript = [&] {
    return std::find_if(argv.begin(), argv.end(),
                        [](const std::string &a) { return StringRef(a).ends_with(".mjs"); }) + 1;
  };
  if (Engine == "node")
    argv.insert(afterScript(), {"--control-fd", std::to_string((*pipe)->read)});
  if (traceFd >= 0) {
    io.inherit.push_back(traceFd);
    argv.insert(afterScript(), {"--trace-fd", std::to_string(traceFd)});
  }
  std::vector<std::pair<int, int>> stdio;
  if (Engine == "node") {
    stdio = blockingStdio(io);
    static const char *const kOption[] = {"--stdin", "--stdout", "--stderr"};
    for (auto [fd, mine] : stdio)
      argv.insert(argv.begin() + 3, {kOption[fd], std::to_string(mine)});
  }
  auto result = runChild(argv, io);
  for (auto [fd, mine] : stdio)
    ::close(mine);
  return result;
}

// ---- record -----------------------------------------------------------------

// How often the program was refused memory (--max-memory): the one thing
// after a recording that needs the events decoded (75 ns an event).
uint64_t refusedGrows(const std::string &path) {
  uint64_t n = 0;
  wrr::trace::Reader reader(path);
  wrr::trace::Event event;
  while (reader.ok() && reader.next(event))
    if (event.kind == wrr::trace::kMemoryGrow && event.errnoFlag)
      ++n;
  return n;
}

// "150 bytes", "231 KB", "7.0 MB", "1.2 GB".
std::string sizeText(uint64_t n) {
  char buf[32];
  if (n < 10000)
    return std::to_string(n) + (n == 1 ? " byte" : " bytes");
  if (n < 1000000)
    std::snprintf(buf, sizeof buf, "%.0f KB", n / 1e3);
  else if (n < 1000000000)
    std::snprintf(buf, sizeof buf, "%.1f MB", n / 1e6);
  else
    std::snprintf(buf, sizeof buf, "%.1f GB", n / 1e9);
  return buf;
}

// Refuses what the program must not be given, before anything runs.
Error checkGrants() {
  for (const std::string &d : Dirs) {
    StringRef host = StringRef(d).split("::").first;
    StringRef guest = d.find("::") == std::string::npos ? host : StringRef(d).split("::").second;
    StringRef g = guest.ltrim('/');
    while (g.consume_front("./"))
      g = g.ltrim('/');
    if (g == ".wrr" || g.starts_with(".wrr/"))
      return error("--dir " + d + ": guest paths under /.wrr are wrr's own");
  }
  for (const std::string &e : Envs)
    if (e.find('=') == std::string::npos && !sys::Process::GetEnv(e))
      return error("--env " + e + ": " + e + " is not set here (give --env " + e + "=VALUE)");
  return Error::success();
}

std::string plural(uint64_t n, StringRef what) {
  return std::to_string(n) + " " + what.str() + (n == 1 ? "" : "s");
}

Expected<int> record() {
  if (Error e = checkEngine(/*allowAll=*/false))
    return e;
  if (Engine != "node" && !Dirs.empty())
    return error("--dir is only supported on the node engine");
  if (Engine != "node" && !MaxMemory.empty())
    return error("--max-memory is only supported on the node engine");
  // The other engines' runners hold the trace in memory until the run ends.
  if (Engine != "node" && Sync)
    return error("--sync is only supported on the node engine");
  if (Error e = checkGrants())
    return e;
  const std::string &input = RecordPositionals.front();
  std::optional<uint64_t> memoryPages;
  if (!MaxMemory.empty()) {
    auto pages = parseSize(MaxMemory);
    if (!pages)
      return pages.takeError();
    memoryPages = *pages;
  }
  auto dest = destination(input);
  if (!dest)
    return dest.takeError();
  std::vector<std::string> granted;
  for (const std::string &d : Dirs)
    granted.push_back(StringRef(d).split("::").first.str());
  auto work = PrivateDir::create(granted);
  if (!work)
    return work.takeError();
  auto node = findNode();
  if (!node)
    return node.takeError();
  auto module = prepareModule(input, BufferPages, work->path(), cacheDenied(granted));
  if (!module)
    return module.takeError();
  std::string runPath = module->path;
  if (memoryPages) {
    auto bytes = readFile(module->path, "module");
    if (!bytes)
      return bytes.takeError();
    // The runtime reserves its pages on top of the program's.
    if (*memoryPages + module->bufferPages > 65536)
      return error("--max-memory must leave room for wrr's " +
                  Twine(module->bufferPages) + "-page log buffer");
    auto limited = wrr::limitMemoryMaximum(bytesOf((*bytes)->getBuffer()),
                                           *memoryPages, module->bufferPages);
    if (!limited)
      return error("--max-memory: " + toString(limited.takeError()));
    runPath = work->path() + "/" + stem(input) + ".limited.wasm";
    if (Error e = writeFile(runPath, *limited))
      return e;
  }
  auto trace = TraceFile::create(*dest);
  if (!trace)
    return trace.takeError();

  auto argv = runnerCommand({"--record", work->placeholder()});
  if (!argv)
    return argv.takeError();
  if (Sync)
    argv->push_back("--sync");
  for (const std::string &d : Dirs)
    argv->insert(argv->end(), {"--dir", d});
  for (const std::string &e : Envs)
    argv->insert(argv->end(), {"--env", e});
  // The program's name is the module as the user gave it, not the cache's.
  argv->insert(argv->end(), {"--argv0", input, runPath});
  argv->insert(argv->end(), RecordPositionals.begin() + 1, RecordPositionals.end());
  auto child = runRunner(*argv, trace->fd());
  if (!child)
    return child.takeError();
  int status = child->userSignal ? 128 + child->userSignal : child->status;

  if (trace->size() == 0) {
    errs() << "wrr: the run left no trace (it ended before the module started)\n";
    return status ? status : 1;
  }
  // A whole trace (every block verified, ending with the module's final
  // block) is kept as it is, without decoding its events; any other is
  // sealed, which counts exactly what was kept and lost.
  wrr::trace::BlockCheck check = wrr::trace::checkBlocks(trace->path());
  wrr::trace::SealResult seal;
  if (!check.complete) {
    seal = wrr::trace::sealTrace(trace->path());
    if (!seal.ok) {
      errs() << "wrr: no trace kept: " << seal.error << "\n";
      return status ? status : 1;
    }
  }
  if (Error e = trace->keep())
    return e;
  if (memoryPages)
    if (uint64_t refused = refusedGrows(dest->path))
      errs() << "wrr: the program asked for more than --max-memory " << MaxMemory
             << " and was refused " << refused << " time" << (refused == 1 ? "" : "s") << "\n";
  if (check.complete || seal.complete) {
    uint64_t bytes = check.complete ? check.bytes : trace->size();
    uint64_t blocks = check.complete ? check.blocks : seal.blocks;
    errs() << "wrr: trace written to " << dest->path << " (" << sizeText(bytes) << " in "
           << plural(blocks, "block") << ")\n";
    return status;
  }
  // Why the module could not end its trace.
  std::string why = child->killed ? "the runner was killed"
                    : child->status > 128 && child->status < 160
                        ? std::string("the runner died of signal ") + std::to_string(child->status - 128)
                        : "the module could not end it";
  errs() << "wrr: the trace was incomplete (" << why << "; " << seal.problem << "): sealed "
         << dest->path << " with " << plural(seal.events, "event") << " in "
         << plural(seal.blocks, "block");
  if (seal.addedStop)
    errs() << ", the last a stop event added by wrr";
  if (seal.bytesCut)
    errs() << "; cut " << plural(seal.bytesCut, "byte") << " holding no whole verified event";
  errs() << "; later events were lost\n";
  return status ? status : 1;
}

// ---- replay -----------------------------------------------------------------

// --stop-at and --extra-output reach the runtime as the file `options` in
// the reserved directory (docs/design.md): u64 LE event, u32 LE flags. Only
// node's runner preopens that directory as it is.
Error writeReplayOptions(const std::string &trace, const std::string &dir) {
  if (!StopAt && !ExtraOutput && !Inspect && !InspectBrk)
    return Error::success();
  if (Engine != "node")
    return error("--stop-at, --extra-output and --inspect are only supported on the node engine");
  if (StopAt) {
    wrr::trace::Reader events(trace);
    wrr::trace::Event e;
    uint64_t n = 0;
    while (events.next(e))
      ++n;
    if (events.ok() && StopAt > n)
      return error("--stop-at " + std::to_string(StopAt) + ": the trace has " + std::to_string(n) +
                  " events");
  }
  unsigned char bytes[12] = {};
  for (int i = 0; i < 8; ++i)
    bytes[i] = static_cast<unsigned char>(StopAt >> (8 * i));
  bytes[8] = (ExtraOutput ? 1 : 0) | (Inspect || InspectBrk ? 2 : 0);
  std::error_code ec;
  raw_fd_ostream out(dir + "/options", ec);
  if (ec)
    return error("cannot write '" + dir + "/options': " + ec.message());
  out.write(reinterpret_cast<const char *>(bytes), sizeof bytes);
  return Error::success();
}

Expected<int> replay() {
  if (Error e = checkEngine(/*allowAll=*/true))
    return e;
  if (ReplayPositionals.size() > 2)
    return error("replay takes a module and a trace, not program arguments (they come from the trace)");
  const std::string &input = ReplayPositionals[0];
  std::string trace = ReplayPositionals.size() > 1 ? ReplayPositionals[1] : stem(input) + ".wrr";
  if (!sys::fs::exists(input))
    return error("cannot read module '" + input + "': no such file");
  if (!sys::fs::exists(trace))
    return error("cannot read trace '" + trace + "': no such file");
  // The runner reads the trace through this descriptor: it is never linked
  // or copied anywhere a program could reach it.
  int traceFd = ::open(trace.c_str(), O_RDONLY | O_CLOEXEC);
  if (traceFd < 0)
    return error("cannot read trace '" + trace + "': " + std::strerror(errno));
  auto closeTrace = make_scope_exit([&] { ::close(traceFd); });
  wrr::trace::Reader reader(trace);
  if (!reader.ok()) {
    errs() << "wrr: error: '" << trace << "' is not a usable trace: " << reader.error() << "\n";
    return wrr::trace::kExitTraceError;
  }
  auto work = PrivateDir::create({});
  if (!work)
    return work.takeError();
  auto node = findNode();
  if (!node)
    return node.takeError();
  // A buffer as large as the recording's: a block holds up to one.
  unsigned pages = std::max<unsigned>(wrr::InstrumentOptions{}.bufferPages,
                                      reader.header().bufferPages);
  std::optional<wrr::ModuleId> identity;
  if (ChangedBuild)
    identity = reader.header().moduleHash;
  auto module = prepareModule(input, pages, work->path(), "", identity);
  if (!module)
    return module.takeError();
  std::string recorded = wrr::toHex(reader.header().moduleHash);
  if (!module->id.empty() && recorded != module->id) {
    // A damaged header also names another module: its first block's chain
    // (which covers the header) tells the two apart.
    wrr::trace::Event first;
    if (!reader.next(first) && !reader.ok()) {
      errs() << "wrr: error: '" << trace << "' is damaged (" << reader.error()
             << "; its header was altered)\n";
      return wrr::trace::kExitTraceError;
    }
    errs() << "wrr: error: '" << trace << "' was recorded from another module (trace "
           << recorded << ", module " << module->id << ")\n";
    return wrr::trace::kExitTraceError;
  }
  if (Error e = writeReplayOptions(trace, work->placeholder()))
    return e;
  auto argv = runnerCommand({"--replay", work->placeholder()});
  if (!argv)
    return argv.takeError();
  if (Inspect || InspectBrk)
    argv->insert(argv->begin() + 1, std::string(InspectBrk ? "--inspect-brk" : "--inspect") +
                                        "=127.0.0.1:" + std::to_string(InspectPort));
  argv->push_back(module->path);
  auto child = runRunner(*argv, traceFd);
  if (!child)
    return child.takeError();
  return child->userSignal ? 128 + child->userSignal : child->status;
}

// ---- serve ------------------------------------------------------------------

Expected<int> serve() {
  auto node = findNode();
  if (!node)
    return node.takeError();
  std::vector<std::string> argv = {*node, runnerPath("host/serve.mjs"), "--port",
                                   std::to_string(Port)};
  // The page's trace viewer runs wrr-trace: this build's, beside wrr, so the
  // server never guesses (PATH, another build).
  SmallString<256> tool(sys::path::parent_path(
      sys::fs::getMainExecutable(nullptr, reinterpret_cast<void *>(&instrumenterId))));
  sys::path::append(tool, "wrr-trace");
  if (sys::fs::can_execute(tool))
    argv.insert(argv.end(), {"--wrr-trace", std::string(tool)});
  auto child = runChild(argv);
  if (!child)
    return child.takeError();
  return child->status;
}

void printVersion(raw_ostream &OS) { OS << "wrr " << WRR_VERSION << "\n"; }

} // namespace

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  ExitOnError ExitOnErr("wrr: error: ");
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter(printVersion);
  cl::ParseCommandLineOptions(argc, argv, Overview);
  // A runner that died must not take wrr with it (the control pipe).
  ::signal(SIGPIPE, SIG_IGN);
  // Signals wait until the run can be stopped cleanly (runChild).
  sigset_t stops;
  sigemptyset(&stops);
  for (int sig : {SIGINT, SIGTERM, SIGHUP})
    sigaddset(&stops, sig);
  if (Record || Replay)
    sigprocmask(SIG_BLOCK, &stops, nullptr);
  if (Record)
    return ExitOnErr(record());
  if (Replay)
    return ExitOnErr(replay());
  if (Serve)
    return ExitOnErr(serve());
  errs() << "wrr: error: give a command: record, replay or serve (see wrr --help)\n";
  return 2;
}
