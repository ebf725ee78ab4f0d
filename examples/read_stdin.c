// read_stdin: a cat-like filter. Copies stdin to stdout (fd_read/fd_write),
// uppercasing ASCII letters, and prints the byte count to stderr.
#include <ctype.h>
#include <stdio.h>
#include <unistd.h>

static int write_all(int fd, const unsigned char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

int main(void) {
  unsigned char buf[4096];
  unsigned long long total = 0, lines = 0;
  for (;;) {
    ssize_t n = read(0, buf, sizeof buf);
    if (n < 0) {
      perror("read");
      return 1;
    }
    if (n == 0) break;
    for (ssize_t i = 0; i < n; i++) {
      if (buf[i] == '\n') lines++;
      buf[i] = (unsigned char)toupper(buf[i]);
    }
    if (write_all(1, buf, (size_t)n) != 0) {
      perror("write");
      return 1;
    }
    total += (unsigned long long)n;
  }
  fprintf(stderr, "read_stdin: %llu bytes, %llu lines\n", total, lines);
  return 0;
}
