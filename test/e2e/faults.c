// Programs for the fault tests (test/lit/e2e/fault-*.test). What it does
// comes from the environment, so that engines that cannot pass arguments
// (Wasmtime through wizer) run it too:
//   FAULT=emfile   open /d/f until the host refuses (EMFILE), then print
//   FAULT=abort    print LINES lines, then abort()
//   FAULT=oob      print LINES lines, then load from past the memory's end
//   FAULT=divzero  print LINES lines, then divide by zero
//   FAULT=stray    print LINES lines, store 16 bytes just past memory.size
//                  (STRAY_AT bytes past it), then print LINES more
//   FAULT=big      write BYTES bytes to stdout (to FD: 2 for stderr) in
//                  writes of CHUNK bytes
//                  (4 KiB; at most 1 MiB), the first of them half as long
//                  (what a buffer holds before a larger write);
//                  each byte tells its offset (offset % 251), so that lost
//                  or reordered bytes show
//   FAULT=clock    read the clock LINES times, print a sum
//   FAULT=read     read stdin in 100 KB reads, print each size
//   FAULT=mixed    LINES lines, each to stdout then to stderr, one write
//                  apiece, then exit 3
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long env(const char *name, long fallback) {
  const char *v = getenv(name);
  return v ? atol(v) : fallback;
}

static void lines(long n) {
  for (long i = 0; i < n; ++i) {
    printf("line %ld: the quick brown fox jumps over the lazy dog\n", i);
    fflush(stdout);
  }
}

int main(void) {
  const char *fault = getenv("FAULT");
  long n = env("LINES", 10);
  if (!fault)
    return 2;
  if (!strcmp(fault, "emfile")) {
    int opened = 0;
    while (opened < 100000 && open("/d/f", O_RDONLY) >= 0)
      ++opened;
    lines(n);
    printf("opened %s\n", opened > 0 ? "some" : "none");
    return 0;
  }
  if (!strcmp(fault, "abort")) {
    lines(n);
    abort();
  }
  if (!strcmp(fault, "oob")) {
    lines(n);
    volatile int *p = (int *)0xfffffff0u;
    return *p;
  }
  if (!strcmp(fault, "stray")) {
    lines(n);
    // Past the end: a plain run traps here.
    volatile char *end = (char *)(__builtin_wasm_memory_size(0) * 65536ul);
    for (long i = 0; i < 16; ++i)
      end[env("STRAY_AT", 0) + i] = 'x';
    lines(n);
    return 0;
  }
  if (!strcmp(fault, "divzero")) {
    lines(n);
    volatile int one = 1, zero = 0; // not folded into a select
    return one / zero;
  }
  if (!strcmp(fault, "big")) {
    static char buf[(1 << 20) + 251];
    for (size_t i = 0; i < sizeof buf; ++i)
      buf[i] = (char)(i % 251);
    long chunk = env("CHUNK", 4096);
    int fd = env("FD", 1) == 2 ? 2 : 1;
    if (chunk < 1 || chunk > 1 << 20)
      return 2;
    long done = 0;
    for (long left = env("BYTES", 1228800); left > 0;) {
      long want = done == 0 && chunk > 1 ? chunk / 2 : chunk;
      long n = write(fd, buf + done % 251, left < want ? left : want);
      if (n < 0)
        return 3;
      done += n;
      left -= n;
    }
    return 0;
  }
  if (!strcmp(fault, "mixed")) {
    char line[64];
    for (long i = 0; i < n; ++i) {
      int len = snprintf(line, sizeof line, "out %ld\n", i);
      if (write(1, line, len) < 0)
        return 4;
      len = snprintf(line, sizeof line, "err %ld\n", i);
      if (write(2, line, len) < 0)
        return 4;
    }
    return 3;
  }
  if (!strcmp(fault, "read")) {
    static char buf[100000];
    long got;
    while ((got = read(0, buf, sizeof buf)) > 0)
      printf("read %ld\n", got);
    return got < 0;
  }
  if (!strcmp(fault, "clock")) {
    unsigned long long sum = 0;
    struct timespec ts;
    for (long i = 0; i < n; ++i) {
      clock_gettime(CLOCK_MONOTONIC, &ts);
      sum += ts.tv_nsec & 1;
    }
    printf("%ld readings\n", n);
    return sum > (unsigned long long)n;
  }
  return 2;
}
