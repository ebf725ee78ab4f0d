//===- wrr.cpp - record and replay WASI programs from the command line ----===//
//
//   wrr record app.wasm [-t TRACE] [--dir HOST[::GUEST]]... [--env NAME[=VALUE]]...
//                       [--timeout S] [--max-memory SIZE] [-- ARGS...]
//   wrr replay app.wasm [TRACE] [--engine node|chromium|firefox|jsc|all]
//   wrr serve [--port N]
//
// Instruments in process (passes/instrument.h, cached by the module's
// SHA-256), then hands the module to a JavaScript runner (runner/): Node's
// node:wasi for node, runner/host/engines.mjs for the other engines.
//
//===----------------------------------------------------------------------===//

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
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <optional>
#include <string>
#include <vector>

#include "passes/instrument.h"
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
cl::opt<unsigned> BufferPages("buffer-pages",
                              cl::desc("64 KiB pages for the log buffer when instrumenting"),
                              cl::init(wrr::InstrumentOptions{}.bufferPages), cl::sub(Record),
                              cl::cat(Category));

cl::list<std::string> ReplayPositionals(cl::Positional, cl::OneOrMore,
                                        cl::desc("<app.wasm> [trace]"), cl::sub(Replay),
                                        cl::cat(Category));

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
  wrr serve [--port N]

The module may be plain or already instrumented; plain modules are
instrumented once and cached by their SHA-256 under $XDG_CACHE_HOME/wrr
(or ~/.cache/wrr). The program sees only the directories and variables
granted. The default trace is <app>.wrr in the current directory.
)";

const std::vector<std::string> kEngines = {"node", "chromium", "firefox", "jsc"};
constexpr uint64_t kPageSize = 65536;

// ---- Small helpers ----------------------------------------------------------

Error fail(const Twine &message) { return createStringError(inconvertibleErrorCode(), message); }

Expected<std::unique_ptr<MemoryBuffer>> readFile(const std::string &path, StringRef what) {
  auto buffer = MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (std::error_code EC = buffer.getError())
    return fail("cannot read " + what + " '" + path + "': " + EC.message());
  return std::move(*buffer);
}

std::span<const uint8_t> bytesOf(StringRef s) {
  return {reinterpret_cast<const uint8_t *>(s.data()), s.size()};
}

Error writeFile(const std::string &path, std::span<const uint8_t> bytes) {
  std::error_code EC;
  raw_fd_ostream out(path, EC, sys::fs::OF_None);
  if (EC)
    return fail("cannot write '" + path + "': " + EC.message());
  out.write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
  out.close();
  if (out.has_error())
    return fail("cannot write '" + path + "': " + out.error().message());
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
    return fail("--max-memory needs a size such as 64M, not '" + text + "'");
  std::string u = text.drop_front(digits.size()).lower();
  uint64_t scale = 1;
  if (u == "k" || u == "kb" || u == "kib")
    scale = 1ull << 10;
  else if (u == "m" || u == "mb" || u == "mib")
    scale = 1ull << 20;
  else if (u == "g" || u == "gb" || u == "gib")
    scale = 1ull << 30;
  else if (!u.empty())
    return fail("--max-memory needs a size such as 64M, not '" + text + "'");
  uint64_t pages = (n * scale + kPageSize - 1) / kPageSize;
  if (pages == 0 || pages > 65536)
    return fail("--max-memory must be between 64K and 4G");
  return pages;
}

// ---- The module -------------------------------------------------------------

struct Module {
  std::string path;    // the instrumented module on disk
  std::string id;      // identity (hex) its traces carry
  uint64_t bufferPages = 0;
};

// Identifies this build of the instrumenter, so a rebuilt wrr never reuses
// another build's cached output: a hash of the running executable.
std::string instrumenterId() {
  std::string self = sys::fs::getMainExecutable(nullptr, reinterpret_cast<void *>(&instrumenterId));
  auto bytes = MemoryBuffer::getFile(self, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!bytes)
    return wrr::wrrVersion();
  return wrr::toHex(wrr::moduleId(bytesOf((*bytes)->getBuffer()))).substr(0, 16);
}

std::string cacheDir() {
  if (std::optional<std::string> xdg = sys::Process::GetEnv("XDG_CACHE_HOME"); xdg && !xdg->empty())
    return *xdg + "/wrr";
  SmallString<128> home;
  if (!sys::path::home_directory(home))
    return "";
  return std::string(home) + "/.cache/wrr";
}

// Writes `bytes` to `path` through a temporary file, so a concurrent run
// never sees half a module.
Error writeAtomically(const std::string &path, std::span<const uint8_t> bytes) {
  std::string tmp = path + ".tmp" + std::to_string(::getpid());
  if (Error e = writeFile(tmp, bytes))
    return e;
  if (std::error_code EC = sys::fs::rename(tmp, path)) {
    sys::fs::remove(tmp);
    return fail("cannot write '" + path + "': " + EC.message());
  }
  return Error::success();
}

// The instrumented module for `path`: the file itself if it is instrumented,
// else the cached instrumentation (made now if missing). `scratch` is where
// to put it when there is no cache.
Expected<Module> prepareModule(const std::string &path, unsigned bufferPages,
                               const std::string &scratch) {
  auto input = readFile(path, "module");
  if (!input)
    return input.takeError();
  StringRef bytes = (*input)->getBuffer();
  if (std::optional<wrr::InstrumentedMarker> marker = wrr::instrumentedMarker(bytesOf(bytes))) {
    if (Verbose)
      errs() << "wrr: " << path << " is already instrumented\n";
    return Module{path, wrr::toHex(marker->identity), marker->bufferPages};
  }
  std::string key = wrr::toHex(wrr::moduleId(bytesOf(bytes))) + "-" + instrumenterId() +
                    "-b" + std::to_string(bufferPages) + ".wasm";
  std::string dir = cacheDir();
  std::string cached = dir.empty() ? "" : dir + "/" + key;
  if (!cached.empty() && sys::fs::exists(cached)) {
    if (Verbose)
      errs() << "wrr: using the cached instrumentation " << cached << "\n";
  } else {
    if (Verbose)
      errs() << "wrr: instrumenting " << path << "\n";
    wrr::InstrumentOptions options;
    options.bufferPages = bufferPages;
    auto out = wrr::instrumentModule(bytesOf(bytes), options);
    if (!out)
      return out.takeError();
    if (!wrr::instrumentedMarker(*out))
      return fail("'" + path + "' imports no WASI functions: there is nothing to record");
    // Without a writable cache the module is instrumented for this run only.
    if (cached.empty() || sys::fs::create_directories(dir) ||
        errorToBool(writeAtomically(cached, *out))) {
      cached = scratch + "/" + key;
      if (Error e = writeFile(cached, *out))
        return e;
    }
  }
  auto instrumented = readFile(cached, "module");
  if (!instrumented)
    return instrumented.takeError();
  std::optional<wrr::InstrumentedMarker> marker =
      wrr::instrumentedMarker(bytesOf((*instrumented)->getBuffer()));
  if (!marker)
    return fail("'" + cached + "' is not an instrumented module");
  return Module{cached, wrr::toHex(marker->identity), marker->bufferPages};
}

// ---- Running ----------------------------------------------------------------

std::string runnerPath(StringRef rel) { return std::string(WRR_RUNNER_DIR) + "/" + rel.str(); }

Expected<std::string> findNode() {
  ErrorOr<std::string> node = sys::findProgramByName("node");
  if (!node)
    return fail("node is not on PATH (install Debian's nodejs package)");
  return *node;
}

pid_t gChild = 0;

// SIGTERM for wrr is SIGTERM for the run.
void forwardTerm(int sig) {
  if (gChild > 0)
    ::kill(gChild, sig);
}

// Runs argv with this process's stdin, stdout and stderr; returns its exit
// status (128 + signal when killed). Ctrl-C reaches the child (it is in the
// terminal's process group); wrr waits for it and still reports on the
// trace.
Expected<int> runChild(const std::vector<std::string> &argv) {
  std::vector<char *> args;
  for (const std::string &a : argv)
    args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  if (int rc = posix_spawn(&gChild, args[0], nullptr, nullptr, args.data(), environ))
    return fail("cannot run '" + argv[0] + "': " + std::strerror(rc));
  struct sigaction ignore = {}, forward = {}, oldInt = {}, oldTerm = {};
  ignore.sa_handler = SIG_IGN;
  forward.sa_handler = forwardTerm;
  sigaction(SIGINT, &ignore, &oldInt);
  sigaction(SIGTERM, &forward, &oldTerm);
  int status = 0;
  while (waitpid(gChild, &status, 0) < 0 && errno == EINTR) {
  }
  gChild = 0;
  sigaction(SIGINT, &oldInt, nullptr);
  sigaction(SIGTERM, &oldTerm, nullptr);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

bool knownEngine(StringRef name, bool allowAll) {
  return (allowAll && name == "all") || is_contained(kEngines, name.str());
}

Error checkEngine(bool allowAll) {
  if (knownEngine(Engine, allowAll))
    return Error::success();
  return fail("unknown engine '" + Engine + "' (choose " + join(kEngines, ", ") +
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

class TempDir {
public:
  static Expected<TempDir> create(StringRef near) {
    SmallString<128> path(near.empty() ? "." : near);
    sys::path::append(path, ".wrr-%%%%%%");
    if (std::error_code EC = sys::fs::createUniqueDirectory(path, path))
      return fail("cannot make a directory for the trace in '" + near + "': " + EC.message());
    return TempDir(std::string(path));
  }
  TempDir(TempDir &&o) : path_(std::move(o.path_)) { o.path_.clear(); }
  ~TempDir() {
    if (!path_.empty())
      sys::fs::remove_directories(path_);
  }
  const std::string &path() const { return path_; }

private:
  explicit TempDir(std::string p) : path_(std::move(p)) {}
  std::string path_;
};

// ---- record -----------------------------------------------------------------

struct TraceSummary {
  uint64_t events = 0;
  uint64_t refusedGrows = 0;
  std::string problem; // why the trace is incomplete, if it is
};

TraceSummary summarize(const std::string &path) {
  TraceSummary s;
  wrr::trace::Reader reader(path);
  wrr::trace::Event event;
  while (reader.ok() && reader.next(event)) {
    ++s.events;
    if (event.kind == wrr::trace::kMemoryGrow && event.errnoFlag)
      ++s.refusedGrows;
  }
  if (!reader.ok())
    s.problem = reader.error();
  return s;
}

Expected<int> record() {
  if (Error e = checkEngine(/*allowAll=*/false))
    return e;
  if (Engine != "node" && !Dirs.empty())
    return fail("--dir is only supported on the node engine");
  if (Engine != "node" && !MaxMemory.empty())
    return fail("--max-memory is only supported on the node engine");
  const std::string &input = RecordPositionals.front();
  std::string tracePath = TraceOut.empty() ? stem(input) + ".wrr" : TraceOut.getValue();
  SmallString<128> traceParent(tracePath);
  sys::path::remove_filename(traceParent);
  auto work = TempDir::create(traceParent);
  if (!work)
    return work.takeError();
  auto module = prepareModule(input, BufferPages, work->path());
  if (!module)
    return module.takeError();
  std::string runPath = module->path;
  std::optional<uint64_t> memoryPages;
  if (!MaxMemory.empty()) {
    auto pages = parseSize(MaxMemory);
    if (!pages)
      return pages.takeError();
    memoryPages = *pages;
    auto bytes = readFile(module->path, "module");
    if (!bytes)
      return bytes.takeError();
    // The runtime reserves its pages on top of the program's.
    if (*pages + module->bufferPages > 65536)
      return fail("--max-memory must leave room for wrr's " +
                  Twine(module->bufferPages) + "-page log buffer");
    auto limited = wrr::limitMemoryMaximum(bytesOf((*bytes)->getBuffer()),
                                           *pages, module->bufferPages);
    if (!limited)
      return fail("--max-memory: " + toString(limited.takeError()));
    runPath = work->path() + "/" + stem(input) + ".limited.wasm";
    if (Error e = writeFile(runPath, *limited))
      return e;
  }
  std::string traceDir = work->path() + "/trace";
  if (std::error_code EC = sys::fs::create_directory(traceDir))
    return fail("cannot make '" + traceDir + "': " + EC.message());

  auto argv = runnerCommand({"--record", traceDir});
  if (!argv)
    return argv.takeError();
  for (const std::string &d : Dirs)
    argv->insert(argv->end(), {"--dir", d});
  for (const std::string &e : Envs)
    argv->insert(argv->end(), {"--env", e});
  // The program's name is the module as the user gave it, not the cache's.
  argv->insert(argv->end(), {"--argv0", input, runPath});
  argv->insert(argv->end(), RecordPositionals.begin() + 1, RecordPositionals.end());
  auto status = runChild(*argv);
  if (!status)
    return status.takeError();

  std::string written = traceDir + "/trace.wrr";
  if (!sys::fs::exists(written)) {
    errs() << "wrr: the run left no trace (it ended before the module started)\n";
    return *status ? *status : 1;
  }
  if (std::error_code EC = sys::fs::rename(written, tracePath))
    return fail("cannot move the trace to '" + tracePath + "': " + EC.message());
  TraceSummary s = summarize(tracePath);
  if (s.refusedGrows && memoryPages)
    errs() << "wrr: the program asked for more than --max-memory " << MaxMemory
           << " and was refused " << s.refusedGrows << " time"
           << (s.refusedGrows == 1 ? "" : "s") << "\n";
  errs() << "wrr: trace written to " << tracePath << " (" << s.events << " event"
         << (s.events == 1 ? "" : "s");
  if (!s.problem.empty())
    errs() << "; incomplete: " << s.problem;
  errs() << ")\n";
  return *status;
}

// ---- replay -----------------------------------------------------------------

// Hands the runner a directory holding only trace.wrr: a link to the trace
// where possible, else a copy.
Error stageTrace(const std::string &trace, const std::string &dir) {
  std::string target = dir + "/trace.wrr";
  if (!sys::fs::create_hard_link(trace, target))
    return Error::success();
  if (std::error_code EC = sys::fs::copy_file(trace, target))
    return fail("cannot copy the trace '" + trace + "': " + EC.message());
  return Error::success();
}

Expected<int> replay() {
  if (Error e = checkEngine(/*allowAll=*/true))
    return e;
  if (ReplayPositionals.size() > 2)
    return fail("replay takes a module and a trace, not program arguments (they come from the trace)");
  const std::string &input = ReplayPositionals[0];
  std::string trace = ReplayPositionals.size() > 1 ? ReplayPositionals[1] : stem(input) + ".wrr";
  if (!sys::fs::exists(input))
    return fail("cannot read module '" + input + "': no such file");
  if (!sys::fs::exists(trace))
    return fail("cannot read trace '" + trace + "': no such file");
  wrr::trace::Reader reader(trace);
  if (!reader.ok()) {
    errs() << "wrr: error: '" << trace << "' is not a usable trace: " << reader.error() << "\n";
    return wrr::trace::kExitTraceError;
  }
  SmallString<128> tmp;
  sys::path::system_temp_directory(/*ErasedOnReboot=*/true, tmp);
  auto work = TempDir::create(tmp);
  if (!work)
    return work.takeError();
  auto module = prepareModule(input, wrr::InstrumentOptions{}.bufferPages, work->path());
  if (!module)
    return module.takeError();
  std::string recorded = wrr::toHex(reader.header().moduleHash);
  if (!module->id.empty() && recorded != module->id) {
    errs() << "wrr: error: '" << trace << "' was recorded from another module (trace "
           << StringRef(recorded).take_front(16) << ", module "
           << StringRef(module->id).take_front(16) << ")\n";
    return wrr::trace::kExitTraceError;
  }
  std::string traceDir = work->path() + "/trace";
  if (std::error_code EC = sys::fs::create_directory(traceDir))
    return fail("cannot make '" + traceDir + "': " + EC.message());
  if (Error e = stageTrace(trace, traceDir))
    return e;
  auto argv = runnerCommand({"--replay", traceDir});
  if (!argv)
    return argv.takeError();
  argv->push_back(module->path);
  return runChild(*argv);
}

// ---- serve ------------------------------------------------------------------

Expected<int> serve() {
  auto node = findNode();
  if (!node)
    return node.takeError();
  return runChild({*node, runnerPath("host/serve.mjs"), "--port", std::to_string(Port)});
}

void printVersion(raw_ostream &OS) { OS << "wrr " << wrr::wrrVersion() << "\n"; }

} // namespace

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  ExitOnError ExitOnErr("wrr: error: ");
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter(printVersion);
  cl::ParseCommandLineOptions(argc, argv, Overview);
  if (Record)
    return ExitOnErr(record());
  if (Replay)
    return ExitOnErr(replay());
  if (Serve)
    return ExitOnErr(serve());
  errs() << "wrr: error: give a command: record, replay or serve (see wrr --help)\n";
  return 2;
}
