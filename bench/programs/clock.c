// One million monotonic clock reads, the way timers and profilers read the
// clock in a loop (clock_gettime -> clock_time_get).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  uint64_t sum = 0;
  for (long i = 0; i < n; ++i) {
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
      return 1;
    sum += (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
  }
  printf("%ld clock reads, checksum %llu\n", n, (unsigned long long)sum);
  return 0;
}
