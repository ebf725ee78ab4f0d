// The program of the debugging tests (test/lit/debug), built in variants
// from this one source, as a developer rebuilds a program to debug it:
//   debug_me          reads lines, numbers them, ends with a random byte
//   debug_me_moved    the same behaviour with its stack and data moved
//                     (-DMOVED: a large local array, a new string constant)
//   debug_me_prints   the same with debugging prints on stderr (-DPRINTS)
//   debug_me_changed  behaves differently from its third line (-DCHANGED)
//   debug_me_traps    traps between two calls at its third line (-DTRAPS)
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef MOVED
static const char kOnlyRebuilt[] =
    "a string constant that only the rebuilt program has, moving its data";
#endif

int main(int argc, char **argv) {
#ifdef MOVED
  volatile char pad[5000];
  pad[0] = (char)argc;
  if (argc > 1000)
    puts(kOnlyRebuilt + pad[0]);
#endif
  const char *who = getenv("WHO");
  printf("args %d first %s who %s\n", argc, argc > 1 ? argv[1] : "-",
         who ? who : "-");
  fflush(stdout);
  // poll() names its pollfd array in the subscriptions' userdata.
  struct pollfd pfd = {.fd = 0, .events = POLLIN};
  int ready = poll(&pfd, 1, 1000);
  printf("stdin ready %d\n", ready);
  char line[256];
  unsigned n = 0;
  while (fgets(line, sizeof line, stdin)) {
    ++n;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
#ifdef PRINTS
    fprintf(stderr, "debug: line %u has %zu bytes\n", n, strlen(line));
#endif
#ifdef CHANGED
    if (n == 3)
      line[0] = 'X';
#endif
#ifdef TRAPS
    if (n == 3)
      __builtin_trap();
#endif
    printf("%u: %s", n, line);
    fflush(stdout);
  }
  unsigned char r[8];
  getentropy(r, sizeof r);
  printf("lines %u random %02x\n", n, r[0]);
  return n == 0;
}
