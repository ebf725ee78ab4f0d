// A WASI program whose calls the runner tests control:
//   program random N (return|exit|trap)  N random_get calls, a checksum line,
//                                        then return 0, exit 3 or trap
//   program alloc MIB                    malloc 1 MiB at a time up to MIB
//   program spin-wasi                    loop forever, reading the clock
//                                        and yielding (sched_yield)
//   program spin-clock                   loop forever, reading the clock
//   program spin                         loop forever without WASI calls
//   program show FILE...                 print arguments, environment,
//                                        stdin and each FILE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <time.h>
#include <wasi/api.h>

extern char **environ;

static int randomCalls(int n, const char *then) {
  unsigned char buf[200];
  unsigned long sum = 0;
  for (int i = 0; i < n; ++i) {
    if (__wasi_random_get(buf, sizeof buf)) return 1;
    for (size_t k = 0; k < sizeof buf; ++k) sum = sum * 31 + buf[k];
  }
  printf("%d calls, checksum %lu\n", n, sum);
  fflush(stdout);
  if (!strcmp(then, "exit")) exit(3);
  if (!strcmp(then, "trap")) __builtin_trap();
  return 0;
}

// Kept, so the compiler cannot drop the allocations.
static char *volatile blocks[4096];

static int alloc(int mib) {
  int got = 0;
  for (; got < mib && got < 4096; ++got) {
    char *p = malloc(1 << 20);
    if (!p) break;
    memset(p, 1, 1 << 20);
    blocks[got] = p;
  }
  printf("allocated %d MiB of %d\n", got, mib);
  return got == mib ? 0 : 1;
}

// wasi: 0 no WASI calls, 1 the clock and sched_yield, 2 the clock alone
// (a call the Node runner hands over directly, without its limit checks).
static int spin(int wasi) {
  printf("spinning\n");
  fflush(stdout);
  volatile unsigned long n = 0;
  for (;;) {
    struct timespec ts;
    if (wasi) clock_gettime(CLOCK_MONOTONIC, &ts);
    if (wasi == 1) sched_yield();
    ++n;
  }
}

static int show(int argc, char **argv) {
  for (int i = 0; i < argc; ++i) printf("arg %s\n", argv[i]);
  for (char **e = environ; *e; ++e) printf("env %s\n", *e);
  char line[256];
  while (fgets(line, sizeof line, stdin)) printf("stdin %s", line);
  for (int i = 2; i < argc; ++i) {
    FILE *f = fopen(argv[i], "r");
    if (!f) {
      printf("cannot open %s\n", argv[i]);
      continue;
    }
    while (fgets(line, sizeof line, f)) printf("file %s", line);
    fclose(f);
  }
  fprintf(stderr, "show: done\n");
  return 0;
}

int main(int argc, char **argv) {
#ifdef OTHER
  puts("another build");
#endif
  if (argc >= 4 && !strcmp(argv[1], "random")) return randomCalls(atoi(argv[2]), argv[3]);
  if (argc >= 3 && !strcmp(argv[1], "alloc")) return alloc(atoi(argv[2]));
  if (argc >= 2 && !strcmp(argv[1], "spin-wasi")) return spin(1);
  if (argc >= 2 && !strcmp(argv[1], "spin-clock")) return spin(2);
  if (argc >= 2 && !strcmp(argv[1], "spin")) return spin(0);
  if (argc >= 2 && !strcmp(argv[1], "show")) return show(argc, argv);
  fprintf(stderr, "usage: program random N return|exit|trap | alloc MIB | spin | spin-wasi | spin-clock | show FILE...\n");
  return 2;
}
