//===- wrr/files.cpp - wrr's private directory, the trace's file -----------===//
//
// What wrr writes outside the program's reach: its private directory for a
// run, and the trace, made beside its destination and put in place whole.
//
//===----------------------------------------------------------------------===//

#include "tools/wrr/wrr.h"

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

#include "passes/error.h"

using namespace llvm;

namespace wrr::cli {

namespace {

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

// A trace being replaced can be hundreds of MB, and the kernel frees its
// pages when its last reference goes: in rename, on the user's wait (66 ms
// for 330 MB on tmpfs). Traces this large are let go by a child that holds
// the last reference until wrr has exited, so the freeing runs beside the
// shell's next command instead of before it.
constexpr off_t kReleaseInBackground = off_t{32} << 20;

void releaseInBackground(int fd) {
  int p[2];
  if (::pipe2(p, O_CLOEXEC) != 0) {
    ::close(fd);
    return;
  }
  pid_t pid = ::fork();
  if (pid == 0) {
    // Nothing but `fd` and the pipe's read end: the user's terminal and
    // pipes must not wait for this process.
    int a = std::min(fd, p[0]), b = std::max(fd, p[0]);
    if (a > 0)
      ::close_range(0, a - 1, 0);
    if (b > a + 1)
      ::close_range(a + 1, b - 1, 0);
    ::close_range(b + 1, ~0U, 0);
    char c;
    while (::read(p[0], &c, 1) < 0 && errno == EINTR) {
    }
    ::_exit(0);
  }
  ::close(fd);
  ::close(p[0]);
  // The write end stays open until wrr exits: then the child reads EOF.
  if (pid < 0)
    ::close(p[1]);
}

} // namespace

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

// ---- Private directory -----------------------------------------------------

Expected<PrivateDir> PrivateDir::create(const std::vector<std::string> &granted) {
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

PrivateDir::~PrivateDir() {
  if (!path_.empty())
    sys::fs::remove_directories(path_);
}

// ---- The trace ---------------------------------------------------------------

Expected<Destination> destination(const std::string &input, const std::string &traceOut) {
  std::string path = traceOut.empty() ? stem(input) + ".wrr" : traceOut;
  bool dirGiven = !traceOut.empty() && (StringRef(path).ends_with("/") || sys::fs::is_directory(path));
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

Expected<TraceFile> TraceFile::create(const Destination &d) {
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

TraceFile::TraceFile(TraceFile &&o) : dest_(o.dest_), fd_(o.fd_), named_(std::move(o.named_)) {
  o.fd_ = -1;
  o.named_.clear();
}

TraceFile::~TraceFile() {
  if (fd_ >= 0)
    ::close(fd_);
  if (!named_.empty())
    ::unlink(named_.c_str());
}

// A path that opens this very file.
std::string TraceFile::path() const {
  return named_.empty() ? "/proc/self/fd/" + std::to_string(fd_) : named_;
}

uint64_t TraceFile::size() const {
  struct stat st;
  return ::fstat(fd_, &st) == 0 ? uint64_t(st.st_size) : 0;
}

// Puts the file at the destination, replacing what is there.
Error TraceFile::keep() {
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
  // A large trace replaced is freed in the background (above).
  int old = ::open(dest_.path.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
  struct stat st;
  if (old >= 0 && (::fstat(old, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1 ||
                   st.st_size < kReleaseInBackground)) {
    ::close(old);
    old = -1;
  }
  if (::rename(tmp.c_str(), dest_.path.c_str()) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    named_.clear();
    if (old >= 0)
      ::close(old);
    return error("cannot put the trace at '" + dest_.path + "': " + std::strerror(e));
  }
  named_.clear();
  if (old >= 0)
    releaseInBackground(old);
  return Error::success();
}

} // namespace wrr::cli
