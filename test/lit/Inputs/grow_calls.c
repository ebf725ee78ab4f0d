// Grows linear memory 1 MiB at a time while making the WASI calls the Node
// runner hands over directly (clock, random) and ones node:wasi allocates in
// (path_open, fd_write, path_unlink_file). node-fast-calls.test.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int steps = argc > 1 ? atoi(argv[1]) : 100;
  unsigned long sum = 0;
  for (int i = 0; i < steps; i++) {
    char *p = malloc(1 << 20);
    memset(p, i, 1 << 20);
    struct timespec ts, res;
    for (int k = 0; k < 1000; k++) {
      clock_gettime(CLOCK_MONOTONIC, &ts);
      sum += ts.tv_nsec & 1;
    }
    clock_getres(CLOCK_REALTIME, &res);
    unsigned char r[16];
    getentropy(r, sizeof r);
    sum += r[0];
    char name[32];
    snprintf(name, sizeof name, "/d/f%d", i);
    int fd = open(name, O_CREAT | O_WRONLY, 0644);
    if (fd < 0 || write(fd, p, 4096) != 4096 || close(fd) || unlink(name)) {
      perror(name);
      return 1;
    }
    if (i % 50 == 49) printf("step %d\n", i + 1);
  }
  printf("done, %lu\n", sum);
  return 0;
}
