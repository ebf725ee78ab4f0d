// One million 16-byte random_get calls (getentropy), as a program seeding
// many generators or making UUIDs does.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  uint64_t acc = 0;
  for (long i = 0; i < n; ++i) {
    uint64_t buf[2];
    if (getentropy(buf, sizeof buf) != 0)
      return 1;
    acc ^= buf[0] + buf[1];
  }
  printf("%ld random_get calls, checksum %llu\n", n, (unsigned long long)acc);
  return 0;
}
