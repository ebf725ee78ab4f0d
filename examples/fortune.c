// fortune: the README's demo. Reads the clock and random numbers, so two
// plain runs print different things; a replay prints what the recording did.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static const char *const kFortunes[] = {
    "a bug you cannot reproduce is a bug you cannot fix",
    "the trace remembers what the clock forgot",
    "today's randomness is tomorrow's test case",
    "record once, debug forever",
};

int main(void) {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  char date[64];
  time_t secs = now.tv_sec;
  strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", gmtime(&secs));
  uint32_t lucky = arc4random_uniform(100);
  printf("it is %s.%09ld UTC\n", date, now.tv_nsec);
  printf("your lucky number is %u\n", lucky);
  printf("fortune: %s\n", kFortunes[arc4random_uniform(4)]);
  return 0;
}
