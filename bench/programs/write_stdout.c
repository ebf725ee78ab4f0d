// Writes 100 MiB (or argv[1] MiB) to stdout in 4 KiB write() calls.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
  long mib = argc > 1 ? atol(argv[1]) : 100;
  static char buf[4096];
  for (size_t i = 0; i < sizeof buf; ++i)
    buf[i] = (char)('a' + i % 26);
  buf[sizeof buf - 1] = '\n';
  for (long i = 0; i < mib * 256; ++i) {
    // The payload changes, as real output does.
    buf[0] = (char)('A' + i % 26);
    for (size_t done = 0; done < sizeof buf;) {
      ssize_t n = write(1, buf + done, sizeof buf - done);
      if (n <= 0)
        return 1;
      done += (size_t)n;
    }
  }
  return 0;
}
