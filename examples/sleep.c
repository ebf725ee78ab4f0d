// sleep: sleeps argv[1] milliseconds (default 50) with nanosleep(), which
// wasi-libc implements as poll_oneoff with one clock subscription, and prints
// the elapsed monotonic time (clock_time_get).
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
  long ms = argc > 1 ? atol(argv[1]) : 50;
  if (ms < 0) ms = 0;
  struct timespec req = {ms / 1000, (ms % 1000) * 1000000L};

  long long start = now_ns();
  if (nanosleep(&req, NULL) != 0) {
    perror("nanosleep");
    return 1;
  }
  long long elapsed = now_ns() - start;

  printf("requested %ld ms, slept %lld.%03lld ms (%s)\n", ms,
         elapsed / 1000000, (elapsed / 1000) % 1000,
         elapsed >= ms * 1000000LL ? "ok" : "too short");
  return 0;
}
