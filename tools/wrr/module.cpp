//===- wrr/module.cpp - the instrumented module and its cache -------------===//
//
// wrr instruments with the sibling wrr-instrument, run as a child on a cache
// miss (wrr itself does not link Binaryen: a cached run never loads it), and
// caches the output by the module's SHA-256 and the instrumenter's build.
//
//===----------------------------------------------------------------------===//

#include "tools/wrr/wrr.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <map>
#include <optional>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include "passes/error.h"
#include "rrlib/wasi_table.h"
#include "rrlib/wasm_sections.h"

extern char **environ;

using namespace llvm;

namespace wrr::cli {

std::string toolPath(StringRef name) {
  std::string self = sys::fs::getMainExecutable(nullptr, reinterpret_cast<void *>(&toolPath));
  return (sys::path::parent_path(self) + "/" + name).str();
}

namespace {

std::string instrumenterPath() { return toolPath("wrr-instrument"); }

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

} // namespace

std::string cacheDir() {
  if (std::optional<std::string> xdg = sys::Process::GetEnv("XDG_CACHE_HOME"); xdg && !xdg->empty())
    return *xdg + "/wrr";
  SmallString<128> home;
  if (!sys::path::home_directory(home))
    return "";
  return std::string(home) + "/.cache/wrr";
}

namespace {

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

// A module's identity is the SHA-256 of its bytes: reading and hashing the
// whole file on every run (16 ms of hash for flite's 21.5 MB, plus its page
// faults). The cache remembers it under the file's device and inode, with
// the size, mtime and ctime the file had; any change to a file sets its
// ctime, which no one can set back. It is remembered only for a file last
// changed over two seconds before it was read, so that a change within the
// clocks' granularity of the read cannot go unseen (git's index reasons the
// same way about racily clean files).
std::string stampOf(const struct stat &st) {
  return std::to_string(st.st_dev) + " " + std::to_string(st.st_ino) + " " +
         std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec) + " " + std::to_string(st.st_ctim.tv_sec) + "." +
         std::to_string(st.st_ctim.tv_nsec);
}

std::string idPath(const std::string &dir, const struct stat &st) {
  return dir + "/ids/" + std::to_string(st.st_dev) + "-" + std::to_string(st.st_ino);
}

std::optional<wrr::ModuleId> rememberedId(const std::string &dir, const struct stat &st) {
  std::string saved = readText(idPath(dir, st));
  StringRef text = StringRef(saved).rtrim("\n");
  auto [stamp, hex] = text.rsplit(' ');
  if (stamp != stampOf(st))
    return std::nullopt;
  return wrr::moduleIdFromHex(std::string_view(hex.data(), hex.size()));
}

void rememberId(const std::string &dir, const struct stat &st, const wrr::ModuleId &id) {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  if (now.tv_sec - std::max(st.st_mtim.tv_sec, st.st_ctim.tv_sec) < 2)
    return;
  if (sys::fs::create_directories(dir + "/ids"))
    return;
  std::string path = idPath(dir, st), tmp = path + ".tmp" + std::to_string(::getpid());
  std::error_code EC;
  {
    raw_fd_ostream out(tmp, EC);
    if (EC)
      return;
    out << stampOf(st) << " " << wrr::toHex(id) << "\n";
  }
  if (sys::fs::rename(tmp, path))
    sys::fs::remove(tmp);
}

// The identity of the module at `path`, read as `bytes`; `before` is the
// file's stat from before it was read.
wrr::ModuleId identityOf(const std::string &path, std::span<const uint8_t> bytes,
                         const std::string &dir, const std::optional<struct stat> &before,
                         bool verbose) {
  if (dir.empty() || !before)
    return wrr::moduleId(bytes);
  if (std::optional<wrr::ModuleId> id = rememberedId(dir, *before)) {
    if (verbose)
      errs() << "wrr: the identity of " << path << " is remembered from an earlier run\n";
    return *id;
  }
  wrr::ModuleId id = wrr::moduleId(bytes);
  struct stat after;
  if (::stat(path.c_str(), &after) == 0 && stampOf(after) == stampOf(*before))
    rememberId(dir, *before, id);
  return id;
}

// A module whose functions come from a host program besides WASI needs
// that program (--host): say so before spending time instrumenting it.
Error checkImports(const std::string &path, std::span<const uint8_t> bytes) {
  std::map<std::string_view, unsigned> others;
  unsigned total = 0;
  for (const wrr::FunctionImport &imp : wrr::functionImports(bytes))
    if (imp.module != wrr::kWasiModule && imp.module != wrr::kLegacyWasiModule) {
      ++others[imp.module];
      ++total;
    }
  if (others.empty())
    return Error::success();
  std::string from;
  for (auto [module, n] : others)
    from += (from.empty() ? "'" : ", '") + std::string(module) + "' (" + std::to_string(n) + ")";
  return error("'" + path + "' imports " + std::to_string(total) + " function" +
               (total == 1 ? "" : "s") + " from outside WASI: " + from +
               ": give the host program that provides them with --host HOST.mjs");
}

} // namespace

Expected<Module> prepareModule(const std::string &path, unsigned bufferPages,
                               const std::string &scratch, bool verbose, const std::string &denied,
                               std::optional<wrr::ModuleId> identity, bool hosted) {
  std::optional<struct stat> before;
  if (struct stat st; ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode))
    before = st;
  auto input = readFile(path, "module");
  if (!input)
    return input.takeError();
  StringRef bytes = (*input)->getBuffer();
  if (std::optional<wrr::InstrumentedMarker> marker = wrr::instrumentedMarker(bytesOf(bytes))) {
    if (identity && marker->identity != *identity)
      return error("'" + path + "' is already instrumented for another module; --changed-build "
                  "needs the plain build (it instruments it for the trace's identity)");
    if (verbose)
      errs() << "wrr: " << path << " is already instrumented\n";
    return Module{path, wrr::toHex(marker->identity), marker->bufferPages};
  }
  if (!hosted)
    if (Error e = checkImports(path, bytesOf(bytes)))
      return e;
  std::string dir = denied.empty() ? cacheDir() : "";
  if (!denied.empty() && verbose)
    errs() << "wrr: not using the instrumentation cache: " << denied << "\n";
  std::string key = wrr::toHex(identityOf(path, bytesOf(bytes), dir, before, verbose)) + "-" +
                    instrumenterId() + "-b" + std::to_string(bufferPages) +
                    (identity ? "-as" + wrr::toHex(*identity).substr(0, 16) : "") + ".wasm";
  std::string cached = dir.empty() ? "" : dir + "/" + key;
  if (!cached.empty() && sys::fs::exists(cached)) {
    if (verbose)
      errs() << "wrr: using the cached instrumentation " << cached << "\n";
  } else {
    if (verbose)
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

} // namespace wrr::cli
