// time_bomb: reads the realtime clock and crashes (unreachable trap) when a
// hash of the reading is odd, so about every other run dies. Recording a
// crashing run and replaying it reproduces the crash.
#include <stdint.h>
#include <stdio.h>
#include <time.h>

// splitmix64's finalizer: every bit of the timestamp affects the low bit,
// so runtimes with coarse clocks still flip between the two outcomes.
static uint64_t mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

__attribute__((noinline)) static void check(uint64_t t) {
  if (mix(t) & 1) {
    fprintf(stderr, "boom at %llu\n", (unsigned long long)t);
    __builtin_trap();
  }
}

int main(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  uint64_t t = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
  check(t);
  printf("all good at %llu\n", (unsigned long long)t);
  return 0;
}
