// The long trace of README's "time travel" figures (docs/performance.md,
// "Replaying to an event"): N rounds (default 500,000) of a monotonic clock
// read, 8 random bytes and a line to stdout: 3 events a round.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 500000;
  for (long i = 0; i < n; ++i) {
    struct timespec ts;
    unsigned char r[8];
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0 || getentropy(r, sizeof r) != 0)
      return 1;
    char line[64];
    int len = snprintf(line, sizeof line, "%ld %lld.%09ld %02x%02x\n", i, (long long)ts.tv_sec,
                       ts.tv_nsec, r[0], r[1]);
    if (write(1, line, (size_t)len) != len)
      return 1;
  }
  return 0;
}
