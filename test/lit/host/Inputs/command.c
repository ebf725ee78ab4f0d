// A WASI command (_start) that imports a function from its host: with
// --host, HOST.mjs gives the import (command-host.mjs has no main, so wrr
// runs _start as for any command), and its results are recorded.
#include <stdint.h>
#include <stdio.h>
#include <time.h>

__attribute__((import_module("env"), import_name("host_value"))) int64_t host_value(int32_t key);

int main(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    printf("%s: host %lld, clock %s\n", argv[i], (long long)host_value(i),
           ts.tv_nsec % 2 ? "odd" : "even");
  }
  return 0;
}
