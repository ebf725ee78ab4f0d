// A WASI reactor (-mexec-model=reactor: _initialize, no _start) that a host
// program drives, as plugin hosts drive an execute(input) entry point. The
// host writes each input into memory through alloc and calls execute, which
// reads the clock, random bytes and the host's own imports:
//   env.host_value(key) -> i64   the host calls export square from inside it
//   env.host_note(len) -> ptr    the host allocates (export alloc) and writes
//                                a string into memory from inside the import
// An input starting with "trap" traps inside execute.
// Rebuilds for the divergence tests:
//   -DCHANGED_ARG     execute passes another key to env.host_value
//   -DCHANGED_RESULT  execute returns another value
//   -DMOVED_HEAP      the same behaviour, with its heap moved: alloc returns
//                     other addresses than recorded
//   -DREORDERED       the same behaviour and addresses, with other code and
//                     exports in another order
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define IMPORT(name) __attribute__((import_module("env"), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))

IMPORT("host_value") int64_t host_value(int32_t key);
IMPORT("host_note") char *host_note(int32_t len);

#ifdef MOVED_HEAP
// Data before the heap.
static char padding[5000] = {1};
EXPORT("unused") int unused(int x) { return padding[x % 5000] + x; }
#endif

#ifdef REORDERED
// Code only, and the exports below in another order.
EXPORT("unused") int unused(int x) { return x * 3 + 1; }
EXPORT("square") int32_t square(int32_t x) { return x * x; }
EXPORT("release") void release(void *p) { free(p); }
EXPORT("alloc") void *alloc(int32_t size) { return malloc((size_t)size); }
#else
EXPORT("alloc") void *alloc(int32_t size) { return malloc((size_t)size); }
EXPORT("release") void release(void *p) { free(p); }
EXPORT("square") int32_t square(int32_t x) { return x * x; }
#endif
// All four value types, in and out.
EXPORT("scale") double scale(double x, float y, int64_t z) { return x * y + (double)z; }

static unsigned calls;

EXPORT("execute") int32_t execute(const char *input, int32_t len) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  unsigned char r[4];
  if (getentropy(r, sizeof r)) return -1;
#ifdef CHANGED_ARG
  int64_t value = host_value(len + 1);
#else
  int64_t value = host_value(len);
#endif
  char *note = host_note(8);
  ++calls;
  printf("call %u: \"%.*s\" at %lld.%09ld random %02x%02x%02x%02x host %lld note %s\n",
         calls, (int)len, input, (long long)ts.tv_sec, ts.tv_nsec, r[0], r[1], r[2],
         r[3], (long long)value, note);
  fflush(stdout);
  free(note);
  if (len >= 4 && !memcmp(input, "trap", 4)) __builtin_trap();
  int32_t sum = 0;
  for (int32_t i = 0; i < len; ++i) sum = sum * 31 + (unsigned char)input[i];
#ifdef CHANGED_RESULT
  sum += 1;
#endif
  return sum ^ r[0];
}
