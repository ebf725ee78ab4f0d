//===- wrr.cpp - record and replay WASI programs from the command line ----===//
//
//   wrr record app.wasm [-t TRACE] [--dir HOST[::GUEST]]... [--env NAME[=VALUE]]...
//                       [--timeout S] [--max-memory SIZE] [--sync] [--host HOST.mjs]
//                       [-- ARGS...]
//   wrr replay app.wasm [TRACE] [--engine node|chromium|firefox|jsc|all]
//   wrr serve [--port N]
//
// Instruments with the sibling wrr-instrument (cached by the module's
// SHA-256), then hands the module to a JavaScript runner (runner/): Node's
// node:wasi for node, runner/host/engines.mjs for the other engines. wrr
// itself does not link Binaryen: a cached run never loads it.
//
// This file is the command line: options, record, replay, serve. The parts
// they use are in tools/wrr/ (wrr.h says which file holds what).
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
#include "tools/output_file.h"
#include "tools/wrr/wrr.h"

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
cl::opt<std::string> HostFile("host",
                             cl::desc("A host program that drives the module (a reactor or plugin): an "
                                      "ES module exporting imports(importObject) and async "
                                      "main(instance); node engine only. The replay needs no host"),
                             cl::value_desc("HOST.mjs"), cl::sub(Record), cl::cat(Category));
// Known to replay only so that it gets a line of its own: llvm::cl would
// read an unknown --host as -h, the help.
cl::opt<std::string> ReplayHostFile("host", cl::Hidden, cl::sub(Replay));
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

  wrr record app.wasm [-t TRACE] [--dir HOST[::GUEST]]... [--env NAME[=VALUE]]... \
                      [--timeout S] [--max-memory SIZE] [--sync] [--buffer-pages N] \
                      [--engine E] [--host HOST.mjs] [-- ARGS...]
  wrr replay app.wasm [TRACE] [--engine node|chromium|firefox|jsc|all] [--timeout S]
  wrr replay rebuilt.wasm TRACE [--changed-build] [--extra-output] [--stop-at N] \
                      [--inspect | --inspect-brk] [--inspect-port P]
  wrr serve [--port N]

The module may be plain or already instrumented; plain modules are
instrumented once and cached by their SHA-256 under $XDG_CACHE_HOME/wrr
(or ~/.cache/wrr). The program sees only the directories and variables
granted. The default trace is <app>.wrr in the current directory.

A module that a host program drives (a reactor or plugin: exports called
from JavaScript, imports from outside WASI) records with --host HOST.mjs,
an ES module exporting imports(importObject) and async main(instance) that
calls the exports (node engine only). Its replay needs no host, on every
engine: the trace holds every call, import result and memory write.

Debugging a recorded run: --changed-build replays the trace against another
build of its program and says where the two part; --extra-output lets that
build's new prints to stdout and stderr through; --stop-at N stops after
event N (as wrr-trace dump numbers them; exit status 119); --inspect and
--inspect-brk run the replay under Node's inspector (Chrome DevTools, VS
Code), pausing at --stop-at's event. All but --changed-build need the node
engine. See wrr replay --help, and README.md's worked example.
)";

const std::vector<std::string> kEngines = {"node", "chromium", "firefox", "jsc"};
constexpr uint64_t kPageSize = 65536;

} // namespace

// ---- Small helpers ----------------------------------------------------------

namespace wrr::cli {

Expected<std::unique_ptr<MemoryBuffer>> readFile(const std::string &path, StringRef what) {
  auto buffer = MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (std::error_code EC = buffer.getError())
    return error("cannot read " + what + " '" + path + "': " + EC.message());
  return std::move(*buffer);
}

std::span<const uint8_t> bytesOf(StringRef s) {
  return {reinterpret_cast<const uint8_t *>(s.data()), s.size()};
}

std::string stem(StringRef module) {
  StringRef name = sys::path::filename(module);
  name.consume_back(".wasm");
  name.consume_back(".rr");
  return name.str();
}

} // namespace wrr::cli

namespace {

using namespace wrr::cli;
using wrr::error;

Error writeFile(const std::string &path, std::span<const uint8_t> bytes) {
  return wrr::writeOutputFile(path, [&](raw_ostream &os) {
    os.write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
    return Error::success();
  });
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

// ---- Running ----------------------------------------------------------------

std::string runnerPath(StringRef rel) { return std::string(WRR_RUNNER_DIR) + "/" + rel.str(); }

Expected<std::string> findNode() {
  ErrorOr<std::string> node = sys::findProgramByName("node");
  if (!node)
    return error("node is not on PATH (install Debian's nodejs package)");
  return *node;
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

// The runner's command line: node's own runner for node (its CommonJS
// bundle, runner/CMakeLists.txt), the engine host for the others.
// `modeArgs` is {"--record"|"--replay", DIR}.
Expected<std::vector<std::string>> runnerCommand(const std::vector<std::string> &modeArgs) {
  auto node = findNode();
  if (!node)
    return node.takeError();
  std::vector<std::string> argv = {*node, "--no-warnings"};
  if (Engine == "node") {
    argv.push_back(WRR_NODE_RUNNER);
  } else {
    argv.insert(argv.end(), {runnerPath("host/engines.mjs"), "--engine", Engine});
  }
  argv.insert(argv.end(), modeArgs.begin(), modeArgs.end());
  if (Timeout)
    argv.insert(argv.end(), {"--timeout", std::to_string(Timeout)});
  return argv;
}

Expected<ChildResult> runRunner(std::vector<std::string> argv, int traceFd,
                                std::function<bool()> whileRunning = {}) {
  auto pipe = controlPipe();
  if (!pipe)
    return pipe.takeError();
  ChildIo io;
  io.whileRunning = std::move(whileRunning);
  io.controlFd = (*pipe)->write;
  io.inherit.push_back((*pipe)->read);
  // The runner's options go right after its script, as runnerCommand names
  // it (node's own options, such as --inspect, come before it).
  const std::string engineHost = runnerPath("host/engines.mjs");
  auto script = std::find_if(argv.begin(), argv.end(), [&](const std::string &a) {
    return a == WRR_NODE_RUNNER || a == engineHost;
  });
  if (script == argv.end())
    return error("internal error: the runner's command names no script");
  const size_t scriptIndex = script - argv.begin();
  auto afterScript = [&] { return argv.begin() + scriptIndex + 1; };
  if (Engine == "node") {
    argv.insert(afterScript(), {"--control-fd", std::to_string((*pipe)->read)});
    // Node on glibc's malloc with transparent huge pages: Node copies a
    // module it loads through malloc, and on 4 KiB pages every first touch
    // is a page fault (flite's 21.5 MB replayed in 0.74x the time with it;
    // docs/performance.md, "Node on huge pages"). The user's own tunables
    // come after, so theirs win, and the runner gives their value back
    // (--restore-env, ahead of every --env) before a host or the program
    // sees the environment.
    const char *user = std::getenv("GLIBC_TUNABLES");
    std::string tunables = "glibc.malloc.hugetlb=1";
    if (user && *user)
      tunables += std::string(":") + user;
    io.env.push_back("GLIBC_TUNABLES=" + tunables);
    argv.insert(afterScript(), {"--restore-env", user ? std::string("GLIBC_TUNABLES=") + user
                                                      : std::string("GLIBC_TUNABLES")});
  }
  if (traceFd >= 0) {
    io.inherit.push_back(traceFd);
    argv.insert(afterScript(), {"--trace-fd", std::to_string(traceFd)});
  }
  std::vector<std::pair<int, int>> stdio;
  if (Engine == "node") {
    stdio = blockingStdio(io);
    static const char *const kOption[] = {"--stdin", "--stdout", "--stderr"};
    for (auto [fd, mine] : stdio)
      argv.insert(afterScript(), {kOption[fd], std::to_string(mine)});
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
  // Browsers and jsc cannot load the user's ES module beside the program;
  // what it did replays there all the same.
  if (Engine != "node" && !HostFile.empty())
    return error("--host records on the node engine only (the trace then replays on every engine)");
  std::string hostPath;
  if (!HostFile.empty()) {
    SmallString<256> abs(HostFile);
    if (std::error_code EC = sys::fs::make_absolute(abs))
      return error("cannot read the host '" + HostFile + "': " + EC.message());
    if (!sys::fs::is_regular_file(abs) || ::access(abs.c_str(), R_OK) != 0)
      return error("cannot read the host '" + HostFile + "': " +
                  (sys::fs::exists(abs) ? "not a readable file" : "no such file"));
    hostPath = abs.str().str();
  }
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
  auto dest = destination(input, TraceOut);
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
  auto module = prepareModule(input, BufferPages, work->path(), Verbose, cacheDenied(granted),
                              std::nullopt, /*hosted=*/!hostPath.empty());
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
  if (!hostPath.empty())
    argv->insert(argv->end(), {"--host", hostPath});
  // The program's name is the module as the user gave it, not the cache's.
  argv->insert(argv->end(), {"--argv0", input, runPath});
  argv->insert(argv->end(), RecordPositionals.begin() + 1, RecordPositionals.end());
  // The blocks are checked as the recorder writes them, on wrr's own core,
  // so that little is left to read and hash when the run ends.
  wrr::trace::BlockScanner scanner;
  uint64_t scanned = 0;
  auto child = runRunner(*argv, trace->fd(), [&] {
    uint64_t size = trace->size();
    if (size == scanned)
      return false;
    scanner.advance(trace->fd(), size);
    scanned = size;
    return true;
  });
  if (!child)
    return child.takeError();
  int status = child->userSignal ? 128 + child->userSignal : child->status;

  uint64_t size = trace->size();
  if (size == 0) {
    errs() << "wrr: the run left no trace (it ended before the module started)\n";
    return status ? status : 1;
  }
  // A whole trace (every block verified, ending with the module's final
  // block) is kept as it is, without decoding its events; any other is
  // sealed, which counts exactly what was kept and lost.
  scanner.advance(trace->fd(), size);
  wrr::trace::BlockCheck check = scanner.check(size);
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
    // Counts up to N only: a stop early in a long trace decodes no more.
    wrr::trace::Reader events(trace);
    wrr::trace::Event e;
    uint64_t n = 0;
    while (n < StopAt && events.next(e))
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
  if (!ReplayHostFile.empty())
    return error("--host is for recording: a replay needs no host (the trace holds what it did)");
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
  // A module a host drove replays with no host: its imports from outside
  // WASI are answered from the trace.
  auto module = prepareModule(input, pages, work->path(), Verbose, "", identity, /*hosted=*/true);
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
  std::string tool = toolPath("wrr-trace");
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
