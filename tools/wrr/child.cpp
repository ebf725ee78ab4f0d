//===- wrr/child.cpp - running the runner ----------------------------------===//
//
// The runner runs in a session of its own (setsid), so the terminal's
// Ctrl-C reaches only wrr; wrr then stops the run in steps (README, "Signals"):
// it writes the signal to the runner's control pipe (the program stops at
// its next WASI call and the module ends its trace), then, if the run has
// not ended after kStopGrace, sends the runner SIGINT (which interrupts
// wasm that computes), then after kKillGrace kills it. Each further signal
// from the user takes the next step at once.
//
//===----------------------------------------------------------------------===//

#include "tools/wrr/wrr.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/raw_ostream.h"

#include "passes/error.h"

extern char **environ;

using namespace llvm;

namespace wrr::cli {

namespace {

constexpr int kStopGraceMs = 1000;
constexpr int kKillGraceMs = 2000;

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

// wrr's own environment with `set` (NAME=VALUE entries) in place of every
// entry of the same names.
std::vector<std::string> childEnvironment(const std::vector<std::string> &set) {
  auto name = [](StringRef entry) { return entry.split('=').first; };
  std::vector<std::string> env;
  for (char **e = environ; *e; ++e)
    if (llvm::none_of(set, [&](const std::string &s) { return name(s) == name(*e); }))
      env.push_back(*e);
  env.insert(env.end(), set.begin(), set.end());
  return env;
}

} // namespace

Expected<ChildResult> runChild(const std::vector<std::string> &argv, const ChildIo &io) {
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
  std::vector<std::string> env = childEnvironment(io.env);
  std::vector<char *> envp;
  for (std::string &e : env)
    envp.push_back(e.data());
  envp.push_back(nullptr);
  if (int rc = posix_spawn(&child, args[0], &actions, &attr, args.data(), envp.data()))
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
  long idleMs = 10;
  for (;;) {
    pid_t done = waitpid(child, &status, WNOHANG);
    if (done == child)
      break;
    if (io.whileRunning)
      idleMs = io.whileRunning() ? 10 : std::min(2 * idleMs, 200L);
    else
      idleMs = 200;
    struct timespec wait = {0, idleMs * 1000 * 1000};
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

ControlPipe::~ControlPipe() {
  if (read >= 0)
    ::close(read);
  if (write >= 0)
    ::close(write);
}

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

} // namespace wrr::cli
