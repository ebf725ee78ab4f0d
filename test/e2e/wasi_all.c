// wasi_all: calls every one of the 46 wasi_snapshot_preview1 functions
// directly (wasi-libc's <wasi/api.h>) and prints, for each call, its errno
// and what it returned, one line per call: "NN name errno=E ...". NN counts
// the distinct functions as they are first used; the last line is
// "46 proc_exit" and the exit status is 7.
//
//   wasi_all GUESTDIR [ARGS...]     GUESTDIR: a granted, writable directory
//
// The file and path calls work in GUESTDIR/wasi_all.d, which must not exist.
// The program reads stdin (poll_oneoff's fd_read subscription, then fd_read)
// and writes one line to stderr. The sock_* calls go to the granted
// directory, which is not a socket, and proc_raise raises signal 0: on Node
// both answer with an errno, which is what gets recorded and replayed.
// It also lists its preopens (fd_prestat_get up to the first EBADF), which
// must not include the trace directory when it runs under wrr.
//
// Built three ways for the end-to-end tests (test/lit/e2e):
//   (default)     the program above;
//   -DVARIANT     random_get asks for one byte more: the same calls with
//                 other arguments, so a replay of the default's trace
//                 diverges there;
//   -DEXIT_EARLY  exits (status 7) where random_get would be called.
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

// Missing from this wasi-libc's <wasi/api.h>.
__attribute__((import_module("wasi_snapshot_preview1"),
               import_name("proc_raise"))) uint16_t
wasi_proc_raise(uint8_t sig);

static int counted;     // functions used so far
static uint64_t seen;   // a bit per function already counted (fn_bit)
static char line[4096]; // the line being built

// Writes all of buf to fd with __wasi_fd_write; returns the errno.
static __wasi_errno_t write_all(__wasi_fd_t fd, const char *buf, size_t len) {
  while (len) {
    __wasi_ciovec_t iov = {(const uint8_t *)buf, len};
    __wasi_size_t n = 0;
    __wasi_errno_t e = __wasi_fd_write(fd, &iov, 1, &n);
    if (e || n == 0)
      return e ? e : __WASI_ERRNO_IO;
    buf += n;
    len -= n;
  }
  return 0;
}

static void emit(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  if ((size_t)n >= sizeof line)
    n = sizeof line - 1;
  write_all(1, line, (size_t)n);
}

// The function's index in the table (63 if it is not a WASI function).
static unsigned fn_bit(const char *name) {
  static const char *const names[] = {
      "args_get", "args_sizes_get", "environ_get", "environ_sizes_get",
      "clock_res_get", "clock_time_get", "fd_advise", "fd_allocate",
      "fd_close", "fd_datasync", "fd_fdstat_get", "fd_fdstat_set_flags",
      "fd_fdstat_set_rights", "fd_filestat_get", "fd_filestat_set_size",
      "fd_filestat_set_times", "fd_pread", "fd_prestat_get",
      "fd_prestat_dir_name", "fd_pwrite", "fd_read", "fd_readdir",
      "fd_renumber", "fd_seek", "fd_sync", "fd_tell", "fd_write",
      "path_create_directory", "path_filestat_get", "path_filestat_set_times",
      "path_link", "path_open", "path_readlink", "path_remove_directory",
      "path_rename", "path_symlink", "path_unlink_file", "poll_oneoff",
      "proc_exit", "proc_raise", "random_get", "sched_yield", "sock_accept",
      "sock_recv", "sock_send", "sock_shutdown"};
  _Static_assert(sizeof names / sizeof names[0] == 46, "46 functions");
  for (unsigned i = 0; i < 46; ++i)
    if (strcmp(names[i], name) == 0)
      return i;
  return 63;
}

// Starts the line for a call: "NN name" the first time, "-- name" after.
static void call(const char *name, __wasi_errno_t e, const char *fmt, ...) {
  unsigned bit = fn_bit(name);
  char head[64];
  if (!(seen & (1ull << bit))) {
    seen |= 1ull << bit;
    snprintf(head, sizeof head, "%02d %s", ++counted, name);
  } else {
    snprintf(head, sizeof head, "-- %s", name);
  }
  char rest[3072];
  rest[0] = 0;
  if (fmt) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rest, sizeof rest, fmt, ap);
    va_end(ap);
  }
  emit("%s errno=%u%s%s\n", head, (unsigned)e, rest[0] ? " " : "", rest);
}

// Printable copy of n bytes: quotes, escapes anything unusual.
static const char *shown(const void *p, size_t n) {
  static char buf[1024];
  const unsigned char *s = p;
  size_t o = 0;
  buf[o++] = '"';
  for (size_t i = 0; i < n && o + 6 < sizeof buf; ++i) {
    if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' && s[i] != '\\')
      buf[o++] = (char)s[i];
    else
      o += (size_t)snprintf(buf + o, sizeof buf - o, "\\x%02x", s[i]);
  }
  buf[o++] = '"';
  buf[o] = 0;
  return buf;
}

static const char *hex(const uint8_t *p, size_t n) {
  static char buf[512];
  size_t o = 0;
  for (size_t i = 0; i < n && o + 3 < sizeof buf; ++i)
    o += (size_t)snprintf(buf + o, sizeof buf - o, "%02x", p[i]);
  buf[o] = 0;
  return buf;
}

static void show_filestat(const char *name, __wasi_errno_t e,
                          const __wasi_filestat_t *st) {
  if (e)
    call(name, e, NULL);
  else
    call(name, e,
         "filetype=%u nlink=%llu size=%llu atim=%llu mtim=%llu dev=%llu "
         "ino=%llu ctim=%llu",
         st->filetype, (unsigned long long)st->nlink,
         (unsigned long long)st->size, (unsigned long long)st->atim,
         (unsigned long long)st->mtim, (unsigned long long)st->dev,
         (unsigned long long)st->ino, (unsigned long long)st->ctim);
}

static __wasi_errno_t read_all(__wasi_fd_t fd, char *buf, size_t cap,
                               __wasi_size_t *got) {
  __wasi_iovec_t iov = {(uint8_t *)buf, cap};
  return __wasi_fd_read(fd, &iov, 1, got);
}

// What files opened under the granted directory may have: all it passes on.
static __wasi_rights_t all_rights;
// What a directory opened under it may have: what the granted one has.
static __wasi_rights_t dir_rights;
#define ALL_RIGHTS all_rights

// The variants differ from the default build in these data bytes only: read
// through volatile, so that every build has the same code and the same stack
// frames. (A call's digest covers its pointer arguments too, so a build
// whose stack layout differs diverges at its first call with a pointer.)
#ifdef VARIANT
static volatile __wasi_size_t random_len = 17;
#else
static volatile __wasi_size_t random_len = 16;
#endif
#ifdef EXIT_EARLY
static volatile int exit_early = 1;
#else
static volatile int exit_early = 0;
#endif

int main(void) {
  // ---- Arguments and environment.
  __wasi_size_t argc = 0, argv_size = 0;
  __wasi_errno_t e = __wasi_args_sizes_get(&argc, &argv_size);
  call("args_sizes_get", e, "argc=%u size=%u", argc, argv_size);
  char *argv[64];
  char argv_buf[4096];
  if (argc > 64 || argv_size > sizeof argv_buf)
    __wasi_proc_exit(99);
  e = __wasi_args_get((uint8_t **)argv, (uint8_t *)argv_buf);
  call("args_get", e, NULL);
  // argv[0] is the runner's path to the module: it changes between runs.
  for (__wasi_size_t i = 1; i < argc; ++i)
    emit("   argv[%u]=%s\n", i, shown(argv[i], strlen(argv[i])));
  if (argc < 2) {
    emit("usage: wasi_all GUESTDIR [ARGS...]\n");
    __wasi_proc_exit(2);
  }
  const char *guest = argv[1];

  __wasi_size_t envc = 0, env_size = 0;
  e = __wasi_environ_sizes_get(&envc, &env_size);
  call("environ_sizes_get", e, "count=%u size=%u", envc, env_size);
  char *envp[64];
  char env_buf[4096];
  if (envc > 64 || env_size > sizeof env_buf)
    __wasi_proc_exit(99);
  e = __wasi_environ_get((uint8_t **)envp, (uint8_t *)env_buf);
  call("environ_get", e, NULL);
  for (__wasi_size_t i = 0; i < envc; ++i)
    emit("   env[%u]=%s\n", i, shown(envp[i], strlen(envp[i])));

  // ---- Clocks.
  __wasi_timestamp_t res = 0, t0 = 0, t1 = 0, real = 0;
  e = __wasi_clock_res_get(__WASI_CLOCKID_MONOTONIC, &res);
  call("clock_res_get", e, "monotonic_res=%llu", (unsigned long long)res);
  e = __wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &real);
  call("clock_time_get", e, "realtime=%llu", (unsigned long long)real);
  e = __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t0);
  call("clock_time_get", e, "monotonic=%llu", (unsigned long long)t0);

  // ---- Preopens: the program must not see the trace directory.
  __wasi_fd_t dir = (__wasi_fd_t)-1;
  for (__wasi_fd_t fd = 3;; ++fd) {
    __wasi_prestat_t ps;
    e = __wasi_fd_prestat_get(fd, &ps);
    call("fd_prestat_get", e, "fd=%u", fd);
    if (e)
      break;
    char name[256];
    __wasi_size_t len = ps.u.dir.pr_name_len;
    if (len > sizeof name)
      len = sizeof name;
    e = __wasi_fd_prestat_dir_name(fd, (uint8_t *)name, len);
    call("fd_prestat_dir_name", e, "fd=%u preopen=%s", fd,
         shown(name, e ? 0 : len));
    if (!e && len == strlen(guest) && memcmp(name, guest, len) == 0)
      dir = fd;
  }
  if (dir == (__wasi_fd_t)-1) {
    emit("no preopen named %s\n", guest);
    __wasi_proc_exit(3);
  }
  __wasi_fdstat_t fds;
  e = __wasi_fd_fdstat_get(dir, &fds);
  call("fd_fdstat_get", e, "filetype=%u flags=%u base=%llx inheriting=%llx",
       fds.fs_filetype, fds.fs_flags, (unsigned long long)fds.fs_rights_base,
       (unsigned long long)fds.fs_rights_inheriting);
  all_rights = fds.fs_rights_inheriting;
  dir_rights = fds.fs_rights_base;

  // ---- Files.
  e = __wasi_path_create_directory(dir, "wasi_all.d");
  call("path_create_directory", e, NULL);
  __wasi_fd_t f = 0;
  e = __wasi_path_open(dir, 0, "wasi_all.d/a.txt",
                       __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, ALL_RIGHTS,
                       ALL_RIGHTS, 0, &f);
  call("path_open", e, "fd=%u", f);
  if (e)
    __wasi_proc_exit(4);
  e = write_all(f, "hello, wasi\n", 12);
  call("fd_write", e, "(file, 12 bytes)");
  {
    __wasi_ciovec_t iov[2] = {{(const uint8_t *)"HE", 2},
                              {(const uint8_t *)"LLO", 3}};
    __wasi_size_t n = 0;
    e = __wasi_fd_pwrite(f, iov, 2, 0, &n);
    call("fd_pwrite", e, "n=%u", n);
  }
  __wasi_filesize_t pos = 0;
  e = __wasi_fd_seek(f, 7, __WASI_WHENCE_SET, &pos);
  call("fd_seek", e, "pos=%llu", (unsigned long long)pos);
  e = __wasi_fd_tell(f, &pos);
  call("fd_tell", e, "pos=%llu", (unsigned long long)pos);
  {
    char buf[64];
    __wasi_size_t n = 0;
    e = read_all(f, buf, sizeof buf, &n);
    call("fd_read", e, "n=%u data=%s", n, shown(buf, e ? 0 : n));
    char b1[3], b2[4];
    __wasi_iovec_t iov[2] = {{(uint8_t *)b1, 3}, {(uint8_t *)b2, 4}};
    n = 0;
    e = __wasi_fd_pread(f, iov, 2, 1, &n);
    memcpy(buf, b1, 3);
    memcpy(buf + 3, b2, 4);
    call("fd_pread", e, "n=%u data=%s", n, shown(buf, e ? 0 : n));
  }
  e = __wasi_fd_allocate(f, 0, 100);
  call("fd_allocate", e, "(0, 100)");
  e = __wasi_fd_advise(f, 0, 100, __WASI_ADVICE_SEQUENTIAL);
  call("fd_advise", e, NULL);
  e = __wasi_fd_sync(f);
  call("fd_sync", e, NULL);
  e = __wasi_fd_datasync(f);
  call("fd_datasync", e, NULL);
  __wasi_filestat_t st;
  e = __wasi_fd_filestat_get(f, &st);
  show_filestat("fd_filestat_get", e, &st);
  e = __wasi_fd_filestat_set_size(f, 20);
  call("fd_filestat_set_size", e, "(20)");
  e = __wasi_fd_filestat_set_times(f, 1000000000ull * 1234567,
                                   1000000000ull * 7654321,
                                   __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM);
  call("fd_filestat_set_times", e, NULL);
  e = __wasi_fd_filestat_get(f, &st);
  show_filestat("fd_filestat_get", e, &st);
  e = __wasi_fd_fdstat_set_flags(f, __WASI_FDFLAGS_APPEND);
  call("fd_fdstat_set_flags", e, "(append)");
  e = __wasi_fd_fdstat_get(f, &fds);
  call("fd_fdstat_get", e, "filetype=%u flags=%u base=%llx inheriting=%llx",
       fds.fs_filetype, fds.fs_flags, (unsigned long long)fds.fs_rights_base,
       (unsigned long long)fds.fs_rights_inheriting);
  // Take away fd_write: writing must then fail with ENOTCAPABLE.
  e = __wasi_fd_fdstat_set_rights(
      f, fds.fs_rights_base & ~(__wasi_rights_t)__WASI_RIGHTS_FD_WRITE, 0);
  call("fd_fdstat_set_rights", e, "(no fd_write)");
  e = __wasi_fd_fdstat_get(f, &fds);
  call("fd_fdstat_get", e, "base=%llx inheriting=%llx",
       (unsigned long long)fds.fs_rights_base,
       (unsigned long long)fds.fs_rights_inheriting);
  e = write_all(f, "x", 1);
  call("fd_write", e, "(file without fd_write)");

  // fd_renumber: b.txt's descriptor now refers to a.txt.
  __wasi_fd_t g = 0;
  e = __wasi_path_open(dir, 0, "wasi_all.d/b.txt", __WASI_OFLAGS_CREAT,
                       ALL_RIGHTS, ALL_RIGHTS, 0, &g);
  call("path_open", e, "fd=%u", g);
  e = __wasi_fd_renumber(f, g);
  call("fd_renumber", e, "(%u -> %u)", f, g);
  {
    char buf[64];
    __wasi_size_t n = 0;
    e = __wasi_fd_seek(g, 0, __WASI_WHENCE_SET, &pos);
    call("fd_seek", e, "pos=%llu", (unsigned long long)pos);
    e = read_all(g, buf, sizeof buf, &n);
    call("fd_read", e, "n=%u data=%s", n, shown(buf, e ? 0 : n));
  }
  e = __wasi_fd_close(g);
  call("fd_close", e, NULL);
  e = __wasi_fd_close(f);
  call("fd_close", e, "(renumbered away)");

  // ---- Paths.
  e = __wasi_path_filestat_get(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
                               "wasi_all.d/a.txt", &st);
  show_filestat("path_filestat_get", e, &st);
  e = __wasi_path_filestat_set_times(dir, 0, "wasi_all.d/b.txt",
                                     1000000000ull * 42, 1000000000ull * 43,
                                     __WASI_FSTFLAGS_ATIM |
                                         __WASI_FSTFLAGS_MTIM);
  call("path_filestat_set_times", e, NULL);
  e = __wasi_path_filestat_get(dir, 0, "wasi_all.d/b.txt", &st);
  show_filestat("path_filestat_get", e, &st);
  e = __wasi_path_link(dir, 0, "wasi_all.d/a.txt", dir, "wasi_all.d/hard.txt");
  call("path_link", e, NULL);
  e = __wasi_path_symlink("a.txt", dir, "wasi_all.d/soft.txt");
  call("path_symlink", e, NULL);
  {
    char buf[64];
    __wasi_size_t n = 0;
    e = __wasi_path_readlink(dir, "wasi_all.d/soft.txt", (uint8_t *)buf,
                             sizeof buf, &n);
    call("path_readlink", e, "n=%u target=%s", n, shown(buf, e ? 0 : n));
  }
  e = __wasi_path_rename(dir, "wasi_all.d/b.txt", dir, "wasi_all.d/c.txt");
  call("path_rename", e, NULL);
  e = __wasi_path_create_directory(dir, "wasi_all.d/sub");
  call("path_create_directory", e, "(sub)");

  // fd_readdir: the entries, sorted by name so that the listing does not
  // depend on the host file system's order (replay reproduces it anyway).
  {
    __wasi_fd_t d = 0;
    e = __wasi_path_open(dir, 0, "wasi_all.d", __WASI_OFLAGS_DIRECTORY,
                         dir_rights, ALL_RIGHTS, 0, &d);
    call("path_open", e, "fd=%u (directory)", d);
    static uint8_t buf[4096];
    __wasi_size_t used = 0;
    e = __wasi_fd_readdir(d, buf, sizeof buf, 0, &used);
    call("fd_readdir", e, "bufused=%u", used);
    char names[16][64];
    unsigned types[16];
    int count = 0;
    for (size_t off = 0; !e && off + sizeof(__wasi_dirent_t) <= used &&
                         count < 16;) {
      __wasi_dirent_t de;
      memcpy(&de, buf + off, sizeof de);
      off += sizeof de;
      size_t len = de.d_namlen < 63 ? de.d_namlen : 63;
      if (off + len > used)
        break;
      memcpy(names[count], buf + off, len);
      names[count][len] = 0;
      off += de.d_namlen;
      if (strcmp(names[count], ".") == 0 || strcmp(names[count], "..") == 0)
        continue; // Node leaves them out; other hosts do not
      types[count] = de.d_type;
      ++count;
    }
    for (int i = 1; i < count; ++i)
      for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; --j) {
        char t[64];
        memcpy(t, names[j], 64);
        memcpy(names[j], names[j - 1], 64);
        memcpy(names[j - 1], t, 64);
        unsigned u = types[j];
        types[j] = types[j - 1];
        types[j - 1] = u;
      }
    for (int i = 0; i < count; ++i)
      emit("   entry %s type=%u\n", shown(names[i], strlen(names[i])),
           types[i]);
    if (d) {
      e = __wasi_fd_close(d);
      call("fd_close", e, NULL);
    }
  }
  e = __wasi_path_unlink_file(dir, "wasi_all.d/soft.txt");
  call("path_unlink_file", e, NULL);
  e = __wasi_path_unlink_file(dir, "wasi_all.d/hard.txt");
  call("path_unlink_file", e, NULL);
  e = __wasi_path_remove_directory(dir, "wasi_all.d/sub");
  call("path_remove_directory", e, NULL);
  e = __wasi_path_remove_directory(dir, "wasi_all.d");
  call("path_remove_directory", e, "(not empty)");
  e = __wasi_path_unlink_file(dir, "..");
  call("path_unlink_file", e, "(..: outside the preopen)");

  // ---- poll_oneoff: a 1 ms timeout and stdin being readable.
  {
    __wasi_subscription_t subs[2];
    memset(subs, 0, sizeof subs);
    subs[0].userdata = 0x1111;
    subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
    subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    subs[0].u.u.clock.timeout = 1000000;
    subs[1].userdata = 0x2222;
    subs[1].u.tag = __WASI_EVENTTYPE_FD_READ;
    subs[1].u.u.fd_read.file_descriptor = 0;
    __wasi_event_t evs[2];
    memset(evs, 0, sizeof evs);
    __wasi_size_t n = 0;
    e = __wasi_poll_oneoff(subs, evs, 2, &n);
    call("poll_oneoff", e, "nevents=%u", n);
    for (__wasi_size_t i = 0; !e && i < n && i < 2; ++i)
      emit("   event userdata=%llx error=%u type=%u nbytes=%llu flags=%u\n",
           (unsigned long long)evs[i].userdata, evs[i].error, evs[i].type,
           (unsigned long long)evs[i].fd_readwrite.nbytes,
           evs[i].fd_readwrite.flags);
    char buf[256];
    __wasi_size_t got = 0;
    e = read_all(0, buf, sizeof buf, &got);
    call("fd_read", e, "(stdin) n=%u data=%s", got, shown(buf, e ? 0 : got));
  }

  // ---- Randomness. The variants change this call, or stop before it.
  if (exit_early)
    __wasi_proc_exit(7);
  {
    uint8_t buf[32];
    __wasi_size_t len = random_len;
    e = __wasi_random_get(buf, len);
    call("random_get", e, "n=%u bytes=%s", len, hex(buf, len));
  }
  e = __wasi_sched_yield();
  call("sched_yield", e, NULL);
  e = __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t1);
  call("clock_time_get", e, "monotonic=%llu elapsed_nonneg=%d",
       (unsigned long long)t1, t1 >= t0);

  // ---- Sockets, on a descriptor that is not a socket (the granted
  // directory): the host answers with an errno. (Not on stdin or stdout:
  // Node 20's sock_recv and sock_send crash the process on a pipe.)
  {
    __wasi_fd_t s = 0;
    e = __wasi_sock_accept(dir, 0, &s);
    call("sock_accept", e, NULL);
    char buf[16];
    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
    __wasi_size_t n = 0;
    __wasi_roflags_t ro = 0;
    e = __wasi_sock_recv(dir, &iov, 1, 0, &n, &ro);
    call("sock_recv", e, "n=%u roflags=%u", e ? 0 : n, e ? 0 : ro);
    __wasi_ciovec_t ciov = {(const uint8_t *)"ping", 4};
    e = __wasi_sock_send(dir, &ciov, 1, 0, &n);
    call("sock_send", e, NULL);
    e = __wasi_sock_shutdown(dir, __WASI_SDFLAGS_RD | __WASI_SDFLAGS_WR);
    call("sock_shutdown", e, NULL);
  }

  // ---- Signals: signal 0 ("none") must not end the process.
  e = wasi_proc_raise(0);
  call("proc_raise", e, "(signal 0)");

  e = write_all(2, "wasi_all: to stderr\n", 20);
  call("fd_write", e, "(stderr)");
  emit("%02d proc_exit (7)\n", ++counted);
  __wasi_proc_exit(7);
}
