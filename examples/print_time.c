// print_time: reads the realtime and monotonic clocks (clock_time_get) and
// the monotonic clock's resolution (clock_res_get), and prints them.
#include <stdio.h>
#include <time.h>

static long long to_ns(struct timespec ts) {
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void) {
  struct timespec real, mono1, mono2, res;
  if (clock_gettime(CLOCK_REALTIME, &real) != 0 ||
      clock_gettime(CLOCK_MONOTONIC, &mono1) != 0 ||
      clock_getres(CLOCK_MONOTONIC, &res) != 0 ||
      clock_gettime(CLOCK_MONOTONIC, &mono2) != 0) {
    perror("clock_gettime");
    return 1;
  }

  char date[64] = "?";
  time_t secs = real.tv_sec;
  struct tm tm;
  if (gmtime_r(&secs, &tm))
    strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S UTC", &tm);

  printf("realtime:   %lld.%09ld s (%s)\n", (long long)real.tv_sec,
         real.tv_nsec, date);
  printf("monotonic:  %lld ns\n", to_ns(mono1));
  printf("monotonic:  %lld ns (again, +%lld ns)\n", to_ns(mono2),
         to_ns(mono2) - to_ns(mono1));
  printf("resolution: %lld ns\n", to_ns(res));
  return 0;
}
