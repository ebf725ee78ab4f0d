// A -g program for test/lit/dwarf: inlining at -O2, loops with lexical
// blocks, variables with location lists, memory.grow through malloc, and a
// path to `unreachable`.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int sum(const int *a, int n) {
  int s = 0;
  for (int i = 0; i < n; i++) {
    int t = a[i] * 2;
    s += t;
  }
  return s;
}

int main(int argc, char **argv) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  size_t n = 1 << 20; // grows memory
  int *p = malloc(n * sizeof(int));
  for (size_t i = 0; i < n; i++)
    p[i] = (int)i;
  char buf[32];
  snprintf(buf, sizeof buf, "%s", argc > 1 ? argv[1] : "none");
  printf("%d %d %zu %ld\n", fib(12), sum(p, 100), strlen(buf), (long)ts.tv_sec); // the printf (test/lit/debug/inspect-dwarf.test)
  if (argc > 5)
    __builtin_trap();
  free(p);
  return 0;
}
