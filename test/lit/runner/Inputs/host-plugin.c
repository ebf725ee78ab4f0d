// A small plugin for host-e2e.test: a reactor whose execute(ptr, len)
// reads the clock, a random byte and the host's env.host_value.
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <time.h>
#include <sys/random.h>

__attribute__((import_module("env"), import_name("host_value"))) int host_value(int x);

__attribute__((export_name("alloc"))) void *alloc(size_t n) { return malloc(n); }

__attribute__((export_name("execute"))) int execute(const char *p, int len) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  uint8_t r = 0;
  getentropy(&r, 1);
  int sum = 0;
  for (int i = 0; i < len; ++i) sum += (unsigned char)p[i];
  int v = host_value(sum);
  printf("execute(%.*s): sum %d host %d random %u\n", len, p, sum, v, r);
  fflush(stdout);
  return sum + v + r;
}
