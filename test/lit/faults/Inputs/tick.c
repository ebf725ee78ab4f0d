// A program for the fault tests:
//   tick N        N ticks: print the counter and the time, sleep 2 ms
//   tick N read   the same, then read stdin to its end
//   tick N burst  the same, then 1000 quick WASI calls (sched_yield), then
//                 read stdin to its end: the runner checks for a stop
//                 only every so many calls while they come this fast
//   tick N spin   the same, then compute forever without WASI calls
//   fill N        N lines, each after 4 KiB of random bytes (a trace that
//                 grows fast)
//   big BYTES     write BYTES bytes to stdout in 4 KiB writes; say on
//                 stderr if a write ever failed with EAGAIN
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sched.h>
#include <sys/random.h>
#include <unistd.h>

static int big(long n) {
  static char buf[4096];
  memset(buf, 'x', sizeof buf);
  long eagain = 0;
  while (n > 0) {
    ssize_t w = write(1, buf, n < (long)sizeof buf ? (size_t)n : sizeof buf);
    if (w < 0 && errno == EAGAIN) { ++eagain; continue; }
    if (w < 0) { fprintf(stderr, "write: %s\n", strerror(errno)); return 1; }
    n -= w;
  }
  if (eagain) fprintf(stderr, "saw EAGAIN %ld times\n", eagain);
  return 0;
}

static int fill(int n) {
  unsigned char b[256];
  for (int i = 0; i < n; ++i) {
    unsigned sum = 0;
    for (int k = 0; k < 16; ++k) {
      if (getentropy(b, sizeof b)) return 1;
      sum += b[0];
    }
    printf("fill %d %u\n", i, sum);
    fflush(stdout);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 3 && !strcmp(argv[1], "big")) return big(atol(argv[2]));
  if (argc >= 3 && !strcmp(argv[1], "fill")) return fill(atoi(argv[2]));
  int n = argc >= 2 ? atoi(argv[1]) : 100;
  for (int i = 0; i < n; ++i) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    printf("tick %d %lld.%09ld\n", i, (long long)t.tv_sec, t.tv_nsec);
    fflush(stdout);
    struct timespec d = {0, 2 * 1000 * 1000};
    nanosleep(&d, NULL);
  }
  if (argc >= 3 && !strcmp(argv[2], "burst"))
    for (int i = 0; i < 1000; ++i)
      sched_yield();
  if (argc >= 3 && (!strcmp(argv[2], "read") || !strcmp(argv[2], "burst"))) {
    char b[256];
    while (fread(b, 1, sizeof b, stdin) > 0) {}
  }
  if (argc >= 3 && !strcmp(argv[2], "spin")) {
    volatile unsigned long k = 0;
    for (;;) ++k;
  }
  return 0;
}
