//===- wrr/wrr.h - the parts of the wrr command ---------------------------===//
//
// tools/wrr.cpp is the command line (options, record, replay, serve); the
// rest is here, by concern:
//   module.cpp  the instrumented module: wrr-instrument as a child, the cache
//   child.cpp   running the runner: its session, descriptors and signals
//   files.cpp   wrr's private directory and the trace's destination and file
//
//===----------------------------------------------------------------------===//
#ifndef WRR_TOOLS_WRR_WRR_H
#define WRR_TOOLS_WRR_WRR_H

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include "rrlib/module_id.h"

namespace wrr::cli {

// ---- Small helpers (tools/wrr.cpp) -----------------------------------------

llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> readFile(const std::string &path,
                                                             llvm::StringRef what);
std::span<const uint8_t> bytesOf(llvm::StringRef s);
// The module's name without its directory and .wasm (or .rr.wasm).
std::string stem(llvm::StringRef module);

// ---- The module (module.cpp) -----------------------------------------------

struct Module {
  std::string path;    // the instrumented module on disk
  std::string id;      // identity (hex) its traces carry
  uint64_t bufferPages = 0;
};

// A tool beside wrr (as built and as installed): wrr-instrument, wrr-trace.
std::string toolPath(llvm::StringRef name);

// The instrumentation cache: $XDG_CACHE_HOME/wrr or ~/.cache/wrr; "" if
// there is no home.
std::string cacheDir();

// The instrumented module for `path`: the file itself if it is instrumented,
// else the cached instrumentation (made now if missing). `scratch` is where
// to put it when there is no cache, or when the cache is `denied` (it is
// within the program's reach: the reason). `verbose` says which it was.
// Unless `hosted` (a host program gives them, or a replay answers them), a
// module with imports from outside WASI is refused before instrumenting.
llvm::Expected<Module> prepareModule(const std::string &path, unsigned bufferPages,
                                     const std::string &scratch, bool verbose,
                                     const std::string &denied = "",
                                     std::optional<wrr::ModuleId> identity = std::nullopt,
                                     bool hosted = false);

// ---- Running the runner (child.cpp) ----------------------------------------

struct ChildIo {
  std::vector<int> inherit;               // descriptors the child keeps, same numbers
  std::vector<std::pair<int, int>> dup2s; // (from, to)
  int controlFd = -1;                     // write end of the control pipe, or -1
  std::vector<std::string> env;           // NAME=VALUE set for the child, over wrr's own
  // Work to do while the child runs (wrr record checks the trace's blocks as
  // they come): called between waits, every 10 ms while it returns true,
  // backing off to 200 ms while it returns false.
  std::function<bool()> whileRunning;
};

struct ChildResult {
  int status = 0;
  int userSignal = 0;  // the first signal the user sent wrr, if any
  bool killed = false; // wrr had to kill the runner
};

// Runs argv in a session of its own with this process's stdio (but for
// `io`), stopping it in steps on the user's signals; returns its exit status
// (128 + signal when killed).
llvm::Expected<ChildResult> runChild(const std::vector<std::string> &argv,
                                     const ChildIo &io = {});

// The pipe on which wrr tells the runner to stop (--control-fd).
struct ControlPipe {
  int read = -1, write = -1;
  ~ControlPipe();
};
llvm::Expected<std::unique_ptr<ControlPipe>> controlPipe();

// Blocking opens of the stdio pipes for the program, added to `io.inherit`:
// {fd, its reopening} pairs; the caller closes the reopenings.
std::vector<std::pair<int, int>> blockingStdio(ChildIo &io);

// ---- Private directory and the trace (files.cpp) ---------------------------

// Why the instrumentation cache must not be used with these grants (it is
// in a granted directory, or holds one: the program could read or plant
// modules there), or "".
std::string cacheDenied(const std::vector<std::string> &granted);

// wrr's own directory for a run: mode 0700, in $TMPDIR (or /tmp, /var/tmp,
// /dev/shm), never inside a directory the program is granted; it holds the
// runner's placeholder for the reserved directory (`r/`, at most the
// `recorder` file) and modules made for this run only.
class PrivateDir {
public:
  static llvm::Expected<PrivateDir> create(const std::vector<std::string> &granted);
  PrivateDir(PrivateDir &&o) : path_(std::move(o.path_)) { o.path_.clear(); }
  ~PrivateDir();
  const std::string &path() const { return path_; }
  std::string placeholder() const { return path_ + "/r"; }

private:
  explicit PrivateDir(std::string p) : path_(std::move(p)) {}
  std::string path_;
};

struct Destination {
  std::string path;   // as the user will see it
  std::string parent; // its directory ("." for a bare name)
  std::string name;   // its file name
};

// Where the trace of `input` goes (`traceOut`: -t, or ""), checked before
// anything runs: `-t DIR` (an existing directory) means DIR/<app>.wrr, as
// cp does.
llvm::Expected<Destination> destination(const std::string &input, const std::string &traceOut);

// The trace file being recorded: anonymous (O_TMPFILE) in the destination's
// directory, so it is written on the destination's file system and put in
// place at the end by a link and a rename (never a copy across devices); a
// hidden named file there where the file system has no O_TMPFILE.
class TraceFile {
public:
  static llvm::Expected<TraceFile> create(const Destination &d);
  TraceFile(TraceFile &&o);
  ~TraceFile();
  int fd() const { return fd_; }
  // A path that opens this very file.
  std::string path() const;
  uint64_t size() const;
  // Puts the file at the destination, replacing what is there.
  llvm::Error keep();

private:
  explicit TraceFile(const Destination &d) : dest_(d) {}
  Destination dest_;
  int fd_ = -1;
  std::string named_; // the fallback's name, removed unless kept
};

} // namespace wrr::cli

#endif
